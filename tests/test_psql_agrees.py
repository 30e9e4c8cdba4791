"""psql is the judge: `schemac test` and `psql -f` give the same verdict.

For every project the suite knows (the example specs, the RealCo stages,
the feature fixtures, hypothesis-generated specs) the migration is run twice
on the same server: by `schemac test` (its own runner) and by psql on a fresh
database (stand-ins made the same way). Both must agree step by step: up
applies or not, verify.sql reports the same discrepancies, down applies and
leaves the same inventory. Every convergence scenario is replayed with psql
too: its `before`, the golden up.sql, verify.sql of `after` clean and the
scenario's checks, the golden down.sql, verify.sql of `before` clean and the
down checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from compiler import api
from compiler.apply import connect, run_script, server_version
from compiler.apply.psql import run_psql
from compiler.database.scratch import scratch_database
from compiler.render import harness
from tests.conftest import ROOT
from tests.differential import assert_psql_agrees, discrepancies, require_psql
from tests.helpers import stand_in_script
from tests.test_convergence import FOLDERS, IDS, _golden, _run_checks, compile_folder, load_scenario
from tests.test_properties import valid_specs

REALCO = ROOT / "examples" / "realco"
PROJECTS = {
    "specs": (ROOT, None),
    "features": (ROOT / "tests" / "specs" / "features", None),
    "programmable": (ROOT / "tests" / "specs" / "programmable", None),
    **{f"realco-{stage.name}": (stage, sorted(stage.glob("*.yaml")))
       for stage in sorted(REALCO.iterdir()) if stage.is_dir()},
}


@pytest.fixture(autouse=True)
def _psql():
    require_psql()


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_schemac_test_agrees_with_psql_on_project(server_url, name):
    root, paths = PROJECTS[name]
    compiled = api.load(root, paths)
    files = api.migration("0001_initial", compiled)
    assert_psql_agrees(files, compiled, server_url)


def _compile_document(tmp_path: Path, document: dict) -> api.Compiled:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return api.load(tmp_path, [path])


@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(document=valid_specs())
def test_schemac_test_agrees_with_psql_on_generated_specs(server_url, tmp_path_factory, document):
    compiled = _compile_document(tmp_path_factory.mktemp("generated"), document)
    assert_psql_agrees(api.migration("0001_initial", compiled), compiled, server_url)


def test_schemac_test_agrees_with_psql_when_the_server_lacks_an_extension(server_url, tmp_path):
    """pgcrypto is missing from the embedded PostgreSQL 18 and present on a
    server with contrib: whichever it is, both runners say the same."""
    compiled = _compile_document(tmp_path, {
        "domain": "crypto", "extensions": ["pgcrypto"],
        "tables": {"tokens": {"columns": {"id": {"type": "bigint", "primary_key": True},
                                          "secret": {"type": "bytea", "default": "gen_random_bytes(16)"}}}}})
    report = assert_psql_agrees(api.migration("0001_initial", compiled), compiled, server_url, expect_ok=None)
    with connect(server_url) as conn:
        available = conn.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'pgcrypto'").fetchone()[0]
    assert report.ok == bool(available)


def test_runners_report_the_same_discrepancies_of_a_tampered_database(server_url, tmp_path):
    """A database changed by hand after up.sql: verify.sql run by psql and by
    schemac's runner lists the same rows, and not none."""
    compiled = _compile_document(tmp_path, {
        "domain": "shop", "enums": {"state": ["open", "closed"]},
        "tables": {"orders": {"columns": {"id": {"type": "bigint", "primary_key": True},
                                          "state": {"type": "state", "default": "open"},
                                          "note": {"type": "text", "comment": "it's free text"}},
                              "indexes": ["state"]}}})
    files = api.migration("0001_initial", compiled)
    with scratch_database(server_url) as url, connect(url) as conn:
        run_script(conn, files.up, "up.sql")
        run_script(conn, "ALTER TABLE orders ALTER COLUMN state DROP DEFAULT; COMMENT ON COLUMN orders.note IS NULL;"
                         "ALTER TYPE state ADD VALUE 'lost'; DROP INDEX orders_state_idx", "tamper")
        ours = sorted(f"{o}: expected {e}, found {f}"
                      for o, e, f in run_script(conn, files.verify, "verify.sql")[-1].rows)
        theirs = run_psql(url, files.verify, csv_rows=True, null_text="None")
    assert theirs.ok, theirs.stderr
    assert ours == sorted(discrepancies(theirs))
    assert len(ours) == 4, ours


def test_runners_agree_that_up_fails_on_a_database_that_has_its_objects(server_url, tmp_path):
    """up.sql run twice: the second run fails under both runners, and leaves
    the database as the first run left it."""
    compiled = _compile_document(tmp_path, {
        "domain": "twice", "tables": {"t": {"columns": {"id": {"type": "integer", "primary_key": True}}}}})
    files = api.migration("0001_initial", compiled)
    with scratch_database(server_url) as url, connect(url) as conn:
        run_script(conn, files.up, "up.sql")
        inventory = run_script(conn, harness.inventory(), "inventory")[-1].rows
        second = run_psql(url, files.up)
        assert not second.ok and "already exists" in second.stderr
        with pytest.raises(Exception, match="already exists"):
            run_script(conn, files.up, "up.sql")
        assert run_script(conn, harness.inventory(), "inventory")[-1].rows == inventory


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_convergence_scenario_under_psql(server_url, folder: Path):
    s = load_scenario(folder)
    c = compile_folder(folder)
    with scratch_database(server_url, prefix="schemac_psql") as url, connect(url) as conn:
        if s.min_server_version and server_version(conn) < s.min_server_version * 10000:
            pytest.skip(f"needs PostgreSQL {s.min_server_version}")

        def psql(script: str, what: str) -> None:
            run = run_psql(url, script)
            assert run.ok, f"{folder.name}: {what} under psql:\n{run.stderr}"

        def clean(files, what: str) -> None:
            run = run_psql(url, files.verify, csv_rows=True, null_text="None")
            assert run.ok, run.stderr
            assert discrepancies(run) == [], f"{folder.name}: {what}"

        def stand_ins(compiled: api.Compiled, besides: api.Compiled | None = None) -> None:
            script = stand_in_script(compiled, besides)
            if script:
                psql(script, "stand-ins")

        stand_ins(c.before)
        psql(c.first.up, "before: up.sql")
        clean(c.first, "before is not clean")
        for statement in s.rows:
            psql(statement, "rows")
        stand_ins(c.after, besides=c.before)  # those `before` lacked
        psql(_golden(folder, "up"), "up.sql")
        clean(c.step, "after up.sql, the database is not `after`")
        _run_checks(conn, s.check, "check")
        psql(_golden(folder, "down"), "down.sql")
        clean(c.first, "after down.sql, the database is not `before`")
        _run_checks(conn, s.check_down, "check_down")
