"""The SQL of introspection: one catalog query per object kind
(templates/introspect/), the session settings it reads under, and the script
that builds a catalog in a scratch database to learn PostgreSQL's normal form
of its SQL texts (compiler/introspect/normal_form.py)."""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Table
from compiler.catalog.programmable import Role
from compiler.render import harness
from compiler.render.deploy import HISTORY_SCHEMA
from compiler.render.env import render
from compiler.render.sql import literal, qualified, sql_type

# pg_get_expr and pg_get_viewdef qualify every name that is not on the search_path: with only
# pg_catalog on it, a live database and a scratch one print the same text for the same expression
INSPECT_SEARCH_PATH = "pg_catalog"

BEGIN_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"  # one consistent view for every query
INSPECT_SETTINGS = f"SET LOCAL search_path TO {INSPECT_SEARCH_PATH}"
COMMIT = "COMMIT"
ROLLBACK = "ROLLBACK"
SERVER_VERSION = "SELECT current_setting('server_version_num')::int"
# a second connection reads the same snapshot (compiler/introspect/fetch.py); a standby exports none
EXPORT_SNAPSHOT = "SELECT CASE WHEN pg_catalog.pg_is_in_recovery() THEN NULL ELSE pg_catalog.pg_export_snapshot() END"


def import_snapshot(snapshot: str) -> str:
    return f"SET TRANSACTION SNAPSHOT {literal(snapshot)}"


def catalog_query(kind: str, schemas: list[str], version: int, **context) -> str:
    """The query of one object kind (`templates/introspect/<kind>.sql.j2`)."""
    return render(f"introspect/{kind}.sql.j2", schemas=schemas, version=version, history_schema=HISTORY_SCHEMA,
                  **context)


def normal_form_build(target: Catalog, steps: list[str], search_path: str) -> str:
    """A transaction, left open for the caller to inspect and roll back, that
    builds `target` in an empty database: what it expects to exist
    (stand-ins), every role it names when missing (roles belong to the
    server: created inside the transaction, they vanish with it), then the
    steps of its migration from an empty database."""
    roles = sorted({r.name for r in target.of_kind(Role)} | set(target.external_roles))
    script = ["BEGIN;", f"SET LOCAL search_path TO {search_path};", harness.external_stand_ins(target)]
    script += [harness._create_role_if_missing(role) for role in roles]  # noqa: SLF001 - the stand-in form
    script += steps
    return "\n".join(script)


def database_exists(name: str) -> str:
    return f"SELECT 1 FROM pg_catalog.pg_database WHERE datname = {literal(name)}"


def partition_key_statement(definition: str) -> str:
    """A statement holding the key `pg_get_partkeydef` printed, for PostgreSQL's parser to read (never run)."""
    return f"CREATE TABLE t () PARTITION BY {definition}"


def partition_bound_statement(bound: str) -> str:
    """A statement holding the bound `pg_get_expr(relpartbound)` printed, for PostgreSQL's parser to read (never run)."""
    return f"CREATE TABLE t PARTITION OF p {bound}"


def reference_rows_query(table: Table, columns: list[str], key: tuple[str, ...],
                         rows: list[tuple[str | None, ...]]) -> str:
    """The query reading back the reference rows `rows` (their values of
    `columns`, None where NULL or not given) of `table`, matched by the
    primary key columns `key` (templates/introspect/reference_rows.sql.j2).
    Types are written as the migrations write them: run it under their
    search_path."""
    types = {c.name: sql_type(c.type) for c in table.columns}
    listed = [{"name": c, "type": types[c], "index": i} for i, c in enumerate(columns)]
    return render("introspect/reference_rows.sql.j2", table=qualified(table.schema, table.name), columns=listed,
                  key=[next(c for c in listed if c["name"] == k) for k in key], rows=rows)


def table_rows_query(table: Table, columns: list[str], key: tuple[str, ...], limit: int) -> str:
    """The query reading the rows of `table` (at most `limit`), `columns` as text, in primary key order."""
    return render("introspect/table_rows.sql.j2", table=qualified(table.schema, table.name), columns=columns,
                  key=key, limit=limit)


def search_path_setting(path: str) -> str:
    """`path`: schema names quoted already (compiler/render/migration.py `search_path`)."""
    return f"SET LOCAL search_path TO {path}"
