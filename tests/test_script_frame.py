"""The frame every generated script shares, on a real PostgreSQL and with psql:

- `\\set ON_ERROR_STOP on` on the first line: `psql -f up.sql`, as a DBA
  types it (no `-v ON_ERROR_STOP=1`), stops at the first error, exits
  non-zero and does not run the steps after COMMIT;
- `run_script` reads that line and refuses any other psql meta-command
  before running anything;
- literals read the same whether `standard_conforming_strings` is on or off,
  as the server's quote_literal() writes them;
- the scripts are read as UTF-8 whatever the client's encoding.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.apply.psql import psql_binary, run_psql
from compiler.errors import DatabaseError
from compiler.ops import Hazard
from compiler.render.sql import PSQL_HEADER, literal

PSQL = psql_binary() or "psql"

BEFORE = """\
tables:
  accounts:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: integer, nullable: false}
"""
AFTER = """\
tables:
  accounts:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: integer, nullable: false, check: amount >= 0}
    indexes:
      - {columns: [amount], concurrently: true, name: accounts_amount_idx}
"""


def _compile(folder: Path, text: str) -> api.Compiled:
    folder.mkdir()
    (folder / "accounts.yaml").write_text(text, encoding="utf-8")
    return api.load(folder, [folder / "accounts.yaml"])


def _psql(url: str, path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PSQLRC": os.devnull}
    return subprocess.run([PSQL, "-X", "-q", "-d", url, "-f", str(path)], capture_output=True, text=True,
                          env=env, cwd=path.parent, timeout=120)


def test_a_failing_migration_stops_psql_without_on_error_stop(conn, database_url, tmp_path):
    before, after = _compile(tmp_path / "before", BEFORE), _compile(tmp_path / "after", AFTER)
    first = api.migration("0001_accounts", before)
    # transactional: the new check is validated inside the transaction, before the index built after COMMIT
    second = api.migration("0002_checked", after, before.catalog, api.plan(before.catalog, after.catalog))
    assert any(Hazard.NON_TRANSACTIONAL in op.hazards for op in second.plan.steps)  # a step after COMMIT
    assert second.up.startswith(PSQL_HEADER[0] + "\n")
    (tmp_path / "up1.sql").write_text(first.up, encoding="utf-8")
    (tmp_path / "up2.sql").write_text(second.up, encoding="utf-8")

    assert _psql(database_url, tmp_path / "up1.sql").returncode == 0
    conn.execute("INSERT INTO accounts VALUES (1, -5)")  # the new check refuses this row

    done = _psql(database_url, tmp_path / "up2.sql")
    assert done.returncode != 0
    assert "violated by some row" in done.stderr
    assert conn.execute("SELECT to_regclass('public.accounts_amount_idx')").fetchone() == (None,)
    assert conn.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'accounts'::regclass "
                        "AND contype = 'c'").fetchone() == (0,)


def test_run_script_reads_the_header_line(conn):
    script = PSQL_HEADER[0] + "\n-- a comment\nCREATE TABLE t (i int);\nSELECT count(*) FROM t;\n"
    assert run_script(conn, script)[-1].rows == [(0,)]


@pytest.mark.parametrize("script", [
    "CREATE TABLE t (i int);\n\\! touch owned\nCREATE TABLE u (i int);\n",
    "CREATE TABLE t (i int);\n-- step 1: x\n\\set ON_ERROR_STOP off\nCREATE TABLE u (i int);\n",
    "\\set ON_ERROR_STOP off\nCREATE TABLE t (i int);\n",
    "CREATE TABLE t (i int) \\g\n",
    "\\ir other.sql\n",
])
def test_run_script_refuses_any_other_meta_command_before_running_anything(conn, tmp_path, monkeypatch, script):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseError) as raised:
        run_script(conn, script, "up.sql")
    assert "psql meta-command" in str(raised.value) and "nothing was run" in str(raised.value)
    assert str(raised.value).startswith("up.sql (line ")
    assert conn.execute("SELECT to_regclass('t'), to_regclass('u')").fetchone() == (None, None)
    assert not (tmp_path / "owned").exists()


def test_a_script_the_scanner_cannot_read_is_not_run(conn):
    with pytest.raises(DatabaseError) as raised:
        run_script(conn, "CREATE TABLE t (i int);\nSELECT 'a\\\n\\! touch owned", "up.sql")
    assert "cannot read the script" in str(raised.value) and "nothing was run" in str(raised.value)
    assert conn.execute("SELECT to_regclass('t')").fetchone() == (None,)


def test_backslashes_inside_quotes_and_comments_are_not_meta_commands(conn):
    script = ("SELECT 'a\\b' AS x, \"c\\d\" FROM (SELECT 1 AS \"c\\d\") s -- \\! no\n"
              "/* \\! no */ ;\nSELECT $$\\! no$$;\n")
    assert [r.rows for r in run_script(conn, script)] == [[("a\\b", 1)], [("\\! no",)]]


VALUES = ["plain", "it's", "a\\b", "\\", "x\\'; CREATE TABLE pwned (); --", "ü\\n\n$$", "\\\\'"]


@pytest.mark.parametrize("setting", ["on", "off"])
def test_literals_read_the_same_under_both_settings(conn, setting):
    conn.execute(f"SET standard_conforming_strings = {setting}")
    for value in VALUES:
        assert conn.execute(f"SELECT {literal(value)}").fetchone() == (value,)
        assert conn.execute("SELECT quote_literal(%s::text)", [value]).fetchone() == (literal(value),)
    assert conn.execute("SELECT to_regclass('pwned')").fetchone() == (None,)


def test_scripts_are_read_as_utf8_whatever_the_client_encoding(conn, database_url, tmp_path):
    """A session that starts in LATIN1 (PGCLIENTENCODING, a server default)
    would store `café` as `cafÃ©`: the scripts pin client_encoding, as
    pg_dump's do."""
    spec = tmp_path / "cafe.yaml"
    spec.write_text("tables:\n  café:\n    comment: naïve ✓\n    columns: {id: {type: integer, primary_key: true}}\n",
                    encoding="utf-8")
    files = api.migration("0001_cafe", api.load(tmp_path, [spec]))
    run = run_psql(database_url, files.up, options="-c client_encoding=LATIN1")
    assert run.ok, run.stderr
    assert conn.execute("SELECT relname::text, obj_description(oid, 'pg_class') FROM pg_class "
                        "WHERE relname LIKE 'caf%' AND relkind = 'r'").fetchall() == [("café", "naïve ✓")]
    verified = run_psql(database_url, files.verify, csv_rows=True, options="-c client_encoding=LATIN1")
    assert verified.ok and verified.rows() == [], verified.stdout + verified.stderr
