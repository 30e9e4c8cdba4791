"""The deploy history a database keeps of itself (schema `schemac`, made
by the first deploy) and the lock that lets one deployer at a time write it."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import dict_row

from compiler.apply import failure
from compiler.apply.batch import run_batched
from compiler.errors import DatabaseError
from compiler.render import deploy as sql


@dataclass(frozen=True)
class Applied:
    """One row of schemac.migrations."""

    number: int
    name: str
    up_sha256: str
    down_sha256: str
    verify_sha256: str
    source_state: str
    target_state: str
    applied_at: datetime
    applied_by: str
    tool: str
    duration_ms: int | None
    steps_outside: int
    steps_outside_done: int

    @property
    def complete(self) -> bool:
        """Whether every step after its COMMIT ran too."""
        return self.steps_outside_done == self.steps_outside


def read_history(conn: psycopg.Connection) -> list[Applied]:
    """The applied migrations, in order; none when the database has no history yet."""
    try:
        if not conn.execute(sql.HISTORY_EXISTS).fetchone()[0]:
            return []
        with conn.cursor(row_factory=dict_row) as cur:
            return [Applied(**row) for row in cur.execute(sql.APPLIED).fetchall()]
    except psycopg.Error as exc:
        raise failure(exc, conn, f"reading the deploy history (schema {sql.HISTORY_SCHEMA}): "
                                 f"{str(exc).strip()}") from None


def ensure_layout(conn: psycopg.Connection) -> None:
    """Create the history when missing; refuse a layout newer than this schemac knows.
    (Its script is rendered only when the layout is missing or older: its
    last statement records the version, in the same transaction.)"""
    version = conn.execute(sql.LAYOUT_VERSION).fetchone()[0] if conn.execute(sql.LAYOUT_EXISTS).fetchone()[0] else None
    if version is None or version < sql.LAYOUT:
        run_batched(conn, sql.history_layout(), "the deploy history layout")
        version = conn.execute(sql.LAYOUT_VERSION).fetchone()[0]
    if version > sql.LAYOUT:
        raise DatabaseError(f"the deploy history of this database has layout {version}, newer than this schemac "
                            f"knows ({sql.LAYOUT}): a newer schemac deployed here; upgrade schemac")


def record(conn: psycopg.Connection, statement: str, **values) -> None:
    try:
        conn.execute(statement, values, prepare=False)
    except psycopg.Error as exc:
        raise failure(exc, conn, f"recording the deploy history: {str(exc).strip()}") from None


@contextmanager
def deploy_lock(conn: psycopg.Connection, wait: float, say=lambda line: None):
    """Hold the database's deploy lock (a session advisory lock) while the
    block runs; wait up to `wait` seconds for another deployer to finish,
    then fail naming who holds it."""
    deadline = time.monotonic() + wait
    told = False
    while not conn.execute(sql.TRY_LOCK).fetchone()[0]:
        holder = conn.execute(sql.LOCK_HOLDER).fetchone()
        if time.monotonic() >= deadline:
            raise DatabaseError("another deploy holds the lock of this database" + _holder_text(holder) +
                                f"; waited {wait:g} s (--lock-wait): try again when it has finished")
        if not told:
            say("waiting for another deploy to finish" + _holder_text(holder))
            told = True
        time.sleep(0.1)
    try:
        yield
    finally:
        if not conn.closed and not conn.broken:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.execute(sql.ROLLBACK)
            conn.execute(sql.UNLOCK)


def _holder_text(holder) -> str:
    if holder is None:
        return ""
    pid, user, application, address, _, since = holder
    where = f" from {address}" if address else ""
    app = f" ({application})" if application else ""
    started = f", since {since:%Y-%m-%d %H:%M:%S %Z}".rstrip() if since else ""
    return f" (process {pid}, role {user}{app}{where}{started})"
