"""A `security: definer` function runs with its owner's rights: a caller must
not be able to shadow what its body reads with temporary objects. pg_temp
comes last in its search_path (schemac appends it there), and a spec putting
it anywhere else is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors

SPEC = """\
roles:
  caller: {}
tables:
  accounts:
    columns:
      id: {type: integer, primary_key: true}
functions:
  count_accounts:
    returns: bigint
    security: definer
    search_path: SEARCH_PATH
    body: SELECT count(*) FROM accounts
    grants: {caller: [execute]}
"""


def _compile(tmp_path: Path, search_path: str) -> api.Compiled:
    path = tmp_path / "accounts.yaml"
    path.write_text(SPEC.replace("SEARCH_PATH", search_path), encoding="utf-8")
    return api.load(tmp_path, [path])


def _count_as_caller_with_a_temporary_accounts_table(conn, call: str) -> int:
    conn.execute("SET ROLE caller")
    try:
        conn.execute("CREATE TEMPORARY TABLE accounts (id integer)")
        conn.execute("INSERT INTO pg_temp.accounts SELECT generate_series(1, 3)")
        return conn.execute(f"SELECT {call}").fetchone()[0]
    finally:
        conn.execute("DROP TABLE IF EXISTS pg_temp.accounts")
        conn.execute("RESET ROLE")


@pytest.mark.parametrize("search_path", ["[public]", "[public, pg_temp]"])
def test_a_caller_cannot_shadow_the_tables_of_a_definer_function(conn, tmp_path, search_path):
    files = api.migration("0001_accounts", _compile(tmp_path, search_path))
    assert "SET search_path = public, pg_temp\n" in files.up  # pg_temp last, appended when not written
    run_script(conn, files.up, "up.sql")
    conn.execute("INSERT INTO public.accounts VALUES (1)")
    assert _count_as_caller_with_a_temporary_accounts_table(conn, "public.count_accounts()") == 1
    # what schemac refuses to write, written by hand: the caller's temporary table is read
    conn.execute("CREATE FUNCTION public.count_hijacked() RETURNS bigint LANGUAGE sql SECURITY DEFINER "
                 "SET search_path = pg_temp, public AS 'SELECT count(*) FROM accounts'")
    conn.execute("GRANT EXECUTE ON FUNCTION public.count_hijacked() TO caller")
    assert _count_as_caller_with_a_temporary_accounts_table(conn, "public.count_hijacked()") == 3
    conn.execute("DROP FUNCTION public.count_hijacked()")
    run_script(conn, files.down, "down.sql")


@pytest.mark.parametrize("search_path, index", [("[pg_temp, public]", 0), ("[public, pg_temp, extensions]", 1),
                                                ("[pg_temp_3, public]", 0)])
def test_pg_temp_before_another_schema_is_refused_where_it_is_written(tmp_path, search_path, index):
    with pytest.raises(SpecErrors) as raised:
        _compile(tmp_path, search_path)
    (error,) = raised.value.errors
    assert error.path == f"functions.count_accounts.search_path[{index}]"
    assert error.line == 11 and "security: definer" in error.message and "pg_temp last" in error.hint
    line = (tmp_path / "accounts.yaml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line[error.column - 1:].startswith("pg_temp")
