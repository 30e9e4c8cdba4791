"""Whether a column default may be volatile: PostgreSQL computes a volatile
default (`random()`, `gen_random_uuid()`, `nextval(...)`, ...) once per row
when the column is added, rewriting the table, and a non-volatile one once,
stored in the catalog. Known from the parse tree: a built-in function no
overload of which is IMMUTABLE, other than the few STABLE ones below, and
any other function (its volatility is not known here) count as volatile."""

from __future__ import annotations

from functools import lru_cache

from compiler.catalog.offline_checks import _builtin_name, _nodes
from compiler.catalog.pg_builtins import FUNCTIONS, NOT_IMMUTABLE
from compiler.render.oracle import parse_expression

# STABLE built-ins a default commonly calls: computed once when a column is added
_STABLE = frozenset({"now", "statement_timestamp", "transaction_timestamp", "current_setting", "current_database",
                     "current_schema", "current_schemas", "current_user", "session_user", "pg_backend_pid",
                     "to_char", "to_date", "to_timestamp", "version"})


@lru_cache(maxsize=4096)
def may_be_volatile(expression: str) -> bool:
    _, tree = parse_expression(expression)
    if tree is None:
        return True  # not parsed here: unknown, so taken as volatile
    for kind, node in _nodes(tree):
        if kind != "FuncCall":
            continue
        name = _builtin_name(node)
        if name is None or name not in FUNCTIONS or (name in NOT_IMMUTABLE and name not in _STABLE):
            return True
    return False
