"""SQL fragments of the privilege model: privilege lists (with a column
privilege's column), the GRANT/REVOKE pairs of a grant that starts from a
baseline (PUBLIC's USAGE on schema public), owner targets, and ALTER DEFAULT
PRIVILEGES clauses."""

from __future__ import annotations

from compiler.render.fragments import function_signature
from compiler.render.sql import ident, qualified

_ORDER = ("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain", "execute",
          "usage", "create", "all")


def privilege_list(privileges, column: str | None = None) -> str:
    words = [p.upper() for p in sorted(privileges, key=_ORDER.index)]
    if column is not None:
        words = [f"{w} ({ident(column)})" for w in words]
    return ", ".join(words)


def grant_steps(grant, granting: bool) -> list[tuple[str, str]]:
    """[(GRANT | REVOKE, privilege list)] that give a grant (`granting`) or
    take it back, from and to its baseline: what the role holds when the
    specs say nothing (nothing, but PUBLIC's USAGE on schema public)."""
    have, base = set(grant.privileges), set(grant.baseline)
    revoke, give = (base - have, have - base) if granting else (have - base, base - have)
    steps = []
    if revoke:
        steps.append(("REVOKE", privilege_list(revoke, grant.column)))
    if give:
        steps.append(("GRANT", privilege_list(give, grant.column)))
    return steps


def owner_target(owner) -> str:
    """What ALTER ... OWNER TO names: `TABLE s.t`, `FUNCTION s.f(integer)`, `SCHEMA s`, ..."""
    if owner.object_kind == "schema":
        return f"SCHEMA {ident(owner.name)}"
    if owner.object_kind in ("function", "procedure"):
        return f"{owner.object_kind.upper()} {function_signature(owner.schema, owner.name, owner.arg_types)}"
    return f"{owner.object_kind.upper()} {qualified(owner.schema, owner.name)}"


def default_privileges_head(d) -> str:
    """ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s]"""
    text = "ALTER DEFAULT PRIVILEGES"
    if d.for_role is not None:
        text += f" FOR ROLE {ident(d.for_role)}"
    if d.schema is not None:
        text += f" IN SCHEMA {ident(d.schema)}"
    return text


def default_privileges_list(d) -> str:
    """The privileges a default-privileges entry gives (or PUBLIC's built-in one it revokes)."""
    from compiler.catalog.privileges import PUBLIC_BY_DEFAULT
    return privilege_list(d.privileges or PUBLIC_BY_DEFAULT[d.on])
