"""Steps that wait for an online type change or enum swap (the recipes of
compiler/online/expand_contract.py and type_swap.py), placed after it.

A recipe's contract swaps the new columns in after COMMIT. A step of the
transaction that needs the swap done runs after the contract, after COMMIT,
in a short transaction of its own (compiler/ops/after_swap.py), instead of
pulling the whole recipe into the transaction (compiler/plan/placement.py):

- the DROP TYPE of a type the old columns used (up.sql: a column moved to
  another enum; down.sql: the type the migration made);
- an index or constraint made on a converted column (the contract would
  drop it with the old column);
- in down.sql, a rename back of what the recipe names (it runs under the
  migration's names: compiler/plan/named_by_swap.py): a converted column,
  its table, a constraint or index of that table, the enum it swaps, a
  sequence it re-owns, a view or function its contract makes again;
- in down.sql, a step made back that reads a converted column as the swap
  back leaves it (a foreign key added back to a key swapped back, a check
  read by two swaps: added NOT VALID, then validated on its own).

`movable()` says whether a step can take that form, `follows_swap()`
whether it does so without blocking writes: the online rewrites leave a
table's swap online only when the steps waiting for it follow it so."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Constraint, Index
from compiler.catalog.user_types import type_keys
from compiler.ops.after_swap import AfterSwap, ValidatedAfterSwap
from compiler.ops.base import Op
from compiler.ops.columns import column_types_key
from compiler.ops.expand_contract import ExpandContractStep
from compiler.ops.keys import AddConstraintForChange
from compiler.plan.named_by_swap import names_sequence, renamed_object, swap_names


def _swaps_in(op: Op) -> bool:
    """Whether `op` is the step of a recipe that swaps the new columns in
    (and drops the old ones): its contract, in up.sql or down.sql."""
    return isinstance(op, ExpandContractStep) and op.stage == "contract"


def _tables(op: ExpandContractStep) -> set[tuple[str, str]]:
    return {(c.schema, c.table) for c in op.columns}


def _released(op: ExpandContractStep) -> set[str]:
    """The types that the old columns used, free once they are dropped."""
    return set(type_keys(c.change.before.type for c in op.columns))


def _swapped_in(op: ExpandContractStep) -> set[str]:
    """The keys of the columns as the swap leaves them."""
    tables: dict[tuple[str, str], list[str]] = {}
    for c in op.columns:
        tables.setdefault((c.schema, c.table), []).append(c.name)
    keys = {column_types_key(s, t, sorted(names)) for (s, t), names in tables.items()}
    swap = getattr(op, "swap", None)  # a type made anew: the key of its swap (compiler/ops/type_swap.py)
    return keys | {f"column:{c.schema}.{c.table}.{c.name}" for c in op.columns} | ({swap.key} if swap else set())


def _renames_on(op: Op, earlier: ExpandContractStep) -> bool:
    """Whether `op` renames what the swap names (compiler/plan/
    named_by_swap.py): a converted column, its table, a constraint or index
    of that table, an enum a converted column has on either side, a
    sequence it owns or its default names, what the contract drops and
    makes again and what that requires."""
    if op.kind != "Rename":
        return False
    if op.noun == "table" and op.new_key in {f"table:{s}.{t}" for s, t in _tables(earlier)}:
        return True
    key = renamed_object(op)
    if key is not None and key in swap_names(earlier):
        return True
    return op.noun == "sequence" and names_sequence(earlier, op.schema, op.old)


def makes_on(op: Op, columns: set[tuple[str, str, str]]) -> bool:
    """Whether `op` makes (not drops) an index or constraint on one of
    `columns` (schema, table, column), or one whose columns are not known:
    the contract would drop it with the old column, so it follows the swap."""
    obj = getattr(op, "index", None) or getattr(op, "constraint", None)
    if (not isinstance(obj, (Index, Constraint)) or not op.creates or type(op).__name__.startswith("Drop")
            or getattr(op, "undo", False)):  # the reverse of a making step after COMMIT drops
        return False
    names = {name for schema, table, name in columns if f"table:{schema}.{table}" == obj.table_key}
    if not names:
        return False
    if isinstance(obj, Index):
        if obj.where is not None or any(e.column is None for e in obj.elements):
            return True
        return bool(names & {*(e.column for e in obj.elements), *obj.include})
    if obj.kind == "check" or obj.kind == "exclusion":
        return True
    return bool(names & set(obj.columns))


def waits_for_swap(later: Op, earlier: Op) -> bool:
    """Whether `later` (a step after `earlier` in its script) must run after
    the swap `earlier` makes, beyond what their keys say."""
    if not _swaps_in(earlier) or isinstance(later, ExpandContractStep):
        return False
    if not later.creates and later.key in _released(earlier):
        return True
    if makes_on(later, {(c.schema, c.table, c.name) for c in earlier.columns}):
        return True
    if not earlier.down:
        return False
    return _renames_on(later, earlier) or (later.creates and bool(_swapped_in(earlier) & set(later.requires())))


def movable(op: Op) -> bool:
    """Whether a step of the transaction may run after COMMIT in a short
    transaction of its own: it rewrites no table, and is not a step the
    transaction must hold."""
    return not op.after_commit and not op.rewrites and not isinstance(op, ExpandContractStep)


def follows_swap(op: Op) -> bool:
    """Whether a step of the transaction that waits for an online swap may
    follow it without blocking writes: it moves (`movable`) and reads no
    table's rows under its lock. The online rewrites leave a swap online
    when the steps waiting for it are such."""
    return movable(op) and not op.scans


def after_swap_form(op: Op, waited: tuple[Op, ...]) -> tuple[Op, ...] | None:
    """`op` run after the swaps among the steps `waited` (steps after
    COMMIT it waits for), or None when it waits for something else or
    cannot move."""
    if not movable(op) or not any(isinstance(w, ExpandContractStep) for w in waited):
        return None
    waits = tuple(sorted({w.key for w in waited}))
    if isinstance(op, AddConstraintForChange) and not op.not_valid and op.constraint.kind in ("check", "foreign_key"):
        # down.sql's check or foreign key put back: added NOT VALID (no scan under its lock), then validated
        return (AfterSwap(replace(op, not_valid=True), waits), ValidatedAfterSwap(op.constraint))
    return (AfterSwap(op, waits),)
