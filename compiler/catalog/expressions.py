"""What an expression refers to.

Column references are read from PostgreSQL's own parse tree (libpg_query via
compiler.render.oracle, which also judged the syntax), so names come back
exactly as PostgreSQL sees them: unquoted names folded to lower case, quoted
names as written. sqlglot names the column of an expression index after the
function it calls, as PostgreSQL does.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from compiler.render.oracle import EXPRESSION_PREFIX, parse_expression, parse_statements


def _column_refs(node, found: set[str], qualified: bool) -> None:
    if isinstance(node, dict):
        ref = node.get("ColumnRef")
        if ref is not None:
            fields = ref.get("fields", [])
            if len(fields) == 1 and "String" in fields[0]:
                found.add(fields[0]["String"]["sval"])
            elif qualified:
                found.add(".".join(f["String"]["sval"] if "String" in f else "*" for f in fields))
            return
        for value in node.values():
            _column_refs(value, found, qualified)
    elif isinstance(node, list):
        for item in node:
            _column_refs(item, found, qualified)


@lru_cache(maxsize=65536)
def referenced_columns(expression: str, qualified: bool = False) -> frozenset[str] | None:
    """Unqualified column names the expression reads (with `qualified`, also
    the qualified ones, written `t.col`), or None if it does not parse."""
    error, tree = parse_expression(expression)
    if error is not None:
        return None
    found: set[str] = set()
    _column_refs(tree, found, qualified)
    return frozenset(found)


@lru_cache(maxsize=4096)
def leading_function(expression: str) -> str | None:
    """Name of the function an expression is a call of (PostgreSQL names an
    expression index column after it), else None."""
    try:
        tree = sqlglot.parse_one(expression, read="postgres")
    except (SqlglotError, ValueError, RecursionError):
        return None
    if isinstance(tree, exp.Anonymous):
        return str(tree.this).lower()
    if isinstance(tree, exp.Func) and not isinstance(tree, exp.Cast):
        return tree.sql_name().lower()
    return None


def _names(parts) -> tuple[str | None, str]:
    values = [p["String"]["sval"] for p in parts if "String" in p]
    return (values[-2] if len(values) > 1 else None), values[-1]


def _walk(node, calls: set, relations: set, ctes: set) -> None:
    if isinstance(node, dict):
        call = node.get("FuncCall")
        if call is not None:
            calls.add(_names(call["funcname"]))
        if isinstance(node.get("relname"), str):
            # a RangeVar: in FROM it comes wrapped as {"RangeVar": {...}}, as the
            # target of INSERT, UPDATE, DELETE or MERGE it stands bare
            relations.add((node.get("schemaname"), node["relname"]))
        cte = node.get("CommonTableExpr")
        if cte is not None:
            ctes.add(cte["ctename"])
        for value in node.values():
            _walk(value, calls, relations, ctes)
    elif isinstance(node, list):
        for item in node:
            _walk(item, calls, relations, ctes)


@dataclass(frozen=True)
class Call:
    """A function call written positionally: its (schema or None, name), how
    many arguments it passes and where (a byte offset of the parsed text)."""

    schema: str | None
    name: str
    arguments: int
    location: int


def _calls(node, found: list) -> None:
    if isinstance(node, dict):
        call = node.get("FuncCall")
        if call is not None:
            args = call.get("args", ())
            positional = not call.get("agg_star") and not call.get("func_variadic") and not any(
                "NamedArgExpr" in a for a in args)
            if positional:
                found.append(Call(*_names(call["funcname"]), len(args), call.get("location", 0)))
        for value in node.values():
            _calls(value, found)
    elif isinstance(node, list):
        for item in node:
            _calls(item, found)


@lru_cache(maxsize=4096)
def positional_calls(text: str, statement: bool) -> tuple[tuple[Call, ...], int]:
    """The positional calls of an expression or (with `statement`) of a query
    or SQL body, and how many bytes the parser saw before the text."""
    if statement:
        error, tree = parse_statements(text)
        shift = 0
    else:
        error, tree = parse_expression(text)
        shift = len(EXPRESSION_PREFIX.encode("utf-8"))
    found: list[Call] = []
    if error is None:
        _calls(tree, found)
    return tuple(found), shift


def _has_sublink(node) -> bool:
    if isinstance(node, dict):
        return "SubLink" in node or any(_has_sublink(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_sublink(v) for v in node)
    return False


@lru_cache(maxsize=4096)
def has_subquery(expression: str) -> bool:
    """Whether the expression holds a subquery (its names are its own: a
    per-table check of column names does not apply inside it)."""
    error, tree = parse_expression(expression)
    return error is None and _has_sublink(tree)


@dataclass(frozen=True)
class References:
    """Functions called and relations read, as (schema or None, name)."""

    functions: frozenset = frozenset()
    relations: frozenset = frozenset()


@lru_cache(maxsize=4096)
def expression_references(expression: str) -> References:
    error, tree = parse_expression(expression)
    return _references(tree) if error is None else References()


def statement_references(sql: str) -> References:
    error, statements = parse_statements(sql)
    return _references(statements) if error is None else References()


def _references(tree) -> References:
    calls: set = set()
    relations: set = set()
    ctes: set = set()
    _walk(tree, calls, relations, ctes)
    relations = {r for r in relations if not (r[0] is None and r[1] in ctes)}
    return References(frozenset(calls), frozenset(relations))


@dataclass(frozen=True)
class Mentions:
    """What SQL text names, from its parse tree: the last name of every
    column reference (`t.status` gives `status`) and of every column of a
    `JOIN ... USING`, whether one is a star (`*`, `t.*`, or a NATURAL JOIN,
    which joins on every column the two sides share), the last name of
    every type, and every string constant with the last name of the type it
    is cast to (None when bare)."""

    columns: frozenset = frozenset()
    star: bool = False
    types: frozenset = frozenset()
    strings: frozenset = frozenset()  # (value, cast type name or None)


def _mentions_walk(node, columns: set, types: set, strings: set, star: list) -> None:
    if isinstance(node, list):
        for item in node:
            _mentions_walk(item, columns, types, strings, star)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("ColumnRef")
    if ref is not None:
        last = ref.get("fields", [{}])[-1]
        if "A_Star" in last:
            star.append(True)
        elif "String" in last:
            columns.add(last["String"]["sval"])
        return
    join = node.get("JoinExpr")
    if join is not None:  # JOIN ... USING (c) names c as a String; NATURAL JOIN every common column
        columns.update(u["String"]["sval"] for u in join.get("usingClause", ()) if "String" in u)
        if join.get("isNatural"):
            star.append(True)
    cast = node.get("TypeCast")
    if cast is not None:
        names = cast.get("typeName", {}).get("names", [])
        type_name = names[-1]["String"]["sval"] if names and "String" in names[-1] else None
        constant = cast.get("arg", {}).get("A_Const", {}).get("sval")
        if constant is not None:
            strings.add((constant["sval"], type_name))
            _mentions_walk(cast.get("typeName"), columns, types, strings, star)
            return
    constant = node.get("A_Const")
    if constant is not None and "sval" in constant:
        strings.add((constant["sval"]["sval"], None))
    names = node.get("names") if "typemod" in node else None  # a TypeName
    if names and "String" in names[-1]:
        types.add(names[-1]["String"]["sval"])
    for value in node.values():
        _mentions_walk(value, columns, types, strings, star)


@lru_cache(maxsize=16384)
def mentions(sql: str, statement: bool = False) -> Mentions | None:
    """What an expression (or, with `statement`, a query or a SQL function
    body) names, or None if it does not parse."""
    error, tree = (parse_statements if statement else parse_expression)(sql)
    if error is not None:
        return None
    columns: set = set()
    types: set = set()
    strings: set = set()
    star: list = []
    _mentions_walk(tree, columns, types, strings, star)
    return Mentions(frozenset(columns), bool(star), frozenset(types), frozenset(strings))


@lru_cache(maxsize=4096)
def string_literals(code: str) -> frozenset[str] | None:
    """The values of the string constants in `code` as PostgreSQL's SQL
    lexer reads it (comments and identifiers are not strings): used for
    PL/pgSQL bodies, whose statements are SQL but which only PL/pgSQL's own
    parser takes whole. None if the text does not scan."""
    from pglast import parser
    try:
        tokens = parser.scan(code)
    except parser.ParseError:
        return None
    values = set()
    for token in tokens:
        if token.name == "SCONST":
            error, tree = parse_expression(code[token.start:token.end + 1])
            if error is None and "A_Const" in tree and "sval" in tree["A_Const"]:
                values.add(tree["A_Const"]["sval"]["sval"])
    return frozenset(values)
