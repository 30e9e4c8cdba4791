"""Online mode's steps for the indexes and keys that a change of the
transaction takes along and the diff rebuilds around it
(compiler/online/rebuilds.py makes them):

- around a stored generated expression made again (`RedefineGeneratedColumn`:
  DROP COLUMN, ADD COLUMN, a rewrite under ACCESS EXCLUSIVE), the new
  version of an index is built CONCURRENTLY after COMMIT
  (`CreateIndexAfterChange`) and that of a unique constraint built
  CONCURRENTLY and attached (`BuildKeyIndexAfterChange`,
  `AttachKeyIndexAfterChange`), instead of building them under the rewrite's
  lock until COMMIT; their reverses drop them in down.sql's transaction
  before the column goes (`DropIndexBeforeChange`);
- around `DROP EXPRESSION` (no rewrite: the column keeps its values, and its
  indexes stay valid: measured on PostgreSQL 15 and 18), an index is not
  rebuilt at all (`IndexKeptThroughChange`, and `KeyKeptThroughChange` for a
  unique constraint or primary key): up.sql does nothing, down.sql, which
  drops and adds the column again, drops it before and makes it after;
- around a function made again (a new signature, or a DROP and CREATE),
  the previous function is renamed aside in the transaction
  (`SetFunctionAside`), so that the indexes using it stay until their new
  version, on the new function, is built CONCURRENTLY and swapped in after
  COMMIT (`BuildCopyBesideFunction`, `DropReplacedBesideFunction`,
  `RenameCopyBesideFunction`); then it is dropped (`DropFunctionSetAside`).
  Renamed, not kept under its name: beside a new version of the same name,
  a call that either could take (`in_range(x)` with `in_range(integer)` and
  `in_range(integer, integer DEFAULT 1000)`) is ambiguous in PostgreSQL.
  down.sql undoes it in its transaction, as transactional mode does (the new
  index dropped, the new function dropped, the previous one made again),
  and builds the previous index CONCURRENTLY after its COMMIT.

Each step's reverse is exact (`undo` flags, or a pair of classes), and a
step after COMMIT can run again after a failure (leftovers dropped first,
IF EXISTS)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint, Index
from compiler.catalog.programmable import Function
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.ddl import constraint_locks, dropped_constraint_locks
from compiler.ops.keys import AddConstraintForChange, CreateIndexForChange, DropIndexForChange
from compiler.ops.online_indexes import (
    AttachKeyIndex,
    BuildIndexCopy,
    BuildKeyIndex,
    DropReplacedIndex,
    RenameIndexCopy,
)
from compiler.ops.replace import DropForReplacement

ASIDE = ":aside"  # the key suffix of the step dropping a function set aside


# ---------------------------------------------------------------- around a generated expression made again

@dataclass(frozen=True)
class CreateIndexAfterChange(CreateIndexForChange):
    """CREATE INDEX CONCURRENTLY, after COMMIT, of the new version of an
    index that the transaction's change took along (its previous version is
    dropped before the change, in the transaction): an INVALID index of its
    name, left by a failed run, is dropped first. Its reverse drops it in
    down.sql's transaction, before the change is undone."""

    concurrently: bool = True

    @property
    def clears_leftover(self) -> bool:
        return self.concurrently  # inside the transaction (in_transaction) nothing can be left

    def reverse(self):
        return DropIndexBeforeChange(self.index, False, self.previous, self.needs)


@dataclass(frozen=True)
class DropIndexBeforeChange(DropIndexForChange):
    """DROP INDEX, in down.sql's transaction, of the version of an index that
    up.sql built after COMMIT (CreateIndexAfterChange), before the change
    that would take it along is undone."""

    def reverse(self):
        return CreateIndexAfterChange(self.index, True, self.previous, self.needs)


@dataclass(frozen=True)
class BuildKeyIndexAfterChange(BuildKeyIndex):
    """BuildKeyIndex of a unique constraint that the transaction's change
    took along: it waits for that change (`needs`), so that down.sql drops
    the key (its reverse, AttachKeyIndexAfterChange with no `after`) before
    undoing the change."""

    @property
    def kind(self) -> str:
        return "BuildKeyIndex"

    def requires(self):
        return (*super().requires(), *self.needs)

    def reverse(self):
        return AttachKeyIndexAfterChange(self.after, self.before, self.temporary, self.online, self.needs)


@dataclass(frozen=True)
class AttachKeyIndexAfterChange(AttachKeyIndex):
    """AttachKeyIndex of such a key (see BuildKeyIndexAfterChange)."""

    @property
    def kind(self) -> str:
        return "AttachKeyIndex"

    def reverse(self):
        return BuildKeyIndexAfterChange(self.after, self.before, self.temporary, self.online, self.needs)


# ---------------------------------------------------------------- around DROP EXPRESSION

class _KeptThroughChange:
    """What an index and a key kept through DROP EXPRESSION share: one
    version (`previous` or the target's) of the object, which down.sql
    (`undo`) drops before the column is made again or builds after it, at
    the phases of the diff's own drop and make steps (`_PHASES`)."""

    _PHASES: tuple[int, int]  # (the previous version's drop, the target's make)

    @property
    def _object(self):
        raise NotImplementedError

    @property
    def key(self):
        return self._object.key + DROP if self.previous else self._object.key

    @property
    def phase(self):
        return self._PHASES[0] if self.previous else self._PHASES[1]

    @property
    def builds(self) -> bool:
        return self.undo and self.previous

    @property
    def scans(self):
        return self.builds

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class IndexKeptThroughChange(_KeptThroughChange, Op):
    """One version of an index that the diff rebuilds around a change that
    keeps it (DROP EXPRESSION): nothing in up.sql. `undo` (down.sql, where the
    reverse change drops the column and adds it again): the target's version
    (`previous` False) dropped before it, the previous one (`previous` True)
    made after it, in the transaction."""

    index: Index
    previous: bool
    needs: tuple[str, ...] = ()
    undo: bool = False
    concurrently = False  # what create_index.sql.j2 and drop_index.sql.j2 read
    clears_leftover = False
    template = "index_kept_through_change"
    _PHASES = (2, 7)  # as DropIndexForChange and CreateIndexForChange

    @property
    def _object(self):
        return self.index

    @property
    def drops(self) -> bool:
        return self.undo and not self.previous

    def requires(self):
        if self.previous:
            return ()  # as DropIndexForChange: the change waits for it
        return CreateIndexForChange(self.index, needs=self.needs).requires()

    @property
    def hazards(self):
        if self.drops:
            return (Hazard.ACCESS_EXCLUSIVE_LOCK,)
        return (Hazard.VALIDATES_ROWS,) if self.builds and self.index.unique else ()

    @property
    def table_locks(self):
        if not self.undo:
            return ()
        return ((self.index.table_key, Lock.SHARE if self.builds else Lock.ACCESS_EXCLUSIVE),)


@dataclass(frozen=True)
class KeyKeptThroughChange(_KeptThroughChange, Op):
    """IndexKeptThroughChange for a unique constraint or primary key: nothing
    in up.sql; `undo` (down.sql): the target's version (`previous` False)
    dropped before the column is made again, the previous one added after
    it, in the transaction."""

    constraint: Constraint
    previous: bool
    needs: tuple[str, ...] = ()
    undo: bool = False
    not_valid = False  # what add_constraint_for_change.sql.j2 reads
    template = "key_kept_through_change"
    _PHASES = (2, 6)  # as DropConstraintForChange and AddConstraintForChange

    @property
    def _object(self):
        return self.constraint

    def requires(self):
        if self.previous:
            return ()  # as DropConstraintForChange: the change waits for it
        return AddConstraintForChange(self.constraint, needs=self.needs).requires()

    @property
    def hazards(self):
        if not self.undo:
            return ()
        return (Hazard.VALIDATES_ROWS, Hazard.ACCESS_EXCLUSIVE_LOCK) if self.builds else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        if not self.undo:
            return ()
        return constraint_locks(self.constraint) if self.builds else dropped_constraint_locks(self.constraint)


# ---------------------------------------------------------------- around a function made again

@dataclass(frozen=True)
class SetFunctionAside(Op):
    """ALTER FUNCTION ... RENAME TO `aside`, in the transaction, instead of
    the DROP of a function made again (`replaced`): the indexes using it
    (which hold it by its oid) serve until their new version is swapped in
    after COMMIT, and a call by its name reaches the new version only.
    `first`: the steps it waits for (those of `replaced` but the drops of
    the indexes swapped after COMMIT). `undo` (down.sql): the previous
    definition made again under its name, with its grants (what the reverse
    of `replaced` does), after the new one is dropped."""

    replaced: DropForReplacement
    aside: str
    first: tuple[str, ...] = ()
    undo: bool = False
    template = "set_function_aside"

    @property
    def function(self) -> Function:
        return self.replaced.obj  # type: ignore[return-value]

    @property
    def made_again(self) -> Op:
        """down.sql's step: the reverse of the DROP it stands for."""
        return self.replaced.reverse()

    @property
    def key(self):
        # that of the DROP it stands for; in down.sql, that of the step making the function again
        return self.made_again.key if self.undo else self.replaced.key

    @property
    def phase(self):
        return self.replaced.phase

    def requires(self):
        return self.made_again.requires() if self.undo else self.first

    table_locks = ()  # a function: no table

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class DropFunctionSetAside(Op):
    """DROP FUNCTION IF EXISTS of the previous function, renamed aside by
    SetFunctionAside, once the previous versions of the indexes using it are
    dropped (`waits`): after COMMIT (`online`), or inside the transaction.
    `undo` (down.sql): nothing, the reverse of SetFunctionAside makes the
    function again under its name."""

    function: Function  # the previous version, under its own name
    aside: str
    waits: tuple[str, ...] = ()
    online: bool = True
    undo: bool = False
    template = "drop_function_set_aside"
    phase = 7

    @property
    def set_aside(self) -> Function:
        return replace(self.function, name=self.aside)

    @property
    def key(self):
        return self.function.key + ASIDE

    def requires(self):
        return () if self.undo else (self.function.key + DROP, *self.waits)

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL,) if self.online and not self.undo else ()

    def in_transaction(self):
        return replace(self, online=False)

    table_locks = ()  # a function: no table

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class BuildCopyBesideFunction(BuildIndexCopy):
    """BuildIndexCopy of an index on a function made again (see
    SetFunctionAside). `undo` (down.sql): nothing, in the transaction (the
    new version is dropped there by RenameCopyBesideFunction's reverse)."""

    template = "build_copy_beside_function"

    @property
    def kind(self) -> str:
        return "BuildIndexCopy"

    @property
    def after_commit(self) -> bool:
        return self.online and not self.undo

    def requires(self):
        return () if self.undo else super().requires()

    @property
    def hazards(self):
        return () if self.undo else super().hazards

    @property
    def table_locks(self):
        return () if self.undo else super().table_locks

    @property
    def scans(self):
        return not self.undo


@dataclass(frozen=True)
class RenameCopyBesideFunction(RenameIndexCopy):
    """RenameIndexCopy of an index on a function made again. `undo`
    (down.sql): DROP INDEX of the new version in the transaction, before the
    new function goes (an index holds its functions: DROP FUNCTION waits for
    no step after COMMIT); the previous version is built after COMMIT
    (DropReplacedIndex's reverse) on the previous function, made again."""

    template = "rename_copy_beside_function"

    @property
    def kind(self) -> str:
        return "RenameIndexCopy"

    @property
    def after_commit(self) -> bool:
        return self.online and not self.undo

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,) if self.undo else ()

    @property
    def table_locks(self):
        return ((self.index.table_key, Lock.ACCESS_EXCLUSIVE),) if self.undo else ()



@dataclass(frozen=True)
class DropReplacedBesideFunction(DropReplacedIndex):
    """DropReplacedIndex of an index on a function made again. `undo`
    (down.sql): the previous version built CONCURRENTLY after COMMIT, on the
    previous function that the transaction made again, the new version
    being gone with the new function (no copy serves meanwhile)."""

    template = "drop_replaced_beside_function"

    @property
    def kind(self) -> str:
        return "DropReplacedIndex"
