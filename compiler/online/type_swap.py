"""Online mode: a type made anew with its columns converted (an enum
swapped: ChangeEnumValues; a domain, range or composite type remade:
RemakeTypeWithColumns) goes through expand/contract instead of rewriting
each table under ACCESS EXCLUSIVE (compiler/ops/type_swap.py).

What uses the converted columns or the type and is dropped and made again
around the swap (views, functions, policies, triggers, checks), and what
is new and uses the new type (a function of it, a view over that), is
dropped and made in the contract's short transaction; a check comes back
NOT VALID and is validated after COMMIT by its own step.

A swap keeps its form in the transaction (blocking, as in transactional
mode) when the recipe cannot carry it (`_refused` says why): docs/online.md
and tests/test_online_plans.py list those shapes."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Constraint, Index, Schema, Table
from compiler.catalog.programmable import Function, Grant, View
from compiler.catalog.user_types import CompositeType, DomainType, RangeType
from compiler.diff.context import Catalogs
from compiler.online.around_swaps import keys_let_go, left_out, let_go
from compiler.online.backfill_triggers import combined, guards, named_after_triggers
from compiler.online.materialized_views import is_materialized, remade_after, remade_views
from compiler.ops.base import DROP, Op
from compiler.ops.columns import AlterColumnDefault, AlterColumnType
from compiler.ops.enums import ChangeEnumValues
from compiler.ops.keys import (
    AddConstraintForChange,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    ValidateConstraint,
)
from compiler.ops.online_indexes import OnlineCreateIndex
from compiler.ops.programmable import CreateFunction, CreatePolicy, CreateTrigger, CreateView
from compiler.ops.replace import CreateReplacement, DropForReplacement, ReplaceFunction
from compiler.ops.type_swap import SwapColumn, TypeSwapStep, temporary_type_name
from compiler.ops.user_types import RemakeTypeWithColumns
from compiler.plan.after_swap import makes_on

# steps that use the new type or the columns and take no scan: the contract can make them in its transaction
_MADE_IN_CONTRACT = (CreateReplacement, CreateFunction, ReplaceFunction, CreateView, CreatePolicy, CreateTrigger,
                     AddConstraintForChange, AlterColumnDefault)


def type_swaps(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    for swap in sorted((op for op in ops if _swaps(op)), key=lambda o: o.key):
        ops = _online(swap, ops, catalogs) or ops
    return ops


def _swaps(op: Op) -> bool:
    if isinstance(op, ChangeEnumValues):
        return not op.undo and not op.in_place and bool(op.columns)
    return isinstance(op, RemakeTypeWithColumns) and bool(op.columns)


def _online(swap: Op, ops: list[Op], catalogs: Catalogs) -> list[Op] | None:
    """`ops` with `swap` made by expand/contract, or None when it cannot be."""
    before = swap.old if isinstance(swap, ChangeEnumValues) else swap.before
    after = swap.new if isinstance(swap, ChangeEnumValues) else swap.after
    released = keys_let_go(swap, ops)  # dropped before the expand, added back after (compiler/online/around_swaps.py)
    columns = [_column(swap, c, catalogs, released) for c in swap.columns]
    if any(c is None for c in columns) or _refused(swap, catalogs, released):
        return None
    shared = let_go(swap, ops) | released  # made after this swap and another, or after it
    rebuilt = set(swap.rebuilt) - shared
    dropped = [op for op in ops if op.key.removesuffix(DROP) in rebuilt and op.key.endswith(DROP)]
    made = [op for op in ops if op.key in rebuilt and not op.key.endswith(DROP)]
    if not all(isinstance(op, (DropForReplacement, DropConstraintForChange, DropIndexForChange)) for op in dropped):
        return None
    # a materialized view over the columns: made again after the contract, beside the old one
    views = {op.key.removesuffix(DROP) for op in (*dropped, *made) if is_materialized(op)}
    if views and (isinstance(after, RangeType) or not all(remade_after(op.obj) for op in made if op.key in views)):
        return None  # a range kept aside would keep its multirange's and constructors' names
    dropped = [op for op in dropped if op.key.removesuffix(DROP) not in views]
    made = [op for op in made if op.key not in views]
    # an index over the columns made again: dropped by the contract, built CONCURRENTLY after its COMMIT
    built = [op for op in made if isinstance(op, CreateIndexForChange)]
    made = [op for op in made if not isinstance(op, CreateIndexForChange)]
    taken = {swap.key, *(op.key for op in dropped), *(op.key for op in built), *views, *(v + DROP for v in views)}
    provided = {swap.key, after.key, *(c.change.key for c in columns)}
    swapped_columns = {f"column:{c.schema}.{c.table}.{c.name}:default" for c in columns}
    made_keys = {op.key for op in made}
    changed = True
    while changed:  # what is made over the new type or the made again objects, transitively
        changed = False
        for op in ops:
            if (op.key in taken or op.key in made_keys or op.after_commit or not op.creates or left_out(op, shared)
                    or makes_on(op, _converted(columns))  # built after the swap (compiler/plan/after_swap.py)
                    or isinstance(op, ValidateConstraint)):  # validated after COMMIT by its own step
                continue
            if op.key in swapped_columns or provided & {*op.requires()} | made_keys & {*op.requires()}:
                made.append(op)
                made_keys.add(op.key)
                changed = True
    if not all(_made_in_contract(op) for op in made):
        return None
    taken |= made_keys
    if any(_on_columns(op, columns) for op in ops if op.key not in taken and not isinstance(op, ValidateConstraint)
           and not left_out(op, shared) and not makes_on(op, _converted(columns))):
        return None  # an index or constraint of the migration on a column the contract drops
    inner = {k for op in (*dropped, *made) for k in (op.key, *op.provides())}
    if any(inner & {*op.requires()} for op in ops if op.key not in taken and not isinstance(op, ValidateConstraint)):
        return None  # a step of the transaction waits for one the contract would make (a check around a type change)
    # the tables' triggers: kept off the backfill, the sync triggers named after them (compiler/online/backfill_triggers.py)
    remade = {op.key.removesuffix(DROP) for op in (*dropped, *made)}
    found = guards({f"table:{c.schema}.{c.table}" for c in columns}, catalogs.previous, catalogs.target, remade)
    columns = [n for c in columns for n in named_after_triggers([c], f"table:{c.schema}.{c.table}", catalogs.previous,
                                                                catalogs.target) or [None]]
    if isinstance(found, str) or None in columns:
        return None
    views_made = remade_views(views, ops, taken | made_keys)
    if isinstance(views_made, str):
        return None
    up_dropped, up_made = _ordered(dropped), _ordered(made)
    schemas = tuple(sorted({o.name for c in (catalogs.previous, catalogs.target) for o in c.values()
                            if isinstance(o, Schema)} - {"public"}))
    phases = [TypeSwapStep(phase, tuple(columns), swap=swap, type_before=before, type_after=after,
                           up_dropped=up_dropped, up_made=up_made, search_path=schemas,
                           after_drops=tuple(sorted(k + DROP for k in released)), **combined([found]),
                           matviews=views_made[0], matviews_back=views_made[1])
              for phase in ("expand", "convert", "contract")]
    after = [OnlineCreateIndex(op.index, True, (*op.needs, op.key + DROP)) for op in built]
    return [op for op in ops if op.key not in taken] + phases + after


def _made_in_contract(op: Op) -> bool:
    if not isinstance(op, _MADE_IN_CONTRACT):
        return False
    obj = getattr(op, "obj", None) or getattr(op, "view", None)
    if isinstance(obj, View) and obj.materialized:
        return False  # filled by a query over the table, under the contract's lock
    if isinstance(op, CreateReplacement) and op.indexes:
        return False
    if isinstance(op, AddConstraintForChange):
        return op.not_valid and op.constraint.kind in ("check", "foreign_key")
    return True


def _ordered(ops: list[Op]) -> tuple[Op, ...]:
    from compiler.plan import order  # the plan's order among them (compiler.plan imports the ops)

    return order(ops) if ops else ()


def _converted(columns: list[SwapColumn]) -> set[tuple[str, str, str]]:
    return {(c.schema, c.table, c.name) for c in columns}


def _refused(swap: Op, catalogs: Catalogs, released: set[str] = frozenset()) -> bool:
    """Whether something stops the recipe: a domain with a check or NOT
    NULL (adding a column of it rewrites the table), an index or
    key made again around the swap but a plain index (rebuilt CONCURRENTLY
    after the contract), a column privilege (the swap drops the column)."""
    previous = catalogs.previous
    if isinstance(swap, RemakeTypeWithColumns) and isinstance(swap.after, DomainType) and (
            swap.after.checks or not swap.after.nullable):
        return True  # PostgreSQL rewrites a table to add a column of a domain with constraints (measured)
    if isinstance(swap, RemakeTypeWithColumns) and isinstance(swap.after, CompositeType) and _composite_used(swap, previous):
        return True  # retyped in place in the transaction: nothing is made again around it for the swap
    for key in swap.rebuilt:
        obj = previous.get(key)
        if isinstance(obj, Index) and (obj.unique or not isinstance(catalogs.target.get(key), (Index, type(None)))):
            return True  # a unique index would not hold while it is built again
        if isinstance(obj, Constraint) and obj.kind != "check" and key not in released:
            return True
    for c in swap.columns:
        table_key = f"table:{c.schema}.{c.table}"
        if any(isinstance(o, Grant) and o.on == table_key and o.column == c.name for o in previous.values()):
            return True
    return False


def _column(swap: Op, c, catalogs: Catalogs, released: set[str] = frozenset()) -> SwapColumn | None:
    """The column `c` of the swapped type as the recipe converts it (its
    plain indexes built on the new column), or None when it cannot: its
    table has no one-column primary key, is partitioned or a partition, the
    column is in a key but a primary key or unique constraint on it alone
    that no foreign key references, in an index with an expression
    or predicate or on another converted column, or is an identity or
    generated column."""
    table_key = f"table:{c.schema}.{c.table}"
    tables = [catalogs.previous.get(table_key), catalogs.target.get(table_key)]
    if not all(isinstance(t, Table) and t.partition_by is None and t.partition_of is None for t in tables):
        return None
    before, after = tables[0].column(c.name), tables[1].column(c.name)
    if before is None or after is None or before.identity or before.generated or after.generated:
        return None
    keys = [o for o in catalogs.previous.values() if isinstance(o, Constraint) and o.table_key == table_key]
    primary = [k for k in keys if k.kind == "primary_key"]
    if len(primary) != 1 or len(primary[0].columns) != 1:
        return None
    # a primary key or unique constraint on the column alone, that no foreign key references: built on the new column
    on_column = [k for k in keys if c.name in k.columns and k.kind != "check" and k.key not in released]
    referenced = any(isinstance(o, Constraint) and o.kind == "foreign_key" and (o.ref_schema, o.ref_table)
                     == (c.schema, c.table) and c.name in o.ref_columns and o.key not in released
                     for o in catalogs.previous.values())
    if referenced or any(k.kind not in ("primary_key", "unique") or k.columns != (c.name,) or k.key in swap.rebuilt
                         or catalogs.target.get(k.key) != k for k in on_column):
        return None
    indexes = [o for o in catalogs.previous.values() if isinstance(o, Index) and o.table_key == table_key
               and (c.name in _named(o) or "*" in _named(o)) and o.key not in swap.rebuilt]
    others = {o.name for o in swap.columns if (o.schema, o.table) == (c.schema, c.table) and o.name != c.name}
    if any(i.where is not None or any(e.column is None for e in i.elements) or _named(i) & others
           or catalogs.target.get(i.key) != i for i in indexes):
        return None  # an expression or predicate, another converted column, or a change: not carried over
    up_type = replace(before.type, name=temporary_type_name(after.type.name))
    down_type = replace(before.type, name=temporary_type_name(before.type.name))
    labels = swap.up_labels if isinstance(swap, ChangeEnumValues) else ()
    back = tuple((b, a) for a, b in swap.up_renamed) if isinstance(swap, ChangeEnumValues) else ()
    if isinstance(swap, ChangeEnumValues):  # the swap owns the defaults (the previous one read with its remaps)
        before, after = replace(before, default=c.default_before), replace(after, default=c.default_after)
    change = AlterColumnType(c.schema, c.table, before, after)
    return SwapColumn(change, primary[0].columns[0], indexes=tuple(sorted(indexes, key=lambda i: i.name)),
                      keys=tuple(sorted(on_column, key=lambda k: k.name)), up_type=up_type, down_type=down_type, up_labels=labels,
                      down_labels=back)


def _named(index: Index) -> set[str]:
    """The columns an index names, those of its expressions and predicate
    with them (`*` when one does not parse or has a star)."""
    names = {*(e.column for e in index.elements if e.column), *index.include}
    for text in (index.where, *(e.expression for e in index.elements)):
        if text is None:
            continue
        found = mentions(text)
        if found is None or found.star:
            names.add("*")
        else:
            names |= found.columns
    return names


def _on_columns(op: Op, columns: list[SwapColumn]) -> bool:
    """Whether `op` makes or changes an index or constraint on one of
    `columns` (or one whose columns are not known: an expression)."""
    obj = getattr(op, "index", None) or getattr(op, "constraint", None)
    if not isinstance(obj, (Index, Constraint)):
        return False
    names = {c.name for c in columns if f"table:{c.schema}.{c.table}" == obj.table_key}
    if not names:
        return False
    if isinstance(obj, Index):
        return bool(names & _named(obj)) or "*" in _named(obj)
    if obj.kind == "check":
        found = mentions(obj.expression) if obj.expression is not None else None
        return found is None or found.star or bool(names & found.columns)
    return obj.kind == "exclusion" or bool(names & set(obj.columns))


def _composite_used(swap: RemakeTypeWithColumns, previous: dict) -> bool:
    """Whether anything but its columns may use a composite type that the
    transactional form retypes in place (so makes nothing again around it):
    a function naming it in its signature or result, an object depending on
    it, a view that reads its columns (or whose query does not parse)."""
    name, key = f"{swap.before.schema}.{swap.before.name}", swap.before.key
    columns = {c.name for c in swap.columns}
    for obj in previous.values():
        if key in getattr(obj, "depends_on", ()) or (isinstance(obj, Function) and name in obj.key + repr(obj.returns)):
            return True
        if isinstance(obj, View):
            found = mentions(obj.query, statement=True)
            if found is None or found.star or columns & found.columns:
                return True
    return False
