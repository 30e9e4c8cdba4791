"""Why a domain's new or changed check and its NOT NULL have no online form in
place, and online mode makes the domain anew and copies its tables to it
instead (compiler/online/table_copy.py, docs/online.md): measured on the
server the tests run on (PostgreSQL 15 and 18), ALTER DOMAIN takes no lock
on the tables using the domain to add a check NOT VALID, but every form that
checks the stored values (VALIDATE CONSTRAINT, ADD CONSTRAINT checked, SET
NOT NULL) reads them under SHARE on each such table, which blocks writes for
as long as the scan lasts, in the transaction or after its COMMIT alike.

If this test fails on a newer PostgreSQL that takes a weaker lock, the steps
can go online there: ADD CONSTRAINT ... NOT VALID in the transaction and
VALIDATE after COMMIT, chosen by `postgres.min_version`."""

from __future__ import annotations

import psycopg

from compiler.lock_levels import Lock
from tests.test_locks import strongest_mode

_TABLES = ("d.t", "d.u")


def _measured(conn, statement: str) -> tuple[Lock | str | None, bool]:
    """The strongest lock `statement` holds on the tables using the domains,
    and whether it read them, in a transaction rolled back after."""
    relations = [conn.execute("SELECT %s::regclass::oid", (t,)).fetchone()[0] for t in _TABLES]
    scans = "SELECT sum(pg_stat_get_xact_numscans(oid)) FROM pg_class WHERE oid = ANY(%s)"
    with conn.transaction():
        before = conn.execute(scans, (relations,)).fetchone()[0]
        conn.execute(statement)
        modes = [row[0] for row in conn.execute(
            "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND relation = ANY(%s)",
            (relations,)).fetchall()]
        after = conn.execute(scans, (relations,)).fetchone()[0]
        raise psycopg.Rollback()
    return strongest_mode(modes), after != before


def test_alter_domain_reads_the_tables_using_the_domain_under_share(conn):
    conn.execute("""
        CREATE SCHEMA d;
        CREATE DOMAIN d.year AS integer;
        CREATE DOMAIN d.code AS text;
        CREATE TABLE d.t (id integer PRIMARY KEY, released d.year, tag d.code);
        CREATE TABLE d.u (released d.year, tag d.code);
        INSERT INTO d.t SELECT g, 2000 + g % 50, 'x' FROM generate_series(1, 100) g;
        INSERT INTO d.u VALUES (2001, 'y');
        ALTER DOMAIN d.year ADD CONSTRAINT recent CHECK (VALUE > 1900) NOT VALID""")
    found = {statement: _measured(conn, statement) for statement in (
        "ALTER DOMAIN d.year ADD CONSTRAINT early CHECK (VALUE < 2100) NOT VALID",
        "ALTER DOMAIN d.year VALIDATE CONSTRAINT recent",
        "ALTER DOMAIN d.year ADD CONSTRAINT early CHECK (VALUE < 2100)",
        "ALTER DOMAIN d.code SET NOT NULL",
        "ALTER DOMAIN d.year DROP CONSTRAINT recent",
        "ALTER DOMAIN d.code DROP NOT NULL",
    )}
    assert list(found.values()) == [(None, False), (Lock.SHARE, True), (Lock.SHARE, True), (Lock.SHARE, True),
                                    (None, False), (None, False)]
    assert Lock.SHARE.blocks_writes
