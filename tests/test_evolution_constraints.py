"""Evolution of the constraints and indexes of existing tables, converging on
a real PostgreSQL: apply `before`, insert rows, apply the migration from
`before` to `after`, verify `after` clean, plan `after` against itself empty,
check the rows survived, apply down, verify `before` clean."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Constraint, Index, IndexElement
from compiler.ops import (
    AddConstraintForChange, CommentOnConstraint, CommentOnIndex, CreateIndexForChange, DropConstraintForChange,
    DropIndexForChange, Hazard, ValidateConstraint,
)
from compiler.render.migration import render_op
from tests.helpers import verify

H = Hazard
ID = "      id: {type: integer, primary_key: true}\n"


def _spec(body: str) -> str:
    return "schema: evo\n" + body


@dataclass
class Scenario:
    id: str
    before: str
    after: str
    steps: list[str]  # op kinds of the plan, in order
    hazards: set[Hazard] = field(default_factory=set)
    rows: list[str] = field(default_factory=list)  # inserted after `before`
    check: str | None = None  # a query run after up
    expect: list[tuple] | None = None
    check_down: str | None = None  # a query run after down
    expect_down: list[tuple] | None = None
    up_contains: tuple[str, ...] = ()  # in this order in up.sql


def _t(extra: str = "") -> str:
    return "tables:\n  t:\n    columns:\n" + ID + "      a: text\n      b: integer\n" + extra


def _parent_child(fk: str, extra: str = "") -> str:
    return ("tables:\n  p:\n    columns:\n" + ID + "  c:\n    columns:\n" + ID
            + "      p_id: integer\n" + fk + extra)


ROWS_T = ["INSERT INTO evo.t VALUES (1, 'x', 10), (2, 'y', 20)"]
ROWS_PC = ["INSERT INTO evo.p VALUES (1), (2)", "INSERT INTO evo.c VALUES (10, 1), (20, 2)"]
KEEP_T = ("SELECT id, a, b FROM evo.t ORDER BY id", [(1, "x", 10), (2, "y", 20)])
REPLACED = ["DropIndexForChange", "CreateIndexForChange"]
FK_CHANGED = ["DropConstraintForChange", "AddConstraintForChange", "ValidateConstraint"]

SCENARIOS = [
    Scenario(
        "index-column-change",
        before=_t("    indexes:\n      - {name: t_lookup, columns: [a]}\n"),
        after=_t("    indexes:\n      - {name: t_lookup, columns: [a, b]}\n"),
        steps=REPLACED,
        hazards={H.ACCESS_EXCLUSIVE_LOCK},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
        up_contains=("DROP INDEX evo.t_lookup;", "CREATE INDEX t_lookup ON evo.t (a, b);"),
    ),
    Scenario(
        "index-made-unique",
        before=_t("    indexes: [a]\n"),
        after=_t("    indexes:\n      - {columns: [a], unique: true}\n"),
        steps=REPLACED,
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
        up_contains=("DROP INDEX evo.t_a_idx;", "CREATE UNIQUE INDEX t_a_idx"),
    ),
    Scenario(
        "index-predicate-change",
        before=_t("    indexes:\n      - {name: t_big, columns: [b], where: b > 10}\n"),
        after=_t("    indexes:\n      - {name: t_big, columns: [b], where: b > 100, comment: Big ones}\n"),
        steps=REPLACED,
        hazards={H.ACCESS_EXCLUSIVE_LOCK},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1],
    ),
    Scenario(
        "index-change-built-concurrently",
        before=_t("    indexes:\n      - {name: t_lookup, columns: [a]}\n"),
        after=_t("    indexes:\n      - {name: t_lookup, columns: [b, a], concurrently: true}\n"),
        steps=REPLACED,
        hazards={H.NON_TRANSACTIONAL},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
        up_contains=("COMMIT;", "DROP INDEX CONCURRENTLY evo.t_lookup;", "CREATE INDEX CONCURRENTLY t_lookup"),
    ),
    Scenario(
        "index-comment-only",
        before=_t("    indexes: [a]\n"),
        after=_t("    indexes:\n      - {columns: [a], comment: By a}\n"),
        steps=["CommentOnIndex"],
    ),
    Scenario(
        "fk-on-delete-change",
        before=_parent_child("      - {columns: [p_id], references: {table: p, columns: [id]}}\n"
                             .join(["    foreign_keys:\n", ""])),
        after=_parent_child("    foreign_keys:\n"
                            "      - {columns: [p_id], references: {table: p, columns: [id]}, on_delete: cascade}\n"),
        steps=FK_CHANGED,
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=ROWS_PC,
        check="DELETE FROM evo.p WHERE id = 1; SELECT id, p_id FROM evo.c ORDER BY id",
        expect=[(20, 2)],
        check_down="SELECT id, p_id FROM evo.c ORDER BY id",
        expect_down=[(20, 2)],
        up_contains=("DROP CONSTRAINT c_p_id_fkey;", "ON DELETE CASCADE NOT VALID;",
                     "VALIDATE CONSTRAINT c_p_id_fkey;"),
    ),
    Scenario(
        "fk-added-to-existing-table",
        before=_parent_child(""),
        after=_parent_child("    foreign_keys:\n      - {columns: [p_id], references: {table: p, columns: [id]}}\n"),
        steps=["AddConstraintForChange", "ValidateConstraint"],
        hazards={H.VALIDATES_ROWS},
        rows=ROWS_PC,
        check="SELECT id, p_id FROM evo.c ORDER BY id", expect=[(10, 1), (20, 2)],
        check_down="INSERT INTO evo.c VALUES (30, 99); SELECT count(*) FROM evo.c", expect_down=[(3,)],
        up_contains=("ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES evo.p (id) NOT VALID;",
                     "ALTER TABLE evo.c VALIDATE CONSTRAINT c_p_id_fkey;"),
    ),
    Scenario(
        "fk-column-added-with-a-new-parent-table",
        before="tables:\n  c:\n    columns:\n" + ID,
        after="tables:\n  p:\n    columns:\n" + ID + "  c:\n    columns:\n" + ID + "      p_id: integer\n"
              "    foreign_keys:\n      - {columns: [p_id], references: {table: p, columns: [id]}}\n",
        steps=["AddColumn", "CreateTable", "AddConstraintForChange", "ValidateConstraint"],
        hazards={H.VALIDATES_ROWS},
        rows=["INSERT INTO evo.c VALUES (1)"],
        check="SELECT id, p_id FROM evo.c", expect=[(1, None)],
    ),
    Scenario(
        "check-expression-change",
        before=_t("    checks:\n      b_positive: b > 0\n"),
        after=_t("    checks:\n      b_positive: b >= 0 AND b < 1000\n"),
        steps=FK_CHANGED,
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
        up_contains=("DROP CONSTRAINT b_positive;", "CHECK (b >= 0 AND b < 1000) NOT VALID;",
                     "VALIDATE CONSTRAINT b_positive;"),
    ),
    Scenario(
        "check-added-to-existing-table",
        before=_t(),
        after=_t("    checks:\n      b_small: b < 1000\n"),
        steps=["AddConstraintForChange", "ValidateConstraint"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1],
        up_contains=("CHECK (b < 1000) NOT VALID;", "VALIDATE CONSTRAINT b_small;"),
    ),
    Scenario(
        "unique-constraint-added",
        before=_t(),
        after=_t("    unique: [a]\n"),
        steps=["AddConstraint"],
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
        up_contains=("ADD CONSTRAINT t_a_key UNIQUE (a);",),
    ),
    Scenario(
        "unique-constraint-columns-change",
        before=_t("    unique:\n      - {columns: [a], name: t_natural}\n"),
        after=_t("    unique:\n      - {columns: [a, b], name: t_natural}\n"),
        steps=["DropConstraintForChange", "AddConstraintForChange"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=ROWS_T, check=KEEP_T[0], expect=KEEP_T[1], check_down=KEEP_T[0], expect_down=KEEP_T[1],
    ),
    Scenario(
        "primary-key-columns-change",
        before="tables:\n  t:\n    columns:\n      a: {type: integer, nullable: false}\n      b: integer\n"
               "    primary_key: {columns: [a], name: t_pk}\n",
        after="tables:\n  t:\n    columns:\n      a: {type: integer, nullable: false}\n      b: integer\n"
              "    primary_key: {columns: [a, b], name: t_pk}\n",
        steps=["DropConstraintForChange", "AlterColumnNullability", "AddConstraintForChange"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.VALIDATES_ROWS},
        rows=["INSERT INTO evo.t VALUES (1, 1), (2, 1)"],
        check="SELECT a, b FROM evo.t ORDER BY a", expect=[(1, 1), (2, 1)],
        check_down="SELECT a, b FROM evo.t ORDER BY a", expect_down=[(1, 1), (2, 1)],
    ),
    Scenario(
        "constraint-comment-only",
        before=_t("    unique: [a]\n"),
        after=_t("    unique:\n      - {columns: [a], comment: Natural key}\n"),
        steps=["CommentOnConstraint"],
        rows=ROWS_T,
        up_contains=("COMMENT ON CONSTRAINT t_a_key ON evo.t IS 'Natural key';",),
    ),
]


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    spec = folder / "evo.yaml"
    spec.write_text(_spec(text), encoding="utf-8")
    return api.load(folder, [spec])


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


def _in_order(text: str, parts: tuple[str, ...]) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
    return True


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_plan_steps_and_hazards(tmp_path, s: Scenario):
    before, after = _compile(tmp_path, "before", s.before), _compile(tmp_path, "after", s.after)
    plan = api.plan(before.catalog, after.catalog)
    assert [op.kind for op in plan.steps] == s.steps
    assert set(plan.hazards) == s.hazards
    assert H.DESTRUCTIVE not in plan.hazards and plan.reversible
    assert all(op.reverse().reverse() == op for op in plan.steps if type(op).__module__ == "compiler.ops.keys")
    assert api.plan(after.catalog, after.catalog).empty
    assert api.plan(before.catalog, before.catalog).empty


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_converges_on_postgresql(conn, tmp_path, s: Scenario):
    before, after = _compile(tmp_path, "before", s.before), _compile(tmp_path, "after", s.after)
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before up.sql")
    assert verify(conn, first) == []
    for row in s.rows:
        run_script(conn, row, "rows")

    step = api.migration("0002_after", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == s.steps
    assert _in_order(step.up, s.up_contains), step.up
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert api.plan(after.catalog, after.catalog).empty
    if s.check:
        assert _query(conn, s.check) == s.expect

    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []
    if s.check_down:
        assert _query(conn, s.check_down) == s.expect_down


def test_a_failing_validation_rolls_back_the_migration(conn, tmp_path):
    """Rows that break the new check: VALIDATE fails, and nothing of the migration stays."""
    before = _compile(tmp_path, "before", _t())
    after = _compile(tmp_path, "after", _t("    checks:\n      b_small: b < 15\n"))
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before up.sql")
    for row in ROWS_T:
        run_script(conn, row, "rows")
    step = api.migration("0002_after", after, previous=before.catalog)
    with pytest.raises(Exception, match="b_small"):
        run_script(conn, step.up, "up.sql")
    assert verify(conn, first) == []


def test_changing_only_concurrently_does_nothing(tmp_path):
    before = _compile(tmp_path, "before", _t("    indexes: [a]\n"))
    after = _compile(tmp_path, "after", _t("    indexes:\n      - {columns: [a], concurrently: true}\n"))
    assert before.catalog != after.catalog
    assert api.plan(before.catalog, after.catalog).empty


# ---------------------------------------------------------------- ops on their own

IDX = Index("s", "t", "i", (IndexElement("a"),))
UNIQUE_IDX = Index("s", "t", "i", (IndexElement("a"),), unique=True)
PK = Constraint("s", "t", "t_pkey", "primary_key", ("id",))
UQ = Constraint("s", "t", "t_a_key", "unique", ("a",))
CK = Constraint("s", "t", "ck", "check", expression="a <> ''")
FK = Constraint("s", "t", "t_p_fkey", "foreign_key", ("p",), ref_schema="s", ref_table="p", ref_columns=("id",))


@pytest.mark.parametrize("c", [PK, UQ, CK, FK], ids=lambda c: c.kind)
def test_dropping_a_constraint_locks_but_destroys_nothing(c):
    op = DropConstraintForChange(c)
    assert op.hazards == (H.ACCESS_EXCLUSIVE_LOCK,)
    assert op.key == c.key + ":drop" and op.reverse().key == op.key
    assert op.reverse().reverse() == op


def test_hazards_of_adding_constraints():
    assert set(AddConstraintForChange(PK).hazards) == {H.VALIDATES_ROWS, H.ACCESS_EXCLUSIVE_LOCK}
    assert set(AddConstraintForChange(UQ).hazards) == {H.VALIDATES_ROWS, H.ACCESS_EXCLUSIVE_LOCK}
    assert AddConstraintForChange(FK, not_valid=True).hazards == ()
    assert AddConstraintForChange(CK, not_valid=True).hazards == (H.ACCESS_EXCLUSIVE_LOCK,)
    assert ValidateConstraint(FK).hazards == (H.VALIDATES_ROWS,)
    assert ValidateConstraint(FK).reverse().hazards == ()
    assert ValidateConstraint(FK).reverse().reverse() == ValidateConstraint(FK)
    assert ValidateConstraint(FK).requires() == (FK.key,)
    assert render_op(ValidateConstraint(FK)) == "ALTER TABLE s.t VALIDATE CONSTRAINT t_p_fkey;\n"
    assert render_op(ValidateConstraint(FK).reverse()).startswith("-- nothing to undo")
    assert render_op(AddConstraintForChange(CK, not_valid=True)) == (
        "ALTER TABLE s.t\n    ADD CONSTRAINT ck CHECK (a <> '') NOT VALID;\n")
    assert "table:s.p" in AddConstraintForChange(FK).requires()
    assert FK.key + ":drop" in AddConstraintForChange(FK).requires()


def test_index_steps_are_ordered_by_their_keys_and_reverse_exactly():
    drop, create = DropIndexForChange(IDX), CreateIndexForChange(UNIQUE_IDX)
    assert drop.key == "index:s.i:drop" and create.key == "index:s.i"
    assert drop.key in create.requires()
    assert drop.hazards == (H.ACCESS_EXCLUSIVE_LOCK,)
    assert create.hazards == (H.VALIDATES_ROWS,)
    assert CreateIndexForChange(IDX, concurrently=True).hazards == (H.NON_TRANSACTIONAL,)
    assert DropIndexForChange(IDX, concurrently=True).hazards == (H.NON_TRANSACTIONAL,)
    for op in (drop, create, DropIndexForChange(IDX, concurrently=True)):
        assert op.reverse().reverse() == op
    assert render_op(drop) == "DROP INDEX s.i;\n"
    assert render_op(drop.reverse()) == "CREATE INDEX i ON s.t (a);\n"


def test_comment_ops():
    op = CommentOnIndex(IDX, None, "it's")
    assert render_op(op) == "COMMENT ON INDEX s.i IS 'it''s';\n"
    assert render_op(op.reverse()) == "COMMENT ON INDEX s.i IS NULL;\n"
    op = CommentOnConstraint(UQ, "old", None)
    assert render_op(op) == "COMMENT ON CONSTRAINT t_a_key ON s.t IS NULL;\n"
    assert op.reverse().reverse() == op and op.hazards == ()
