"""Online mode for an identity added to an existing column and for a primary
key whose new columns become NOT NULL (docs/online.md): measured on
PostgreSQL, then run with psql beside a writer.

- Attaching an identity to a NOT NULL column and setting its sequence past
  `max(column)` reads no row when an index starts with the column (the
  steps of compiler/ops/online_identity.py); without the index, the max
  is a scan under ACCESS EXCLUSIVE, which is why online mode builds a
  temporary one.
- One migration adds an identity to a nullable column without an index,
  widens a column made identity (expand/contract, the identity attached
  after the contract) and moves a primary key onto a nullable column: a
  writer updating the three tables is never blocked longer than its
  lock_timeout by up.sql or down.sql, and each identity goes on after the
  largest value."""

from __future__ import annotations

import pytest

from compiler.apply import connect
from compiler.catalog.objects import Column, TypeRef
from compiler.deploy.verification import discrepancies
from compiler.ops.online_identity import AttachColumnIdentity
from compiler.render.migration import render_op
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

ROWS = 3000

_STORAGE = "SELECT relfilenode, pg_stat_get_xact_numscans(oid) FROM pg_class WHERE oid = %s::regclass"


def _attach(table: str) -> AttachColumnIdentity:
    integer = TypeRef("integer")
    return AttachColumnIdentity("public", table, "id", before=Column("id", integer, nullable=False),
                                after=Column("id", integer, identity="always"), inside=True)


def test_the_identity_is_attached_without_reading_the_rows_when_an_index_gives_the_largest_value(conn):
    for table in ("indexed", "bare"):
        conn.execute(f"CREATE TABLE {table} (id integer NOT NULL, name text)")
        conn.execute(f"INSERT INTO {table} SELECT g, 'r' FROM generate_series(1, {ROWS}) g")
    conn.execute("CREATE INDEX indexed_id ON indexed (id)")
    conn.execute("ANALYZE indexed, bare")
    conn.commit()
    found = {}
    for table in ("indexed", "bare"):
        with conn.transaction():
            before = conn.execute(_STORAGE, (table,)).fetchone()
            conn.execute(render_op(_attach(table)).encode("utf-8"), prepare=False)
            after = conn.execute(_STORAGE, (table,)).fetchone()
        found[table] = (before[0] != after[0], after[1] - before[1] > 0)  # (rewritten, scanned)
        assert conn.execute(f"INSERT INTO {table} (name) VALUES ('new') RETURNING id").fetchone() == (ROWS + 1,)
    assert found == {"indexed": (False, False), "bare": (False, True)}


BEFORE = """\
domain: shop
tables:
  ticket:
    columns:
      id: integer
      name: text
  player:
    columns:
      id: {type: integer, nullable: false, default: 0}
      score: real
  slot:
    columns:
      a: {type: integer, nullable: false}
      b: integer
    primary_key: {columns: [a], name: slot_pk}
"""

AFTER = """\
domain: shop
tables:
  ticket:
    columns:
      id: {type: integer, identity: always}
      name: text
  player:
    columns:
      id: {type: bigint, identity: by_default}
      score: double precision
  slot:
    columns:
      a: {type: integer, nullable: false}
      b: integer
    primary_key: {columns: [a, b], name: slot_pk}
"""

FILL = f"""
INSERT INTO public.ticket SELECT g, 't' FROM generate_series(1, {ROWS}) g;
INSERT INTO public.player SELECT g * 2, g FROM generate_series(1, {ROWS}) g;
INSERT INTO public.slot SELECT g, g FROM generate_series(1, {ROWS}) g;
ANALYZE public.ticket, public.player, public.slot;
"""


def _write(conn, n: int) -> int:
    key = n % ROWS + 1
    conn.execute("UPDATE ticket SET name = %s WHERE id = %s", (f"w{n}", key))
    conn.execute("UPDATE player SET score = score + 1 WHERE id = %s", (2 * key,))
    conn.execute("UPDATE slot SET b = b WHERE a = %s", (key,))
    return key


def _identities(conn) -> list[tuple]:
    return conn.execute(
        "SELECT c.relname::text, a.attname::text, a.attidentity::text, a.attnotnull, format_type(a.atttypid, NULL) "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "WHERE c.relname IN ('ticket', 'player', 'slot') AND a.attnum > 0 AND NOT a.attisdropped "
        "AND a.attname IN ('id', 'b') ORDER BY 1, 2").fetchall()


@pytest.mark.database
def test_identities_and_a_key_on_a_new_not_null_column_never_block_a_writer(database_url, tmp_path):
    (tmp_path / "specs").mkdir()
    first = spec_migration(tmp_path, BEFORE, "initial")
    second = spec_migration(tmp_path, AFTER, "identities")
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert "CREATE INDEX CONCURRENTLY ticket_id_identity_schemac_tmp" in up and "ADD COLUMN id_schemac_new" in up
    assert "ADD CONSTRAINT slot_pk PRIMARY KEY USING INDEX" in up
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(FILL)
        conn.commit()
        before = _identities(conn)
    # the writer notices a lock held longer than its lock_timeout (so the runs below can fail)
    held = tmp_path / "held.sql"
    held.write_text("BEGIN;\nLOCK TABLE slot IN SHARE MODE;\nSELECT pg_sleep(1);\nCOMMIT;\n", encoding="utf-8")
    writer, _ = beside_writer(database_url, _write, lambda: psql_file_ok(database_url, held))
    assert any("LockNotAvailable" in f for f in writer.failures)

    for script, verify in (("up.sql", second), ("down.sql", first), ("up.sql", second)):
        writer, during = beside_writer(database_url, _write, lambda: psql_file_ok(database_url, second / script))
        assert writer.failures == [], f"{script}: {writer.failures[:3]}"
        assert during > 0, f"{script}: the writer wrote nothing while it ran"
        with connect(database_url) as conn:
            assert discrepancies(conn, (verify / "verify.sql").read_text(encoding="utf-8")) == [], script
            if verify is first:
                assert _identities(conn) == before
    with connect(database_url) as conn:
        assert _identities(conn) == [("player", "id", "d", True, "bigint"), ("slot", "b", "", True, "integer"),
                                     ("ticket", "id", "a", True, "integer")]
        # each identity goes on after the largest value; no temporary index or check is left
        assert conn.execute("INSERT INTO ticket (name) VALUES ('n') RETURNING id").fetchone() == (ROWS + 1,)
        assert conn.execute("INSERT INTO player (score) VALUES (0) RETURNING id").fetchone() == (2 * ROWS + 1,)
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE '%schemac%'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'schemac%'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM slot WHERE b = a").fetchone() == (ROWS,)


def test_an_identity_replacing_a_serial_cannot_wait_for_an_online_type_change(tmp_path, capsys):
    """The serial's sequence is dropped in the transaction, while the default
    that draws from it would stay until the identity is attached after the
    contract: `using: {online: true}` is a spec error there."""
    from compiler.cli import main as schemac_main
    (tmp_path / "specs").mkdir()
    spec_migration(tmp_path, "domain: shop\ntables:\n  t:\n    columns:\n      id: serial\n", "initial")
    (tmp_path / "specs" / "shop.yaml").write_text(
        "domain: shop\ntables:\n  t:\n    columns:\n"
        "      id: {type: bigint, identity: always, using: {online: true}}\n", encoding="utf-8")
    assert schemac_main(["-C", str(tmp_path), "generate", "--name", "identity"]) != 0
    err = capsys.readouterr().err
    assert "shop.yaml:5:" in err and "becomes an identity column" in err and "Traceback" not in err
