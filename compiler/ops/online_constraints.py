"""The online forms of checks, foreign keys and NOT NULL on tables that exist
before the migration (compiler/online/constraints.py and not_null.py make
them; docs/online.md says why).

A check or foreign key added NOT VALID in the transaction is validated after
COMMIT (`ValidateConstraintAfterCommit`): VALIDATE CONSTRAINT scans under
SHARE UPDATE EXCLUSIVE, so writes go on.

SET NOT NULL on an existing column is four steps, each with its exact
reverse (`undo`), so down.sql gives back the nullable column and drops the
check if a failed run left it:

1. `AddNotNullCheck` (in the transaction): ADD CONSTRAINT <check> CHECK
   (<column> IS NOT NULL) NOT VALID, a brief ACCESS EXCLUSIVE lock, no scan;
2. `ValidateNotNullCheck` (after COMMIT): VALIDATE CONSTRAINT, the scan,
   under SHARE UPDATE EXCLUSIVE;
3. `SetNotNullFromCheck` (after COMMIT): SET NOT NULL, which PostgreSQL 12+
   proves from the valid check without a scan (a brief ACCESS EXCLUSIVE);
4. `DropNotNullCheck` (after COMMIT): DROP CONSTRAINT IF EXISTS <check>.

Each step after COMMIT may run again after a failure (VALIDATE of a valid
check and SET NOT NULL of a NOT NULL column do nothing; the drop says IF
EXISTS). Each has a form inside the transaction (`inside`, for
compiler/plan/placement.py) that runs the same statement there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.columns import _COLUMN_PHASE, _column_key, _table_key
from compiler.ops.keys import ValidateConstraint
from compiler.ops.online_steps import RunsAfterCommitOnTable


@dataclass(frozen=True)
class ValidateConstraintAfterCommit(ValidateConstraint):
    """VALIDATE CONSTRAINT of a check or foreign key added NOT VALID in the
    transaction, run after COMMIT on its own (SHARE UPDATE EXCLUSIVE on the
    table; a foreign key's referenced table takes ROW SHARE). A failure leaves
    the constraint NOT VALID, enforced on new rows: fix the rows, run again."""

    validates_only = True  # a drop on the same table need not wait for it (compiler/plan/placement.py)

    @property
    def after_commit(self):
        return not self.undo

    def in_transaction(self):
        return ValidateConstraint(self.constraint, self.undo)


def not_null_check_key(schema: str, table: str, column: str) -> str:
    return _column_key(schema, table, column) + ":not_null_check"


class AddsTemporaryCheck:
    """What adding a check NOT VALID that online mode makes for a while is,
    for the step (an Op with `_table`) that adds it: ACCESS EXCLUSIVE for an
    instant, no scan (its reverse: a drop)."""

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return ((self._table, Lock.ACCESS_EXCLUSIVE),)


class ValidatesTemporaryCheck:
    """What validating a check that online mode made for a while is, for the
    step (an Op with `undo` and `_table`) that runs it after COMMIT: a scan
    of the table under SHARE UPDATE EXCLUSIVE, writes going on; in down.sql,
    nothing."""

    validates_only = True  # a drop on the same table need not wait for it (compiler/plan/placement.py)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        return () if self.undo else ((self._table, Lock.SHARE_UPDATE_EXCLUSIVE),)

    @property
    def scans(self):
        return not self.undo


@dataclass(frozen=True)
class _NotNullStep(RunsAfterCommitOnTable, Op):
    """What the four steps share: the column and the name of the check."""

    schema: str
    table: str
    column: str
    check: str  # the temporary check's name (compiler/online/not_null.py `check_name`)
    undo: bool = False  # the reverse, in down.sql
    inside: bool = False  # the form inside the transaction (compiler/plan/placement.py)
    phase = _COLUMN_PHASE

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class AddNotNullCheck(AddsTemporaryCheck, _NotNullStep):
    """ADD CONSTRAINT <check> CHECK (<column> IS NOT NULL) NOT VALID: no scan;
    new rows are checked from here on. Its reverse drops it IF EXISTS (what
    a run that stopped after COMMIT left)."""

    template = "add_not_null_check"

    @property
    def after_commit(self):
        return False

    @property
    def key(self):
        return not_null_check_key(self.schema, self.table, self.column)

    def requires(self):
        return () if self.undo else (_table_key(self.schema, self.table),)



@dataclass(frozen=True)
class ValidateNotNullCheck(ValidatesTemporaryCheck, _NotNullStep):
    """VALIDATE CONSTRAINT <check>: fails on a NULL row (fix it, run again)."""

    template = "validate_not_null_check"

    @property
    def key(self):
        return not_null_check_key(self.schema, self.table, self.column) + ":validate"

    def requires(self):
        return () if self.undo else (not_null_check_key(self.schema, self.table, self.column),)


@dataclass(frozen=True)
class SetNotNullFromCheck(_NotNullStep):
    """ALTER COLUMN ... SET NOT NULL once the check is valid (no scan); its
    reverse is DROP NOT NULL. Keyed as AlterColumnNullability, so a step
    waiting for the column's nullability waits for this one."""

    template = "alter_column_nullability"
    validates_only = True

    @property
    def nullable(self) -> bool:  # the state after this step, as the template of AlterColumnNullability reads it
        return self.undo

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":nullability"

    def requires(self):
        return () if self.undo else (not_null_check_key(self.schema, self.table, self.column) + ":validate",)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return ((self._table, Lock.ACCESS_EXCLUSIVE),)  # briefly: the valid check proves it, no scan


@dataclass(frozen=True)
class DropNotNullCheck(_NotNullStep):
    """DROP CONSTRAINT IF EXISTS <check>, the NOT NULL now holding what it
    said. Its reverse has nothing to put back (down.sql drops NOT NULL)."""

    template = "drop_not_null_check"
    validates_only = True  # drops only the check it made, which no other drop takes along

    @property
    def key(self):
        return not_null_check_key(self.schema, self.table, self.column) + ":remove"

    def requires(self):
        return () if self.undo else (_column_key(self.schema, self.table, self.column) + ":nullability",)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return () if self.undo else ((self._table, Lock.ACCESS_EXCLUSIVE),)
