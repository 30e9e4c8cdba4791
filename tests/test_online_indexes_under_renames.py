"""Online index steps on tables the migration renames, or whose columns it
renames (compiler/online/under_renames.py, compiler/online/rebuilt_indexes.py):
a new unique index on a renamed table, built CONCURRENTLY after COMMIT, with
a new table referencing it, and a changed one there, swapped in; a changed partial index over a renamed column,
swapped in after COMMIT (down.sql builds the previous version as the specs
wrote it before the renames, once its renames back ran); a partial index
over a column renamed and widened, dropped before the instant type change
and built CONCURRENTLY after COMMIT. Proven with psql on real PostgreSQL:
up beside a writer that is never blocked beyond its lock_timeout, verify,
down, verify, up again."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
      code: text
    indexes:
      - {name: parent_code_short, columns: [id], where: "length(code) < 4"}
  lots:
    columns:
      id: {type: integer, primary_key: true}
      qty: integer
    indexes:
      - {name: lots_big, columns: [id], where: qty > 100}
  t:
    columns:
      id: {type: integer, primary_key: true}
      sector: varchar(50)
    indexes:
      - {columns: [sector], where: sector is not null}
"""

AFTER = """\
domain: shop
tables:
  mother:
    renamed_from: parent
    columns:
      id: {type: integer, primary_key: true}
      code: text
    indexes:
      - {columns: [code], unique: true, name: mother_code_idx}
      - {name: parent_code_short, columns: [id], where: "length(code) < 3"}
  child:
    columns:
      id: {type: integer, primary_key: true}
      mother_code: {type: text, references: mother.code}
  lots:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: integer, renamed_from: qty}
    indexes:
      - {name: lots_big, columns: [id], where: amount > 1000}
  t:
    columns:
      id: {type: integer, primary_key: true}
      industry: {type: varchar(100), renamed_from: sector}
    indexes:
      - {columns: [industry], where: industry is not null}
"""

ROWS = 20_000


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "renames")


def test_the_builds_run_after_commit_under_the_new_names(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "CREATE INDEX" not in transaction and "CREATE UNIQUE INDEX" not in transaction
    assert "DROP INDEX public.t_industry_idx;" in transaction  # before the type change, which then builds nothing
    for built in ("CREATE UNIQUE INDEX CONCURRENTLY mother_code_idx ON public.mother (code);",
                  "CREATE INDEX CONCURRENTLY lots_big_schemac_tmp ON public.lots (id) WHERE (amount > 1000);",
                  "CREATE INDEX CONCURRENTLY parent_code_short_schemac_tmp ON public.mother (id) "
                  "WHERE (length(code) < 3);",
                  "CREATE INDEX CONCURRENTLY t_industry_idx ON public.t (industry) WHERE (industry is not null);"):
        assert built in after, built
    down = (migrations[1] / "down.sql").read_text(encoding="utf-8")
    transaction, _, after = down.partition("COMMIT;")
    # after its renames back: the previous version as the specs wrote it, the new names gone
    assert "CREATE INDEX CONCURRENTLY lots_big ON public.lots (id) WHERE (qty > 100);" in after
    assert "CREATE INDEX CONCURRENTLY parent_code_short ON public.parent (id) WHERE (length(code) < 4);" in after
    assert "DROP INDEX CONCURRENTLY IF EXISTS public.mother_code_idx;" in after
    assert "amount" not in after and "mother" not in after.replace("mother_code_idx", "")


def _indexes(conn) -> list[tuple[str, str, bool]]:
    return conn.execute(
        "SELECT c.relname::text, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' ORDER BY 1").fetchall()


def _writes(base: int):
    """A round of the writer: rows inserted into the tables whose names stay
    (by position: their columns are renamed), each in the partial indexes."""
    def write(conn, n):
        key = base + n
        conn.execute("INSERT INTO lots VALUES (%s, 5000)", (key,))
        conn.execute("INSERT INTO t VALUES (%s, 'w')", (key,))
        return key
    return write


@pytest.mark.database
def test_up_beside_a_writer_down_and_up_again(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(f"INSERT INTO parent SELECT g, 'c' || g FROM generate_series(1, {ROWS}) g")
        conn.execute(f"INSERT INTO lots SELECT g, g % 2000 FROM generate_series(1, {ROWS}) g")
        conn.execute(f"INSERT INTO t SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 's' || g END "
                     f"FROM generate_series(1, {ROWS}) g")
        before = _indexes(conn)
    writer, during = beside_writer(database_url, _writes(10 * ROWS),
                                   lambda: psql_file_ok(database_url, second / "up.sql"), settle=0.2)
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        indexes = {name: (definition, valid) for name, definition, valid in _indexes(conn)}
        assert indexes["lots_big"] == ("CREATE INDEX lots_big ON public.lots USING btree (id) WHERE (amount > 1000)",
                                       True)
        assert indexes["mother_code_idx"][1] and indexes["t_industry_idx"][1]
        assert "lots_big_schemac_tmp" not in indexes
        # the rows written while the indexes were built are in them: read through each, as by a scan
        queries = {"lots_big": "SELECT count(*) FROM lots WHERE amount > 1000",
                   "t_industry_idx": "SELECT count(*) FROM t WHERE industry IS NOT NULL"}
        scanned = {name: conn.execute(query).fetchone()[0] for name, query in queries.items()}
        assert scanned == {"lots_big": len(writer.inserted) + ROWS // 2000 * 999,
                           "t_industry_idx": len(writer.inserted) + ROWS - ROWS // 3}
        conn.execute("SET enable_seqscan = off")
        for name, query in queries.items():
            plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + query).fetchall())
            assert name in plan, plan
            assert conn.execute(query).fetchone()[0] == scanned[name]
        conn.execute("RESET enable_seqscan")
        conn.execute("INSERT INTO child VALUES (1, 'c7')")
        assert conn.execute("SELECT count(*) FROM child JOIN mother ON mother.code = child.mother_code"
                            ).fetchone()[0] == 1
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert _indexes(conn) == before
        assert conn.execute("SELECT count(*) FROM lots WHERE qty > 100 AND id <= %s", (ROWS,)).fetchone()[0] \
            == ROWS - ROWS // 2000 * 101
    psql_file_ok(database_url, second / "up.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
