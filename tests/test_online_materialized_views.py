"""Materialized views over columns converted online (compiler/online/
materialized_views.py): a type change and an enum swap under materialized
views with unique indexes and grants, run with psql (up, verify, down,
verify) beside a connection that writes to the tables and reads the views
in a loop with a short lock_timeout: it is never blocked beyond it, and
every read finds the view filled."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

_SPEC = """\
schema: shop
roles:
  shop_reader: {{}}
enums:
  Status: {values}
tables:
  orders:
    columns:
      id: {{type: integer, primary_key: true}}
      region: {{type: {region}, nullable: false}}
      amount: {{type: integer, nullable: false}}
    indexes:
      - {{columns: [region, amount]}}
  tickets:
    columns:
      id: {{type: integer, primary_key: true}}
      status: {{type: Status, nullable: false, default: open}}
views:
  region_totals:
    materialized: true
    query: select region, sum(amount) as total, count(*) as n from orders group by region
    comment: totals by region
    indexes:
      - {{columns: [region], unique: true}}
    grants: {{shop_reader: [select]}}
  status_counts:
    materialized: true
    query: select status, count(*) as n from tickets group by status
    indexes:
      - {{columns: [status], unique: true}}
"""

BEFORE = _SPEC.format(values="[open, closed, cancelled]", region="smallint")
AFTER = _SPEC.format(values="{values: [open, closed], remap: {cancelled: closed}}", region="integer") \
    + "accept_destructive: [enum:shop.Status:values]\n"

ROWS = 3 * BATCH_ROWS


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "retype")


def test_the_views_are_made_again_after_the_contract(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "MATERIALIZED VIEW" not in transaction and "ALTER COLUMN region TYPE" not in up
    contract = after[after.index("-- contract"):]
    swapped = contract.index("ALTER TABLE shop.orders RENAME COLUMN region_schemac_new TO region")
    built = contract.index("CREATE MATERIALIZED VIEW shop.region_totals_schemac_new AS")
    # the view is built after the contract's COMMIT, in a transaction of its own, then swapped in
    assert contract.index("ALTER TABLE shop.orders RENAME COLUMN region TO region_schemac_old") < swapped \
        < contract.index("COMMIT;") < built
    assert contract.index("DROP MATERIALIZED VIEW shop.region_totals;", built) \
        < contract.index("ALTER MATERIALIZED VIEW shop.region_totals_schemac_new RENAME TO region_totals") \
        < contract.index("ALTER TABLE shop.orders DROP COLUMN region_schemac_old")
    assert 'ALTER TYPE shop."Status" RENAME TO "Status_schemac_old"' in contract
    assert 'DROP TYPE shop."Status_schemac_old"' in contract
    down = (migrations[1] / "down.sql").read_text(encoding="utf-8")
    assert "CREATE MATERIALIZED VIEW shop.status_counts_schemac_new AS" in down.partition("COMMIT;")[2]


def _fill(conn) -> None:
    conn.execute(f"INSERT INTO shop.orders SELECT g, g % 5, 10 FROM generate_series(1, {ROWS}) g")
    conn.execute(f"INSERT INTO shop.tickets SELECT g, (ARRAY['open', 'closed', 'cancelled'])[g % 3 + 1]::"
                 f"shop.\"Status\" FROM generate_series(1, {ROWS}) g")


def _round(conn, n):
    """Rows written to both tables, both views read (each must be filled)."""
    conn.execute("INSERT INTO shop.orders (id, region, amount) VALUES (%s, 7, 1)", (10 * ROWS + n,))
    conn.execute("INSERT INTO shop.tickets (id) VALUES (%s)", (10 * ROWS + n,))
    totals = conn.execute("SELECT sum(n) FROM shop.region_totals").fetchone()[0]
    counts = conn.execute("SELECT sum(n) FROM shop.status_counts").fetchone()[0]
    assert totals >= ROWS and counts >= ROWS, (totals, counts)
    return n


def _leftovers(conn) -> int:
    return conn.execute("SELECT (SELECT count(*) FROM pg_class WHERE relname LIKE '%schemac%') "
                        "+ (SELECT count(*) FROM pg_type WHERE typname LIKE '%schemac%') "
                        "+ (SELECT count(*) FROM pg_attribute JOIN pg_class ON pg_class.oid = attrelid "
                        "   WHERE attname LIKE '%schemac%' AND NOT attisdropped AND relkind IN ('r', 'm'))"
                        ).fetchone()[0]


@pytest.mark.database
def test_readers_and_writers_go_on(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
        conn.execute("REFRESH MATERIALIZED VIEW shop.region_totals; REFRESH MATERIALIZED VIEW shop.status_counts")
    writer, during = beside_writer(database_url, _round, lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert _leftovers(conn) == 0
        # made again after the contract: filled from the converted rows, those written meanwhile among them
        assert conn.execute("SELECT pg_typeof(region)::text, sum(n) FROM shop.region_totals GROUP BY 1"
                            ).fetchone()[0] == "integer"
        written = conn.execute("SELECT n FROM shop.region_totals WHERE region = 7").fetchone()
        assert written is not None and 0 < written[0] <= len(writer.inserted)
        assert conn.execute("SELECT status::text, n FROM shop.status_counts WHERE status = 'closed'").fetchone() \
            == ("closed", 2 * ROWS // 3)
        assert conn.execute("SELECT has_table_privilege('shop_reader', 'shop.region_totals', 'SELECT'), "
                            "obj_description('shop.region_totals'::regclass)").fetchone() == (True, "totals by region")
        assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname IN ('region_totals_region_idx', "
                            "'status_counts_status_idx', 'orders_region_amount_idx')").fetchone()[0] == 3
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert _leftovers(conn) == 0
        assert conn.execute("SELECT DISTINCT pg_typeof(region)::text FROM shop.region_totals").fetchone()[0] \
            == "smallint"
        assert conn.execute("SELECT enum_range(NULL::shop.\"Status\")::text").fetchone()[0] == "{open,closed,cancelled}"
