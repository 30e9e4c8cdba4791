"""Online mode: a column added to an existing table with a default that may
be volatile (a `serial`, `nextval(...)`, `random()`, a function) or an
identity is added empty with its default for new rows (an identity: a
temporary sequence's), the rows there filled after COMMIT in batches, NOT
NULL set through a check, and the identity attached (compiler/ops/
online_columns.py).

The column is added as it is, in the transaction, where PostgreSQL writes
every row anyway (a generated expression, a domain type), on partitioned
tables and partitions, and where the column is in a primary key of the migration
(which needs it NOT NULL as it is attached)."""

from __future__ import annotations

from dataclasses import fields

from compiler.catalog.objects import Constraint, Table
from compiler.diff.context import Catalogs
from compiler.online.not_null import check_name
from compiler.ops.base import Op
from compiler.ops.columns import AddColumn
from compiler.ops.expand_contract import temporary_name
from compiler.ops.online_columns import (
    AddBackfilledCheck,
    AddColumnForBackfill,
    AttachIdentity,
    BackfillColumn,
    ValidateBackfilledCheck,
)
from compiler.ops.online_constraints import DropNotNullCheck, SetNotNullFromCheck


def backfilled_after_commit(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    result: list[Op] = []
    for op in ops:
        if type(op) is not AddColumn or not _backfilled(op, catalogs):
            result.append(op)
            continue
        s, t, c = op.schema, op.table, op.column.name
        identity = op.column.identity
        sequence = temporary_name(f"{t}_{c}", "schemac_seq") if identity is not None else None
        result += [AddColumnForBackfill(*(getattr(op, f.name) for f in fields(op)), sequence=sequence),
                   BackfillColumn(s, t, c)]
        if not op.column.nullable or identity is not None:  # ADD GENERATED ... AS IDENTITY needs it NOT NULL
            name = check_name(s, t, c, catalogs)
            result += [cls(s, t, c, name) for cls in (AddBackfilledCheck, ValidateBackfilledCheck, SetNotNullFromCheck,
                                                      DropNotNullCheck)]
        if identity is not None:
            result.append(AttachIdentity(s, t, c, identity, sequence))
    return result


def _backfilled(op: AddColumn, catalogs: Catalogs) -> bool:
    """Whether the column is added empty and its rows filled after COMMIT:
    its default is what makes PostgreSQL write every row, and the table can
    be filled by ranges of its pages."""
    c = op.column
    if op.data_lost or not op.writes_each_row or c.generated is not None or c.type.kind == "domain":
        return False
    table_key = f"table:{op.schema}.{op.table}"
    table = catalogs.previous.get(table_key)
    if not isinstance(table, Table) or table.partition_by is not None or table.partition_of is not None:
        return False
    return not any(isinstance(o, Constraint) and o.table_key == table_key and o.kind == "primary_key"
                   and c.name in o.columns for o in catalogs.target.values())
