"""Changes of a partitioned table and its partitions that PostgreSQL makes
in place: a partition's bound (DETACH, then ATTACH with the new bound) and a
table's persistence (SET LOGGED / SET UNLOGGED)."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Table
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.ddl import CreateTable, DropTable

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

    @property
    def table_locks(self):
        return ((self.after.parent_key, Lock.ACCESS_EXCLUSIVE), (self.after.key, Lock.ACCESS_EXCLUSIVE))

    @property
    def scans(self):
        return True  # ATTACH checks every row of the partition (and of the default partition)

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

    @property
    def table_locks(self):
        return ((f"table:{self.schema}.{self.table}", Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterTablePersistence(self.schema, self.table, not self.unlogged)


@dataclass(frozen=True)
class RecreateTable(Op):
    """DROP TABLE of a table whose partitioning changes (its partitions,
    keys, indexes, triggers, policies and grants go with it), among the
    creates: the new table and everything on it are then made by their own
    steps. Its reverse, RestoreTable, makes the previous table and all of
    that again, empty. Key `<table key>:drop`."""

    table: Table
    restore: tuple = ()  # the steps that make the previous table and its objects, in order
    template = "recreate_table"
    phase = 2

    @property
    def key(self):
        return self.table.key + ":drop"

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE, Hazard.ACCESS_EXCLUSIVE_LOCK, Hazard.IRREVERSIBLE)

    @property
    def relations_freed(self) -> frozenset[str]:
        """The relations the DROP takes along (partitions, indexes, keys'
        indexes, owned sequences): a step making one of their names waits
        for it (compiler/ops/relations.py)."""
        from compiler.ops.relations import names_made
        return frozenset(name for step in self.restore for name in names_made(step))

    @property
    def table_locks(self):
        parent = ((self.table.parent_key, Lock.ACCESS_EXCLUSIVE),) if self.table.partition_of else ()
        return ((self.table.key, Lock.ACCESS_EXCLUSIVE), *parent)

    def reverse(self):
        return RestoreTable(self.table, self.restore)


@dataclass(frozen=True)
class RestoreTable(RecreateTable):
    """The reverse of RecreateTable (down.sql only): the previous table with
    its partitions and objects, made again empty."""

    template = "restore_table"

    @property
    def hazards(self):
        return ()

    @property
    def table_locks(self):
        """What its steps lock of the tables they do not make again."""
        made = {step.table.key for step in self.restore if isinstance(step, CreateTable)}
        return tuple(lock for step in self.restore for lock in step.table_locks if lock[0] not in made)

    def reverse(self):
        return RecreateTable(self.table, self.restore)


@dataclass(frozen=True)
class CreatePartitionBesideDefault(CreateTable):
    """CREATE TABLE ... PARTITION OF a table that exists with a default
    partition: PostgreSQL scans the default partition and refuses the new
    partition if rows there belong to it (move them first)."""

    @property
    def hazards(self):
        return (Hazard.VALIDATES_ROWS, Hazard.ACCESS_EXCLUSIVE_LOCK)

    @property
    def scans(self):
        return True  # the default partition's rows are checked against the new bound

    def reverse(self):
        return DropPartitionBesideDefault(self.table, self.constraints, self.needs)


@dataclass(frozen=True)
class DropPartitionBesideDefault(DropTable):
    """The reverse of CreatePartitionBesideDefault (down.sql only)."""

    def reverse(self):
        return CreatePartitionBesideDefault(self.table, self.constraints, data_lost=True, needs=self.needs)
