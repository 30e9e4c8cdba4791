"""Scripts sent as batches (compiler/apply/batch.py) on a real PostgreSQL:
the same result sets as statement by statement, and on a failure the same
error (script line, step, key) with everything rolled back, whether the
server gave a position (an unknown column) or not (a NULL row under a new
NOT NULL), in one batch or one per step (a script pglast cannot split: the
position's line, or the lines of the batch, the statement said unknown); and `schemac apply -q`, which sends
a migration's transaction as one batch, names the failing step as the
step-by-step run does."""

from __future__ import annotations

import pytest

import compiler.apply.batch as batch
from compiler.apply import run_script
from compiler.apply.batch import run_batched
from compiler.errors import DatabaseError
from tests.deploy_project import make_project
from tests.test_deploy import history, schemac

HEAD = "\\set ON_ERROR_STOP on\nSET client_encoding = 'UTF8';\nBEGIN;\n"
STEP_1 = ("-- step 1: CreateTable table:public.a\nCREATE TABLE a (n integer, t text);\n"
          "INSERT INTO a VALUES (1, 'x'), (NULL, 'y');\n\n")
STEP_2 = "-- step 2: CreateTable table:public.b\nCREATE TABLE b (m integer);\nSELECT 'ünï' AS word, 2 AS n;\n\n"


def failure_of(run, conn, script: str, **kwargs) -> str:
    with pytest.raises(DatabaseError) as raised:
        run(conn, script, "0001_x/up.sql", **kwargs)
    assert conn.info.transaction_status == 0  # IDLE: rolled back
    assert conn.execute("SELECT to_regclass('public.a') IS NULL AND to_regclass('public.b') IS NULL").fetchone()[0]
    return f"{type(raised.value).__name__}: {raised.value} [{raised.value.step_key}]"


@pytest.mark.parametrize("third, line", [
    # no position: the failing statement is told by the results before it
    ("-- step 3: SetNotNull column:public.a.n\nALTER TABLE a ALTER COLUMN n SET NOT NULL;\n", 13),
    # a position, counted by the server from the start of the batch
    ("-- step 3: CreateView view:public.v\nCREATE VIEW v AS\n  SELECT n,\n         nosuch\n  FROM a;\n", 15),
])
def test_batched_failures_name_the_line_and_step_as_one_by_one(conn, third, line):
    script = HEAD + STEP_1 + STEP_2 + third + "COMMIT;\n"
    expected = failure_of(run_script, conn, script)
    assert expected.startswith(f"DatabaseError: 0001_x/up.sql (line {line}, step 3: ")
    assert "step 3:" in expected and expected.endswith(("[column:public.a.n]", "[view:public.v]"))
    assert failure_of(run_batched, conn, script) == expected
    told = []
    assert failure_of(run_batched, conn, script, on_step=lambda *step: told.append(step)) == expected
    assert told == [(1, 3, "step 1: CreateTable table:public.a"), (2, 3, "step 2: CreateTable table:public.b"),
                    (3, 3, third.split("\n")[0][3:])]
    # a script PostgreSQL's parser cannot split: the server's position names the line, or the statement is not
    # known (the lines of the batch are named); nothing is run again
    original = batch.parsed_slices
    batch.parsed_slices = lambda body: None
    try:
        unsplit = failure_of(run_batched, conn, script)
    finally:
        batch.parsed_slices = original
    if "view" in expected:
        assert unsplit == expected
    else:
        assert unsplit == ("DatabaseError: 0001_x/up.sql (lines 1-15, statement not known: PostgreSQL's parser, "
                           "which tells the statements apart, cannot read this script): column \"n\" of relation "
                           "\"a\" contains null values [None]")


def test_batched_results_and_open_transaction_match_one_by_one(conn):
    script = HEAD + STEP_1 + STEP_2
    one_by_one = run_script(conn, script, "s")
    conn.execute("ROLLBACK")
    assert one_by_one[-1].columns == ("word", "n") and one_by_one[-1].rows == [("ünï", 2)]
    assert run_batched(conn, script, "s") == one_by_one
    assert conn.info.transaction_status == 2  # INTRANS: the caller records history, then commits
    conn.execute("ROLLBACK")
    with pytest.raises(DatabaseError, match="ended inside its transaction"):
        run_batched(conn, script, "s", closed=True)
    assert conn.info.transaction_status == 0


def test_quiet_apply_names_the_failing_step_as_the_verbose_one(tmp_path, database_url, conn, capsys):
    project = make_project(tmp_path)
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "2")[0] == 0
    conn.execute("INSERT INTO shop.accounts (email, note) VALUES ('a@example.com', NULL)")
    verbose = schemac(capsys, project, "apply", "--database-url", database_url)
    quiet = schemac(capsys, project, "apply", "-q", "--database-url", database_url)
    assert verbose[0] == quiet[0] == 3
    assert "0003_note_required/up.sql (line " in quiet[2] and "column:shop.accounts.note" in quiet[2]
    assert quiet[2] == verbose[2]
    assert history(conn) == [(1, "0001_initial", 0, 0), (2, "0002_orders", 1, 1)]
