"""Evolution of a table's columns and comments, converging on a real
PostgreSQL: apply `before`, insert rows, apply the migration from `before`
to `after`, verify `after` clean, plan `after` against itself empty, check
the rows that the change promises to keep, apply down, verify `before`
clean."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Column, ColumnDefault, TypeRef
from compiler.errors import UsageError
from compiler.ops import (
    AddColumn, AlterColumnComment, AlterColumnDefault, AlterColumnNullability, AlterColumnType, AlterTableComment,
    DropColumn, Hazard,
)
from compiler.ops.columns import type_change
from compiler.render.migration import render_op
from tests.helpers import verify

H = Hazard


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
    expect: list[tuple] | None = None  # its rows
    check_down: str | None = None  # a query run after down
    expect_down: list[tuple] | None = None


ENUMS = """\
enums:
  Status: [DRAFT, ACTIVE, CLOSED]
"""

SCENARIOS = [
    Scenario(
        "add-nullable-column",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n"
              "      note: {type: text, comment: Free text}\n",
        steps=["AddColumn"],
        rows=["INSERT INTO evo.t VALUES (1, 'a'), (2, 'b')"],
        check="SELECT id, name, note FROM evo.t ORDER BY id",
        expect=[(1, "a", None), (2, "b", None)],
        check_down="SELECT id, name FROM evo.t ORDER BY id",
        expect_down=[(1, "a"), (2, "b")],
    ),
    Scenario(
        "add-not-null-column-with-default",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      qty: {type: integer, nullable: false, default: '7'}\n",
        steps=["AddColumn"],
        rows=["INSERT INTO evo.t VALUES (1), (2)"],
        check="SELECT id, qty FROM evo.t ORDER BY id",
        expect=[(1, 7), (2, 7)],
    ),
    Scenario(
        "add-not-null-column-on-empty-table",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      code: {type: text, nullable: false}\n",
        steps=["AddColumn"],
        hazards={H.VALIDATES_ROWS},
    ),
    Scenario(
        "add-enum-column-with-its-new-enum",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        after=ENUMS + "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                      "      status: {type: Status, nullable: false, default: DRAFT}\n",
        steps=["CreateEnum", "AddColumn"],
        rows=["INSERT INTO evo.t VALUES (1)"],
        check="SELECT id, status::text FROM evo.t",
        expect=[(1, "DRAFT")],
    ),
    Scenario(
        "drop-column",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      legacy: text\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        steps=["DropColumn"],
        hazards={H.DESTRUCTIVE, H.ACCESS_EXCLUSIVE_LOCK, H.IRREVERSIBLE},
        rows=["INSERT INTO evo.t VALUES (1, 'old')"],
        check="SELECT id FROM evo.t",
        expect=[(1,)],
        check_down="SELECT id, legacy FROM evo.t",
        expect_down=[(1, None)],  # the values are gone, as down.sql says
    ),
    Scenario(
        "drop-column-with-its-index-and-enum",
        before=ENUMS + "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                       "      status: {type: Status, default: ACTIVE}\n    indexes: [status]\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        steps=["DropIndex", "DropColumn", "DropEnum"],
        hazards={H.DESTRUCTIVE, H.ACCESS_EXCLUSIVE_LOCK, H.IRREVERSIBLE},
        rows=["INSERT INTO evo.t VALUES (1, 'CLOSED')"],
        check_down="SELECT id, status::text FROM evo.t",
        expect_down=[(1, "ACTIVE")],  # re-added with its default, not the old value
    ),
    Scenario(
        "set-not-null",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      name: {type: text, nullable: false}\n",
        steps=["AlterColumnNullability"],
        hazards={H.VALIDATES_ROWS, H.ACCESS_EXCLUSIVE_LOCK},
        rows=["INSERT INTO evo.t VALUES (1, 'a')"],
        check="SELECT id, name FROM evo.t",
        expect=[(1, "a")],
    ),
    Scenario(
        "drop-not-null",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      name: {type: text, nullable: false}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      name: text\n",
        steps=["AlterColumnNullability"],
        rows=["INSERT INTO evo.t VALUES (1, 'a')"],
        check="SELECT id, name FROM evo.t",
        expect=[(1, "a")],
    ),
    Scenario(
        "change-default-expression",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      amount: {type: 'numeric(12,2)', default: '0'}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      amount: {type: 'numeric(12,2)', default: 1.5 + 1}\n",
        steps=["AlterColumnDefault"],
        rows=["INSERT INTO evo.t (id) VALUES (1)"],
        check="INSERT INTO evo.t (id) VALUES (2); SELECT id, amount::text FROM evo.t ORDER BY id",
        expect=[(1, "0.00"), (2, "2.50")],
    ),
    Scenario(
        "add-and-drop-default-and-enum-label-default",
        before=ENUMS + "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                       "      status: {type: Status, default: DRAFT}\n      created: timestamptz\n",
        after=ENUMS + "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                      "      status: {type: Status, default: CLOSED}\n"
                      "      created: {type: timestamptz, default: now()}\n",
        steps=["AlterColumnDefault", "AlterColumnDefault"],
        rows=["INSERT INTO evo.t (id) VALUES (1)"],
        check="SELECT id, status::text FROM evo.t ORDER BY id",
        expect=[(1, "DRAFT")],
        check_down="INSERT INTO evo.t (id) VALUES (2); "
                   "SELECT id, status::text, created IS NULL FROM evo.t ORDER BY id",
        expect_down=[(1, "DRAFT", True), (2, "DRAFT", True)],
    ),
    Scenario(
        "drop-default",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      code: {type: text, default: \"'x'\"}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      code: text\n",
        steps=["AlterColumnDefault"],
        rows=["INSERT INTO evo.t (id) VALUES (1)"],
        check="INSERT INTO evo.t (id) VALUES (2); SELECT id, code FROM evo.t ORDER BY id",
        expect=[(1, "x"), (2, None)],
    ),
    Scenario(
        "comments-of-table-and-column",
        before="tables:\n  t:\n    comment: Old table comment\n    columns:\n"
               "      id: {type: integer, primary_key: true}\n"
               "      a: {type: text, comment: Was here}\n      b: text\n",
        after="tables:\n  t:\n    columns:\n"
              "      id: {type: integer, primary_key: true, comment: The key}\n      a: text\n"
              "      b: {type: text, comment: \"It's new\"}\n",
        steps=["AlterColumnComment", "AlterColumnComment", "AlterColumnComment", "AlterTableComment"],
    ),
    Scenario(
        "widen-integer-and-varchar",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      code: varchar(5)\n      n: {type: integer, nullable: false, default: '1'}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      code: varchar(20)\n      n: {type: bigint, nullable: false, default: '2'}\n",
        steps=["AlterColumnType", "AlterColumnType"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE},
        rows=["INSERT INTO evo.t VALUES (1, 'abcde', 41)"],
        check="SELECT id, code, n FROM evo.t",
        expect=[(1, "abcde", 41)],
        check_down="INSERT INTO evo.t (id) VALUES (2); SELECT id, code, n FROM evo.t ORDER BY id",
        expect_down=[(1, "abcde", 41), (2, None, 1)],
    ),
    Scenario(
        "money-from-double-to-numeric",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      amount: {type: double precision, nullable: false}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      amount: {type: 'numeric(18,2)', nullable: false}\n",
        steps=["AlterColumnType"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE, H.IRREVERSIBLE},
        rows=["INSERT INTO evo.t VALUES (1, 10.25), (2, 0.125)"],
        check="SELECT id, amount::text FROM evo.t ORDER BY id",
        expect=[(1, "10.25"), (2, "0.13")],
        check_down="SELECT id, amount FROM evo.t ORDER BY id",
        expect_down=[(1, 10.25), (2, 0.13)],  # rounded by up, as down.sql says
    ),
    Scenario(
        "narrow-numeric-precision",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      amount: 'numeric(18,2)'\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      amount: 'numeric(10,2)'\n",
        steps=["AlterColumnType"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE},
        rows=["INSERT INTO evo.t VALUES (1, 12345.67)"],
        check="SELECT id, amount::text FROM evo.t",
        expect=[(1, "12345.67")],
    ),
    Scenario(
        "text-to-bounded-varchar-and-not-null-together",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "      code: {type: text, default: \"'abc'\"}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      code: {type: varchar(10), nullable: false, default: \"'xyz'\", comment: Short code}\n",
        steps=["AlterColumnComment", "AlterColumnNullability", "AlterColumnType"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE, H.VALIDATES_ROWS},
        rows=["INSERT INTO evo.t VALUES (1, 'hello')"],
        check="INSERT INTO evo.t (id) VALUES (2); SELECT id, code FROM evo.t ORDER BY id",
        expect=[(1, "hello"), (2, "xyz")],
    ),
    Scenario(
        "only-the-changed-table-is-touched",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
               "  u:\n    columns:\n      id: {type: integer, primary_key: true}\n      x: text\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "  u:\n    columns:\n      id: {type: integer, primary_key: true}\n      x: text\n      y: date\n",
        steps=["AddColumn"],
        rows=["INSERT INTO evo.t VALUES (1)", "INSERT INTO evo.u VALUES (1, 'k')"],
        check="SELECT (SELECT count(*) FROM evo.t), x, y FROM evo.u",
        expect=[(1, "k", None)],
    ),
    Scenario(
        "add-column-with-a-new-unique-constraint",
        before="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n",
        after="tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
              "      email: {type: text, unique: true}\n",
        steps=["AddColumn", "AddConstraint"],
        rows=["INSERT INTO evo.t VALUES (1)"],
        check="SELECT id, email FROM evo.t",
        expect=[(1, None)],
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


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_plan_steps_and_hazards(tmp_path, s: Scenario):
    before, after = _compile(tmp_path, "before", s.before), _compile(tmp_path, "after", s.after)
    plan = api.plan(before.catalog, after.catalog)
    assert [op.kind for op in plan.steps] == s.steps
    assert set(plan.hazards) == s.hazards
    assert plan.reversible == (H.IRREVERSIBLE not in s.hazards)
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
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert api.plan(after.catalog, after.catalog).empty
    if s.check:
        assert _query(conn, s.check) == s.expect

    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []
    if s.check_down:
        assert _query(conn, s.check_down) == s.expect_down


def test_there_are_enough_scenarios():
    assert len(SCENARIOS) >= 10
    kinds = {k for s in SCENARIOS for k in s.steps}
    assert {"AddColumn", "DropColumn", "AlterColumnNullability", "AlterColumnDefault", "AlterColumnComment",
            "AlterTableComment", "AlterColumnType"} <= kinds


# ---------------------------------------------------------------- hazards of each op

INT, BIGINT, TEXT = TypeRef("integer"), TypeRef("bigint"), TypeRef("text")


def _col(name="c", type=TEXT, **kw) -> Column:
    return Column(name, type, **kw)


def test_hazards_of_add_column():
    assert AddColumn("s", "t", _col()).hazards == ()
    assert AddColumn("s", "t", _col(nullable=False)).hazards == (H.VALIDATES_ROWS,)
    assert AddColumn("s", "t", _col(nullable=False, default=ColumnDefault("'x'"))).hazards == ()
    assert AddColumn("s", "t", _col(type=BIGINT, nullable=False, identity="always")).hazards == (
        H.REWRITES_TABLE, H.ACCESS_EXCLUSIVE_LOCK)
    assert AddColumn("s", "t", _col()).reverse() == DropColumn("s", "t", _col())


def test_hazards_of_drop_column_and_its_reverse_says_data_is_lost():
    op = DropColumn("s", "t", _col())
    assert set(op.hazards) == {H.DESTRUCTIVE, H.ACCESS_EXCLUSIVE_LOCK, H.IRREVERSIBLE}
    back = op.reverse()
    assert back == AddColumn("s", "t", _col(), data_lost=True)
    assert back.reverse() == op
    sql = render_op(back)
    assert sql.startswith("-- irreversible:") and "ADD COLUMN c text;" in sql
    assert "-- irreversible" not in render_op(AddColumn("s", "t", _col()))
    assert "fails" in render_op(DropColumn("s", "t", _col(nullable=False)).reverse())


def test_hazards_of_nullability():
    set_not_null = AlterColumnNullability("s", "t", "c", nullable=False)
    assert set(set_not_null.hazards) == {H.VALIDATES_ROWS, H.ACCESS_EXCLUSIVE_LOCK}
    assert set_not_null.reverse() == AlterColumnNullability("s", "t", "c", nullable=True)
    assert set_not_null.reverse().hazards == ()
    assert render_op(set_not_null) == "ALTER TABLE s.t ALTER COLUMN c SET NOT NULL;\n"


def test_default_comment_ops_have_no_hazards_and_reverse_exactly():
    old, new = ColumnDefault(enum_label="DRAFT"), ColumnDefault("now()")
    op = AlterColumnDefault("s", "t", "c", old, new, ("function:s.f()",), ())
    assert op.hazards == ()
    assert op.reverse().reverse() == op
    assert render_op(op.reverse()) == "ALTER TABLE s.t ALTER COLUMN c SET DEFAULT 'DRAFT';\n"
    assert render_op(AlterColumnDefault("s", "t", "c", old, None)) == "ALTER TABLE s.t ALTER COLUMN c DROP DEFAULT;\n"
    comment = AlterColumnComment("s", "t", "c", None, "it's")
    assert comment.hazards == () and comment.reverse().reverse() == comment
    assert render_op(comment) == "COMMENT ON COLUMN s.t.c IS 'it''s';\n"
    assert render_op(comment.reverse()) == "COMMENT ON COLUMN s.t.c IS NULL;\n"
    assert render_op(AlterTableComment("s", "t", "a", None)) == "COMMENT ON TABLE s.t IS NULL;\n"


@pytest.mark.parametrize(("old", "new", "hazards"), [
    (INT, BIGINT, {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE}),
    (BIGINT, INT, {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE}),
    (TypeRef("character varying", modifiers=(5,)), TypeRef("character varying", modifiers=(20,)),
     {H.ACCESS_EXCLUSIVE_LOCK}),
    (TypeRef("character varying", modifiers=(5,)), TEXT, {H.ACCESS_EXCLUSIVE_LOCK}),
    (TEXT, TypeRef("character varying", modifiers=(10,)),
     {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE}),
    (TypeRef("numeric", modifiers=(10, 2)), TypeRef("numeric", modifiers=(18, 2)), {H.ACCESS_EXCLUSIVE_LOCK}),
    (TypeRef("numeric", modifiers=(18, 2)), TypeRef("numeric", modifiers=(10, 2)),
     {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE}),
    (TypeRef("numeric", modifiers=(10, 4)), TypeRef("numeric", modifiers=(10, 2)),
     {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE, H.IRREVERSIBLE}),
    (TypeRef("double precision"), TypeRef("numeric", modifiers=(18, 2)),
     {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE, H.IRREVERSIBLE}),
    (TEXT, INT, {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE}),
])
def test_hazards_of_type_changes(old, new, hazards):
    op = AlterColumnType("s", "t", _col(type=old), _col(type=new))
    assert set(op.hazards) == hazards
    back = op.reverse()
    assert back.before == op.after and back.after == op.before
    assert back.data_lost == (H.IRREVERSIBLE in hazards)
    assert render_op(back).startswith("-- irreversible:") == back.data_lost


def test_type_change_of_a_column_with_a_default_drops_and_sets_it():
    op = AlterColumnType("s", "t", _col(type=TEXT, default=ColumnDefault("'1'")),
                         _col(type=INT, default=ColumnDefault("2")))
    assert render_op(op) == ("ALTER TABLE s.t ALTER COLUMN c DROP DEFAULT;\n"
                             "ALTER TABLE s.t ALTER COLUMN c TYPE integer;\n"
                             "ALTER TABLE s.t ALTER COLUMN c SET DEFAULT 2;\n")
    assert type_change(INT, INT).rewrites is False


def test_changes_without_a_comparator_still_raise(tmp_path):
    before = _compile(tmp_path, "before", ENUMS + "tables:\n  t:\n    columns:\n      id: integer\n")
    after = _compile(tmp_path, "after", "enums:\n  Status: [DRAFT, ACTIVE]\n"
                                        "tables:\n  t:\n    columns:\n      id: integer\n")
    with pytest.raises(UsageError, match="not supported yet: enum:evo.Status"):
        api.plan(before.catalog, after.catalog)


def test_identity_changes_are_not_supported_yet(tmp_path):
    before = _compile(tmp_path, "before", "tables:\n  t:\n    columns:\n      id: bigint\n")
    after = _compile(tmp_path, "after", "tables:\n  t:\n    columns:\n      id: {type: bigint, identity: always}\n")
    with pytest.raises(UsageError, match=r"column evo\.t\.id \(identity\)"):
        api.plan(before.catalog, after.catalog)
