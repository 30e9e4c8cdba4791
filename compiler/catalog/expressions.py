"""What an expression refers to.

Column references are read from PostgreSQL's own parse tree (libpg_query via
compiler.render.oracle, which also judged the syntax), so names come back
exactly as PostgreSQL sees them: unquoted names folded to lower case, quoted
names as written. sqlglot names the column of an expression index after the
function it calls, as PostgreSQL does.
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from compiler.render.oracle import parse_expression


def _column_refs(node, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("ColumnRef")
        if ref is not None:
            fields = ref.get("fields", [])
            if len(fields) == 1 and "String" in fields[0]:
                found.add(fields[0]["String"]["sval"])
            return
        for value in node.values():
            _column_refs(value, found)
    elif isinstance(node, list):
        for item in node:
            _column_refs(item, found)


@lru_cache(maxsize=65536)
def referenced_columns(expression: str) -> frozenset[str] | None:
    """Unqualified column names the expression reads, or None if it does not parse."""
    error, tree = parse_expression(expression)
    if error is not None:
        return None
    found: set[str] = set()
    _column_refs(tree, found)
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
