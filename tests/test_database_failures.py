"""`schemac test` when the database, not the migration, is at fault: a role
lacking a privilege, a connection terminated mid-run, a server that cannot be
reached. Each exits 3 ("the database refused or could not be reached") with
a clear message, never 1 (a failed test) or 70; and no message echoes a
password."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.cli import EXIT_DATABASE, EXIT_USAGE, main

SPEC_WITH_ROLE = """\
roles:
  app_reader: {comment: reads the app}
tables:
  notes:
    columns:
      id: {type: bigint, primary_key: true}
    grants: {app_reader: [select]}
"""

SLOW_TEST = """\
tables:
  notes:
    columns:
      id: {type: bigint, primary_key: true}
tests:
  slow:
    query: select pg_sleep(60)::text
    expect: [['']]
"""


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _spec(tmp_path: Path, text: str) -> Path:
    (tmp_path / "specs").mkdir()
    path = tmp_path / "specs" / "app.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def login_role(server_url):
    """A login role that may create databases but not roles, and its URL."""
    name = f"schemac_weak_{uuid.uuid4().hex[:8]}"
    password = f"pw-{uuid.uuid4().hex}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB NOCREATEROLE PASSWORD {}").format(
            sql.Identifier(name), sql.Literal(password)))
    params = conninfo_to_dict(server_url)
    params.update(user=name, password=password)
    yield make_conninfo(**params), password
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_a_role_without_createrole_exits_3(tmp_path, login_role, capsys):
    url, password = login_role
    spec = _spec(tmp_path, SPEC_WITH_ROLE)
    code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", url, str(spec))
    assert code == EXIT_DATABASE, out + err
    assert "schemac: database error: up.sql (line" in err
    assert "permission denied to create role" in err
    assert "FAIL" not in out  # not reported as a failure of the migration
    assert password not in out + err


def test_a_connection_terminated_mid_run_exits_3(tmp_path, server_url, capsys):
    spec = _spec(tmp_path, SLOW_TEST)
    terminated = []

    def terminate() -> None:
        with psycopg.connect(server_url, autocommit=True) as admin:
            for _ in range(3000):
                rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE query LIKE 'select pg_sleep(60)%' "
                                     "AND pid <> pg_backend_pid()").fetchall()
                if rows:
                    terminated.extend(admin.execute("SELECT pg_terminate_backend(%s)", row).fetchone()[0]
                                      for row in rows)
                    return
                time.sleep(0.01)

    watcher = threading.Thread(target=terminate)
    watcher.start()
    code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", server_url, str(spec))
    watcher.join(timeout=60)
    assert terminated == [True]
    assert code == EXIT_DATABASE, out + err
    assert "schemac: database error: " in err
    assert "internal error" not in err


def test_an_unreachable_server_exits_3_without_its_password(tmp_path, capsys):
    spec = _spec(tmp_path, SPEC_WITH_ROLE)
    url = "postgresql://someone:Hunter2-secret@127.0.0.1:1/postgres"
    code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", url, str(spec))
    assert code == EXIT_DATABASE, out + err
    assert "cannot connect to PostgreSQL" in err
    assert "Hunter2-secret" not in out + err


@pytest.mark.parametrize(("url", "code", "shown"), [
    ("postgresql://someone:Hunter2-secret@[::1:5432/postgres", EXIT_USAGE, "postgresql://someone:***@[::1:5432"),
    ("host=localhost password=Hunter2-secret port=5432 dbname", EXIT_USAGE, "password=*** port=5432 dbname`"),
    ("postgresql://someone:Hunter2-secret@localhost:notaport/postgres", EXIT_DATABASE, "cannot connect"),
    ("someone:Hunter2-secret@localhost", EXIT_USAGE, "someone:***@localhost"),
    ("user:Hunter2-secret@host:5432/db", EXIT_USAGE, "user:***@host:5432/db"),
    ("postgresql:/someone:Hunter2-secret@h/db", EXIT_USAGE, "postgresql:/someone:***@h/db"),
    ("host=x passwd=Hunter2-secret", EXIT_USAGE, "passwd=***`"),
])
def test_a_database_url_that_does_not_parse_is_not_echoed_with_its_password(tmp_path, capsys, url, code, shown):
    spec = _spec(tmp_path, SPEC_WITH_ROLE)
    exit_code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", url, str(spec))
    assert exit_code == code
    assert shown in err
    assert "Hunter2-secret" not in out + err


# --- values of sensitive columns --------------------------------------------------------------

SECRETS = """\
tables:
  tokens:
    columns:
      id: {type: bigint, primary_key: true}
      token: {type: text, nullable: false, sensitive: true}
      label: {type: text}
  other:
    columns:
      id: {type: bigint, primary_key: true}
      token: {type: text}
tests:
  plain_column:
    setup: ["insert into tokens values (1, 'SECRET-TOKEN-123', 'first')"]
    query: select id, token, label from tokens
    expect: [[1, wrong, first]]
  computed:
    setup: ["insert into tokens values (1, 'SECRET-TOKEN-123', 'first')"]
    query: select lower(t.token), t.label from tokens t
    expect: [[wrong, first]]
  renamed:
    setup: ["insert into tokens values (1, 'SECRET-TOKEN-123', 'first')"]
    query: select token as t, label as token_label from tokens
    expect: [[wrong, first]]
  no_error:
    setup: ["insert into tokens values (1, 'SECRET-TOKEN-123', 'first')"]
    query: select token from tokens
    expect_error: violates
  same_name_elsewhere:
    setup: ["insert into other values (1, 'visible-value')"]
    query: select id from other
    expect: [[2]]
"""


def test_a_failing_test_never_shows_a_sensitive_value(tmp_path, server_url, capsys):
    spec = _spec(tmp_path, SECRETS)
    code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", server_url, str(spec))
    assert code == 1, out + err
    assert "SECRET-TOKEN-123" not in out + err and "secret-token-123" not in out + err
    assert out.count("FAIL test app.") == 5
    assert "  [1, ***, first]" in out  # the column read from tokens.token
    assert "  [***, first]" in out  # computed from it, or renamed: masked, other columns shown
    assert "found no error; the query returned 1 row(s)" in out and "  [***]" in out
    assert "  [1]" in out  # a query naming no sensitive column shows its values


def test_when_sensitive_columns_cannot_be_located_a_query_naming_one_hides_every_column(conn):
    from compiler.selftest.spec_tests import Sensitive
    conn.execute("CREATE TABLE t (id int, token text)")
    unlocated = Sensitive(frozenset(), frozenset({"token"}), located=False)
    with conn.cursor() as cur:
        cur.execute("SELECT id, token AS x FROM t")
        assert unlocated.masks(cur, "SELECT id, token AS x FROM t") == [True, True]
        cur.execute("SELECT id FROM t")
        assert unlocated.masks(cur, "SELECT id FROM t") == [False]
        assert Sensitive(frozenset(), frozenset({"token"})).masks(cur, "SELECT id FROM t") == [False]
