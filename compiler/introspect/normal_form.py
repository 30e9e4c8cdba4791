"""Comparing an inspected catalog with one resolved from specs.

The specs' catalog keeps SQL as written (`amount > 0`); an inspected one has
PostgreSQL's normal form (`(amount > (0)::numeric)`, names qualified). Two
texts whose parse trees are equal (they differ in spacing, parentheses or
keyword case only) certainly mean the same. Beyond that, neither form can be
turned into the other offline, so PostgreSQL decides: the target's objects
that differ as written (`needing_normal_form`) are built in a scratch
database on the same server (`schemac_scratch`, created once and left empty:
the build runs in a transaction that is rolled back) and read back with the
same queries. Where the live object reads as the built one, the live
database holds exactly what the target asks for, and the target's own object
(its SQL as written, its source, what PostgreSQL does not keep such as
`sensitive` or `concurrently`) stands for it. Where they differ, the live
object keeps its inspected values, and the diff sees a change.

`in_target_words` applies this object by object, and within an object field
by field (a table's columns by name), so one changed column default does not
hide that the others are the same."""

from __future__ import annotations

import dataclasses
import functools

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.apply import run_script
from compiler.catalog.objects import Catalog, Constraint, Enum, Extension, Index, Schema, Table
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger
from compiler.catalog.user_types import type_key
from compiler.errors import DatabaseError
from compiler.render import harness, oracle
from compiler.render import introspect as sql
from compiler.render.migration import render_op, search_path


def managed_schemas(target: Catalog) -> list[str]:
    """The schemas the target's objects live in: those drift and plan read."""
    names = {o.name for o in target.of_kind(Schema)}
    names |= {o.schema for o in target if getattr(o, "schema", None) is not None and not isinstance(o, (Extension, Grant))}
    return sorted(names)


def role_names(target: Catalog) -> list[str]:
    """The roles the target names (those it manages and those that exist
    already): read even when no object names them."""
    return sorted({r.name for r in target.of_kind(Role)} | set(target.external_roles))


def granted_schemas(target: Catalog) -> list[str]:
    """The schemas the target grants privileges on: their privileges are read
    even when their objects are not (`public`, another project's schema)."""
    return sorted({g.schema for g in target.of_kind(Grant) if g.object_kind == "schema"})


def _last_pair(function):
    """`function(live, target)`, computed once when it is asked again for
    the very same two catalogs (drift sees the live catalog through the
    target twice: to pick what to build, then to adopt the target's words)."""
    last: list = []

    @functools.wraps(function)
    def wrapper(live: Catalog, target: Catalog) -> Catalog:
        if not (last and last[0] is live and last[1] is target):
            last[:] = [live, target, function(live, target)]
        return last[2]
    return wrapper


@_last_pair
def seen_through(live: Catalog, target: Catalog) -> Catalog:
    """`live` without what the target declares as existing already
    (external tables with their keys, indexes, triggers, policies and grants;
    external functions and roles), and with the target's declarations of
    them: the live catalog as the specs would describe it. What PostgreSQL
    gives by itself reads as the target writes it: PUBLIC's privileges on
    schema public are left out while they are the server's own and the
    target says nothing of them (and take its baseline when it does), and
    PUBLIC's EXECUTE on a function that keeps it is the target's explicit
    grant of it when the target writes one."""
    external_tables = {f"table:{t.schema}.{t.name}" for t in target.external_tables}
    external_functions = {(f.schema, f.name) for f in target.external_functions}
    external_roles = set(target.external_roles)
    # the schema of an external table exists already, unless the specs make it too
    external_schemas = {f"schema:{t.schema}" for t in target.external_tables} - {s.key for s in target.of_kind(Schema)}

    def external(obj) -> bool:
        if obj.key in external_tables or obj.key in external_schemas:
            return True
        if isinstance(obj, (Constraint, Index, Policy, RowSecurity)) and obj.table_key in external_tables:
            return True
        if isinstance(obj, Function) and (obj.schema, obj.name) in external_functions:
            return True
        if isinstance(obj, Grant) and (obj.on in external_tables or obj.on in external_schemas):
            return True
        return isinstance(obj, Role) and obj.name in external_roles
    def as_declared(obj):  # a trigger the specs put on an external table is theirs, on that table
        if isinstance(obj, Trigger) and obj.table_key in external_tables:
            return dataclasses.replace(obj, relation="external_table")
        return obj
    objects = [as_declared(o) for o in live if not external(o)]
    return Catalog(tuple(_builtin_privileges(objects, target)), target.external_tables,
                   target.external_types, target.external_functions, target.external_roles)


PUBLIC_ON_PUBLIC = "grant:schema:public:public"


def _builtin_privileges(objects: list, target: Catalog):
    """`objects` with PUBLIC's privileges that PostgreSQL gives by itself in
    the target's words (see `seen_through`)."""
    wanted = target.by_key()
    for obj in objects:
        if obj.key == PUBLIC_ON_PUBLIC and isinstance(obj, Grant):
            declared = wanted.get(obj.key)
            if declared is None and obj.privileges == obj.baseline:
                continue
            if declared is not None:
                obj = dataclasses.replace(obj, baseline=declared.baseline)
        explicit = wanted.get(f"grant:{obj.key}:public") if isinstance(obj, Function) and obj.public_execute else None
        if isinstance(explicit, Grant) and explicit.privileges == ("execute",) and not explicit.grant_option:
            # PUBLIC's EXECUTE kept and EXECUTE revoked then granted to PUBLIC (a definer's) are one ACL
            declared = wanted.get(obj.key)
            if isinstance(declared, Function):
                obj = dataclasses.replace(obj, public_execute=declared.public_execute)
            yield explicit
        yield obj


# fields holding SQL: value expressions, and queries (statements)
_EXPRESSIONS = frozenset({"expression", "generated", "where", "using", "with_check", "when", "default"})
_STATEMENTS = frozenset({"query"})
# (name, value) options whose order PostgreSQL does not keep (ALTER INDEX ... SET appends what it sets)
_UNORDERED = frozenset({"parameters", "opclass_params"})


def same_text(field: str | None, a, b) -> bool:
    """Whether two values of field `field` certainly mean the same: equal,
    or SQL texts whose parse trees are equal (they differ only in spacing,
    parentheses, keyword case). Anything else is left to PostgreSQL."""
    if a == b:
        return True
    if not (isinstance(a, str) and isinstance(b, str)):
        return False
    if field == "body":  # written between newlines, the ends are not kept
        return a.strip() == b.strip()
    if field not in _EXPRESSIONS and field not in _STATEMENTS:
        return False
    expression = field in _EXPRESSIONS
    tree = oracle.tree_text(a, expression)
    return tree is not None and tree == oracle.tree_text(b, expression)


@functools.cache
def _compared(cls) -> tuple[str, ...]:
    """The fields of a catalog class that take part in equality."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def same_as_written(live, target, field: str | None = None) -> bool:
    """Whether `live` certainly reads as `target` without asking PostgreSQL."""
    if live == target:
        return True
    if type(live) is not type(target):
        return False
    if dataclasses.is_dataclass(live):
        return all(same_as_written(getattr(live, name), getattr(target, name), name) for name in _compared(type(live)))
    if isinstance(live, tuple):
        if field in _UNORDERED:
            return sorted(live) == sorted(target)
        return len(live) == len(target) and all(same_as_written(a, b, field) for a, b in zip(live, target))
    return same_text(field, live, target)


def adopt(live, normal, target, field: str | None = None):
    """`live`, with every part that reads in PostgreSQL as `normal` (the
    target built and read back), or certainly as the target as written,
    replaced by the target's own."""
    if live == normal:
        return target
    if isinstance(live, str) and same_text(field, live, target):
        return target
    if field in _UNORDERED and isinstance(live, tuple) and isinstance(target, tuple) and sorted(live) == sorted(target):
        return target
    if not (type(live) is type(normal) is type(target)):
        return live
    if dataclasses.is_dataclass(live):
        changes = {}
        for name in _compared(type(live)):
            value = getattr(live, name)
            new = adopt(value, getattr(normal, name), getattr(target, name), name)
            if new is not value:
                changes[name] = new
        return dataclasses.replace(live, **changes) if changes else live
    if isinstance(live, tuple):
        if live and all(hasattr(x, "name") and dataclasses.is_dataclass(x) for x in live + normal + target):
            normal_by, target_by = {x.name: x for x in normal}, {x.name: x for x in target}
            new = tuple(adopt(x, normal_by[x.name], target_by[x.name]) if x.name in normal_by and x.name in target_by
                        else x for x in live)
            return new if any(a is not b for a, b in zip(new, live)) else live
        if len(live) == len(normal) == len(target):
            new = tuple(adopt(a, b, c, field) for a, b, c in zip(live, normal, target))
            return new if any(a is not b for a, b in zip(new, live)) else live
    return live


def in_target_words(live: Catalog, normal: Catalog, target: Catalog) -> Catalog:
    """The live catalog (seen through the target's declarations) with each
    object that PostgreSQL reads as the target's given in the target's words.
    `normal` may hold only the objects `needing_normal_form` picked: the
    others are compared as they are."""
    live = seen_through(live, target)
    target_by = target.by_key()
    # roles are the server's: the scratch database sees the live ones, so they are compared as they are
    normal_by = {key: obj for key, obj in normal.by_key().items() if not isinstance(obj, Role)}
    for key, obj in target_by.items():
        if isinstance(obj, Role) or key not in normal_by:
            normal_by[key] = obj
    objects = tuple(adopt(o, normal_by[key], target_by[key]) if (key := o.key) in normal_by and key in target_by
                    else o for o in live)
    return dataclasses.replace(live, objects=objects)


def open_connection(url: str):
    from compiler.introspect import open_connection as opened
    return opened(url)


SCRATCH_DATABASE = "schemac_scratch"


def _scratch(url: str) -> str:
    """The URL of the scratch database on the server of `url`, created
    when missing. It stays, empty: every build in it is rolled back, and
    dropping a database makes PostgreSQL take a checkpoint, which costs
    seconds on a busy server (and `drift` may run every hour)."""
    with open_connection(url) as admin:
        exists = admin.execute(sql.database_exists(SCRATCH_DATABASE)).fetchone()
        if not exists:
            try:
                run_script(admin, harness.create_database(SCRATCH_DATABASE), "create the scratch database")
            except DatabaseError as exc:
                if "already exists" not in str(exc):  # another schemac created it meanwhile
                    raise DatabaseError(
                        f"{exc}; schemac compares SQL texts in PostgreSQL's normal form by building the specs' "
                        f"catalog in a database `{SCRATCH_DATABASE}` on the same server (in a transaction it rolls "
                        "back): create it once (`CREATE DATABASE schemac_scratch`), or let this role create "
                        "databases") from None
    params = conninfo_to_dict(url)
    params["dbname"] = SCRATCH_DATABASE
    return make_conninfo(**params)


def _run_at_once(conn, script: str) -> None:
    """The build script in one round trip; if PostgreSQL refuses it, once
    more statement by statement, for an error that names the step."""
    try:
        conn.execute(script.encode("utf-8"), prepare=False)
    except psycopg.Error:
        run_script(conn, sql.ROLLBACK, "rollback")
        run_script(conn, script, "the specs' catalog in a scratch database")


def _needs(obj) -> set[str]:
    """Keys of what `obj` cannot be created without."""
    keys = set(getattr(obj, "depends_on", ()))
    for attr in ("table_key", "ref_table_key", "function_key", "owner_table_key", "parent_key"):
        key = getattr(obj, attr, None)
        if key:
            keys.add(key)
    types = [c.type for c in obj.columns] if isinstance(obj, Table) else []
    if isinstance(obj, Table):
        keys.update(d for c in obj.columns for d in c.depends_on)
    if isinstance(obj, Function):
        types += [a.type for a in obj.args]
        if obj.returns is not None:
            types += [t for t in (obj.returns.type, obj.returns.setof) if t is not None]
            types += [t for _, t in obj.returns.table]
    if isinstance(obj, (Grant, Owner)):
        keys.add(obj.on)
    keys.update(k for k in (type_key(t) for t in types) if k)  # row types, enums, domains, composite and range types
    return keys


def needing_normal_form(live: Catalog, target: Catalog) -> Catalog:
    """The part of `target` a build must hold to compare `live` with it: the
    objects that differ as written (an equal object needs no PostgreSQL to
    tell), what they cannot be created without, and the cheap objects every
    build needs (schemas, extensions, enums, roles)."""
    found, wanted = seen_through(live, target).by_key(), target.by_key()
    keys = {key for key, obj in wanted.items() if key in found and not same_as_written(found[key], obj)}
    pending = list(keys)
    while pending:
        for key in _needs(wanted[pending.pop()]):
            if key in wanted and key not in keys:
                keys.add(key)
                pending.append(key)
    always = (Schema, Extension, Enum, Role)
    objects = tuple(obj for key, obj in wanted.items() if key in keys or isinstance(obj, always))
    return dataclasses.replace(target, objects=objects)


def built(url: str, target: Catalog) -> Catalog:
    """`target` as PostgreSQL holds it: built in the scratch database on the
    server of `url` inside a transaction, read back, rolled back."""
    from compiler import api
    from compiler.introspect import inspect_connection
    plain = Catalog(tuple(dataclasses.replace(o, concurrently=False) if isinstance(o, Index) and o.concurrently
                          else o for o in target), target.external_tables, target.external_types,
                    target.external_functions, target.external_roles)
    from compiler.ops.programmable import CreateRole
    steps = [render_op(op) for op in api.plan(Catalog(), plain).steps if not isinstance(op, CreateRole)]
    script = sql.normal_form_build(plain, steps, search_path(plain))
    with open_connection(_scratch(url)) as conn:
        run_script(conn, harness.session_settings(), "session settings")
        _run_at_once(conn, script)
        try:
            return inspect_connection(conn, managed_schemas(target), in_transaction=True, require=False,
                                      roles=role_names(target), granted=granted_schemas(target))
        finally:
            run_script(conn, sql.ROLLBACK, "rollback")


