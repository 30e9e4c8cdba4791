"""Evolution of the constraints and indexes of existing tables, converging on
a real PostgreSQL: apply `before`, insert rows, apply the migration from
`before` to `after`, verify `after` clean, plan `after` against itself empty,
check the rows survived, apply down, verify `before` clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Constraint, Index, IndexElement
from compiler.errors import DatabaseError
from compiler.ops import (
    AddConstraintForChange,
    CommentOnConstraint,
    CommentOnIndex,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    Hazard,
    ValidateConstraint,
)
from compiler.render.migration import render_op
from tests.helpers import verify

H = Hazard
ID = "      id: {type: integer, primary_key: true}\n"


def _spec(body: str) -> str:
    return "schema: evo\n" + body


def _t(extra: str = "") -> str:
    return "tables:\n  t:\n    columns:\n" + ID + "      a: text\n      b: integer\n" + extra


def _parent_child(fk: str, extra: str = "") -> str:
    return ("tables:\n  p:\n    columns:\n" + ID + "  c:\n    columns:\n" + ID
            + "      p_id: integer\n" + fk + extra)


ROWS_T = ["INSERT INTO evo.t VALUES (1, 'x', 10), (2, 'y', 20)"]
ROWS_PC = ["INSERT INTO evo.p VALUES (1), (2)", "INSERT INTO evo.c VALUES (10, 1), (20, 2)"]
KEEP_T = ("SELECT id, a, b FROM evo.t ORDER BY id", [(1, "x", 10), (2, "y", 20)])
REPLACED = ["DropIndexForChange", "CreateIndexForChange"]


def referenced_code(key: str) -> str:
    return ("tables:\n  p:\n    columns:\n" + ID + "      code: text\n      kind: text\n" + key
            + "  c:\n    columns:\n" + ID + "      p_code: text\n      p_kind: text\n    foreign_keys:\n"
            "      - {columns: [p_code, p_kind], references: {table: p, columns: [code, kind]}}\n")


ROWS_CODE = ["INSERT INTO evo.p VALUES (1, 'x', 'k'), (2, 'y', 'k')",
             "INSERT INTO evo.c VALUES (10, 'x', 'k'), (20, 'y', 'k')"]
KEEP_CODE = ("SELECT c.id, p.id FROM evo.c JOIN evo.p ON p.code = c.p_code ORDER BY c.id", [(10, 1), (20, 2)])
UNIQUE_INDEX = "    indexes:\n      - {name: p_code_idx, columns: [code, kind], unique: true%s}\n"

FK_CHANGED = ["DropConstraintForChange", "AddConstraintForChange", "ValidateConstraint"]


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


def test_a_failing_validation_rolls_back_the_migration(conn, tmp_path):
    """Rows that break the new check: VALIDATE fails, and in transactional
    mode nothing of the migration stays (online mode validates after COMMIT:
    tests/test_online_constraints.py)."""
    before = _compile(tmp_path, "before", _t())
    after = _compile(tmp_path, "after", _t("    checks:\n      b_small: b < 15\n"))
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before up.sql")
    for row in ROWS_T:
        run_script(conn, row, "rows")
    step = api.migration("0002_after", after, previous=before.catalog,
                         the_plan=api.plan(before.catalog, after.catalog, "transactional"))
    with pytest.raises(Exception, match="b_small"):
        run_script(conn, step.up, "up.sql")
    assert verify(conn, first) == []


def test_a_failed_concurrent_unique_index_can_be_built_again_once_the_rows_are_fixed(conn, tmp_path):
    """CREATE UNIQUE INDEX CONCURRENTLY runs after COMMIT: on duplicate rows
    it fails and leaves an INVALID index of its name. up.sql drops an index
    of that name first (the index is new, so that can only be the leftover):
    run again once the duplicates are gone, it builds the index, and the
    result verifies clean; down.sql drops it."""
    before = _compile(tmp_path, "before", _t())
    after = _compile(tmp_path, "after", _t("    indexes:\n      - {columns: [a], unique: true, concurrently: true}\n"))
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before up.sql")
    run_script(conn, "INSERT INTO evo.t VALUES (1, 'x', 10), (2, 'x', 20)", "rows")
    step = api.migration("0002_after", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == ["CreateIndex"]
    assert _in_order(step.up, ("COMMIT;", "DROP INDEX CONCURRENTLY IF EXISTS evo.t_a_idx;",
                               "CREATE UNIQUE INDEX CONCURRENTLY t_a_idx ON evo.t (a);"))
    with pytest.raises(DatabaseError, match="could not create unique index"):
        run_script(conn, step.up, "up.sql")
    invalid = "SELECT indisvalid FROM pg_index WHERE indexrelid = 'evo.t_a_idx'::regclass"
    assert _query(conn, invalid) == [(False,)]  # the leftover of the failed run
    with pytest.raises(DatabaseError, match="could not create unique index"):
        run_script(conn, step.up, "up.sql")  # again, with the rows still duplicated: the same error, not "exists"
    run_script(conn, "UPDATE evo.t SET a = 'y' WHERE id = 2", "fix the rows")
    run_script(conn, step.up, "up.sql")
    assert _query(conn, invalid) == [(True,)]
    assert verify(conn, step) == []
    run_script(conn, step.down, "down.sql")
    assert "DROP INDEX CONCURRENTLY IF EXISTS evo.t_a_idx;" in step.down
    assert verify(conn, first) == []


def test_a_unique_index_that_foreign_keys_reference_is_swapped_with_its_foreign_keys_after_commit(conn, tmp_path):
    """Online mode: the new definition is built CONCURRENTLY under a
    temporary name; then, after COMMIT, the foreign key is dropped, the old
    index dropped, the copy renamed, and the foreign key added back NOT VALID,
    then validated (compiler/online/indexes.py). The foreign key is added in a
    migration of its own: a new table's inline foreign key to a unique index
    (not a constraint) is created before that index today."""
    parent = referenced_code(UNIQUE_INDEX % "")
    without_fk = parent[:parent.index("    foreign_keys:")]
    after = _compile(tmp_path, "after", referenced_code(UNIQUE_INDEX % ", include: [id], concurrently: true"))
    first, before = _compile(tmp_path, "first", without_fk), _compile(tmp_path, "before", parent)
    for title, compiled, previous in (("0001_first", first, api.EMPTY), ("0002_before", before, first.catalog)):
        run_script(conn, api.migration(title, compiled, previous).up, title)
    for row in ROWS_CODE:
        run_script(conn, row, "rows")
    step = api.migration("0003_after", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == [
        "BuildIndexCopy", "DropConstraintAfterCommit", "DropReplacedIndex", "RenameIndexCopy",
        "AddForeignKeyAfterCommit", "ValidateConstraintAfterCommit"]
    assert all(op.after_commit for op in step.plan.steps)
    assert _in_order(step.up, ("COMMIT;", "CREATE UNIQUE INDEX CONCURRENTLY p_code_idx_schemac_tmp ON evo.p (code, kind) "
                               "INCLUDE (id);", "DROP CONSTRAINT IF EXISTS c_p_code_p_kind_fkey;",
                               "DROP INDEX CONCURRENTLY IF EXISTS evo.p_code_idx;", "RENAME TO p_code_idx;",
                               "NOT VALID;", "VALIDATE CONSTRAINT"))
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert _query(conn, KEEP_CODE[0]) == KEEP_CODE[1]
    run_script(conn, step.down, "down.sql")
    assert verify(conn, api.migration("0002_before", before, first.catalog)) == []
    assert _query(conn, KEEP_CODE[0]) == KEEP_CODE[1]


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
