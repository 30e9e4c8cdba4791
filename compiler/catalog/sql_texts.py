"""The SQL texts a catalog object writes, per kind of object: what the
questions "does this object use that column, that type, that value?" read
(compiler/diff/column_users.py, compiler/diff/enums.py).

A column writes its default and generated expression; a table, those of
its columns; a check its expression; an index or an exclusion constraint its expressions and
predicate; a view its query; a function its argument defaults and body; a
policy USING and WITH CHECK; a trigger its WHEN.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Column, Constraint, Index, Table
from compiler.catalog.programmable import Function, Policy, Trigger, View


@dataclass(frozen=True)
class SqlText:
    sql: str
    kind: str  # "expression", "statement" (a view query, a SQL function body) or "plpgsql"

    @property
    def statement(self) -> bool:
        return self.kind == "statement"


def sql_texts(obj) -> tuple[SqlText, ...]:
    """The texts of `obj` (a catalog object or a Column), in their order of
    definition; () for kinds that write none."""
    if isinstance(obj, Column):
        default = obj.default.expression if obj.default is not None else None
        return _expressions(default, obj.generated)
    if isinstance(obj, Table):
        return tuple(t for c in obj.columns for t in sql_texts(c))
    if isinstance(obj, Constraint):  # a check's expression; an exclusion's element expressions and predicate
        return _expressions(obj.expression, *(e.expression for e in obj.elements), obj.where)
    if isinstance(obj, Index):
        return _expressions(*(e.expression for e in obj.elements), obj.where)
    if isinstance(obj, View):
        return (SqlText(obj.query, "statement"),)
    if isinstance(obj, Function):
        body = SqlText(obj.body, "statement" if obj.language == "sql" else "plpgsql")
        return (*_expressions(*(a.default for a in obj.args)), body)
    if isinstance(obj, Policy):
        return _expressions(obj.using, obj.with_check)
    if isinstance(obj, Trigger):
        return _expressions(obj.when)
    return ()


def _expressions(*texts: str | None) -> tuple[SqlText, ...]:
    return tuple(SqlText(t, "expression") for t in texts if t is not None)
