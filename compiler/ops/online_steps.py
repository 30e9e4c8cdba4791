"""What the online steps that run after the migration's COMMIT share
(docs/online.md): each has a reverse (`undo`, in down.sql's transaction) and
a form inside the transaction (`inside`, which compiler/plan/placement.py
asks for when a step there needs it), and runs after COMMIT as neither.
Their reverses differ (some keep `inside`, some drop it), so each step says
its own."""

from __future__ import annotations

from dataclasses import replace

from compiler.ops.columns import _table_key


class RunsAfterCommit:
    """For an Op dataclass with the fields `undo` and `inside`."""

    @property
    def after_commit(self):
        return not (self.undo or self.inside)

    def in_transaction(self):
        return replace(self, inside=True)


class RunsAfterCommitOnTable(RunsAfterCommit):
    """For one that also has `schema` and `table`: `_table`, the key of the
    table it works on."""

    @property
    def _table(self) -> str:
        return _table_key(self.schema, self.table)
