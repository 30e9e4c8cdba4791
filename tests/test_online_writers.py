"""The writer test of online mode (docs/online.md): while a migration changes
a busy table, a second connection keeps inserting rows into it, each in its
own short transaction. In online mode no insert waits for a lock longer than
the migration's `lock_timeout`; in transactional mode the same migration
makes it wait through its index builds and validation scans, so the test can
fail. Both run with psql, as a DBA runs them; verify.sql and down.sql follow.

How long the writer waits is read from PostgreSQL itself (pg_locks.waitstart
of the writer's backend, polled), not from wall-clock latencies that a busy
machine would blur."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.apply.psql import run_psql_file
from compiler.cli import main as schemac_main

pytestmark = pytest.mark.database

LOCK_TIMEOUT_MS = 500
ROWS = 800_000
WRITTEN_IDS = itertools.count(10_000_000)  # ids of the rows writers insert, beyond the loaded ones

BEFORE = """\
domain: shop
tables:
  accounts:
    columns:
      id: {type: bigint, primary_key: true}
  orders:
    columns:
      id: {type: bigint, primary_key: true}
      account_id: bigint
      amount: integer
      note: text
      code: text
    indexes:
      - {name: orders_note_idx, columns: [note]}
"""

# every change that scans or builds on the existing table: a foreign key, a check, SET NOT NULL, a unique
# key, a new index and a changed one
AFTER = """\
domain: shop
tables:
  accounts:
    columns:
      id: {type: bigint, primary_key: true}
  orders:
    columns:
      id: {type: bigint, primary_key: true}
      account_id: {type: bigint, references: accounts.id}
      amount: integer
      note: {type: text, nullable: false}
      code: text
    unique:
      - [code]
    checks:
      orders_amount_not_negative: amount >= 0
    indexes:
      - {name: orders_note_idx, columns: [note, amount]}
      - {columns: [amount]}
"""

LOAD = f"""
INSERT INTO public.accounts (id) SELECT g FROM generate_series(1, 100) AS g;
INSERT INTO public.orders (id, account_id, amount, note, code)
SELECT g, 1 + g % 100, g % 1000, 'note ' || g, 'code ' || g FROM generate_series(1, {ROWS}) AS g;
ANALYZE public.orders;
"""


def _project(root: Path, mode: str) -> tuple[Path, Path]:
    """A project in `mode` with the two migrations: (first, second)."""
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(
        f"migrations: {{mode: {mode}, lock_timeout: {LOCK_TIMEOUT_MS}ms}}\n", encoding="utf-8")
    folders = []
    for name, text in (("initial", BEFORE), ("busy", AFTER)):
        (root / "specs" / "shop.yaml").write_text(text, encoding="utf-8")
        assert schemac_main(["-C", str(root), "generate", "--name", name]) == 0
        folders.append(next((root / "generated" / "migrations").glob(f"*_{name}")))
    return folders[0], folders[1]


@dataclass
class Writer:
    """Inserts rows into public.orders in a loop, each INSERT its own
    transaction, while a second thread records the longest time its backend
    waited for a lock."""

    url: str
    inserted: int = 0
    longest_wait_ms: float = 0.0
    errors: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> "Writer":
        self._conn = connect(self.url)
        self._conn.autocommit = True
        self._pid = self._conn.info.backend_pid
        self._threads = [threading.Thread(target=self._write), threading.Thread(target=self._watch)]
        for thread in self._threads:
            thread.start()
        while self.inserted < 5 and not self.errors:  # writing before the migration starts
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self._conn.close()

    def _write(self) -> None:
        try:
            while not self._stop.is_set():
                next_id = next(WRITTEN_IDS)
                self._conn.execute("INSERT INTO public.orders (id, account_id, amount, note, code) "
                                   "VALUES (%s, 1, 1, 'written', %s)", (next_id, f"written {next_id}"))
                self.inserted += 1
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.errors.append(str(exc))

    def _watch(self) -> None:
        with connect(self.url) as watcher:
            watcher.autocommit = True
            while not self._stop.is_set():
                waited = watcher.execute(
                    "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - waitstart)) * 1000, 0) "
                    "FROM pg_locks WHERE pid = %s AND NOT granted", (self._pid,)).fetchone()[0]
                self.longest_wait_ms = max(self.longest_wait_ms, float(waited))
                time.sleep(0.01)


def _run(url: str, script: Path) -> None:
    run = run_psql_file(url, script)
    assert run.ok, run.stderr


def _state(url: str) -> dict:
    with connect(url) as conn:
        return {
            "constraints": sorted(conn.execute(
                "SELECT conname, contype, convalidated FROM pg_constraint "
                "WHERE conrelid = 'public.orders'::regclass").fetchall()),
            "indexes": sorted(conn.execute(
                "SELECT c.relname, i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'public.orders'::regclass").fetchall()),
            "not_null": conn.execute("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.orders'::regclass "
                                     "AND attname = 'note'").fetchone()[0],
        }


def _migrate_while_writing(url: str, up: Path) -> Writer:
    with Writer(url) as writer:
        _run(url, up)
        time.sleep(0.05)
    assert not writer.errors, writer.errors
    return writer


def test_online_mode_never_blocks_the_writer_and_transactional_mode_does(tmp_path, database_url):
    online_first, online = _project(tmp_path / "online", "online")
    transactional_first, transactional = _project(tmp_path / "transactional", "transactional")
    _run(database_url, transactional_first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(LOAD)
        conn.commit()
    before = _state(database_url)

    # transactional: the writer waits while the transaction builds and scans under locks that block writes
    writer = _migrate_while_writing(database_url, transactional / "up.sql")
    assert writer.longest_wait_ms > LOCK_TIMEOUT_MS, (
        f"transactional mode blocked the writer only {writer.longest_wait_ms:.0f} ms: the table is too small "
        "to show a difference")
    after = _state(database_url)
    _run(database_url, transactional / "verify.sql")
    _run(database_url, transactional / "down.sql")
    assert _state(database_url) == before

    # online: the same change, never a wait beyond lock_timeout, and the same end state
    writer = _migrate_while_writing(database_url, online / "up.sql")
    assert writer.inserted > 0
    assert writer.longest_wait_ms < LOCK_TIMEOUT_MS, (
        f"online mode blocked the writer {writer.longest_wait_ms:.0f} ms (lock_timeout {LOCK_TIMEOUT_MS} ms)")
    assert _state(database_url) == after
    _run(database_url, online / "verify.sql")
    with Writer(database_url) as writer:  # down.sql of online mode: writes go on too
        _run(database_url, online / "down.sql")
    assert not writer.errors, writer.errors
    assert _state(database_url) == before
