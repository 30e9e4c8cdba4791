"""The online forms of a partition made beside a default partition and of a
changed partition bound (compiler/online/partitions.py makes them;
docs/online.md says why).

PostgreSQL skips its scan of a table whose valid CHECK constraints prove
the partition constraint it is about to hold: ATTACH PARTITION for the
partition attached, CREATE TABLE ... PARTITION OF and ATTACH PARTITION for
the default partition (which must then hold no row of the new bound). So a
check stating the bound (on the default partition: stating that its rows
are not of it) is added NOT VALID in the transaction (an instant of ACCESS
EXCLUSIVE on that partition, no scan), validated after COMMIT (the scan,
under SHARE UPDATE EXCLUSIVE: writes go on), then the partition is made or
detached and attached again (brief ACCESS EXCLUSIVE, no scan), then the
check dropped. Each step after COMMIT can run again: VALIDATE of a valid
check does nothing, CREATE TABLE says IF NOT EXISTS, DETACH and ATTACH
again with the checks still valid is as brief, the drop says IF EXISTS.
Each has a form inside the transaction (`inside`, compiler/plan/placement.py)
and an exact reverse (`undo`) for down.sql.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import PartitionBound
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.online_constraints import AddsTemporaryCheck, ValidatesTemporaryCheck
from compiler.ops.online_steps import RunsAfterCommitOnTable
from compiler.ops.partitions import AlterPartitionBound, CreatePartitionBesideDefault

_PHASE = 5  # with the tables


def bound_check_key(schema: str, partition: str, holder: str) -> str:
    """The key of the check on `holder` stating `partition`'s bound."""
    return f"table:{schema}.{partition}:bound_check:{holder}"


@dataclass(frozen=True)
class _BoundCheckStep(RunsAfterCommitOnTable, Op):
    """What the three steps of a bound check share: the table holding it
    (the partition, or the default partition with `negated`), the partition
    whose bound it states, its name, and the parent's one-column key."""

    schema: str
    table: str  # the table holding the check
    partition: str  # the partition whose (target) bound the check states
    check: str  # the check's name (compiler/online/partitions.py `bound_check_name`)
    column: str  # the parent's partition key: one column, default operator class and collation
    bound: PartitionBound
    negated: bool = False  # on the default partition: its rows are NOT of the bound
    undo: bool = False  # the reverse, in down.sql
    inside: bool = False  # the form inside the transaction (compiler/plan/placement.py)
    phase = _PHASE

    @property
    def _check_key(self) -> str:
        return bound_check_key(self.schema, self.partition, self.table)

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class AddBoundCheck(AddsTemporaryCheck, _BoundCheckStep):
    """ALTER TABLE <holder> ADD CONSTRAINT <check> CHECK (<bound>) NOT VALID,
    or CHECK (NOT (<bound>)) on the default partition: no scan; rows written
    from here on are checked (a row of the new bound routed to the default
    partition is refused until the partition takes it). Its reverse drops
    it IF EXISTS (what a run that stopped after COMMIT left)."""

    template = "add_bound_check"

    @property
    def after_commit(self):
        return False

    @property
    def key(self):
        return self._check_key

    def requires(self):
        return () if self.undo else (self._table,)



@dataclass(frozen=True)
class ValidateBoundCheck(ValidatesTemporaryCheck, _BoundCheckStep):
    """VALIDATE CONSTRAINT <check>: the scan, under SHARE UPDATE EXCLUSIVE.
    Fails on a row of the holder outside the bound (in the default
    partition: a row of the new bound); the rows stay where they are."""

    template = "validate_bound_check"

    @property
    def key(self):
        return self._check_key + ":validate"

    def requires(self):
        return () if self.undo else (self._check_key,)


@dataclass(frozen=True)
class DropBoundCheck(_BoundCheckStep):
    """DROP CONSTRAINT IF EXISTS <check>, once the partition constraint
    holds what it said. Its reverse has nothing to put back. `after`: the
    key of the step it waits for (the partition made or its bound changed)."""

    after: str = ""
    template = "drop_bound_check"
    validates_only = True  # drops only the check it made, which no other drop takes along

    @property
    def key(self):
        return self._check_key + ":remove"

    def requires(self):
        return () if self.undo else (self.after,)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return () if self.undo else ((self._table, Lock.ACCESS_EXCLUSIVE),)


class ProvenByValidChecks:
    """What a partition step that valid checks prove is, for the step (an Op
    with `validated`, the keys of the VALIDATE steps it waits for, and
    `inside`, its form inside the transaction for compiler/plan/placement.py)
    over the transactional step it stands for: after COMMIT, ACCESS
    EXCLUSIVE for an instant, no scan."""

    @property
    def after_commit(self):
        return not self.inside

    def requires(self):
        return super().requires() + self.validated

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def scans(self):
        return False  # the valid checks prove it

    def in_transaction(self):
        return replace(self, inside=True)


@dataclass(frozen=True)
class CreatePartitionFromCheck(ProvenByValidChecks, CreatePartitionBesideDefault):
    """CREATE TABLE IF NOT EXISTS ... PARTITION OF, after COMMIT, once the
    default partition's valid check proves it holds no row of the new bound:
    no scan, ACCESS EXCLUSIVE on the parent and the default partition for an
    instant (CreatePartitionBesideDefault's locks)."""

    validated: tuple[str, ...] = ()
    inside: bool = False
    if_not_exists = True


@dataclass(frozen=True)
class SwapPartitionBound(ProvenByValidChecks, AlterPartitionBound):
    """DETACH PARTITION, then ATTACH PARTITION with the new bound, in one
    short transaction after COMMIT, once the partition's valid check (and
    the default partition's) prove the new bound: no scan, ACCESS EXCLUSIVE
    on the parent, the partition and the default partition for an instant.
    Its reverse (down.sql) is the transactional AlterPartitionBound."""

    validated: tuple[str, ...] = ()
    default: str | None = None  # the key of the parent's default partition, if it has one
    inside: bool = False
    template = "swap_partition_bound"

    @property
    def table_locks(self):
        default = ((self.default, Lock.ACCESS_EXCLUSIVE),) if self.default else ()
        return super().table_locks + default

    def reverse(self):
        return AlterPartitionBound(self.after, self.before)
