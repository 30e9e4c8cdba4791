"""Spec models -> one Catalog.

Steps: order the domains (by `depends_on` where it is given, then by name:
the order only breaks ties, as the migration is ordered by what objects
use); register every named object, under its own schema (`schema.name`
keys) or the domain's, so lookups find it; resolve each
table (mixins merged, types normalised, expressions checked, names generated
the way PostgreSQL would); check foreign key targets; check name rules over the
whole catalog. Every mistake is collected, then all are raised together.
"""

from __future__ import annotations

from compiler.catalog.foreign_keys import ForeignKeyResolver
from compiler.catalog.name_rules import check_names
from compiler.catalog.object_cycles import check_object_cycles
from compiler.catalog.objects import Catalog, Column, Enum, Extension, ExternalTable, Schema, TypeRef
from compiler.catalog.partitions import check_unlogged_references
from compiler.catalog.pg_builtins import RELATIONS as SYSTEM_RELATIONS
from compiler.catalog.programmable import Function, RowSecurity
from compiler.catalog.resolve_programmable import resolve_programmable
from compiler.catalog.resolve_types import TypeResolver, aggregate_names, link_users
from compiler.catalog.rows import RowResolver, with_row_dependencies
from compiler.catalog.scope import DomainScope, Entry, Origin, Scopes
from compiler.catalog.sequences import SequenceResolver, declared_sequences
from compiler.catalog.tables import ResolvedTable, TableResolver, source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.load import LoadedDomain
from compiler.spec.models import ProjectSpec

DEFAULT_SCHEMA = "public"


def resolve(domains: list[LoadedDomain], settings: ProjectSpec, collector: ErrorCollector) -> Catalog:
    ordered = order_domains(domains, collector)
    scopes = Scopes()
    created = created_schemas(domains)
    for domain in ordered:
        scopes.by_domain[domain.name] = _register(domain, created, collector)
    schemas: dict[str, Schema] = {}
    extensions: dict[str, Extension] = {}
    enums: list[Enum] = []
    externals: dict[tuple[str, str], ExternalTable] = {}
    tables: dict[tuple[str, str], ResolvedTable] = {}
    table_resolver = TableResolver(scopes, collector, settings.postgres.min_version)
    for domain in ordered:
        scope = scopes.by_domain[domain.name]
        for part in domain.parts:
            root = Origin(part.document, ())
            named = ([(part.spec.schema_, root.at("schema"))] if part.spec.schema_ else []) + \
                [(schema, root.at("schemas", i)) for i, schema in enumerate(part.spec.schemas)]
            named += [(x.schema_, root.at("extensions", i, "schema")) for i, x in enumerate(part.spec.extensions)]
            for schema, origin in named:
                if _case_clash(schema, origin, schemas, collector):
                    continue
                if schema != DEFAULT_SCHEMA and schema not in schemas:
                    schemas[schema] = Schema(schema, source_of(origin))
            for i, spec in enumerate(part.spec.extensions):
                extension = Extension(spec.name, spec.schema_, source_of(root.at("extensions", i)))
                first = extensions.setdefault(spec.name, extension)
                if first.schema != extension.schema:
                    collector.add(root.at("extensions", i).error(
                        f"extension `{spec.name}` is installed in schema `{first.schema}` by {first.source.file}:"
                        f"{first.source.line}, and in `{extension.schema}` here",
                        "an extension is installed once per database; give it the same `schema:` everywhere"))
        for entry in scope.enums.values():
            spec = entry.spec
            enums.append(Enum(entry.schema, entry.name, tuple(spec.labels), spec.comment, source_of(entry.origin),
                              renamed_from=spec.renamed_from, value_renames=tuple(spec.value_renames.items()),
                              remap=tuple(spec.remap.items())))
        for entry in scope.external_tables.values():
            externals[(entry.schema, entry.name)] = _external(entry, table_resolver)
    for (schema, name), external in sorted(externals.items()):
        if schema in schemas:
            entry = next(s.external_tables[(schema, name)] for s in scopes.by_domain.values()
                         if (schema, name) in s.external_tables)
            created = schemas[schema].source
            collector.add(entry.origin.error(
                f"external table `{name}` is in schema `{schema}`, which the migrations create "
                f"({created.file}:{created.line}): a table that exists already needs its schema to exist already",
                f"qualify it with the schema it lives in (`other_schema.{name}`), or make it a table of the specs",
                at_key=True))
    entries = {}
    twins: list[ResolvedTable] = []  # a second table of a name, for the name rules to report
    for domain in ordered:
        for entry in scopes.by_domain[domain.name].tables.values():
            resolved = table_resolver.resolve(entry)
            if resolved is None:
                continue
            if (entry.schema, entry.name) in tables:
                twins.append(resolved)
                continue
            tables[(entry.schema, entry.name)] = resolved
            entries[(entry.schema, entry.name)] = entry
    programmable, external_functions, external_roles = resolve_programmable(
        ordered, scopes, tables, entries, table_resolver, collector, settings.postgres.min_version, externals,
        settings.privileges.functions_executable_by_public, aggregate_names(ordered, scopes))
    made = TypeResolver(scopes, collector, table_resolver.columns,
                        [o for o in programmable if isinstance(o, Function)]).resolve(ordered)
    fk_resolver = ForeignKeyResolver(scopes, collector, tables, externals)
    objects = list(schemas.values()) + list(extensions.values()) + enums + made + programmable
    objects += SequenceResolver(scopes, collector).resolve(declared_sequences(scopes, collector), tables)
    foreign_keys = []
    for resolved in tables.values():
        objects += [resolved.table, *resolved.partitions, *resolved.constraints, *resolved.indexes,
                    *resolved.sequences]
        foreign_keys += [c for c in (fk_resolver.resolve(fk) for fk in resolved.foreign_keys) if c]
    objects += foreign_keys
    objects += _reference_rows(tables, entries, foreign_keys, programmable, table_resolver, collector)
    objects = link_users(objects, made, scopes)  # what calls an aggregate or casts to a type is made after it
    named = objects + [o for twin in twins
                       for o in (twin.table, *twin.partitions, *twin.constraints, *twin.indexes, *twin.sequences)]
    external_types = sorted({t for scope in scopes.by_domain.values() for t in scope.external_types})
    accepted = tuple((key, source_of(Origin(part.document, ("accept_destructive", i))))
                     for domain in ordered for part in domain.parts
                     for i, key in enumerate(part.spec.accept_destructive))
    accepted_locks = tuple((key, source_of(Origin(part.document, ("accept_locks", i))))
                           for domain in ordered for part in domain.parts
                           for i, key in enumerate(part.spec.accept_locks))
    catalog = Catalog(tuple(objects), tuple(externals.values()), tuple(external_types), tuple(external_functions),
                      tuple(external_roles), accepted_destructive=accepted, accepted_locks=accepted_locks)
    check_names(named, collector)
    check_unlogged_references(objects, collector)
    check_object_cycles(catalog, collector)
    return catalog


def _reference_rows(tables: dict, entries: dict, foreign_keys: list, programmable: list,
                    table_resolver: TableResolver, collector: ErrorCollector) -> list:
    """The tables' `rows:`, each knowing the rows its foreign key values name."""
    def labels(type_ref):
        spec = table_resolver.enum_of(type_ref)
        return spec.labels if spec is not None else None
    forced = {o.table_key for o in programmable if isinstance(o, RowSecurity) and o.forced}
    resolver = RowResolver(collector, labels)
    rows = [row for key, resolved in tables.items()
            for row in resolver.rows(entries[key], resolved.table, resolved.constraints,
                                     resolved.table.key in forced)]
    return with_row_dependencies(rows, {r.table.key: r.table for r in tables.values()}, foreign_keys) if rows else []


def _case_clash(schema: str, origin: Origin, schemas: dict, collector: ErrorCollector) -> bool:
    """A schema name that differs only in case from `public` or from another
    managed schema is an error: PostgreSQL would create a second schema
    ("Public" next to public)."""
    others = [DEFAULT_SCHEMA, *schemas]
    other = next((o for o in others if o.lower() == schema.lower() and o != schema), None)
    if other is None:
        return False
    collector.add(origin.error(
        f"schema `{schema}` differs only in case from schema `{other}`",
        f"PostgreSQL would create a second schema \"{schema}\" next to `{other}`; write `{other}`"))
    return True


def order_domains(domains: list[LoadedDomain], collector: ErrorCollector) -> list[LoadedDomain]:
    """Domains with every dependency before its dependents where `depends_on`
    says so, ties by name. Domains may depend on each other both ways: what
    orders the migration is what each object uses (a cycle of objects is
    an error, compiler/catalog/object_cycles.py), so a cycle of `depends_on`
    only orders the lookups."""
    by_name = {d.name: d for d in domains}
    for domain in domains:
        for part in domain.parts:
            for i, dep in enumerate(part.spec.depends_on):
                if dep not in by_name:
                    others = sorted(n for n in by_name if n != domain.name)
                    hint = suggest(dep, others) or (f"known domains: {', '.join(others)}" if others else
                                                    "no other domain is loaded; pass its spec too, or remove it")
                    collector.add(part.document.error(("depends_on", i), f"unknown domain `{dep}`", hint))
                elif dep == domain.name:
                    collector.add(part.document.error(("depends_on", i), "a domain cannot depend on itself", "remove it"))
    ordered: list[LoadedDomain] = []
    seen: set[str] = set()

    def visit(domain: LoadedDomain) -> None:
        if domain.name in seen:
            return
        seen.add(domain.name)
        for dep in sorted({d for p in domain.parts for d in p.spec.depends_on}):
            if dep in by_name:
                visit(by_name[dep])
        ordered.append(domain)

    for domain in sorted(domains, key=lambda d: d.name):
        visit(domain)
    return ordered


def created_schemas(domains: list[LoadedDomain]) -> set[str]:
    """The schemas the migrations create (every domain's `schema:` and
    `schemas:`), and public: those a qualified key may name."""
    return {DEFAULT_SCHEMA} | {s for domain in domains for part in domain.parts
                               for s in ([part.spec.schema_] if part.spec.schema_ else []) + part.spec.schemas}


def _register(domain: LoadedDomain, created: set[str], collector: ErrorCollector) -> DomainScope:
    schemas = {p.spec.schema_ for p in domain.parts if p.spec.schema_}
    if len(schemas) > 1:
        collector.add(domain.parts[0].document.error(("schema",), f"the files of domain `{domain.name}` name different schemas: "
                                                     f"{', '.join(sorted(schemas))}", "give the domain one default schema"))
    schema = sorted(schemas)[0] if schemas else DEFAULT_SCHEMA
    scope = DomainScope(domain, schema, sorted({d for p in domain.parts for d in p.spec.depends_on}))
    for part in domain.parts:
        scope.dropped |= part.dropped
        root = Origin(part.document, ())
        for kind in ("tables", "enums", "mixins", "domains", "types"):
            for key, spec in getattr(part.spec, kind).items():
                origin = root.at(kind, key)
                own_schema, _, name = key.rpartition(".")
                if own_schema and not _qualified_key_ok(kind, key, created, origin, collector):
                    scope.dropped.add((kind, name))
                    continue
                entry = Entry(domain.name, own_schema or schema, name, spec, origin, part)
                _add(getattr(scope, kind), entry, collector, name if kind == "mixins" else (entry.schema, name))
        for name, spec in part.spec.external.tables.items():
            ext_schema, _, bare = name.rpartition(".")
            if ext_schema in ("pg_catalog", "information_schema") and bare not in SYSTEM_RELATIONS:
                collector.add(root.at("external", "tables", name).error(
                    f"PostgreSQL has no system relation `{name}`",
                    f"{ext_schema} holds only PostgreSQL's own relations (which need no declaration); name the "
                    "schema the table really lives in", at_key=True))
                continue
            _add(scope.external_tables, Entry(domain.name, ext_schema or schema, bare, spec,
                                              root.at("external", "tables", name), part), collector,
                 (ext_schema or schema, bare))
        scope.external_types.extend(part.spec.external.types)
    return scope


_NOUNS = {"tables": "table", "enums": "enum", "domains": "domain", "types": "type"}


def _qualified_key_ok(kind: str, key: str, created: set[str], origin: Origin, collector: ErrorCollector) -> bool:
    """A `schema.name` key puts a table or enum in that schema, which the
    migrations must create (some domain's `schema:` or `schemas:`) or be
    public; mixins are not database objects and take plain names."""
    schema, _, name = key.rpartition(".")
    if kind == "mixins":
        collector.add(origin.error(f"a mixin name cannot hold a dot: `use: [{key}]` would look for mixin "
                                   f"`{name}` of a schema `{schema}`",
                                   "give the mixin a name without a dot (a mixin is not a database object)", at_key=True))
        return False
    if schema not in created:
        noun = _NOUNS[kind]
        collector.add(origin.error(
            f"`{key}` would put the {noun} in schema `{schema}`, which no domain creates",
            f"list `{schema}` under this domain's `schemas:`, or define the {noun} in a domain with "
            f"`schema: {schema}`. A name that really holds a dot cannot be written as a key", at_key=True))
        return False
    return True


def _add(registry: dict, entry: Entry, collector: ErrorCollector, key) -> None:
    if key in registry:
        first = registry[key]
        name = entry.origin.path[-1]  # the key as written
        collector.add(entry.origin.error(f"`{name}` is defined twice in domain `{entry.domain}`",
                                         f"the other definition is at {first.origin.document.file}:"
                                         f"{first.origin.document.locate(first.origin.path)[0]}", at_key=True))
        return
    registry[key] = entry


def _external(entry: Entry, resolver: TableResolver) -> ExternalTable:
    spec = entry.spec
    columns = []
    for name, column in spec.columns.items():
        type_ref = resolver.columns.resolve_type(entry.domain, column.type, entry.origin.at("columns", name, "type"), external=True)
        columns.append(Column(name, type_ref or TypeRef("text"), source=source_of(entry.origin.at("columns", name))))
    keys = [tuple(n for n, c in spec.columns.items() if c.primary_key)]
    keys += [(n,) for n, c in spec.columns.items() if c.unique]
    if spec.primary_key:
        keys.append(tuple(spec.primary_key.columns))
    keys += [tuple(u.columns) for u in spec.unique]
    return ExternalTable(entry.schema, entry.name, tuple(columns), tuple(k for k in keys if k), source_of(entry.origin))
