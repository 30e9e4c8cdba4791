"""What an expression refers to, read from its sqlglot tree.

Syntax is judged by PostgreSQL's own parser (compiler.render.oracle); sqlglot
only answers questions about a valid expression: which columns does it name?
An expression sqlglot cannot read gets no reference checks (PostgreSQL will
still check it at apply time).
"""

from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError


@lru_cache(maxsize=65536)
def _tree(expression: str) -> exp.Expression | None:
    try:
        return sqlglot.parse_one(expression, read="postgres")
    except (SqlglotError, ValueError, RecursionError):
        return None


@lru_cache(maxsize=65536)
def referenced_columns(expression: str) -> frozenset[str] | None:
    """Unqualified column names the expression reads, or None if unknown."""
    tree = _tree(expression)
    if tree is None:
        return None
    names = set()
    for column in tree.find_all(exp.Column):
        if column.table:
            continue
        identifier = column.this
        if isinstance(identifier, exp.Identifier):
            names.add(identifier.this if identifier.quoted else identifier.this.lower())
    return frozenset(names)


def leading_function(expression: str) -> str | None:
    """Name of the function an expression is a call of (PostgreSQL names an
    expression index column after it), else None."""
    tree = _tree(expression)
    if isinstance(tree, exp.Anonymous):
        return str(tree.this).lower()
    if isinstance(tree, exp.Func) and not isinstance(tree, exp.Cast):
        return tree.sql_name().lower()
    return None
