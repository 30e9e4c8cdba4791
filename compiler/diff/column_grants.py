"""Column privileges that a table-level REVOKE takes along.

PostgreSQL revokes a privilege revoked on a table from each of its columns
too (and REVOKE ALL every one). So a step that revokes a role's privileges
on a table gives back, right after, the role's column privileges on that
table that the catalog it leads to still holds: the target's for a step of
up.sql, the previous catalog's for the reverse of a step that grants (run by
down.sql)."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.programmable import Grant
from compiler.diff.context import Catalogs
from compiler.ops import GrantPrivileges, Op, RevokePrivileges
from compiler.ops.replace import GrantAdded, RegrantPrivileges, RevokeRemoved


def _kept(grant: Grant, catalog: dict, revoked: tuple[str, ...]) -> tuple[Grant, ...]:
    if grant.column is not None or grant.object_kind not in ("table", "view"):
        return ()
    every = "all" in revoked
    return tuple(o for _, o in sorted(catalog.items()) if isinstance(o, Grant) and o.column is not None
                 and o.on == grant.on and o.role == grant.role and (every or set(o.privileges) & set(revoked)))


def with_column_grants_kept(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    result = []
    for op in ops:
        if isinstance(op, (GrantPrivileges, GrantAdded)):
            op = replace(op, keep=_kept(op.grant, catalogs.previous, op.grant.privileges))
        elif isinstance(op, (RevokePrivileges, RevokeRemoved)):
            op = replace(op, keep=_kept(op.grant, catalogs.target, op.grant.privileges))
        elif isinstance(op, RegrantPrivileges):
            op = replace(op, keep=_kept(op.after, catalogs.target, ("all",)),
                         keep_before=_kept(op.before, catalogs.previous, ("all",)))
        result.append(op)
    return result
