"""`schemac import`: a live database written as a schemac project (specs/,
schemac.yaml), the start of adopting an existing database. Exit codes as in
compiler/cli.py: 0 written; 1 objects the specs cannot express (listed,
nothing written, unless --skip-unsupported); 2 usage; 3 database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from compiler.errors import UsageError
from compiler.gc_pause import with_collector_paused

EXIT_OK, EXIT_UNSUPPORTED = 0, 1
REPORT = "import-report.txt"
SCHEMA_FILE = "spec.schema.json"


def add_command(commands) -> None:
    command = commands.add_parser(
        "import", help="write the specs of an existing database (adopting it)",
        description="Read a live database and write spec files a person would write: one domain per schema, "
                    "short forms where they apply, generated names left out. Objects the specs cannot express "
                    "are listed (exit 1) unless --skip-unsupported.")
    command.add_argument("--database-url", help="the database to read")
    from compiler.database.load_sql import add_sql_arguments
    add_sql_arguments(command)  # --sql FILE|DIR ..., --scratch-server URL
    command.add_argument("--schema", action="append", dest="schemas", metavar="SCHEMA",
                         help="import only this schema (repeatable; default: every schema but PostgreSQL's own)")
    command.add_argument("--out", required=True, type=Path, metavar="DIR",
                         help="the project folder to write (schemac.yaml, specs/)")
    command.add_argument("--group", choices=["schema", "prefix"], default="schema",
                         help="one domain per schema (default), or besides one per group of tables whose names "
                              "share a prefix (billing_invoices, billing_payments: domain billing)")
    command.add_argument("--skip-unsupported", action="store_true",
                         help=f"write the specs even when some objects cannot be expressed, listing them in {REPORT}")
    command.add_argument("--rows", action="append", default=[], metavar="TABLE",
                         help="write the rows of this table as its reference rows (`rows:`; repeatable; `table` or "
                              "`schema.table`; a table with a primary key and at most 1,000 rows); by default no "
                              "rows are written")
    command.add_argument("--force", action="store_true", help="write over the files of an earlier import")


def _check_args(args) -> None:
    if bool(args.database_url) == bool(args.sql):
        raise UsageError("schemac import reads either a database (--database-url URL) or SQL files "
                         "(--sql FILE|DIR ...): give one of them")
    if args.scratch_server and not args.sql:
        raise UsageError("--scratch-server goes with --sql (the server to load the SQL files on)")
    from compiler.cli import _check_database_url
    _check_database_url(args.database_url or args.scratch_server)


def _settings(catalog, version: int) -> dict:
    """schemac.yaml's settings: the server's major version as
    `postgres.min_version` when the catalog uses what PostgreSQL 14 lacks."""
    from compiler.catalog.objects import Column, Constraint, Index
    from compiler.importer.routines import needs_version
    needs = 14
    for obj in catalog.objects:
        if isinstance(obj, Constraint) and (obj.without_overlaps or obj.period):
            needs = max(needs, 18)
        if isinstance(obj, (Constraint, Index)) and obj.nulls_not_distinct:
            needs = max(needs, 15)
        needs = max(needs, needs_version(obj))
        for column in getattr(obj, "columns", ()) or ():
            if isinstance(column, Column) and column.virtual:
                needs = max(needs, 18)
    if needs == 14:
        return {}
    return {"postgres": {"min_version": max(needs, min(version // 10000, 18))}}


def _outside_tables(url: str, catalog) -> list:
    """The tables of other schemas that the catalog's foreign keys reference."""
    from compiler.introspect import inspect_url
    keys = {c.ref_table_key for c in catalog.constraints if c.kind == "foreign_key"} - set(catalog.by_key())
    if not keys:
        return []
    schemas = sorted({key.partition(":")[2].partition(".")[0] for key in keys})
    found = inspect_url(url, schemas, require=False)
    return [t for t in found.tables if t.key in keys]


def _outside_functions(url: str, catalog):
    """`catalog` with the functions of other schemas that its SQL texts call
    (`auth.uid()`) among its external functions, as the database defines them."""
    import dataclasses

    from compiler.catalog.programmable import ExternalFunction, Function
    from compiler.importer.routines import called_outside
    from compiler.introspect import inspect_url
    wanted = called_outside(catalog)
    if not wanted:
        return catalog
    found = inspect_url(url, sorted({schema for schema, _ in wanted}), require=False)
    functions = {}  # one declaration per name, as the specs declare them: the first overload by key
    for f in found.of_kind(Function):
        if (f.schema, f.name) in set(wanted) and (f.schema, f.name) not in functions:
            functions[(f.schema, f.name)] = ExternalFunction(
                f.schema, f.name, tuple(a.type for a in f.args if a.mode != "out"),
                (f.returns.type or f.returns.setof) if f.returns is not None else None)
    return dataclasses.replace(catalog, external_functions=catalog.external_functions + tuple(functions.values()))


def _refuse_overwrite(out: Path, files: dict[str, str], force: bool) -> None:
    existing = sorted(name for name in files if (out / name).exists())
    others = sorted(p.name for p in (out / "specs").glob("*.yaml")) if (out / "specs").is_dir() else []
    if (existing or others) and not force:
        shown = ", ".join(existing or [f"specs/{n}" for n in others][:5])
        raise UsageError(f"{out} holds a project already ({shown}): import writes a new one; "
                         "choose another --out, or pass --force to write over its files")


def _write(out: Path, files: dict[str, str]) -> None:
    for name, text in sorted(files.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@with_collector_paused
def run(args) -> int:
    _check_args(args)
    _refuse_overwrite(args.out, {"schemac.yaml": ""}, args.force)
    if not args.sql:
        return _import(args, args.database_url)
    from compiler.database.load_sql import load_sql
    with load_sql(args.sql, args.scratch_server) as loaded:
        for note in loaded.notes:
            print(f"note: {note}", file=sys.stderr)
        return _import(args, loaded.url)


def _import(args, url: str) -> int:
    """Import the database at `url` (the one given, or the SQL files' scratch database)."""
    from compiler.importer import import_catalog
    from compiler.introspect import inspect_connection, open_connection
    from compiler.introspect.unsupported import find_unsupported
    from compiler.spec.jsonschema import spec_json_schema
    with open_connection(url) as conn:
        catalog = inspect_connection(conn, args.schemas, every_role=True)  # the database's default privileges
        version = conn.info.server_version
        if args.rows:
            from compiler.importer.reference_tables import with_rows
            catalog = with_rows(conn, catalog, args.rows)
        beyond = find_unsupported(conn, args.schemas)  # what the spec language has no words for
    outside = _outside_tables(url, catalog)
    catalog = _outside_functions(url, catalog)
    result = import_catalog(catalog, unsupported=beyond, outside=outside, group=args.group,
                            settings=_settings(catalog, version), schema_path=f"../{SCHEMA_FILE}")
    files = dict(result.files)
    files[SCHEMA_FILE] = json.dumps(spec_json_schema(), indent=2, sort_keys=True) + "\n"
    out: Path = args.out
    if result.unsupported and not args.skip_unsupported:
        print(f"schemac import: {len(result.unsupported)} object(s) of the database cannot be written as specs, "
              "so nothing was written:", file=sys.stderr)
        for line in result.lines():
            print(f"  {line}", file=sys.stderr)
        print(f"hint: pass --skip-unsupported to write the specs without them (listed in {REPORT}), "
              "and manage them outside schemac", file=sys.stderr)
        return EXIT_UNSUPPORTED
    if result.unsupported:
        files[REPORT] = result.report()
    _refuse_overwrite(out, files, args.force)
    _write(out, files)
    specs = sorted(name for name in files if name.startswith("specs/"))
    print(f"wrote {len(specs)} spec file(s) to {out / 'specs'}: {', '.join(Path(s).name for s in specs)}")
    if result.unsupported:
        print(f"left out {len(result.unsupported)} object(s) the specs cannot express: see {out / REPORT}")
    print(f"next: `schemac -C {out} generate --name baseline` writes the migration that builds this database")
    return EXIT_OK
