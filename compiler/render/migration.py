"""up.sql and down.sql of a migration, from a plan."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Catalog, Schema
from compiler.ops.base import Op
from compiler.plan import Plan
from compiler.plan.locks import NO_LOCK, StepLock, step_locks
from compiler.render.env import render
from compiler.render.sql import ident
from compiler.spec.models import MigrationSettings


@dataclass(frozen=True)
class RenderedStep:
    op: Op
    sql: str
    lock: StepLock = NO_LOCK  # what up.sql's comment says of it in online mode (compiler/plan/locks.py)
    number: int = 0  # of a step after COMMIT: its number in the script
    part: str = ""  # of a step after COMMIT run in parts (Op.resumable_parts): ", part 2 of 3"
    shows_lock: bool = True  # its lock said in a comment (online mode): on a step's first part only


def render_op(op: Op, path: str | None = None, part: str | None = None) -> str:
    """The SQL of one step (of one of its parts, `part`); `path`, the
    script's search_path, for a step after COMMIT that sets it again."""
    return render(f"ddl/{op.template}.sql.j2", op=op, search_path=path, part=part).strip() + "\n"


def _outside(ops: list[Op], first: int, path: str, locks) -> list[RenderedStep]:
    """The steps after COMMIT, numbered from `first`: a step run in parts
    gives one entry per part, each labelled, run and recorded on its own."""
    found = []
    for number, op in enumerate(ops, first):
        parts = op.resumable_parts
        if not parts:
            found.append(RenderedStep(op, render_op(op, path), locks[op.key], number))
            continue
        found += [RenderedStep(op, render_op(op, path, name), locks[op.key], number, f", part {i} of {len(parts)}",
                               shows_lock=i == 1) for i, name in enumerate(parts, 1)]
    return found


def search_path(*catalogs: Catalog) -> str:
    """Every managed schema, sorted, then public: unqualified names in
    expressions resolve the same way on every server and for every role."""
    names = sorted({s.name for c in catalogs for s in c.of_kind(Schema)})
    return ", ".join(ident(n) for n in names + ["public"])


def render_script(title: str, direction: str, steps: tuple[Op, ...], plan: Plan, settings: MigrationSettings,
                  path: str) -> str:
    locks = step_locks(steps)
    transactional = [RenderedStep(op, render_op(op), locks[op.key]) for op in steps if not op.after_commit]
    outside = _outside([op for op in steps if op.after_commit], len(transactional) + 1, path, locks)
    renames = any(op.kind == "Rename" for op in steps)
    return render("bundle/script.sql.j2", title=title, direction=direction, steps=transactional, outside=outside,
                  count=len(steps), plan=plan, settings=settings, search_path=path, renames=renames)


def render_up(title: str, plan: Plan, settings: MigrationSettings, previous: Catalog, target: Catalog) -> str:
    return render_script(title, "up", plan.steps, plan, settings, search_path(previous, target))


def render_down(title: str, plan: Plan, settings: MigrationSettings, previous: Catalog, target: Catalog) -> str:
    return render_script(title, "down", plan.reverse_steps(), plan, settings, search_path(previous, target))
