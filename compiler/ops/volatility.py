"""Whether a column default may be volatile: PostgreSQL computes a volatile
default (`random()`, `gen_random_uuid()`, `nextval(...)`, ...) once per row
when the column is added, rewriting the table, and a non-volatile one once,
stored in the catalog. Known from the parse tree: a built-in function no
overload of which is IMMUTABLE, other than the few STABLE ones below, and
any other function (its volatility is not known here) count as volatile."""

from __future__ import annotations

from functools import lru_cache

from compiler.catalog.pg_builtins import FUNCTIONS, NOT_IMMUTABLE
from compiler.render.oracle import parse_expression

# STABLE built-ins a default commonly calls: computed once when a column is added
_STABLE = frozenset({"now", "statement_timestamp", "transaction_timestamp", "current_setting", "current_database",
                     "current_schema", "current_schemas", "current_user", "session_user", "pg_backend_pid",
                     "to_char", "to_date", "to_timestamp", "version"})


def _calls(tree) -> list[dict]:
    """The FuncCall nodes of a libpg_query JSON tree."""
    if isinstance(tree, list):
        return [call for item in tree for call in _calls(item)]
    if not isinstance(tree, dict):
        return []
    own = [tree["FuncCall"]] if isinstance(tree.get("FuncCall"), dict) else []
    return own + [call for value in tree.values() for call in _calls(value)]


def _builtin(call: dict) -> str | None:
    """The name of a built-in function called (unqualified or pg_catalog.), or None."""
    names = [n.get("String", {}).get("sval") for n in call.get("funcname", [])]
    if len(names) == 1 or (len(names) == 2 and names[0] == "pg_catalog"):
        return names[-1] if names[-1] in FUNCTIONS else None
    return None


@lru_cache(maxsize=4096)
def may_be_volatile(expression: str) -> bool:
    _, tree = parse_expression(expression)
    if tree is None:
        return True  # not parsed here: unknown, so taken as volatile
    for call in _calls(tree):
        name = _builtin(call)
        if name is None or (name in NOT_IMMUTABLE and name not in _STABLE):
            return True
    return False
