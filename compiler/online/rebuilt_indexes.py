"""Online mode for an index the diff drops before a type change of its
table and makes again after it, when that type change is an instant (no
rewrite, no scan: varchar(50) to varchar(100)): PostgreSQL would rebuild an
index with an expression or a predicate inside the ALTER TABLE even then
(it reuses only a plain index), so the transaction drops it first (an
instant) and the ALTER TABLE builds nothing; the index is then built
`CONCURRENTLY` after COMMIT (an index of its name left INVALID by a failed
run dropped first), instead of under SHARE in the transaction.

Only a non-unique index: the table is without it from COMMIT until the
build ends, which costs the queries it serves that long but lets no row in
that it would refuse; a unique one stays in the transaction. down.sql drops
the index again inside its transaction (its type change waits for the
drop: compiler/plan/placement.py), where its renames back follow, so the
migration may rename the index, its table or columns. A type change that
rewrites or scans the table is left as it is: it blocks writes anyway (or
goes by expand/contract, which builds the index on the new column:
compiler/online/shadow_indexes.py)."""

from __future__ import annotations

from compiler.catalog.objects import Table
from compiler.diff.context import Catalogs
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.columns import AlterColumnTypes
from compiler.ops.keys import CreateIndexForChange
from compiler.ops.rebuilt_indexes import RebuiltIndexAfterCommit


def _instant(op: Op) -> bool:
    return isinstance(op, AlterColumnTypes) and not any(
        h in op.hazards for h in (Hazard.REWRITES_TABLE, Hazard.VALIDATES_ROWS))


def built_after_instant_type_changes(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    instant = {op.key for op in ops if _instant(op)}
    result: list[Op] = []
    for op in ops:
        if (type(op) is CreateIndexForChange and not op.previous and not op.concurrently and not op.index.unique
                and op.index.relation == "table" and op.needs and set(op.needs) <= instant
                and _plain_table(op.index.table_key, catalogs)):
            op = RebuiltIndexAfterCommit(op.index, True, (*op.needs, op.key + DROP))
        result.append(op)
    return result


def _plain_table(key: str, catalogs: Catalogs) -> bool:
    """A table of both catalogs that is not partitioned (CONCURRENTLY cannot build there)."""
    tables = [c.get(key) for c in (catalogs.previous, catalogs.target)]
    return all(isinstance(t, Table) and t.partition_by is None for t in tables)
