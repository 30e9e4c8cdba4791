"""Online mode: the NOT NULL of a column of a primary key attached after
COMMIT (compiler/online/key_columns.py makes this step).

up.sql sets the column NOT NULL through the check of compiler/ops/
online_constraints.py before the key is attached (`AddConstraint ... USING
INDEX` on a column that may hold NULL would set it itself, scanning the table
under ACCESS EXCLUSIVE). down.sql must drop that NOT NULL only once the
previous version of the key is swapped back (PostgreSQL refuses DROP NOT
NULL on a column of a primary key), which happens after COMMIT: so its DROP
NOT NULL follows the swap after COMMIT, on its own (an instant under ACCESS
EXCLUSIVE, no scan; run again, it does nothing)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.ops.base import Hazard
from compiler.ops.online_constraints import SetNotNullFromCheck


@dataclass(frozen=True)
class SetNotNullUnderKey(SetNotNullFromCheck):
    """SetNotNullFromCheck of a column that primary keys attached after
    COMMIT hold (`keys`: their keys). Its reverse (down.sql) waits for those
    keys' steps, the previous version swapped back, and takes its form after
    COMMIT there (`late`, compiler/plan/placement.py)."""

    keys: tuple[str, ...] = ()
    late: bool = False

    @property
    def kind(self) -> str:
        return "SetNotNullFromCheck"

    def requires(self):
        return self.keys if self.undo else super().requires()

    @property
    def after_commit(self):
        return self.late or super().after_commit

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL, Hazard.ACCESS_EXCLUSIVE_LOCK) if self.late else super().hazards

    def after_commit_form(self, waited):
        return (replace(self, late=True),) if self.undo and not self.late else None

    def in_transaction(self):
        return replace(self, inside=True, late=False)

    def reverse(self):
        return replace(self, undo=not self.undo, late=False)
