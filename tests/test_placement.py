"""Steps after COMMIT never run before what they depend on, nor after what
depends on them (compiler/plan/placement.py): proven with psql on real
PostgreSQL, up and down."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.apply.psql import run_psql_file
from tests.helpers import spec_migration

BEFORE = """\
domain: shop
tables:
  t:
    columns:
      id: {type: bigint, primary_key: true}
"""

AFTER = """\
domain: shop
tables:
  t:
    columns:
      id: {type: bigint, primary_key: true}
      c: text
      code: text
    indexes:
      - {columns: [c], concurrently: true}
      - {columns: [code], unique: true, concurrently: true}
  u:
    columns:
      id: {type: bigint, primary_key: true}
      code: {type: text, references: t.code}
"""


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "indexes")


def test_steps_after_commit_are_placed_offline(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    down = (migrations[1] / "down.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    # the new table's foreign key binds to the unique index built CONCURRENTLY: it follows it after COMMIT
    assert "CREATE TABLE public.u" in transaction and "REFERENCES" not in transaction
    assert after.index("CREATE UNIQUE INDEX CONCURRENTLY t_code_idx") < after.index("ADD CONSTRAINT u_code_fkey") \
        < after.index("VALIDATE CONSTRAINT u_code_fkey")
    assert "NOT VALID" in after and "CREATE INDEX CONCURRENTLY t_c_idx" in after
    # down.sql drops the index on c before the column, so inside its transaction
    transaction, _, after = down.partition("COMMIT;")
    assert transaction.index("DROP INDEX public.t_c_idx") < transaction.index("DROP COLUMN c")
    assert "t_c_idx" not in after


@pytest.mark.database
def test_up_and_down_run_with_psql(migrations, database_url):
    first, second = migrations
    for script in (first / "up.sql", second / "up.sql"):
        run = run_psql_file(database_url, script)
        assert run.returncode == 0, run.stderr
    with connect(database_url) as conn:
        assert conn.execute("SELECT conname::text, convalidated FROM pg_constraint WHERE contype = 'f'").fetchall() \
            == [("u_code_fkey", True)]
    # the foreign key's steps after COMMIT can run again (a run that was not recorded): they find it there
    up = (second / "up.sql").read_text(encoding="utf-8")
    again = second.parent / "foreign_key_again.sql"
    again.write_text(up[up.rindex("-- step", 0, up.index("ADD CONSTRAINT u_code_fkey")):], encoding="utf-8")
    run = run_psql_file(database_url, again)
    assert run.returncode == 0, run.stderr
    run = run_psql_file(database_url, second / "down.sql")
    assert run.returncode == 0, run.stderr
    with connect(database_url) as conn:
        indexes = [r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                                              "ORDER BY 1")]
        columns = [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = 'public.t'::regclass "
                                              "AND attnum > 0 AND NOT attisdropped")]
    assert indexes == ["t_pkey"] and columns == ["id"]
