"""Bundles run by the tools they are for, on a real PostgreSQL: Sqitch
deploys, verifies and reverts the Sqitch project; pg_prove runs the specs'
tests exported as pgTAP against a deployed database (and fails when the
database no longer behaves)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from compiler.apply import run_script
from compiler.apply.psql import psql_binary
from compiler.cli import main
from compiler.render import harness
from tests.deploy_project import make_project
from tests.helpers import inventory

ROOT = Path(__file__).resolve().parent.parent


def _libpq_env(url: str) -> dict[str, str]:
    """The connection as PG* variables, as Sqitch and pg_prove read it."""
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE", "password": "PGPASSWORD"}
    params = conninfo_to_dict(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: str(v) for k, v in params.items() if k in names})
    return env


def _bundle(project: Path, fmt: str, out: Path) -> Path:
    assert main(["-C", str(project), "bundle", "--format", fmt, "--out", str(out)]) == 0
    return out


@pytest.mark.skipif(shutil.which("sqitch") is None or psql_binary() is None, reason="needs sqitch and psql")
def test_sqitch_deploys_verifies_and_reverts_the_bundle(tmp_path, database_url, conn):
    project = make_project(tmp_path / "project")
    bundle = _bundle(project, "sqitch", tmp_path / "sqitch")
    empty = inventory(conn)
    env = _libpq_env(database_url)

    def sqitch(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sqitch", "--client", psql_binary(), *argv, "db:pg:"], cwd=bundle, env=env,
                              capture_output=True, text=True, timeout=300)

    deployed = sqitch("deploy", "--verify")
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "+ 0004_drop_note" in deployed.stdout
    assert run_script(conn, (project / "generated/migrations/0004_drop_note/verify.sql").read_text())[-1].rows == []
    verified = sqitch("verify")
    assert verified.returncode == 0 and "Verify successful" in verified.stdout, verified.stdout + verified.stderr
    conn.execute("ALTER TABLE shop.accounts ALTER COLUMN email DROP NOT NULL")
    drifted = sqitch("verify")
    assert drifted.returncode != 0 and 'Verify script "verify/0004_drop_note.sql" failed' in drifted.stdout + drifted.stderr
    conn.execute("ALTER TABLE shop.accounts ALTER COLUMN email SET NOT NULL")
    reverted = sqitch("revert", "-y")
    assert reverted.returncode == 0, reverted.stdout + reverted.stderr
    conn.execute("DROP SCHEMA sqitch CASCADE")  # Sqitch's own registry
    assert inventory(conn) == empty


def _has_pgtap(conn) -> bool:
    return conn.execute("SELECT count(*) FROM pg_available_extensions WHERE name = 'pgtap'").fetchone()[0] == 1


def test_pg_prove_runs_the_specs_tests_as_pgtap(tmp_path, database_url, conn):
    if shutil.which("pg_prove") is None or not _has_pgtap(conn):
        pytest.skip("needs pg_prove and the pgtap extension on the server (Debian: pgtap, postgresql-NN-pgtap)")
    from compiler import api
    compiled = api.load(ROOT)
    stand_ins = harness.external_stand_ins(compiled.catalog)
    run_script(conn, stand_ins, "stand-ins")
    assert main(["-C", str(ROOT), "apply", "--database-url", database_url, "-q"]) == 0
    try:
        _prove_specs_tests(tmp_path, database_url, conn, compiled)
    finally:  # the roles belong to the server: the down scripts drop them
        assert main(["-C", str(ROOT), "rollback", "--database-url", database_url, "--to", "0", "--accept-data-loss",
                     "--force", "-q"]) == 0


def _prove_specs_tests(tmp_path, database_url, conn, compiled) -> None:
    bundle = _bundle(ROOT, "pgtap", tmp_path / "pgtap")
    assert len(list(bundle.rglob("*.sql"))) == len(compiled.tests) > 20

    def prove() -> subprocess.CompletedProcess:
        return subprocess.run(["pg_prove", "--ext", ".sql", "-r", "tests/"], cwd=bundle, env=_libpq_env(database_url),
                              capture_output=True, text=True, timeout=600)

    passed = prove()
    assert passed.returncode == 0 and "All tests successful" in passed.stdout, passed.stdout + passed.stderr
    assert f"Tests={len(compiled.tests)}" in passed.stdout
    # a database that lost a row-level security policy fails the tests that need it
    conn.execute("ALTER TABLE payments.payments DISABLE ROW LEVEL SECURITY")
    failed = prove()
    conn.execute("ALTER TABLE payments.payments ENABLE ROW LEVEL SECURITY")
    assert failed.returncode != 0
    assert "001_tenant_sees_only_its_payments.sql" in failed.stdout and "Failed" in failed.stdout


def _flyway_order(folder: Path, prefix: str) -> list[Path]:
    """The scripts Flyway would run, in its version order (2.1 after 2, 10 after 9)."""
    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in path.name[1:].split("__")[0].split("."))
    return sorted(folder.glob(f"{prefix}*__*.sql"), key=version)


@pytest.mark.skipif(psql_binary() is None, reason="needs psql")
def test_flyway_scripts_migrate_and_undo_in_flyways_order(tmp_path, database_url, conn):
    """Flyway is not on the CI machines: its scripts run with psql as Flyway
    runs them, each in one transaction (`-1`) unless its .conf turns that off."""
    from compiler.apply.psql import run_psql_file
    project = make_project(tmp_path / "project")
    bundle = _bundle(project, "flyway", tmp_path / "flyway")
    empty = inventory(conn)

    def run(script: Path) -> None:
        in_transaction = not (script.parent / f"{script.name}.conf").exists()
        done = run_psql_file(database_url, script, single_transaction=in_transaction)
        assert done.ok, f"{script.name}: {done.stderr}"

    migrate = _flyway_order(bundle, "V")
    assert [p.name for p in migrate] == ["V1__initial.sql", "V2__orders.sql", "V2.1__orders_outside.sql",
                                         "V3__note_required.sql", "V4__drop_note.sql"]
    for script in migrate:
        run(script)
    verify = (project / "generated/migrations/0004_drop_note/verify.sql").read_text()
    assert run_script(conn, verify)[-1].rows == []
    for script in reversed(_flyway_order(bundle, "U")):
        run(script)
    assert inventory(conn) == empty
