"""Reference rows: insert (INSERT ... ON CONFLICT DO UPDATE), change (the
same statement with the new values) and delete, each the other's reverse."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.rows import ReferenceRow
from compiler.ops.base import Op


def _requires(row: ReferenceRow) -> tuple[str, ...]:
    """The table, its primary key (the ON CONFLICT target), the columns the
    row writes (added, renamed or retyped in the same migration first), and
    the rows its foreign key values name."""
    columns = [f"column:{row.schema}.{row.table}.{c}" for c in row.columns]
    key = (f"constraint:{row.schema}.{row.table}.{row.key_name}",) if row.key_name else ()
    return (row.table_key, *key, *columns, *(c + ":type" for c in columns), *row.depends_on)


@dataclass(frozen=True)
class InsertRow(Op):
    row: ReferenceRow
    template = "upsert_row"
    phase = 9

    @property
    def key(self):
        return self.row.key

    def requires(self):
        return _requires(self.row)

    table_locks = ()  # ROW EXCLUSIVE: blocks no reader or writer

    def reverse(self):
        return DeleteRow(self.row)


@dataclass(frozen=True)
class DeleteRow(Op):
    """DELETE of a reference row the specs no longer hold (down.sql: of one
    up.sql inserted). Not destructive: the row is the specs' own data, and
    the reverse puts it back as the specs wrote it."""

    row: ReferenceRow
    template = "delete_row"
    creates = False

    @property
    def key(self):
        return self.row.key

    table_locks = ()  # ROW EXCLUSIVE: blocks no reader or writer

    def reverse(self):
        return InsertRow(self.row)


@dataclass(frozen=True)
class UpdateRow(Op):
    """A reference row whose values changed: the upsert of its new values
    (down.sql: of the old ones)."""

    before: ReferenceRow
    after: ReferenceRow
    template = "upsert_row"
    phase = 9

    @property
    def row(self) -> ReferenceRow:
        return self.after

    @property
    def key(self):
        return self.after.key

    def requires(self):
        return _requires(self.after)

    table_locks = ()  # ROW EXCLUSIVE: blocks no reader or writer

    def reverse(self):
        return UpdateRow(self.after, self.before)
