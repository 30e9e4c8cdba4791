"""The rows of the kinds in `AHEAD` (compiler/introspect/__init__.py),
fetched before the readers ask for them.

Two lanes of kinds, each fetched in order by a thread of its own, so
PostgreSQL runs the queries while the readers build objects from the rows
already there (psycopg waits for the server without holding Python's lock).
The tables' query, the longest, has the inspection's connection to itself;
every other kind goes through a second connection to the same database that
imports the inspection's snapshot (`pg_export_snapshot`), so it reads the
very same catalog, and a server with two cores answers both lanes at once.
When there is no second connection (the caller's own transaction, which
another connection cannot see; a server that refuses one more connection or
the snapshot), the second lane runs on the first connection: the same rows,
one query at a time.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator

import psycopg
from psycopg.conninfo import make_conninfo

from compiler.apply import failure
from compiler.render import introspect as sql

FIRST_LANE = frozenset({"tables"})  # on the inspection's connection; the other kinds on the second


@contextlib.contextmanager
def fetched_ahead(ctx, kinds: tuple[str, ...], share_snapshot: bool) -> Iterator[None]:
    """Fill `ctx.ahead` with a future of each kind's rows while the block
    runs; what a reader did not ask for is cancelled when it ends."""
    snapshot = _exported(ctx.conn) if share_snapshot else None
    other = None
    try:
        with ThreadPoolExecutor(1, "schemac-inspect") as first, ThreadPoolExecutor(1, "schemac-inspect") as second:
            other = second.submit(_second_connection, ctx.conn, snapshot)
            ctx.ahead = {kind: first.submit(ctx.fetch, kind) if kind in FIRST_LANE
                         else second.submit(lambda kind: ctx.fetch(kind, other.result()), kind) for kind in kinds}
            try:
                yield
            finally:
                for pending in ctx.ahead.values():  # a reader failed, or never asked
                    pending.cancel()
    finally:
        conn = other.result() if other is not None else None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.execute(sql.COMMIT)
            conn.close()


def _exported(conn: psycopg.Connection) -> str | None:
    """The id of the inspection's snapshot (None on a standby, which has
    none to give)."""
    from compiler.introspect import _one_line
    try:
        return conn.execute(sql.EXPORT_SNAPSHOT).fetchone()[0]
    except psycopg.Error as exc:
        raise failure(exc, conn, f"reading the database: {_one_line(str(exc))}") from None


def _conninfo(conn: psycopg.Connection) -> str:
    """What libpq connected `conn` with (its password too)."""
    return make_conninfo("", **{o.keyword.decode(): o.val.decode() for o in conn.pgconn.info if o.val is not None})


def _second_connection(conn: psycopg.Connection, snapshot: str | None) -> psycopg.Connection | None:
    """A connection reading `snapshot` as `conn` does, or None."""
    if snapshot is None:
        return None
    try:
        other = psycopg.connect(_conninfo(conn), autocommit=True, connect_timeout=10)
    except psycopg.Error:
        return None
    try:
        other.execute(sql.BEGIN_SNAPSHOT)
        other.execute(sql.import_snapshot(snapshot))
        other.execute(sql.INSPECT_SETTINGS)
    except psycopg.Error:
        other.close()
        return None
    return other
