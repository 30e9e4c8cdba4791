"""verify.sql's check of reference rows: each row present in its table, and
each column it gives holding its value, compared as text after PostgreSQL
reads the specs' value as the column's type (`'01'::integer` is `1`). Run
in a DO block, one sub-block per row, so a table that is gone (reported as
such) makes a row of its own instead of stopping the script."""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Table
from compiler.catalog.rows import ReferenceRow
from compiler.render.env import render
from compiler.render.sql import ident, literal, qualified, sql_type


def row_checks(catalog: Catalog) -> str | None:
    """The body of the DO block, or None when the specs hold no rows."""
    rows = catalog.of_kind(ReferenceRow)
    if not rows:
        return None
    tables = {t.key: t for t in catalog.of_kind(Table)}
    return "BEGIN\n" + "".join(_check(row, tables[row.table_key]) for row in rows) + "END\n"


def _typed(value: str | None, type_text: str) -> str:
    return "NULL::text" if value is None else f"CAST({literal(value)} AS {type_text})::text"


def _check(row: ReferenceRow, table: Table) -> str:
    types = {c.name: sql_type(c.type) for c in table.columns}
    where = " AND ".join(f"r.{ident(c)} = CAST({literal(row.value(c))} AS {types[c]})" for c in row.key_columns)
    columns = [{"name": c, "expected": _typed(v, types[c])} for c, v in zip(row.columns, row.values)
               if c not in row.key_columns]
    if not columns:
        columns = [{"name": c, "expected": _typed(row.value(c), types[c])} for c in row.key_columns]
    return render("verify/row_checks.sql.j2", label=f"row {qualified(row.schema, row.table)} {row.label}",
                  table=qualified(row.schema, row.table), where=where, columns=columns)
