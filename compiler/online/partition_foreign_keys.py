"""Online mode: a foreign key added to a partitioned table that exists
(the diff adds it checked at once, compiler/diff/constraints.py, a scan of
every partition under SHARE ROW EXCLUSIVE) is added without a scan under a
lock that blocks writes, in the form `postgres.min_version` allows:

- 18 and later: NOT VALID on the partitioned table, validated after COMMIT
  (SHARE UPDATE EXCLUSIVE on it and its partitions);
- before 18, which refuses NOT VALID there: NOT VALID on each partition,
  each validated after COMMIT, then the partitioned table's ADD CONSTRAINT,
  which takes the partitions' validated foreign keys as its own without a
  scan (compiler/ops/partition_foreign_keys.py; measured on 15 and 18).

Left as it is (checked at once, blocking): a partitioned table the
migration makes, a partition that is partitioned itself (its own foreign
key would be the same NOT VALID one PostgreSQL refuses), partitions added
or removed by the migration, a partition holding a constraint of the
foreign key's name, a foreign key to a partitioned table or to its own
table."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Constraint, Table
from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.keys import AddConstraintForChange, ValidateConstraint
from compiler.ops.partition_foreign_keys import (
    AddForeignKeyNotValidOnPartitioned,
    AddPartitionedForeignKey,
    AddPartitionForeignKey,
)

NOT_VALID_VERSION = 18  # the first PostgreSQL that adds a NOT VALID foreign key to a partitioned table


def partitioned_foreign_keys(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    result: list[Op] = []
    for op in ops:
        if not _checked_on_partitioned(op, catalogs):
            result.append(op)
        elif catalogs.min_version >= NOT_VALID_VERSION:
            result += [AddForeignKeyNotValidOnPartitioned(op.constraint, True, needs=op.needs),
                       ValidateConstraint(op.constraint)]
        else:
            partitions = _partitions(op.constraint, catalogs)
            result += _through_partitions(op, partitions) if partitions else [op]
    return result


def _checked_on_partitioned(op: Op, catalogs: Catalogs) -> bool:
    """Whether `op` adds a foreign key, checked at once, to a partitioned
    table that exists before the migration."""
    if type(op) is not AddConstraintForChange or op.not_valid or op.previous or op.constraint.kind != "foreign_key":
        return False
    table, before = catalogs.target.get(op.constraint.table_key), catalogs.previous.get(op.constraint.table_key)
    return all(isinstance(t, Table) and t.partition_by is not None for t in (table, before))


def _through_partitions(op: AddConstraintForChange, partitions: list[Table]) -> list[Op]:
    fk = op.constraint
    own = [replace(fk, table=p.name, comment=None, renamed_from=None) for p in partitions]
    adds = [AddPartitionForeignKey(c, (*op.requires(), c.table_key)) for c in own]
    return [*adds, *(ValidateConstraint(c) for c in own), AddPartitionedForeignKey(fk, tuple(own), op.requires())]


def _partitions(fk: Constraint, catalogs: Catalogs) -> list[Table] | None:
    """The partitions of the table `fk` is added to, when the form through
    the partitions can take it (see the module's docstring)."""
    table, before = catalogs.target[fk.table_key], catalogs.previous[fk.table_key]
    referenced = catalogs.target.get(fk.ref_table_key)
    if not isinstance(referenced, Table) or referenced.partition_by is not None or referenced.key == table.key:
        return None
    partitions = _of(table, catalogs.target)
    if [p.key for p in partitions] != [p.key for p in _of(before, catalogs.previous)]:
        return None
    if any(p.partition_by is not None for p in partitions):
        return None
    names = {(c.table_key, c.name) for c in (*catalogs.previous.values(), *catalogs.target.values())
             if isinstance(c, Constraint)}
    if any((p.key, fk.name) in names for p in partitions):
        return None
    return partitions


def _of(table: Table, objects: dict) -> list[Table]:
    return sorted((o for o in objects.values() if isinstance(o, Table) and o.schema == table.schema
                   and o.partition_of == table.name), key=lambda o: o.key)
