"""Online mode for checks, foreign keys and NOT NULL on existing tables
(compiler/online/constraints.py, compiler/online/not_null.py): the
constraints are added NOT VALID in the transaction and validated after
COMMIT; SET NOT NULL goes through a check validated after COMMIT and is then
proven without a scan. Proven with psql and `schemac apply` on real
PostgreSQL: placement, result, down.sql, a writer that is not blocked while a
validation scans, and a deploy that resumes at a failed validation."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from compiler import api
from compiler.apply import connect, run_script
from compiler.apply.psql import run_psql_file
from compiler.catalog.names import byte_length
from compiler.catalog.objects import Constraint
from compiler.cli import main as schemac_main
from compiler.deploy.migrations import split_script
from compiler.diff.context import Catalogs
from compiler.online.not_null import check_name
from tests.helpers import spec_migration

FUNCTIONS = """\
functions:
  slow_positive:
    args: [{name: x, type: integer}]
    returns: boolean
    strict: true
    body: SELECT x > 0 FROM pg_sleep(0.01)
domains:
  qty: {type: integer%s}
"""

BEFORE = """\
domain: shop
schema: shop
""" + FUNCTIONS % "" + """\
tables:
  p:
    columns:
      id: {type: bigint, primary_key: true}
  t:
    columns:
      id: {type: bigint, primary_key: true}
      p_id: bigint
      amount: integer
      note: text
  u:
    columns:
      id: {type: bigint, primary_key: true}
      n: qty
"""

AFTER = """\
domain: shop
schema: shop
""" + FUNCTIONS % ", check: VALUE >= 0" + """\
tables:
  p:
    columns:
      id: {type: bigint, primary_key: true}
  t:
    columns:
      id: {type: bigint, primary_key: true}
      p_id: {type: bigint, references: p.id}
      amount: integer
      note: {type: text, nullable: false}
    checks:
      amount_positive: slow_positive(amount)
  u:
    columns:
      id: {type: bigint, primary_key: true}
      n: qty
"""

CHECK = "schemac_not_null_note_"  # the temporary check's name, up to its hash


def _project(root: Path, mode: str = "online") -> tuple[Path, Path]:
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(f"migrations: {{mode: {mode}}}\n", encoding="utf-8")
    return spec_migration(root, BEFORE, "initial"), spec_migration(root, AFTER, "constraints")


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    return _project(tmp_path)


def _read(folder: Path, name: str) -> tuple[str, str]:
    transaction, _, after = (folder / name).read_text(encoding="utf-8").partition("\nCOMMIT;\n")
    return transaction, after


def test_placement_offline(migrations, tmp_path):
    transaction, after = _read(migrations[1], "up.sql")
    up = transaction + after
    # added NOT VALID in the transaction, validated after COMMIT
    assert "FOREIGN KEY (p_id) REFERENCES shop.p (id) NOT VALID;" in transaction
    assert "CHECK (slow_positive(amount)) NOT VALID;" in transaction
    assert "VALIDATE CONSTRAINT t_p_id_fkey;" in after and "VALIDATE CONSTRAINT amount_positive;" in after
    assert "VALIDATE CONSTRAINT" not in transaction
    # SET NOT NULL: the check in the transaction; its VALIDATE, SET NOT NULL and its drop after COMMIT, in order
    assert f"ADD CONSTRAINT {CHECK}" in transaction and "CHECK (note IS NOT NULL) NOT VALID;" in transaction
    assert "SET NOT NULL" not in transaction
    steps = [after.index(f"VALIDATE CONSTRAINT {CHECK}"), after.index("ALTER COLUMN note SET NOT NULL;"),
             after.index(f"DROP CONSTRAINT IF EXISTS {CHECK}")]
    assert steps == sorted(steps)
    # a domain's check: ALTER DOMAIN ... VALIDATE takes SHARE wherever it runs, so the domain is made anew and its
    # table copied to it (compiler/online/table_copy.py)
    assert "CREATE DOMAIN shop.qty_schemac_copy AS integer" in transaction and "ALTER DOMAIN shop.qty " not in up
    assert "ALTER DOMAIN shop.qty_schemac_copy RENAME TO qty;" in after
    # down.sql: all in its transaction, the leftover check dropped if a failed run left it; after COMMIT only the
    # domain made anew back, its table copied to it
    transaction, after = _read(migrations[1], "down.sql")
    assert [line for line in after.splitlines() if line.startswith("-- step ")] == [
        "-- step 11: FillTableCopy table_copy:shop.u:fill (cannot run inside a transaction)",
        "-- step 12: SwapTableCopy table_copy:shop.u:prepare, part 1 of 2 (cannot run inside a transaction)",
        "-- step 12: SwapTableCopy table_copy:shop.u:prepare, part 2 of 2 (cannot run inside a transaction)",
        "-- step 13: SwapDomainCopy domain_copy:shop.qty:prepare (cannot run inside a transaction)"]
    assert transaction.index("ALTER COLUMN note DROP NOT NULL;") < transaction.index(
        f"DROP CONSTRAINT IF EXISTS {CHECK}")
    # transactional mode: today's one transaction
    transaction, after = _read(_project(tmp_path / "transactional", "transactional")[1], "up.sql")
    assert after.strip() == "" and "ALTER COLUMN note SET NOT NULL;" in transaction
    assert "VALIDATE CONSTRAINT t_p_id_fkey;" in transaction and CHECK not in transaction


def test_kept_in_the_transaction_only_where_needed(tmp_path):
    """A column dropped from the table in the transaction does not pull the
    validations or the key's index back into it (nothing a drop takes along
    waits there); a primary key attached after COMMIT follows the NOT NULL
    made from the check."""
    before = _compiled(tmp_path / "before", "c:\n    columns:\n      id: integer\n      p_id: integer\n"
                       "      note: text\n      old: text\n")
    after = _compiled(tmp_path / "after", "c:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                      "      p_id: {type: integer, references: p.id}\n      note: {type: text, nullable: false}\n")
    steps = api.plan(before.catalog, after.catalog, "online").steps
    assert {op.kind: op.after_commit for op in steps} == {
        "AddConstraintForChange": False, "AddNotNullCheck": False, "DropColumn": False,
        "ValidateConstraintAfterCommit": True, "ValidateNotNullCheck": True, "SetNotNullFromCheck": True,
        "DropNotNullCheck": True, "BuildKeyIndex": True, "AttachKeyIndex": True}
    # the primary key, built CONCURRENTLY and attached after COMMIT, waits for id's NOT NULL made from its check
    keys = [op.key for op in steps]
    assert keys.index("column:evo.c.id:nullability") < keys.index("constraint:evo.c.c_pkey")
    transactional = api.plan(before.catalog, after.catalog).steps  # today's steps, all in the transaction
    assert not any(op.after_commit for op in transactional)
    assert [op.kind for op in transactional].count("AlterColumnNullability") == 2


def _compiled(folder: Path, table: str) -> api.Compiled:
    folder.mkdir(parents=True)
    text = ("schema: evo\naccept_destructive: [column:evo.c.old]\ntables:\n  p:\n    columns:\n"
            "      id: {type: integer, primary_key: true}\n  " + table)
    (folder / "evo.yaml").write_text(text, encoding="utf-8")
    return api.load(folder, [folder / "evo.yaml"])


def test_temporary_check_name_is_short_and_free():
    long = "é" * 40  # 80 bytes
    taken = Constraint("s", "t", check_name("s", "t", "c", Catalogs({}, {})), "check", ("c",), "c > 0")
    catalogs = Catalogs({taken.key: taken}, {})
    for column in ("c", long):
        name = check_name("s", "t", column, catalogs)
        assert name.startswith("schemac_not_null_") and byte_length(name) <= 63 and name != taken.name
        assert name == check_name("s", "t", column, catalogs)  # the same in every regeneration
    assert check_name("s", "t", "c", Catalogs({}, {})) == taken.name


def _state(conn) -> dict:
    constraints = dict(conn.execute("SELECT conname, convalidated FROM pg_constraint WHERE conrelid = "
                                    "'shop.t'::regclass AND contype IN ('c', 'f')").fetchall())
    not_null = conn.execute("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'shop.t'::regclass "
                            "AND attname = 'note'").fetchone()[0]
    return {"constraints": constraints, "note_not_null": not_null}


@pytest.mark.database
def test_up_and_down_with_psql(migrations, database_url, conn):
    first, second = migrations
    assert run_psql_file(database_url, first / "up.sql").returncode == 0
    conn.execute("INSERT INTO shop.p VALUES (1); INSERT INTO shop.t VALUES (1, 1, 5, 'a'), (2, NULL, 6, 'b'); "
                 "INSERT INTO shop.u VALUES (1, 1), (2, 2)")
    run = run_psql_file(database_url, second / "up.sql")
    assert run.returncode == 0, run.stderr
    assert _state(conn) == {"constraints": {"t_p_id_fkey": True, "amount_positive": True}, "note_not_null": True}
    run = run_psql_file(database_url, second / "down.sql")
    assert run.returncode == 0, run.stderr
    assert _state(conn) == {"constraints": {}, "note_not_null": False}
    run = run_psql_file(database_url, second / "up.sql")  # and up again
    assert run.returncode == 0, run.stderr
    assert _state(conn)["note_not_null"] is True


def _seq_scans(conn) -> int:
    conn.execute("SELECT pg_stat_force_next_flush()")
    conn.execute("SELECT pg_stat_clear_snapshot()")
    return conn.execute("SELECT seq_scan FROM pg_stat_user_tables WHERE relid = 'shop.t'::regclass").fetchone()[0]


@pytest.mark.database
def test_set_not_null_is_proven_without_a_scan(migrations, database_url, conn):
    """Each step after COMMIT run on its own: VALIDATE scans the table once;
    SET NOT NULL then scans nothing (PostgreSQL proves it from the valid
    check), as a bare SET NOT NULL would."""
    first, second = migrations
    run_script(conn, (first / "up.sql").read_text(encoding="utf-8"), "up.sql")
    conn.execute("INSERT INTO shop.t (id, note) SELECT g, 'x' FROM generate_series(1, 1000) g")
    parts = split_script((second / "up.sql").read_text(encoding="utf-8"), "up.sql")
    run_script(conn, parts.transaction + "COMMIT;\n", "up.sql")
    scans = {}
    for step in parts.outside:
        before = _seq_scans(conn)
        run_script(conn, step.sql, step.label)
        scans[step.label.split(":")[1].split()[0]] = _seq_scans(conn) - before
    assert scans["ValidateNotNullCheck"] == 1 and scans["SetNotNullFromCheck"] == 0
    assert _state(conn)["note_not_null"] is True and not any(n.startswith(CHECK) for n in _state(conn)["constraints"])
    # the control: without a valid check, SET NOT NULL scans
    conn.execute("ALTER TABLE shop.t ALTER COLUMN note DROP NOT NULL")
    before = _seq_scans(conn)
    conn.execute("ALTER TABLE shop.t ALTER COLUMN note SET NOT NULL")
    assert _seq_scans(conn) - before == 1


def _insert_while(database_url: str, conn, statement: str, run) -> None:
    """Run `run(connection)` in a thread; once `statement` is running, INSERT
    from another connection with a lock_timeout of 200ms (raises when
    blocked); the statement must still be running after it."""
    errors = []

    def target():
        try:
            with connect(database_url) as c:
                run(c)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    try:
        pid = None
        for _ in range(500):
            row = conn.execute("SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE %s "
                               "AND wait_event_type IS DISTINCT FROM 'Lock'", (f"%{statement}%",)).fetchone()
            if row:
                pid = row[0]
                break
            time.sleep(0.01)
        assert pid is not None, f"{statement} never ran"
        with connect(database_url) as writer:
            writer.execute("SET lock_timeout = '200ms'")
            writer.execute("INSERT INTO shop.t (id, amount, note) VALUES (100000, 1, 'w')")
        still = conn.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
        assert still == ("active",), "the statement ended before the writer ran: make the table larger"
    finally:
        thread.join()
    assert not errors, errors


@pytest.mark.database
def test_a_writer_is_not_blocked_while_a_check_is_validated(tmp_path, database_url, conn):
    """200 rows take 2 s to validate (the check sleeps 10 ms a row). Online,
    the VALIDATE after COMMIT lets an INSERT with lock_timeout 200ms through;
    the transactional form of the same migration blocks it."""
    online = _project(tmp_path / "online")
    transactional = _project(tmp_path / "transactional", "transactional")
    run_script(conn, (online[0] / "up.sql").read_text(encoding="utf-8"), "up.sql")
    conn.execute("INSERT INTO shop.p VALUES (1)")
    conn.execute("INSERT INTO shop.t SELECT g, 1, 1, 'x' FROM generate_series(1, 200) g")

    up = (transactional[1] / "up.sql").read_text(encoding="utf-8")
    with pytest.raises(psycopg.errors.LockNotAvailable):
        _insert_while(database_url, conn, "VALIDATE CONSTRAINT amount_positive", lambda c: run_script(c, up, "up"))
    run_script(conn, (transactional[1] / "down.sql").read_text(encoding="utf-8"), "down.sql")
    conn.execute("DELETE FROM shop.t WHERE id = 100000")

    parts = split_script((online[1] / "up.sql").read_text(encoding="utf-8"), "up.sql")
    run_script(conn, parts.transaction + "COMMIT;\n", "up.sql")
    for step in parts.outside:
        if "VALIDATE CONSTRAINT amount_positive" in step.sql:
            _insert_while(database_url, conn, "VALIDATE CONSTRAINT amount_positive",
                          lambda c, sql=step.sql: run_script(c, sql, "step"))
        else:
            run_script(conn, step.sql, step.label)
    assert _state(conn)["constraints"] == {"t_p_id_fkey": True, "amount_positive": True}
    assert conn.execute("SELECT count(*) FROM shop.t").fetchone()[0] == 201


def _apply(root: Path, database_url: str) -> int:
    return schemac_main(["-C", str(root), "apply", "--database-url", database_url, "-q"])


@pytest.mark.database
def test_apply_resumes_at_a_failed_validation(migrations, database_url, conn):
    """A row the check refuses, another with a NULL note: `schemac apply`
    stops at the first validation that fails, after COMMIT (the constraint
    stays NOT VALID, enforced on new rows; the history says which step is
    next); each time the row is fixed, the same command goes on from that
    step, and at last completes."""
    root = migrations[0].parents[2]
    outside = split_script((migrations[1] / "up.sql").read_text(encoding="utf-8"), "up.sql").outside
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url, "--to", "1", "-q"]) == 0
    conn.execute("INSERT INTO shop.p VALUES (1)")
    conn.execute("INSERT INTO shop.t VALUES (1, 1, -5, 'a'), (2, 1, 5, NULL), (3, 1, 7, 'c')")
    failed = []
    for _ in range(2):
        assert _apply(root, database_url) != 0
        done = conn.execute("SELECT steps_outside_done FROM schemac.migrations WHERE number = 2").fetchone()[0]
        label = outside[done].label  # the step that failed, run again by the next apply
        if "amount_positive" in label:
            assert _state(conn)["constraints"]["amount_positive"] is False
            failed.append("amount")
            conn.execute("DELETE FROM shop.t WHERE id = 1")
        else:
            assert "ValidateNotNullCheck" in label
            failed.append("note")
            conn.execute("DELETE FROM shop.t WHERE id = 2")
    assert sorted(failed) == ["amount", "note"]
    assert _apply(root, database_url) == 0
    assert conn.execute("SELECT steps_outside_done = steps_outside FROM schemac.migrations WHERE number = 2"
                        ).fetchone()[0] is True
    assert _state(conn) == {"constraints": {"t_p_id_fkey": True, "amount_positive": True}, "note_not_null": True}
