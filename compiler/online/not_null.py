"""Online mode: SET NOT NULL on a column that exists before the migration
goes through a check (compiler/ops/online_constraints.py): in the
transaction, `CHECK (<column> IS NOT NULL) NOT VALID`; after COMMIT, its
VALIDATE (the scan, writes go on), SET NOT NULL (proven from the valid check
by PostgreSQL 12+, no scan), and the check dropped.

Today's one step stays where something needs the column NOT NULL inside the
transaction or changes it there: a primary key of the migration on it (ADD
PRIMARY KEY sets NOT NULL itself), a type change, an identity or a generated
expression of the column; and on partitioned tables, whose partitions each
hold the column."""

from __future__ import annotations

import hashlib

from compiler.catalog.names import MAX_IDENTIFIER_BYTES, byte_length, clip
from compiler.catalog.objects import Constraint
from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.columns import AlterColumnNullability
from compiler.ops.online_constraints import (
    AddNotNullCheck,
    DropNotNullCheck,
    SetNotNullFromCheck,
    ValidateNotNullCheck,
)

PREFIX = "schemac_not_null_"
_CHANGED_IN_PLACE = (":type", ":generated", ":identity")  # steps that change the column itself


def not_null_through_checks(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    kept = _kept(ops, catalogs)
    result: list[Op] = []
    for op in ops:
        if type(op) is AlterColumnNullability and not op.nullable and (op.schema, op.table, op.column) not in kept:
            name = check_name(op.schema, op.table, op.column, catalogs)
            result += [cls(op.schema, op.table, op.column, name)
                       for cls in (AddNotNullCheck, ValidateNotNullCheck, SetNotNullFromCheck, DropNotNullCheck)]
        else:
            result.append(op)
    return result


def _kept(ops: list[Op], catalogs: Catalogs) -> set[tuple[str, str, str]]:
    """(schema, table, column) of the columns whose SET NOT NULL stays one step."""
    changed = {k.removesuffix(suffix) for op in ops for k in (op.key, *op.provides())
               for suffix in _CHANGED_IN_PLACE if k.endswith(suffix)}
    kept = set()
    for op in ops:
        c = getattr(op, "constraint", None)
        if isinstance(c, Constraint) and c.kind == "primary_key" and not op.after_commit:
            # a key attached after COMMIT (compiler/online/indexes.py) waits for the NOT NULL made from the check
            kept |= {(c.schema, c.table, column) for column in c.columns}
        if type(op) is AlterColumnNullability:
            table = catalogs.target.get(f"table:{op.schema}.{op.table}")
            partitioned = getattr(table, "partition_by", None) is not None or getattr(table, "partition_of", None)
            if partitioned or f"column:{op.schema}.{op.table}.{op.column}" in changed:
                kept.add((op.schema, op.table, op.column))
    return kept


def check_name(schema: str, table: str, column: str, catalogs: Catalogs) -> str:
    """`schemac_not_null_<column>_<8 hex digits>`, within 63 bytes (the column
    clipped), the digits a hash of the column's schema, table and name: the
    same in every regeneration, and different from the name of every
    constraint of the table on both sides of the migration."""
    taken = {c.name for side in (catalogs.previous, catalogs.target) for c in side.values()
             if isinstance(c, Constraint) and (c.schema, c.table) == (schema, table)}
    attempt = 0
    while True:
        digest = hashlib.sha256(f"{schema}.{table}.{column}.{attempt}".encode()).hexdigest()[:8]
        room = MAX_IDENTIFIER_BYTES - byte_length(PREFIX) - 1 - len(digest)
        name = f"{PREFIX}{clip(column, room)}_{digest}"
        if name not in taken:
            return name
        attempt += 1
