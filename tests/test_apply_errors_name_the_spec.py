"""When PostgreSQL refuses a statement that no offline check could judge,
the error names the spec file, line, column and key path of the object
whose step failed, not only the line of the SQL script."""

from __future__ import annotations

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
