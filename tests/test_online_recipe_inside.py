"""The expand/contract recipe's form inside a transaction (`in_transaction()`,
which compiler/plan/placement.py gives a step after COMMIT that a step of
the transaction waits for) with the table's triggers guarded and its
materialized views made again: each scenario's up and down run as one
transaction, with every step after COMMIT in that form, and the database
is then the scenario's `after` (`before`)."""

from __future__ import annotations

import pytest

from compiler.apply import run_script
from compiler.render.env import render_step
from tests.helpers import stand_ins, verify
from tests.test_convergence import CONVERGENCE, compile_folder, load_scenario

SCENARIOS = ("342_enum-reordered-under-a-function-its-view-and-a-trigger",
             "348_enum-value-removed-under-a-materialized-view-with-its-index",
             "362_type-change-under-a-materialized-view-with-its-index",
             "364_type-change-under-triggers-when-and-update-of")


@pytest.mark.parametrize("name", SCENARIOS)
def test_up_and_down_inside_one_transaction(conn, name):
    folder = CONVERGENCE / name
    c = compile_folder(folder, "online")
    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in load_scenario(folder).rows:
        run_script(conn, statement, "rows")
    stand_ins(conn, c.after, besides=c.before)
    for label, steps, state in (("up", c.step.plan.steps, c.step), ("down", c.step.plan.reverse_steps(), c.first)):
        inside = [op.in_transaction() if op.after_commit else op for op in steps]
        assert any(op.after_commit for op in steps) and not any(op.after_commit for op in inside)
        script = "\n".join(render_step(op) for op in inside)
        assert "COMMIT;" not in script
        run_script(conn, f"BEGIN;\nSET LOCAL search_path TO evo, public;\n{script}\nCOMMIT;", f"{name} {label}")
        assert verify(conn, state) == [], f"after {label} inside one transaction"
