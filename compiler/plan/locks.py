"""The lock each step of a plan takes on the tables that exist before it,
and whether it reads (`scan`) or writes anew (`rewrite`) their rows under
that lock.

A step says what PostgreSQL locks (`Op.table_locks`, measured by
tests/test_locks.py); a table made earlier in the same script is locked by
no one else and holds no rows yet, so its locks, scans and rewrites do not
count. The `access_exclusive_lock` hazard of a step in a plan is derived
from its lock here: a step has it exactly when its lock is ACCESS EXCLUSIVE.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.lock_levels import Lock, strongest
from compiler.ops.base import Hazard, Op
from compiler.ops.ddl import CreateTable
from compiler.ops.programmable import CreateView


@dataclass(frozen=True)
class StepLock:
    lock: Lock | None  # None: none that blocks anyone
    scans: bool = False
    rewrites: bool = False

    @property
    def rows(self) -> str | None:
        """What the step does to the rows under its lock: `rewrite`, `scan` or None."""
        return "rewrite" if self.rewrites else "scan" if self.scans else None

    def as_dict(self) -> dict:
        return {"lock": self.lock.value if self.lock else None, "rows": self.rows}


NO_LOCK = StepLock(None)


def _made(op: Op) -> set[str]:
    """The keys of the tables a step makes (a table restored by down.sql
    with all its partitions among them), and of a materialized view (its
    indexes are built before anyone else sees it)."""
    if isinstance(op, CreateView) and op.view.materialized:
        return {op.view.key}
    steps = (op, *getattr(op, "restore", ()))
    return {step.table.key for step in steps if isinstance(step, CreateTable)}


def step_locks(steps: tuple[Op, ...]) -> dict[str, StepLock]:
    """Each step's lock, by step key, for the steps of one script in order."""
    made: set[str] = set()
    result = {}
    for op in steps:
        locks = [lock for key, lock in op.table_locks if key not in made]
        result[op.key] = StepLock(strongest(locks), bool(locks) and op.scans, bool(locks) and op.rewrites)
        made |= _made(op)
    return result


def hazards_with_lock(op: Op, lock: Lock | None) -> tuple[Hazard, ...]:
    """The step's hazards with `access_exclusive_lock` exactly when its lock
    is ACCESS EXCLUSIVE (kept where the step lists it, added last
    otherwise)."""
    exclusive = lock is Lock.ACCESS_EXCLUSIVE
    hazards = tuple(h for h in op.hazards if exclusive or h is not Hazard.ACCESS_EXCLUSIVE_LOCK)
    if exclusive and Hazard.ACCESS_EXCLUSIVE_LOCK not in hazards:
        hazards += (Hazard.ACCESS_EXCLUSIVE_LOCK,)
    return hazards
