"""Types made anew with their columns converted, online (compiler/online/
type_swap.py): an enum swapped (a value removed and remapped, one renamed,
the values reordered) and a domain whose base type changes, on tables with
rows enough for several backfill batches, run with psql (up, verify, down,
up again) while a writer on a second connection is never blocked beyond
its lock_timeout; a backfill that failed on a row is resumed by `schemac
apply`."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import connect
from compiler.cli import main as schemac_main
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
enums:
  Status: [draft, active, cancelled, closed, archived]
domains:
  qty: {type: integer}
tables:
  orders:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: Status, nullable: false, default: draft}
      history: "Status[]"
      amount: qty
    indexes:
      - {columns: [status]}
    checks:
      archived_has_history: "status <> 'closed' OR history IS NOT NULL"
views:
  drafts: {query: "select id, status from orders where status = 'draft'"}
"""

AFTER = """\
domain: shop
enums:
  Status:
    values: [closed, draft, {name: open, renamed_from: active}]
    remap: {cancelled: closed}
domains:
  qty: {type: bigint}
tables:
  orders:
    columns:
      id: {type: integer, primary_key: true}
      status: {type: Status, nullable: false, default: draft}
      history: "Status[]"
      amount: qty
    indexes:
      - {columns: [status]}
    checks:
      archived_has_history: "status <> 'closed' OR history IS NOT NULL"
views:
  drafts: {query: "select id, status from orders where status = 'draft'"}
accept_destructive: [enum:public.Status:values]
"""

ROWS = 5 * BATCH_ROWS
_LABELS = "(ARRAY['draft', 'active', 'cancelled', 'closed'])[g % 4 + 1]::\"Status\""


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "swap")


def _fill(conn) -> None:
    conn.execute(f"INSERT INTO orders (id, status, history, amount) SELECT g, {_LABELS}, "
                 f"ARRAY[{_LABELS}, 'active'], g FROM generate_series(1, {ROWS}) g")


def _write(conn, n):
    """A round of the writer: an order inserted, one there updated."""
    conn.execute("INSERT INTO orders (id, history, amount) VALUES (%s, '{draft}', 7)", (10 * ROWS + n,))
    conn.execute("UPDATE orders SET amount = amount + 1 WHERE id = %s", (n * 7 % ROWS + 1,))
    return 10 * ROWS + n


def test_the_swap_runs_after_commit(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert 'CREATE TYPE public."Status_schemac_new" AS ENUM' in transaction
    assert "CREATE DOMAIN public.qty_schemac_new AS bigint" in transaction
    assert "ALTER COLUMN status TYPE" not in up and "ALTER COLUMN amount TYPE" not in up  # no table rewrite
    assert ("(CASE NEW.status::text WHEN 'active' THEN 'open' WHEN 'cancelled' THEN 'closed' ELSE NEW.status::text "
            'END)::public."Status_schemac_new"') in transaction
    start = after.rindex("-- contract", 0, after.index('RENAME TO "Status"'))
    contract = after[start:]
    assert contract.index("DROP VIEW public.drafts") < contract.index('DROP TYPE public."Status"') \
        < contract.index('ALTER TYPE public."Status_schemac_new" RENAME TO "Status"') \
        < contract.index("CREATE VIEW public.drafts")
    assert "ADD CONSTRAINT archived_has_history CHECK" in contract and "NOT VALID" in contract
    assert after.index("CREATE INDEX CONCURRENTLY orders_status_idx_schemac_new") < start
    assert "VALIDATE CONSTRAINT archived_has_history" in contract[contract.index("COMMIT;"):]


@pytest.mark.database
def test_up_verify_and_down_with_psql_beside_a_writer(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
    writer, during = beside_writer(database_url, _write, lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        counts = conn.execute(
            "SELECT status::text, count(*) FILTER (WHERE history[2] = 'open'), count(*) FROM orders "
            "WHERE id <= %s GROUP BY 1 ORDER BY 1", (ROWS,)).fetchall()
        assert counts == [("closed", ROWS // 2, ROWS // 2), ("draft", ROWS // 4, ROWS // 4),
                          ("open", ROWS // 4, ROWS // 4)]
        assert conn.execute("SELECT count(*) FROM orders WHERE id = ANY(%s) AND status = 'draft' "
                            "AND history = '{draft}' AND pg_typeof(amount) = 'qty'::regtype",
                            (writer.inserted,)).fetchone()[0] == len(writer.inserted)
        assert conn.execute("SELECT count(*) FROM drafts WHERE id <= %s", (ROWS,)).fetchone()[0] == ROWS // 4
        assert conn.execute("SELECT enum_range(NULL::\"Status\")::text").fetchone()[0] == "{closed,draft,open}"
        assert conn.execute("SELECT count(*) FROM pg_type WHERE typname LIKE '%schemac%'").fetchone()[0] == 0
        assert conn.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'archived_has_history'"
                            ).fetchone()[0]
        conn.execute("INSERT INTO orders (id) VALUES (%s)", (20 * ROWS,))  # the default is back
        assert conn.execute("SELECT status::text FROM orders WHERE id = %s", (20 * ROWS,)).fetchone()[0] == "draft"
        conn.execute("DELETE FROM orders WHERE id = %s", (20 * ROWS,))
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT status::text, count(*) FROM orders WHERE id <= %s GROUP BY 1 ORDER BY 1",
                            (ROWS,)).fetchall() == [("active", ROWS // 4), ("closed", ROWS // 2),
                                                    ("draft", ROWS // 4)]  # remapped rows stay closed
        assert conn.execute("SELECT count(*) FROM drafts WHERE id <= %s", (ROWS,)).fetchone()[0] == ROWS // 4
    psql_file_ok(database_url, second / "up.sql")  # and up again
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []


@pytest.mark.database
def test_schemac_apply_resumes_a_backfill_that_failed(migrations, database_url, capsys):
    """A value the new type lacks (archived, removed without a remap) stops
    the backfill after some batches; once the row is fixed, `schemac apply`
    resumes at that step and converts only the rows left."""
    project = migrations[0].parent.parent.parent
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url, "--to", "1"]) == 0
    with connect(database_url) as conn:
        _fill(conn)
        conn.execute("UPDATE orders SET status = 'archived' WHERE id = %s", (3 * BATCH_ROWS + 1,))
    capsys.readouterr()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) != 0
    assert 'invalid input value for enum "Status_schemac_new": "archived"' in capsys.readouterr().err
    with connect(database_url) as conn:
        done = conn.execute("SELECT count(status_schemac_new) FROM orders").fetchone()[0]
        assert 3 * BATCH_ROWS <= done < ROWS  # the batches before the bad row stay converted
        conn.execute("UPDATE orders SET status = 'draft' WHERE id = %s", (3 * BATCH_ROWS + 1,))  # the trigger converts
        seen = conn.execute("SELECT id, xmin::text FROM orders WHERE id <= 10 ORDER BY id").fetchall()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) == 0
    with connect(database_url) as conn:
        assert conn.execute("SELECT id, xmin::text FROM orders WHERE id <= 10 ORDER BY id").fetchall() == seen
        assert discrepancies(conn, (migrations[1] / "verify.sql").read_text(encoding="utf-8")) == []
        steps = conn.execute("SELECT steps_outside, steps_outside_done FROM schemac.migrations WHERE number = 2"
                             ).fetchone()
        assert steps[0] == steps[1] >= 4  # the backfills, the contract, the check validated


def _kinds(tmp_path: Path, before: str, after: str) -> list[str]:
    for side, text in (("before", before), ("after", after)):
        (tmp_path / f"{side}.yaml").write_text(text, encoding="utf-8")
    previous, target = (api.load(tmp_path, [tmp_path / f"{side}.yaml"]).catalog for side in ("before", "after"))
    return [op.kind for op in api.plan(previous, target, "online").steps]


@pytest.mark.parametrize("change", [
    "",
    "      - {columns: [status, id]}\n",  # a new index on the column: the contract would drop it
    "      - {columns: [id], where: \"history IS NULL\"}\n",  # its predicate names one
    "      - {columns: [id], where: \"id > 0\", unique: true}\n",  # not on the swapped columns
])
def test_a_new_index_on_a_swapped_column_is_built_after_the_swap(tmp_path, change):
    """The swap goes online; an index the migration adds on a swapped column
    is built after the contract, which would drop it with the old column
    (compiler/plan/after_swap.py)."""
    after = AFTER.replace("      - {columns: [status]}\n", "      - {columns: [status]}\n" + change)
    kinds = _kinds(tmp_path, BEFORE, after)
    assert "ChangeEnumValues" not in kinds
    if change:
        assert kinds.index("CreateIndex") > max(i for i, k in enumerate(kinds) if k == "ContractTypeSwap")
    assert kinds.count("ContractTypeSwap") == 2
