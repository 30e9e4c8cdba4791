"""Online mode: a partition made beside a default partition, and a changed
partition bound, without a scan under ACCESS EXCLUSIVE
(compiler/ops/online_partitions.py). A check stating the bound is added NOT
VALID in the transaction, on the default partition (its rows are not of the
bound) and, for a changed bound, on the partition (its rows are of the new
bound); after COMMIT each is validated (the scan, writes go on), then the
partition is made (CREATE TABLE ... PARTITION OF) or detached and attached
again with its new bound, which PostgreSQL proves from the valid checks
without a scan, then the checks are dropped.

Kept as they are (their scan under ACCESS EXCLUSIVE): a parent partitioned
by hash or on more than one column, an expression, or a column with an
operator class or collation of its own (PostgreSQL writes the partition
constraint with those, and a check written otherwise might not prove it), a
list of more than 100 values (PostgreSQL's proof compares at most 100), a
bound that becomes or stops being the default, a default partition that
the migration drops or makes, and a new partition that another step of the
migration needs (its own indexes, grants, ...): those run in the
transaction, which would then validate the check there, under the ACCESS
EXCLUSIVE lock its addition took, so the plan says the scan as it is."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from compiler.catalog.names import MAX_IDENTIFIER_BYTES, byte_length, clip
from compiler.catalog.objects import Constraint, PartitionBound, Table
from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.online_partitions import (
    AddBoundCheck,
    CreatePartitionFromCheck,
    DropBoundCheck,
    SwapPartitionBound,
    ValidateBoundCheck,
)
from compiler.ops.partitions import AlterPartitionBound, CreatePartitionBesideDefault

PREFIX = "schemac_bound_"
_MAX_LIST_VALUES = 100  # predtest.c MAX_SAOP_ARRAY_SIZE: a longer list is not taken apart to prove it


def partitions_through_checks(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    needed = {key for op in ops for key in op.requires()}
    result: list[Op] = []
    for op in ops:
        if type(op) is CreatePartitionBesideDefault and op.table.key not in needed:
            result += _created(op, catalogs) or [op]
        elif type(op) is AlterPartitionBound:
            result += _rebound(op, catalogs) or [op]
        else:
            result.append(op)
    return result


def _created(op: CreatePartitionBesideDefault, catalogs: Catalogs) -> list[Op]:
    table = op.table
    column, default = _key_column(table, catalogs), _default_partition(table, catalogs)
    if column is None or default is None or not _provable(table.bound):
        return []
    checks = [_steps(table, default.name, column, negated=True, catalogs=catalogs)]
    return _around(checks, CreatePartitionFromCheck(op.table, op.constraints, op.data_lost, op.needs,
                                                    validated=tuple(c[1].key for c in checks)))


def _rebound(op: AlterPartitionBound, catalogs: Catalogs) -> list[Op]:
    before, after = op.before, op.after
    column = _key_column(after, catalogs)
    if column is None or not _provable(after.bound) or before.bound.kind == "default":
        return []
    default = _default_partition(after, catalogs)
    checks = [_steps(after, after.name, column, negated=False, catalogs=catalogs)]
    if default is not None:
        checks.append(_steps(after, default.name, column, negated=True, catalogs=catalogs))
    swap = SwapPartitionBound(before, after, validated=tuple(c[1].key for c in checks),
                              default=default.key if default is not None else None)
    return _around(checks, swap)


def _around(checks: list[tuple[AddBoundCheck, ValidateBoundCheck, DropBoundCheck]], step: Op) -> list[Op]:
    """The checks added and validated, the step, the checks dropped."""
    return [*(c[0] for c in checks), *(c[1] for c in checks), step, *(replace(c[2], after=step.key) for c in checks)]


def _steps(partition: Table, holder: str, column: str, negated: bool, catalogs: Catalogs):
    name = bound_check_name(partition.schema, holder, partition.name, catalogs)
    fields = dict(schema=partition.schema, table=holder, partition=partition.name, check=name, column=column,
                  bound=partition.bound, negated=negated)
    return AddBoundCheck(**fields), ValidateBoundCheck(**fields), DropBoundCheck(**fields)


def _key_column(partition: Table, catalogs: Catalogs) -> str | None:
    """The parent's partition key column when the key is one plain column
    (range or list) that a check can state the bound on."""
    parent = catalogs.target.get(partition.parent_key)
    key = getattr(parent, "partition_by", None)
    if key is None or key.strategy not in ("range", "list") or len(key.elements) != 1:
        return None
    element = key.elements[0]
    if element.column is None or element.opclass is not None or element.collate is not None:
        return None
    return element.column


def _provable(bound: PartitionBound | None) -> bool:
    if bound is None or bound.kind not in ("range", "list"):
        return False
    if bound.kind == "range":
        return len(bound.lower) == 1 and len(bound.upper) == 1
    return 0 < len(bound.values) <= _MAX_LIST_VALUES


def _default_partition(partition: Table, catalogs: Catalogs) -> Table | None:
    """The parent's default partition, when it is there before and after the
    migration and stays the default (not `partition` itself)."""
    found = [o for o in catalogs.target.values() if isinstance(o, Table) and o.parent_key == partition.parent_key
             and o.bound is not None and o.bound.kind == "default" and o.key != partition.key]
    if not found:
        return None
    previous = catalogs.previous.get(found[0].key)
    if not isinstance(previous, Table) or previous.bound != found[0].bound or previous.parent_key != found[0].parent_key:
        return None
    return found[0]


def bound_check_name(schema: str, holder: str, partition: str, catalogs: Catalogs) -> str:
    """`schemac_bound_<partition>_<8 hex digits>`, within 63 bytes (the name
    clipped), the digits a hash of the schema, the table holding the check
    and the partition: the same in every regeneration, and different from
    the name of every constraint of the table on both sides of the migration."""
    taken = {c.name for side in (catalogs.previous, catalogs.target) for c in side.values()
             if isinstance(c, Constraint) and (c.schema, c.table) == (schema, holder)}
    attempt = 0
    while True:
        digest = hashlib.sha256(f"{schema}.{holder}.{partition}.{attempt}".encode()).hexdigest()[:8]
        room = MAX_IDENTIFIER_BYTES - byte_length(PREFIX) - 1 - len(digest)
        name = f"{PREFIX}{clip(partition, room)}_{digest}"
        if name not in taken:
            return name
        attempt += 1
