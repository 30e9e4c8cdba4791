"""Online mode for foreign keys around keys built after COMMIT (compiler/
online/indexes.py, compiler/ops/online_foreign_keys.py, compiler/plan/
placement.py): a key under foreign keys replaced, with rows, run with psql up
and down; the steps after COMMIT run again find their work done. And what
PostgreSQL lacks for exclusion constraints and temporal keys, which keep
their transactional form."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect, run_script, server_version
from compiler.apply.psql import run_psql_file
from tests.helpers import spec_migration

BEFORE = """\
domain: shop
schema: shop
tables:
  items:
    columns:
      id: {type: bigint, primary_key: true}
      sku: text
      kind: text
    unique:
      - {columns: [sku], name: items_sku_key}
  lines:
    columns:
      id: {type: bigint, primary_key: true}
      sku: {type: text, references: items.sku}
"""

# the unique constraint under the foreign key becomes a unique index; a new table references it
AFTER = """\
domain: shop
schema: shop
tables:
  items:
    columns:
      id: {type: bigint, primary_key: true}
      sku: text
      kind: text
    indexes:
      - {columns: [sku], unique: true, name: items_sku_idx}
  lines:
    columns:
      id: {type: bigint, primary_key: true}
      sku: {type: text, references: items.sku}
  notes:
    columns:
      id: {type: bigint, primary_key: true}
      sku: {type: text, references: items.sku}
"""

ROWS = ("INSERT INTO shop.items SELECT g, 'sku-' || g, 'k' FROM generate_series(1, 2000) g; "
        "INSERT INTO shop.lines SELECT g, 'sku-' || g FROM generate_series(1, 2000) g")

FOREIGN_KEYS = """
SELECT conrelid::regclass::text, conname::text, convalidated, confkey = ARRAY[2::int2], conindid::regclass::text
  FROM pg_constraint WHERE contype = 'f' AND connamespace = 'shop'::regnamespace ORDER BY 1, 2
"""


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    (tmp_path / "schemac.yaml").write_text("migrations: {mode: online}\n", encoding="utf-8")
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "rebound")


def _parts(script: Path) -> tuple[str, str]:
    transaction, _, after = script.read_text(encoding="utf-8").partition("\nCOMMIT;\n")
    return transaction, after


def test_the_foreign_keys_leave_only_around_the_swap(migrations):
    transaction, after = _parts(migrations[1] / "up.sql")
    # nothing of the keys in the transaction: the new table is made there without its foreign key
    assert "items_sku" not in transaction and "REFERENCES" not in transaction and "CREATE TABLE shop.notes" \
        in transaction
    for fk in ("lines_sku_fkey", "notes_sku_fkey"):
        order = ["CREATE UNIQUE INDEX CONCURRENTLY items_sku_idx", "ALTER TABLE shop.lines DROP CONSTRAINT IF EXISTS",
                 "ALTER TABLE shop.items DROP CONSTRAINT IF EXISTS items_sku_key",
                 f"ADD CONSTRAINT {fk} FOREIGN KEY (sku) REFERENCES shop.items (sku) NOT VALID",
                 f"VALIDATE CONSTRAINT {fk}"]
        at = [after.find(part) for part in order]
        assert -1 not in at and at == sorted(at), dict(zip(order, at))


@pytest.mark.database
def test_up_again_and_down_with_psql(migrations, database_url):
    first, second = migrations
    assert run_psql_file(database_url, first / "up.sql").returncode == 0
    with connect(database_url) as conn:
        run_script(conn, ROWS, "rows")
    run = run_psql_file(database_url, second / "up.sql")
    assert run.returncode == 0, run.stderr
    expected = [("shop.lines", "lines_sku_fkey", True, True, "shop.items_sku_idx"),
                ("shop.notes", "notes_sku_fkey", True, True, "shop.items_sku_idx")]
    with connect(database_url) as conn:
        assert conn.execute(FOREIGN_KEYS).fetchall() == expected
    # a run of the steps from the foreign key's drop on that was not recorded: they find their work done
    up = (second / "up.sql").read_text(encoding="utf-8")
    again = second.parent / "again.sql"
    again.write_text(up[up.rindex("-- step", 0, up.index("ALTER TABLE shop.lines DROP CONSTRAINT")):],
                     encoding="utf-8")
    run = run_psql_file(database_url, again)
    assert run.returncode == 0, run.stderr
    with connect(database_url) as conn:
        assert conn.execute(FOREIGN_KEYS).fetchall() == expected
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("INSERT INTO shop.notes VALUES (1, 'no such sku')")
    run = run_psql_file(database_url, second / "down.sql")
    assert run.returncode == 0, run.stderr
    with connect(database_url) as conn:
        assert conn.execute(FOREIGN_KEYS).fetchall() == [
            ("shop.lines", "lines_sku_fkey", True, True, "shop.items_sku_key")]


def test_exclusion_constraints_and_temporal_keys_keep_their_transactional_form(conn):
    """PostgreSQL attaches an existing index only to a UNIQUE or PRIMARY KEY
    constraint, and only a unique btree index (a GiST index cannot be
    unique), while CREATE INDEX cannot say WITHOUT OVERLAPS: no online form
    for an exclusion constraint or a temporal key (docs/online.md)."""
    run_script(conn, "CREATE TABLE r (id int, during int4range); CREATE INDEX r_gist ON r USING gist (during)",
               "setup")
    with pytest.raises(psycopg.errors.SyntaxError):
        conn.execute("ALTER TABLE r ADD CONSTRAINT r_excl EXCLUDE USING INDEX r_gist")
    conn.rollback()
    with pytest.raises(psycopg.errors.WrongObjectType, match="not a unique index"):
        conn.execute("ALTER TABLE r ADD CONSTRAINT r_key UNIQUE USING INDEX r_gist")
    conn.rollback()
    if server_version(conn) >= 180000:
        with pytest.raises(psycopg.errors.SyntaxError):  # WITHOUT OVERLAPS is written in a constraint only
            conn.execute("CREATE UNIQUE INDEX r_temporal ON r USING gist (id, during WITHOUT OVERLAPS)")
        conn.rollback()
