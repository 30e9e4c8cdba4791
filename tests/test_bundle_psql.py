"""The psql bundle, run by psql itself: it deploys, reports, verifies and
reverts with the history `schemac apply` keeps, so either goes on from
where the other stopped; it is idempotent, refuses edited history and
irreversible rollbacks, and a failing migration leaves everything as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from compiler.apply.psql import psql_binary, run_psql_file
from compiler.cli import main
from tests.deploy_project import make_project
from tests.helpers import inventory

pytestmark = pytest.mark.skipif(psql_binary() is None, reason="needs psql")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def bundle(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "bundle"
    assert main(["-C", str(project), "bundle", "--out", str(out)]) == 0
    return out


def psql(bundle: Path, script: str, url: str, **variables):
    return run_psql_file(url, bundle / script, variables={k: str(v) for k, v in variables.items()})


def schemac(capsys, project: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-C", str(project), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def history(conn) -> list[tuple]:
    return conn.execute("SELECT number, name, tool, steps_outside, steps_outside_done FROM schemac.migrations "
                        "ORDER BY number").fetchall()


def test_bundle_is_deterministic_and_checksummed(project, bundle, tmp_path):
    again = tmp_path / "again"
    assert main(["-C", str(project), "bundle", "--out", str(again)]) == 0
    files = sorted(p.relative_to(bundle) for p in bundle.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((bundle / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert subprocess.run(["sha256sum", "--quiet", "-c", "manifest.sha256"], cwd=bundle).returncode == 0
    # the migrations travel byte for byte: their checksums are those the history records
    up = project / "generated/migrations/0002_orders/up.sql"
    assert (bundle / "migrations/0002_orders/up.sql").read_bytes() == up.read_bytes()


def test_deploy_status_verify_and_twice_changes_nothing(project, bundle, database_url, conn, capsys):
    run = psql(bundle, "deploy.sql", database_url, to=2)
    assert run.ok, run.stderr
    assert "the database is at '0002_orders'" in run.stdout
    assert history(conn) == [(1, "0001_initial", "schemac 0.1.0 (psql bundle)", 0, 0),
                             (2, "0002_orders", "schemac 0.1.0 (psql bundle)", 1, 1)]
    # schemac reads the history the bundle wrote
    code, out, _ = schemac(capsys, project, "status", "--database-url", database_url)
    assert code == 1 and "at 0002_orders" in out and "0003_note_required" in out and "drift from 0002_orders: none" in out
    assert psql(bundle, "deploy.sql", database_url).ok
    before = (inventory(conn), history(conn), conn.execute("SELECT count(*) FROM schemac.events").fetchone())
    again = psql(bundle, "deploy.sql", database_url)
    assert again.ok and "applying" not in again.stdout
    assert (inventory(conn), history(conn), conn.execute("SELECT count(*) FROM schemac.events").fetchone()) == before
    code, out, _ = schemac(capsys, project, "apply", "--database-url", database_url)
    assert code == 0 and "nothing to apply" in out
    status = psql(bundle, "status.sql", database_url)
    assert status.ok and status.stdout.count("| applied |") == 4
    verify = psql(bundle, "verify.sql", database_url)
    assert verify.ok and "verifying 0004_drop_note" in verify.stdout and "(0 rows)" in verify.stdout
    conn.execute("ALTER TABLE shop.orders ADD COLUMN extra integer")
    verify = psql(bundle, "verify.sql", database_url)
    assert verify.ok and "(1 row)" in verify.stdout and "shop.orders" in verify.stdout


def test_bundle_goes_on_after_schemac_apply_and_back(project, bundle, database_url, conn, capsys):
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "1")[0] == 0
    run = psql(bundle, "deploy.sql", database_url, to=3)
    assert run.ok, run.stderr
    assert "applying 0001_initial" not in run.stdout and "applying 0002_orders" in run.stdout
    assert [(n, tool) for n, _, tool, *_ in history(conn)] == [
        (1, "schemac 0.1.0"), (2, "schemac 0.1.0 (psql bundle)"), (3, "schemac 0.1.0 (psql bundle)")]
    assert schemac(capsys, project, "apply", "--database-url", database_url)[0] == 0
    assert [row[0] for row in history(conn)] == [1, 2, 3, 4]


def test_revert_refuses_data_loss_then_rolls_back(project, bundle, database_url, conn, capsys):
    empty = inventory(conn)
    assert psql(bundle, "deploy.sql", database_url).ok
    deployed = inventory(conn)
    refused = psql(bundle, "revert.sql", database_url, to=1)
    assert refused.returncode == 3
    assert "0004_drop_note: step 1: DropColumn column:shop.accounts.note" in refused.stdout
    assert "rolling back would lose data" in refused.stderr
    assert inventory(conn) == deployed and [row[0] for row in history(conn)] == [1, 2, 3, 4]
    usage = psql(bundle, "revert.sql", database_url)
    assert usage.returncode == 3 and "needs the migration to go back to" in usage.stderr
    run = psql(bundle, "revert.sql", database_url, to=1, accept_data_loss=1)
    assert run.ok, run.stderr
    assert "the database is at '0001_initial'" in run.stdout
    assert [row[0] for row in history(conn)] == [1]
    # schemac goes on from there
    code, _, err = schemac(capsys, project, "rollback", "--database-url", database_url, "--to", "0")
    assert code == 0, err
    assert [o for o in inventory(conn) if "schemac" not in o] == empty


def test_bundle_refuses_history_of_edited_migrations(project, database_url, conn, capsys, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    assert schemac(capsys, copy, "apply", "--database-url", database_url, "--to", "1")[0] == 0
    up = copy / "generated/migrations/0001_initial/up.sql"
    up.write_text(up.read_text() + "\n-- a hand edit\n")
    out = tmp_path / "bundle"
    assert main(["-C", str(copy), "bundle", "--out", str(out)]) == 0
    before = inventory(conn)
    run = psql(out, "deploy.sql", database_url)
    assert run.returncode == 3
    assert "does not match this bundle" in run.stderr and "0001_initial: up.sql changed since it was applied" in run.stderr
    assert inventory(conn) == before and [row[0] for row in history(conn)] == [1]


def test_failing_migration_leaves_everything_as_it_was(bundle, database_url, conn):
    assert psql(bundle, "deploy.sql", database_url, to=2).ok
    conn.execute("INSERT INTO shop.accounts (email, note) VALUES ('a@example.com', NULL)")
    before = (inventory(conn), history(conn), conn.execute("SELECT * FROM shop.accounts").fetchall())
    run = psql(bundle, "deploy.sql", database_url)
    assert run.returncode == 3 and "contains null values" in run.stderr
    assert (inventory(conn), history(conn), conn.execute("SELECT * FROM shop.accounts").fetchall()) == before


def test_deploy_refuses_a_database_that_drifted_unless_forced(bundle, database_url, conn):
    assert psql(bundle, "deploy.sql", database_url, to=1).ok
    conn.execute("ALTER TABLE shop.accounts ALTER COLUMN email DROP NOT NULL")
    refused = psql(bundle, "deploy.sql", database_url)
    assert refused.returncode == 3
    assert "differs from what its migration promises in 1 place(s)" in refused.stderr
    assert "shop.accounts.email" in refused.stdout
    assert [row[0] for row in history(conn)] == [1]
    forced = psql(bundle, "deploy.sql", database_url, to=2, force=1)
    assert forced.ok, forced.stderr
    assert [row[0] for row in history(conn)] == [1, 2]
