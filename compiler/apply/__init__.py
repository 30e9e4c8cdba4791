"""Run SQL scripts on PostgreSQL with psycopg.

A script is sent as one simple-query message, exactly as psql would run the
file's statements; a failure inside the script's own transaction is rolled
back, so the database is left as it was, and the error names the script line.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from compiler.errors import DatabaseError


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple]


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"cannot connect to PostgreSQL: {str(exc).strip()}") from None


def run_script(conn: psycopg.Connection, script: str, name: str = "script") -> list[QueryResult]:
    """Execute every statement of `script`; return the result sets that have rows."""
    try:
        with conn.cursor() as cur:
            cur.execute(script.encode("utf-8"), prepare=False)
            results = []
            while True:
                if cur.description is not None:
                    results.append(QueryResult(tuple(c.name for c in cur.description), cur.fetchall()))
                if not cur.nextset():
                    break
            return results
    except psycopg.Error as exc:
        _rollback(conn)
        raise DatabaseError(_describe(exc, script, name)) from None


def _rollback(conn: psycopg.Connection) -> None:
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        try:
            conn.execute("ROLLBACK")
        except psycopg.Error:
            pass


def _describe(exc: psycopg.Error, script: str, name: str) -> str:
    diag = exc.diag
    message = diag.message_primary or str(exc).strip()
    where = ""
    if diag.statement_position:
        offset = int(diag.statement_position) - 1
        line = script.encode("utf-8")[:offset].decode("utf-8", errors="ignore").count("\n") + 1
        where = f" (line {line})"
    detail = f"\n    detail: {diag.message_detail}" if diag.message_detail else ""
    hint = f"\n    hint: {diag.message_hint}" if diag.message_hint else ""
    return f"{name}{where}: {message}{detail}{hint}"


def server_version(conn: psycopg.Connection) -> int:
    return conn.info.server_version
