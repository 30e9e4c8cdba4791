"""Online mode: an identity added to a column that exists before the
migration (compiler/online/identity.py makes these steps). The
transactional form (AlterColumnIdentity) sets NOT NULL, adds the identity
and sets its sequence past the column's largest value, all under ACCESS
EXCLUSIVE: SET NOT NULL reads every row, and so does `max(column)` unless an
index gives it. Online:

1. a column that allowed NULLs is made NOT NULL through the check of
   compiler/ops/online_constraints.py (validated after COMMIT, writes going
   on; SET NOT NULL proven by it, no scan);
2. `BuildIdentityIndex` (after COMMIT), when no btree index of the table
   starts with the column: `CREATE INDEX CONCURRENTLY` of a temporary index
   on it, so that the largest value is read from the index;
3. `AttachColumnIdentity` (after COMMIT, one short transaction): the default
   dropped, `ADD GENERATED ... AS IDENTITY` (on a NOT NULL column PostgreSQL
   reads and writes no row: tests/test_locks.py), the sequence set past
   `max(column)`, read through the index (an Index Only Scan Backward: one
   entry) under the ACCESS EXCLUSIVE lock the ALTER TABLE took, so that no
   row written meanwhile is missed;
4. `DropIdentityIndex` (after COMMIT): the temporary index dropped
   CONCURRENTLY.

Each can run again: the index is dropped first if a failed build left it,
the attachment does nothing when the column is an identity already, the drop
says IF EXISTS. down.sql (each step's `undo`, in its transaction): the
identity dropped `IF EXISTS`, the previous default set again, a temporary
index a failed run left dropped, NOT NULL dropped as the check's steps say."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Column, Index, IndexElement
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.columns import _COLUMN_PHASE, _column_key
from compiler.ops.identity import identity_key
from compiler.ops.online_steps import RunsAfterCommitOnTable


def _index_key(schema: str, table: str, column: str) -> str:
    return identity_key(schema, table, column) + ":index"


@dataclass(frozen=True)
class _IdentityStep(RunsAfterCommitOnTable, Op):
    """What the steps share: the column, and whether the step is down.sql's
    (`undo`) or the form inside the transaction (`inside`,
    compiler/plan/placement.py)."""

    schema: str
    table: str
    column: str
    undo: bool = False
    inside: bool = False
    phase = _COLUMN_PHASE

    def reverse(self):
        return replace(self, undo=not self.undo, inside=False)


@dataclass(frozen=True)
class _IndexStep(_IdentityStep):
    name: str = ""  # the temporary index's

    @property
    def index(self) -> Index:
        return Index(self.schema, self.table, self.name, (IndexElement(column=self.column),))


@dataclass(frozen=True)
class BuildIdentityIndex(_IndexStep):
    """CREATE INDEX CONCURRENTLY of the temporary index on the column (one
    of its name, a failed build's INVALID leftover, dropped first), once
    the column has its type. `undo`: DROP INDEX IF EXISTS of what a failed
    run left."""

    template = "build_identity_index"

    @property
    def key(self):
        return _index_key(self.schema, self.table, self.column)

    def requires(self):
        return () if self.undo else (self._table, _column_key(self.schema, self.table, self.column) + ":type")

    @property
    def hazards(self):
        if self.undo:
            return ()
        return (Hazard.NON_TRANSACTIONAL,) if self.after_commit else ()

    @property
    def table_locks(self):
        if self.undo:  # none when the index is gone, as it is after a run of up.sql to its end
            return ()
        return ((self._table, Lock.SHARE_UPDATE_EXCLUSIVE if self.after_commit else Lock.SHARE),)

    @property
    def scans(self):
        return not self.undo


@dataclass(frozen=True)
class DropIdentityIndex(_IndexStep):
    """DROP INDEX CONCURRENTLY IF EXISTS of the temporary index, once the
    identity is attached. `undo`: nothing (BuildIdentityIndex's undo drops
    it)."""

    template = "drop_identity_index"
    validates_only = True  # drops only the index it made, which no other drop takes along

    @property
    def key(self):
        return _index_key(self.schema, self.table, self.column) + ":remove"

    def requires(self):
        return () if self.undo else (identity_key(self.schema, self.table, self.column),)

    @property
    def hazards(self):
        if self.undo:
            return ()
        return (Hazard.NON_TRANSACTIONAL,) if self.after_commit else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        if self.undo:
            return ()
        return ((self._table, Lock.SHARE_UPDATE_EXCLUSIVE if self.after_commit else Lock.ACCESS_EXCLUSIVE),)


@dataclass(frozen=True)
class AttachColumnIdentity(_IdentityStep):
    """In one transaction (a DO block): DROP DEFAULT, ADD GENERATED ... AS
    IDENTITY on the NOT NULL column, the sequence set past the largest value
    (read through an index: `index_name`, the temporary one, or None when one of
    the table's own starts with the column), unless the column is an
    identity already. A brief ACCESS EXCLUSIVE, no scan. `undo` (down.sql):
    DROP IDENTITY IF EXISTS, then the previous default."""

    before: Column | None = None
    after: Column | None = None
    index_name: str | None = None  # the temporary index's
    template = "attach_column_identity"

    @property
    def key(self):
        return identity_key(self.schema, self.table, self.column)

    def requires(self):
        if self.undo:
            return ()
        column = _column_key(self.schema, self.table, self.column)
        keys = [self._table, column + ":type", column + ":generated", column + ":nullability"]
        if self.index_name is not None:
            keys.append(_index_key(self.schema, self.table, self.column))
        return tuple(keys)

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK, *((Hazard.NON_TRANSACTIONAL,) if self.after_commit else ()))

    @property
    def table_locks(self):
        return ((self._table, Lock.ACCESS_EXCLUSIVE),)  # briefly: no scan, no rewrite
