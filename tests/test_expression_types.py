"""Offline type checks agree with PostgreSQL.

Each case is one column with a default or a check, or a table's check,
written the way an architect would. schemac's verdict (a spec error, or
none) must be PostgreSQL's: the same table is created on a real server by
hand-written SQL, inside a transaction that is rolled back. A case schemac
refuses must be refused by PostgreSQL; a case schemac accepts must be
accepted (its own up.sql applies too).
"""

from __future__ import annotations

import psycopg
import pytest
import yaml

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors

# (column type, default or None, check or None, refused offline?)
CASES = [
    ("boolean", "char_length('x')", None, True),
    ("timestamp", "now() + interval '1 day'", None, False),
    ("date", "now()", None, False),
    ("text", "now()", None, False),
    ("character varying(20)", "gen_random_uuid()", None, False),
    ("bigint", "now()", None, True),
    ("integer", "length('abc') * 2", None, False),
    ("numeric(10,2)", "round(1.234, 2)", None, False),
    ("integer", "round(1.5)", None, False),
    ("uuid", "md5('x')", None, True),
    ("jsonb", "jsonb_build_object('a', 1)", None, False),
    ("jsonb", "1 + 1", None, True),
    ("interval", "now() - now()", None, False),
    ("time", "CURRENT_TIME", None, False),
    ("name", "current_user", None, False),
    ("integer", None, "c > 0 AND c < 10", False),
    ("integer", None, "c", True),
    ("integer", None, "c + 1", True),
    ("text", None, "c ~ '^[a-z]+$' AND length(c) < 5", False),
    ("timestamp", None, "c ~ 'x'", True),
    ("uuid", None, "c = 'x'::text", True),
    ("uuid", None, "c::text = 'x'", False),
    ("numeric", None, "c = round(c * 2, 2)", False),
    ("uuid", None, "c = round(2.5, 2)", True),
    ("date", None, "c > now() - interval '1 year'", False),
    ("integer", None, "c IN (1, 2) OR c IS NULL", False),
    ("boolean", None, "c IS NOT FALSE", False),
    ("text", None, "c = ANY (ARRAY['a', 'b'])", False),
    ("bigint", None, "c = 1.5", False),
    ("inet", None, "c << '10.0.0.0/8'::inet", False),
    ("integer", None, "c = true", True),
]


def _spec(column_type: str, default: str | None, check: str | None) -> dict:
    column: dict = {"type": column_type}
    if default is not None:
        column["default"] = default
    if check is not None:
        column["check"] = check
    return {"domain": "types", "tables": {"t": {"columns": {"id": {"type": "integer", "primary_key": True},
                                                             "c": column}}}}


def _postgresql_accepts(conn, column_type: str, default: str | None, check: str | None) -> bool:
    definition = f"c {column_type}" + (f" DEFAULT {default}" if default else "") + (f" CHECK ({check})" if check else "")
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(f"CREATE TABLE pg_temp.t (id integer, {definition})")
        return True
    except psycopg.Error:
        return False


@pytest.mark.parametrize("column_type, default, check, refused", CASES,
                         ids=[f"{t} {d or ''}{c or ''}" for t, d, c, _ in CASES])
def test_offline_verdict_is_postgresqls(conn, tmp_path, column_type, default, check, refused):
    path = tmp_path / "types.yaml"
    path.write_text(yaml.safe_dump(_spec(column_type, default, check), sort_keys=False), encoding="utf-8")
    accepted = _postgresql_accepts(conn, column_type, default, check)
    try:
        compiled = api.load(tmp_path, [path])
    except SpecErrors as exc:
        assert refused, f"refused offline, but the case is meant to pass: {exc}"
        assert not accepted, f"schemac refuses what PostgreSQL accepts: {exc}"
        assert all(e.line >= 1 and e.path.startswith("tables.t.columns.c") for e in exc.errors), exc
        return
    assert not refused, "accepted offline, but the case is meant to be refused"
    assert accepted, "schemac accepts what PostgreSQL refuses"
    run_script(conn, api.migration("0001_types", compiled).up, "up.sql")
