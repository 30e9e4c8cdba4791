"""`schemac import --rows TABLE`: the tables whose rows are written as
reference rows (`rows:`). The spec language has no mark for a reference
table, and a database cannot tell lookup data from application data, so
import writes rows only for the tables named (docs/import.md)."""

from __future__ import annotations

import dataclasses

import psycopg

from compiler.catalog.objects import Catalog, Constraint, Table
from compiler.errors import UsageError
from compiler.introspect.rows import table_rows


def named_tables(catalog: Catalog, names: list[str]) -> list[Table]:
    """The tables `names` name (`table` or `schema.table`), each with a
    primary key; a usage error listing each name that names none, or
    several, or one without a primary key."""
    tables = catalog.of_kind(Table)
    keyed = {c.table_key for c in catalog.of_kind(Constraint) if c.kind == "primary_key"}
    found, problems = [], []
    for name in dict.fromkeys(names):
        schema, _, table = name.rpartition(".")
        matches = [t for t in tables if t.name == table and (not schema or t.schema == schema)]
        if not matches:
            problems.append(f"`{name}`: no such table among the imported ones")
        elif len(matches) > 1:
            problems.append(f"`{name}`: tables of several schemas have this name "
                            f"({', '.join(f'{t.schema}.{t.name}' for t in matches)}): write `schema.table`")
        elif matches[0].key not in keyed:
            problems.append(f"`{name}`: the table has no primary key, by which reference rows are kept")
        else:
            found.append(matches[0])
    if problems:
        raise UsageError("--rows: " + "; ".join(problems))
    return found


def with_rows(conn: psycopg.Connection, catalog: Catalog, names: list[str]) -> Catalog:
    """`catalog` with the rows of the tables `names` name, as reference rows."""
    keys = {c.table_key: c for c in catalog.of_kind(Constraint) if c.kind == "primary_key"}
    rows = []
    for table in named_tables(catalog, names):
        key = keys[table.key]
        rows += [dataclasses.replace(r, key_name=key.name) for r in table_rows(conn, table, key.columns)]
    return dataclasses.replace(catalog, objects=catalog.objects + tuple(rows))
