"""Online mode's steps for indexes and keys on tables that exist before the
migration (compiler/online/indexes.py makes them): each runs after the
migration's COMMIT, on its own, and can run again after a failure or after
it ran without being recorded (`IF EXISTS`, leftovers dropped first). Each
has a form inside the transaction (`online=False`, compiler/plan/placement.py)
doing the same without CONCURRENTLY.

- A new index is built CONCURRENTLY and a removed one dropped CONCURRENTLY
  (`OnlineCreateIndex`, `OnlineDropIndex`: the step kinds CreateIndex and
  DropIndex).
- A changed index is swapped: its new definition built CONCURRENTLY under a
  temporary name (`BuildIndexCopy`), the old one dropped CONCURRENTLY
  (`DropReplacedIndex`), the copy renamed to the index's name
  (`RenameIndexCopy`). The table is never without the index. Each step's
  reverse undoes it (down.sql: the index renamed back to the temporary name,
  the old definition built CONCURRENTLY under the index's name, the copy
  dropped), so down.sql keeps the index too.
- A unique constraint or primary key added or changed: its unique index
  built CONCURRENTLY under a temporary name (`BuildKeyIndex`), then attached
  (`AttachKeyIndex`: `ADD CONSTRAINT ... USING INDEX`, PostgreSQL renames the
  index to the constraint's name; a changed key's previous version is dropped
  in the same ALTER TABLE). Both steps carry the two versions, `before` and
  `after` (None: none), and each one's reverse is the other one with the
  versions swapped, so down.sql builds the previous version's index, then
  swaps it in; for a key the migration adds, that is nothing to build, then
  DROP CONSTRAINT.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint, Index, IndexElement
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.ddl import CreateIndex, DropIndex

BUILD = ":build"  # the key suffix of the step building the new version under a temporary name


def _lock(online: bool, builds: bool = True) -> Lock:
    """The lock of a step that builds an index (or drops one), CONCURRENTLY
    or not."""
    if online:
        return Lock.SHARE_UPDATE_EXCLUSIVE
    return Lock.SHARE if builds else Lock.ACCESS_EXCLUSIVE


def _hazards(online: bool, builds: bool, unique: bool) -> tuple[Hazard, ...]:
    """Those of a step that builds an index (a unique one fails on duplicate
    rows) or drops one, CONCURRENTLY after COMMIT or not."""
    hazards = [Hazard.VALIDATES_ROWS] if builds and unique else []
    if online:
        hazards.append(Hazard.NON_TRANSACTIONAL)
    elif not builds:
        hazards.append(Hazard.ACCESS_EXCLUSIVE_LOCK)
    return tuple(hazards)


# ---------------------------------------------------------------- new and removed indexes

@dataclass(frozen=True)
class OnlineCreateIndex(CreateIndex):
    """CREATE INDEX CONCURRENTLY of a new index on an existing table (an
    index of its name left INVALID by a failed run dropped first: see
    CreateIndex.clears_leftover); its reverse drops it `IF EXISTS`."""

    concurrently: bool = True

    @property
    def kind(self) -> str:
        return "CreateIndex"

    def reverse(self):
        return OnlineDropIndex(self.index, self.concurrently, self.needs)


@dataclass(frozen=True)
class OnlineDropIndex(DropIndex):
    """DROP INDEX CONCURRENTLY IF EXISTS of an index removed from an
    existing table (a run that failed leaves it INVALID, the next one drops
    it; one that ran unrecorded finds it gone)."""

    concurrently: bool = True
    template = "drop_index_online"

    @property
    def kind(self) -> str:
        return "DropIndex"

    def reverse(self):
        return OnlineCreateIndex(self.index, self.concurrently, self.needs)


# ---------------------------------------------------------------- a changed index, swapped

@dataclass(frozen=True)
class _SwapStep(Op):
    """A step of an index swap or a key's attachment: after COMMIT when
    `online`, inside the transaction otherwise."""

    @property
    def after_commit(self) -> bool:
        return self.online  # type: ignore[attr-defined]

    def in_transaction(self):
        return replace(self, online=False)


@dataclass(frozen=True)
class BuildIndexCopy(_SwapStep):
    """CREATE INDEX CONCURRENTLY of the index's new definition (with its
    comment) under `temporary`, an index of that name (a failed build's
    INVALID leftover, or a copy built by a run that was not recorded)
    dropped first. `undo` (down.sql): DROP INDEX CONCURRENTLY IF EXISTS of
    the copy, which the step before it renamed back to `temporary`."""

    index: Index  # the version built (its name: the index's)
    temporary: str
    online: bool = True
    undo: bool = False
    template = "build_index_copy"
    phase = 7

    @property
    def key(self):
        return self.index.key + BUILD

    @property
    def copy(self) -> Index:
        return replace(self.index, name=self.temporary)

    def requires(self):
        if self.undo:
            return (self.index.key + DROP,)
        return (self.index.table_key, *self.index.depends_on)

    @property
    def hazards(self):
        return _hazards(self.online, builds=not self.undo, unique=self.index.unique)

    @property
    def table_locks(self):
        return ((self.index.table_key, _lock(self.online, builds=not self.undo)),)

    @property
    def scans(self):
        return not self.undo

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class DropReplacedIndex(_SwapStep):
    """DROP INDEX CONCURRENTLY IF EXISTS of the index's previous version,
    once its copy (or the key or unique index replacing it) is built. `undo` (down.sql): CREATE INDEX CONCURRENTLY of
    the previous version under the index's name (which the step before it
    freed: an index of that name can only be a failed build's leftover,
    dropped first)."""

    index: Index  # the previous version
    online: bool = True
    undo: bool = False
    waits: tuple[str, ...] = ()  # besides its copy: the drops of the foreign keys bound to it
    # the previous version as the specs had it before the migration's renames, when they rename what it names
    # (its table, columns): down.sql runs its renames back before its steps after COMMIT
    restored: Index | None = None
    template = "drop_replaced_index"
    phase = 7

    @property
    def built(self) -> Index:
        """The version the undo builds: after COMMIT the restored one, inside
        the transaction (before the renames back) the previous one as it is
        after the renames."""
        return self.restored if self.restored is not None and self.online else self.index

    @property
    def key(self):
        return self.index.key + DROP

    def requires(self):
        if self.undo:
            return (self.index.key, self.index.table_key, *self.index.depends_on)
        return (self.index.key + BUILD, *self.waits)

    @property
    def hazards(self):
        return _hazards(self.online, builds=self.undo, unique=self.index.unique)

    @property
    def table_locks(self):
        return ((self.index.table_key, _lock(self.online, builds=self.undo)),)

    @property
    def scans(self):
        return self.undo

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class RenameIndexCopy(_SwapStep):
    """ALTER INDEX IF EXISTS `temporary` RENAME TO the index's name, once
    the previous version is dropped (a brief lock on the index alone).
    `undo` (down.sql): the index renamed back to `temporary`."""

    index: Index  # the version renamed
    temporary: str
    online: bool = True
    undo: bool = False
    waits: tuple[str, ...] = ()  # besides the drop of its previous version: that of a key of its name
    template = "rename_index_copy"
    phase = 7

    @property
    def key(self):
        return self.index.key

    def requires(self):
        return () if self.undo else (self.index.key + DROP, *self.waits)

    @property
    def table_locks(self):
        return ()  # ALTER INDEX ... RENAME locks the index alone

    def reverse(self):
        return replace(self, undo=not self.undo)


# ---------------------------------------------------------------- keys attached to a unique index

def key_index(c: Constraint, name: str) -> Index:
    """The unique index PostgreSQL would make for the primary key or unique
    constraint `c`, named `name`."""
    return Index(c.schema, c.table, name, tuple(IndexElement(column=col) for col in c.columns), unique=True,
                 nulls_not_distinct=c.nulls_not_distinct)


@dataclass(frozen=True)
class BuildKeyIndex(_SwapStep):
    """CREATE UNIQUE INDEX CONCURRENTLY of `after`'s index under `temporary`
    (an index of that name dropped first, as BuildIndexCopy). With no
    `after` (down.sql of a key the migration added), nothing to build."""

    before: Constraint | None
    after: Constraint | None
    temporary: str
    online: bool = True
    needs: tuple[str, ...] = ()  # what the attachment waits for (see AttachKeyIndex)
    template = "build_key_index"
    phase = 6

    @property
    def constraint(self) -> Constraint:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def key(self):
        return self.constraint.key + BUILD

    @property
    def index(self) -> Index | None:
        return None if self.after is None else key_index(self.after, self.temporary)

    def requires(self):
        return (self.constraint.table_key,)

    @property
    def after_commit(self) -> bool:
        return self.online and self.after is not None

    @property
    def hazards(self):
        if self.after is None:
            return ()
        return (Hazard.VALIDATES_ROWS, Hazard.NON_TRANSACTIONAL) if self.online else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        return () if self.after is None else ((self.constraint.table_key, _lock(self.online)),)

    @property
    def scans(self):
        return self.after is not None

    def reverse(self):
        return AttachKeyIndex(self.after, self.before, self.temporary, self.online, self.needs)


@dataclass(frozen=True)
class AttachKeyIndex(_SwapStep):
    """ALTER TABLE ... [DROP CONSTRAINT `before`,] ADD CONSTRAINT `after`
    ... USING INDEX `temporary` (a brief ACCESS EXCLUSIVE lock: the index is
    built). After COMMIT, it runs only while the index `temporary` exists:
    a run that was not recorded finds the work done. With no `after`
    (down.sql of a key the migration added), DROP CONSTRAINT `before`.
    `needs`: the steps setting the key's columns NOT NULL (a primary key on
    a column that may hold NULL would scan the table under its lock)."""

    before: Constraint | None
    after: Constraint | None
    temporary: str
    online: bool = True
    needs: tuple[str, ...] = ()
    template = "attach_key_index"
    phase = 6

    @property
    def constraint(self) -> Constraint:
        return self.after or self.before  # type: ignore[return-value]

    @property
    def key(self):
        return self.constraint.key

    def provides(self):
        return (self.constraint.key + DROP,) if self.before is not None and self.after is not None else ()

    def requires(self):
        if self.after is None:
            return ()
        return (self.constraint.table_key, self.constraint.key + BUILD, *self.needs)

    @property
    def after_commit(self) -> bool:
        return self.online and self.after is not None

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return ((self.constraint.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return BuildKeyIndex(self.after, self.before, self.temporary, self.online, self.needs)
