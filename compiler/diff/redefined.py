"""Objects dropped and made again with everything bound to them: one
routine for a function whose signature changed or that CREATE OR REPLACE
refuses (compiler/diff/functions.py) and for a view or materialized view
whose definition changed while other objects depend on it
(compiler/diff/programmable.py `views_redefined`).

PostgreSQL refuses DROP FUNCTION and DROP VIEW while a policy, view,
trigger, check, index or column default uses the object, so the objects of
the previous catalog that depend on it (`dependents_of`, transitively: a
view over the view, the policies and triggers of a function) are dropped
before it and made again, in their target version, after its new version
exists (compiler/diff/column_users.py `taken_down_and_put_back`, with their
grants, and a materialized view's indexes); checks and index expressions
through compiler/diff/dependents.py `rebuild`; column defaults by
DropDefaultForChange/SetDefaultForChange. SQL functions whose body reads
the object are taken along too: PostgreSQL analyses a body when it is
created (with check_function_bodies), so a body made in up.sql must see the
new object and, in down.sql, the old one. Around a function every such SQL
function is made again (the call may resolve to another signature); around
a view only those the migration changes or drops (an unchanged body is text
to PostgreSQL, and DROP VIEW does not need it gone). PL/pgSQL bodies are
left alone. A dependent that also changes in the migration is dropped in
its previous version and made in its target version here (one pair: its
own comparator is skipped, `Redefined.rebuilt`); one the migration drops
is only dropped, before the object (`Redefined.taken`).

down.sql is the exact reverse: the dependents go, the new version goes,
the old one comes back with its grants, the dependents come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from compiler.catalog.objects import Table
from compiler.catalog.programmable import Function, View
from compiler.diff.column_users import taken_down_and_put_back
from compiler.diff.context import Catalogs
from compiler.diff.programmable import dependents_of, grants_on, matview_indexes, replacement
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.base import DROP
from compiler.ops.columns import DropDefaultForChange
from compiler.ops.programmable import CreateFunction
from compiler.ops.replace import DropForReplacement


@dataclass
class Redefined:
    """What the objects dropped and made again do to the rest of the diff."""

    ops: list[Op] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)  # keys made here: their own comparators are skipped
    taken: set[str] = field(default_factory=set)  # keys the migration drops that are dropped here instead


def redefined(pairs: list[tuple[Function | View, Function | View]], catalogs: Catalogs) -> Redefined:
    """The steps of `pairs`, (old, new) functions and views dropped and made
    again with their dependents (a same-key change that a conversion of
    columns already takes down and puts back is left out by the caller)."""
    result = Redefined()
    for old, new in pairs:
        _redefine(old, new, catalogs, result)
    return result


def _redefine(old: Function | View, new: Function | View, catalogs: Catalogs, result: Redefined) -> None:
    previous = catalogs.previous
    keys = _closure(old, catalogs)
    tables = sorted(k for k in keys if isinstance(previous[k], Table))
    others = keys.difference(tables)
    functions = {old.key} | {k for k in others if isinstance(previous[k], Function)}
    needs = (new.key,)
    defaults = [op for t in tables for op in _defaults_around(previous[t], functions, needs, catalogs)]
    default_drops = {}
    for op in defaults:
        default_drops.setdefault(op.table_key + DROP, []).append(op.key)
    around = [_with_default_drops(op, default_drops) for op in taken_down_and_put_back(others, needs, catalogs)]
    first = tuple(sorted({*(k + DROP for k in others), *(d.key for d in defaults)}))
    if old.key == new.key:
        indexes = matview_indexes(old, new, catalogs) if isinstance(old, View) else ()
        ops = replacement(old, new, previous, indexes, first=first)
    else:  # a function's old signature goes first; the new one is a function of its own, made after it
        ops = [DropForReplacement(old, grants_on(old.key, previous), first=first, gone=True),
               CreateFunction(new, needs=(old.key + DROP,))]
        result.taken.add(old.key)
    result.ops += ops + around + [op for d in defaults for op in (d, d.reverse())]
    result.rebuilt |= others | {old.key}
    result.taken |= {k for k in others if k not in catalogs.target}


def _closure(root: Function | View, catalogs: Catalogs) -> set[str]:
    """The keys of the objects of the previous catalog that must go before
    `root` can be dropped: its dependents, and what depends on those (not
    through tables: only their column defaults are taken down; not through
    PL/pgSQL functions, whose bodies PostgreSQL does not check; around a
    view, only through SQL functions that change or go)."""
    previous, target = catalogs.previous, catalogs.target
    found: set[str] = set()
    queue = [root.key]
    while queue:
        for dependent in dependents_of(queue.pop(), previous):
            obj = previous[dependent]
            if dependent in found or (isinstance(obj, Function) and not _checked_body(obj, root, target)):
                continue
            found.add(dependent)
            if not isinstance(obj, Table):
                queue.append(dependent)
    return found


def _checked_body(function: Function, root: Function | View, target: dict) -> bool:
    """Whether `function`, whose body uses `root` (or a dependent of it),
    is made again around it (module docstring)."""
    if function.language != "sql":
        return False
    return isinstance(root, Function) or target.get(function.key) != function


def _defaults_around(table: Table, functions: set[str], needs: tuple[str, ...],
                     catalogs: Catalogs) -> list[DropDefaultForChange]:
    """The drops of the defaults of `table` that call one of `functions`
    (their reverses put back the target's defaults); UsageError for a
    generated column, or a default that changes or goes in the migration."""
    target = catalogs.target.get(table.key)
    now = {c.name: c for c in target.columns} if isinstance(target, Table) else {}
    drops = []
    for column in table.columns:
        if not functions.intersection(column.depends_on):
            continue
        where = f"column:{table.schema}.{table.name}.{column.name}"
        after = now.get(column.name)
        if column.generated is not None or after is None or replace(after, depends_on=()) != replace(
                column, depends_on=()):
            raise UsageError(f"{where} calls {', '.join(sorted(functions.intersection(column.depends_on)))}, "
                             "which is dropped and made again, and its generated expression or default cannot "
                             "be taken down and put back unchanged: change it in a migration of its own first")
        drops.append(DropDefaultForChange(table.schema, table.name, column.name, column.default,
                                          after.depends_on, needs))
    return drops


def _with_default_drops(op: Op, default_drops: dict[str, list[str]]) -> Op:
    """`op` waiting for the drops of the column defaults rather than for
    that of their table (which is not dropped): `first` of a replacement."""
    if "first" not in {f.name for f in fields(op)} or not any(k in default_drops for k in op.first):
        return op
    first = {d for k in op.first for d in default_drops.get(k, (k,))}
    return replace(op, first=tuple(sorted(first)))
