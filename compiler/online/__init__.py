"""Online mode (`migrations: {mode: online}`): the steps of a plan rewritten
into forms that never hold a lock that blocks writes through a scan or a
build. What would scan or build inside the migration's transaction runs after
its COMMIT instead, each step on its own with the migration's timeouts (see
docs/online.md for each kind of step and its trade-offs).

Each rewrite is a function `(ops, catalogs) -> ops` in `REWRITES`, applied in
order to the steps the diff made. A rewrite may always move a step after
COMMIT: where a step of the transaction depends on it, the plan gives it its
form inside the transaction (`Op.in_transaction`, compiler/plan/placement.py),
since everything in the transaction runs before anything after COMMIT."""

from __future__ import annotations

from collections.abc import Callable

from compiler.diff.context import Catalogs
from compiler.online.columns import backfilled_after_commit
from compiler.online.constraints import validated_after_commit
from compiler.online.expand_contract import expand_contract
from compiler.online.identity import identity_attached_after_commit
from compiler.online.indexes import online_indexes
from compiler.online.key_columns import not_null_under_keys
from compiler.online.not_null import not_null_through_checks
from compiler.online.partition_foreign_keys import partitioned_foreign_keys
from compiler.online.partitions import partitions_through_checks
from compiler.online.rebuilds import rebuilt_online
from compiler.online.rebuilt_indexes import built_after_instant_type_changes
from compiler.online.table_copy import copied_tables
from compiler.online.type_swap import type_swaps
from compiler.ops.base import Op

Rewrite = Callable[[list[Op], Catalogs], list[Op]]

REWRITES: tuple[Rewrite, ...] = (
    copied_tables,  # what only a table rewrite does: on a copy of the table swapped in (compiler/online/table_copy.py)
    expand_contract,  # type changes asked online: expand/contract instead of a table rewrite
    type_swaps,  # enums swapped and types remade with columns: expand/contract (compiler/online/type_swap.py)
    online_indexes,  # indexes and keys built CONCURRENTLY, swapped in (compiler/online/indexes.py)
    built_after_instant_type_changes,  # an index rebuilt around a type change without a rewrite: after COMMIT
    rebuilt_online,  # indexes and keys rebuilt around a change of the transaction (compiler/online/rebuilds.py)
    partitioned_foreign_keys,  # foreign keys of partitioned tables added as min_version allows, no scan
    identity_attached_after_commit,  # identities added to existing columns attached after COMMIT
    validated_after_commit,
    not_null_through_checks,
    not_null_under_keys,  # NOT NULL of a key attached after COMMIT dropped after it in down.sql
    partitions_through_checks,  # partitions made beside a default, bounds changed: proven by checks, no scan
    backfilled_after_commit,  # columns with a volatile default filled after COMMIT (compiler/online/columns.py)
)


def online_steps(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    for rewrite in REWRITES:
        ops = rewrite(ops, catalogs)
    return ops
