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
from compiler.errors import UsageError
from compiler.ops import (
    AddColumn,
    AlterColumnComment,
    AlterColumnDefault,
    AlterColumnNullability,
    AlterColumnType,
    AlterTableComment,
    DropColumn,
    Hazard,
)
from compiler.ops.columns import type_change
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
    before = _compile(tmp_path, "before", "extensions: [citext]\ntables:\n  t:\n    columns:\n      id: integer\n")
    after = _compile(tmp_path, "after", "extensions: [{name: citext, schema: evo}]\n"
                                        "tables:\n  t:\n    columns:\n      id: integer\n")
    with pytest.raises(UsageError, match="not supported yet: extension:citext"):
        api.plan(before.catalog, after.catalog)


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
