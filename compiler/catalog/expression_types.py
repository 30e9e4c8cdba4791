"""The type of an expression, where it can be told offline, and the type
mistakes PostgreSQL would refuse when the migration runs.

Types are known for constants, casts, built-in functions (the overload
the argument types pick, or the one type all overloads return) and
operators (compiler/catalog/pg_types.py, read from a real server), SQL value
functions (`CURRENT_DATE`), boolean forms, and columns of the table an
expression belongs to. Everything
else is unknown (None), and an unknown type is never a mistake: these checks
only report what PostgreSQL is certain to refuse —

- a default whose type has no assignment cast to its column's type
  (`boolean` column, `DEFAULT 1`; an enum column defaulting to `now()`);
- a condition (check, index predicate, policy, trigger WHEN) that is not
  boolean;
- an operator between two types that no operator of that name takes, even
  after PostgreSQL's implicit casts (`uuid = text`, `timestamp ~ 'x'`).

Names are typed as PostgreSQL's `format_type` prints them
(`timestamp with time zone`, `integer[]`); an enum as `schema.name` with
`enum` set. `UNKNOWN` is an untyped literal (`'x'`, NULL), which fits any
type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping

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
# the base types some built-in operator takes: operators on other types are not judged
_OPERANDS = frozenset(t for _, left, right in pg_types.OPERATORS for t in (left, right))


def of_type_ref(t: TypeRef | None) -> SqlType | None:
    """A column's type as this module names it (None: not known offline)."""
    if t is None or t.kind not in ("builtin", "enum"):
        return None  # external types, SQL domains, composite, range and row types: not known offline
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
    # the columns of a relation a subquery reads, by (schema or None, name); None: not known
    relations: Callable[[str | None, str], Mapping[str, TypeRef | None] | None] | None = None


# one FROM level of a subquery: its relations by the name the query gives them; None: columns not known
_Level = list[tuple[str | None, Mapping[str, TypeRef | None] | None]]


class _Typer:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.levels: list[_Level] = []  # the subqueries the walk is in, innermost last
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
        if len(fields) != len(body.get("fields", ())) or not fields or len(fields) > 2:
            return None
        for level in reversed(self.levels):  # PostgreSQL's rule: the nearest query level that has the name
            if len(fields) == 2:
                named = [columns for name, columns in level if name == fields[0]]
                if named:
                    return of_type_ref(named[0].get(fields[1])) if named[0] is not None else None
                continue
            if any(columns is None for _, columns in level):
                return None  # a relation of unknown columns may have it
            having = [columns[fields[0]] for _, columns in level if fields[0] in columns]
            if having:
                return of_type_ref(having[0]) if len(having) == 1 else None
        if len(fields) == 1 or fields[0] in self.scope.qualifiers:
            return of_type_ref(self.scope.columns.get(fields[-1]))
        unnamed = any(name is None for level in self.levels for name, _ in level)
        if not unnamed and fields[0] not in self.scope.columns:  # not a composite column's field either
            self.problems.append((f"missing FROM-clause entry for table \"{fields[0]}\"", body.get("location", 0)))
        return None

    def _FuncCall(self, body) -> SqlType | None:
        arguments = [self.type_of(arg) for arg in body.get("args", ())]
        names = [f["String"]["sval"] for f in body.get("funcname", ()) if "String" in f]
        if body.get("over") or not names or len(names) > 2 or (len(names) == 2 and names[0] != "pg_catalog"):
            return None
        name = names[-1]
        if len(names) == 1 and name in self.scope.own_functions:
            return None
        return function_result(name, arguments, star=bool(body.get("agg_star")))

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
        self.type_of(body.get("testexpr"))
        select = (body.get("subselect") or {}).get("SelectStmt")
        if select is not None and self.scope.relations is not None and select.get("op", "SETOP_NONE") == "SETOP_NONE":
            level: _Level = []
            for item in select.get("fromClause", ()):
                self._from_item(item, level)
            self.levels.append(level)
            try:
                for key in ("targetList", "whereClause", "havingClause"):
                    self.walk(select.get(key))
            finally:
                self.levels.pop()
        return BOOLEAN if body.get("subLinkType") in ("EXISTS_SUBLINK", "ANY_SUBLINK", "ALL_SUBLINK") else None

    def _from_item(self, node: dict, level: _Level) -> None:
        """The relations a FROM item brings, with their columns when they are
        tables of the specs (anything else: columns not known)."""
        if "RangeVar" in node:
            rel = node["RangeVar"]
            columns = self.scope.relations(rel.get("schemaname"), rel["relname"])
            level.append((rel.get("alias", {}).get("aliasname") or rel["relname"], columns))
        elif "JoinExpr" in node:
            join = node["JoinExpr"]
            self._from_item(join["larg"], level)
            self._from_item(join["rarg"], level)
            if join.get("alias"):
                level.append((join["alias"]["aliasname"], None))
        else:
            body = next(iter(node.values()), {})
            level.append(((body.get("alias") or {}).get("aliasname") if isinstance(body, dict) else None, None))

    def _A_Expr(self, body) -> SqlType | None:
        kind = body.get("kind")
        operator = "".join(n["String"]["sval"] for n in body.get("name", ()) if "String" in n)
        if kind == "AEXPR_OP" and body.get("lexpr") is not None:
            left, right = self.type_of(body.get("lexpr")), self.type_of(body.get("rexpr"))
            result, problem = operator_result(operator, left, right)
            if problem:
                self.problems.append((problem, body.get("location", 0)))
            return result
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


def operator_result(operator: str, left: SqlType | None, right: SqlType | None
                    ) -> tuple[SqlType | None, str | None]:
    """The type `left operator right` gives, and why PostgreSQL refuses it
    when certain (no operator takes those types, even after implicit casts)."""
    operator = "<>" if operator == "!=" else operator
    comparison = operator in _COMPARISONS
    if left is None or right is None:
        return (BOOLEAN if comparison else None), None
    if left.enum or right.enum:
        if not comparison:
            return None, None
        if left == right or UNKNOWN in (left, right):
            return BOOLEAN, None
        return BOOLEAN, f"operator does not exist: {left} {operator} {right}"
    if (operator, left.name, right.name) in pg_types.OPERATORS:
        return SqlType(pg_types.OPERATORS[(operator, left.name, right.name)]), None
    lefts = _implicitly(left.name) if left != UNKNOWN else None
    rights = _implicitly(right.name) if right != UNKNOWN else None
    candidates = [((a, b), result) for a, b, result in _OPERATORS_BY_NAME.get(operator, ())
                  if (lefts is None or a in lefts) and (rights is None or b in rights)]
    if candidates:
        result = _chosen(candidates, (left.name, right.name))
        return (SqlType(result) if result else (BOOLEAN if comparison else None)), None
    polymorphic = pg_types.POLYMORPHIC_OPERATORS.get(operator)
    judged = [t for t in (left, right) if t != UNKNOWN]
    if (polymorphic == "scalar" or not judged or any(t.name not in _OPERANDS for t in judged)
            or (polymorphic == "container" and any(t.name.endswith("[]") for t in judged))):
        return (BOOLEAN if comparison else None), None
    return (BOOLEAN if comparison else None), f"operator does not exist: {left} {operator} {right}"


@lru_cache(maxsize=None)
def _implicitly(name: str) -> frozenset[str]:
    """The type and those PostgreSQL casts it to implicitly."""
    return frozenset({name} | {target for (source, target), context in pg_types.CASTS.items()
                               if source == name and context == "i"})


def _chosen(candidates: list[tuple[tuple[str, ...], str]], given: tuple[str, ...]) -> str | None:
    """The result type of the candidates PostgreSQL keeps: those matching
    the most argument types exactly; None unless they agree on it."""
    if not candidates:
        return None
    best = max(sum(a == b for a, b in zip(types, given)) for types, _ in candidates)
    results = {result for types, result in candidates if sum(a == b for a, b in zip(types, given)) == best}
    return results.pop() if len(results) == 1 else None


_OPERATORS_BY_NAME: dict[str, list[tuple[str, str, str]]] = {}
for (_name, _left, _right), _result in pg_types.OPERATORS.items():
    _OPERATORS_BY_NAME.setdefault(_name, []).append((_left, _right, _result))
_SIGNATURES_BY_NAME: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for (_name, _types), _result in pg_types.SIGNATURES.items():
    _SIGNATURES_BY_NAME.setdefault(_name, []).append((_types, _result))


def function_result(name: str, arguments: list[SqlType | None], star: bool = False) -> SqlType | None:
    """The type a call of built-in `name` returns: the overload its argument
    types pick (exactly, or all candidates agreeing after implicit casts),
    else the one type all its overloads return; None when not known."""
    if not star and arguments and all(a is not None and not a.enum for a in arguments):
        exact = pg_types.SIGNATURES.get((name, tuple(a.name for a in arguments)))
        if exact:
            return SqlType(exact)
        accepted = [_implicitly(a.name) if a != UNKNOWN else None for a in arguments]
        candidates = [(types, result) for types, result in _SIGNATURES_BY_NAME.get(name, ())
                      if len(types) == len(arguments) and all(ok is None or t in ok for t, ok in zip(types, accepted))]
        result = _chosen(candidates, tuple(a.name for a in arguments))
        if result:
            return SqlType(result)
    returns = pg_types.RETURNS.get(name)
    return SqlType(returns) if returns else None


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


_KNOWN_TYPES = frozenset(t for pair in pg_types.CASTS for t in pair) | _OPERANDS


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


def expression_type(text: str, scope: Scope) -> SqlType | None:
    """The type of an expression where it is certain offline, else None
    (an index expression's, to judge its operator class)."""
    error, tree = parse_expression(text)
    if error is not None:
        return None
    found = _Typer(scope).type_of(tree)
    return None if found is None or found == UNKNOWN else found


def default_problem(text: str, column_type: TypeRef | None, scope: Scope) -> str | None:
    """Why PostgreSQL cannot use `text`, an expression that is not a plain
    constant, as the default of a column of `column_type`, when certain."""
    target = of_type_ref(column_type)
    error, tree = parse_expression(text)
    if target is None or error is not None or ("A_Const" in tree and column_type.kind == "builtin"):
        return None  # a constant of a built-in type is judged with its text by offline_checks.default_problem
    found = _Typer(scope).type_of(tree)
    if found is None or assignable(found, target) is not False:
        return None
    return f"the default is of type {found}, which PostgreSQL does not assign to a column of type {target}"
