"""Online mode's columns written into every row (compiler/online/columns.py):
a serial, a default drawing from a sequence and an identity are added
empty, their rows filled after COMMIT in batches, NOT NULL set through a
check and the identity attached. On PostgreSQL: the end state is the
transactional form's, every step after COMMIT can run again (a resumed
migration), and down.sql takes it all back. Which kinds of column
PostgreSQL writes into every row as it adds them is measured here too."""

from __future__ import annotations

import pytest

from compiler.apply import run_script, server_version
from compiler.apply.psql import run_psql_file
from compiler.ops.columns import AddColumn
from compiler.render.migration import render_op
from tests.conftest import ROOT
from tests.helpers import stand_ins, verify
from tests.live_helpers import assert_reads_back
from tests.test_convergence import compile_folder, load_scenario

CONVERGENCE = ROOT / "tests" / "convergence"
ROWS = 2500  # more than two batches of the backfill


@pytest.mark.parametrize(("name", "rows", "check"), [
    ("640_sequence-and-serial-columns-added", "INSERT INTO evo.t SELECT g FROM generate_series(2, {n}) g",
     "SELECT count(DISTINCT n), min(n), max(n), count(DISTINCT ticket), min(ticket), max(ticket) FROM evo.t"),
    ("059_add-identity-column", "INSERT INTO evo.t SELECT g, 'r' || g FROM generate_series(3, {n}) g",
     "SELECT count(DISTINCT seq), min(seq), max(seq) FROM evo.t"),
])
def test_columns_filled_after_commit_resume_and_go_back(conn, name, rows, check):
    folder = CONVERGENCE / name
    c = compile_folder(folder, "online")
    after_commit = [op for op in c.step.plan.steps if op.after_commit]
    assert {op.kind for op in after_commit} >= {"BackfillColumn", "ValidateBackfilledCheck", "SetNotNullFromCheck"}
    assert "AddColumn" not in {op.kind for op in c.step.plan.steps}
    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in load_scenario(folder).rows:
        run_script(conn, statement, "rows")
    run_script(conn, rows.format(n=ROWS), "more rows")
    stand_ins(conn, c.after, besides=c.before)

    transaction = c.step.up[:c.step.up.index("\nCOMMIT;\n") + len("\nCOMMIT;\n")]
    run_script(conn, transaction, f"{name}/up.sql (online), its transaction")
    for op in after_commit:  # each twice: a step that ran but was not recorded runs again when the migration resumes
        run_script(conn, render_op(op), op.key)
        run_script(conn, render_op(op), f"{op.key} again")
    assert verify(conn, c.step) == []
    assert_reads_back(conn, c.step.plan.state_after)
    found = conn.execute(check).fetchone()
    if name.startswith("640"):  # every row numbered once by the serial, once by the sequence (100, 110, ...)
        assert found == (ROWS, 1, ROWS, ROWS, 100, 100 + 10 * (ROWS - 1))
        inserted = conn.execute("INSERT INTO evo.t (id) VALUES (0) RETURNING n, ticket").fetchone()
        assert inserted == (ROWS + 1, 100 + 10 * ROWS)
    else:  # the identity goes on after the rows it numbered
        assert found == (ROWS, 1, ROWS)
        assert conn.execute("INSERT INTO evo.t (id) VALUES (0) RETURNING seq").fetchone() == (ROWS + 1,)
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE '%schemac%'").fetchone() == (0,)
    run_script(conn, c.step.down, f"{name}/down.sql (online)")
    assert verify(conn, c.first) == []


def test_a_virtual_generated_column_is_added_without_writing_a_row(conn):
    """PostgreSQL 18 computes a VIRTUAL column when it is read: adding one
    writes no row, so the plan says no rewrite (a STORED one: a rewrite)."""
    if server_version(conn) < 180000:
        pytest.skip("VIRTUAL generated columns need PostgreSQL 18")
    from compiler.catalog.objects import Column, TypeRef
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, x int)")
    conn.execute("INSERT INTO t SELECT g, g FROM generate_series(1, 100) g")
    found = {}
    for virtual in (True, False):
        column = Column(f"g{int(virtual)}", TypeRef("integer"), generated="x * 2", virtual=virtual)
        op = AddColumn("public", "t", column)
        before = conn.execute("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass").fetchone()
        run_script(conn, render_op(op), op.key)
        after = conn.execute("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass").fetchone()
        found[virtual] = (before != after, op.rewrites)
    assert found == {True: (False, False), False: (True, True)}


@pytest.mark.parametrize("name", ["640_sequence-and-serial-columns-added", "059_add-identity-column"])
def test_up_and_down_run_with_psql(conn, database_url, tmp_path, name):
    """psql runs the DO blocks after COMMIT (the backfill commits between its
    batches) as `psql -f up.sql` does on a deploy."""
    folder = CONVERGENCE / name
    c = compile_folder(folder, "online")
    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in load_scenario(folder).rows:
        run_script(conn, statement, "rows")
    stand_ins(conn, c.after, besides=c.before)
    for script, files in (("up.sql", c.step), ("down.sql", c.first)):
        path = tmp_path / script
        path.write_text(getattr(c.step, script.removesuffix(".sql")), encoding="utf-8")
        run = run_psql_file(database_url, path)
        assert run.returncode == 0, run.stderr
        assert verify(conn, files) == []


def test_no_form_changes_a_stored_expression_without_a_rewrite(conn):
    """Why RedefineGeneratedColumn has no online form (docs/online.md): SET
    EXPRESSION (PostgreSQL 17+), the only other way to change a stored
    generated column's expression, rewrites the table as well."""
    if server_version(conn) < 170000:
        pytest.skip("ALTER COLUMN ... SET EXPRESSION needs PostgreSQL 17")
    conn.execute("CREATE TABLE t (id int PRIMARY KEY, x int, y int GENERATED ALWAYS AS (x * 2) STORED)")
    conn.execute("INSERT INTO t (id, x) SELECT g, g FROM generate_series(1, 100) g")
    before = conn.execute("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass").fetchone()
    conn.execute("ALTER TABLE t ALTER COLUMN y SET EXPRESSION AS (x * 3)")
    assert conn.execute("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass").fetchone() != before


KEYLESS_BEFORE = """\
domain: shop
schema: shop
tables:
  ticket:
    columns:
      id: {type: uuid, primary_key: true, default: gen_random_uuid()}
  log:
    columns:
      line: text
"""

KEYLESS_AFTER = """\
domain: shop
schema: shop
tables:
  ticket:
    columns:
      id: {type: uuid, primary_key: true, default: gen_random_uuid()}
      n: serial
      token: {type: uuid, default: gen_random_uuid(), nullable: false}
  log:
    columns:
      line: text
      n: serial
"""


def test_tables_keyed_by_uuid_or_without_a_key_are_filled_by_pages(conn, database_url, tmp_path):
    """The backfill goes by ranges of the table's pages: a uuid key (which
    has no max()) and a table without a key are filled as any other, with
    psql, in batches, and each row numbered once. Two NOT NULL columns of
    one table: the second one's backfill updates rows the first one's
    check would refuse, were it added before its own backfill."""
    from compiler import api
    specs = {}
    for name, text in (("before", KEYLESS_BEFORE), ("after", KEYLESS_AFTER)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
        specs[name] = api.load(tmp_path, [tmp_path / f"{name}.yaml"])
    first = api.migration("0001_before", specs["before"])
    step = api.migration("0002_after", specs["after"], previous=specs["before"].catalog,
                         the_plan=api.plan(specs["before"].catalog, specs["after"].catalog, "online"))
    kinds = [op.kind for op in step.plan.steps]
    assert "AddColumn" not in kinds and kinds.count("BackfillColumn") == 3
    run_script(conn, first.up, "before: up.sql")
    run_script(conn, f"INSERT INTO shop.ticket SELECT gen_random_uuid() FROM generate_series(1, {ROWS});"
                     f"INSERT INTO shop.log SELECT 'l' || g FROM generate_series(1, {ROWS}) g", "rows")
    for name, text in (("up", step.up), ("down", step.down), ("up again", step.up)):
        script = tmp_path / f"{name}.sql"
        script.write_text(text, encoding="utf-8")
        run = run_psql_file(database_url, script)
        assert run.ok, f"{name}: {run.stderr}"
    assert verify(conn, step) == []
    found = [conn.execute(f"SELECT count(*), count(DISTINCT n), min(n), max(n) FROM shop.{t}").fetchone()
             for t in ("ticket", "log")]
    assert found == [(ROWS, ROWS, 1, ROWS)] * 2
    assert conn.execute("SELECT count(DISTINCT token), count(token) FROM shop.ticket").fetchone() == (ROWS, ROWS)
