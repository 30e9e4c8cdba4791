"""A type change by expand/contract under indexes with an expression or a
predicate on the converted columns (compiler/online/shadow_indexes.py):
each is built CONCURRENTLY on the new columns, its texts reading them, and
renamed by the contract, instead of the table's ALTER TABLE with the index
dropped before and built again after it in the transaction. Proven with
psql on real PostgreSQL, beside a writer that is never blocked beyond its
lock_timeout, up, verify, down, verify, up again."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
tables:
  payments:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: real, nullable: false}
      fee: {type: real, nullable: false, default: "0"}
      note: text
    indexes:
      - {name: payments_large, columns: [id], where: amount > 100.5}
      - {name: payments_cents, expressions: ["(round(amount * 100))"]}
      - {name: payments_total, expressions: ["(amount + fee)"], where: "note IS NOT NULL"}
      - {name: payments_note, columns: [note], unique: true, where: fee > 0}
"""

AFTER = BEFORE.replace("amount: {type: real,", "amount: {type: double precision,").replace(
    "fee: {type: real,", "fee: {type: double precision,")

ROWS = 3 * BATCH_ROWS


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "doubles")


def test_the_indexes_are_built_on_the_new_columns_after_commit(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "TYPE double precision" not in up and "DROP INDEX evo" not in up  # no rewrite, nothing dropped
    assert "CREATE INDEX" not in transaction
    for built in ("CREATE INDEX CONCURRENTLY payments_large_schemac_new ON public.payments (id) "
                  "WHERE (amount_schemac_new > 100.5);",
                  "CREATE INDEX CONCURRENTLY payments_cents_schemac_new ON public.payments "
                  "((round(amount_schemac_new * 100)));",
                  "CREATE INDEX CONCURRENTLY payments_total_schemac_new ON public.payments "
                  "((amount_schemac_new + fee_schemac_new)) WHERE (note IS NOT NULL);",
                  "CREATE UNIQUE INDEX CONCURRENTLY payments_note_schemac_new ON public.payments (note) "
                  "WHERE (fee_schemac_new > 0);",
                  "ALTER INDEX public.payments_total_schemac_new RENAME TO payments_total;"):
        assert after.count(built) == 1, built
    down = (migrations[1] / "down.sql").read_text(encoding="utf-8")
    assert "TYPE real" not in down and "CREATE INDEX CONCURRENTLY payments_cents_schemac_new" in down


def _indexes(conn) -> list[tuple[str, str, bool]]:
    return conn.execute(
        "SELECT c.relname::text, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'public.payments'::regclass "
        "ORDER BY 1").fetchall()


def _types(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.payments'::regclass "
        "AND attname IN ('amount', 'fee') ORDER BY attname").fetchall()]


_COUNTS = ("SELECT (SELECT count(*) FROM payments WHERE amount > 100.5), "
           "(SELECT count(*) FROM payments WHERE round(amount * 100) = 5000), "
           "(SELECT count(*) FROM payments WHERE amount + fee > 50 AND note IS NOT NULL)")


def _by_scan(conn) -> tuple:
    conn.execute("SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off")
    try:
        return conn.execute(_COUNTS).fetchone()
    finally:
        conn.execute("RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan")


def _through_indexes(conn) -> tuple:
    """The counts read through the indexes (what a build missed would be missing)."""
    conn.execute("SET enable_seqscan = off")
    try:
        return conn.execute(_COUNTS).fetchone()
    finally:
        conn.execute("RESET enable_seqscan")


def _writes(base: int):
    """A round of the writer: a row inserted, a row there updated."""
    def write(conn, n):
        key = base + n
        conn.execute("INSERT INTO payments (id, amount, fee, note) VALUES (%s, %s, 1, %s)", (key, key + 0.5, f"w{key}"))
        conn.execute("UPDATE payments SET amount = amount + 1 WHERE id = %s", (n * 7 % ROWS + 1,))
        return key
    return write


def _run(database_url: str, script: Path, base: int) -> None:
    writer, during = beside_writer(database_url, _writes(base), lambda: psql_file_ok(database_url, script),
                                   settle=0.2)
    assert writer.failures == []
    assert during > 0  # it wrote while the script ran


@pytest.mark.database
def test_up_and_down_beside_a_writer(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(f"INSERT INTO payments (id, amount, fee, note) SELECT g, g * 0.5, g % 2, 'n' || g "
                     f"FROM generate_series(1, {ROWS}) g")
        before = _indexes(conn)
    _run(database_url, second / "up.sql", 10 * ROWS)
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert _types(conn) == ["double precision", "double precision"]
        indexes = _indexes(conn)
        assert [(name, valid) for name, _, valid in indexes] == [(name, True) for name, _, _ in before]
        large = dict((n, d) for n, d, _ in indexes)["payments_large"]
        assert "WHERE (amount > " in large and "schemac" not in large  # the new column, renamed
        assert _through_indexes(conn) == _by_scan(conn) and _by_scan(conn)[0] > ROWS / 2
    _run(database_url, second / "down.sql", 100 * ROWS)
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert _types(conn) == ["real", "real"] and _indexes(conn) == before
    psql_file_ok(database_url, second / "up.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
