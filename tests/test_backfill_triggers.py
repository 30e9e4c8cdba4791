"""The user triggers of a table converted online (compiler/online/
backfill_triggers.py): a type change and an enum swap on tables whose
triggers count, log and change rows, run with psql (up, verify, down) beside
a writer on a second connection. The backfill fires none of the triggers
that fire on UPDATE (guarded in place by the expand, put back by the
contract), the writer's writes fire all of them, and the recipe's sync
trigger sees the converted column as a BEFORE trigger named after it left
it. What PostgreSQL does that the recipe relies on (and why it does not use
`session_replication_role`) is measured here too."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

_FUNCTIONS = """\
functions:
  bump:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.updates := NEW.updates + 1;
        RETURN NEW;
      END
  logged:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        INSERT INTO shop.audit (item) VALUES (NEW.id);
        RETURN NULL;
      END
  capped:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        IF (to_jsonb(NEW) ->> 'qty')::numeric > 1000 THEN
          NEW := jsonb_populate_record(NEW, '{"qty": 1000}');
        END IF;
        RETURN NEW;
      END
  touch_drafts:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.touched := NEW.touched + 1;
        RETURN NEW;
      END
"""

_SPEC = """\
schema: shop
enums:
  Status: {values}
tables:
  audit:
    columns:
      id: {{type: bigint, identity: always, primary_key: true}}
      item: {{type: integer, nullable: false}}
  stock:
    columns:
      id: {{type: integer, primary_key: true}}
      qty: {{type: {qty}, nullable: false}}
      updates: {{type: integer, nullable: false, default: 0}}
    triggers:
      stock_bump: {{function: bump, timing: before, events: [update]}}
      stock_log: {{function: logged, timing: after, events: [update]}}
      zz_stock_cap: {{function: capped, timing: before, events: [insert, update]}}
  orders:
    columns:
      id: {{type: integer, primary_key: true}}
      status: {{type: Status, nullable: false, default: draft}}
      touched: {{type: integer, nullable: false, default: 0}}
    triggers:
      orders_touch_drafts: {{function: touch_drafts, timing: before, events: [update], when: "NEW.status = 'draft'"}}
"""

# `capped` reads the row as jsonb: a PL/pgSQL plan reading NEW.qty keeps its parameter's type for the session, and
# fails in the writer's session once the column is bigint (as it does after ALTER TABLE ... TYPE, measured on
# PostgreSQL 15 and 18: "type of parameter 14 (bigint) does not match that when preparing the plan (integer)")
BEFORE = _SPEC.format(values="[draft, open, closed]", qty="integer") + _FUNCTIONS
AFTER = _SPEC.format(values="[open, draft, closed]", qty="bigint") + _FUNCTIONS

ROWS = 3 * BATCH_ROWS


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "retype")


def test_the_triggers_are_guarded_and_put_back(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "ALTER COLUMN qty TYPE" not in up and "ALTER COLUMN status TYPE" not in up  # both go online
    guard = "current_setting('schemac.backfill', true) IS DISTINCT FROM 'on'"
    for trigger in ("stock_bump", "stock_log", "zz_stock_cap", "orders_touch_drafts"):
        assert f"CREATE OR REPLACE TRIGGER {trigger}\n" in transaction
    assert f"WHEN (((NEW.status = 'draft') AND {guard})" not in transaction  # the WHEN is kept, the guard added
    assert f"WHEN ((NEW.status = 'draft') AND {guard})" in transaction and f"WHEN ({guard})" in transaction
    # the sync trigger fires after zz_stock_cap, which changes the column
    assert "CREATE TRIGGER zz_stock_cap_qty_schemac_sync BEFORE INSERT OR UPDATE ON shop.stock" in transaction
    assert after.index("SET schemac.backfill = 'on';") < after.index("UPDATE shop.stock SET") \
        < after.index("RESET schemac.backfill;")
    contract = after[after.index("-- contract"):]
    # put back as they were (the swap's trigger names the column: dropped and made again)
    assert "CREATE OR REPLACE TRIGGER stock_bump\n    BEFORE UPDATE ON shop.stock\n    FOR EACH ROW\n    EXECUTE" \
        in contract
    assert "DROP TRIGGER orders_touch_drafts ON shop.orders" in contract
    assert "WHEN (NEW.status = 'draft')" in contract and guard not in contract
    down = (migrations[1] / "down.sql").read_text(encoding="utf-8")
    assert down.count(guard) == 4 and "RESET schemac.backfill;" in down


def _write(conn, n):
    """A round of the writer: a stock row inserted over the cap, one there
    updated, an order set to draft."""
    conn.execute("INSERT INTO shop.stock (id, qty) VALUES (%s, 5000)", (10 * ROWS + n,))
    conn.execute("UPDATE shop.stock SET qty = 2000 + %s WHERE id = %s", (n, n))
    conn.execute("UPDATE shop.orders SET status = 'draft' WHERE id = %s", (n,))
    return n


def _fill(conn) -> None:
    conn.execute(f"INSERT INTO shop.stock (id, qty) SELECT g, g % 500 FROM generate_series(1, {ROWS}) g")
    conn.execute(f"INSERT INTO shop.orders (id, status) SELECT g, (ARRAY['draft', 'open', 'closed'])[g % 3 + 1]::"
                 f"shop.\"Status\" FROM generate_series(1, {ROWS}) g")


def _triggers(conn) -> str:
    return conn.execute("SELECT string_agg(pg_get_triggerdef(oid), ' ') FROM pg_trigger WHERE NOT tgisinternal"
                        ).fetchone()[0]


@pytest.mark.database
def test_up_and_down_beside_a_writer(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
    writer, during = beside_writer(database_url, _write, lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    hits = len([n for n in writer.inserted if n <= ROWS])  # rounds whose UPDATEs found their row
    assert hits > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        # each such round fired stock_log and stock_bump once; the backfill of the ROWS rows fired neither
        assert conn.execute("SELECT count(*) FROM shop.audit").fetchone()[0] == hits
        assert conn.execute("SELECT sum(updates) FROM shop.stock").fetchone()[0] == hits
        # zz_stock_cap fired before the sync trigger: the converted column holds what it left
        assert conn.execute("SELECT max(qty), pg_typeof(max(qty))::text FROM shop.stock").fetchone() \
            == (1000, "bigint")
        # orders_touch_drafts fired for the writer's drafts, never for the backfill of the drafts there
        assert conn.execute("SELECT count(*), sum(touched) FROM shop.orders WHERE touched > 0").fetchone() \
            == (hits, hits)
        assert conn.execute("SELECT enum_range(NULL::shop.\"Status\")::text").fetchone()[0] == "{open,draft,closed}"
        assert "schemac" not in _triggers(conn)
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FROM shop.audit").fetchone()[0] == hits
        assert conn.execute("SELECT sum(updates), max(qty) FROM shop.stock").fetchone() == (hits, 1000)
        assert conn.execute("SELECT sum(touched) FROM shop.orders").fetchone()[0] == hits
        assert conn.execute("SELECT enum_range(NULL::shop.\"Status\")::text").fetchone()[0] == "{draft,open,closed}"
        assert "schemac" not in _triggers(conn)


@pytest.mark.database
def test_what_postgresql_does_with_the_triggers(conn, database_url):
    """A trigger `UPDATE OF` a column fires neither for an UPDATE of other
    columns nor when a BEFORE trigger changes the column; BEFORE triggers
    fire in the order of their names; a role that is not a superuser cannot
    set session_replication_role (the way to skip triggers in one session)
    unless granted SET on it (PostgreSQL 15+)."""
    conn.execute("""
        CREATE TABLE t (id int PRIMARY KEY, balance int NOT NULL, changes int NOT NULL DEFAULT 0, seen int);
        CREATE FUNCTION counted() RETURNS trigger LANGUAGE plpgsql AS
            $$BEGIN NEW.changes := NEW.changes + 1; RETURN NEW; END$$;
        CREATE FUNCTION doubled() RETURNS trigger LANGUAGE plpgsql AS
            $$BEGIN NEW.balance := NEW.balance * 2; RETURN NEW; END$$;
        CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.seen := NEW.balance; RETURN NEW; END$$;
        CREATE TRIGGER m_counted BEFORE UPDATE OF balance ON t FOR EACH ROW EXECUTE FUNCTION counted();
        CREATE TRIGGER a_doubled BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION doubled();
        INSERT INTO t VALUES (1, 10);
        UPDATE t SET seen = 0;
    """)
    assert conn.execute("SELECT balance, changes FROM t").fetchone() == (20, 0)
    conn.execute("""
        DROP TRIGGER a_doubled ON t;
        CREATE TRIGGER u_doubled BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION doubled();
        CREATE TRIGGER t_seen BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION seen();
        UPDATE t SET balance = 5;
    """)
    assert conn.execute("SELECT balance, seen FROM t").fetchone() == (10, 5)  # t_seen ran before u_doubled
    conn.execute("ALTER TRIGGER t_seen ON t RENAME TO u_doubled_balance_schemac_sync; UPDATE t SET balance = 5")
    assert conn.execute("SELECT balance, seen FROM t").fetchone() == (10, 10)
    role = conn.execute("SELECT current_database() || '_owner'").fetchone()[0]
    conn.execute(f'CREATE ROLE "{role}" LOGIN; ALTER TABLE t OWNER TO "{role}"')
    conn.commit()
    try:
        with psycopg.connect(database_url, autocommit=True) as owner:
            owner.execute(f'SET ROLE "{role}"')
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                owner.execute("SET session_replication_role = replica")
    finally:
        conn.execute(f'DROP OWNED BY "{role}"; DROP ROLE "{role}"')
        conn.commit()
