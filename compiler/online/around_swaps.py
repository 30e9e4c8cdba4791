"""What two online swaps of one migration share, and what follows them.

A check that reads both a column a type change converts and one an enum
swap converts (compiler/online/expand_contract.py, type_swap.py) cannot be
built on the new columns by either recipe alone: neither takes it. It is
dropped in the migration's transaction, before both expands, and added back
NOT VALID after both swaps, in a short transaction of its own
(compiler/plan/after_swap.py), then validated after COMMIT. Until then the
table has no such check: a row written meanwhile that breaks it makes the
validation fail (fix the row, run the step again).

So is a foreign key on (or to) a column an enum swap converts: dropped in
the transaction, added back after the swap (`keys_let_go`)."""

from __future__ import annotations

from compiler.catalog.objects import Constraint
from compiler.ops.base import DROP, Op
from compiler.ops.expand_contract import ExpandContractStep
from compiler.ops.keys import AddConstraintForChange, DropConstraintForChange


def shared_checks(step: Op, ops: list[Op]) -> set[str]:
    """The checks `step` rebuilds around its rewrite that another step of
    `ops` (an enum swap, a type remade) rebuilds too."""
    mine = {k for k in getattr(step, "rebuilt", ()) if k.startswith("constraint:")}
    return {k for op in ops if op is not step for k in getattr(op, "rebuilt", ()) if k in mine}


def let_go(swap: Op, ops: list[Op]) -> set[str]:
    """The checks a type swap would rebuild in its contract that wait for
    another online swap too (a type change's contract): left to the diff's
    steps, which the plan places after both."""
    recipes = {k for op in ops if isinstance(op, ExpandContractStep) for k in (op.key, *op.provides())}
    return {op.key for op in ops if isinstance(op, AddConstraintForChange) and op.constraint.kind == "check"
            and op.key in getattr(swap, "rebuilt", ()) and recipes & set(op.requires())}


def keys_let_go(swap: Op, ops: list[Op]) -> set[str]:
    """The foreign keys a type swap would rebuild around it, and the keys
    (primary or unique) the migration drops for good:
    dropped in the migration's transaction, before the expand, by the diff's
    steps, and a foreign key added back (NOT VALID, then validated) once the
    swap and what it binds to are done, as online mode adds a foreign key
    whose key is built after COMMIT anyway. A key made again is not let go:
    it would not hold while it is built again."""
    rebuilt = set(getattr(swap, "rebuilt", ()))
    dropped = {op.constraint.key: op.constraint for op in ops if isinstance(op, DropConstraintForChange)
               and op.key == op.constraint.key + DROP and isinstance(op.constraint, Constraint)}
    made = {op.key for op in ops if not op.key.endswith(DROP)}
    return {key for key, c in dropped.items() if (c.kind == "foreign_key" and key in rebuilt)
            or (c.kind in ("primary_key", "unique") and key not in made)}


def left_out(op: Op, keys: set[str]) -> bool:
    """Whether `op` is a step (the drop, the making again) of an object in `keys`."""
    return op.key.removesuffix(DROP) in keys
