"""Column types, defaults and expressions, resolved against a domain's scope."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Mapping

from compiler.catalog import expression_types
from compiler.catalog import types as pgtypes
from compiler.catalog.expressions import referenced_columns
from compiler.catalog.objects import ColumnDefault, TypeRef
from compiler.catalog.scope import Origin, Scopes
from compiler.errors import ErrorCollector
from compiler.render.oracle import expression_error
from compiler.spec.errors import suggest

_BARE_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")
_SQL_WORDS = {"null", "true", "false", "current_timestamp", "current_date", "current_time", "localtimestamp",
              "localtime", "current_user", "session_user", "current_role", "user", "default"}


def _offset_of(expression: str, name: str) -> int:
    """Where column `name` (as sqlglot reports it: unquoted names folded to
    lower case) is first written in `expression`; 0 if it cannot be found."""
    quoted = expression.find(f'"{name}"')
    if quoted >= 0:
        return quoted
    match = re.search(rf'(?<![A-Za-z0-9_$"]){re.escape(name)}(?![A-Za-z0-9_$"])', expression, re.IGNORECASE)
    return match.start() if match else 0


def _yaml_form(origin: Origin, text: str, name: str) -> str:
    """How to write `text` with `name` quoted, as a YAML value: the double
    quotes belong to SQL, so the whole value goes in single quotes (a single
    quote inside doubled) or in a `|` block."""
    fixed = re.sub(rf'(?<![A-Za-z0-9_$"]){re.escape(name)}(?![A-Za-z0-9_$"])', f'"{name}"', text, flags=re.IGNORECASE)
    key = next((step for step in reversed(origin.path) if isinstance(step, str)), "check")
    single = fixed.replace("'", "''")
    return f"in YAML quote the whole expression: `{key}: '{single}'`, or write it in a `{key}: |` block"


class ColumnResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector) -> None:
        self.scopes = scopes
        self.collector = collector
        self._types: dict[tuple[str, str], TypeRef] = {}  # (domain, type text) -> its type, once resolved

    def resolve_type(self, domain: str, text: str, origin: Origin, external: bool = False) -> TypeRef | None:
        """The type `text` names as seen from `domain`; None after reporting
        why at `origin`. A name resolves the same way all over a domain, so
        each (domain, text) is worked out once; a wrong one is reported at
        every place it is written."""
        known = self._types.get((domain, text))
        if known is not None:
            return known
        resolved = self._resolve_type(domain, text, origin, external)
        if resolved is not None:
            self._types[(domain, text)] = resolved
        return resolved

    def _resolve_type(self, domain: str, text: str, origin: Origin, external: bool) -> TypeRef | None:
        try:
            parsed = pgtypes.parse_type(text)
        except pgtypes.TypeSyntaxError as exc:
            self.collector.add(origin.error(str(exc), "write a PostgreSQL type such as `text`, `numeric(18,2)` or `varchar(20)[]`"))
            return None
        entry, ambiguous = self.scopes.find(domain, "enums", parsed.name)
        if entry is not None:
            if parsed.modifiers:
                self.collector.add(origin.error(f"enum type `{parsed.name}` takes no modifiers", "remove the parentheses"))
                return None
            return TypeRef(entry.name, entry.schema, (), parsed.array_dims, "enum")
        for kind in ("domains", "types"):  # SQL domains, composite and range types
            entry, others = self.scopes.find(domain, kind, parsed.name)
            ambiguous = ambiguous or others
            if entry is not None:
                if parsed.modifiers:
                    self.collector.add(origin.error(f"type `{parsed.name}` takes no modifiers", "remove the parentheses"))
                    return None
                kind_of = "domain" if kind == "domains" else "composite" if entry.spec.columns is not None else "range"
                return TypeRef(entry.name, entry.schema, (), parsed.array_dims, kind_of)
        if ambiguous:
            where = ", ".join(f"{e.schema}.{e.name} ({e.domain})" for e in ambiguous)
            self.collector.add(origin.error(f"type `{parsed.name}` is ambiguous: {where}", "qualify it as `schema.Type`"))
            return None
        for scope in self.scopes.visible(domain):
            if parsed.name in scope.external_types:
                schema, _, name = parsed.name.rpartition(".")
                return TypeRef(name, schema or None, parsed.modifiers, parsed.array_dims, "external")
        if pgtypes.is_serial(parsed.name):
            self.collector.add(origin.error(
                f"`{parsed.name}` is not a type but a shorthand for an integer column with a sequence of its own",
                f"write `{parsed.name}` alone as the type of a table's column (no array, no modifiers), or use an "
                "integer type with `identity: by_default` (or `always`)"))
            return None
        builtin = pgtypes.builtin_name(parsed.name, parsed.modifiers)
        if builtin is None:
            if any(self.scopes.was_dropped(domain, kind, parsed.name) for kind in ("enums", "domains", "types")):
                return None  # the enum itself is wrong and already reported
            self.collector.add(origin.error(f"unknown type `{parsed.name}`", self._unknown_type_hint(domain, parsed.name, external)))
            return None
        name, modifiers = builtin
        problem = pgtypes.modifier_problem(name, modifiers)
        if problem:
            message, hint = problem
            self.collector.add(origin.document.error_in_value(origin.path, max(0, text.find("(")), message, hint))
            return None
        return TypeRef(name, None, modifiers, parsed.array_dims, "builtin")

    def _unknown_type_hint(self, domain: str, name: str, external: bool) -> str:
        close = suggest(name, pgtypes.KNOWN_TYPE_NAMES + self.scopes.names(domain, "enums")
                        + self.scopes.names(domain, "domains") + self.scopes.names(domain, "types"))
        hint = close or "use a PostgreSQL type, or an enum of the specs"
        if not external:
            hint += ("; a" if not close else " A") + " type from an extension goes under `external: {types: [...]}`"
        return hint

    def check_expression(self, text: str, origin: Origin, columns: dict[str, object] | None,
                         what: str, qualified: bool = False, rows: frozenset[str] = frozenset()) -> bool:
        """Syntax by PostgreSQL's parser; then the columns it names must exist
        in `columns` (None: it may name no column at all; with `qualified`,
        not even as `table.col`, as in a DEFAULT)."""
        problem = expression_error(text)
        if problem:
            message, offset = problem
            self.collector.add(origin.document.error_in_value(
                origin.path, offset, f"{what} is not valid SQL: {message}",
                "a parenthesis or a quote is left open; close it" if "end of input" in message else
                "write the expression as PostgreSQL would accept it after CHECK (...) or DEFAULT"))
            return False
        names = referenced_columns(text, qualified=qualified)
        if names is None:
            return True
        if columns is None:
            names = frozenset(n for n in names if n.lower() not in rows)  # whole rows: NEW, OLD
            if names:
                first = sorted(names, key=lambda n: _offset_of(text, n))[0]
                self.collector.add(origin.document.error_in_value(
                    origin.path, _offset_of(text, first), f"{what} cannot refer to columns (found {', '.join(sorted(names))})",
                    "use a constant or a function call such as now(); a value computed from other columns is a "
                    "`generated:` column"))
                return False
            return True
        ok = True
        for name in sorted(names):
            if name in columns or name.lower() in _SQL_WORDS:
                continue
            ok = False
            quoted = [c for c in columns if c.lower() == name.lower() and c != name]
            if quoted:
                hint = f'quote mixed-case names: "{quoted[0]}"; ' + _yaml_form(origin, text, quoted[0])
            else:
                hint = suggest(name, columns) or f"columns of this table: {', '.join(columns)}"
            self.collector.add(origin.document.error_in_value(
                origin.path, _offset_of(text, name), f"{what} refers to column `{name}`, which this table does not have", hint))
        return ok

    @cached_property
    def own_functions(self) -> frozenset[str]:
        """The names of every function the specs define or declare external:
        a call of one is not typed as the built-in of that name."""
        names = set()
        for scope in self.scopes.by_domain.values():
            for part in scope.domain.parts:
                names.update(n.rpartition(".")[2] for n in part.spec.functions)
                names.update(n.rpartition(".")[2] for n in part.spec.external.functions)
        return frozenset(names)

    def check_types(self, text: str, origin: Origin, columns: Mapping[str, TypeRef | None], what: str,
                    condition: bool = True, qualifiers: frozenset[str] = frozenset(), relations=None) -> bool:
        """The type mistakes PostgreSQL is certain to refuse in an expression
        over `columns` (a condition must also be boolean; `relations` gives
        the columns of the tables its subqueries read). Whether there was none."""
        scope = expression_types.Scope(columns, qualifiers, self.own_functions, relations)
        found = (expression_types.condition_problems(text, scope, what) if condition
                 else expression_types.expression_problems(text, scope))
        for message, offset in found:
            if message.startswith("operator"):
                hint = "give the operator values of types it takes, or cast one side explicitly, e.g. `col::text`"
            elif message.startswith("missing FROM"):
                hint = ("name this table's columns (bare, or qualified with its own name); another table is read "
                        "in a subquery, e.g. `exists (select 1 from other o where o.id = other_id)`")
            else:
                hint = "write a condition: a comparison, IS [NOT] NULL, or a boolean column or function"
            self.collector.add(origin.document.error_in_value(origin.path, offset, message, hint))
        return not found

    def resolve_default(self, text: str, type_ref: TypeRef | None, origin: Origin, enum_values,
                        column_names=()) -> ColumnDefault | None:
        if type_ref is not None and type_ref.kind == "enum" and not type_ref.array_dims:
            if text in enum_values:
                return ColumnDefault(enum_label=text)
            if _BARE_WORD.match(text) and text.lower() not in _SQL_WORDS:
                hint = suggest(text, enum_values) or ""
                listing = f"values of `{type_ref.name}`: {', '.join(enum_values)}"
                self.collector.add(origin.error(f"`{text}` is not a value of enum `{type_ref.name}`",
                                                " ".join(x for x in (hint, listing) if x)))
                return None
        if (_BARE_WORD.match(text) and text.lower() not in _SQL_WORDS and text not in column_names
                and text.lower() not in column_names):
            # `default: ACTIVE`: a bare word is a column name in SQL; a text value is quoted
            quoted = "'" + text + "'"
            self.collector.add(origin.error(
                f"the default `{text}` is a bare word, which SQL reads as a column name; a text value is quoted in SQL",
                f"write `default: \"{quoted}\"` (the YAML quotes keep the SQL quotes); "
                "a function is called with parentheses, e.g. now()"))
            return None
        if not self.check_expression(text, origin, None, "the default", qualified=True):
            return None
        problem = expression_types.default_problem(text, type_ref, expression_types.Scope({}, frozenset(),
                                                                                            self.own_functions))
        if problem:
            self.collector.add(origin.document.error_in_value(
                origin.path, 0, problem, "write a value of the column's type: a quoted literal ('...') is read as one"))
            return None
        return ColumnDefault(expression=text)
