"""A range type made anew online (compiler/online/type_swap.py): the new
range is made under a temporary name, and the contract renames it with its
multirange and their constructor functions, which PostgreSQL leaves under
the names they were made with when it renames the types (measured here on
the server the tests run on, PostgreSQL 15 and 18). Run with psql beside a
writer that calls the range's constructor: up, verify, down, up again."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
types:
  span: {range: {subtype: float8, subtype_diff: float8mi}}
tables:
  booking:
    columns:
      id: {type: integer, primary_key: true}
      during: {type: span, nullable: false}
"""

AFTER = """\
domain: shop
types:
  span: {range: {subtype: numeric}}
tables:
  booking:
    columns:
      id: {type: integer, primary_key: true}
      during: {type: span, nullable: false}
accept_destructive: [type:public.span]
"""

ROWS = 3 * BATCH_ROWS
_SCHEMAC_NAMED = ("SELECT (SELECT count(*) FROM pg_type WHERE typname LIKE '%schemac%') "
                  "+ (SELECT count(*) FROM pg_proc WHERE proname LIKE '%schemac%')")


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "remade")


def _writer(base: int):
    def write(conn, n):
        """A round of the writer: a booking made with the range's constructor."""
        conn.execute("INSERT INTO booking VALUES (%s, span(%s, %s + 1))", (base + n, n, n))
        return base + n
    return write


def _constructors(conn) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass "
        "AND d.objid = p.oid AND d.deptype = 'i' AND d.refobjid IN ('span'::regtype, 'span_multirange'::regtype) "
        "ORDER BY 1").fetchall()]


def test_renaming_types_leaves_the_constructors_under_their_first_names(conn):
    """Why the contract renames the constructors: ALTER TYPE ... RENAME
    renames a range and its multirange (with their array types), not the
    functions PostgreSQL made with them."""
    conn.execute("CREATE TYPE made AS RANGE (SUBTYPE = numeric); ALTER TYPE made RENAME TO span; "
                 "ALTER TYPE made_multirange RENAME TO span_multirange")
    assert conn.execute("SELECT typname FROM pg_type WHERE typname IN ('_span', '_span_multirange', "
                        "'span_multirange') ORDER BY 1").fetchall() == [("_span",), ("_span_multirange",),
                                                                        ("span_multirange",)]
    assert _constructors(conn) == ["made(numeric,numeric)", "made(numeric,numeric,text)", "made_multirange()",
                                   "made_multirange(span)", "made_multirange(span[])"]


def test_the_contract_renames_the_constructors(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "CREATE TYPE public.span_schemac_new AS RANGE (SUBTYPE = numeric);" in transaction
    assert "ALTER COLUMN during TYPE" not in up  # no table rewrite
    contract = after[after.index("-- contract"):]
    assert contract.index("DROP TYPE public.span;") \
        < contract.index("ALTER TYPE public.span_schemac_new RENAME TO span;") \
        < contract.index("ALTER TYPE public.span_schemac_new_multirange RENAME TO span_multirange;") \
        < contract.index("ALTER FUNCTION public.span_schemac_new(numeric, numeric) RENAME TO span;") \
        < contract.index("ALTER FUNCTION public.span_schemac_new_multirange(VARIADIC public.span[]) "
                         "RENAME TO span_multirange;") < contract.index("COMMIT;")


@pytest.mark.database
def test_up_verify_and_down_with_psql_beside_a_writer_calling_the_constructor(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(f"INSERT INTO booking SELECT g, span(g, g + 0.5) FROM generate_series(1, {ROWS}) g")
    for run, (script, subtype) in enumerate((("up.sql", "numeric"), ("down.sql", "double precision"),
                                             ("up.sql", "numeric")), start=1):
        writer, during = beside_writer(database_url, _writer(run * 10 * ROWS),
                                       lambda: psql_file_ok(database_url, second / script))
        assert writer.failures == [] and during > 0, (script, writer.failures[:3])
        with connect(database_url) as conn:
            verify = (second if script == "up.sql" else first) / "verify.sql"
            assert discrepancies(conn, verify.read_text(encoding="utf-8")) == []
            assert conn.execute(_SCHEMAC_NAMED).fetchone()[0] == 0
            assert _constructors(conn) == [f"span({subtype},{subtype})", f"span({subtype},{subtype},text)",
                                           "span_multirange()", "span_multirange(span)",
                                           "span_multirange(span[])"]
            assert conn.execute("SELECT span_multirange(span(1, 2), span(3, 4))::text, span_multirange()::text, "
                                "pg_typeof(lower(during))::text FROM booking WHERE id = 1").fetchone() == \
                ("{[1,2),[3,4)}", "{}", subtype)
            assert conn.execute("SELECT count(*), count(*) FILTER (WHERE upper(during) - lower(during) = 0.5) "
                                "FROM booking WHERE id <= %s", (ROWS,)).fetchone() == (ROWS, ROWS)
            assert conn.execute("SELECT count(*) FROM booking WHERE id = ANY(%s)",
                                (writer.inserted,)).fetchone()[0] == len(writer.inserted)
