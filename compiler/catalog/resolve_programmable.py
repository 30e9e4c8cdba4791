"""The second resolve stage: roles, functions, views, triggers, policies,
row-level security and grants, and the function dependencies of the tables'
own expressions. Runs after tables are resolved, since everything here refers
to tables, and tables' defaults and checks may call spec functions."""

from __future__ import annotations

import dataclasses

from compiler.catalog import plpgsql
from compiler.catalog.column_refs import ARGUMENTS, SpecLookup, body_reads, query_reads, report_missing
from compiler.catalog.dependencies import Dependencies, report_unknown
from compiler.catalog.enum_labels import EnumLabels
from compiler.catalog.expressions import expression_references, positional_calls, statement_references
from compiler.catalog.objects import TypeRef
from compiler.catalog.parameters import report_parameters
from compiler.catalog.pg_builtins import FUNCTIONS as BUILTIN_FUNCTIONS
from compiler.catalog.pg_builtins import RELATIONS as BUILTIN_RELATIONS
from compiler.catalog.privilege_resolve import PrivilegeResolver
from compiler.catalog.programmable import ExternalFunction, Function, Role
from compiler.catalog.routines import RoutineResolver
from compiler.catalog.scope import Origin, Scopes
from compiler.catalog.security import SecurityResolver
from compiler.catalog.sequences import sequence_grants
from compiler.catalog.sql_texts import sql_texts
from compiler.catalog.tables import ResolvedTable, TableResolver, source_of
from compiler.errors import ErrorCollector, SpecError
from compiler.spec.load import LoadedDomain
from compiler.spec.models import GrantSpec


def resolve_programmable(ordered: list[LoadedDomain], scopes: Scopes, tables: dict[tuple[str, str], ResolvedTable],
                         entries: dict, table_resolver: TableResolver, collector: ErrorCollector, min_version: int,
                         externals: dict | None = None, public_execute: bool = True, aggregates=()):
    """(objects, external functions, external role names). `aggregates`:
    (domain, stand-in) of the aggregates the specs define, which SQL texts may call."""
    from compiler.ops import CreateFunction
    from compiler.render.migration import render_op

    columns = table_resolver.columns
    routines = RoutineResolver(scopes, collector, columns, min_version, public_execute)
    roles: dict[str, Role] = {}
    twin_roles: list[Role] = []  # a role created by two declarations, for the name rules to report
    external_roles: set[str] = set()
    unmanaged: dict[str, Origin] = {}
    external_functions: list[ExternalFunction] = []
    declared_by: list[tuple[str, ExternalFunction]] = []  # (domain, external function): what each domain declares
    for domain in ordered:
        for part in domain.parts:
            root = Origin(part.document, ())
            for name, spec in part.spec.roles.items():
                if not spec.managed:
                    external_roles.add(name)
                    unmanaged.setdefault(name, root.at("roles", name))
                elif name in roles:
                    twin_roles.append(Role(name, spec.comment, source=source_of(root.at("roles", name))))
                else:
                    roles[name] = Role(name, spec.comment, source=source_of(root.at("roles", name)))
            for name, spec in part.spec.external.functions.items():
                schema, _, bare = name.rpartition(".")
                origin = root.at("external", "functions", name)
                if not builtin_external(schema, bare, origin, collector):
                    continue  # built into PostgreSQL: nothing to declare, no stand-in to make
                args = tuple(columns.resolve_type(domain.name, t, origin.at("args", i)) or TypeRef("text")
                             for i, t in enumerate(spec.args))
                returns = TypeRef(spec.returns.lower()) if spec.returns.lower() in ("trigger", "void") else \
                    columns.resolve_type(domain.name, spec.returns, origin.at("returns"))
                external = ExternalFunction(schema or scopes.by_domain[domain.name].schema, bare, args, returns,
                                            source=source_of(origin))
                declared_by.append((domain.name, external))
                external_functions.append(external)
    for name in sorted(set(roles) & set(unmanaged)):
        created = roles[name].source
        collector.add(unmanaged[name].error(
            f"role `{name}` is declared `managed: false` here, but {created.file}:{created.line} creates it",
            "a role is either created by the migrations or exists already; declare it one way", at_key=True))
    # a role left out for a shape error (already reported) raises no "not declared" where it is used
    dropped_roles = {d[1] for scope in scopes.by_domain.values() for d in scope.dropped if d[0] == "roles"}
    security = SecurityResolver(collector, columns, set(roles) | external_roles | dropped_roles, min_version)
    privileges = PrivilegeResolver(collector, security, ordered, scopes)

    # functions first: everything else may call them
    functions: dict[tuple[str, str], list[Function]] = {}
    owners: dict[str, str] = {}  # key of a function or view -> the domain that defines it
    pending = []
    for domain, schema, name, spec, origin in _named(ordered, scopes, "functions", collector):
        function = routines.function(domain, schema, name, spec, origin)
        if function is not None:
            functions.setdefault((function.schema, function.name), []).append(function)
            owners.setdefault(function.key, domain)
            pending.append((domain, function, spec, origin))
    views: dict[tuple[str, str], str] = {}
    view_specs = []
    for domain, schema, name, spec, origin in _named(ordered, scopes, "views", collector):
        view = routines.view(domain, schema, name, spec, origin)
        if view is not None:
            views[(view.schema, view.name)] = view.key
            owners.setdefault(view.key, domain)
            view_specs.append((domain, view, spec, origin))
    for (schema, name), resolved in tables.items():  # partitions are read like views: by key, columns not judged
        for partition in resolved.partitions:
            views.setdefault((partition.schema, partition.name), partition.key)
            owners.setdefault(partition.key, entries[(schema, name)].domain)
    deps = Dependencies(scopes, functions, views, owners, [*declared_by, *aggregates])
    labels = EnumLabels(collector, scopes, tables, table_resolver)
    extensions_declared = any(part.spec.extensions for domain in ordered for part in domain.parts)

    external_names = {f.name for f in external_functions}

    def typed_columns(domain: str):
        """(schema or None, name) -> the columns and types of a table of the
        specs as `domain` sees it; None for anything else (a view, an
        external table, a name that is not certain)."""
        def lookup(schema: str | None, name: str):
            entry, ambiguous = scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
            resolved = tables.get((entry.schema, entry.name)) if entry is not None and not ambiguous else None
            if resolved is None or any((s, name) in views for s in ([schema] if schema else [entry.schema, "public"])):
                return None
            return {c.name: c.type for c in resolved.table.columns}
        return lookup

    def check_known(domain: str, refs, origin: Origin, what: str, text: str | None = None,
                    statement: bool = False, search_path: tuple[str, ...] | None = None) -> None:
        report_unknown(collector, origin, deps.unknown(domain, refs, extensions_declared, search_path=search_path),
                       what, domain)
        if text is not None:
            _report_wrong_arity(collector, functions, external_names, text, statement, origin, what)

    objects: list = list(roles.values()) + twin_roles
    for domain, function, spec, origin in pending:
        judgement = None
        if function.language == "sql":
            refs = statement_references(function.body)
            check_known(domain, refs, origin.at("body"), "the function body", function.body, statement=True,
                        search_path=function.search_path)
            if function.search_path is not None:
                _report_outside_search_path(collector, scopes, views, domain, function, refs, origin)
            lookup = SpecLookup(scopes, domain, tables, views)
            arguments = frozenset(a.name for a in function.args if a.name and a.mode != "out")
            report_missing(collector, origin.at("body"), body_reads(function.body, lookup, arguments),
                           "the function body", lambda key: sorted(arguments) if key == ARGUMENTS else lookup.columns(key))
            report_parameters(collector, origin, function)
        else:  # PL/pgSQL checks only its declarations at creation
            judgement = plpgsql.judge(function, lambda f: render_op(CreateFunction(f)))
            refs = judgement.references
        function = dataclasses.replace(function, depends_on=deps.keys(domain, refs, exclude=function.key))
        routines.check_body(function, origin, judgement)
        objects.append(function)
        objects += security.grants(function.key, "function", function.schema, function.name, spec.grants,
                                   origin.at("grants"), [a.type for a in function.args if a.mode != "out"],
                                   object_kind="function" if function.returns is not None else "procedure")
        objects += privileges.owner(domain, function, spec.owner, origin)
    for domain, view, spec, origin in view_specs:
        refs = statement_references(view.query)
        check_known(domain, refs, origin.at("query"), "the view query", view.query, statement=True)
        view = dataclasses.replace(view, depends_on=deps.keys(domain, refs, exclude=view.key))
        labels.check(domain, origin.at("query"), view.query, "the view query", refs, statement=True)
        lookup = SpecLookup(scopes, domain, tables, views)
        report_missing(collector, origin.at("query"), query_reads(view.query, lookup), "the view query", lookup.columns)
        objects.append(view)
        objects += security.grants(view.key, "view", view.schema, view.name, spec.grants, origin.at("grants"))
        objects += privileges.owner(domain, view, spec.owner, origin)
        for i, index_spec in enumerate(spec.indexes):
            index = table_resolver.view_index(index_spec, origin.at("indexes", i), view.schema, view.name)
            if index is not None:
                objects.append(index)

    for (schema, name), resolved in tables.items():
        entry = entries[(schema, name)]
        domain = entry.domain
        _add_expression_dependencies(resolved, lambda refs: deps.keys(domain, refs))
        _report_not_immutable(collector, deps, domain, resolved)
        extras = table_resolver.merged_security(entry)
        column_names = {c.name: c.type for c in resolved.table.columns}
        for trigger_name, (spec, origin) in extras.triggers.items():
            trigger = routines.trigger(domain, schema, name, trigger_name, spec, origin, deps, column_names)
            if trigger is not None and spec.when is not None:
                labels.check(domain, origin.at("when"), spec.when, "the trigger condition", own=resolved)
            if trigger is not None:
                objects.append(trigger)
        if extras.rls is not None:
            rls_spec, rls_origin = extras.rls
            row_security = security.row_security(schema, name, rls_spec, rls_origin)
            if row_security is not None:
                objects.append(row_security)
            for policy_name, (policy_spec, origin) in extras.policies.items():
                for key in ("using", "with_check"):
                    if getattr(policy_spec, key) is not None:
                        refs = expression_references(getattr(policy_spec, key))
                        check_known(domain, refs, origin.at(key), "the policy expression", getattr(policy_spec, key))
                        labels.check(domain, origin.at(key), getattr(policy_spec, key), "the policy expression", refs,
                                     own=resolved)
                policy = security.policy(schema, name, policy_name, policy_spec, origin, column_names,
                                         lambda refs: deps.keys(domain, refs), typed_columns(domain))
                if policy is not None:
                    objects.append(policy)
        for role, (granted, origin, option) in sorted(extras.grants.items()):
            objects += security.grants(f"table:{schema}.{name}", "table", schema, name,
                                       {role: GrantSpec(privileges=sorted(granted), grant_option=option)}, origin)
        objects += privileges.column_grants(entry, resolved.table)
        objects += privileges.owner(domain, resolved.table, entry.spec.owner, entry.origin)
    objects += external_table_triggers(ordered, scopes, externals or {}, routines, deps, collector)
    objects += sequence_grants(scopes, security)
    objects = privileges.finish(objects, [resolved.table for resolved in tables.values()])
    return objects, external_functions, sorted(external_roles)


def external_table_triggers(ordered: list[LoadedDomain], scopes: Scopes, externals: dict, routines: RoutineResolver,
                            deps: Dependencies, collector: ErrorCollector) -> list:
    """The triggers the specs put on external tables (Supabase's
    `auth.users`): the migrations make and drop them, not the table. Their
    conditions and UPDATE OF lists may name only the declared columns."""
    found = []
    for domain in ordered:
        for entry in scopes.by_domain[domain.name].external_tables.values():
            external = externals.get((entry.schema, entry.name))
            if external is None or not entry.spec.triggers:
                continue
            if entry.schema in ("pg_catalog", "information_schema"):
                collector.add(entry.origin.at("triggers").error(
                    f"`{entry.schema}.{entry.name}` is one of PostgreSQL's system relations: it takes no triggers",
                    "put the trigger on a table of the specs or of another schema"))
                continue
            column_names = {c.name: c.type for c in external.columns}
            for name, spec in entry.spec.triggers.items():
                trigger = routines.trigger(domain.name, entry.schema, entry.name, name, spec,
                                           entry.origin.at("triggers", name), deps, column_names, "external_table")
                if trigger is not None:
                    found.append(trigger)
    return found


def builtin_external(schema: str, name: str, origin: Origin, collector: ErrorCollector) -> bool:
    """Whether an `external: functions:` entry is a function to declare (and
    to make a stand-in of in `schemac test`). A `pg_catalog.` one is built into
    PostgreSQL: harmless when it exists, an error when it does not; an
    unqualified name of a built-in is an error, since an unqualified call
    finds pg_catalog's function first."""
    if schema == "pg_catalog":
        if name not in BUILTIN_FUNCTIONS:
            collector.add(origin.error(f"PostgreSQL has no built-in function `{name}`",
                                       "pg_catalog holds only PostgreSQL's own functions; name the schema the "
                                       "function really lives in", at_key=True))
        return False
    if not schema and name in BUILTIN_FUNCTIONS:
        collector.add(origin.error(f"`{name}` is a built-in function of PostgreSQL (pg_catalog): it needs no declaration",
                                   "remove it from `external: functions:`; a function of that name in another schema "
                                   "is declared with its schema, `schema.name`", at_key=True))
        return False
    return True


def _named(ordered: list[LoadedDomain], scopes: Scopes, section: str, collector: ErrorCollector):
    """(domain, schema, name, spec, origin) of each entry of a section
    (`functions`, `views`); `schema.name` keys name their schema, which the
    migrations must create (a domain's `schema:` or `schemas:`), others live
    in the domain's schema."""
    created = {"public"} | {scope.schema for scope in scopes.by_domain.values()} | \
        {s for domain in ordered for part in domain.parts for s in part.spec.schemas}
    noun = section[:-1]
    for domain in ordered:
        default_schema = scopes.by_domain[domain.name].schema
        for part in domain.parts:
            for key, spec in getattr(part.spec, section).items():
                schema, _, name = key.rpartition(".")
                origin = Origin(part.document, (section, key))
                if schema and schema not in created:
                    collector.add(origin.error(
                        f"`{key}` would put the {noun} in schema `{schema}`, which no domain creates",
                        f"list `{schema}` under this domain's `schemas:`, or define the {noun} in a domain with "
                        f"`schema: {schema}`. A name that really holds a dot cannot be written as a key",
                        at_key=True))
                    continue
                yield domain.name, schema or default_schema, name, spec, origin


def _report_not_immutable(collector: ErrorCollector, deps: Dependencies, domain: str, resolved: ResolvedTable) -> None:
    """Index expressions and predicates and generated columns may call only
    IMMUTABLE functions: a spec function none of whose overloads is
    immutable is an error at the index or column (built-ins are checked in
    compiler/catalog/offline_checks.py)."""
    texts = [(f"the generated expression of column `{c.name}`", c.generated, c.source)
             for c in resolved.table.columns if c.generated]
    for index in resolved.indexes:
        texts += [(f"index `{index.name}`", text, index.source)
                  for text in [e.expression for e in index.elements if e.expression] + [index.where] if text]
    for what, text, source in texts:
        for schema, name in sorted(expression_references(text).functions, key=lambda f: (f[0] or "", f[1])):
            overloads = deps.visible_functions(domain, schema, name)
            if overloads and all(f.volatility != "immutable" for f in overloads):
                collector.add(SpecError(source.file, source.line, source.column, source.path,
                                        f"{what} calls `{name}()`, which is {overloads[0].volatility}, not immutable",
                                        "PostgreSQL accepts only IMMUTABLE functions in indexes and generated "
                                        "columns; declare it `volatility: immutable` if its result depends on its "
                                        "arguments alone"))


def _add_expression_dependencies(resolved: ResolvedTable, keys_of) -> None:
    """Defaults, generated columns, checks and index expressions that call
    spec functions need those functions created first."""
    columns = []
    for column in resolved.table.columns:
        refs = [expression_references(e) for e in (column.default and column.default.expression, column.generated) if e]
        depends = tuple(sorted({*column.depends_on, *(k for r in refs for k in keys_of(r))}))  # sequences kept
        columns.append(dataclasses.replace(column, depends_on=depends) if depends != column.depends_on else column)
    if any(new is not old for new, old in zip(columns, resolved.table.columns)):
        resolved.table = dataclasses.replace(resolved.table, columns=tuple(columns))
    resolved.constraints = [dataclasses.replace(c, depends_on=tuple(sorted(
                                {k for t in sql_texts(c) for k in keys_of(expression_references(t.sql))})))
                            if c.kind in ("check", "exclusion") and sql_texts(c) else c for c in resolved.constraints]
    indexes = []
    for index in resolved.indexes:
        texts = [e.expression for e in index.elements if e.expression] + ([index.where] if index.where else [])
        depends = tuple(sorted({k for t in texts for k in keys_of(expression_references(t))}))
        indexes.append(dataclasses.replace(index, depends_on=depends) if depends else index)
    resolved.indexes = indexes


def _report_wrong_arity(collector, functions: dict, external_names: set[str], text: str, statement: bool,
                        origin: Origin, what: str) -> None:
    """A call of a spec function (by name; not a built-in or external one)
    with a number of arguments none of its overloads takes: PostgreSQL
    refuses it when the view, SQL function or policy is created."""
    calls, shift = positional_calls(text, statement)
    for call in calls:
        if call.name in BUILTIN_FUNCTIONS or call.name in external_names:
            continue
        candidates = [f for (schema, name), overloads in sorted(functions.items()) for f in overloads
                      if name == call.name and (call.schema is None or schema == call.schema)]
        if not candidates or any(_takes(f, call.arguments) for f in candidates):
            continue
        offset = len(text.encode("utf-8")[:max(0, call.location - shift)].decode("utf-8", errors="ignore"))
        defined = "; ".join(f.key.split(":", 1)[1] for f in candidates)
        collector.add(origin.document.error_in_value(
            origin.path, offset, f"{what} calls `{call.name}` with {call.arguments} argument(s), which no function "
            "of the specs by that name takes", f"the specs define {defined}"))


def _takes(function: Function, count: int) -> bool:
    inputs = [a for a in function.args if a.mode != "out"]
    if any(a.mode == "variadic" for a in inputs):
        return True
    required = next((i for i, a in enumerate(inputs) if a.default is not None), len(inputs))
    return required <= count <= len(inputs)


def _report_outside_search_path(collector, scopes: Scopes, views: dict, domain: str, function: Function, refs,
                                origin: Origin) -> None:
    """A SQL function's body is resolved with the function's own
    `search_path` when it is created: a table or view the body names
    unqualified must be in one of its schemas, or PostgreSQL refuses it."""
    path = [s for s in function.search_path if s != "pg_temp"]
    for schema, name in sorted(refs.relations, key=lambda r: (r[0] or "", r[1])):
        if schema is not None or name in BUILTIN_RELATIONS:
            continue
        entry, _ = scopes.find(domain, "tables", name)
        schemas = {entry.schema} if entry is not None else {s for s, n in views if n == name}
        if len(schemas) != 1 or schemas & set(path):
            continue
        found = schemas.pop()
        collector.add(origin.at("search_path").error(
            f"the function body reads `{name}` of schema `{found}`, which the function's search_path "
            f"({', '.join(path) or 'empty'}) does not include, so PostgreSQL cannot find it",
            f"add `{found}` to `search_path:`, or write `{found}.{name}` in the body"))
