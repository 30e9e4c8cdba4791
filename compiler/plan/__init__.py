"""Order operations into a plan.

Creates run in dependency order, ties broken by (phase, key); drops run after
creates in the reverse of their own creation order. The result is the same for
the same operations whatever order they arrive in. A step that requires the
key of a part of a merged step (`Op.provides`: `column:s.t.c:type` of the
table's AlterColumnTypes) waits for that step.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from compiler.ops.base import Hazard, Op


@dataclass(frozen=True)
class Plan:
    steps: tuple[Op, ...]
    source_hash: str
    target_hash: str

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        return tuple(sorted({h for op in self.steps for h in op.hazards}, key=lambda h: h.value))

    @property
    def reversible(self) -> bool:
        return Hazard.IRREVERSIBLE not in self.hazards

    def reverse_steps(self) -> tuple[Op, ...]:
        return tuple(reversed([op.reverse() for op in self.steps]))

    @property
    def empty(self) -> bool:
        return not self.steps


def order(ops: list[Op]) -> tuple[Op, ...]:
    creates = [op for op in ops if op.creates]
    drops = [op for op in ops if not op.creates]
    ordered_creates = _toposort(creates)
    # a drop is the reverse of a create: order those creates, then run them backwards
    ordered_drops = [op.reverse() for op in reversed(_toposort([d.reverse() for d in drops]))]
    return tuple(ordered_creates + ordered_drops)


_RENAME = ":rename"


def _renames_first(key: str, op: Op, renamed: set[str]) -> set[str]:
    """The renames a step waits for: that of its own object (`column:s.t.c`
    for `column:s.t.c:type`) and those of the objects it requires."""
    if key.endswith(_RENAME):
        objects = set(op.requires())
    else:
        objects = {key, key.rsplit(":", 1)[0], *op.requires()}
    return {o + _RENAME for o in objects & renamed}


def _toposort(ops: list[Op]) -> list[Op]:
    by_key = {op.key: op for op in ops}
    made_by = {part: op.key for op in ops for part in op.provides()}  # a part's key -> its step's
    renamed = {k[: -len(_RENAME)] for k in by_key if k.endswith(_RENAME)}
    waiting_on: dict[str, set[str]] = {}
    dependents: dict[str, list[str]] = {k: [] for k in by_key}
    for key, op in by_key.items():
        needs = {made_by.get(r, r) for r in op.requires()}
        needs = {r for r in needs if r in by_key and r != key}
        if renamed:
            needs |= _renames_first(key, op, renamed)
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
