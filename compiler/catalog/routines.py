"""Resolve functions, views and triggers: types, dependencies read from
PostgreSQL's parse trees, and the checks PostgreSQL would only make at apply
time (a trigger's function must return trigger, a body must parse)."""

from __future__ import annotations

from compiler.catalog import types as pgtypes
from compiler.catalog.builtin_triggers import builtin_trigger_fits
from compiler.catalog.column_refs import when_reads_columns
from compiler.catalog.columns import ColumnResolver
from compiler.catalog.dependencies import Dependencies
from compiler.catalog.objects import TypeRef
from compiler.catalog.pg_builtins import TRIGGER_FUNCTIONS
from compiler.catalog.plpgsql import Judgement
from compiler.catalog.programmable import Argument, ExternalFunction, Function, Returns, Trigger, View
from compiler.catalog.scope import Origin, Scopes
from compiler.catalog.tables import source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import FunctionSpec, TriggerSpec, ViewSpec


class RoutineResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector, columns: ColumnResolver, min_version: int,
                 public_execute: bool = True) -> None:
        self.public_execute = public_execute  # schemac.yaml `privileges: functions_executable_by_public`
        self.scopes = scopes
        self.collector = collector
        self.columns = columns
        self.min_version = min_version

    # -- functions ------------------------------------------------------
    def function(self, domain: str, schema: str, name: str, spec: FunctionSpec, origin: Origin) -> Function | None:
        args = []
        ok = True
        for i, arg in enumerate(spec.args):
            t = self._type_or_table(domain, arg.type, origin.at("args", i, "type"))  # a row type too
            if arg.default is not None:
                ok &= self.columns.check_expression(arg.default, origin.at("args", i, "default"), None, "the default",
                                                      qualified=True)
            ok &= t is not None
            args.append(Argument(arg.name or "", t or TypeRef("text"), arg.default, arg.mode))
        returns = None
        if spec.returns is not None:
            returns = self._returns(domain, spec, origin.at("returns"))
            ok &= returns is not None
        if not ok:
            return None
        search_path = tuple(spec.search_path) if spec.search_path is not None else None
        if spec.security == "definer" and search_path is not None and "pg_temp" not in search_path:
            search_path += ("pg_temp",)  # last, so temporary objects cannot shadow what the body uses
        # a definer function runs with its owner's rights: only roles granted `execute` may call it;
        # `grants: {public: []}` takes PUBLIC's default EXECUTE away from any function
        # (and `privileges: {functions_executable_by_public: false}` in schemac.yaml from every function that
        # does not grant `public: [execute]`)
        public = spec.grants.get("public")
        if spec.security == "definer":
            public_execute = False
        elif public is not None:
            public_execute = bool(public.privileges)  # `public: []` revokes, `public: [execute]` keeps
        else:
            public_execute = self.public_execute
        return Function(schema, name, tuple(args), returns, spec.language, spec.body, spec.volatility, spec.strict,
                        spec.security, search_path, spec.comment, public_execute=public_execute,
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
        """A type, or a table's or view's row type (`setof deals`, `deals[]`)."""
        name, dims = text, 0
        if text.rstrip().endswith("]"):
            try:
                parsed = pgtypes.parse_type(text)
                name, dims = (parsed.name, parsed.array_dims) if not parsed.modifiers else (text, 0)
            except pgtypes.TypeSyntaxError:
                pass
        entry, _ = self.scopes.find(domain, "tables", name)
        if entry is not None:
            return TypeRef(entry.name, entry.schema, (), dims, "table")
        view = self._view(domain, name)
        if view is not None:
            return TypeRef(view[1], view[0], (), dims, "view")
        return self.columns.resolve_type(domain, text, origin)

    def _view(self, domain: str, text: str) -> tuple[str, str] | None:
        """(schema, name) of the view `text` (`name` or `schema.name`) that
        `domain` sees, its own first; None when there is none or several."""
        schema, _, name = text.rpartition(".")
        for tier in self.scopes.tiers(domain):
            found = {(key.rpartition(".")[0] or scope.schema, key.rpartition(".")[2])
                     for scope in tier for part in scope.domain.parts for key in part.spec.views}
            found = {(s, n) for s, n in found if n == name and (not schema or s == schema)}
            if found:
                return next(iter(found)) if len(found) == 1 else None
        return None

    def check_body(self, function: Function, origin: Origin, judgement: Judgement | None) -> None:
        """The body must parse: SQL bodies with PostgreSQL's parser, PL/pgSQL
        bodies with its PL/pgSQL parser (`judgement`, compiler/catalog/plpgsql.py).
        A PL/pgSQL body the offline parser cannot judge is an error too: it
        is not known to be valid."""
        from compiler.render.oracle import parse_statements
        if function.language == "sql":
            error, _ = parse_statements(function.body)
            if error:
                message, offset = error
                self.collector.add(origin.document.error_in_value(
                    origin.path + ("body",), offset, f"the function body is not valid SQL: {message}",
                    "a parenthesis or a quote is left open; close it" if "end of input" in message else
                    "write the body as SQL statements separated by ; (a `language: sql` body is plain SQL)"))
        elif judgement is not None and judgement.problem:
            self.collector.add(origin.at("body").error(f"the PL/pgSQL body does not parse: {judgement.problem}",
                                                       "a PL/pgSQL body is BEGIN ... END, statements end with ;"))
        elif judgement is not None and judgement.unknown:
            self.collector.add(origin.at("body").error(
                f"the PL/pgSQL body cannot be checked without a database: {judgement.unknown}",
                "schemac's offline PL/pgSQL parser cannot read this body, so it is not known to be valid; write "
                "the variables' types as a built-in type, a table's row type (`t%ROWTYPE`) or a column's type "
                "(`t.col%TYPE`)"))

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
                    with_data=spec.with_data, source=source_of(origin), renamed_from=spec.renamed_from)

    # -- triggers -------------------------------------------------------
    def trigger(self, domain: str, schema: str, table: str, name: str, spec: TriggerSpec, origin: Origin,
                deps: Dependencies, column_names, relation: str = "table") -> Trigger | None:
        fn_schema, _, fn_name = spec.function.rpartition(".")
        found = next((f for f in deps.visible_functions(domain, fn_schema or None, fn_name) if not f.args), None)
        if found is None:
            external = deps.visible_external(domain, fn_schema or None, fn_name)
            if external is None and fn_schema in ("", "pg_catalog") and fn_name in TRIGGER_FUNCTIONS:
                # built into PostgreSQL (tsvector_update_trigger, ...): needs no declaration
                external = ExternalFunction("pg_catalog", fn_name, (), TypeRef("trigger"))
            if external is None:
                if self.scopes.was_dropped(domain, "functions", fn_name):
                    return None  # the function is wrong and already reported
                known = sorted({f.name for overloads in deps.functions.values() for f in overloads})
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
                    f"column `{column}` does not exist in this table", suggest(column, column_names) or (
                        "declare the column under the external table's `columns:`" if relation == "external_table"
                        else f"the table's columns are {', '.join(sorted(column_names))}")))
                return None
        if spec.when is not None:
            # NEW.col / OLD.col are qualified names; a bare column name is an error in PostgreSQL too
            if not self.columns.check_expression(spec.when, origin.at("when"), None, "the trigger condition",
                                                 rows=frozenset({"new", "old"})):
                return None
            if not when_reads_columns(self.collector, origin.at("when"), spec.when, f"{relation}:{schema}.{table}",
                                      column_names):
                return None
            if not self.columns.check_types(spec.when, origin.at("when"), column_names, "the trigger condition",
                                            qualifiers=frozenset({"new", "old"})):
                return None
        if f_schema == "pg_catalog" and not builtin_trigger_fits(self.collector, f_name, spec, origin, column_names):
            return None
        referencing = spec.referencing
        return Trigger(schema, table, name, key, f_schema, f_name, spec.timing, tuple(spec.events),
                       tuple(spec.update_of), spec.for_each, spec.when, tuple(spec.args),
                       old_table=referencing.old_table if referencing else None,
                       new_table=referencing.new_table if referencing else None,
                       constraint=spec.constraint, deferrable=spec.deferrable is not False,
                       initially_deferred=spec.deferrable == "initially_deferred", relation=relation,
                       source=source_of(origin))
