"""Changes of a partitioned table and its partitions that PostgreSQL makes
in place: a partition's bound (DETACH, then ATTACH with the new bound) and a
table's persistence (SET LOGGED / SET UNLOGGED)."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Table
from compiler.ops.base import Hazard, Op

_PHASE = 5  # with the tables


@dataclass(frozen=True)
class AlterPartitionBound(Op):
    """ALTER TABLE parent DETACH PARTITION p, then ATTACH PARTITION p with
    its new bound: PostgreSQL checks every row of p against the new bound
    (and the default partition's rows, if any, against it)."""

    before: Table
    after: Table
    template = "alter_partition_bound"
    phase = _PHASE

    @property
    def key(self):
        return self.after.key + ":bound"

    def requires(self):
        return (self.after.key, self.after.parent_key)

    @property
    def hazards(self):
        return (Hazard.VALIDATES_ROWS, Hazard.ACCESS_EXCLUSIVE_LOCK)

    def reverse(self):
        return AlterPartitionBound(self.after, self.before)


@dataclass(frozen=True)
class AlterTablePersistence(Op):
    """ALTER TABLE ... SET LOGGED | SET UNLOGGED: PostgreSQL rewrites the
    table (and writes it all to the WAL when it becomes logged)."""

    schema: str
    table: str
    unlogged: bool
    template = "alter_table_persistence"
    phase = _PHASE

    @property
    def key(self):
        return f"table:{self.schema}.{self.table}:persistence"

    def requires(self):
        return (f"table:{self.schema}.{self.table}",)

    @property
    def hazards(self):
        return (Hazard.REWRITES_TABLE, Hazard.ACCESS_EXCLUSIVE_LOCK)

    def reverse(self):
        return AlterTablePersistence(self.schema, self.table, not self.unlogged)
