"""Functions dropped and made again, with everything bound to them.

Two changes cannot be made by CREATE OR REPLACE:

- a *signature change*: a function of the specs whose argument types
  changed is a new key (`function:s.f(integer, integer)`), and the old one
  (`function:s.f(integer)`) is gone. When the previous catalog has exactly
  one function of that schema and name and the target exactly one, with
  different keys, the two are one function whose signature changed (two
  overloads on either side are separate functions: the new one is created
  and the old one dropped, as before);
- a change on the same key that CREATE OR REPLACE refuses: the return type,
  argument names or modes, a removed default, function <-> procedure
  (compiler/diff/programmable.py `needs_recreate`).

Both drop the old function *first*: PostgreSQL refuses DROP FUNCTION while
a policy, view, trigger, check, index or column default uses it, and while
both overloads exist a call such as `f(x)` may match both (`function f(uuid)
is not unique`, once the new one has a defaulted second argument). So the
objects of the previous catalog that depend on it are dropped before it and
made again (in their target version) after the new one exists: policies,
views and triggers, and transitively what depends on those (a view over the
view), with their grants (compiler/diff/column_users.py
`taken_down_and_put_back`); checks and index expressions (compiler/diff/
dependents.py `rebuild`, through the same function); column defaults
(DropDefaultForChange, SetDefaultForChange); and SQL functions whose body
calls it, which PostgreSQL analyses when they are created (with
check_function_bodies), so they are made again after the new signature
exists (and, in down.sql, after the old one is back). PL/pgSQL bodies are
text to PostgreSQL until they run and are left alone. The old function's
grants and comment go with its DROP and come back with down.sql; the new
one is made with its own (the target's grants on the new key). A
generated column calling the function, or a default that changes or goes
in the same migration, is refused.

down.sql is the exact reverse: the dependents go, the new function goes,
the old one comes back with its grants, the dependents come back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from compiler.catalog.objects import Table
from compiler.catalog.programmable import Function
from compiler.diff.column_users import taken_down_and_put_back
from compiler.diff.context import Catalogs
from compiler.diff.programmable import dependents_of, grants_on, needs_recreate, replacement
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.base import DROP
from compiler.ops.columns import DropDefaultForChange
from compiler.ops.programmable import CreateFunction
from compiler.ops.replace import DropForReplacement


@dataclass
class Redefined:
    """What the functions dropped and made again do to the rest of the diff."""

    ops: list[Op] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)  # keys made here: their own comparators are skipped
    taken: set[str] = field(default_factory=set)  # keys the migration drops that are dropped here instead


def redefinitions(previous: dict, target: dict) -> list[tuple[Function, Function]]:
    """(old, new): the functions dropped and made again, sorted by the new key."""
    pairs = [(previous[k], target[k]) for k in previous.keys() & target.keys()
             if isinstance(target[k], Function) and previous[k] != target[k]
             and needs_recreate(previous[k], target[k]) is not None]
    olds, news = _by_name(previous), _by_name(target)
    for name, old in olds.items():
        new = news.get(name, ())
        if len(old) == 1 and len(new) == 1 and old[0].key != new[0].key:
            pairs.append((old[0], new[0]))
    return sorted(pairs, key=lambda p: p[1].key)


def signature_keys(pairs: list[tuple[Function, Function]]) -> set[str]:
    """The keys of the signature changes among `pairs`, old and new: neither
    is a plain drop or create."""
    return {f.key for old, new in pairs if old.key != new.key for f in (old, new)}


def _by_name(catalog: dict) -> dict[tuple[str, str], list[Function]]:
    found: dict[tuple[str, str], list[Function]] = {}
    for obj in catalog.values():
        if isinstance(obj, Function):
            found.setdefault((obj.schema, obj.name), []).append(obj)
    return found


def redefined(pairs: list[tuple[Function, Function]], catalogs: Catalogs) -> Redefined:
    """The steps of `pairs` (a same-key change that a conversion of columns
    already takes down and puts back is left out by the caller)."""
    result = Redefined()
    for old, new in pairs:
        _redefine(old, new, catalogs, result)
    return result


def _redefine(old: Function, new: Function, catalogs: Catalogs, result: Redefined) -> None:
    previous = catalogs.previous
    keys = _closure(old.key, previous)
    tables = sorted(k for k in keys if isinstance(previous[k], Table))
    others = keys.difference(tables)
    functions = {old.key} | {k for k in others if isinstance(previous[k], Function)}
    needs = (new.key,)
    defaults = [op for t in tables for op in _defaults_around(previous[t], functions, needs, catalogs)]
    default_drops = {}
    for op in defaults:
        default_drops.setdefault(f"table:{op.schema}.{op.table}{DROP}", []).append(op.key)
    around = [_with_default_drops(op, default_drops) for op in taken_down_and_put_back(others, needs, catalogs)]
    first = tuple(sorted({*(k + DROP for k in others), *(d.key for d in defaults)}))
    if old.key == new.key:
        ops = replacement(old, new, previous, first=first)
    else:  # the old signature goes first; the new one is a function of its own, made after it
        ops = [DropForReplacement(old, grants_on(old.key, previous), first=first, gone=True),
               CreateFunction(new, needs=(old.key + DROP,))]
        result.taken.add(old.key)
    result.ops += ops + around + [op for d in defaults for op in (d, d.reverse())]
    result.rebuilt |= others | {old.key}
    result.taken |= {k for k in others if k not in catalogs.target}


def _closure(key: str, previous: dict) -> set[str]:
    """The keys of the objects of `previous` that must go before the
    function `key` can be dropped: its dependents, and what depends on those
    (not through tables: only their column defaults are taken down, and not
    through PL/pgSQL functions, whose bodies PostgreSQL does not check)."""
    found: set[str] = set()
    queue = [key]
    while queue:
        for dependent in dependents_of(queue.pop(), previous):
            obj = previous[dependent]
            if dependent in found or (isinstance(obj, Function) and obj.language != "sql"):
                continue
            found.add(dependent)
            if not isinstance(obj, Table):
                queue.append(dependent)
    return found


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
