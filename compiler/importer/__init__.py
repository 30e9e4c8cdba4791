"""`schemac import`: a catalog (a live database's, or any other) written as
spec files a person would write, the inverse of resolving:
resolve(write(catalog)) == catalog, object by object.

Each kind module (`tables`, `routines`, `security`, `user_types`) has
`WRITERS: {catalog class: writer}`; a writer turns one object into
`Placement`s (compiler/importer/placement.py) using the `WriteContext`
(compiler/importer/context.py), or raises `Unexpressible`. A kind module may
also have `CATALOG_WRITERS`: functions of the context alone, for what is
not one object (the `external:` types, the domains' headers)."""

from __future__ import annotations

import importlib
from typing import Callable

from compiler.catalog.user_types import type_key
from compiler.importer.context import Unexpressible, Unsupported, WriteContext  # noqa: F401
from compiler.importer.placement import Placement, merge  # noqa: F401

WriterFn = Callable[[object, WriteContext], list[Placement]]

KIND_MODULES = ("tables", "routines", "security", "user_types", "rows")


def _gather() -> tuple[dict[type, WriterFn], tuple]:
    """The writers of the kind modules that exist (they are added one by one)."""
    writers: dict[type, WriterFn] = {}
    catalog_writers: list = []
    for name in KIND_MODULES:
        try:
            module = importlib.import_module(f"compiler.importer.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"compiler.importer.{name}":
                raise
            continue
        writers.update(getattr(module, "WRITERS", {}))
        catalog_writers.extend(getattr(module, "CATALOG_WRITERS", ()))
    return writers, tuple(catalog_writers)


WRITERS, CATALOG_WRITERS = _gather()


class ImportResult:
    """The files of the specs (path relative to the project -> text) and
    the objects that could not be written (`Unsupported`), sorted."""

    def __init__(self, files: dict[str, str], unsupported: tuple) -> None:
        self.files = files
        self.unsupported = unsupported

    def report(self) -> str:
        """The text of import-report.txt: one line per object not written."""
        lines = ["# objects of the database that the specs cannot express, so `schemac import` did not write them",
                 "# (kind, name: why)"]
        return "\n".join(lines + self.lines()) + "\n"

    def lines(self) -> list[str]:
        """`kind name: why` of each object not written."""
        return [f"{u.kind} {u.name}: {u.reason}" for u in self.unsupported]


def write(catalog, *, outside=(), group: str = "schema") -> tuple[dict[str, dict], list[Unsupported]]:
    """The spec documents of `catalog` (domain -> plain dict) and what could
    not be written. `outside`: tables of other schemas that foreign keys
    reference, declared under `external:`."""
    from compiler.importer import tables
    from compiler.importer.context import object_kind, object_name
    ctx = WriteContext.build(catalog, group, outside)
    written: list[tuple[object, list[Placement]]] = []
    problems: list[Unsupported] = []
    failed: set[str] = set()
    for obj in (*catalog.objects, *catalog.external_tables, *catalog.external_functions):
        writer = WRITERS.get(type(obj))
        try:
            if writer is None:
                raise Unexpressible("schemac import cannot write this kind yet")
            written.append((obj, writer(obj, ctx)))
        except Unexpressible as exc:
            problems.append(Unsupported(object_kind(obj), object_name(obj), str(exc)))
            failed.add(getattr(obj, "key", ""))
    placements: list[Placement] = []
    parents = {id(obj): _parents(obj) for obj, _ in written}
    while True:  # what stands on an object not written is not written either (a table's index ...)
        kept = []
        for obj, made in written:
            lost = parents[id(obj)] & failed
            if lost:
                problems.append(Unsupported(object_kind(obj), object_name(obj),
                                            f"it needs {min(lost)}, which is not written"))
                failed.add(obj.key)
            else:
                kept.append((obj, made))
        if len(kept) == len(written):
            break
        written = kept
    for _, made in written:
        placements += made
    if ctx.table_domains:
        placements = [_in_table_domain(p, ctx) for p in placements]
    for writer in CATALOG_WRITERS:
        placements += writer(ctx)
    placements += tables.external_types(ctx)
    problems += ctx.problems
    return merge(placements), sorted(set(problems), key=lambda u: (u.kind, u.name, u.reason))


def import_catalog(catalog, *, unsupported=(), outside=(), group: str = "schema", settings: dict | None = None,
                   schema_path: str = "../spec.schema.json") -> ImportResult:
    """`catalog` as spec files `specs/<domain>.yaml` and `schemac.yaml`
    (holding `settings`, e.g. `{"postgres": {"min_version": 18}}`);
    `unsupported`: what the database holds that the catalog could not
    (compiler/introspect), reported with what the writers could not write."""
    from compiler.importer.context import file_name
    from compiler.importer.yaml_text import dump
    documents, problems = write(catalog, outside=outside, group=group)
    taken: set[str] = set()
    files = {f"specs/{file_name(domain, taken)}.yaml": dump(document, schema_path)
             for domain, document in documents.items()}
    files["schemac.yaml"] = project_file(settings or {})
    # an object both name (a definer without a search_path) is listed once, as the writers name it (its key)
    everything, seen = [], set()
    for u in [*sorted(problems, key=_order), *sorted(unsupported, key=_order)]:
        same = (u.kind, u.name.replace(" ", ""))
        if same not in seen:
            seen.add(same)
            everything.append(u)
    return ImportResult(files, tuple(sorted(everything, key=_order)))


def _order(u) -> tuple:
    return (u.kind, u.name, u.reason)


def project_file(settings: dict) -> str:
    """schemac.yaml of an imported project."""
    from compiler.importer.yaml_text import dump
    head = "# written by `schemac import`: the project's settings (docs/spec-language.md, Files)\n"
    return head + (dump(settings) if settings else "{}\n")


def _parents(obj) -> set[str]:
    """The keys of the objects `obj` is written within or names (its table,
    the table its foreign key references, the types of its columns, what
    its SQL texts call)."""
    keys = {getattr(obj, "table_key", None), getattr(obj, "parent_key", None), getattr(obj, "ref_table_key", None),
            getattr(obj, "on", None)}  # the object a grant or an owner is of
    columns = [c for c in getattr(obj, "columns", ()) or () if hasattr(c, "type")]
    keys |= {type_key(c.type) for c in columns}
    keys |= {*getattr(obj, "depends_on", ()), *(k for c in columns for k in c.depends_on)}
    keys.discard(getattr(obj, "key", None))
    return {k for k in keys if k}


def _in_table_domain(placement: Placement, ctx: WriteContext) -> Placement:
    """A placement under a table (`tables: {t: ...}`) in the domain of the
    table, whichever domain its writer named (grouped by prefix)."""
    if len(placement.path) < 2 or placement.path[0] != "tables" or placement.domain in ctx.depends:
        return placement
    schema, _, name = placement.path[1].rpartition(".")
    schema = schema or ctx.schema_of(placement.domain)
    domain = ctx.table_domains.get((schema, name))
    if domain is None or domain == placement.domain:
        return placement
    path = ("tables", ctx.key_name(domain, schema, name)) + placement.path[2:]
    return Placement(domain, path, placement.value, placement.append, placement.order)
