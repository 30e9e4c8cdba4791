"""What an enum's type swap must take down and put back.

The swap (compiler/ops/enums.py) renames the old type aside, converts every
column of the type with ALTER COLUMN ... TYPE, and drops the old type.
PostgreSQL refuses the conversion while a view, a rule or a policy uses the
column, or a trigger's WHEN or UPDATE OF names it, and refuses the DROP
while anything still refers to the old type (a function's argument or
result, a view's cast). Indexes and checks it rebuilds itself, from their
stored text, which by then names the old type (`status <> 'X'::"Status__prior"`)
and no longer compares with the converted column: those that use the
column in an expression or predicate are rebuilt around the swap too. So:

- *direct* dependents: views and materialized views that read a column of
  the type (or `*` of its table) or name the type; functions whose
  signature uses the type, and SQL functions that change in this migration
  and whose body reads the columns or names the type (PostgreSQL checks the
  new body when it is created, so it must come after the swap, and down.sql
  checks the old body after the swap back); policies and trigger WHENs that
  use the columns or the type; checks and index expressions or predicates
  on the columns; foreign keys between columns of the type;
- and, transitively, what PostgreSQL keeps depending on those (views over
  the views, triggers of the functions, policies, checks and indexes calling
  the functions, compiler/diff/programmable.py `dependents_of`); functions
  calling functions are not: a body is text to PostgreSQL.

Each is dropped before the swap and made again after it: with the
previous catalog's grants (and a materialized view's indexes) for views,
functions, triggers and policies (compiler/ops/replace.py pairs made around
the swap), and with compiler/diff/dependents.py `rebuild` for indexes and
constraints. A dependent that also changes in this migration is dropped in
its previous version and made in its target version here, and its own
comparator is skipped (compiler/diff/__init__.py). What the swap cannot do
is refused with the objects named: a dependent the migration drops, or a
column default or generated expression that uses the type.

The same is done when only down.sql swaps (values added in place are
removed by a swap): down.sql is the exact reverse of up.sql.
"""

from __future__ import annotations

import re

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Constraint, Enum, Index, Table
from compiler.catalog.programmable import Function, Policy, Trigger, View
from compiler.diff.context import Catalogs
from compiler.diff.dependents import DROP, rebuild
from compiler.diff.programmable import dependents_of, matview_indexes, replacement
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.enums import EnumColumn
from compiler.ops.keys import (
    AddConstraintForChange,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    ValidateConstraint,
)


class _Uses:
    """Whether SQL text uses the enum's columns or names the type."""

    def __init__(self, enum: Enum, columns: tuple[EnumColumn, ...]) -> None:
        self.enum = enum
        self.columns: dict[str, set[str]] = {}  # table key -> names of the columns of the type
        for c in columns:
            self.columns.setdefault(f"table:{c.schema}.{c.table}", set()).add(c.name)
        self.names = set().union(*self.columns.values()) if self.columns else set()

    def text(self, sql: str | None, tables, statement: bool = False) -> bool:
        """`tables`: keys of the tables the text may read; their enum
        columns count (all of them for a `*`). Text that does not parse here
        is searched for the names as words."""
        if sql is None:
            return False
        names = set().union(*(self.columns.get(t, set()) for t in tables)) if tables else set()
        found = mentions(sql, statement)
        if found is None:
            words = names | {self.enum.name}
            return any(re.search(rf"\b{re.escape(w)}\b", sql) for w in words)
        if self.enum.name in found.types:
            return True
        return bool(names) and (found.star or bool(found.columns & names))

    def tables_of(self, keys) -> list[str]:
        return [k for k in keys if k in self.columns]


def _signature_uses(function: Function, enum: Enum) -> bool:
    types = [a.type for a in function.args]
    if function.returns is not None:
        types += [t for t in (function.returns.type, function.returns.setof) if t is not None]
        types += [t for _, t in function.returns.table]
    return any(t.kind == "enum" and (t.schema, t.name) == (enum.schema, enum.name) for t in types)


def _direct(obj, uses: _Uses, catalogs: Catalogs) -> bool:
    """Whether PostgreSQL would stop the swap while `obj` (of the previous
    catalog) exists as it is."""
    if isinstance(obj, View):
        return uses.text(obj.query, uses.tables_of(obj.depends_on), statement=True)
    if isinstance(obj, Function):
        if _signature_uses(obj, uses.enum):
            return True
        changed = catalogs.target.get(obj.key) != obj
        return changed and obj.language == "sql" and uses.text(obj.body, uses.tables_of(obj.depends_on), True)
    if isinstance(obj, Policy):
        tables = uses.tables_of((obj.table_key, *obj.depends_on))
        return uses.text(obj.using, tables) or uses.text(obj.with_check, tables)
    if isinstance(obj, Trigger):
        own = uses.columns.get(obj.table_key, set())
        return bool(own.intersection(obj.update_of)) or uses.text(obj.when, uses.tables_of((obj.table_key,)))
    if isinstance(obj, Constraint):
        if obj.kind == "foreign_key":
            return bool(uses.columns.get(obj.table_key, set()).intersection(obj.columns)
                        or uses.columns.get(obj.ref_table_key, set()).intersection(obj.ref_columns))
        return uses.text(obj.expression, uses.tables_of((obj.table_key,)))
    if isinstance(obj, Index) and obj.relation == "table":
        tables = uses.tables_of((obj.table_key,))
        return any(uses.text(e.expression, tables) for e in obj.elements) or uses.text(obj.where, tables)
    return False


def _refused_columns(uses: _Uses, catalogs: Catalogs) -> list[str]:
    """Columns not of the type whose default or generated expression uses the
    type or its columns: the swap would have to redefine them."""
    found = []
    for key in sorted(k for k, o in catalogs.previous.items() if isinstance(o, Table)):
        table = catalogs.previous[key]
        tables = uses.tables_of((key,))
        for column in table.columns:
            if column.name in uses.columns.get(key, ()):
                continue
            expression = column.default.expression if column.default is not None else None
            if uses.text(expression, tables) or uses.text(column.generated, tables):
                found.append(f"column:{table.schema}.{table.name}.{column.name}")
    return found


def _closure(uses: _Uses, catalogs: Catalogs) -> set[str]:
    previous = catalogs.previous
    found = {k for k, o in previous.items() if _direct(o, uses, catalogs)}
    queue = sorted(found)
    while queue:
        key = queue.pop()
        for dependent in dependents_of(key, previous):
            obj = previous[dependent]
            if dependent in found or isinstance(obj, Function):  # a body naming a function is text to PostgreSQL
                continue
            found.add(dependent)
            queue.append(dependent)
    return found


def swap_dependents(enum: Enum, columns: tuple[EnumColumn, ...], step: str,
                    catalogs: Catalogs) -> tuple[tuple[str, ...], list[Op]]:
    """The keys of the objects the swap (step key `step`) takes down and puts
    back, and the steps doing it; UsageError for what it cannot do."""
    uses = _Uses(enum, columns)
    previous, target = catalogs.previous, catalogs.target
    keys = _closure(uses, catalogs)
    tables = sorted(k for k in keys if isinstance(previous[k], Table))
    dropped = sorted(k for k in keys if k not in target and k not in tables)
    blocked = tables + _refused_columns(uses, catalogs)
    if blocked or dropped:
        parts = []
        if dropped:
            parts.append(f"{', '.join(dropped)} must be dropped before it, and this migration drops them: "
                         "drop them in a migration of their own first")
        if blocked:
            parts.append(f"the defaults or generated expressions of {', '.join(blocked)} use the type or its "
                         "columns: change them in a migration of their own first")
        raise UsageError(f"enum {enum.schema}.{enum.name}: its values change by a type swap; "
                         + "; ".join(parts))
    needs = (step,)
    ops: list[Op] = []
    for key in sorted(keys):
        before, after = previous[key], target[key]
        if isinstance(before, (Function, View, Trigger, Policy)):
            first = tuple(sorted(k + DROP for k in dependents_of(key, previous) if k in keys and k != key))
            indexes = matview_indexes(before, after, catalogs) if isinstance(before, View) else ()
            ops += replacement(before, after, previous, indexes, needs, first)
        elif before == after:
            ops += rebuild(before, needs)
        elif isinstance(before, Index):
            ops += [DropIndexForChange(before, needs=needs), CreateIndexForChange(after, needs=needs)]
        else:
            later = after.kind in ("foreign_key", "check")
            ops += [DropConstraintForChange(before, needs=needs),
                    AddConstraintForChange(after, later, needs=needs)] + ([ValidateConstraint(after)] if later else [])
    return tuple(sorted(keys)), ops


def rebuilt_keys(ops: list[Op]) -> set[str]:
    """Keys of the objects the enum swaps among `ops` take down and put back
    themselves (their own comparators are skipped); one object rebuilt by two
    swaps is refused."""
    seen: dict[str, str] = {}
    for op in ops:
        for key in getattr(op, "rebuilt", ()):
            if key in seen and seen[key] != op.key:
                raise UsageError(f"{key} depends on two enums whose values change by a type swap "
                                 f"({seen[key]}, {op.key}): change one of them per migration")
            seen[key] = op.key
    return set(seen)
