"""The type of an expression, where it can be told offline, and the type
mistakes PostgreSQL would refuse when the migration runs.

Types are known for constants, casts, built-in functions whose every
overload returns one type (compiler/catalog/pg_types.py, read from a real
server), SQL value functions (`CURRENT_DATE`), comparisons and boolean
operators, and columns of the table an expression belongs to. Everything
else is unknown (None), and an unknown type is never a mistake: these checks
only report what PostgreSQL is certain to refuse —

- a default whose type has no assignment cast to its column's type
  (`boolean` column, `DEFAULT 1`; an enum column defaulting to `now()`);
- a condition (check, index predicate, policy, trigger WHEN) that is not
  boolean;
- a comparison between two types that no operator compares, even after
  PostgreSQL's implicit casts (`uuid = text`).

Names are typed as PostgreSQL's `format_type` prints them
(`timestamp with time zone`, `integer[]`); an enum as `schema.name` with
`enum` set. `UNKNOWN` is an untyped literal (`'x'`, NULL), which fits any
type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from compiler.catalog import pg_types
from compiler.catalog import types as pgtypes
from compiler.catalog.objects import TypeRef
from compiler.render.oracle import EXPRESSION_PREFIX, parse_expression


@dataclass(frozen=True)
class SqlType:
    name: str
    enum: bool = False

    def __str__(self) -> str:
        return self.name


UNKNOWN = SqlType("unknown")
BOOLEAN = SqlType("boolean")
_STRINGS = frozenset({"text", "character varying", "character", "name"})
_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">="})
_BOOLEAN_KINDS = frozenset({"AEXPR_IN", "AEXPR_BETWEEN", "AEXPR_NOT_BETWEEN", "AEXPR_BETWEEN_SYM",
                            "AEXPR_NOT_BETWEEN_SYM", "AEXPR_LIKE", "AEXPR_ILIKE", "AEXPR_SIMILAR",
                            "AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT", "AEXPR_OP_ANY", "AEXPR_OP_ALL"})
_SQL_VALUE_FUNCTIONS = {
    "SVFOP_CURRENT_DATE": "date", "SVFOP_CURRENT_TIME": "time with time zone",
    "SVFOP_CURRENT_TIME_N": "time with time zone", "SVFOP_CURRENT_TIMESTAMP": "timestamp with time zone",
    "SVFOP_CURRENT_TIMESTAMP_N": "timestamp with time zone", "SVFOP_LOCALTIME": "time without time zone",
    "SVFOP_LOCALTIME_N": "time without time zone", "SVFOP_LOCALTIMESTAMP": "timestamp without time zone",
    "SVFOP_LOCALTIMESTAMP_N": "timestamp without time zone", "SVFOP_CURRENT_ROLE": "name",
    "SVFOP_CURRENT_USER": "name", "SVFOP_USER": "name", "SVFOP_SESSION_USER": "name",
    "SVFOP_CURRENT_CATALOG": "name", "SVFOP_CURRENT_SCHEMA": "name",
}
# the types some operator of pg_types.COMPARISONS takes: comparisons of others are not judged
_COMPARED = frozenset(t for _, left, right in pg_types.COMPARISONS for t in (left, right))


def of_type_ref(t: TypeRef | None) -> SqlType | None:
    """A column's type as this module names it (None: not known offline)."""
    if t is None or t.kind == "external":
        return None
    if t.kind == "enum":
        return SqlType(f"{t.schema}.{t.name}" + "[]" * t.array_dims, enum=not t.array_dims)
    return SqlType(t.name + "[]" * t.array_dims)


@dataclass(frozen=True)
class Scope:
    """What an expression can name: its table's columns (by name, as
    `col`, `table.col` or, in a trigger WHEN, `NEW.col`/`OLD.col`), and the
    function names the specs define (they may overload a built-in, so their
    calls are not typed)."""

    columns: Mapping[str, TypeRef | None]
    qualifiers: frozenset[str] = frozenset()
    own_functions: frozenset[str] = frozenset()


class _Typer:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[tuple[str, int]] = []  # (message, byte offset in the parsed text)

    def type_of(self, node) -> SqlType | None:
        if not isinstance(node, dict) or len(node) != 1:
            return None
        kind, body = next(iter(node.items()))
        method = getattr(self, f"_{kind}", None)
        if method is None:
            if kind not in ("SelectStmt",):
                self.walk(body)
            return None
        return method(body)

    def walk(self, node) -> None:
        """Type every sub-expression, for the comparisons inside (not those
        of subqueries: their names are not in this scope)."""
        if isinstance(node, list):
            for item in node:
                self.walk(item)
        elif isinstance(node, dict):
            if len(node) == 1 and next(iter(node))[:1].isupper():
                self.type_of(node)
            else:
                for value in node.values():
                    self.walk(value)

    # -- leaves ------------------------------------------------------------
    def _A_Const(self, body) -> SqlType:
        if "ival" in body:
            return SqlType("integer")
        if "fval" in body:
            return SqlType("numeric")
        if "boolval" in body:
            return BOOLEAN
        return UNKNOWN  # a string or NULL: untyped until PostgreSQL coerces it

    def _TypeCast(self, body) -> SqlType | None:
        self.type_of(body.get("arg"))
        return _named_type(body.get("typeName", {}))

    def _SQLValueFunction(self, body) -> SqlType | None:
        name = _SQL_VALUE_FUNCTIONS.get(body.get("op", ""))
        return SqlType(name) if name else None

    def _ColumnRef(self, body) -> SqlType | None:
        fields = [f["String"]["sval"] for f in body.get("fields", ()) if "String" in f]
        if len(fields) != len(body.get("fields", ())) or not fields:
            return None
        if len(fields) == 1 or (len(fields) == 2 and fields[0] in self.scope.qualifiers):
            return of_type_ref(self.scope.columns.get(fields[-1]))
        return None

    def _FuncCall(self, body) -> SqlType | None:
        self.walk(body.get("args"))
        names = [f["String"]["sval"] for f in body.get("funcname", ()) if "String" in f]
        if body.get("over") or not names or len(names) > 2 or (len(names) == 2 and names[0] != "pg_catalog"):
            return None
        name = names[-1]
        if len(names) == 1 and name in self.scope.own_functions:
            return None
        returns = pg_types.RETURNS.get(name)
        return SqlType(returns) if returns else None

    # -- boolean forms -----------------------------------------------------
    def _BoolExpr(self, body) -> SqlType:
        for arg in body.get("args", ()):
            self.condition(arg, "an operand of AND, OR and NOT")
        return BOOLEAN

    def _NullTest(self, body) -> SqlType:
        self.type_of(body.get("arg"))
        return BOOLEAN

    def _BooleanTest(self, body) -> SqlType:
        self.type_of(body.get("arg"))
        return BOOLEAN

    def _SubLink(self, body) -> SqlType | None:
        self.type_of(body.get("testexpr"))  # the subquery's own names are not in this scope
        return BOOLEAN if body.get("subLinkType") in ("EXISTS_SUBLINK", "ANY_SUBLINK", "ALL_SUBLINK") else None

    def _A_Expr(self, body) -> SqlType | None:
        kind = body.get("kind")
        operator = "".join(n["String"]["sval"] for n in body.get("name", ()) if "String" in n)
        if kind == "AEXPR_OP" and operator in _COMPARISONS and body.get("lexpr") is not None:
            left, right = self.type_of(body.get("lexpr")), self.type_of(body.get("rexpr"))
            problem = comparison_problem(operator, left, right)
            if problem:
                self.problems.append((problem, body.get("location", 0)))
            return BOOLEAN
        self.walk(body.get("lexpr"))
        self.walk(body.get("rexpr"))
        return BOOLEAN if kind in _BOOLEAN_KINDS else None

    def condition(self, node, what: str) -> None:
        found = self.type_of(node)
        if found is not None and found != BOOLEAN and found != UNKNOWN:
            location = next(iter(node.values())).get("location", 0) if isinstance(node, dict) and node else 0
            self.problems.append((f"{what} must be boolean, not {found}", location))


def _named_type(type_name: dict) -> SqlType | None:
    names = [n["String"]["sval"] for n in type_name.get("names", ()) if "String" in n]
    if not names or len(names) > 2 or (len(names) == 2 and names[0] != "pg_catalog") or type_name.get("setof"):
        return None
    builtin = pgtypes.builtin_name(names[-1], ())
    if builtin is None:
        return None
    return SqlType(builtin[0] + "[]" * len(type_name.get("arrayBounds", ())))


def comparison_problem(operator: str, left: SqlType | None, right: SqlType | None) -> str | None:
    """Why PostgreSQL has no operator for `left op right`, when certain."""
    if left is None or right is None or UNKNOWN in (left, right):
        return None
    operator = "<>" if operator == "!=" else operator
    if left.enum or right.enum:
        if left == right:
            return None
        return f"operator does not exist: {left} {operator} {right}"
    if left.name not in _COMPARED or right.name not in _COMPARED:
        return None
    lefts = _implicitly(left.name)
    rights = _implicitly(right.name)
    if any((operator, a, b) in pg_types.COMPARISONS for a in lefts for b in rights):
        return None
    return f"operator does not exist: {left} {operator} {right}"


def _implicitly(name: str) -> set[str]:
    return {name} | {target for (source, target), context in pg_types.CASTS.items()
                     if source == name and context == "i"}


def assignable(value: SqlType, target: SqlType) -> bool | None:
    """Whether PostgreSQL assigns a value of type `value` to a column of type
    `target` (None: cannot tell)."""
    if value == UNKNOWN or value == target:
        return True
    base = target.name.removesuffix("[]") if not target.enum else None
    if target.name in _STRINGS:
        return True  # every type has an assignment cast to the string types (I/O conversion)
    if target.enum or value.enum:
        return False
    if (value.name, target.name) in pg_types.CASTS:
        return True
    known = {value.name, base} <= _KNOWN_TYPES
    return False if known else None


_KNOWN_TYPES = frozenset(t for pair in pg_types.CASTS for t in pair) | _COMPARED


def _problems(text: str, scope: Scope, check) -> list[tuple[str, int]]:
    error, tree = parse_expression(text)
    if error is not None:
        return []
    typer = _Typer(scope)
    check(typer, tree)
    shift = len(EXPRESSION_PREFIX.encode("utf-8"))
    encoded = text.encode("utf-8")
    return [(message, len(encoded[:max(0, location - shift)].decode("utf-8", errors="ignore")))
            for message, location in typer.problems]


def condition_problems(text: str, scope: Scope, what: str) -> list[tuple[str, int]]:
    """(message, character offset) for each certain type mistake of a
    condition: not boolean, or a comparison no operator makes."""
    return _problems(text, scope, lambda typer, tree: typer.condition(tree, what))


def expression_problems(text: str, scope: Scope) -> list[tuple[str, int]]:
    """The comparisons no operator makes, inside any expression."""
    return _problems(text, scope, lambda typer, tree: typer.type_of(tree))


def default_problem(text: str, column_type: TypeRef | None, scope: Scope) -> str | None:
    """Why PostgreSQL cannot use `text`, an expression that is not a plain
    constant, as the default of a column of `column_type`, when certain."""
    target = of_type_ref(column_type)
    error, tree = parse_expression(text)
    if target is None or error is not None or "A_Const" in tree:
        return None  # a constant is judged with its text by offline_checks.default_problem
    found = _Typer(scope).type_of(tree)
    if found is None or assignable(found, target) is not False:
        return None
    return f"the default is of type {found}, which PostgreSQL does not assign to a column of type {target}"
