"""Changes to the constraints and indexes of tables that exist before the
migration (keys, checks, foreign keys, indexes).

A changed index or constraint is dropped and made again. Both steps are
creates in the plan's sense, so they are ordered together: the step that
removes the previous version is keyed `<key>:drop` and the step that makes
the target version requires it. Each class has a `previous` flag telling
which of the two versions it handles, so `reverse()` is exact both ways
(down.sql drops the target version, then makes the previous one again).

A foreign key or check added to an existing table is added `NOT VALID` (a
brief lock, no scan) and validated in a step of its own, which scans the
rows under a lock that lets reads and writes go on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint, Index
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.ddl import constraint_locks, dropped_constraint_locks

_DROP_PHASE = 2  # early: before column changes that would otherwise rebuild the previous version


def _key(key: str, previous: bool) -> str:
    return key + DROP if previous else key


def _index_requires(index: Index, previous: bool) -> tuple[str, ...]:
    keys = (index.table_key, *index.depends_on)
    return keys if previous else keys + (index.key + DROP,)


def _constraint_requires(c: Constraint, previous: bool) -> tuple[str, ...]:
    keys = [c.table_key, *c.depends_on]
    if c.ref_table_key:
        keys.append(c.ref_table_key)
    if not previous:
        keys.append(c.key + DROP)  # absent from the plan when nothing is replaced
    return tuple(keys)


# ---------------------------------------------------------------- indexes

@dataclass(frozen=True)
class DropIndexForChange(Op):
    """DROP INDEX of one version of a changed index (CONCURRENTLY, outside
    the transaction, when the target asks for `concurrently`)."""

    index: Index
    concurrently: bool = False
    previous: bool = True
    needs: tuple[str, ...] = ()  # what its reverse waits for (see CreateIndexForChange)
    template = "drop_index"
    phase = _DROP_PHASE

    @property
    def key(self):
        return _key(self.index.key, self.previous)

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL,) if self.concurrently else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    def in_transaction(self):
        return replace(self, concurrently=False)

    @property
    def table_locks(self):
        return ((self.index.table_key, Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrently else Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return CreateIndexForChange(self.index, self.concurrently, self.previous, self.needs)


@dataclass(frozen=True)
class CreateIndexForChange(Op):
    """CREATE INDEX of one version of a changed index. `needs`: keys of other
    steps it must follow besides its own drop (an index rebuilt because its
    column was re-created waits for that column)."""

    index: Index
    concurrently: bool = False
    previous: bool = False
    needs: tuple[str, ...] = ()
    template = "create_index"
    phase = 7

    @property
    def key(self):
        return _key(self.index.key, self.previous)

    def requires(self):
        return _index_requires(self.index, self.previous) + self.needs

    @property
    def hazards(self):
        hazards = []
        if self.index.unique:
            hazards.append(Hazard.VALIDATES_ROWS)  # fails on duplicate rows
        if self.concurrently:
            hazards.append(Hazard.NON_TRANSACTIONAL)
        return tuple(hazards)

    @property
    def clears_leftover(self) -> bool:
        """No: its own drop, just before it, drops what a failed run left
        (compiler/ops/ddl.py CreateIndex)."""
        return False

    def in_transaction(self):
        return replace(self, concurrently=False)

    @property
    def table_locks(self):
        return ((self.index.table_key, Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrently else Lock.SHARE),)

    @property
    def scans(self):
        return True  # the build reads every row

    def reverse(self):
        return DropIndexForChange(self.index, self.concurrently, self.previous, self.needs)


@dataclass(frozen=True)
class CommentOnIndex(Op):
    index: Index
    before: str | None
    after: str | None
    template = "comment_on_index"
    phase = 7

    @property
    def key(self):
        return self.index.key + ":comment"

    def requires(self):
        return (self.index.key,)

    table_locks = ()  # COMMENT ON INDEX locks the index, not its table

    def reverse(self):
        return CommentOnIndex(self.index, self.after, self.before)


# ---------------------------------------------------------------- constraints

@dataclass(frozen=True)
class DropConstraintForChange(Op):
    """ALTER TABLE ... DROP CONSTRAINT of one version of a changed constraint.
    No data is lost: the table only stops enforcing a rule. A foreign key is
    dropped before any key or index (phase 1): it may depend on a key that is
    being replaced."""

    constraint: Constraint
    not_valid: bool = False  # how its reverse adds it back
    previous: bool = True
    needs: tuple[str, ...] = ()  # what its reverse waits for (see AddConstraintForChange)
    template = "drop_constraint"

    @property
    def phase(self):
        return _DROP_PHASE - 1 if self.constraint.kind == "foreign_key" else _DROP_PHASE

    @property
    def key(self):
        return _key(self.constraint.key, self.previous)

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return dropped_constraint_locks(self.constraint)

    def reverse(self):
        return AddConstraintForChange(self.constraint, self.not_valid, self.previous, self.needs)


@dataclass(frozen=True)
class AddConstraintForChange(Op):
    """ALTER TABLE ... ADD CONSTRAINT on a table that exists before the
    migration; with `not_valid` the rows already there are checked by a
    separate ValidateConstraint step. `needs`: keys of other steps it must
    follow besides its own drop (a foreign key waits for the key it
    references when that key is re-made)."""

    constraint: Constraint
    not_valid: bool = False
    previous: bool = False
    needs: tuple[str, ...] = ()
    template = "add_constraint_for_change"
    phase = 6

    @property
    def key(self):
        return _key(self.constraint.key, self.previous)

    def requires(self):
        return _constraint_requires(self.constraint, self.previous) + self.needs

    @property
    def hazards(self):
        hazards = [] if self.not_valid else [Hazard.VALIDATES_ROWS]  # keys build a unique index, others scan
        if self.constraint.kind != "foreign_key":  # a foreign key takes SHARE ROW EXCLUSIVE: reads go on
            hazards.append(Hazard.ACCESS_EXCLUSIVE_LOCK)
        return tuple(hazards)

    @property
    def table_locks(self):
        return constraint_locks(self.constraint)

    @property
    def scans(self):
        return not self.not_valid  # checked against every row (a key builds its index)

    def after_commit_form(self, waited):
        """A foreign key added NOT VALID (its validation a step of its own)
        follows the key it binds to after COMMIT (compiler/ops/online_foreign_keys.py)."""
        if self.constraint.kind != "foreign_key" or not self.not_valid or self.previous:
            return None
        from compiler.ops.online_foreign_keys import AddForeignKeyAfterCommit
        return (AddForeignKeyAfterCommit(self.constraint, self.requires()),)

    def reverse(self):
        return DropConstraintForChange(self.constraint, self.not_valid, self.previous, self.needs)


@dataclass(frozen=True)
class ValidateConstraint(Op):
    """ALTER TABLE ... VALIDATE CONSTRAINT after an ADD ... NOT VALID. Its
    reverse (`undo`) has nothing to do: the step before it in down.sql drops
    the constraint; the script says so."""

    constraint: Constraint
    undo: bool = False
    template = "validate_constraint"
    phase = 8

    @property
    def key(self):
        return self.constraint.key + ":validate"

    def requires(self):
        return (self.constraint.key,)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        """SHARE UPDATE EXCLUSIVE: reads and writes go on while the rows are
        checked (a foreign key's referenced table: ROW SHARE only)."""
        return () if self.undo else ((self.constraint.table_key, Lock.SHARE_UPDATE_EXCLUSIVE),)

    @property
    def scans(self):
        return not self.undo

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class CommentOnConstraint(Op):
    constraint: Constraint
    before: str | None
    after: str | None
    template = "comment_on_constraint"
    phase = 6

    @property
    def key(self):
        return self.constraint.key + ":comment"

    def requires(self):
        return (self.constraint.key,)

    table_locks = ()  # ACCESS SHARE on the table only

    def reverse(self):
        return CommentOnConstraint(self.constraint, self.after, self.before)
