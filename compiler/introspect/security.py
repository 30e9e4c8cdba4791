"""Policies, row-level security, grants and the roles they name, from pg_catalog."""

from __future__ import annotations

from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity
from compiler.catalog.security import TABLE_PRIVILEGES
from compiler.introspect.privileges import all_table_privileges, grant_option

_RELATION_KINDS = {"r": "table", "p": "table", "v": "view", "m": "view", "S": "sequence"}
_SEQUENCE_PRIVILEGES = {"usage", "select", "update"}
_COMMANDS = {"*": "all", "r": "select", "a": "insert", "w": "update", "d": "delete"}
_ORDER = {p: i for i, p in enumerate(TABLE_PRIVILEGES + ("maintain", "execute", "usage", "create"))}


def policies(ctx) -> list:
    from compiler.introspect import dependencies
    return [Policy(schema=row["schema"], table=row["table"], name=row["name"], command=_COMMANDS[row["command"]],
                   permissive=row["permissive"], roles=tuple(row["roles"]), using=row["using"],
                   with_check=row["with_check"], depends_on=dependencies(row["depends"]))
            for row in ctx.rows("policies")]


def row_security(ctx) -> list:
    return [RowSecurity(schema=row["schema"], table=row["table"], enabled=True, forced=row["forced"])
            for row in ctx.rows("row_security")]


def grants(ctx) -> list:
    functions = {f.key: f for f in ctx.objects if isinstance(f, Function)}
    every = all_table_privileges(ctx.version)
    result = []
    for row in ctx.rows("grants", granted=ctx.granted, roles=ctx.roles):
        privileges, option = grant_option(row["privileges"], row["grantable"])
        if row["class"] == "schema":
            on, kind, arg_types = f"schema:{row['name']}", "schema", ()
        elif row["class"] == "function":
            on = ctx.keys.get(("pg_proc", row["oid"]))
            function = functions.get(on)
            if function is None:
                continue
            kind = "function" if function.returns is not None else "procedure"
            arg_types = tuple(a.type for a in function.args if a.mode != "out")
        else:
            on = ctx.keys.get(("pg_class", row["oid"]))
            if on is None:
                continue
            kind, arg_types = _RELATION_KINDS[row["relkind"]], ()
            if privileges >= (_SEQUENCE_PRIVILEGES if kind == "sequence" else every):
                privileges = {"all"}
        if privileges:
            ordered = tuple(sorted(privileges, key=lambda p: _ORDER.get(p, len(_ORDER))))
            result.append(Grant(on=on, object_kind=kind, schema=row["schema"], name=row["name"], role=row["role"],
                                privileges=ordered, arg_types=arg_types, grant_option=option))
    return result


def roles(ctx) -> list:
    """The roles the inspected grants, owners, default privileges and
    policies name (not PUBLIC), and those asked for that exist."""
    names = {g.role for g in ctx.objects if isinstance(g, (Grant, Owner, DefaultPrivilege))} | set(ctx.roles)
    names |= {d.for_role for d in ctx.objects if isinstance(d, DefaultPrivilege) and d.for_role is not None}
    names |= {r for p in ctx.objects if isinstance(p, Policy) for r in p.roles}
    names.discard("public")
    if not names:
        return []
    return [Role(name=row["name"], comment=row["comment"]) for row in ctx.rows("roles", names=sorted(names))]
