"""`schemac apply`, `status` and `rollback` on a real PostgreSQL: history
recorded with the migration, refusals before anything runs, a failed
migration that leaves schema, data and history as they were, ten deployers
at once, and a deploy killed mid-step that `status` explains and `apply`
completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect
from compiler.cli import main
from tests.deploy_project import make_project
from tests.helpers import inventory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("deploy"))


def schemac(capsys, project: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["-C", str(project), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def history(conn) -> list[tuple]:
    return conn.execute("SELECT number, name, steps_outside, steps_outside_done FROM schemac.migrations "
                        "ORDER BY number").fetchall()


def events(conn) -> list[tuple]:
    return conn.execute("SELECT number, action, detail FROM schemac.events ORDER BY id").fetchall()


def test_apply_status_rollback_round_trip(project, database_url, conn, capsys):
    before = inventory(conn)
    code, out, err = schemac(capsys, project, "apply", "--database-url", database_url, "--to", "2")
    assert (code, err) == (0, "")
    assert "applying 0001_initial" in out and "applied 0002_orders" in out
    assert "step 2: CreateIndex index:shop.accounts_email_idx (outside the transaction, 1 of 1)" in out
    assert history(conn) == [(1, "0001_initial", 0, 0), (2, "0002_orders", 1, 1)]
    assert events(conn) == [(1, "apply", None), (2, "apply", None),
                            (2, "step", "step 2: CreateIndex index:shop.accounts_email_idx")]
    checksums = conn.execute("SELECT up_sha256 FROM schemac.migrations WHERE number = 2").fetchone()[0]
    assert checksums == __import__("hashlib").sha256(
        (project / "generated/migrations/0002_orders/up.sql").read_bytes()).hexdigest()

    code, out, _ = schemac(capsys, project, "status", "--database-url", database_url, "--json")
    found = json.loads(out)
    assert code == 1  # pending migrations: not up to date
    assert (found["at"], found["pending"], found["drift"], found["clean"]) == (
        "0002_orders", ["0003_note_required", "0004_drop_note"], [], False)

    assert schemac(capsys, project, "apply", "--database-url", database_url)[0] == 0
    code, out, _ = schemac(capsys, project, "status", "--database-url", database_url)
    assert code == 0 and "up to date" in out and "drift from 0004_drop_note: none" in out
    code, out, _ = schemac(capsys, project, "apply", "--database-url", database_url)
    assert code == 0 and "nothing to apply: the database is at 0004_drop_note" in out

    # 0004 dropped a column: its down script cannot bring the values back
    code, _, err = schemac(capsys, project, "rollback", "--database-url", database_url, "--to", "2")
    assert code == 1
    assert "rolling back would lose data" in err and "0004_drop_note: step 1: DropColumn column:shop.accounts.note" in err
    assert [row[0] for row in history(conn)] == [1, 2, 3, 4]
    code, out, _ = schemac(capsys, project, "rollback", "--database-url", database_url, "--to", "2",
                           "--accept-data-loss")
    assert code == 0 and "rolled back 2 migration(s)" in out
    assert [row[0] for row in history(conn)] == [1, 2]
    code, out, _ = schemac(capsys, project, "rollback", "--database-url", database_url, "--to", "0")
    assert code == 0
    assert history(conn) == []
    assert [e[1] for e in events(conn)][-4:] == ["rollback", "rollback", "rollback", "rollback"]
    # the database is as before, but for the history it keeps of itself
    assert [o for o in inventory(conn) if "schemac" not in o] == before


def test_dry_run_changes_nothing(project, database_url, conn, capsys):
    code, out, _ = schemac(capsys, project, "apply", "--database-url", database_url, "--dry-run")
    assert code == 0
    assert "would apply 0001_initial (2 step(s))" in out and "would apply 0004_drop_note" in out
    assert conn.execute("SELECT to_regnamespace('schemac') IS NULL AND to_regnamespace('shop') IS NULL").fetchone()[0]


def test_failed_migration_leaves_schema_data_and_history_as_they_were(project, database_url, conn, capsys):
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "2")[0] == 0
    conn.execute("INSERT INTO shop.accounts (email, note) VALUES ('a@example.com', NULL), ('b@example.com', 'b')")
    dump = _dump(database_url)
    code, out, err = schemac(capsys, project, "apply", "--database-url", database_url)
    assert code == 3
    assert "0003_note_required/up.sql" in err and "column:shop.accounts.note" in err
    assert "contains null values" in err
    assert _dump(database_url) == dump
    assert history(conn) == [(1, "0001_initial", 0, 0), (2, "0002_orders", 1, 1)]
    assert conn.execute("SELECT email, note FROM shop.accounts ORDER BY email").fetchall() == [
        ("a@example.com", None), ("b@example.com", "b")]
    # fixed, the same command goes on from where the database is
    conn.execute("UPDATE shop.accounts SET note = '' WHERE note IS NULL")
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "3")[0] == 0
    assert [row[0] for row in history(conn)] == [1, 2, 3]


def test_edited_applied_migration_is_refused(project, database_url, conn, capsys, tmp_path):
    copy = tmp_path / "project"
    subprocess.run(["cp", "-r", str(project), str(copy)], check=True)
    assert schemac(capsys, copy, "apply", "--database-url", database_url, "--to", "1")[0] == 0
    up = copy / "generated/migrations/0001_initial/up.sql"
    up.write_text(up.read_text() + "\n-- a hand edit\n")
    code, _, err = schemac(capsys, copy, "apply", "--database-url", database_url)
    assert code == 1
    assert "does not match generated/" in err and f"{up}: changed since it was applied" in err
    assert [row[0] for row in history(conn)] == [1]
    code, out, _ = schemac(capsys, copy, "status", "--database-url", database_url)
    assert code == 1 and "edited since applied" in out and str(up) in out


def test_drift_is_refused_unless_forced(project, database_url, conn, capsys):
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "1")[0] == 0
    conn.execute("ALTER TABLE shop.accounts ALTER COLUMN email DROP NOT NULL")
    code, _, err = schemac(capsys, project, "apply", "--database-url", database_url, "--to", "2")
    assert code == 1
    assert "drifted from 0001_initial" in err and "column shop.accounts.email" in err
    assert [row[0] for row in history(conn)] == [1]
    code, out, _ = schemac(capsys, project, "status", "--database-url", database_url)
    assert code == 1 and "drift from 0001_initial: 1 difference(s)" in out
    # forced, the migration runs; the verification after it still reports what was changed by hand
    code, _, err = schemac(capsys, project, "apply", "--database-url", database_url, "--to", "2", "--force")
    assert code == 1 and "does not hold what 0002_orders promises" in err and "shop.accounts.email" in err
    assert [row[0] for row in history(conn)] == [1, 2]


def _cli(project: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "compiler", "-C", str(project), *argv]


def test_ten_deployers_at_once_apply_each_migration_once(project, database_url, conn):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen(_cli(project, "apply", "--database-url", database_url, "--to", "3", "-q"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(10)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0] * 10, results
    assert history(conn) == [(1, "0001_initial", 0, 0), (2, "0002_orders", 1, 1), (3, "0003_note_required", 0, 0)]
    assert [e[:2] for e in events(conn)] == [(1, "apply"), (2, "apply"), (2, "step"), (3, "apply")]


def test_killed_deploy_is_explained_by_status_and_completed_by_apply(project, database_url, conn, capsys):
    """kill -9 while CREATE INDEX CONCURRENTLY (a step after the COMMIT)
    waits for an open transaction: the history says which step did not run;
    `apply` runs it again and goes on."""
    assert schemac(capsys, project, "apply", "--database-url", database_url, "--to", "1")[0] == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with connect(database_url) as blocker:
        blocker.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        blocker.execute("SELECT count(*) FROM shop.accounts")  # a snapshot CREATE INDEX CONCURRENTLY waits for
        deploy = subprocess.Popen(_cli(project, "apply", "--database-url", database_url, "-q"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _wait_for(conn, "CREATE INDEX CONCURRENTLY")
        os.kill(deploy.pid, signal.SIGKILL)
        deploy.wait()
        blocker.execute("ROLLBACK")
    _wait_for_backend_gone(conn, "CREATE INDEX CONCURRENTLY")
    assert history(conn) == [(1, "0001_initial", 0, 0), (2, "0002_orders", 1, 0)]
    code, out, _ = schemac(capsys, project, "status", "--database-url", database_url)
    assert code == 1
    assert "0002_orders: 0 of 1 step(s) after its COMMIT done" in out
    code, out, err = schemac(capsys, project, "apply", "--database-url", database_url, "--lock-wait", "60")
    assert code == 0, err
    assert history(conn)[1] == (2, "0002_orders", 1, 1)
    assert [row[0] for row in history(conn)] == [1, 2, 3, 4]
    assert conn.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = 'shop.accounts_email_idx'::regclass"
                        ).fetchone()[0] is True


def test_a_second_deployer_waits_then_names_the_holder(project, database_url, capsys):
    from compiler.render.deploy import LOCK_KEY
    with connect(database_url) as holder:
        holder.execute(f"SELECT pg_advisory_lock({LOCK_KEY})")
        started = time.monotonic()
        code, _, err = schemac(capsys, project, "apply", "--database-url", database_url, "--lock-wait", "0.5")
        assert code == 3
        assert time.monotonic() - started >= 0.5
        assert "another deploy holds the lock of this database (process" in err and "--lock-wait" in err


def _dump(url: str) -> str:
    with psycopg.connect(url, autocommit=True) as c:
        return "\n".join(inventory(c))


def _wait_for(conn, query: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()",
                        (f"%{query}%",)).fetchone()[0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"no backend ran {query} within {timeout} s")


def _wait_for_backend_gone(conn, query: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not conn.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE %s AND state = 'active' "
                            "AND pid <> pg_backend_pid()", (f"%{query}%",)).fetchone()[0]:
            return
        time.sleep(0.05)
