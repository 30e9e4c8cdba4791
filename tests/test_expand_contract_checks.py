"""Type changes made by expand/contract because online mode makes them so by
default (`migrations: {type_changes: expand_contract}`, no `using:` written):
on a table without a primary key (the backfill goes by ranges of pages),
with checks on the converted columns (built on the new columns NOT VALID,
validated after COMMIT, renamed at the swap) and a NOT NULL that comes with
a type change (proved by the recipe's check). Proven with psql on real
PostgreSQL, a writer on a second connection never blocked beyond its
lock_timeout; `type_changes: rewrite` and `using: {online: false}` keep the
one ALTER TABLE."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect
from compiler.cli import main as schemac_main
from compiler.deploy.verification import discrepancies
from tests.helpers import psql_file_ok
from tests.writers import beside_writer

BEFORE = """\
domain: books
tables:
  ledger:
    columns:
      entry: integer
      amount: {type: double precision, nullable: false, check: amount > 0}
      fee: {type: double precision, default: "0"}
      code: text
    checks:
      fee_below_amount: fee <= amount
"""

AFTER = """\
domain: books
tables:
  ledger:
    columns:
      entry: integer
      amount: {type: "numeric(12,2)", nullable: false, check: amount > 0}
      fee: {type: "numeric(12,2)", default: "0"}
      code: {type: varchar(20), nullable: false}
    checks:
      fee_below_amount: fee <= amount
accept_destructive: [column:public.ledger.amount:type, column:public.ledger.fee:type]
"""

ROWS = 6000  # several batches of the backfill


def _project(root: Path, settings: str = "", after: str = AFTER) -> tuple[Path, Path]:
    (root / "specs").mkdir()
    if settings:
        (root / "schemac.yaml").write_text(settings, encoding="utf-8")
    found = []
    for name, text in (("initial", BEFORE), ("money", after)):
        (root / "specs" / "books.yaml").write_text(text, encoding="utf-8")
        assert schemac_main(["-C", str(root), "generate", "--name", name]) == 0
        found.append(next((root / "generated" / "migrations").glob(f"*_{name}")))
    return found[0], found[1]


def _checks(conn) -> list[tuple[str, str, bool]]:
    return conn.execute("SELECT conname::text, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
                        "WHERE conrelid = 'public.ledger'::regclass AND contype = 'c' ORDER BY 1").fetchall()


def test_the_default_converts_by_expand_contract_and_rebuilds_the_checks(tmp_path):
    _, second = _project(tmp_path)
    up = (second / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "ALTER COLUMN amount TYPE" not in up
    assert "ADD CONSTRAINT ledger_amount_check_schemac_new CHECK (amount_schemac_new > 0) NOT VALID" in transaction
    assert "ADD CONSTRAINT fee_below_amount_schemac_new CHECK (fee_schemac_new <= amount_schemac_new) NOT VALID" \
        in transaction
    assert "ctid >= " in after and "VALIDATE CONSTRAINT ledger_amount_check_schemac_new" in after
    assert after.index("DROP CONSTRAINT ledger_amount_check;") < after.index("DROP COLUMN amount") \
        < after.index("RENAME CONSTRAINT ledger_amount_check_schemac_new TO ledger_amount_check")
    assert "ALTER COLUMN code SET NOT NULL" in after  # proved by the recipe's check, no scan
    plan = json.loads((second / "plan.json").read_text(encoding="utf-8"))
    assert plan["mode"] == "online" and "type_changes" not in plan
    assert [s["kind"] for s in plan["steps"]] == ["ExpandColumnTypes", "ConvertColumnRows", "ContractColumnTypes"]


@pytest.mark.parametrize("how", ["setting", "column"])
def test_a_rewrite_is_kept_when_asked(tmp_path, how, capsys):
    if how == "setting":
        _, second = _project(tmp_path, "migrations: {type_changes: rewrite}\n")
    else:  # one column says so: its table keeps its ALTER TABLE
        _, second = _project(tmp_path, after=AFTER.replace(
            "code: {type: varchar(20), nullable: false}",
            "code: {type: varchar(20), nullable: false, using: {online: false}}"))
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert "ALTER COLUMN amount TYPE numeric(12,2)" in up and "schemac_new" not in up
    plan = json.loads((second / "plan.json").read_text(encoding="utf-8"))
    assert plan.get("type_changes") == ("rewrite" if how == "setting" else None)
    rewrite = next(s for s in plan["steps"] if s["kind"] == "AlterColumnTypes")
    assert (rewrite["lock"], rewrite["rows"]) == ("access_exclusive", "rewrite")  # reported as blocking
    capsys.readouterr()
    # online mode's review: the kept rewrite blocks writes, so check fails until the specs accept it
    assert schemac_main(["-C", str(tmp_path), "check"]) == 1
    out = capsys.readouterr().out
    assert "AlterColumnTypes" in out and "writes wait for it in online mode" in out and "accept_locks:" in out


def _write(conn, n):
    """A round of the writer: a ledger entry inserted, one there updated."""
    conn.execute("INSERT INTO ledger (entry, amount, fee, code) VALUES (%s, %s, 0.5, 'w')", (10 * ROWS + n, n + 0.25))
    conn.execute("UPDATE ledger SET fee = 0.75 WHERE entry = %s", (n * 7 % ROWS + 1,))
    return 10 * ROWS + n


@pytest.mark.database
def test_up_with_a_writer_verify_and_down_with_psql(tmp_path, database_url):
    first, second = _project(tmp_path)
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(f"INSERT INTO ledger SELECT g, g * 1.005, 0, 'c' || g FROM generate_series(1, {ROWS}) g")
        before = _checks(conn)
    writer, during = beside_writer(database_url, _write, lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert _checks(conn) == [("fee_below_amount", "CHECK ((fee <= amount))", True),
                                 ("ledger_amount_check", "CHECK ((amount > (0)::numeric))", True)]
        assert conn.execute("SELECT count(*) FILTER (WHERE amount = round((entry * 1.005)::numeric, 2)), "
                            "count(*) FILTER (WHERE entry > %s AND amount = entry - %s + 0.25) FROM ledger",
                            (10 * ROWS, 10 * ROWS)).fetchone() == (ROWS, len(writer.inserted))
        assert conn.execute("SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' "
                            "ELSE '' END FROM pg_attribute WHERE attrelid = 'public.ledger'::regclass "
                            "AND attname = 'code'").fetchone()[0] == "character varying(20) not null"
        assert conn.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.ledger'::regclass"
                            ).fetchone()[0] == 0
        with pytest.raises(psycopg.errors.CheckViolation, match="ledger_amount_check"):
            conn.execute("INSERT INTO ledger (amount, code) VALUES (0.001, 'x')")  # rounds to 0.00
        with pytest.raises(psycopg.errors.NotNullViolation):
            conn.execute("INSERT INTO ledger (amount) VALUES (1)")
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert _checks(conn) == before
    psql_file_ok(database_url, second / "up.sql")  # and up again
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
