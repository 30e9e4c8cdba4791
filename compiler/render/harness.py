"""SQL for the test harness: scratch databases, stand-ins for external
tables, and an inventory of every user object (to prove down.sql leaves the
database as it found it)."""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Column, Constraint, Table
from compiler.ops import CreateTable
from compiler.render.env import render
from compiler.render.migration import render_op
from compiler.render.sql import ident


def create_database(name: str) -> str:
    return f"CREATE DATABASE {ident(name)}"


def drop_database(name: str, force: bool) -> str:
    return f"DROP DATABASE IF EXISTS {ident(name)}" + (" WITH (FORCE)" if force else "")


def external_stand_ins(catalog: Catalog) -> str:
    """CREATE statements for the external tables a catalog references: their
    declared columns, keyed on the columns foreign keys point at."""
    referenced: dict[str, list[tuple[str, ...]]] = {}
    for fk in catalog.constraints:
        if fk.kind == "foreign_key":
            referenced.setdefault(fk.ref_table_key.replace("table:", "external_table:", 1), []).append(fk.ref_columns)
    schemas = sorted({t.schema for t in catalog.external_tables} - {"public"})
    statements = [f"CREATE SCHEMA IF NOT EXISTS {ident(s)};\n" for s in schemas]
    for external in catalog.external_tables:
        keys = list(external.key_columns) or list(dict.fromkeys(referenced.get(external.key, [])))
        constraints = tuple(Constraint(external.schema, external.name, f"{external.name}_stand_in_key{n}",
                                       "primary_key" if n == 0 else "unique", tuple(cols))
                            for n, cols in enumerate(dict.fromkeys(keys)))
        columns = tuple(Column(c.name, c.type, nullable=not any(c.name in k for k in keys)) for c in external.columns)
        statements.append(render_op(CreateTable(Table(external.schema, external.name, columns), constraints)))
    return "".join(statements)


def list_roles() -> str:
    return "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' ORDER BY 1"


def drop_role(name: str) -> str:
    return f"DROP ROLE IF EXISTS {ident(name)}"


def inventory() -> str:
    return render("harness/inventory.sql.j2")
