"""Roles, grants (column grants and grant options included), schema
grants, owners, default privileges, row-level security and policies
written back as specs: the inverse of compiler/catalog/security.py and
privilege_resolve.py.

Roles are written `managed: false`: a role belongs to the server, and the
server an import reads has every role its objects name already (the
migrations' `CREATE ROLE` would fail there); `schemac test` makes stand-ins
of them where a server lacks them. Every role the objects name is declared
so, PUBLIC aside.

What schemac derives is left out: the USAGE on a schema that a role holds
along with privileges on the schema's objects, PUBLIC's EXECUTE on a
function (written by the function: `grants: {public: []}` when revoked),
and owners are written once for a domain (`owner:`) when every table, view
and function of it (and the schema it makes) has the same one."""

from __future__ import annotations

from collections import Counter

from compiler.catalog.objects import Schema, Sequence, Table
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, View
from compiler.importer.context import Unexpressible, WriteContext
from compiler.importer.placement import Placement
from compiler.importer.routines import function_path, memo, table_path, view_path

PUBLIC = "public"


def _grant_value(privileges: tuple[str, ...], grant_option: bool):
    if grant_option:
        return {"privileges": list(privileges), "grant_option": True}
    return list(privileges)


# ---------------------------------------------------------------- roles

def role(r: Role, ctx: WriteContext) -> list[Placement]:
    spec: dict = {"managed": False}
    if r.comment is not None:
        spec["comment"] = r.comment
    return [Placement(ctx.external_domain, ("roles", r.name), spec)]


def _named_roles(ctx: WriteContext) -> set[str]:
    catalog = ctx.catalog
    names = set(catalog.external_roles)
    for obj in catalog.objects:
        if isinstance(obj, (Grant, Owner)):
            names.add(obj.role)
        elif isinstance(obj, Policy):
            names.update(obj.roles)
        elif isinstance(obj, DefaultPrivilege):
            names.update(n for n in (obj.role, obj.for_role) if n is not None)
    return names - {PUBLIC} - {r.name for r in catalog.of_kind(Role)}


def named_roles(ctx: WriteContext) -> list[Placement]:
    """The roles the objects name that the catalog holds no `Role` of (the
    catalog's external roles among them): declared `managed: false`."""
    return [Placement(ctx.external_domain, ("roles", name), {"managed": False}) for name in sorted(_named_roles(ctx))]


# ---------------------------------------------------------------- grants

def _usage_roles(ctx: WriteContext) -> set[tuple[str, str]]:
    """(schema, role) of the schema grants holding USAGE."""
    return {(g.schema, g.role) for g in ctx.catalog.of_kind(Grant)
            if g.object_kind == "schema" and ("usage" in g.privileges or "all" in g.privileges)}


def _object_grant_roles(ctx: WriteContext) -> set[tuple[str, str]]:
    """(schema, role) of the grants on objects of a schema other than public:
    schemac grants such a role USAGE on the schema by itself."""
    return {(g.schema, g.role) for g in ctx.catalog.of_kind(Grant)
            if g.object_kind != "schema" and g.schema != PUBLIC}


def grant(g: Grant, ctx: WriteContext) -> list[Placement]:
    if g.object_kind == "schema":
        return _schema_grant(g, ctx)
    if g.schema != PUBLIC and (g.schema, g.role) not in memo(ctx, "security.usage", _usage_roles):
        raise Unexpressible(f"role `{g.role}` holds no USAGE on schema `{g.schema}`, which schemac grants "
                            "with any privilege on the schema's objects")
    if g.baseline:
        raise Unexpressible("a baseline is kept only for PUBLIC on schema public")
    if g.column is not None:
        return _column_grant(g, ctx)
    target = ctx.by_key.get(g.on)
    if isinstance(target, Table):
        domain, path = table_path(ctx, target.schema, target.name)
    elif isinstance(target, View):
        domain, path = view_path(ctx, target.schema, target.name)
    elif isinstance(target, Function):
        domain, path = function_path(ctx, target)
    elif isinstance(target, Sequence):
        domain, path = _sequence_path(ctx, target)
    else:
        raise Unexpressible(f"a grant on `{g.on}`, which the specs cannot grant on")
    return [Placement(domain, path + ("grants", g.role), _grant_value(g.privileges, g.grant_option))]


def _sequence_path(ctx: WriteContext, sequence: Sequence) -> tuple[str, tuple[str, ...]]:
    domain = ctx.domain_of(sequence.schema)
    if sequence.schema != ctx.schema_of(domain) or "." in sequence.name:
        raise Unexpressible("a sequence's key is its bare name, in its domain's schema")
    return domain, ("sequences", sequence.name)


def _column_grant(g: Grant, ctx: WriteContext) -> list[Placement]:
    target = ctx.by_key.get(g.on)
    if not isinstance(target, Table):
        raise Unexpressible(f"a column privilege on `{g.on}`: the specs grant on columns of tables only")
    whole = memo(ctx, "security.table_grants", _table_grants).get((g.on, g.role))
    if whole is not None and ("all" in whole.privileges or set(g.privileges) & set(whole.privileges)):
        raise Unexpressible(f"role `{g.role}` holds these privileges on the whole table too, which covers the column")
    domain, path = table_path(ctx, target.schema, target.name)
    return [Placement(domain, path + ("columns", g.column, "grants", g.role),
                      _grant_value(g.privileges, g.grant_option))]


def _table_grants(ctx: WriteContext) -> dict[tuple[str, str], Grant]:
    return {(g.on, g.role): g for g in ctx.catalog.of_kind(Grant) if g.column is None and g.object_kind != "schema"}


def _schema_grant(g: Grant, ctx: WriteContext) -> list[Placement]:
    if "." in g.schema:
        raise Unexpressible(f"the schema name `{g.schema}` holds a dot")
    domain = ctx.domain_of(g.schema)
    path = ("schema_grants", g.schema, g.role)
    if g.schema == PUBLIC and g.role == PUBLIC:
        if g.baseline != ("usage",) or g.grant_option:
            raise Unexpressible("PUBLIC's privileges on schema public other than as schemac keeps them")
        return [Placement(domain, path, list(g.privileges))]
    if g.baseline:
        raise Unexpressible("a baseline is kept only for PUBLIC on schema public")
    if g.privileges == ("usage",) and not g.grant_option and g.schema != PUBLIC \
            and (g.schema, g.role) in memo(ctx, "security.object_grants", _object_grant_roles):
        return []  # schemac grants it along with the role's privileges on the schema's objects
    return [Placement(domain, path, _grant_value(g.privileges, g.grant_option))]


# ---------------------------------------------------------------- owners

def _owned_entries(ctx: WriteContext) -> dict[str, list[str]]:
    """domain -> the keys of the objects a domain's `owner:` covers: its
    tables (not partitions), views and functions, and the schema it makes
    (its `schema:` unless public: every domain of a schema makes it)."""
    found: dict[str, list[str]] = {domain: [f"schema:{schema}"] if schema != PUBLIC else []
                                   for domain, schema in ctx.schemas.items()}
    for obj in ctx.catalog.objects:
        if isinstance(obj, Table) and not obj.partition_of:
            found.setdefault(ctx.domain_of(obj.schema, obj.name), []).append(obj.key)
        elif isinstance(obj, (View, Function)):
            found.setdefault(ctx.domain_of(obj.schema), []).append(obj.key)
    return found


def _domain_owners(ctx: WriteContext) -> dict[str, str]:
    """domain -> the role written as its `owner:`: the one owner every
    object it covers has, or the owner of the schema it makes (which only
    the domain's owner can give) when every object has an owner."""
    owners = {o.on: o.role for o in ctx.catalog.of_kind(Owner)}
    result = {}
    for domain, keys in _owned_entries(ctx).items():
        if not all(k in owners for k in keys):
            continue
        schema_roles = {owners[k] for k in keys if k.startswith("schema:")}
        if len(schema_roles) > 1:
            continue
        if schema_roles:
            result[domain] = schema_roles.pop()
            continue
        counts = Counter(owners[k] for k in keys)
        if len(counts) == 1:
            result[domain] = next(iter(counts))
    return result


def owner(o: Owner, ctx: WriteContext) -> list[Placement]:
    if o.role == PUBLIC:
        raise Unexpressible("PUBLIC cannot own an object")
    target = ctx.by_key.get(o.on)
    domain_owners = memo(ctx, "security.domain_owners", _domain_owners)
    if isinstance(target, Schema):
        domains = [d for d, schema in ctx.schemas.items() if schema == target.name]
        if not domains or any(domain_owners.get(d) != o.role for d in domains):
            raise Unexpressible("a schema's owner is written as its domain's `owner:`, which would also own every "
                                "table, view and function of the domain: some of those have another owner or none")
        return [Placement(d, ("owner",), o.role) for d in domains]
    if isinstance(target, Table):
        domain, path = table_path(ctx, target.schema, target.name)
    elif isinstance(target, View):
        domain, path = view_path(ctx, target.schema, target.name)
    elif isinstance(target, Function):
        domain, path = function_path(ctx, target)
    else:
        raise Unexpressible(f"the owner of `{o.on}`: the specs declare owners of tables, views, functions and "
                            "schemas")
    if domain_owners.get(domain) == o.role:
        return [Placement(domain, ("owner",), o.role)]
    return [Placement(domain, path + ("owner",), o.role)]


# ---------------------------------------------------------------- default privileges

def _group(d: DefaultPrivilege) -> tuple:
    return (d.for_role or "", d.schema or "", d.on)


def _default_groups(ctx: WriteContext) -> dict[tuple, list[DefaultPrivilege]]:
    groups: dict[tuple, list[DefaultPrivilege]] = {}
    for d in sorted(ctx.catalog.of_kind(DefaultPrivilege), key=lambda x: x.key):
        groups.setdefault(_group(d), []).append(d)
    return groups


def default_privilege(d: DefaultPrivilege, ctx: WriteContext) -> list[Placement]:
    """One `default_privileges:` entry per (for_role, schema, on), with the
    grants of every role; written by the group's first member."""
    groups = memo(ctx, "security.default_groups", _default_groups)
    members = groups[_group(d)]
    if members[0].key != d.key:
        return []
    entry: dict = {}
    if d.for_role is not None:
        entry["for_role"] = d.for_role
    if d.schema is not None:
        if "." in d.schema:
            raise Unexpressible(f"the schema name `{d.schema}` holds a dot")
        entry["schema"] = d.schema
    entry["on"] = d.on
    entry["grants"] = {m.role: _grant_value(m.privileges, m.grant_option) for m in members}
    return [Placement(ctx.domain_of(d.schema), ("default_privileges",), entry, append=True, order=d.key)]


# ---------------------------------------------------------------- row-level security

def row_security(r: RowSecurity, ctx: WriteContext) -> list[Placement]:
    domain, path = table_path(ctx, r.schema, r.table)
    if not r.enabled:
        raise Unexpressible("row-level security recorded as disabled")
    if r.forced:
        return [Placement(domain, path + ("rls", "force"), True)]
    with_policies = memo(ctx, "security.policy_tables", lambda c: {p.table_key for p in c.catalog.of_kind(Policy)})
    return [] if r.table_key in with_policies else [Placement(domain, path + ("rls", "enabled"), True)]


def policy(p: Policy, ctx: WriteContext) -> list[Placement]:
    domain, path = table_path(ctx, p.schema, p.table)
    spec: dict = {}
    if p.command != "all":
        spec["for"] = p.command
    if not p.permissive:
        spec["as"] = "restrictive"
    if not p.roles:
        raise Unexpressible("a policy for no role")
    if tuple(p.roles) != (PUBLIC,):
        spec["to"] = list(p.roles)
    if p.using is not None:
        spec["using"] = p.using
    if p.with_check is not None:
        spec["with_check"] = p.with_check
    placements = [Placement(domain, path + ("rls", "policies", p.name), spec)]
    if ctx.by_key.get(f"rls:{p.schema}.{p.table}") is None:
        placements.append(Placement(domain, path + ("rls", "enabled"), False))  # policies kept, RLS off
    return placements


WRITERS = {Role: role, Grant: grant, Owner: owner, DefaultPrivilege: default_privilege, RowSecurity: row_security,
           Policy: policy}
CATALOG_WRITERS = (named_roles,)
