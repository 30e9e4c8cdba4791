"""Functions, procedures, aggregates, views (materialized ones with their
indexes) and triggers written back as specs: the inverse of
compiler/catalog/routines.py, resolve_programmable.py and resolve_types.py
(aggregates). What equals the spec language's default is left out
(`language: sql`, `volatility: volatile`, `for_each: row` ...), an argument
that is only a type is written as its type, and a definer's `pg_temp`,
which schemac adds last itself, is not written.

Two functions (or aggregates) of one name and schema are overloads: a
domain's `functions:` holds the first (by key) under its bare name and the
second under `schema.name`; a third cannot be written in the same domain."""

from __future__ import annotations

from compiler.catalog.objects import Index, Schema, Table, TypeRef
from compiler.catalog.programmable import Argument, ExternalFunction, Function, Returns, Trigger, View
from compiler.catalog.user_types import Aggregate
from compiler.importer.context import Unexpressible, WriteContext
from compiler.importer.placement import Placement

LANGUAGES = ("sql", "plpgsql")
# result types the resolver takes by name (compiler/catalog/routines.py `_returns`)
PSEUDO_RESULTS = ("trigger", "void", "record", "event_trigger")


def memo(ctx: WriteContext, name: str, build):
    """What `build(ctx)` gives, worked out once per import."""
    cache = ctx.memo
    if name not in cache:
        cache[name] = build(ctx)
    return cache[name]


# ---------------------------------------------------------------- keys

def _overload_keys(objects) -> dict[str, tuple[str, int]]:
    """key -> (schema, rank among the objects of its schema and name, by key)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for obj in objects:
        groups.setdefault((obj.schema, obj.name), []).append(obj.key)
    return {key: (schema, rank) for (schema, _), keys in groups.items() for rank, key in enumerate(sorted(keys))}


def _entry_key(ctx: WriteContext, obj, ranks: dict[str, tuple[str, int]], noun: str) -> str:
    domain = ctx.domain_of(obj.schema)
    rank = ranks.get(obj.key, (obj.schema, 0))[1]
    own = obj.schema == ctx.schema_of(domain)
    if "." in obj.name or "." in obj.schema:
        raise Unexpressible(f"the name `{obj.schema}.{obj.name}` holds a dot, which a key of the specs reads as "
                            "`schema.name`")
    if rank == 0:
        return ctx.key_name(domain, obj.schema, obj.name)
    if rank == 1 and own:
        return f"{obj.schema}.{obj.name}"  # the second overload: the same name, qualified
    raise Unexpressible(f"a domain's `{noun}` can hold two {noun} of one name (`{obj.name}` and "
                        f"`{obj.schema}.{obj.name}`), not more, and only in its own schema")


def function_key(ctx: WriteContext, function: Function) -> str:
    """The key `function` is written under in its domain's `functions:`."""
    ranks = memo(ctx, "routines.function_ranks", lambda c: _overload_keys(c.catalog.of_kind(Function)))
    return _entry_key(ctx, function, ranks, "functions")


def aggregate_key(ctx: WriteContext, aggregate: Aggregate) -> str:
    ranks = memo(ctx, "routines.aggregate_ranks", lambda c: _overload_keys(c.catalog.of_kind(Aggregate)))
    return _entry_key(ctx, aggregate, ranks, "aggregates")


def table_path(ctx: WriteContext, schema: str, name: str) -> tuple[str, tuple[str, ...]]:
    """(domain, path) of the entry of the table `schema.name` (a partition
    or anything else is not a table entry of its own)."""
    table = ctx.by_key.get(f"table:{schema}.{name}")
    if not isinstance(table, Table):
        raise Unexpressible(f"`{schema}.{name}` is not a table of the imported schemas")
    if table.partition_of:
        raise Unexpressible(f"`{schema}.{name}` is a partition, whose entry (under its parent's `partitions:`) "
                            "takes no triggers, policies, grants or owner of its own")
    domain = ctx.domain_of(schema, name)
    return domain, ("tables", ctx.key_name(domain, schema, name))


def view_path(ctx: WriteContext, schema: str, name: str) -> tuple[str, tuple[str, ...]]:
    domain = ctx.domain_of(schema)
    return domain, ("views", ctx.key_name(domain, schema, name))


def function_path(ctx: WriteContext, function: Function) -> tuple[str, tuple[str, ...]]:
    return ctx.domain_of(function.schema), ("functions", function_key(ctx, function))


# ---------------------------------------------------------------- references

def function_reference(ctx: WriteContext, domain: str, text: str) -> str:
    """How `domain` names the function an aggregate or a range type calls,
    given as the catalog keeps it: `schema.name` for a function of the specs,
    a bare name for a built-in (compiler/catalog/resolve_types.py `_function`:
    a bare name is looked up in the domain's schema first)."""
    schema, dot, name = text.partition(".")
    if not dot:
        # a built-in: bare, unless a function of the specs takes that name first
        return f"pg_catalog.{text}" if ctx.entries.get("functions", {}).get(text) else text
    if "." in name:
        raise Unexpressible(f"the function name `{text}` holds a dot")
    if (schema, name) not in memo(ctx, "routines.function_names",
                                  lambda c: {(f.schema, f.name) for f in c.catalog.of_kind(Function)}):
        raise Unexpressible(f"it calls `{text}`, a function the import does not write (import its schema too)")
    return name if schema == ctx.schema_of(domain) else text


def _trigger_function(ctx: WriteContext, domain: str, trigger: Trigger) -> str:
    schema, name = trigger.function_schema, trigger.function_name
    if schema == "pg_catalog" and not ctx.entries.get("functions", {}).get(name):
        return name  # PostgreSQL's own trigger functions are found by their bare name
    return ctx.name(domain, schema, name, "functions")


def type_text(ctx: WriteContext, domain: str, ref: TypeRef, row_types: bool = False, result: bool = False) -> str:
    """A type as `domain` writes it; where a table's or view's name is read
    as its row type first (`row_types`), a type of the same name is
    qualified; a function's result (`result`) may be `trigger`, `void` ..."""
    if result and ref.kind == "builtin" and ref.name in PSEUDO_RESULTS and not ref.modifiers and not ref.array_dims:
        return ref.name
    if ref.kind in ("table", "view") and not row_types:
        raise Unexpressible(f"the row type of `{ref.schema}.{ref.name}` where the specs take a type, not a relation")
    text = ctx.type_name(domain, ref, row_types=row_types)
    if row_types and ref.kind not in ("table", "view") and ref.schema and "." not in text \
            and any(ctx.entries.get(kind, {}).get(ref.name) for kind in ("tables", "views")):
        return f"{ref.schema}.{text}"
    return text


# ---------------------------------------------------------------- functions

def _argument(ctx: WriteContext, domain: str, argument: Argument):
    type_ = type_text(ctx, domain, argument.type, row_types=True)
    if not argument.name and argument.default is None and argument.mode == "in":
        return type_
    spec: dict = {"name": argument.name} if argument.name else {}
    spec["type"] = type_
    if argument.default is not None:
        spec["default"] = argument.default
    if argument.mode != "in":
        spec["mode"] = argument.mode
    return spec


def _returns(ctx: WriteContext, domain: str, returns: Returns):
    if returns.type is not None:
        return type_text(ctx, domain, returns.type, row_types=True, result=True)
    if returns.setof is not None:
        return {"setof": type_text(ctx, domain, returns.setof, row_types=True)}
    if not returns.table:
        raise Unexpressible("the function returns a table without columns")
    return {"table": {column: type_text(ctx, domain, t) for column, t in returns.table}}


def _search_path(function: Function) -> list[str] | None:
    path = function.search_path
    if function.security != "definer":
        return list(path) if path is not None else None
    if path is None:
        raise Unexpressible("a `security: definer` function without a fixed search_path: schemac refuses it, "
                            "since callers could make its body use objects of theirs with the owner's rights")
    if "pg_temp" not in path:
        raise Unexpressible("a `security: definer` function whose search_path leaves out pg_temp: schemac puts "
                            "pg_temp last on every definer's search_path, so temporary objects cannot shadow "
                            "what the body uses")
    if path[-1] != "pg_temp":
        raise Unexpressible("a `security: definer` function with pg_temp before other schemas on its search_path, "
                            "which lets callers shadow what the body uses; schemac refuses it")
    return list(path[:-1])


def function(f: Function, ctx: WriteContext) -> list[Placement]:
    if f.language not in LANGUAGES:
        raise Unexpressible(f"written in {f.language}: the spec language has functions in "
                            f"{' and '.join(LANGUAGES)} only")
    if not f.body:
        raise Unexpressible("a function without a body text (a SQL-standard BEGIN ATOMIC body, or a C function)")
    domain, path = function_path(ctx, f)
    spec: dict = {}
    if f.args:
        spec["args"] = [_argument(ctx, domain, a) for a in f.args]
    if f.returns is not None:
        spec["returns"] = _returns(ctx, domain, f.returns)
    if f.language != "sql":
        spec["language"] = f.language
    if f.volatility != "volatile":
        spec["volatility"] = f.volatility
    if f.strict:
        spec["strict"] = True
    if f.security != "invoker":
        spec["security"] = f.security
    search_path = _search_path(f)
    if search_path is not None:
        spec["search_path"] = search_path
    spec["body"] = f.body
    if f.comment is not None:
        spec["comment"] = f.comment
    if f.security == "definer" and f.public_execute:
        raise Unexpressible("PUBLIC may execute this `security: definer` function: schemac revokes PUBLIC's "
                            "EXECUTE on every definer (grant `execute` to the roles that may call it)")
    if f.security != "definer" and not f.public_execute and not _revoked_by_default(ctx, f):
        spec["grants"] = {"public": []}  # PUBLIC's EXECUTE revoked
    return [Placement(domain, path, spec)]


def _revoked_by_default(ctx: WriteContext, f: Function) -> bool:
    """Whether the default privileges of the role running the migrations
    revoke PUBLIC's EXECUTE on `f` already (compiler/catalog/privilege_resolve.py)."""
    from compiler.catalog.privileges import DefaultPrivilege
    revoked = memo(ctx, "routines.revoked_in", lambda c: {
        d.schema for d in c.catalog.of_kind(DefaultPrivilege)
        if d.for_role is None and d.on == "functions" and d.revokes_builtin})
    return None in revoked or f.schema in revoked


# ---------------------------------------------------------------- aggregates

def aggregate(a: Aggregate, ctx: WriteContext) -> list[Placement]:
    domain = ctx.domain_of(a.schema)
    key = aggregate_key(ctx, a)
    spec: dict = {"args": [type_text(ctx, domain, t) for t in a.args],
                  "state_function": function_reference(ctx, domain, a.state_function),
                  "state_type": type_text(ctx, domain, a.state_type)}
    if a.final_function is not None:
        spec["final_function"] = function_reference(ctx, domain, a.final_function)
    if a.initial_condition is not None:
        spec["initial_condition"] = a.initial_condition
    if a.combine_function is not None:
        spec["combine_function"] = function_reference(ctx, domain, a.combine_function)
    if a.parallel != "unsafe":
        spec["parallel"] = a.parallel
    if a.comment is not None:
        spec["comment"] = a.comment
    return [Placement(domain, ("aggregates", key), spec)]


# ---------------------------------------------------------------- views

def view(v: View, ctx: WriteContext) -> list[Placement]:
    domain, path = view_path(ctx, v.schema, v.name)
    spec: dict = {"query": v.query}
    if v.materialized:
        spec["materialized"] = True
        if not v.with_data:
            spec["with_data"] = False
    elif not v.with_data:
        raise Unexpressible("a view that is not materialized made WITH NO DATA")
    if v.security_invoker:
        spec["security_invoker"] = True
    if v.comment is not None:
        spec["comment"] = v.comment
    return [Placement(domain, path, spec)]


def view_index(index: Index, ctx: WriteContext, index_spec: dict) -> list[Placement]:
    """A materialized view's index: `index_spec` is the entry a table's index
    of the same definition is written as (compiler/importer/tables.py)."""
    view_obj = ctx.by_key.get(f"view:{index.schema}.{index.table}")
    if not isinstance(view_obj, View) or not view_obj.materialized:
        raise Unexpressible(f"`{index.schema}.{index.table}` is not a materialized view of the imported schemas")
    domain, path = view_path(ctx, index.schema, index.table)
    return [Placement(domain, path + ("indexes",), index_spec, append=True, order=index.key)]


# ---------------------------------------------------------------- triggers

def trigger(t: Trigger, ctx: WriteContext) -> list[Placement]:
    if t.timing == "instead_of":
        raise Unexpressible("an INSTEAD OF trigger (of a view): the spec language has triggers on tables only")
    if t.relation == "external_table":
        domain, path = external_table_path(ctx, t.schema, t.table)
    else:
        domain, path = table_path(ctx, t.schema, t.table)
    spec: dict = {"function": _trigger_function(ctx, domain, t), "timing": t.timing, "events": list(t.events)}
    placements = _outside_trigger_function(ctx, t)
    if t.update_of:
        spec["update_of"] = list(t.update_of)
    if t.for_each != "row":
        spec["for_each"] = t.for_each
    if t.when is not None:
        spec["when"] = t.when
    if t.args:
        spec["args"] = list(t.args)
    if t.old_table is not None or t.new_table is not None:
        spec["referencing"] = {k: v for k, v in (("old_table", t.old_table), ("new_table", t.new_table))
                               if v is not None}
    if t.constraint:
        spec["constraint"] = True
    if t.deferrable:
        spec["deferrable"] = "initially_deferred" if t.initially_deferred else True
    elif t.initially_deferred:
        raise Unexpressible("a trigger INITIALLY DEFERRED but not DEFERRABLE")
    return placements + [Placement(domain, path + ("triggers", t.name), spec)]


def _outside_trigger_function(ctx: WriteContext, t: Trigger) -> list[Placement]:
    """A trigger function of a schema the import does not write, declared
    under `external: functions:` (PostgreSQL's own need no declaration)."""
    if t.function_key in ctx.by_key or t.function_schema == "pg_catalog" or any(
            (f.schema, f.name) == (t.function_schema, t.function_name) for f in ctx.catalog.external_functions):
        return []
    return external_function(ExternalFunction(t.function_schema, t.function_name, (), TypeRef("trigger")), ctx)


def external_table_path(ctx: WriteContext, schema: str, name: str) -> tuple[str, tuple[str, ...]]:
    """(domain, path) of an external table's declaration, where
    compiler/importer/tables.py writes the catalog's external tables."""
    domain = ctx.external_domain
    return domain, ("external", "tables", ctx.key_name(domain, schema, name))


def external_function(f: ExternalFunction, ctx: WriteContext) -> list[Placement]:
    """`external: functions:` (`auth.uid: {returns: uuid}`)."""
    domain = ctx.external_domain
    spec: dict = {}
    if f.args:
        spec["args"] = [type_text(ctx, domain, t) for t in f.args]
    returns = f.returns or TypeRef("void")
    if returns != TypeRef("void"):
        spec["returns"] = type_text(ctx, domain, returns, result=returns.name in ("trigger", "void"))
    return [Placement(domain, ("external", "functions", ctx.key_name(domain, f.schema, f.name)), spec)]


def called_outside(catalog) -> list[tuple[str, str]]:
    """(schema, name) of the functions of other schemas (not PostgreSQL's
    own) that the catalog's SQL texts call by qualified name, such as
    Supabase's `auth.uid()` in a policy: the import declares them under
    `external: functions:`, with the signature the database gives them."""
    from compiler.catalog.expressions import expression_references, statement_references
    from compiler.catalog.sql_texts import sql_texts
    own = {getattr(o, "schema", None) for o in catalog.objects} | {o.name for o in catalog.of_kind(Schema)}
    declared = {(f.schema, f.name) for f in catalog.external_functions}
    found = set()
    for obj in catalog.objects:
        for text in sql_texts(obj):
            if text.kind == "plpgsql":
                continue  # PostgreSQL reads a PL/pgSQL body only when it runs, and so do the specs
            refs = statement_references(text.sql) if text.statement else expression_references(text.sql)
            found |= {(schema, name) for schema, name in refs.functions
                      if schema and schema not in own and schema not in ("pg_catalog", "information_schema")}
    return sorted(found - declared)


def needs_version(obj) -> int:
    """The oldest PostgreSQL whose migrations can make `obj` (14: any)."""
    from compiler.catalog.privileges import DefaultPrivilege
    from compiler.catalog.programmable import Grant
    if isinstance(obj, View) and obj.security_invoker:
        return 15
    if isinstance(obj, (Grant, DefaultPrivilege)) and "maintain" in obj.privileges:
        return 17
    return 14


WRITERS = {Function: function, Aggregate: aggregate, View: view, Trigger: trigger, ExternalFunction: external_function}
