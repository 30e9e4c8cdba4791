"""Steps above the project's `migrations: {max_lock: ...}`: those whose lock
on a table that exists before the migration (compiler/plan/locks.py) is
stronger than the setting allows, each with where the specs write what it
changes and whether a domain's `accept_locks:` accepts it.

`schemac plan` lists them, `generate` warns about those not accepted, and
`schemac check` fails on each one not accepted, in a committed migration or
among the pending changes (docs/online.md, "Locks")."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Catalog, Source
from compiler.lock_levels import Lock
from compiler.ops.base import Op
from compiler.plan import Plan


@dataclass(frozen=True)
class LockedStep:
    number: int  # as up.sql numbers it
    op: Op
    lock: Lock
    max_lock: Lock
    source: Source | None  # where the specs write what it changes (the object, or the table that held it)
    acknowledgement: Source | None  # the `accept_locks:` entry that accepts it

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None

    @property
    def message(self) -> str:
        return (f"step {self.number} {self.op.kind} {self.op.key} takes {self.lock.value.upper().replace('_', ' ')}, "
                f"above max_lock {self.max_lock.value}")

    @property
    def hint(self) -> str:
        return (f"add `{self.op.key}` to the `accept_locks:` list of its domain if the lock is meant "
                f"(docs/online.md, \"Locks\"), or change the specs so that the step takes a weaker lock")

    def as_dict(self) -> dict:
        return {"step": self.number, "kind": self.op.kind, "key": self.op.key, "lock": self.lock.value,
                "message": self.message, "spec": _source_dict(self.source),
                "acknowledged": self.acknowledged, "acknowledgement": _source_dict(self.acknowledgement)}


def _source_dict(source: Source | None) -> dict | None:
    if source is None:
        return None
    return {"file": source.file, "line": source.line, "column": source.column, "path": source.path}


def accepted_by_spec(op: Op, target: Catalog) -> Source | None:
    """Where a domain's `accept_locks:` names the step: its key as `schemac
    plan` prints it, or the key of the object it changes (`column:s.t.c` for
    `column:s.t.c:default`, `table:s.t` for `table:s.t:types(a)`)."""
    keys = {op.key}
    if op.key.count(":") >= 2:
        keys.add(op.key.rsplit(":", 1)[0])
    return next((source for key, source in target.accepted_locks if key in keys), None)


def steps_above(plan: Plan, previous: Catalog, target: Catalog, max_lock: Lock | None) -> tuple[LockedStep, ...]:
    """Every step of the plan whose lock is above `max_lock` (none when it
    is None), in up.sql's order."""
    if max_lock is None:
        return ()
    from compiler import api
    from compiler.check import spec_location
    before, after = previous.by_key(), target.by_key()
    found = []
    for number, op in api.numbered_steps(plan):
        lock = plan.lock_of(op).lock
        if lock is not None and lock > max_lock:
            found.append(LockedStep(number, op, lock, max_lock, spec_location(op, before, after),
                                    accepted_by_spec(op, target)))
    return tuple(found)
