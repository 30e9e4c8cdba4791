"""What only a table rewrite does in PostgreSQL, done online on a copy of the
table swapped in (compiler/online/table_copy.py, compiler/ops/table_copy.py):
an exclusion constraint, a stored generated column and a column of a domain
with a check added to a busy table, with an identity, a serial column,
foreign keys to and from it, a trigger, and views over it and over those. Proven with
psql on real PostgreSQL: up, verify, down, verify, up again, each beside a
writer inserting, updating and deleting rows, which is never blocked beyond
its lock_timeout and whose every write is in the table after the swap. And
a domain whose check narrows and base type widens made anew beside the old
one, its two tables copied to it, beside such a writer too. A session that
cached a statement casting to the domain by name fails it once after the
domain's swap (its old type is gone), as after any DROP DOMAIN."""

from __future__ import annotations

import re

import psycopg
import pytest

from compiler.apply import connect
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
extensions: [btree_gist]
domains:
  percent: {type: integer, check: VALUE BETWEEN 0 AND 100}
functions:
  touch:
    returns: trigger
    language: plpgsql
    body: "begin new.touched := coalesce(new.touched, 0) + 1; return new; end"
tables:
  rooms:
    columns:
      id: {type: integer, primary_key: true}
  bookings:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      ticket: {type: serial, nullable: false}
      room_id: {type: integer, nullable: false, references: rooms.id}
      during: {type: tstzrange, nullable: false}
      cancelled: {type: boolean, nullable: false, default: "false"}
      note: text
      touched: integer
    indexes:
      - {columns: [note], name: bookings_note_idx}
    triggers:
      bookings_touch: {timing: before, events: [insert, update], function: touch}
  payments:
    columns:
      id: {type: integer, primary_key: true}
      booking_id: {type: bigint, references: bookings.id}
views:
  booking_notes: {query: "select id, note from bookings", comment: the notes}
  noted: {query: "select id from booking_notes where note is not null"}
"""

AFTER = BEFORE.replace("""      touched: integer
""", """      touched: integer
      loud: {type: text, generated: upper(note)}
      discount: percent
""").replace("""    indexes:
      - {columns: [note], name: bookings_note_idx}
""", """    indexes:
      - {columns: [note], name: bookings_note_idx}
    exclude:
      - elements: [{column: room_id, with: "="}, {column: during, with: "&&"}]
        where: not cancelled
""")

ROWS = 20 * BATCH_ROWS  # many batches of the fill


@pytest.fixture
def migrations(tmp_path):
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "copied")


def _fill(conn) -> None:
    conn.execute("INSERT INTO rooms SELECT g FROM generate_series(1, 100) g")
    conn.execute(f"INSERT INTO bookings (room_id, during, note) SELECT g % 100 + 1, "
                 f"tstzrange('2026-01-01'::timestamptz + g * interval '1 hour', "
                 f"'2026-01-01'::timestamptz + g * interval '1 hour' + interval '30 minutes'), 'n' || g "
                 f"FROM generate_series(1, {ROWS}) g")
    conn.execute("INSERT INTO payments SELECT id, id FROM bookings WHERE id % 10 = 0")


def _writes(base: int):
    """A round of the writer: a booking inserted (days apart, from day
    `base`), one updated and one deleted among the first rows."""
    def write(conn, n):
        return _write(conn, base + n)
    return write


def _write(conn, n):
    key = conn.execute("INSERT INTO bookings (room_id, during, note) VALUES (1, tstzrange("
                       "'2030-01-01'::timestamptz + %s * interval '1 day', "
                       "'2030-01-01'::timestamptz + %s * interval '1 day' + interval '1 hour'), 'w') RETURNING id",
                       (n, n)).fetchone()[0]
    conn.execute("UPDATE bookings SET note = 'updated' WHERE id = %s", (n * 7 % ROWS + 1,))
    conn.execute("DELETE FROM bookings WHERE id = %s AND id %% 10 <> 0", (n * 13 % ROWS + 1,))
    return key


def _snapshot(conn) -> list[tuple]:
    return conn.execute("SELECT id, ticket, room_id, during, cancelled, note, touched FROM bookings ORDER BY id"
                        ).fetchall()


_BLOCKING = re.compile(r"^-- lock: (share|share_row_exclusive|access_exclusive); (rewrites the table|reads every row)$",
                       re.MULTILINE)


def test_the_table_is_copied_instead_of_rewritten(migrations):
    _, second = migrations
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert _BLOCKING.findall(up) == []
    transaction, after_commit = up.split("\nCOMMIT;\n", 1)
    assert "ADD COLUMN" not in up and "EXCLUDE USING gist" in transaction
    assert "CREATE TABLE public.bookings_schemac_copy" in transaction
    assert "FOR SHARE" in after_commit and "DROP TABLE public.bookings;" in after_commit
    # the foreign keys to and from the table come back NOT VALID in the swap, validated after it
    assert "payments_booking_id_fkey" in after_commit and "bookings_room_id_fkey" in after_commit
    # the views over it are dropped and made again in the swap, the one over the other first and last
    assert after_commit.index("DROP VIEW public.noted;") < after_commit.index("DROP VIEW public.booking_notes;") \
        < after_commit.index("DROP TABLE") < after_commit.index("CREATE VIEW public.booking_notes") \
        < after_commit.index("CREATE VIEW public.noted")
    assert after_commit.index("VALIDATE CONSTRAINT payments_booking_id_fkey") > after_commit.index("DROP TABLE")


@pytest.mark.database
def test_up_down_and_up_again_beside_a_writer(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
    writer, during = beside_writer(database_url, _writes(0), lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        rows = _snapshot(conn)
        ids = {r[0] for r in rows}
        assert set(writer.inserted) <= ids  # every write of the writer is in the table after the swap
        assert conn.execute("SELECT count(*) FROM bookings WHERE loud IS DISTINCT FROM upper(note)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM bookings WHERE note = 'updated'").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'bookings'::regclass AND contype = 'x'"
                            ).fetchone()[0] == 1
        assert conn.execute("SELECT bool_and(convalidated) FROM pg_constraint WHERE contype = 'f'").fetchone()[0]
        # the identity and the serial column go on where they were
        new = conn.execute("INSERT INTO bookings (room_id, during) VALUES (2, tstzrange('2040-01-01', '2040-01-02')) "
                           "RETURNING id, ticket, touched").fetchone()
        assert new[0] > max(ids) and new[1] > max(r[1] for r in rows) and new[2] == 1  # the trigger is back
        with pytest.raises(psycopg.errors.ExclusionViolation):
            conn.execute("INSERT INTO bookings (room_id, during) VALUES (2, tstzrange('2040-01-01', '2040-01-03'))")
        conn.rollback()
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("DELETE FROM bookings WHERE id IN (SELECT booking_id FROM payments)")
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE '%schemac_copy%'").fetchone()[0] == 0
        # the views are made again over the table swapped in
        assert conn.execute("SELECT count(*) FROM noted").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM bookings WHERE note IS NOT NULL").fetchone()[0] > ROWS / 2
        before_down = _snapshot(conn)
    writer, during = beside_writer(database_url, _writes(100_000), lambda: psql_file_ok(database_url, second / "down.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        after_down = {r[0] for r in _snapshot(conn)}
        assert set(writer.inserted) <= after_down
        deleted = {(100_000 + n) * 13 % ROWS + 1 for n in range(1, len(writer.inserted) + 40)}
        assert {r[0] for r in before_down} - after_down <= deleted
        conn.execute("DELETE FROM bookings WHERE room_id = 1 AND lower(during) >= '2030-01-01'")
    psql_file_ok(database_url, second / "up.sql")  # and up again
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []


DOMAIN_BEFORE = """\
domain: school
domains:
  grade: {type: smallint, check: VALUE >= 0}
tables:
  exams:
    columns:
      id: {type: integer, primary_key: true}
      score: {type: grade, nullable: false}
  retakes:
    columns:
      id: {type: integer, primary_key: true}
      exam_id: {type: integer, nullable: false, references: exams.id}
      scores: "grade[]"
"""
# the check narrowed (ALTER DOMAIN reads every column of it under SHARE) and the base type widened
DOMAIN_AFTER = DOMAIN_BEFORE.replace("grade: {type: smallint, check: VALUE >= 0}",
                                     "grade: {type: integer, check: VALUE BETWEEN 0 AND 100, nullable: false}")


@pytest.fixture
def domain_migrations(tmp_path):
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, DOMAIN_BEFORE, "initial"), spec_migration(tmp_path, DOMAIN_AFTER, "graded")


def _grades(base: int):
    """A round of the writer: an exam and its retake inserted from key `base`, an exam's score updated."""
    def write(conn, n):
        return _grade(conn, base + n)
    return write


def _grade(conn, n):
    key = ROWS + n
    conn.execute("INSERT INTO exams VALUES (%s, %s)", (key, n % 101))
    conn.execute("INSERT INTO retakes VALUES (%s, %s, ARRAY[%s, %s])", (key, key, n % 101, 100 - n % 101))
    conn.execute("UPDATE exams SET score = 100 - score WHERE id = %s", (n % ROWS + 1,))
    return key


@pytest.mark.database
def test_a_domain_made_anew_beside_a_writer(domain_migrations, database_url):
    first, second = domain_migrations
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert _BLOCKING.findall(up) == [] and "ALTER DOMAIN public.grade " not in up
    assert "CREATE DOMAIN public.grade_schemac_copy AS integer" in up.split("\nCOMMIT;\n", 1)[0]
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute(f"INSERT INTO exams SELECT g, g % 101 FROM generate_series(1, {ROWS}) g")
        conn.execute(f"INSERT INTO retakes SELECT g, g, ARRAY[g % 101]::grade[] FROM generate_series(1, {ROWS}) g")
    writer, during = beside_writer(database_url, _grades(0), lambda: psql_file_ok(database_url, second / "up.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FROM exams").fetchone()[0] == ROWS + len(writer.inserted)
        assert conn.execute("SELECT count(*) FROM retakes WHERE id = ANY(%s)", (writer.inserted,)
                            ).fetchone()[0] == len(writer.inserted)
        assert conn.execute("SELECT format_type(typbasetype, typtypmod), typnotnull FROM pg_type "
                            "WHERE typname = 'grade'").fetchone() == ("integer", True)
        assert conn.execute("SELECT count(*) FROM pg_type WHERE typname LIKE '%schemac_copy%'").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO exams VALUES (0, 101)")
        conn.rollback()
    writer, during = beside_writer(database_url, _grades(ROWS), lambda: psql_file_ok(database_url, second / "down.sql"))
    assert writer.failures == [] and during > 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FROM retakes WHERE id = ANY(%s)", (writer.inserted,)
                            ).fetchone()[0] == len(writer.inserted)
        assert conn.execute("SELECT format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'grade'"
                            ).fetchone()[0] == "smallint"


@pytest.mark.database
def test_apply_resumes_a_fill_stopped_by_a_row_the_copy_refuses(migrations, database_url):
    """Two bookings of one room at once: the fill stops at the batch holding
    the second (the copy's exclusion constraint refuses it), after COMMIT,
    the batches before it kept; `schemac apply` says which step is next and,
    once the row is fixed, goes on from that step to the end."""
    from compiler.cli import main as schemac_main
    root = migrations[0].parents[2]
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url, "--to", "1", "-q"]) == 0
    with connect(database_url) as conn:
        _fill(conn)
        clash = conn.execute("INSERT INTO bookings (room_id, during) SELECT room_id, during FROM bookings "
                             "WHERE id = %s RETURNING id", (ROWS - 5,)).fetchone()[0]
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url, "-q"]) != 0
    with connect(database_url) as conn:
        assert conn.execute("SELECT steps_outside_done FROM schemac.migrations WHERE number = 2").fetchone()[0] == 0
        copied = conn.execute("SELECT count(*) FROM bookings_schemac_copy").fetchone()[0]
        assert ROWS / 2 < copied < ROWS  # the batches before the clash stay done
        conn.execute("DELETE FROM bookings WHERE id = %s", (clash,))  # replayed on the copy: nothing to remove there
    assert schemac_main(["-C", str(root), "apply", "--database-url", database_url, "-q"]) == 0
    with connect(database_url) as conn:
        assert discrepancies(conn, (migrations[1] / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT count(*) FROM bookings").fetchone()[0] == ROWS
