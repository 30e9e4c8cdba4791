"""Create and drop operations for schemas, extensions, enums, tables,
constraints and indexes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint, Enum, Extension, Index, Schema, Table
from compiler.catalog.user_types import type_keys
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op

_DROP = (Hazard.DESTRUCTIVE, Hazard.ACCESS_EXCLUSIVE_LOCK)


def constraint_locks(c: Constraint) -> tuple[tuple[str, Lock], ...]:
    """ADD CONSTRAINT: a foreign key takes SHARE ROW EXCLUSIVE on its table
    and on the table it references (reads go on), anything else ACCESS
    EXCLUSIVE on its table."""
    if c.kind == "foreign_key":
        return ((c.table_key, Lock.SHARE_ROW_EXCLUSIVE), (c.ref_table_key, Lock.SHARE_ROW_EXCLUSIVE))
    return ((c.table_key, Lock.ACCESS_EXCLUSIVE),)


def dropped_constraint_locks(c: Constraint) -> tuple[tuple[str, Lock], ...]:
    """DROP CONSTRAINT: ACCESS EXCLUSIVE on its table, and for a foreign key
    on the table it references (its triggers there go)."""
    referenced = ((c.ref_table_key, Lock.ACCESS_EXCLUSIVE),) if c.kind == "foreign_key" else ()
    return ((c.table_key, Lock.ACCESS_EXCLUSIVE), *referenced)


def _schema_key(schema: str) -> tuple[str, ...]:
    return () if schema == "public" else (f"schema:{schema}",)


@dataclass(frozen=True)
class CreateSchema(Op):
    schema: Schema
    template = "create_schema"
    phase = 0

    @property
    def key(self):
        return self.schema.key

    table_locks = ()  # no table

    def reverse(self):
        return DropSchema(self.schema)


@dataclass(frozen=True)
class DropSchema(Op):
    schema: Schema
    template = "drop_schema"
    creates = False

    @property
    def key(self):
        return self.schema.key

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)

    table_locks = ()  # no table

    def reverse(self):
        return CreateSchema(self.schema)


@dataclass(frozen=True)
class CreateExtension(Op):
    extension: Extension
    template = "create_extension"
    phase = 1

    @property
    def key(self):
        return self.extension.key

    table_locks = ()  # no table

    def reverse(self):
        return DropExtension(self.extension)


@dataclass(frozen=True)
class DropExtension(Op):
    extension: Extension
    template = "drop_extension"
    creates = False

    @property
    def key(self):
        return self.extension.key

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)

    table_locks = ()  # no table

    def reverse(self):
        return CreateExtension(self.extension)


@dataclass(frozen=True)
class AlterExtensionSchema(Op):
    """ALTER EXTENSION ... SET SCHEMA: the extension's objects move, the
    columns of its types keep their values. Only relocatable extensions can
    move (pg_extension.extrelocatable); PostgreSQL refuses the others itself."""

    before: Extension
    after: Extension
    template = "alter_extension_schema"
    phase = 1

    @property
    def extension(self):
        return self.after

    @property
    def key(self):
        return self.after.key + ":schema"

    def requires(self):
        return (self.after.key, *_schema_key(self.after.schema))

    table_locks = ()  # no table

    def reverse(self):
        return AlterExtensionSchema(self.after, self.before)


@dataclass(frozen=True)
class CreateEnum(Op):
    enum: Enum
    template = "create_enum"
    phase = 3

    @property
    def key(self):
        return self.enum.key

    def requires(self):
        return _schema_key(self.enum.schema)

    table_locks = ()  # no table

    def reverse(self):
        return DropEnum(self.enum)


@dataclass(frozen=True)
class DropEnum(Op):
    enum: Enum
    template = "drop_enum"
    creates = False

    @property
    def key(self):
        return self.enum.key

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)

    table_locks = ()  # no table

    def reverse(self):
        return CreateEnum(self.enum)


@dataclass(frozen=True)
class CreateTable(Op):
    """CREATE TABLE with its columns and the constraints that can be written
    inline (keys, checks, and foreign keys to tables that exist by then).
    `needs`: keys of other steps its foreign keys wait for (the keys they
    bind to, when made or dropped in the same migration)."""

    table: Table
    constraints: tuple[Constraint, ...] = ()
    data_lost: bool = False  # the reverse of a dropped table: it comes back empty
    needs: tuple[str, ...] = ()
    template = "create_table"
    phase = 5
    if_not_exists = False  # a partition made after COMMIT (compiler/ops/online_partitions.py) may be made already

    @property
    def key(self):
        return self.table.key

    def requires(self):
        keys = list(_schema_key(self.table.schema))
        keys += type_keys(c.type for c in self.table.columns)  # enums, domains, composite and range types
        keys += [c.ref_table_key for c in self.constraints if c.kind == "foreign_key"]
        keys += [k for c in self.constraints for k in c.depends_on]
        keys += [k for c in self.table.columns for k in c.depends_on]
        if self.table.partition_of:
            keys.append(self.table.parent_key)
        return tuple(keys) + self.needs

    @property
    def table_locks(self):
        """The new table is locked by no one else; its foreign keys take
        SHARE ROW EXCLUSIVE on the tables they reference, a partition
        ACCESS EXCLUSIVE on its parent."""
        locks = [(c.ref_table_key, Lock.SHARE_ROW_EXCLUSIVE) for c in self.constraints
                 if c.kind == "foreign_key" and c.ref_table_key != self.table.key]
        if self.table.partition_of:
            locks.append((self.table.parent_key, Lock.ACCESS_EXCLUSIVE))
        return tuple(locks)

    def after_commit_form(self, waited):
        """The table made in the transaction without its foreign keys to the
        tables of the steps `waited` (keys built after COMMIT), those added
        after COMMIT, NOT VALID, then validated (writers may fill the table
        from COMMIT on). Not for a partitioned table or a partition (NOT
        VALID refused there before PostgreSQL 18)."""
        from compiler.ops.online_constraints import ValidateConstraintAfterCommit
        from compiler.ops.online_foreign_keys import AddForeignKeyAfterCommit
        tables = {obj.table_key for op in waited for obj in (getattr(op, "index", None),
                                                              getattr(op, "constraint", None)) if obj is not None}
        later = [c for c in self.constraints if c.kind == "foreign_key" and c.ref_table_key in tables]
        if not later or self.table.partition_by is not None or self.table.partition_of is not None:
            return None
        waited_keys = {k for op in waited for k in (op.key, *op.provides())}
        kept = replace(self, constraints=tuple(c for c in self.constraints if c not in later),
                       needs=tuple(k for k in self.needs if k not in waited_keys))
        waits = (self.table.key, *waited_keys & set(self.needs))
        return (kept, *(AddForeignKeyAfterCommit(c, tuple(sorted({*waits, c.ref_table_key, *c.depends_on})))
                        for c in later), *(ValidateConstraintAfterCommit(c) for c in later))

    def reverse(self):
        return DropTable(self.table, self.constraints, self.needs)


@dataclass(frozen=True)
class DropTable(Op):
    table: Table
    constraints: tuple[Constraint, ...] = ()
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_table"
    creates = False

    @property
    def key(self):
        return self.table.key

    @property
    def hazards(self):
        return _DROP + (Hazard.IRREVERSIBLE,)

    @property
    def table_locks(self):
        """The table, its parent (a partition), and the tables its foreign
        keys reference (their triggers go with it)."""
        parent = ((self.table.parent_key, Lock.ACCESS_EXCLUSIVE),) if self.table.partition_of else ()
        return ((self.table.key, Lock.ACCESS_EXCLUSIVE), *parent,
                *((c.ref_table_key, Lock.ACCESS_EXCLUSIVE) for c in self.constraints
                  if c.kind == "foreign_key" and c.ref_table_key != self.table.key))

    def reverse(self):
        return CreateTable(self.table, self.constraints, data_lost=True, needs=self.needs)


@dataclass(frozen=True)
class AddConstraint(Op):
    """ALTER TABLE ... ADD CONSTRAINT on a table made in the same migration.
    `needs`: keys of other steps a foreign key waits for (see CreateTable)."""

    constraint: Constraint
    needs: tuple[str, ...] = ()
    template = "add_constraint"
    phase = 6

    @property
    def key(self):
        return self.constraint.key

    def requires(self):
        keys = [self.constraint.table_key]
        if self.constraint.ref_table_key:
            keys.append(self.constraint.ref_table_key)
        return tuple(keys) + self.needs

    @property
    def table_locks(self):
        return constraint_locks(self.constraint)

    @property
    def scans(self):
        return True  # checked against every row (a key builds its index)

    def reverse(self):
        return DropConstraint(self.constraint, self.needs)


@dataclass(frozen=True)
class DropConstraint(Op):
    constraint: Constraint
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_constraint"
    creates = False

    @property
    def key(self):
        return self.constraint.key

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return dropped_constraint_locks(self.constraint)

    def reverse(self):
        return AddConstraint(self.constraint, self.needs)


@dataclass(frozen=True)
class CreateIndex(Op):
    index: Index
    concurrently: bool = False  # only for tables that exist before the migration
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses (compiler/diff/column_users.py)
    template = "create_index"
    phase = 7

    @property
    def key(self):
        return self.index.key

    def requires(self):
        return (self.index.table_key,) + self.index.depends_on + self.needs

    @property
    def hazards(self):
        """Built CONCURRENTLY (only on a table that exists before the
        migration), it runs after COMMIT and, unique, fails on duplicate rows
        (as CreateIndexForChange, compiler/ops/keys.py)."""
        if not self.concurrently:
            return ()
        return (Hazard.VALIDATES_ROWS, Hazard.NON_TRANSACTIONAL) if self.index.unique else (Hazard.NON_TRANSACTIONAL,)

    @property
    def clears_leftover(self) -> bool:
        """Whether the step first drops an index of its name, if any: built
        CONCURRENTLY, after COMMIT, a failure (duplicate rows for a unique
        index) leaves an INVALID index of that name behind, and running the
        step again would fail on it. The index is new in the plan (names
        freed by drops come before, compiler/ops/relations.py), so an index
        of that name can only be that leftover."""
        return self.concurrently

    def in_transaction(self):
        return replace(self, concurrently=False)

    @property
    def table_locks(self):
        return ((self.index.table_key, Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrently else Lock.SHARE),)

    @property
    def scans(self):
        return True  # the build reads every row

    def reverse(self):
        return DropIndex(self.index, self.concurrently, self.needs)


@dataclass(frozen=True)
class DropIndex(Op):
    index: Index
    concurrently: bool = False
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_index"
    creates = False

    @property
    def key(self):
        return self.index.key

    @property
    def hazards(self):
        return (Hazard.NON_TRANSACTIONAL,) if self.concurrently else ()

    def in_transaction(self):
        return replace(self, concurrently=False)

    @property
    def table_locks(self):
        return ((self.index.table_key, Lock.SHARE_UPDATE_EXCLUSIVE if self.concurrently else Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return CreateIndex(self.index, self.concurrently, self.needs)
