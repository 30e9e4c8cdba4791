"""A foreign key added after the migration's COMMIT (online mode), when it
binds to a key or unique index built there (compiler/plan/placement.py
moves it: a step of the transaction cannot wait for one after COMMIT).

`AddForeignKeyAfterCommit`: ALTER TABLE ... ADD CONSTRAINT ... NOT VALID
(SHARE ROW EXCLUSIVE on both tables for an instant, no scan), run only
while the table has no constraint of its name, so that a run that was not
recorded finds the work done; the ValidateConstraintAfterCommit after it
scans under SHARE UPDATE EXCLUSIVE. Its reverse (`undo`, in down.sql's
transaction) drops it IF EXISTS (a failed run may not have added it).

`DropConstraintAfterCommit`: the foreign keys bound to a key that the
migration replaces, and that key, dropped after COMMIT once the replacing
key or unique index is built (compiler/online/indexes.py), so that the
foreign keys are missing only for a few brief steps."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint
from compiler.ops.base import Hazard, Op
from compiler.ops.ddl import constraint_locks, dropped_constraint_locks
from compiler.ops.keys import AddConstraintForChange, DropConstraintForChange


class AddsForeignKeyNotValid:
    """What adding a foreign key NOT VALID is, for the step (an Op with
    `constraint` and `undo`) that adds it: SHARE ROW EXCLUSIVE on both tables
    for an instant, no scan, after COMMIT when `added_after_commit`; its
    reverse drops it IF EXISTS (ACCESS EXCLUSIVE on both)."""

    added_after_commit = False

    @property
    def key(self):
        return self.constraint.key

    @property
    def hazards(self):
        if self.undo:
            return (Hazard.ACCESS_EXCLUSIVE_LOCK,)
        return (Hazard.NON_TRANSACTIONAL,) if self.added_after_commit else ()

    @property
    def table_locks(self):
        return dropped_constraint_locks(self.constraint) if self.undo else constraint_locks(self.constraint)

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class AddForeignKeyAfterCommit(AddsForeignKeyNotValid, Op):
    constraint: Constraint
    waits: tuple[str, ...] = ()  # the keys of the steps it follows (those of the step it replaces)
    undo: bool = False
    template = "add_foreign_key_after_commit"
    phase = 6
    added_after_commit = True

    def requires(self):
        return () if self.undo else self.waits

    @property
    def after_commit(self):
        return not self.undo

    def in_transaction(self):
        return self if self.undo else AddConstraintForChange(self.constraint, True, needs=self.waits)


@dataclass(frozen=True)
class DropConstraintAfterCommit(DropConstraintForChange):
    """DROP CONSTRAINT IF EXISTS after COMMIT of a foreign key bound to a key
    that the migration replaces, and then of that key, once the key or
    unique index replacing it is built (`waits`): the foreign key is gone
    only from here until it is added back NOT VALID a few steps on, instead
    of through the build. A brief ACCESS EXCLUSIVE lock (a foreign key: on
    both tables). Its reverse (down.sql) adds it back in the transaction."""

    waits: tuple[str, ...] = ()
    inside: bool = False  # its form inside the transaction (compiler/plan/placement.py): the same DROP there
    template = "drop_constraint_after_commit"

    @property
    def kind(self) -> str:
        return "DropConstraintAfterCommit"

    def requires(self):
        return self.waits

    @property
    def after_commit(self):
        return not self.inside

    def in_transaction(self):
        return replace(self, inside=True)

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,) if self.inside else (Hazard.ACCESS_EXCLUSIVE_LOCK,
                                                                   Hazard.NON_TRANSACTIONAL)

    def reverse(self):
        return AddConstraintBack(self.constraint, self.not_valid, self.previous, self.needs, self.waits, self.inside)


@dataclass(frozen=True)
class AddConstraintBack(AddConstraintForChange):
    """down.sql: the constraint a DropConstraintAfterCommit dropped, added
    back as AddConstraintForChange adds it (in the transaction)."""

    waits: tuple[str, ...] = ()
    inside: bool = False  # that of the drop it reverses

    @property
    def kind(self) -> str:
        return "AddConstraintForChange"

    def reverse(self):
        return DropConstraintAfterCommit(self.constraint, self.not_valid, self.previous, self.needs, self.waits,
                                         self.inside)
