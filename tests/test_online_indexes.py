"""Online mode for indexes and keys on existing tables (compiler/online/
indexes.py): new and removed indexes built and dropped CONCURRENTLY after
COMMIT, changed indexes swapped in under a temporary name, unique
constraints and primary keys attached with USING INDEX. Proven with psql on
real PostgreSQL, up and down; writers go on while the builds run; `schemac
apply` resumes after a failed concurrent unique build."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect, run_script
from compiler.apply.psql import run_psql_file
from compiler.cli import main as schemac_main
from compiler.deploy.migrations import split_script
from tests.helpers import spec_migration

BEFORE = """\
domain: shop
schema: shop
tables:
  items:
    columns:
      id: {type: bigint, nullable: false}
      sku: text
      name: text
      price: integer
      note: text
    indexes:
      - {columns: [note], name: items_note_idx}
      - {columns: [price], name: items_price_idx, comment: by price}
  tags:
    columns:
      id: {type: bigint, primary_key: true}
      label: text
    unique:
      - {columns: [label], name: tags_label_key}
"""

AFTER = """\
domain: shop
schema: shop
tables:
  items:
    columns:
      id: {type: bigint, nullable: false, primary_key: true}
      sku: text
      name: text
      price: integer
      note: text
    unique:
      - {columns: [sku], name: items_sku_key}
    indexes:
      - {columns: [name], name: items_name_idx}
      - {columns: [price, name], name: items_price_idx, comment: by price and name}
  tags:
    columns:
      id: {type: bigint, primary_key: true}
      label: text
    unique:
      - {columns: [label], name: tags_label_key, nulls_not_distinct: true}
"""

SETTINGS = "postgres: {min_version: 15}\nmigrations: {mode: %s}\n"

ROWS = ("INSERT INTO shop.items SELECT g, 'sku-' || g, 'name ' || g, g % 100, 'note' "
        "FROM generate_series(1, 2000) g; INSERT INTO shop.tags VALUES (1, 'a'), (2, NULL)")

# the indexes and constraints of shop's tables, as PostgreSQL describes them
INDEXES = """
SELECT c.relname::text, pg_get_indexdef(c.oid), i.indisvalid, coalesce(obj_description(c.oid, 'pg_class'), '')
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'shop' ORDER BY 1
"""
CONSTRAINTS = """
SELECT conname::text, contype::text, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE connamespace = 'shop'::regnamespace AND contype IN ('p', 'u') ORDER BY 1
"""


def _project(root: Path, mode: str, after: str = AFTER) -> tuple[Path, Path]:
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(SETTINGS % mode, encoding="utf-8")
    return spec_migration(root, BEFORE, "initial"), spec_migration(root, after, "keys")


@pytest.fixture
def online(tmp_path) -> tuple[Path, Path]:
    return _project(tmp_path / "online", "online")


def _in_order(text: str, parts: list[str]) -> None:
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, part
        at = found + len(part)


def test_steps_and_their_placement(online):
    up = (online[1] / "up.sql").read_text(encoding="utf-8")
    down = (online[1] / "down.sql").read_text(encoding="utf-8")
    transaction, after = up.partition("\nCOMMIT;\n")[::2]
    assert "INDEX" not in transaction and "CONSTRAINT" not in transaction
    expected = [  # in this order, each after COMMIT
        "CREATE UNIQUE INDEX CONCURRENTLY items_pkey_schemac_tmp ON shop.items (id);",
        "ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey_schemac_tmp;",
        "CREATE UNIQUE INDEX CONCURRENTLY items_sku_key_schemac_tmp ON shop.items (sku);",
        "ADD CONSTRAINT items_sku_key UNIQUE USING INDEX items_sku_key_schemac_tmp;",
        "CREATE UNIQUE INDEX CONCURRENTLY tags_label_key_schemac_tmp ON shop.tags (label) NULLS NOT DISTINCT;",
        "DROP CONSTRAINT tags_label_key,\n"
        "            ADD CONSTRAINT tags_label_key UNIQUE USING INDEX tags_label_key_schemac_tmp;",
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_name_idx;",  # a leftover of a failed run
        "CREATE INDEX CONCURRENTLY items_name_idx ON shop.items (name);",
        "CREATE INDEX CONCURRENTLY items_price_idx_schemac_tmp ON shop.items (price, name);",
        "COMMENT ON INDEX shop.items_price_idx_schemac_tmp IS 'by price and name';",
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_price_idx;",
        "ALTER INDEX IF EXISTS shop.items_price_idx_schemac_tmp RENAME TO items_price_idx;",
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_note_idx;",
    ]
    _in_order(after, expected)
    # down.sql: the added keys dropped in its transaction, the rest reversed after COMMIT
    transaction, after = down.partition("\nCOMMIT;\n")[::2]
    assert "DROP CONSTRAINT items_sku_key;" in transaction and "DROP CONSTRAINT items_pkey;" in transaction
    expected = [
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_note_idx;\nCREATE INDEX CONCURRENTLY items_note_idx",
        "ALTER INDEX IF EXISTS shop.items_price_idx RENAME TO items_price_idx_schemac_tmp;",
        "CREATE INDEX CONCURRENTLY items_price_idx ON shop.items (price);",
        "COMMENT ON INDEX shop.items_price_idx IS 'by price';",
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_price_idx_schemac_tmp;",
        "DROP INDEX CONCURRENTLY IF EXISTS shop.items_name_idx;",
        "CREATE UNIQUE INDEX CONCURRENTLY tags_label_key_schemac_tmp ON shop.tags (label);",
        "ADD CONSTRAINT tags_label_key UNIQUE USING INDEX tags_label_key_schemac_tmp;",
    ]
    _in_order(after, expected)


def test_transactional_mode_keeps_its_forms(tmp_path):
    _, second = _project(tmp_path, "transactional")
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert "CONCURRENTLY" not in up and "schemac_tmp" not in up
    assert "ADD CONSTRAINT items_sku_key UNIQUE (sku);" in up and "DROP INDEX shop.items_price_idx;" in up


def test_a_foreign_key_of_the_migration_follows_the_key_it_binds_to_after_commit(tmp_path):
    after = AFTER + """\
  carts:
    columns:
      id: {type: bigint, primary_key: true}
      sku: {type: text, references: items.sku}
"""
    _, second = _project(tmp_path, "online", after)
    transaction, after_commit = (second / "up.sql").read_text(encoding="utf-8").partition("\nCOMMIT;\n")[::2]
    assert "CREATE TABLE shop.carts" in transaction and "items_sku_key" not in transaction
    assert after_commit.index("CREATE UNIQUE INDEX CONCURRENTLY items_sku_key_schemac_tmp") \
        < after_commit.index("UNIQUE USING INDEX items_sku_key_schemac_tmp") \
        < after_commit.index("ADD CONSTRAINT carts_sku_fkey FOREIGN KEY (sku) REFERENCES shop.items (sku) NOT VALID") \
        < after_commit.index("VALIDATE CONSTRAINT carts_sku_fkey")


def _described(url: str) -> tuple[list, list]:
    with connect(url) as conn:
        return conn.execute(INDEXES).fetchall(), conn.execute(CONSTRAINTS).fetchall()


@pytest.mark.database
def test_up_and_down_with_psql(online, database_url):
    first, second = online
    assert run_psql_file(database_url, first / "up.sql").returncode == 0
    with connect(database_url) as conn:
        run_script(conn, ROWS, "rows")
    before = _described(database_url)
    run = run_psql_file(database_url, second / "up.sql")
    assert run.returncode == 0, run.stderr
    indexes, constraints = _described(database_url)
    assert [(name, valid, comment) for name, _, valid, comment in indexes] == [
        ("items_name_idx", True, ""), ("items_pkey", True, ""), ("items_price_idx", True, "by price and name"),
        ("items_sku_key", True, ""), ("tags_label_key", True, ""), ("tags_pkey", True, "")]
    assert "(price, name)" in dict((n, d) for n, d, _, _ in indexes)["items_price_idx"]
    assert constraints == [("items_pkey", "p", "PRIMARY KEY (id)"), ("items_sku_key", "u", "UNIQUE (sku)"),
                           ("tags_label_key", "u", "UNIQUE NULLS NOT DISTINCT (label)"),
                           ("tags_pkey", "p", "PRIMARY KEY (id)")]
    run = run_psql_file(database_url, second / "down.sql")
    assert run.returncode == 0, run.stderr
    assert _described(database_url) == before


def _waiting(conn, statement: str, timeout: float = 30) -> None:
    """Wait until a backend runs `statement` and waits for a lock (the
    snapshot of the blocker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE position(%s in query) > 0 "
                        "AND wait_event_type = 'Lock'", (statement,)).fetchone()[0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"no backend waits in {statement}")


def _insert(url: str, n: int) -> float:
    """INSERT a row as a writer that gives up after 200 ms of waiting for a
    lock; the seconds it took."""
    with connect(url) as writer:
        writer.execute("SET lock_timeout = '200ms'")
        started = time.monotonic()
        writer.execute("INSERT INTO shop.items VALUES (%s, %s, 'w', 1, 'w')", (n, f"writer-{n}"))
        return time.monotonic() - started


@pytest.mark.database
def test_writers_go_on_while_indexes_build_online_and_wait_in_transactional_mode(tmp_path, database_url):
    first, second = _project(tmp_path / "online", "online")
    assert run_psql_file(database_url, first / "up.sql").returncode == 0
    with connect(database_url) as conn:
        run_script(conn, ROWS, "rows")
    parts = split_script((second / "up.sql").read_text(encoding="utf-8"), "up.sql")
    builds = 0
    with connect(database_url) as conn, connect(database_url) as watcher, connect(database_url) as blocker:
        run_script(conn, parts.transaction + "COMMIT;", "up.sql")
        for n, step in enumerate(parts.outside):
            statement = next((s for s in ("CREATE INDEX CONCURRENTLY", "CREATE UNIQUE INDEX CONCURRENTLY",
                                          "DROP INDEX CONCURRENTLY IF EXISTS shop.items_price_idx;")
                              if s in step.sql), None)
            if statement is None:
                run_script(conn, step.sql, step.label)
                continue
            # a reader's snapshot keeps the build (or the drop) waiting while the writer inserts
            blocker.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            blocker.execute("SELECT count(*) FROM shop.items")
            errors: list[Exception] = []
            thread = threading.Thread(target=lambda sql=step.sql: _run_into(conn, sql, errors))
            thread.start()
            _waiting(watcher, statement.removesuffix(";"))
            assert _insert(database_url, 100_000 + n) < 5.0, step.label  # a lock wait would raise after 200 ms
            blocker.execute("ROLLBACK")
            thread.join(timeout=60)
            assert not errors, errors
            builds += 1
    assert builds == 6  # two keys, a new index, a changed index built and its old version dropped, a changed key
    assert all(valid for _, _, valid, _ in _described(database_url)[0])

    # the same migration in transactional mode: a writer waits for the transaction, and gives up
    _, second = _project(tmp_path / "transactional", "transactional")
    with connect(database_url) as conn:
        run_script(conn, (second / "down.sql").read_text(encoding="utf-8"), "down.sql")
        run_script(conn, split_script((second / "up.sql").read_text(encoding="utf-8"), "up.sql").transaction)
        with pytest.raises(psycopg.errors.LockNotAvailable):
            _insert(database_url, 200_000)
        conn.execute("ROLLBACK")


def _run_into(conn, sql: str, errors: list) -> None:
    try:
        run_script(conn, sql, "step")
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


@pytest.mark.database
def test_apply_resumes_after_a_failed_concurrent_unique_build(tmp_path, database_url, capsys):
    _project(tmp_path, "online")
    root = tmp_path
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url, "--to", "1", "-q"]) == 0
    with connect(database_url) as conn:
        run_script(conn, ROWS + "; UPDATE shop.items SET sku = 'same' WHERE id IN (7, 8)", "rows")
    capsys.readouterr()
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url]) != 0
    err = capsys.readouterr().err
    assert "items_sku_key_schemac_tmp" in err or "duplicate" in err, err
    with connect(database_url) as conn:
        left = conn.execute("SELECT c.relname::text, i.indisvalid FROM pg_index i JOIN pg_class c "
                            "ON c.oid = i.indexrelid WHERE c.relname LIKE '%schemac_tmp'").fetchall()
        assert left == [("items_sku_key_schemac_tmp", False)]  # the failed build's leftover
        done = conn.execute("SELECT steps_outside_done FROM schemac.migrations WHERE number = 2").fetchone()[0]
        assert done == 2  # the primary key's steps
        conn.execute("UPDATE shop.items SET sku = 'other' WHERE id = 8")
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url]) == 0
    indexes, constraints = _described(database_url)
    assert all(valid for _, _, valid, _ in indexes) and not any("schemac_tmp" in i[0] for i in indexes)
    assert ("items_sku_key", "u", "UNIQUE (sku)") in constraints
    with connect(database_url) as conn:
        assert conn.execute("SELECT steps_outside, steps_outside_done FROM schemac.migrations WHERE number = 2"
                            ).fetchone() == (11, 11)
