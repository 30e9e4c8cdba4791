"""The commands that read a live database: `inspect`, `drift`, and `plan` /
`generate` with `--database-url` (planned from the database's catalog
instead of generated/state.json). Exit codes as in compiler/cli.py."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from compiler.errors import UsageError
from compiler.gc_pause import with_collector_paused
from compiler.redact import masked_url

if TYPE_CHECKING:
    from compiler import api

EXIT_OK, EXIT_DRIFT = 0, 1


def add_commands(commands) -> None:
    inspect = commands.add_parser("inspect", help="print the catalog of a live database")
    inspect.add_argument("--database-url", required=True, help="the database to read")
    inspect.add_argument("--schema", action="append", dest="schemas", metavar="SCHEMA",
                         help="read only this schema (repeatable; default: every schema but PostgreSQL's own)")
    inspect.add_argument("--format", choices=["yaml", "json"], default="yaml")

    drift = commands.add_parser("drift", help="compare a live database with generated/state.json (or the specs)")
    from compiler.fleet import add_target_arguments
    add_target_arguments(drift, "compare")
    drift.add_argument("--format", choices=["text", "json", "github"], default="text",
                       help="github: GitHub Actions annotations at the spec line of each drifting object")
    drift.add_argument("--specs", action="store_true",
                       help="compare with the specs instead of the state the migrations promise")


def _check_url(args) -> None:
    from compiler.cli import _check_database_url
    _check_database_url(args.database_url)


def inspect(args) -> int:
    from compiler.catalog.state import to_data
    from compiler.introspect import inspect_url
    _check_url(args)
    data = to_data(inspect_url(args.database_url, args.schemas))
    if args.format == "json":
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        import yaml
        sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120))
    return EXIT_OK


def _expected(args, project):
    """The catalog the database should hold, what it is called, and the
    compiled specs when they were needed for it."""
    from compiler.generated import migration_dirs, previous_state
    from compiler.spec.load import display_path
    if args.specs:
        from compiler import api
        compiled = api.load(args.project)
        return compiled.catalog, "the specs", compiled
    generated = project.generated_dir
    existing = migration_dirs(generated)
    if not existing:
        raise UsageError("there is no migration in generated/ yet: compare with the specs (`schemac drift --specs`), "
                         "or generate the first migration")
    against = f"{display_path(generated / 'state.json')} (after {existing[-1].name})"
    return previous_state(generated), against, None


def _with_sources(found: list, compiled: api.Compiled | None, project_root) -> list:
    """Each difference with the spec line of its object. Against
    state.json the specs are read only when there is drift to point at;
    specs that do not compile give no lines (the drift is still reported)."""
    import dataclasses

    from compiler.errors import SpecErrors
    if compiled is None:
        try:
            from compiler import api
            compiled = api.load(project_root)
        except SpecErrors:
            return found
    sources = {o.key: o.source for o in compiled.catalog if o.source is not None}
    sources.update((f"column:{t.schema}.{t.name}.{c.name}", c.source or t.source)
                   for t in compiled.catalog.tables for c in t.columns)
    return [d if d.source is not None or d.key not in sources else dataclasses.replace(d, source=sources[d.key])
            for d in found]


@with_collector_paused
def drift(args) -> int:
    from compiler import fleet
    from compiler.introspect.drift import drift as differences
    from compiler.introspect.live import live_catalog
    from compiler.introspect.unread import not_read
    from compiler.spec.load import load_project
    if fleet.is_fleet(args):
        return fleet.run(args, args.argv)
    args.database_url = fleet.single_url(args)
    _check_url(args)
    project = load_project(args.project)
    expected, against, compiled = _expected(args, project)
    patterns = tuple(project.settings.ignore)
    live = live_catalog(args.database_url, expected, patterns)
    found = differences(live, expected, patterns)
    unread = not_read(expected)
    if unread:
        print("note: schemac does not read these from a database yet, so their drift is not known: "
              + "; ".join(unread), file=sys.stderr)
    if found:
        found = _with_sources(found, compiled, args.project)
    database = masked_url(args.database_url)
    if args.format == "json":
        print(json.dumps({"database": database, "against": against, "drift": bool(found),
                          "differences": [d.as_dict() for d in found]}, indent=2, sort_keys=True))
    elif args.format == "github":
        for line in github_lines(found):
            print(line)
    else:
        for line in drift_text(found, database, against):
            print(line)
    return EXIT_DRIFT if found else EXIT_OK


def _value(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def drift_text(found, database: str, against: str) -> list[str]:
    """The readable form of `schemac drift`, laid out like `schemac plan`."""
    if not found:
        return [f"no drift: the database {database} matches {against}"]
    counts = {kind: sum(1 for d in found if d.kind == kind) for kind in ("missing", "different", "unmanaged")}
    lines = [f"drift of the database {database} from {against}",
             f"  {len(found)} difference(s): " + ", ".join(f"{n} {kind}" for kind, n in counts.items()), ""]
    kind_width = max(len("drift"), *(len(d.kind) for d in found))
    lines.append(f"  {'drift':<{kind_width}}  key")
    for d in found:
        where = f"  ({d.source.file}:{d.source.line})" if d.source is not None else ""
        lines.append(f"  {d.kind:<{kind_width}}  {d.key}{where}")
        for name, expected, value in d.fields:
            lines.append(f"  {'':<{kind_width}}      {name}: expected {_value(expected)}, found {_value(value)}")
    return lines


def github_lines(found) -> list[str]:
    from compiler.cli import _github_escape
    lines = []
    for d in found:
        message = f"{d.kind}: {d.key}" + "".join(f"; {name}: expected {_value(e)}, found {_value(v)}"
                                                 for name, e, v in d.fields)
        where = ""
        if d.source is not None:
            where = (f" file={_github_escape(d.source.file, property_value=True)},line={d.source.line},"
                     f"col={d.source.column},")
        else:
            where = " "
        lines.append(f"::error{where}title={_github_escape('schemac drift', property_value=True)}::"
                     f"{_github_escape(message)}")
    return lines


def live_base(args, compiled: api.Compiled):
    """The live database's catalog in the specs' words (`ignore:` left out)."""
    from compiler.introspect.live import live_catalog
    _check_url(args)
    return live_catalog(args.database_url, compiled.catalog, tuple(compiled.project.settings.ignore))
