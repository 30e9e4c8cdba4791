"""Online type changes and enum swaps whose migration has steps waiting for
the swap (compiler/plan/after_swap.py): the old enum dropped, a column
renamed, a referencing table dropped, a view changed under a view over the
column, a check reading columns of two swaps, a foreign key on an enum
swapped under it whose key is replaced. Each goes online: the steps
that wait run after the swap, after COMMIT (or in the contract), proven
with psql on real PostgreSQL, up, verify, down, verify, up again, beside a
writer that is never blocked beyond its lock_timeout."""

from __future__ import annotations

import re

import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

# The tables both versions have: orders' amount of type <amount>, and
# tier_parent's key on tier (<tier_key>: a unique constraint, then a unique index).
ORDERS_AND_TIERS = """\
  customers:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text, nullable: false}
  orders:
    columns:
      id: {type: integer, primary_key: true}
      customer_id: {type: integer, nullable: false}
      amount: {type: <amount>, nullable: false}
      stage: {type: Stage, nullable: false, default: NEW}
    checks:
      done_has_amount: stage <> 'DONE' or amount > 0
  tier_parent:
    columns:
      id: {type: integer, primary_key: true}
      tier: Tier
<tier_key>
  tier_child:
    columns:
      id: {type: integer, primary_key: true}
      tier: Tier
    foreign_keys:
      - {columns: [tier], references: {table: tier_parent, columns: [tier]}}
"""


def _orders_and_tiers(amount: str, tier_key: str) -> str:
    return ORDERS_AND_TIERS.replace("<amount>", amount).replace("<tier_key>", tier_key)


BEFORE = """\
domain: shop
enums:
  old_status: [draft, sent, paid]
  Stage: [NEW, OPEN, DONE]
  Tier: [NEW, OPEN, DONE]
tables:
  invoices:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: old_status, nullable: false, default: draft}
  readings:
    columns:
      id: {type: integer, primary_key: true}
      temp: {type: real, nullable: false, check: temp > -300}
  account:
    columns:
      id: {type: uuid, primary_key: true}
  payment:
    columns:
      id: {type: integer, primary_key: true}
      account_id: {type: uuid, references: account.id}
""" + _orders_and_tiers("integer", "    unique: [tier]") + """\
views:
  customer_names: {query: "select id, name, 'x' as tag from customers"}
  order_lines: {query: "select o.id, c.name, o.amount from orders o join customer_names c on c.id = o.customer_id"}
"""

AFTER = """\
domain: shop
enums:
  new_status: [draft, sent, paid]
  Stage:
    values: [NEW, DONE]
    remap: {OPEN: NEW}
  Tier:
    values: [NEW, DONE]
    remap: {OPEN: NEW}
tables:
  invoices:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: new_status, nullable: false, default: draft}
  readings:
    columns:
      id: {type: integer, primary_key: true}
      temperature: {type: double precision, nullable: false, renamed_from: temp, check: temperature > -300}
  account:
    columns:
      id: {type: text, primary_key: true}
""" + _orders_and_tiers(
    "bigint", "    indexes:\n      - {columns: [tier], unique: true, name: tier_parent_tier_idx}") + """\
views:
  customer_names: {query: "select id, name from customers"}
  order_lines: {query: "select o.id, c.name, o.amount from orders o join customer_names c on c.id = o.customer_id"}
accept_destructive: [table:public.payment, enum:public.Stage:values, enum:public.Tier:values, enum:public.old_status]
"""

ROWS = 3 * BATCH_ROWS  # several batches of each backfill


@pytest.fixture
def migrations(tmp_path):
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "after_swaps")


def _fill(conn) -> None:
    conn.execute(f"INSERT INTO invoices SELECT g, (ARRAY['draft', 'sent', 'paid'])[g % 3 + 1]::old_status "
                 f"FROM generate_series(1, {ROWS}) g")
    conn.execute(f"INSERT INTO readings SELECT g, g / 10.0 FROM generate_series(1, {ROWS}) g")
    conn.execute(f"INSERT INTO account SELECT gen_random_uuid() FROM generate_series(1, {ROWS}) g")
    conn.execute("INSERT INTO payment SELECT row_number() OVER (), id FROM account")
    conn.execute("INSERT INTO customers VALUES (1, 'one')")
    conn.execute(f"INSERT INTO orders SELECT g, 1, g, (ARRAY['NEW', 'OPEN', 'DONE'])[g % 3 + 1]::\"Stage\" "
                 f"FROM generate_series(1, {ROWS}) g")
    conn.execute("INSERT INTO tier_parent VALUES (1, 'NEW'), (2, 'DONE')")
    conn.execute(f"INSERT INTO tier_child SELECT g, (ARRAY['NEW', 'DONE'])[g % 2 + 1]::\"Tier\" "
                 f"FROM generate_series(1, {ROWS}) g")


def _writes(base: int):
    """A round of the writer: an invoice and an order inserted (with values
    both versions accept), an order there updated."""
    def write(conn, n):
        key = base + n
        conn.execute("INSERT INTO invoices (id, status) VALUES (%s, 'sent')", (key,))
        conn.execute("INSERT INTO orders (id, customer_id, amount, stage) VALUES (%s, 1, %s, 'DONE')", (key, key))
        conn.execute("UPDATE orders SET amount = amount + 1 WHERE id = %s", (n % ROWS + 1,))
        conn.execute("INSERT INTO tier_child (id, tier) VALUES (%s, 'DONE')", (key,))
        return key
    return write


_BLOCKING = re.compile(r"^-- lock: (share|share_row_exclusive|access_exclusive); (rewrites the table|reads every row)$",
                       re.MULTILINE)


def test_steps_waiting_for_the_swaps_follow_them(migrations):
    first, second = migrations
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert _BLOCKING.findall(up) == []  # no step holds a lock that blocks writes while it reads or rewrites rows
    transaction, after_commit = up.split("\nCOMMIT;\n", 1)
    # nothing rewrites in the transaction: the type changes and the swap are online
    assert "TYPE bigint" not in transaction and "ALTER COLUMN stage TYPE" not in transaction
    # the old enum is dropped after the contract that frees it, the check added back after both swaps
    assert "DROP TYPE public.old_status" not in transaction
    assert after_commit.index("DROP TYPE public.old_status") > after_commit.index("DROP COLUMN status;")
    added = after_commit.index("ADD CONSTRAINT done_has_amount")
    assert added > after_commit.index("DROP COLUMN amount;") and added > after_commit.index("DROP COLUMN stage;")
    # the referencing table goes in the transaction, before the expand of its key
    assert "DROP TABLE public.payment" in transaction
    # a foreign key on an enum-swapped column: dropped first, added back after the swap and the new unique index
    assert "DROP CONSTRAINT tier_child_tier_fkey" in transaction and "tier_parent_tier_key" in transaction
    fk = after_commit.index("ADD CONSTRAINT tier_child_tier_fkey")
    assert fk > after_commit.index("CREATE UNIQUE INDEX CONCURRENTLY tier_parent_tier_idx") \
        > after_commit.index("DROP COLUMN tier;")
    down = (second / "down.sql").read_text(encoding="utf-8")
    assert "rewrites the table" not in down  # (its swap back reads the rows under the contract's lock, as ever)
    down_transaction, down_after = down.split("\nCOMMIT;\n", 1)
    # down.sql renames back and adds the foreign key back after the swaps back
    assert "RENAME COLUMN temperature TO temp" in down_after and "payment_account_id_fkey" in down_after
    assert "RENAME COLUMN temperature TO temp" not in down_transaction
    assert "DROP TYPE public.new_status" in down_after


@pytest.mark.database
def test_up_down_and_up_again_beside_a_writer(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
    writer, during = beside_writer(database_url, _writes(10 * ROWS), lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FILTER (WHERE status::text = (ARRAY['draft', 'sent', 'paid'])[id %% 3 + 1]) "
                            "FROM invoices WHERE id <= %s", (ROWS,)).fetchone()[0] == ROWS
        assert conn.execute("SELECT count(*) FILTER (WHERE stage::text = CASE WHEN id %% 3 = 2 THEN 'DONE' "
                            "ELSE 'NEW' END) FROM orders WHERE id <= %s", (ROWS,)).fetchone()[0] == ROWS
        assert conn.execute("SELECT count(*) FROM order_lines WHERE id = ANY(%s)", (writer.inserted,)
                            ).fetchone()[0] == len(writer.inserted)
        assert conn.execute("SELECT count(*) FROM pg_constraint WHERE conname IN ('done_has_amount', "
                            "'readings_temperature_check') AND convalidated").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM pg_type WHERE typname = 'old_status'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FILTER (WHERE tier::text = (ARRAY['NEW', 'DONE'])[id %% 2 + 1]) "
                            "FROM tier_child WHERE id <= %s", (ROWS,)).fetchone()[0] == ROWS
        assert conn.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'tier_child_tier_fkey'"
                            ).fetchone()[0]
    writer, during = beside_writer(database_url, _writes(20 * ROWS), lambda: psql_file_ok(database_url, second / "down.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FROM readings WHERE temp = (id / 10.0)::real").fetchone()[0] == ROWS
        conn.execute("DELETE FROM orders WHERE id > %s", (ROWS,))
        conn.execute("DELETE FROM invoices WHERE id > %s", (ROWS,))
        conn.execute("DELETE FROM tier_child WHERE id > %s", (ROWS,))
    psql_file_ok(database_url, second / "up.sql")  # and up again
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
