"""Online mode: a column added to an existing table with a default that may
be volatile (`nextval`, `random()`, a function of the specs; a `serial`),
which PostgreSQL would write into every row as it adds the column, under
ACCESS EXCLUSIVE (compiler/online/columns.py makes these steps):

1. `AddColumnForBackfill` (in the transaction): ADD COLUMN without default
   and nullable (no rewrite), then SET DEFAULT: new rows get their value;
2. `BackfillColumn` (after COMMIT): the rows there get the default, about
   1,000 at a time by ranges of the table's pages, each batch committed on
   its own (`SET <column> =
   DEFAULT` where it is still NULL: run again after a failure, it fills only
   what is left);
3. a NOT NULL column then goes through the check of compiler/online/
   not_null.py, added only once the backfill is done
   (`AddBackfilledCheck`): a NOT VALID check still holds every row written
   from its start, so added before, it would refuse any UPDATE of a row not
   filled yet (a writer's, or the backfill of another column).

An identity column goes the same way with a temporary sequence as its
default, then `AttachIdentity` (after COMMIT, one short transaction): the
default dropped, ADD GENERATED ... AS IDENTITY (on a NOT NULL column
PostgreSQL neither reads nor writes a row for it), its sequence set where
the temporary one stands, which is dropped.

The end state is the transactional form's: the column, its default, its
NOT NULL, a value from the default in every row."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Column
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.columns import _COLUMN_PHASE, AddColumn, _column_key
from compiler.ops.expand_contract import BATCH_ROWS
from compiler.ops.online_constraints import AddNotNullCheck, ValidateNotNullCheck
from compiler.ops.online_steps import RunsAfterCommit


def backfill_key(schema: str, table: str, column: str) -> str:
    return _column_key(schema, table, column) + ":backfill"


@dataclass(frozen=True)
class AddColumnForBackfill(AddColumn):
    """ADD COLUMN without its default and nullable (PostgreSQL writes no
    row), then SET DEFAULT: a brief ACCESS EXCLUSIVE. Its reverse drops the
    column, as AddColumn's does."""

    # an identity's: the temporary sequence (owned by the column) whose nextval is its default until it is attached
    sequence: str | None = None
    template = "add_column_for_backfill"

    @property
    def bare(self) -> Column:
        """The column as ADD COLUMN adds it: no default, nullable, no identity."""
        return replace(self.column, default=None, nullable=True, identity=None)

    @property
    def writes_each_row(self) -> bool:
        return False


@dataclass(frozen=True)
class BackfillColumn(RunsAfterCommit, Op):
    """The rows of the table that exist before the migration given the
    column's default, after COMMIT, about `batch_rows` rows at a time by
    ranges of the table's pages: row locks on one batch, no table
    lock that blocks anyone. Inside a transaction (`inside`, compiler/plan/
    placement.py): one UPDATE. Its reverse has nothing to undo (down.sql
    drops the column)."""

    schema: str
    table: str
    column: str
    undo: bool = False
    inside: bool = False
    template = "backfill_column"
    phase = _COLUMN_PHASE
    batch_rows = BATCH_ROWS

    @property
    def key(self):
        return backfill_key(self.schema, self.table, self.column)

    def requires(self):
        return () if self.undo else (_column_key(self.schema, self.table, self.column),)

    @property
    def table_locks(self):
        return ()  # ROW EXCLUSIVE and row locks of one batch at a time: no reader or writer waits for the table

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL,) if self.after_commit else ()

    def reverse(self):
        return replace(self, undo=not self.undo, inside=False)


@dataclass(frozen=True)
class AddBackfilledCheck(AddNotNullCheck):
    """The NOT NULL check (NOT VALID) of a column filled after COMMIT, added
    after COMMIT once the backfill is done, in one short statement that
    drops a check a stopped run left first (so it can run again). Inside a
    transaction (`inside`): AddNotNullCheck's form."""

    template = "add_backfilled_check"

    @property
    def after_commit(self):
        return not (self.undo or self.inside)

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL, Hazard.ACCESS_EXCLUSIVE_LOCK) if self.after_commit else super().hazards

    def requires(self):
        if self.undo:
            return ()
        return (*super().requires(), backfill_key(self.schema, self.table, self.column))


@dataclass(frozen=True)
class ValidateBackfilledCheck(ValidateNotNullCheck):
    """VALIDATE CONSTRAINT of the NOT NULL check of a column filled after
    COMMIT: it waits for the backfill."""

    def requires(self):
        if self.undo:
            return ()
        return (*super().requires(), backfill_key(self.schema, self.table, self.column))


@dataclass(frozen=True)
class AttachIdentity(RunsAfterCommit, Op):
    """ALTER COLUMN ... ADD GENERATED ... AS IDENTITY on a column filled
    from the temporary sequence `sequence` and made NOT NULL, in one
    transaction (a DO block) with the default dropped before and the
    identity's sequence set to where `sequence` stands, which is dropped:
    a brief ACCESS EXCLUSIVE, no scan (tests/test_locks.py). It does
    nothing when the column is an identity already (a run that was not
    recorded). Its reverse drops the identity (IF EXISTS), so that down.sql
    can drop NOT NULL and the column."""

    schema: str
    table: str
    column: str
    identity: str  # always | by_default
    sequence: str
    undo: bool = False
    inside: bool = False
    template = "attach_identity"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":identity"

    def requires(self):
        return () if self.undo else (_column_key(self.schema, self.table, self.column) + ":nullability",)

    @property
    def table_locks(self):
        return ((f"table:{self.schema}.{self.table}", Lock.ACCESS_EXCLUSIVE),)  # briefly: no scan, no rewrite

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK, *((Hazard.NON_TRANSACTIONAL,) if self.after_commit else ()))

    def reverse(self):
        return replace(self, undo=not self.undo, inside=False)
