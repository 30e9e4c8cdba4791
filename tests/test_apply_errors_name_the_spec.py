"""When PostgreSQL refuses a statement that no offline check could judge,
the error names the spec file, line, column and key path of the object
whose step failed, not only the line of the SQL script."""

from __future__ import annotations

import pytest

from compiler import api, selftest
from compiler.apply import connect, run_script
from compiler.catalog.locate import source_of_key
from compiler.database.scratch import scratch_database
from compiler.errors import DatabaseError

SPEC = """\
domain: reports
tables:
  sales:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: integer, default: 0}
views:
  sales_ratio:
    materialized: true
    query: select count(*) / 0 as ratio from sales
"""


def _compiled(tmp_path):
    path = tmp_path / "reports.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return api.load(tmp_path, [path])


def test_schemac_test_names_the_spec_of_the_refused_step(server_url, tmp_path):
    compiled = _compiled(tmp_path)
    report = selftest.run(api.migration("0001_reports", compiled), compiled, server_url)
    failed = [s for s in report.steps if not s.ok]
    assert [s.name for s in failed] == ["apply up.sql"]
    (problem,) = failed[0].detail
    assert "division by zero" in problem
    assert "step" in problem and "view:public.sales_ratio" in problem
    assert problem.splitlines()[-1].strip().startswith("spec: ") and problem.endswith("reports.yaml:8:3 (views.sales_ratio)"), problem


def test_a_refused_statement_carries_its_step_key(server_url, tmp_path):
    compiled = _compiled(tmp_path)
    files = api.migration("0001_reports", compiled)
    with scratch_database(server_url) as url, connect(url) as conn:
        try:
            run_script(conn, files.up, "up.sql")
        except DatabaseError as exc:
            error = exc
        else:
            raise AssertionError("up.sql applied a view that divides by zero")
        # the failed transaction was rolled back: nothing of the migration is left
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname IN ('sales', 'sales_ratio')").fetchone() == (0,)
    assert error.step_key == "view:public.sales_ratio"
    source = source_of_key(compiled.catalog, error.step_key)
    assert (source.file.endswith("reports.yaml"), source.line, source.column, source.path) == \
        (True, 8, 3, "views.sales_ratio")


def test_a_script_that_does_not_parse_is_sent_whole_not_cut(conn):
    """When PostgreSQL's parser cannot split a script, the scanner's split is
    used, and whatever it leaves over is sent too: the server judges it, and
    nothing is reported as applied that never ran."""
    script = "BEGIN;\nCREATE TABLE broken (v integer CHECK (v > 0 -- positive));\nCOMMIT;\n"
    with pytest.raises(DatabaseError, match="syntax error"):
        run_script(conn, script, "up.sql", closed=True)
    assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'broken'").fetchone() == (0,)


def test_a_migration_that_never_reaches_its_commit_failed(conn):
    """A statement that swallows the script's COMMIT (here a trailing `--`
    comment makes COMMIT an alias) leaves the transaction open: under psql
    the work is rolled back at exit, so schemac's runner calls it a failure."""
    run_script(conn, "CREATE TABLE t (id integer)", "setup")
    script = "BEGIN;\nCREATE VIEW v AS SELECT id\nFROM t -- every row;\n\nCOMMIT;\n"
    with pytest.raises(DatabaseError, match="never ran"):
        run_script(conn, script, "up.sql", closed=True)
    assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'v'").fetchone() == (0,)
