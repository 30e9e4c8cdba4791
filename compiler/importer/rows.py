"""The writer of reference rows (`rows:` of a table), for the tables
`schemac import --rows` names: one mapping of column to value per row, in
primary key order. Values are the text PostgreSQL prints; an integer or a
boolean is written plain (`10`, `true`), which the spec language reads as
the same text."""

from __future__ import annotations

import re

from compiler.catalog.rows import ReferenceRow
from compiler.importer.context import WriteContext
from compiler.importer.placement import Placement
from compiler.importer.tables import _table_path

_INTEGER = re.compile(r"^(0|-?[1-9][0-9]{0,17})$")  # YAML reads it back as the same text


def _plain(value: str | None):
    if value is None:
        return None
    if _INTEGER.match(value):
        return int(value)
    if value in ("true", "false"):
        return value == "true"
    return value


def _order(values: tuple[str, ...]) -> str:
    """Primary key order of a row among its table's: integers by value."""
    return "\x00".join(f"0{int(v) + 10 ** 19:020d}" if _INTEGER.match(v) else f"1{v}" for v in values)


def row(obj: ReferenceRow, ctx: WriteContext) -> list[Placement]:
    domain, path = _table_path(ctx, obj.schema, obj.table)
    value = {column: _plain(v) for column, v in zip(obj.columns, obj.values)}
    return [Placement(domain, path + ("rows",), value, append=True, order=_order(obj.key_values))]


WRITERS = {ReferenceRow: row}
