"""Reference rows: a row whose values changed is upserted with its new values
(added and removed rows are creates and drops like any object's).

A table whose rows are keyed by other columns than before (its primary key
changed) is refused: the new rows would be written before the old ones are
deleted by their old key, which could then match the new rows too."""

from __future__ import annotations

from compiler.catalog.rows import ReferenceRow
from compiler.errors import UsageError
from compiler.ops.rows import UpdateRow


def row_changes(before: ReferenceRow, after: ReferenceRow, catalogs) -> list:
    return [UpdateRow(before, after)]


def refuse_rekeyed(before: dict, after: dict) -> None:
    """Refuse a table whose reference rows (on both sides) changed key columns."""
    keys_before = {r.table_key: r.key_columns for r in before.values() if isinstance(r, ReferenceRow)}
    keys_after = {r.table_key: r.key_columns for r in after.values() if isinstance(r, ReferenceRow)}
    changed = sorted(t for t in keys_before.keys() & keys_after.keys() if keys_before[t] != keys_after[t])
    if changed:
        table = changed[0].removeprefix("table:")
        raise UsageError(
            f"the reference rows of {table} are keyed by ({', '.join(keys_after[changed[0]])}) now, by "
            f"({', '.join(keys_before[changed[0]])}) before: schemac cannot tell which old row is which new one. "
            "Change the primary key in two migrations: first without `rows:` (the rows are deleted), then with them")


COMPARATORS = {ReferenceRow: row_changes}
