"""The privilege model beyond an object's grants, from pg_catalog: owners,
column privileges, PUBLIC's privileges on schema public and default
privileges, read as resolving the specs gives them.

- An object owned by the role running the inspection (the one migrations
  run as) has the default owner, which the specs leave undeclared: only the
  other owners become `Owner`s (of tables, views, functions and schemas
  other than `public`).
- PUBLIC's privileges on schema `public` are a `Grant` whose `baseline` is
  what the server gives by itself (USAGE; and CREATE before PostgreSQL 15),
  read when they differ from it or a compared catalog grants on that schema;
  compared with specs that do not declare it, it is left out while it holds
  just that (`normal_form.seen_through`), and takes their baseline when they do.
- Default privileges of the role running the inspection have no `for_role`.
  A database-wide entry replaces what PostgreSQL gives by itself (`acldefault`):
  PUBLIC's EXECUTE (functions) or USAGE (types) missing from it is
  PUBLIC's entry with no privileges, as the specs write `public: []`.
- A grant option held on some privileges of a grant and not on others is a
  `grant_option` of None, which no spec writes (the specs cannot say it).
"""

from __future__ import annotations

from compiler.catalog.objects import Schema, Table
from compiler.catalog.privileges import DEFAULT_PRIVILEGE_KINDS, DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, View
from compiler.catalog.security import _privileges

_DEFAULT_ACL_KINDS = {"r": "tables", "S": "sequences", "f": "functions", "T": "types", "n": "schemas"}


def grant_option(privileges, grantable) -> tuple[set[str], bool | None]:
    """The privileges of aclexplode rows (one per privilege and grantor) and
    whether the grant option is held on all (True), none (False) or some of
    them (None)."""
    held: dict[str, bool] = {}
    for privilege, option in zip(privileges, grantable):
        held[privilege.lower()] = held.get(privilege.lower(), False) or option
    options = set(held.values())
    return set(held), (options.pop() if len(options) == 1 else None if options else False)


def all_table_privileges(version: int) -> set[str]:
    """What GRANT ALL gives on a table or view on this server (MAINTAIN since PostgreSQL 17)."""
    return set(DEFAULT_PRIVILEGE_KINDS["tables"]) - ({"maintain"} if version < 170000 else set())


def column_grants(ctx) -> list:
    result = []
    for row in ctx.rows("column_grants"):
        on = ctx.keys.get(("pg_class", row["oid"]))
        if on is None:
            continue
        privileges, option = grant_option(row["privileges"], row["grantable"])
        result.append(Grant(on, "table" if row["relkind"] in ("r", "p") else "view", row["schema"], row["name"],
                            row["role"], _privileges(privileges, "column"), grant_option=option,
                            column=row["column"]))
    return result


def public_schema(ctx) -> list:
    """PUBLIC's privileges on schema public, with the server's own as
    `baseline` (USAGE; and CREATE before PostgreSQL 15): read when that
    schema is inspected and they differ from it, or when a compared catalog
    grants on the schema (`normal_form.seen_through` then leaves them out
    while they are the baseline and the catalog does not declare them)."""
    if "public" not in ctx.schemas and "public" not in ctx.granted:
        return []
    rows = ctx.rows("public_schema")
    if not rows:
        return []
    builtin = {"usage"} if ctx.version >= 150000 else {"usage", "create"}
    privileges = {p.lower() for p in rows[0]["privileges"]}
    if privileges == builtin and "public" not in ctx.granted:
        return []  # what every database has: only read when a compared catalog grants on schema public
    return [Grant("schema:public", "schema", "public", "public", "public", _privileges(privileges, "schema"),
                  baseline=_privileges(builtin, "schema"))]


def owners(ctx) -> list:
    objects = {o.key: o for o in ctx.objects if isinstance(o, (Table, View, Function, Schema))}
    result = []
    for row in ctx.rows("owners"):
        key = f"schema:{row['schema']}" if row["catalog"] == "pg_namespace" \
            else ctx.keys.get((row["catalog"], row["oid"]))
        obj = objects.get(key)
        if obj is None:
            continue
        arg_types: tuple = ()
        if isinstance(obj, Schema):
            kind, schema = "schema", obj.name
        elif isinstance(obj, Table):
            kind, schema = "table", obj.schema
        elif isinstance(obj, View):
            kind, schema = "materialized view" if obj.materialized else "view", obj.schema
        else:
            kind, schema = "function" if obj.returns is not None else "procedure", obj.schema
            arg_types = tuple(a.type for a in obj.args if a.mode != "out")
        result.append(Owner(key, kind, schema, obj.name, row["role"], arg_types))
    return result


def default_privileges(ctx) -> list:
    result = []
    for row in ctx.rows("default_privileges", roles=ctx.roles, every_role=ctx.every_role):
        on = _DEFAULT_ACL_KINDS[row["objtype"]]
        found: dict[str, tuple[list, list]] = {}
        for role, privilege, grantable in row["acl"]:
            privileges, options = found.setdefault(role, ([], []))
            privileges.append(privilege)
            options.append(grantable)
        builtin: dict[str, set[str]] = {}
        for role, privilege in row["builtin"]:
            builtin.setdefault(role, set()).add(privilege.lower())
        for role in sorted(set(found) | set(builtin)):
            privileges, option = grant_option(*found.get(role, ([], [])))
            if privileges == builtin.get(role, set()):
                continue  # what PostgreSQL gives by itself (PUBLIC's EXECUTE or USAGE: none when revoked)
            result.append(DefaultPrivilege(row["for_role"], row["schema"], on, role,
                                           _default_privileges(privileges, on, ctx.version), option))
    return result


def _default_privileges(privileges: set[str], on: str, version: int) -> tuple[str, ...]:
    if on == "tables" and privileges >= all_table_privileges(version):
        return ("all",)
    return tuple(p for p in DEFAULT_PRIVILEGE_KINDS[on] if p in privileges)
