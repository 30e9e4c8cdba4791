"""Run a script's statements as a few simple-query batches instead of one
round trip each: what `schemac apply` does with a migration's transaction and
with verify.sql, where no statement needs bookkeeping of its own.

PostgreSQL runs a batch's statements in order and stops at the first that
fails; it answers one result per statement that ran, so the failing
statement is the one after those, in the statement split `run_script` uses
(PostgreSQL's own parser, through pglast, needed only then). The error names
the script line and step exactly as `run_script`'s does. A split that is not
the parser's (a script pglast cannot parse) cannot tell which statement the
server counted: the error then names the line of the server's error
position, or else the lines the batch spans and says the statement is not
known (running them again to find it could commit them).
"""

from __future__ import annotations

from typing import Callable

import psycopg
from psycopg import generators, pq
from psycopg.adapt import Transformer

from compiler.apply import (
    _STEP,
    QueryResult,
    _describe,
    _rollback,
    _step_key,
    failure,
    parsed_slices,
    refuse_meta_commands,
    run_script,
    statement_slices,
)
from compiler.errors import DatabaseError
from compiler.render.sql import without_psql_header

_FAILED = (pq.ExecStatus.FATAL_ERROR, pq.ExecStatus.BAD_RESPONSE, pq.ExecStatus.NONFATAL_ERROR)


def run_batched(conn: psycopg.Connection, script: str, name: str = "script", closed: bool = False,
                on_step: Callable[[int, int, str], None] | None = None) -> list[QueryResult]:
    """What `run_script(conn, script, name, closed, on_step)` does and
    returns, with the statements sent as one batch; with `on_step` (a
    progress display), one batch per `-- step N:` comment's step, `on_step`
    told as each is sent. Before PostgreSQL 13, statement_timeout held for
    a whole batch, not for each of its statements: there, one by one."""
    if conn.info.server_version < 130000:
        return run_script(conn, script, name, closed, on_step)
    body = without_psql_header(script)
    refuse_meta_commands(body, name)
    results: list[QueryResult] = []
    for start, stop, announce in _by_step(body) if on_step else [(0, len(body), [])]:
        for n, total, label in announce:
            on_step(n, total, label)
        _send(conn, body, name, start, stop, results)
    if closed and conn.info.transaction_status != pq.TransactionStatus.IDLE:
        _rollback(conn)
        raise DatabaseError(f"{name}: the script ended inside its transaction (its COMMIT never ran), so nothing "
                            "of it stays; a statement probably swallowed what followed it")
    return results


def _by_step(body: str) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """(start, stop, steps begun) of each batch: whole statements, a new batch
    at the first statement after a `-- step N:` comment (as `run_script`
    tells `on_step`)."""
    steps = [(m.start(), m.group(1)) for m in _STEP.finditer(body)]
    starts: list[tuple[int, list[tuple[int, int, str]]]] = []
    reached = 0
    for start, _ in statement_slices(body):
        announce = []
        while reached < len(steps) and steps[reached][0] < start:
            reached += 1
            announce.append((reached, len(steps), steps[reached - 1][1]))
        if announce or not starts:
            starts.append((start if starts else 0, announce))
    ends = [start for start, _ in starts[1:]] + [len(body)]
    return [(start, stop, announce) for (start, announce), stop in zip(starts, ends)]


def _send(conn, body: str, name: str, start: int, stop: int, results: list[QueryResult]) -> None:
    pgconn = conn.pgconn
    try:
        pgconn.send_query(body[start:stop].encode("utf-8"))
        answers = conn.wait(generators.execute(pgconn))
    except psycopg.Error as exc:  # the connection failed: no statement to blame
        _rollback(conn)
        raise failure(exc, conn, _describe(exc, body, name, start, stop)) from None
    transformer = None
    for n, answer in enumerate(answers):
        if answer.status in _FAILED:
            raise _located(conn, psycopg.errors.error_from_result(answer, encoding=conn.info.encoding),
                           body, name, start, stop, n) from None
        if answer.status == pq.ExecStatus.TUPLES_OK:
            transformer = transformer or Transformer(conn)
            transformer.set_pgresult(answer)
            columns = tuple(answer.fname(i).decode(conn.info.encoding) for i in range(answer.nfields))
            results.append(QueryResult(columns, transformer.load_rows(0, answer.ntuples, tuple)))


def _located(conn, exc: psycopg.Error, body: str, name: str, start: int, stop: int, ran: int) -> DatabaseError:
    """The error for `exc`, raised by the statement after the `ran` first
    ones of body[start:stop], named as `run_script` names it."""
    _rollback(conn)
    slices = parsed_slices(body)
    inside = [s for s in slices if start <= s[0] < stop] if slices is not None else []
    if ran < len(inside):
        first, last = inside[ran]
        return failure(exc, conn, _describe(exc, body, name, first, last, position_base=start),
                       _step_key(body, first, last))
    # PostgreSQL's parser cannot split the script (syntax newer than pglast's): which statement the server
    # counted is not known. Running the statements again to find it could commit them: the server's
    # position says where, when it gave one; else the lines the batch spans are named.
    if exc.diag.statement_position:
        at = start + int(exc.diag.statement_position) - 1
        line_end = body.find("\n", at)
        line_end = stop if line_end < 0 or line_end > stop else line_end
        return failure(exc, conn, _describe(exc, body, name, at, line_end, position_base=start),
                       _step_key(body, at, line_end))
    first, last = body[:start].count("\n") + 1, body[:stop].count("\n") + 1
    return failure(exc, conn, f"{name} (lines {first}-{last}, statement not known: PostgreSQL's parser, which "
                              f"tells the statements apart, cannot read this script): "
                              f"{exc.diag.message_primary or str(exc).strip()}")
