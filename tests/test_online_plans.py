"""Online mode over every migration schemac has examples of: the example
projects' committed migrations and the convergence scenarios, each planned
again in online mode. No step may hold a lock that blocks writes while it
reads or rewrites the rows of a table that exists before the migration,
except the kinds of step that have no online form (listed below, each with
its reason and docs/online.md's advice): those are what `max_lock` reports.

The lock each step takes is measured on PostgreSQL by tests/test_locks.py;
tests/test_online_writers.py shows on a busy table what the rule means."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.catalog.hints import with_hints
from compiler.check import _recorded_hints
from compiler.generated import STATE_FILE, migration_dirs, read_state
from tests.conftest import ROOT
from tests.test_convergence import FOLDERS, IDS, compile_folder

# step kinds that block writes through a scan or rewrite in online mode too, and why
NO_ONLINE_FORM = {
    "AlterColumnTypes": "a type change PostgreSQL must rewrite: `using: {online: true}` asks for expand/contract",
}

EXAMPLES = [ROOT, ROOT / "examples" / "realco"]


def blocking(plan) -> list[str]:
    """The steps of `plan` that block writes through a scan or a rewrite."""
    found = []
    for op in plan.steps:
        lock = plan.lock_of(op)
        if lock.lock is not None and lock.lock.blocks_writes and lock.rows and op.kind not in NO_ONLINE_FORM:
            found.append(f"{op.kind} {op.key}: {lock.lock.value}, {lock.rows}")
    return found


def _example_migrations():
    for root in EXAMPLES:
        previous = api.EMPTY
        for directory in migration_dirs(root / "generated"):
            target = read_state(directory / STATE_FILE)
            hints = _recorded_hints((directory / "plan.json").read_text(encoding="utf-8"))
            yield pytest.param(previous, with_hints(target, hints), id=f"{root.name}/{directory.name}")
            previous = target


@pytest.mark.parametrize(("previous", "target"), _example_migrations())
def test_example_migrations_never_block_writes_online(previous, target):
    plan = api.plan(previous, target, "online")
    assert blocking(plan) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_convergence_scenarios_never_block_writes_online(folder: Path):
    assert blocking(compile_folder(folder, "online").step.plan) == []
