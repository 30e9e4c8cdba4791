"""A foreign key added to a partitioned table that exists, online, on
PostgreSQL before 18 (compiler/online/partition_foreign_keys.py chooses it),
which refuses NOT VALID foreign keys on a partitioned table. Measured on 15
and 18 (tests/test_online_partition_foreign_keys.py):

1. `AddPartitionForeignKey`, in the transaction, for each partition: the
   foreign key added to it NOT VALID under the parent's constraint name
   (SHARE ROW EXCLUSIVE on the partition and the referenced table for an
   instant, no scan);
2. `ValidateConstraintAfterCommit` of each, after COMMIT: the scan, under
   SHARE UPDATE EXCLUSIVE, writes going on;
3. `AddPartitionedForeignKey`, after COMMIT: ADD CONSTRAINT on the parent,
   which takes each partition's validated foreign key of the same
   definition as its own, with no scan: SHARE ROW EXCLUSIVE on the parent
   and the partitions, and ACCESS EXCLUSIVE on the referenced table (the
   partitions' triggers there are dropped), each for an instant. Run only
   while the parent has no constraint of its name, so a run that was not
   recorded finds the work done.

down.sql drops the parent's foreign key, and the partitions' with it; their
own steps back drop them IF EXISTS (a failed run may have left them alone).
The steps carry `version_chosen`: `postgres.min_version` chose this form
(plan.json records it, so `schemac check` plans it again alike)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.keys import AddConstraintForChange
from compiler.ops.online_foreign_keys import AddsForeignKeyNotValid
from compiler.ops.online_steps import RunsAfterCommit

_PHASE = 6  # with the other constraints


@dataclass(frozen=True)
class AddPartitionForeignKey(AddsForeignKeyNotValid, Op):
    """The parent's foreign key added NOT VALID to one partition (`constraint`,
    on the partition), in the transaction; its reverse drops it IF EXISTS."""

    constraint: Constraint
    needs: tuple[str, ...] = ()  # those of the parent's step it stands for
    undo: bool = False
    template = "add_partition_foreign_key"
    phase = _PHASE
    version_chosen = True

    def requires(self):
        return () if self.undo else self.needs


@dataclass(frozen=True)
class AddPartitionedForeignKey(RunsAfterCommit, Op):
    """ADD CONSTRAINT of the foreign key on the partitioned table once each
    partition holds it validated (`partitions`, their constraints): after
    COMMIT, or in the transaction (`inside`) when a step there needs it."""

    constraint: Constraint
    partitions: tuple[Constraint, ...] = ()
    needs: tuple[str, ...] = ()  # those of the step it stands for
    undo: bool = False
    inside: bool = False
    template = "add_partitioned_foreign_key"
    phase = _PHASE
    version_chosen = True

    @property
    def key(self):
        return self.constraint.key

    def requires(self):
        return () if self.undo else (*self.needs, *(p.key + ":validate" for p in self.partitions))

    @property
    def hazards(self):
        if self.undo:
            return (Hazard.ACCESS_EXCLUSIVE_LOCK,)
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,) + (() if self.inside else (Hazard.NON_TRANSACTIONAL,))

    @property
    def table_locks(self):
        """SHARE ROW EXCLUSIVE on the parent and its partitions, ACCESS
        EXCLUSIVE on the referenced table (measured); dropped: ACCESS
        EXCLUSIVE on all of them."""
        c = self.constraint
        lock = Lock.ACCESS_EXCLUSIVE if self.undo else Lock.SHARE_ROW_EXCLUSIVE
        return ((c.table_key, lock), *((p.table_key, lock) for p in self.partitions),
                (c.ref_table_key, Lock.ACCESS_EXCLUSIVE))

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class AddForeignKeyNotValidOnPartitioned(AddConstraintForChange):
    """PostgreSQL 18 and later: the foreign key added NOT VALID to the
    partitioned table itself (no scan), validated after COMMIT by its own
    step; `postgres.min_version` chose it."""

    version_chosen = True

    @property
    def kind(self) -> str:
        return "AddConstraintForChange"


def partition_constraint(parent: Constraint, partition: str) -> Constraint:
    """The parent's foreign key as PostgreSQL names it on a partition."""
    return replace(parent, table=partition, comment=None, source=None)

