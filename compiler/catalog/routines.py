"""Resolve functions, views and triggers: types, dependencies read from
PostgreSQL's parse trees, and the checks PostgreSQL would only make at apply
time (a trigger's function must return trigger, a body must parse)."""

from __future__ import annotations

from compiler.catalog import pg_builtins
from compiler.catalog.columns import ColumnResolver
from compiler.catalog.expressions import References
from compiler.catalog.objects import TypeRef
from compiler.catalog.programmable import Argument, ExternalFunction, Function, Returns, Trigger, View
from compiler.catalog.scope import Origin, Scopes
from compiler.catalog.tables import source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import FunctionSpec, TriggerSpec, ViewSpec

_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


def report_unknown(collector: ErrorCollector, origin: Origin, problems, what: str) -> None:
    for kind, name, known in problems:
        hint = suggest(name.rpartition(".")[2], known)
        where = "`functions:`, or declare it under `external: {functions: ...}`" if kind == "function" else \
            "`tables:` or `views:`, in a domain this one `depends_on`, or under `external: {tables: ...}`"
        collector.add(origin.error(f"{what} uses {kind} `{name}`, which is not defined",
                                   (hint + " " if hint else "") + f"define it under {where}"))


class Dependencies:
    """Turns what an expression or query names into catalog keys of the spec's
    own tables, views and functions (built-ins and externals need no key)."""

    def __init__(self, scopes: Scopes, functions: dict[tuple[str, str], list[Function]],
                 views: dict[tuple[str, str], str]) -> None:
        self.scopes = scopes
        self.functions = functions  # (schema, name) -> overloads
        self.views = views  # (schema, name) -> key

    def unknown(self, domain: str, refs: References, external_functions, extensions_declared: bool,
                own_names: set[str] = frozenset()) -> list[tuple[str, str, list[str]]]:
        """What `refs` names that nothing defines: (kind, name, close names).
        Built-ins of pg_catalog and information_schema are known from
        pg_builtins. Functions are not judged when the specs install
        extensions, which bring functions of their own."""
        problems = []
        visible_schemas = [s.schema for s in self.scopes.visible(domain)] + ["public"]
        external = {(f.schema, f.name) for f in external_functions}
        if not extensions_declared:
            for schema, name in sorted(refs.functions, key=lambda r: (r[0] or "", r[1])):
                if schema in _SYSTEM_SCHEMAS or (schema is None and name in pg_builtins.FUNCTIONS):
                    continue
                schemas = [schema] if schema else visible_schemas
                if any((s, name) in self.functions or (s, name) in external for s in schemas):
                    continue
                known = sorted({n for (_, n) in self.functions} | {n for (_, n) in external})
                problems.append(("function", f"{schema}.{name}" if schema else name, known))
        for schema, name in sorted(refs.relations, key=lambda r: (r[0] or "", r[1])):
            if schema in _SYSTEM_SCHEMAS or (schema is None and (name in pg_builtins.RELATIONS or name in own_names)):
                continue
            reference = f"{schema}.{name}" if schema else name
            entry, ambiguous = self.scopes.find(domain, "tables", reference)
            if entry is not None or ambiguous:
                continue
            if any((s, name) in self.views for s in ([schema] if schema else visible_schemas)):
                continue
            if self.scopes.was_dropped(domain, "tables", reference):
                continue
            known = sorted(set(self.scopes.names(domain, "tables")) | {n for (_, n) in self.views})
            problems.append(("table or view", reference, known))
        return problems

    def keys(self, domain: str, refs: References, exclude: str = "") -> tuple[str, ...]:
        keys: set[str] = set()
        default_schema = self.scopes.by_domain[domain].schema
        for schema, name in refs.functions:
            for candidate in self._function_candidates(domain, schema, name, default_schema):
                keys.update(f.key for f in candidate)
        for schema, name in refs.relations:
            entry, _ = self.scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
            if entry is not None and (entry.schema, entry.name) not in self._externals(domain):
                keys.add(f"table:{entry.schema}.{entry.name}")
            view_key = self.views.get((schema or default_schema, name))
            if view_key:
                keys.add(view_key)
        keys.discard(exclude)
        return tuple(sorted(keys))

    def _externals(self, domain: str) -> set[tuple[str, str]]:
        return {(e.schema, e.name) for s in self.scopes.visible(domain) for e in s.external_tables.values()}

    def _function_candidates(self, domain: str, schema: str | None, name: str, default_schema: str):
        if schema:
            yield self.functions.get((schema, name), [])
            return
        for scope in self.scopes.visible(domain):
            yield self.functions.get((scope.schema, name), [])
        yield self.functions.get(("public", name), [])


class RoutineResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector, columns: ColumnResolver, min_version: int) -> None:
        self.scopes = scopes
        self.collector = collector
        self.columns = columns
        self.min_version = min_version

    # -- functions ------------------------------------------------------
    def function(self, domain: str, schema: str, name: str, spec: FunctionSpec, origin: Origin) -> Function | None:
        args = []
        ok = True
        for i, arg in enumerate(spec.args):
            t = self.columns.resolve_type(domain, arg.type, origin.at("args", i, "type"))
            if arg.default is not None:
                ok &= self.columns.check_expression(arg.default, origin.at("args", i, "default"), None, "the default")
            ok &= t is not None
            args.append(Argument(arg.name, t or TypeRef("text"), arg.default, arg.mode))
        returns = None
        if spec.returns is not None:
            returns = self._returns(domain, spec, origin.at("returns"))
            ok &= returns is not None
        if not ok:
            return None
        search_path = tuple(spec.search_path) if spec.search_path is not None else None
        if spec.security == "definer" and search_path is not None and "pg_temp" not in search_path:
            search_path += ("pg_temp",)  # last, so temporary objects cannot shadow what the body uses
        # a definer function runs with its owner's rights: only roles granted `execute` may call it
        return Function(schema, name, tuple(args), returns, spec.language, spec.body, spec.volatility, spec.strict,
                        spec.security, search_path, spec.comment, public_execute=spec.security != "definer",
                        source=source_of(origin), renamed_from=spec.renamed_from)

    def _returns(self, domain: str, spec: FunctionSpec, origin: Origin) -> Returns | None:
        r = spec.returns
        if r.type is not None:
            if r.type.lower() in ("trigger", "void", "record", "event_trigger"):
                return Returns(type=TypeRef(r.type.lower()))
            t = self._type_or_table(domain, r.type, origin)
            return Returns(type=t) if t else None
        if r.setof is not None:
            t = self._type_or_table(domain, r.setof, origin.at("setof"))
            return Returns(setof=t) if t else None
        columns = []
        for column, text in r.table.items():
            t = self.columns.resolve_type(domain, text, origin.at("table", column))
            if t is None:
                return None
            columns.append((column, t))
        return Returns(table=tuple(columns))

    def _type_or_table(self, domain: str, text: str, origin: Origin) -> TypeRef | None:
        """A type, or a table's row type (`setof deals`)."""
        entry, _ = self.scopes.find(domain, "tables", text)
        if entry is not None:
            return TypeRef(entry.name, entry.schema, (), 0, "table")
        return self.columns.resolve_type(domain, text, origin)

    def check_body(self, function: Function, origin: Origin, create_sql: str | None) -> None:
        """The body must parse: SQL bodies with PostgreSQL's parser, PL/pgSQL
        bodies with its PL/pgSQL parser, on the exact statement emitted
        (`create_sql`, rendered for PL/pgSQL functions)."""
        from compiler.render.oracle import parse_plpgsql, parse_statements
        if function.language == "sql":
            error, _ = parse_statements(function.body)
            if error:
                message, offset = error
                self.collector.add(origin.document.error_in_value(
                    origin.path + ("body",), offset, f"the function body is not valid SQL: {message}",
                    "a parenthesis or a quote is left open; close it" if "end of input" in message else
                    "write the body as SQL statements separated by ; (a `language: sql` body is plain SQL)"))
        else:
            problem, _ = parse_plpgsql(create_sql)
            if problem:
                self.collector.add(origin.at("body").error(f"the PL/pgSQL body does not parse: {problem}",
                                                           "a PL/pgSQL body is BEGIN ... END, statements end with ;"))

    # -- views ----------------------------------------------------------
    def view(self, domain: str, schema: str, name: str, spec: ViewSpec, origin: Origin) -> View | None:
        from compiler.render.oracle import parse_statements
        error, statements = parse_statements(spec.query)
        if error:
            self.collector.add(origin.document.error_in_value(origin.path + ("query",), error[1],
                                                              f"the view query is not valid SQL: {error[0]}",
                                                              "the query stops in the middle: complete its last clause, "
                                                              "or close a parenthesis or quote" if "end of input" in error[0]
                                                              else "write one SELECT statement as PostgreSQL accepts it"))
            return None
        if len(statements) != 1 or "SelectStmt" not in statements[0]["stmt"]:
            self.collector.add(origin.at("query").error("a view query is one SELECT statement",
                                                        "remove the other statements"))
            return None
        if spec.security_invoker and self.min_version < 15:
            self.collector.add(origin.at("security_invoker").error(
                f"security_invoker views need PostgreSQL 15; this project targets {self.min_version}",
                "raise `postgres: {min_version: 15}` in schemac.yaml"))
            return None
        return View(schema, name, spec.query, spec.materialized, spec.security_invoker, spec.comment,
                    source=source_of(origin), renamed_from=spec.renamed_from)

    # -- triggers -------------------------------------------------------
    def trigger(self, domain: str, schema: str, table: str, name: str, spec: TriggerSpec, origin: Origin,
                functions: dict[tuple[str, str], list[Function]], externals: list[ExternalFunction],
                column_names) -> Trigger | None:
        fn_schema, _, fn_name = spec.function.rpartition(".")
        found = None
        for candidate_schema in ([fn_schema] if fn_schema else [s.schema for s in self.scopes.visible(domain)] + ["public"]):
            overloads = [f for f in functions.get((candidate_schema, fn_name), []) if not f.args]
            if overloads:
                found = overloads[0]
                break
        if found is None:
            external = next((e for e in externals if e.name == fn_name and (not fn_schema or e.schema == fn_schema)), None)
            known = sorted({n for (_, n) in functions})
            if external is None:
                if self.scopes.was_dropped(domain, "functions", fn_name):
                    return None  # the function is wrong and already reported
                self.collector.add(origin.at("function").error(
                    f"trigger function `{spec.function}` is not defined",
                    suggest(fn_name, known) or "define it under `functions:` with `returns: trigger`"))
                return None
            if external.returns is None or external.returns.name != "trigger":
                self.collector.add(origin.at("function").error(f"`{spec.function}` does not return trigger",
                                                               "a trigger calls a function declared `returns: trigger`"))
                return None
            key, f_schema, f_name = f"function:{external.schema}.{external.name}()", external.schema, external.name
        else:
            if found.returns is None or found.returns.type is None or found.returns.type.name != "trigger":
                self.collector.add(origin.at("function").error(f"`{spec.function}` does not return trigger",
                                                               "declare the function with `returns: trigger`"))
                return None
            key, f_schema, f_name = found.key, found.schema, found.name
        for i, column in enumerate(spec.update_of):
            if column not in column_names:
                self.collector.add(origin.at("update_of", i).error(
                    f"column `{column}` does not exist in this table", suggest(column, column_names) or ""))
                return None
        if spec.when is not None:
            # NEW.col / OLD.col are qualified names; a bare column name is an error in PostgreSQL too
            if not self.columns.check_expression(spec.when, origin.at("when"), None, "the trigger condition"):
                return None
        return Trigger(schema, table, name, key, f_schema, f_name, spec.timing, tuple(spec.events),
                       tuple(spec.update_of), spec.for_each, spec.when, tuple(spec.args), source=source_of(origin))
