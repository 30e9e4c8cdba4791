"""Evolution of a table's columns and comments, converging on a real
PostgreSQL: apply `before`, insert rows, apply the migration from `before`
to `after`, verify `after` clean, plan `after` against itself empty, check
the rows that the change promises to keep, apply down, verify `before`
clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Column, ColumnDefault, TypeRef
from compiler.diff.column_order import physical_order
from compiler.errors import SpecErrors, UsageError
from compiler.ops import (
    AddColumn,
    AlterColumnComment,
    AlterColumnDefault,
    AlterColumnNullability,
    AlterColumnTypes,
    AlterTableComment,
    DropColumn,
    Hazard,
)
from compiler.ops.columns import AlterColumnType
from compiler.ops.type_changes import type_change
from compiler.render.migration import render_op
from tests.helpers import verify

H = Hazard


def _spec(body: str) -> str:
    return "schema: evo\n" + body


ENUMS = """\
enums:
  Status: [DRAFT, ACTIVE, CLOSED]
"""


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    spec = folder / "evo.yaml"
    spec.write_text(_spec(text), encoding="utf-8")
    return api.load(folder, [spec])


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


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


CHECKED = {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.VALIDATES_ROWS}  # fails on rows that do not fit
SILENT = {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE}  # may change values without a word
ROUNDED = SILENT | {H.IRREVERSIBLE}
STATUS, PHASE = TypeRef("status", "evo", kind="enum"), TypeRef("phase", "evo", kind="enum")


@pytest.mark.parametrize(("old", "new", "hazards"), [
    (INT, BIGINT, {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE}),
    (BIGINT, INT, CHECKED),
    (TypeRef("character varying", modifiers=(5,)), TypeRef("character varying", modifiers=(20,)),
     {H.ACCESS_EXCLUSIVE_LOCK}),
    (TypeRef("character varying", modifiers=(5,)), TEXT, {H.ACCESS_EXCLUSIVE_LOCK}),
    (TEXT, TypeRef("character varying", modifiers=(10,)), CHECKED),
    (TypeRef("numeric", modifiers=(10, 2)), TypeRef("numeric", modifiers=(18, 2)), {H.ACCESS_EXCLUSIVE_LOCK}),
    (TypeRef("numeric", modifiers=(18, 2)), TypeRef("numeric", modifiers=(10, 2)), CHECKED),
    (INT, TypeRef("numeric", modifiers=(5, 2)), CHECKED),
    (TypeRef("numeric", modifiers=(10, 4)), TypeRef("numeric", modifiers=(10, 2)), ROUNDED),
    (TypeRef("double precision"), TypeRef("numeric", modifiers=(18, 2)), ROUNDED),
    (TypeRef("numeric"), INT, ROUNDED),
    (TEXT, INT, CHECKED),
    (TEXT, TypeRef("uuid"), CHECKED),
    (TEXT, TypeRef("numeric"), CHECKED),
    (TEXT, STATUS, CHECKED),
    (STATUS, PHASE, CHECKED),
    (STATUS, TEXT, {H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE}),
    (TEXT, TypeRef("numeric", modifiers=(10, 2)), SILENT),  # '1.005' is rounded
    (TEXT, TypeRef("date"), SILENT),  # '2024-01-01 10:00' loses its time
    (TEXT, TypeRef("jsonb"), SILENT),  # duplicate keys are dropped
    (TypeRef("timestamp without time zone"), TypeRef("timestamp with time zone"), SILENT),  # reinterpreted
    (TypeRef("timestamp with time zone"), TypeRef("timestamp without time zone"), SILENT),
    (INT, TypeRef("boolean"), SILENT),  # every non-zero value becomes true
])
def test_hazards_of_type_changes(old, new, hazards):
    part = AlterColumnType("s", "t", _col(type=old), _col(type=new))
    assert set(part.hazards) == hazards
    op = AlterColumnTypes("s", "t", (part,))
    assert set(op.hazards) == hazards and op.parts == (part,)
    back = op.reverse()
    [back_part] = back.changes
    assert back_part.before == part.after and back_part.after == part.before
    assert back_part.data_lost == (H.IRREVERSIBLE in hazards)
    assert render_op(back).startswith("-- irreversible:") == back_part.data_lost


def test_type_change_of_a_column_with_a_default_drops_and_sets_it():
    op = AlterColumnTypes("s", "t", (AlterColumnType("s", "t", _col(type=TEXT, default=ColumnDefault("'1'")),
                                                     _col(type=INT, default=ColumnDefault("2"))),))
    assert render_op(op) == ("ALTER TABLE s.t\n"
                             "    ALTER COLUMN c DROP DEFAULT,\n"
                             "    ALTER COLUMN c TYPE integer USING c::integer,\n"  # text has no assignment cast to integer
                             "    ALTER COLUMN c SET DEFAULT 2;\n")
    assert render_op(AlterColumnTypes("s", "t", (AlterColumnType("s", "t", _col(type=INT), _col(type=BIGINT)),))) == (
        "ALTER TABLE s.t ALTER COLUMN c TYPE bigint;\n")
    assert type_change(INT, INT).rewrites is False


NUMERIC_18_2 = TypeRef("numeric", modifiers=(18, 2))


def test_type_changes_of_a_table_are_one_statement_with_each_column_kept_apart():
    """Defaults are dropped first and set last (as PostgreSQL runs them in one
    statement); the step has the union of the columns' hazards and their
    keys (`provides`); down.sql notes every lossy column."""
    widen = AlterColumnType("s", "t", _col("a", INT, default=ColumnDefault("0")),
                            _col("a", BIGINT, default=ColumnDefault("1")))
    lossy = AlterColumnType("s", "t", _col("b", TypeRef("double precision")), _col("b", NUMERIC_18_2))
    op = AlterColumnTypes("s", "t", (widen, lossy), rebuilt=("constraint:s.t.t_b_check",))
    assert op.key == "table:s.t:types(a, b)"
    assert op.provides() == ("column:s.t.a:type", "column:s.t.b:type")
    assert op.requires() == ("table:s.t", "column:s.t.a", "column:s.t.b", "constraint:s.t.t_b_check:drop")
    assert op.hazards == (H.ACCESS_EXCLUSIVE_LOCK, H.REWRITES_TABLE, H.DESTRUCTIVE, H.IRREVERSIBLE)
    assert [part.hazards for part in op.parts] == [widen.hazards, lossy.hazards]
    assert Hazard.DESTRUCTIVE not in widen.hazards
    assert render_op(op) == ("-- one statement for 2 columns, so the table is rewritten at most once\n"
                             "ALTER TABLE s.t\n"
                             "    ALTER COLUMN a DROP DEFAULT,\n"
                             "    ALTER COLUMN a TYPE bigint,\n"
                             "    ALTER COLUMN b TYPE numeric(18,2),\n"
                             "    ALTER COLUMN a SET DEFAULT 1;\n")
    back = op.reverse()
    assert (back.key, back.rebuilt) == (op.key, op.rebuilt)
    assert (back.reverse().key, back.reverse().hazards) == (op.key, op.hazards)
    assert render_op(back).startswith(
        "-- irreversible: the up migration rounded or cut values of b to fit numeric(18,2);\n")
    assert render_op(back).count("-- irreversible") == 1
    with pytest.raises(AssertionError):
        AlterColumnTypes("s", "t", (lossy, widen))  # sorted by column name, each column once


# timestamptz to timestamp: the instants are read in the session's time zone, silently (destructive)
TWO_NARROWINGS_BEFORE = ("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                         "      a: timestamptz\n      b: timestamptz\n      c: integer\n")
TWO_NARROWINGS_AFTER = ("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                        "      a: timestamp\n      b: timestamp\n      c: bigint\n")


@pytest.mark.parametrize(("accepted", "acknowledged"), [
    ([], {}),
    (["column:evo.t.a:type"], {"column:evo.t.a:type"}),
    (["column:evo.t.b"], {"column:evo.t.b:type"}),
    (["column:evo.t.a", "column:evo.t.b:type"], {"column:evo.t.a:type", "column:evo.t.b:type"}),
    (["table:evo.t"], {}),  # the table's key accepts no column's narrowing
    (["column:evo.t.c:type"], {}),  # a widened column is no destructive part
])
def test_destructive_type_changes_merged_in_one_step_are_accepted_column_by_column(tmp_path, accepted, acknowledged):
    before = _compile(tmp_path, "before", TWO_NARROWINGS_BEFORE)
    accept = f"accept_destructive: [{', '.join(accepted)}]\n" if accepted else ""
    after = _compile(tmp_path, "after", accept + TWO_NARROWINGS_AFTER)
    plan = api.plan(before.catalog, after.catalog)
    [op] = plan.steps
    assert (op.kind, op.key) == ("AlterColumnTypes", "table:evo.t:types(a, b, c)")
    steps = api.destructive_steps(plan, before.catalog, after.catalog)
    assert [(s.number, s.op.kind, s.op.key) for s in steps] == [
        (1, "AlterColumnType", "column:evo.t.a:type"), (1, "AlterColumnType", "column:evo.t.b:type")]
    assert {s.op.key for s in steps if s.acknowledged} == set(acknowledged)
    for s in steps:  # each at the line of its own column
        assert not s.dropped and s.source.path == f"tables.t.columns.{s.op.after.name}"
        assert s.as_dict()["message"] == f"step 1 AlterColumnType {s.op.key} is destructive (at {s.source.file}:" \
                                         f"{s.source.line}:{s.source.column})"


def test_a_merged_type_change_waits_for_the_renames_of_its_columns_and_table(tmp_path):
    before = _compile(tmp_path, "before", "tables:\n  t:\n    columns:\n      a: integer\n      b: integer\n")
    after = _compile(tmp_path, "after", "tables:\n  u:\n    renamed_from: t\n    columns:\n"
                                        "      a2: {type: bigint, renamed_from: a}\n      b: bigint\n")
    kinds = [(op.kind, op.key) for op in api.plan(before.catalog, after.catalog).steps]
    assert kinds == [("Rename", "table:evo.u:rename"), ("Rename", "column:evo.u.a2:rename"),
                     ("AlterColumnTypes", "table:evo.u:types(a2, b)")]


def test_extension_schema_change_is_planned(tmp_path):
    """Moving an extension was refused before it had a comparator; now it is
    ALTER EXTENSION ... SET SCHEMA both ways (tests/convergence/335_*)."""
    before = _compile(tmp_path, "before", "extensions: [citext]\ntables:\n  t:\n    columns:\n      id: integer\n")
    after = _compile(tmp_path, "after", "extensions: [{name: citext, schema: evo}]\n"
                                        "tables:\n  t:\n    columns:\n      id: integer\n")
    [op] = api.plan(before.catalog, after.catalog).steps
    assert (op.kind, op.key) == ("AlterExtensionSchema", "extension:citext:schema")
    assert render_op(op) == "ALTER EXTENSION citext SET SCHEMA evo;\n"
    assert render_op(op.reverse()) == "ALTER EXTENSION citext SET SCHEMA public;\n"


def test_identity_changes_are_planned(tmp_path):
    """Identity and generated-column changes: tests/test_evolution_identity.py."""
    before = _compile(tmp_path, "before", "tables:\n  t:\n    columns:\n      id: bigint\n")
    after = _compile(tmp_path, "after", "tables:\n  t:\n    columns:\n      id: {type: bigint, identity: always}\n")
    assert [op.kind for op in api.plan(before.catalog, after.catalog).steps] == ["AlterColumnIdentity"]


# ---------------------------------------------------------------- column order

REORDER_BEFORE = ("tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                  "      a: text\n      b: int\n")
REORDER_AFTER = ("tables:\n  t:\n    columns:\n      b: int\n      id: {type: integer, primary_key: true}\n"
                 "      a: text\n")


def test_reordered_columns_of_an_existing_table_are_cosmetic(tmp_path):
    """No step, and with the physical order kept the state (and its hash)
    does not change, so `generate` has nothing to write and a later plan is
    empty too."""
    before, after = _compile(tmp_path, "before", REORDER_BEFORE), _compile(tmp_path, "after", REORDER_AFTER)
    assert before.catalog != after.catalog
    assert api.plan(before.catalog, after.catalog).empty
    kept = physical_order(before.catalog, after.catalog)
    assert kept == before.catalog
    the_plan = api.plan(before.catalog, kept)
    assert the_plan.empty and the_plan.source_hash == the_plan.target_hash
    assert api.plan(kept, after.catalog).empty
    assert physical_order(before.catalog, before.catalog) is before.catalog
    assert physical_order(api.EMPTY, after.catalog) is after.catalog  # a new table keeps its spec order


def test_physical_order_is_the_order_postgresql_has(conn, tmp_path):
    """Reordered, with a column added and a generated column made again: the
    database appends both; the kept order says so."""
    before = _compile(tmp_path, "before", REORDER_BEFORE + "      g: {type: int, generated: b + 1}\n")
    after = _compile(tmp_path, "after", "tables:\n  t:\n    columns:\n      g: {type: int, generated: b + 2}\n"
                                        "      c: date\n      b: int\n      id: {type: integer, primary_key: true}\n"
                                        "      a: text\n")
    run_script(conn, api.migration("0001_before", before).up, "before up.sql")
    run_script(conn, "INSERT INTO evo.t (id, a, b) VALUES (1, 'x', 2)", "rows")
    the_plan = api.plan(before.catalog, after.catalog)
    kept = physical_order(before.catalog, after.catalog, the_plan.steps)
    step = api.migration("0002_after", after, previous=before.catalog, the_plan=the_plan)
    assert [op.kind for op in step.plan.steps] == ["AddColumn", "RedefineGeneratedColumn"]
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    names = _query(conn, "SELECT attname::text FROM pg_attribute WHERE attrelid = 'evo.t'::regclass "
                         "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
    assert [n for (n,) in names] == [c.name for c in kept.by_key()["table:evo.t"].columns] == ["id", "a", "b", "c", "g"]
    assert api.plan(kept, after.catalog).empty
    assert _query(conn, "SELECT id, a, b, g FROM evo.t") == [(1, "x", 2, 4)]


def test_generate_and_check_accept_a_merged_type_change_column_by_column(tmp_path, monkeypatch, capsys):
    """The narrowing of `a` is accepted in the specs, that of `b` is not: generate
    refuses `b` alone; with --allow-destructive, plan.json records each column
    as it was accepted, and check reports `b` only."""
    import json

    from compiler.cli import main
    from compiler.generated import DestructiveStepsRefused, write_migration

    spec = tmp_path / "specs" / "evo.yaml"
    spec.parent.mkdir()
    (tmp_path / "schemac.yaml").write_text("migrations: {type_changes: rewrite}\n", encoding="utf-8")  # one step
    spec.write_text(_spec(TWO_NARROWINGS_BEFORE), encoding="utf-8")
    write_migration(api.load(tmp_path), None)
    spec.write_text(_spec("accept_destructive: [column:evo.t.a]\n" + TWO_NARROWINGS_AFTER), encoding="utf-8")
    with pytest.raises(DestructiveStepsRefused) as refused:
        write_migration(api.load(tmp_path), "narrow")
    assert [s.op.key for s in refused.value.steps] == ["column:evo.t.b:type"]
    result = write_migration(api.load(tmp_path), "narrow", allow_destructive=True)
    plan = json.loads((result.directory / "plan.json").read_text(encoding="utf-8"))
    assert [step["key"] for step in plan["steps"]] == ["table:evo.t:types(a, b, c)"]
    assert [(d["step"], d["kind"], d["key"], d["acknowledged_by"]) for d in plan["destructive"]] == [
        (1, "AlterColumnType", "column:evo.t.a:type", "spec"),
        (1, "AlterColumnType", "column:evo.t.b:type", "--allow-destructive")]
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["check"]) != 0
    out = capsys.readouterr().out
    reported = [line for line in out.splitlines() if "is destructive" in line]
    assert len(reported) == 1 and "`column:evo.t.b:type`" in reported[0], out
    assert reported[0].startswith("specs/evo.yaml:8:"), out  # at the line of column b


def test_a_plan_fingerprints_the_physical_column_order(tmp_path):
    """A reorder-only change plans nothing and its two hashes agree; with a
    real change beside it, the state written keeps the order the database
    has (the reordered columns where they were, the new one last), also for
    a table renamed in the same migration."""
    from compiler.catalog.state import catalog_hash, from_json
    from compiler.generated import STATE_FILE, migration_files

    before, after = _compile(tmp_path, "before", REORDER_BEFORE), _compile(tmp_path, "after", REORDER_AFTER)
    reorder = api.plan(before.catalog, after.catalog)
    assert reorder.empty and reorder.source_hash == reorder.target_hash == catalog_hash(before.catalog)

    changed = _compile(tmp_path, "changed", "tables:\n  u:\n    renamed_from: t\n    columns:\n"
                                            "      c: date\n      b: int\n      id: {type: integer, primary_key: true}\n"
                                            "      a: text\n")
    the_plan = api.plan(before.catalog, changed.catalog)
    assert sorted({op.kind for op in the_plan.steps}) == ["AddColumn", "Rename"]  # the table and its key renamed
    files = migration_files("0002_changed", changed, before.catalog, changed.catalog, the_plan)
    state = from_json(files[STATE_FILE])
    assert [c.name for c in state.by_key()["table:evo.u"].columns] == ["id", "a", "b", "c"]
    assert the_plan.target_hash == catalog_hash(state) != catalog_hash(changed.catalog)
    assert api.plan(state, changed.catalog).empty  # the specs match the state written


# ---------------------------------------------------------------- a dropped column that what stays may still read

DEALS = """\
tables:
  deals:
    columns:
      id: {type: integer, primary_key: true}
      quantity: integer
%s
views:
  v_deal_summary:
    query: select id, quantity * offer_unit_price as total from deals, generate_series(1, 2) as g
"""


def test_dropped_column_still_named_by_a_view_where_it_cannot_be_attributed_is_refused(tmp_path):
    """The function in FROM may have a column of that name, so the view is
    no spec error; but the view may read the dropped column, which
    PostgreSQL would refuse: the diff says which view and what to do."""
    before = _compile(tmp_path, "before", DEALS % "      offer_unit_price: numeric")
    after = _compile(tmp_path, "after", DEALS % "")
    with pytest.raises(UsageError) as error:
        api.plan(before.catalog, after.catalog)
    source = after.catalog.by_key()["view:evo.v_deal_summary"].source
    assert str(error.value) == (
        "table evo.deals: column offer_unit_price is dropped, but view:evo.v_deal_summary "
        f"({source.file}:{source.line}) still names `offer_unit_price` where schemac cannot tell which relation "
        "it reads: PostgreSQL would refuse the DROP COLUMN or the new view; remove `offer_unit_price` from it, "
        "or qualify it with its table's alias, or keep the column")


def test_dropped_column_named_by_an_unchanged_view_is_a_spec_error(tmp_path):
    with pytest.raises(SpecErrors) as error:
        _compile(tmp_path, "after", DEALS.replace(", generate_series(1, 2) as g", "") % "")
    assert [e.message for e in error.value.errors] == [
        "the view query reads column `offer_unit_price`, which table evo.deals does not have"]


# ---------------------------------------------------------------- every aspect of a column is a step

_ASPECTS = {  # a value for each aspect of a column that the state records, differing from the column's
    "type": TypeRef("bigint"),
    "nullable": False,
    "default": ColumnDefault("7"),
    "identity": "by_default",
    "generated": "id + 1",
    "comment": "a comment",
    "sensitive": True,
}
_DERIVED = {"name": "a renamed column is a dropped one and an added one",
            "depends_on": "follows from the default or generated expression",
            "virtual": "how the generated expression is kept: a change of it with one is a step "
                       "(tests/convergence/644_generated-column-stored-to-virtual)"}


@pytest.mark.parametrize("aspect", sorted(_ASPECTS))
def test_a_change_of_any_recorded_aspect_of_a_column_is_a_step(tmp_path, aspect):
    """A column aspect that state.json records but no step changes would be
    lost: the plan empty, `generate` writing nothing, `check` clean while
    the specs and the state differ (as `sensitive:` was). Each aspect
    changed alone makes a step, and the state the plan leaves is the target."""
    import dataclasses

    from compiler.catalog.state import catalog_hash

    fields = {f.name for f in dataclasses.fields(Column) if f.compare}
    assert fields == set(_ASPECTS) | set(_DERIVED), "a new aspect of a column: add it here and give it a step"
    before = _compile(tmp_path, "before", "tables:\n  t:\n    columns:\n      id: integer\n      c: integer\n").catalog
    table = before.by_key()["table:evo.t"]
    changed = dataclasses.replace(table, columns=(table.columns[0],
                                                  dataclasses.replace(table.columns[1], **{aspect: _ASPECTS[aspect]})))
    after = dataclasses.replace(before, objects=tuple(changed if o.key == table.key else o for o in before.objects))
    plan = api.plan(before, after)
    assert not plan.empty
    assert plan.target_hash == catalog_hash(after) != plan.source_hash
    assert api.plan(plan.state_after, after).empty
