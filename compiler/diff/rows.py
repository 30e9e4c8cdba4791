"""Reference rows: a row whose values changed is upserted with its new values
(added and removed rows are creates and drops like any object's)."""

from __future__ import annotations

from compiler.catalog.rows import ReferenceRow
from compiler.ops.rows import UpdateRow


def row_changes(before: ReferenceRow, after: ReferenceRow, catalogs) -> list:
    return [UpdateRow(before, after)]


COMPARATORS = {ReferenceRow: row_changes}
