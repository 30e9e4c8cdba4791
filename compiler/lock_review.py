"""The steps a project reviews for their locks, each with where the specs
write what it changes and whether a domain's `accept_locks:` accepts it:

- steps above the project's `migrations: {max_lock: ...}`: those whose lock
  on a table that exists before the migration (compiler/plan/locks.py) is
  stronger than the setting allows;
- in online mode, steps that block writes through a scan or a rewrite: a
  lock that blocks writes (SHARE or stronger) held on a table that exists
  before the migration while the step reads or writes all its rows. Online
  mode promises none (docs/online.md); where PostgreSQL has no form that
  lets writes go on, the step is reviewed like one above `max_lock`.

`schemac plan` lists them, `generate` warns about those not accepted, and
`schemac check` fails on each one not accepted, in a committed migration or
among the pending changes (docs/online.md, "Locks"). Transactional
migrations are reviewed for `max_lock` only."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Catalog, Source
from compiler.lock_levels import Lock
from compiler.ops.base import Op
from compiler.ops.columns import AddColumn
from compiler.plan import Plan
from compiler.plan.locks import StepLock

# what the specs can do instead of accepting a step that blocks writes in online mode, by kind of step
ONLINE_ADVICE = {
    "AlterColumnTypes": "write `using: {online: true}` on the column to change its type by expand/contract",
    "AddColumn": "online mode adds such a column on a copy of the table, which needs a primary key and nothing "
                 "bound to the table (docs/online.md, \"A table copied and swapped in\"); or add a plain column "
                 "filled by the application (or `virtual: true` on PostgreSQL 18)",
    "RedefineGeneratedColumn": "online mode makes it on a copy of the table, which needs a primary key and nothing "
                               "bound to the table; or add a new column and move readers to it over several "
                               "migrations",
    "AlterTablePersistence": "online mode makes it on a copy of the table, which needs a primary key and nothing "
                             "bound to the table; or make the table with its persistence once",
}
_DEFAULT_ADVICE = "change the specs so that the step need not read or rewrite the table"


@dataclass(frozen=True)
class LockedStep:
    number: int  # as up.sql numbers it
    op: Op
    lock: Lock
    max_lock: Lock | None  # the project's setting, when the lock is above it
    source: Source | None  # where the specs write what it changes (the object, or the table that held it)
    acknowledgement: Source | None  # the `accept_locks:` entry that accepts it
    rows: str | None = None  # `scan` or `rewrite` when it blocks writes through them in online mode

    @property
    def acknowledged(self) -> bool:
        return self.acknowledgement is not None

    @property
    def above_max_lock(self) -> bool:
        return self.max_lock is not None

    @property
    def blocks_writes(self) -> bool:
        return self.rows is not None

    @property
    def message(self) -> str:
        lock = self.lock.value.upper().replace("_", " ")
        head = f"step {self.number} {self.op.kind} {self.op.key}"
        above = f"above max_lock {self.max_lock.value}" if self.max_lock is not None else ""
        if not self.blocks_writes:
            return f"{head} takes {lock}, {above}"
        tables = ", ".join(sorted({key.partition(":")[2] for key, lock in self.op.table_locks if lock.blocks_writes}))
        what = "rewrites" if self.rows == "rewrite" else "reads"
        return (f"{head} holds {lock} while it {what} every row of {tables}: writes wait for it in online mode"
                + (f"; it is also {above}" if above else ""))

    @property
    def hint(self) -> str:
        accept = f"add `{self.op.key}` to the `accept_locks:` list of its domain if the lock is meant"
        if not self.blocks_writes:
            return accept + " (docs/online.md, \"Locks\"), or change the specs so that the step takes a weaker lock"
        return f"{accept}, or {ONLINE_ADVICE.get(self.op.kind, _DEFAULT_ADVICE)} (docs/online.md, \"What blocks writes\")"

    def as_dict(self) -> dict:
        return {"step": self.number, "kind": self.op.kind, "key": self.op.key, "lock": self.lock.value,
                "rows": self.rows, "message": self.message, "spec": _source_dict(self.source),
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


def blocks_writes_online(op: Op, step: StepLock) -> bool:
    """Whether the step holds a lock that blocks writes while it reads or
    rewrites every row of a table that exists before the migration. A NOT
    NULL column added without a default does not: PostgreSQL's check of the
    rows stops the statement at the first row (there is no value to give
    it), so the step either reads an empty table or fails at once."""
    if step.lock is None or not step.lock.blocks_writes or step.rows is None:
        return False
    return not (type(op) is AddColumn and step.rows == "scan")


def reviewed_steps(plan: Plan, previous: Catalog, target: Catalog, max_lock: Lock | None) -> tuple[LockedStep, ...]:
    """Every step of the plan above `max_lock` (none when it is None) or, in
    online mode, blocking writes through a scan or a rewrite; in up.sql's
    order."""
    from compiler import api
    from compiler.check import spec_location
    online = plan.mode == "online"
    if max_lock is None and not online:
        return ()
    before, after = previous.by_key(), target.by_key()
    found = []
    for number, op in api.numbered_steps(plan):
        step = plan.lock_of(op)
        lock = step.lock
        if lock is None:
            continue
        above = max_lock if max_lock is not None and lock > max_lock else None
        rows = step.rows if online and blocks_writes_online(op, step) else None
        if above is not None or rows is not None:
            found.append(LockedStep(number, op, lock, above, spec_location(op, before, after),
                                    accepted_by_spec(op, target), rows))
    return tuple(found)


def steps_above(plan: Plan, previous: Catalog, target: Catalog, max_lock: Lock | None) -> tuple[LockedStep, ...]:
    """The reviewed steps whose lock is above `max_lock`."""
    return tuple(s for s in reviewed_steps(plan, previous, target, max_lock) if s.above_max_lock)


def steps_blocking_writes(plan: Plan, previous: Catalog, target: Catalog,
                          max_lock: Lock | None) -> tuple[LockedStep, ...]:
    """The reviewed steps that block writes through a scan or a rewrite in online mode."""
    return tuple(s for s in reviewed_steps(plan, previous, target, max_lock) if s.blocks_writes)
