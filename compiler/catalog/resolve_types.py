"""SQL domains, composite and range types, and aggregates: from specs to
catalog objects (compiler/catalog/user_types.py).

Their names are registered with the domain's scope beforehand, so columns,
arguments and results can be of these types (compiler/catalog/columns.py).
The objects are made after functions are resolved, since a domain's default
or check, a range's subtype_diff and an aggregate's functions may be spec
functions; then the views and functions that call an aggregate or cast to
one of these types are ordered after it (`link_users`)."""

from __future__ import annotations

import dataclasses

from compiler.catalog import plpgsql
from compiler.catalog.columns import ColumnResolver
from compiler.catalog.expressions import expression_references, has_subquery, mentions, statement_references
from compiler.catalog.objects import Constraint, Index, Table, TypeRef
from compiler.catalog.offline_checks import default_problem, expression_problems
from compiler.catalog.pg_builtins import DEFAULT_OPERATOR_CLASSES
from compiler.catalog.pg_builtins import FUNCTIONS as BUILTIN_FUNCTIONS
from compiler.catalog.pg_types import SIGNATURES
from compiler.catalog.programmable import ExternalFunction, Function, Policy, View
from compiler.catalog.scope import Origin, Scopes
from compiler.catalog.sequences import KnownSequences, sequences_used
from compiler.catalog.tables import source_of
from compiler.catalog.user_types import (
    Aggregate,
    Attribute,
    CompositeType,
    DomainCheck,
    DomainType,
    RangeType,
    multirange_name,
    type_key,
)
from compiler.errors import ErrorCollector, SpecError
from compiler.render.sql import literal
from compiler.spec.errors import suggest
from compiler.spec.load import LoadedDomain

# built-in types that take a collation
_COLLATABLE = {"text", "character varying", "character", "name"}


def aggregate_names(ordered: list[LoadedDomain], scopes: Scopes) -> list[tuple[str, ExternalFunction]]:
    """(domain, stand-in) for every aggregate the specs define: SQL texts may
    call them (compiler/catalog/dependencies.py knows them as functions)."""
    found = []
    for domain in ordered:
        schema = scopes.by_domain[domain.name].schema
        for part in domain.parts:
            for key in part.spec.aggregates:
                qualifier, _, name = key.rpartition(".")
                found.append((domain.name, ExternalFunction(qualifier or schema, name, (), TypeRef("record"))))
    return found


class TypeResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector, columns: ColumnResolver,
                 functions: list[Function]) -> None:
        self.scopes = scopes
        self.collector = collector
        self.columns = columns
        self.sequences = KnownSequences(scopes)  # a default may call nextval()
        self.functions: dict[tuple[str, str], list[Function]] = {}
        for f in functions:
            self.functions.setdefault((f.schema, f.name), []).append(f)

    def resolve(self, ordered: list[LoadedDomain]) -> list:
        objects: list = []
        for domain in ordered:
            scope = self.scopes.by_domain[domain.name]
            for entry in scope.domains.values():
                found = self.domain_type(domain.name, entry.schema, entry.name, entry.spec, entry.origin)
                objects += [found] if found is not None else []
            for entry in scope.types.values():
                if entry.spec.columns is not None:
                    found = self.composite(domain.name, entry.schema, entry.name, entry.spec, entry.origin)
                else:
                    found = self.range(domain.name, entry.schema, entry.name, entry.spec, entry.origin)
                objects += [found] if found is not None else []
            for part in domain.parts:
                for key, spec in part.spec.aggregates.items():
                    qualifier, _, name = key.rpartition(".")
                    found = self.aggregate(domain.name, qualifier or scope.schema, name, spec,
                                           Origin(part.document, ("aggregates", key)))
                    objects += [found] if found is not None else []
        return self._without_cycles(objects)

    def _without_cycles(self, objects: list) -> list:
        """Types built on each other in a circle (a composite with an
        attribute of a domain over that composite) cannot be made: an error
        at each, and they are left out."""
        types = {o.key: o for o in objects if not isinstance(o, Aggregate)}
        state: dict[str, str] = {}
        cyclic: set[str] = set()

        def visit(key: str, trail: list[str]) -> None:
            if state.get(key) == "done":
                return
            if state.get(key) == "visiting":
                cyclic.update(trail[trail.index(key):])
                return
            state[key] = "visiting"
            for needed in sorted(k for k in types[key].depends_on if k in types):
                visit(needed, trail + [key])
            state[key] = "done"

        for key in sorted(types):
            visit(key, [])
        for key in sorted(cyclic):
            source = types[key].source
            self.collector.add(SpecError(source.file, source.line, source.column, source.path,
                                         f"type `{types[key].name}` is built on itself, through "
                                         f"{', '.join(sorted(k for k in cyclic if k != key)) or 'itself'}",
                                         "PostgreSQL makes a type after those it is built on: break the circle"))
        return [o for o in objects if o.key not in cyclic and not set(getattr(o, "depends_on", ())) & cyclic]

    # -- functions the types name --------------------------------------------
    def _schemas(self, domain: str, schema: str | None) -> list[str]:
        if schema:
            return [schema]
        return list(dict.fromkeys([s.schema for s in self.scopes.visible(domain)] + ["public"]))

    def _function(self, domain: str, text: str, args: tuple[TypeRef, ...], returns: TypeRef | None,
                  origin: Origin, what: str) -> tuple[str, str | None] | None:
        """(how the statement names the function, its key or None for a
        built-in); None after reporting. A spec function must take exactly
        `args` (and return `returns`, when given)."""
        schema, _, name = text.rpartition(".")
        overloads = [f for s in self._schemas(domain, schema or None) for f in self.functions.get((s, name), [])]
        for f in overloads:
            if tuple(a.type for a in f.args if a.mode != "out") == args:
                if returns is not None and (f.returns is None or f.returns.type != returns):
                    self.collector.add(origin.error(f"{what} `{text}` does not return {_text(returns)}",
                                                    f"declare it with `returns: {_text(returns)}`"))
                    return None
                return f"{f.schema}.{f.name}", f.key
        if not overloads and schema in ("", "pg_catalog") and name in BUILTIN_FUNCTIONS:
            return (name, None) if self._builtin_fits(name, args, returns, origin, what) else None
        wanted = f"{name}({', '.join(_text(t) for t in args)})"
        if overloads:
            hint = f"the specs define {', '.join(f.identity for f in overloads)}; {what} must take ({', '.join(_text(t) for t in args)})"
        else:
            known = sorted({n for (_, n) in self.functions})
            hint = (suggest(name, known) + " " if suggest(name, known) else "") + \
                f"define `{wanted}` under `functions:`"
        self.collector.add(origin.error(f"{what} `{wanted}` is not defined", hint))
        return None

    def _builtin_fits(self, name: str, args: tuple[TypeRef, ...], returns: TypeRef | None, origin: Origin,
                      what: str) -> bool:
        """A built-in of known signatures (pg_types.SIGNATURES, between base
        types) must take `args` and return `returns`; others are left to PostgreSQL."""
        if any(t.kind != "builtin" or t.array_dims or t.modifiers for t in args):
            return True
        known = {types: result for (fn, types), result in SIGNATURES.items() if fn == name}
        if not known:
            return True
        wanted = tuple(t.name for t in args)
        result = known.get(wanted)
        if result is None:
            takes = "; ".join(f"({', '.join(types)})" for types in sorted(known))
            self.collector.add(origin.error(f"{what} `{name}` takes no ({', '.join(wanted)})",
                                            f"the built-in `{name}` takes {takes}"))
            return False
        if returns is not None and returns.kind == "builtin" and not returns.array_dims and result != returns.name:
            self.collector.add(origin.error(f"{what} `{name}` returns {result}, not {returns.name}",
                                            f"name a function returning {returns.name}"))
            return False
        return True

    def _function_keys(self, domain: str, text: str) -> set[str]:
        """The spec functions an expression calls."""
        keys = set()
        for schema, name in expression_references(text).functions:
            for s in self._schemas(domain, schema):
                keys.update(f.key for f in self.functions.get((s, name), []))
        return keys

    def _collation(self, t: TypeRef | None, collation: str | None, origin: Origin) -> bool:
        if collation is None or t is None or t.kind != "builtin":
            return True  # other types: left to PostgreSQL
        if t.name in _COLLATABLE:
            return True
        self.collector.add(origin.error(f"type `{t.name}` takes no collation",
                                        "a collation applies to text types (text, varchar, char); remove it"))
        return False

    # -- domains ---------------------------------------------------------------
    def domain_type(self, domain: str, schema: str, name: str, spec, origin: Origin) -> DomainType | None:
        base = self.columns.resolve_type(domain, spec.type, origin.at("type"))
        if base is None:
            return None
        ok = self._collation(base, spec.collate, origin.at("collate"))
        depends = {k for k in [type_key(base)] if k}
        if spec.default is not None:
            ok &= self.columns.resolve_default(spec.default, base, origin.at("default"), ()) is not None
            problem = default_problem(spec.default, base)
            if problem is not None:
                self.collector.add(origin.document.error_in_value(origin.path + ("default",), problem.offset,
                                                                  problem.message.replace("column", "domain"),
                                                                  problem.hint.replace("column", "domain")))
                ok = False
            for found in expression_problems(spec.default, "the default", False, self.sequences.known(), schema):
                self.collector.add(origin.document.error_in_value(origin.path + ("default",), found.offset,
                                                                  found.message, found.hint))
                ok = False
            depends |= self._function_keys(domain, spec.default)
            depends |= set(sequences_used(spec.default, schema, self.sequences.made()))
        checks = []
        named = ([(f"{name}_check", spec.check, origin.at("check"))] if spec.check is not None else []) + \
            [(n, text, origin.at("checks", n)) for n, text in spec.checks.items()]
        for check_name, text, at in named:
            if any(c.name == check_name for c in checks):
                self.collector.add(at.error(f"domain `{name}` has two checks named `{check_name}`",
                                            "`check:` is named `<domain>_check`; give the other check another name"))
                ok = False
                continue
            if not self.columns.check_expression(text, at, {"value": base}, "the domain check"):
                ok = False
                continue
            if has_subquery(text):
                self.collector.add(at.error("a domain check cannot hold a subquery",
                                            "PostgreSQL refuses subqueries in checks; test the value alone"))
                ok = False
                continue
            for problem in expression_problems(text, "the domain check", False, frozenset(), schema):
                if "sequence" not in problem.message:
                    self.collector.add(at.document.error_in_value(at.path, problem.offset, problem.message,
                                                                  problem.hint))
                    ok = False
            ok &= self.columns.check_types(text, at, {"value": base}, "the domain check")
            depends |= self._function_keys(domain, text)
            checks.append(DomainCheck(check_name, text))
        if not ok:
            return None
        checks.sort(key=lambda c: c.name)  # PostgreSQL tests them in this order and keeps no other
        return DomainType(schema, name, base, spec.nullable, spec.default, spec.collate, tuple(checks), spec.comment,
                          tuple(sorted(depends)), source_of(origin))

    # -- composite and range types ---------------------------------------------
    def composite(self, domain: str, schema: str, name: str, spec, origin: Origin) -> CompositeType | None:
        attributes = []
        ok = True
        for attribute, a in spec.columns.items():
            t = self.columns.resolve_type(domain, a.type, origin.at("columns", attribute, "type"))
            if t is not None and (t.schema, t.name) == (schema, name):
                self.collector.add(origin.at("columns", attribute).error(
                    f"composite type `{name}` cannot contain itself", "use another type for this column"))
                t = None
            ok &= t is not None and self._collation(t, a.collate, origin.at("columns", attribute, "collate"))
            attributes.append(Attribute(attribute, t or TypeRef("text"), a.collate))
        if not ok:
            return None
        return CompositeType(schema, name, tuple(attributes), spec.comment, source_of(origin))

    def range(self, domain: str, schema: str, name: str, spec, origin: Origin) -> RangeType | None:
        r = spec.range
        subtype = self.columns.resolve_type(domain, r.subtype, origin.at("range", "subtype"))
        if subtype is None:
            return None
        if subtype.kind == "range" and (subtype.schema, subtype.name) == (schema, name):
            self.collector.add(origin.at("range", "subtype").error("a range type cannot be its own subtype",
                                                                   "name another type"))
            return None
        if not self._collation(subtype, r.collation, origin.at("range", "collation")):
            return None
        btree = DEFAULT_OPERATOR_CLASSES["btree"]
        if r.subtype_opclass is None and subtype.kind == "builtin" and not subtype.array_dims and \
                subtype.name not in btree:
            self.collector.add(origin.at("range", "subtype").error(
                f"type `{subtype.name}` has no default btree operator class, which a range's subtype needs",
                "name one with `subtype_opclass:`, or use another subtype"))
            return None
        depends = {k for k in [type_key(subtype)] if k}
        diff = None
        if r.subtype_diff is not None:
            found = self._function(domain, r.subtype_diff, (subtype, subtype), TypeRef("double precision"),
                                   origin.at("range", "subtype_diff"), "the subtype_diff function")
            if found is None:
                return None
            diff, key = found
            depends |= {key} if key else set()
        return RangeType(schema, name, subtype, multirange_name(name), diff, r.subtype_opclass, r.collation,
                         spec.comment, tuple(sorted(depends)), source_of(origin))

    # -- aggregates ------------------------------------------------------------
    def aggregate(self, domain: str, schema: str, name: str, spec, origin: Origin) -> Aggregate | None:
        args = tuple(self.columns.resolve_type(domain, t, origin.at("args", i)) for i, t in enumerate(spec.args))
        state = self.columns.resolve_type(domain, spec.state_type, origin.at("state_type"))
        if state is None or any(a is None for a in args):
            return None
        depends = {k for k in (type_key(t) for t in (*args, state)) if k}
        found = self._function(domain, spec.state_function, (state, *args), state, origin.at("state_function"),
                               "the state function")
        final = combine = None
        if spec.final_function is not None:
            final = self._function(domain, spec.final_function, (state,), None, origin.at("final_function"),
                                   "the final function")
        if spec.combine_function is not None:
            combine = self._function(domain, spec.combine_function, (state, state), state,
                                     origin.at("combine_function"), "the combine function")
        if found is None or (spec.final_function is not None and final is None) or \
                (spec.combine_function is not None and combine is None):
            return None
        if spec.initial_condition is not None:
            problem = default_problem(literal(spec.initial_condition), state)
            if problem is not None:
                self.collector.add(origin.at("initial_condition").error(
                    f"the initial condition '{spec.initial_condition}' is not a valid {_text(state)}: PostgreSQL "
                    "would refuse it", "write the state's first value as its text form, e.g. 0 for an integer"))
                return None
        depends |= {x[1] for x in (found, final, combine) if x is not None and x[1]}
        return Aggregate(schema, name, args, found[0], state, final[0] if final else None,
                         combine[0] if combine else None, spec.initial_condition, spec.parallel, spec.comment,
                         tuple(sorted(depends)), source_of(origin))


def _text(t: TypeRef) -> str:
    return (f"{t.schema}.{t.name}" if t.schema else t.name) + "[]" * t.array_dims


def link_users(objects: list, made: list, scopes: Scopes) -> list:
    """The views and functions that call an aggregate of the specs, or cast
    to (or, in PL/pgSQL, declare a variable of) a domain, composite or range
    type of the specs, ordered after it: `depends_on` gains its key. An
    unqualified name is looked up in the object's schema, then public, then
    the other schemas of the specs. The same for the casts in the checks,
    defaults, generated columns, index expressions and policies of tables."""
    aggregates: dict[tuple[str, str], list[str]] = {}
    types: dict[str, dict[str, str]] = {}  # name -> schema -> key
    for obj in made:
        if isinstance(obj, Aggregate):
            aggregates.setdefault((obj.schema, obj.name), []).append(obj.key)
        else:
            types.setdefault(obj.name, {})[obj.schema] = obj.key
    if not aggregates and not types:
        return objects
    every = sorted({s.schema for s in scopes.by_domain.values()} | {o.schema for o in made})

    def keys_of(own: str, functions, type_names) -> set[str]:
        schemas = list(dict.fromkeys([own, "public", *every]))
        keys = set()
        for schema, name in functions:
            for s in [schema] if schema else schemas:
                keys.update(aggregates.get((s, name), ()))
        for name in type_names:
            found = [types[name][s] for s in schemas if s in types.get(name, {})]
            keys.update(found[:1])
        return keys

    def keys_in(own: str, texts, statement: bool = False) -> set[str]:
        keys = set()
        for text in texts:
            if not text:
                continue
            said = mentions(text, statement)
            names = set(said.types) if said is not None else set()
            functions = (statement_references(text) if statement else expression_references(text)).functions
            keys |= keys_of(own, functions, names)
        return keys

    def linked(obj, keys: set[str]):
        keys -= {getattr(obj, "key", None)}
        if keys - set(obj.depends_on):
            return dataclasses.replace(obj, depends_on=tuple(sorted(set(obj.depends_on) | keys)))
        return obj

    result = []
    for obj in objects:
        if isinstance(obj, Function) and obj.language == "plpgsql":
            found = plpgsql.declarations(obj.body) or []
            obj = linked(obj, keys_of(obj.schema, (), {d.parts[-1] for d in found if d.parts and d.suffix == ""}))
        elif isinstance(obj, Function):
            obj = linked(obj, keys_in(obj.schema, [obj.body], statement=True))
        elif isinstance(obj, View):
            obj = linked(obj, keys_in(obj.schema, [obj.query], statement=True))
        elif isinstance(obj, Policy):
            obj = linked(obj, keys_in(obj.schema, [obj.using, obj.with_check]))
        elif isinstance(obj, Constraint) and obj.kind == "check":
            obj = linked(obj, keys_in(obj.schema, [obj.expression]))
        elif isinstance(obj, Index):
            obj = linked(obj, keys_in(obj.schema, [e.expression for e in obj.elements] + [obj.where]))
        elif isinstance(obj, Table):
            columns = tuple(linked(c, keys_in(obj.schema, [c.default.expression if c.default else None, c.generated]))
                            if c.default is not None or c.generated else c for c in obj.columns)
            if any(a is not b for a, b in zip(columns, obj.columns)):
                obj = dataclasses.replace(obj, columns=columns)
        result.append(obj)
    return result
