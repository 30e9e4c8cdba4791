"""PostgreSQL's own parser (libpg_query through pglast) as the judge of syntax.

Used at load time, so a mistyped expression is reported at its spec line, and
by the tests, which parse every statement schemac emits.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from pglast import parser

from compiler.render.sql import without_psql_header

EXPRESSION_PREFIX = "SELECT ("  # what parse_expression puts before an expression (parse-tree locations count it)


@lru_cache(maxsize=65536)
def parse_expression(expression: str) -> tuple[tuple[str, int] | None, dict | None]:
    """(error, tree): the error is (message, offset into the expression) when
    `expression` is not one valid PostgreSQL value expression; the tree is
    libpg_query's JSON parse tree of the expression otherwise."""
    prefix = EXPRESSION_PREFIX
    try:
        statements = json.loads(parser.parse_sql_json(prefix + expression + "\n)"))["stmts"]
    except parser.ParseError as exc:
        message = exc.args[0]
        location = exc.args[1] if len(exc.args) > 1 and exc.args[1] is not None else len(prefix + expression)
        offset = max(0, min(len(expression), location - len(prefix)))
        return (message, offset), None
    if len(statements) != 1:
        return ("a single expression is expected, found several statements", 0), None
    return None, statements[0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]


_LOCATION = re.compile(r',?"(?:location|stmt_location|stmt_len)":-?\d+')


@lru_cache(maxsize=65536)
def tree_text(sql: str, expression: bool) -> str | None:
    """libpg_query's parse tree of `sql` (one value expression, or
    statements) as JSON text without the locations of its nodes, or None
    when it does not parse: texts with equal trees differ only in spacing,
    parentheses and keyword case. Made without building the tree in Python,
    for comparing many texts (drift)."""
    try:
        tree = parser.parse_sql_json(EXPRESSION_PREFIX + sql + "\n)" if expression else sql)
    except parser.ParseError:
        return None
    return _LOCATION.sub("", tree)  # a location's key never appears unescaped in a string value


def expression_error(expression: str) -> tuple[str, int] | None:
    return parse_expression(expression)[0]


@lru_cache(maxsize=4096)
def parse_statements(sql: str) -> tuple[tuple[str, int] | None, list | None]:
    """(error, statements): libpg_query's JSON parse trees of a query or of a
    SQL function body, or the error with its offset."""
    try:
        return None, json.loads(parser.parse_sql_json(sql))["stmts"]
    except parser.ParseError as exc:
        location = exc.args[1] if len(exc.args) > 1 and exc.args[1] is not None else len(sql)
        return (exc.args[0], max(0, min(len(sql), location))), None


@lru_cache(maxsize=4096)
def parse_plpgsql(create_function_sql: str) -> tuple[str | None, tuple[str, ...]]:
    """(error, declared types) of a CREATE FUNCTION statement's PL/pgSQL body:
    PostgreSQL's PL/pgSQL parser's complaint, if any, and the type names its
    variables are declared with, as written (`deals%rowtype`, `deals.id%TYPE`).
    A complaint that starts "Not implemented" is a limit of the offline
    parser, not a judgement of the body (compiler/catalog/plpgsql.py)."""
    try:
        functions = json.loads(parser.parse_plpgsql_json(create_function_sql))
    except parser.ParseError as exc:
        return exc.args[0], ()
    names = []
    for function in functions:
        for datum in function.get("PLpgSQL_function", {}).get("datums", []):
            typname = datum.get("PLpgSQL_var", {}).get("datatype", {}).get("PLpgSQL_type", {}).get("typname")
            if typname:
                names.append(typname)
    return None, tuple(names)


def statement_errors(sql: str) -> list[str]:
    """Messages for each statement of `sql` that PostgreSQL could not parse
    (schemac's own psql header lines left out)."""
    try:
        parser.parse_sql(without_psql_header(sql))
    except parser.ParseError as exc:
        return [str(exc)]
    return []


def split_statements(sql: str) -> list[str]:
    """The statements of a script, as PostgreSQL would split them (schemac's
    own psql header lines left out)."""
    return [s.strip() for s in parser.split(without_psql_header(sql))]
