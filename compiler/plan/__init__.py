"""Order operations into a plan.

Creates run in dependency order, ties broken by (phase, key); drops run after
creates in the reverse of their own creation order. The result is the same for
the same operations whatever order they arrive in. A step that requires the
key of a part of a merged step (`Op.provides`: `column:s.t.c:type` of the
table's AlterColumnTypes) waits for that step.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import cached_property

from compiler.catalog.objects import Catalog
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.relations import names_freed, names_made
from compiler.plan.locks import NO_LOCK, StepLock, hazards_with_lock, step_locks
from compiler.plan.placement import placed


@dataclass(frozen=True)
class Plan:
    steps: tuple[Op, ...]
    source_hash: str
    target_hash: str
    # the catalog the database has after the steps (what state.json records and
    # target_hash fingerprints), when the planner worked it out
    state_after: Catalog | None = field(default=None, compare=False, repr=False)
    mode: str = "transactional"  # `migrations.mode` it was planned in: online or transactional
    type_changes: str = "expand_contract"  # `migrations.type_changes` it was planned with (online mode only)
    min_version: int | None = None  # `postgres.min_version` it was planned with, when a step's form depends on it

    @cached_property
    def locks(self) -> dict[str, StepLock]:
        """Each step's lock on the tables that exist before the plan, and
        what it does to their rows, by step key (compiler/plan/locks.py)."""
        return step_locks(self.steps)

    def lock_of(self, op: Op) -> StepLock:
        return self.locks.get(op.key, NO_LOCK)

    def hazards_of(self, op: Op) -> tuple[Hazard, ...]:
        """The step's hazards, `access_exclusive_lock` derived from its lock."""
        return hazards_with_lock(op, self.lock_of(op).lock)

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        return tuple(sorted({h for op in self.steps for h in self.hazards_of(op)}, key=lambda h: h.value))

    @property
    def reversible(self) -> bool:
        return Hazard.IRREVERSIBLE not in self.hazards

    def reverse_steps(self) -> tuple[Op, ...]:
        """down.sql's steps: the reverse of each step, backwards."""
        return placed(tuple(reversed([op.reverse() for op in self.steps])))

    @property
    def empty(self) -> bool:
        return not self.steps


def order(ops: list[Op]) -> tuple[Op, ...]:
    """The steps in the order up.sql runs them, each step after COMMIT that
    the transaction needs in its form inside it (compiler/plan/placement.py)."""
    creates = [op for op in ops if op.creates]
    drops = [op for op in ops if not op.creates]
    ordered_creates = _toposort(creates)
    # a drop is the reverse of a create: order those creates, then run them backwards
    ordered_drops = [op.reverse() for op in reversed(_toposort([d.reverse() for d in drops]))]
    return placed(tuple(ordered_creates + ordered_drops))


_RENAME = ":rename"


def _renames_first(key: str, op: Op, renamed: set[str]) -> set[str]:
    """The renames a step waits for: that of its own object (`column:s.t.c`
    for `column:s.t.c:type`) and those of the objects it requires."""
    if key.endswith(_RENAME):
        objects = set(op.requires())
    else:
        objects = {key, key.rsplit(":", 1)[0], *op.requires()}
    return {o + _RENAME for o in objects & renamed}


def _by_key(ops: list[Op]) -> dict[str, Op]:
    """The steps by key; two different steps with one key are an internal
    error (the diff merges those that only wait for different steps), never
    one of them silently dropped with its ordering."""
    by_key: dict[str, Op] = {}
    for op in ops:
        other = by_key.setdefault(op.key, op)
        if other != op:
            raise RuntimeError(f"internal error: two different steps have the key {op.key}: {other!r} and {op!r}")
    return by_key


def _own_later_drop(key: str, freer: str) -> bool:
    """Whether `freer` is the drop of the very object that the rename `key`
    names: that drop frees the name the rename gives it, so it comes after
    the rename (an index renamed, then rebuilt around a type change), not
    before."""
    return key.endswith(_RENAME) and freer == key[: -len(_RENAME)] + DROP


def _toposort(ops: list[Op]) -> list[Op]:
    by_key = _by_key(ops)
    made_by = {part: op.key for op in ops for part in op.provides()}  # a part's key -> its step's
    renamed = {k[: -len(_RENAME)] for k in by_key if k.endswith(_RENAME)}
    freed_by: dict[str, list[str]] = {}  # a relation name -> keys of the steps freeing it
    for key, op in by_key.items():
        for name in names_freed(op):
            freed_by.setdefault(name, []).append(key)
    waiting_on: dict[str, set[str]] = {}
    dependents: dict[str, list[str]] = {k: [] for k in by_key}
    for key, op in by_key.items():
        needs = {made_by.get(r, r) for r in op.requires()}
        needs = {r for r in needs if r in by_key and r != key}
        if renamed:
            needs |= _renames_first(key, op, renamed)
        if freed_by:
            needs |= {k for name in names_made(op) for k in freed_by.get(name, ())
                      if k != key and not _own_later_drop(key, k)}
        waiting_on[key] = needs
        for need in needs:
            dependents[need].append(key)
    ready = [(by_key[k].phase, k) for k, needs in waiting_on.items() if not needs]
    heapq.heapify(ready)
    result = []
    while ready:
        _, key = heapq.heappop(ready)
        result.append(by_key[key])
        for dependent in dependents[key]:
            waiting_on[dependent].discard(key)
            if not waiting_on[dependent]:
                heapq.heappush(ready, (by_key[dependent].phase, dependent))
    if len(result) != len(by_key):
        stuck = sorted(k for k, needs in waiting_on.items() if needs)
        raise RuntimeError(f"internal error: operations wait on each other in a cycle: {', '.join(stuck[:5])}")
    return result
