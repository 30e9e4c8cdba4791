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
from compiler.lock_review import blocks_writes_online
from tests.conftest import ROOT
from tests.test_convergence import FOLDERS, IDS, compile_folder

# scenarios whose step of a kind that has an online form keeps its transactional form, and why
KEPT_IN_TRANSACTION = {
    "118": "a generated expression changed on a table without a primary key: PostgreSQL writes it into every row, "
           "and the table copy that would do it online replays writes by the primary key "
           "(compiler/online/table_copy.py)",
}

EXAMPLES = [ROOT, ROOT / "examples" / "realco"]


def blocking(plan) -> list[str]:
    """The steps of `plan` that block writes through a scan or a rewrite."""
    found = []
    for op in plan.steps:
        lock = plan.lock_of(op)
        if blocks_writes_online(op, lock):
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


@pytest.mark.parametrize(("previous", "target"), list(_example_migrations()))
def test_example_migrations_never_block_writes_online(previous, target):
    plan = api.plan(previous, target, "online")
    assert blocking(plan) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_convergence_scenarios_never_block_writes_online(folder: Path):
    found = blocking(compile_folder(folder, "online").step.plan)
    kept = KEPT_IN_TRANSACTION.get(folder.name[:3])
    if kept is None:
        assert found == []
    else:  # the list stays true: an entry whose steps went online is removed
        assert found, f"{folder.name} no longer keeps a step in the transaction ({kept}): remove it from the list"
