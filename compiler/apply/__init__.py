"""Run SQL scripts on PostgreSQL with psycopg.

A script's statements are sent one by one, as psql runs a file's statements;
a failure inside the script's own transaction is rolled back, so the database
is left as it was, and the error names the script line and the step.

The psql meta-commands schemac writes itself (`render.sql.PSQL_HEADER`, whole lines
at the top of a script) are what psycopg does anyway (stop at the first
error); any other backslash command outside a quoted text or comment is an
error before anything runs: psql would run it, so schemac must not skip it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import psycopg

from compiler.errors import DatabaseError, DatabaseUnavailable
from compiler.render.sql import PSQL_HEADER, without_psql_header


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple]


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL: {str(exc).strip()}") from None


def run_script(conn: psycopg.Connection, script: str, name: str = "script", closed: bool = False,
               on_step: Callable[[int, int, str], None] | None = None) -> list[QueryResult]:
    """Execute every statement of `script`; return the result sets that have rows.

    `on_step(n, total, "step n: Kind key")` is told when the first statement
    of each `-- step N:` comment's step is sent (a progress display).

    Statements are sent one by one, as psql sends the statements of a file
    (the script's own BEGIN/COMMIT make the transaction), so a failure is
    known to belong to one statement: its line, and the `-- step N:` comment
    it follows, name the step even when PostgreSQL gives no position. With
    `closed` (a migration script), a script that leaves its transaction open
    failed: its COMMIT never ran, and psql would roll it all back on exit."""
    script = without_psql_header(script)
    refuse_meta_commands(script, name)
    results = []
    steps = [(m.start(), m.group(1)) for m in _STEP.finditer(script)] if on_step else []
    reached = 0
    for start, stop in statement_slices(script):
        while reached < len(steps) and steps[reached][0] < start:
            reached += 1
            on_step(reached, len(steps), steps[reached - 1][1])
        try:
            with conn.cursor() as cur:
                cur.execute(script[start:stop].encode("utf-8"), prepare=False)
                while True:
                    if cur.description is not None:
                        results.append(QueryResult(tuple(c.name for c in cur.description), cur.fetchall()))
                    if not cur.nextset():
                        break
        except psycopg.Error as exc:
            _rollback(conn)
            raise failure(exc, conn, _describe(exc, script, name, start, stop), _step_key(script, start, stop)) from None
    if closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        _rollback(conn)
        raise DatabaseError(f"{name}: the script ended inside its transaction (its COMMIT never ran), so nothing "
                            "of it stays; a statement probably swallowed what followed it")
    return results


def refuse_meta_commands(script: str, name: str) -> None:
    """A backslash outside quoted text, identifiers and comments starts a psql
    meta-command (`\\!` runs a shell command): such a script is not what
    schemac wrote, and is refused before any statement runs."""
    if "\\" not in script:
        return
    from pglast import parser  # imported when needed: ~30 ms, which `schemac apply` mostly spares
    try:
        tokens = parser.scan(script)
    except Exception as exc:  # noqa: BLE001 - pglast raises ParseError or ValueError
        # undecided is not safe: where quotes end is unknown, and so is what psql would run
        raise DatabaseError(f"{name}: PostgreSQL's scanner cannot read the script ({str(exc).strip()}), so "
                            "whether psql would run a meta-command in it is unknown; nothing was run") from None
    for token in tokens:
        if token.name == "ASCII_92":
            line = script[:token.start].count("\n") + 1
            text = script[token.start:].split("\n", 1)[0].strip()
            raise DatabaseError(f"{name} (line {line}): `{text[:60]}` is a psql meta-command, which schemac never "
                                f"writes there (only `{PSQL_HEADER[0]}` on the first line); nothing was run. "
                                "Regenerate the file from the specs; a script edited by hand is not run")


# SQLSTATEs of a server that went away, or refused the role what it needs: connection exceptions (08),
# invalid authorization (28), a missing database (3D000), insufficient privilege (42501), insufficient
# resources (53), operator intervention but a statement cancelled (57: admin or crash shutdown, cannot
# connect now, database dropped, idle timeouts), system errors (58), internal errors (XX)
_UNAVAILABLE_CLASSES = ("08", "28", "53", "58", "XX")
_UNAVAILABLE_CODES = ("3D000", "42501", "57P01", "57P02", "57P03", "57P04", "57P05")


def failure(exc: psycopg.Error, conn: psycopg.Connection | None, message: str,
            step_key: str | None = None) -> DatabaseError:
    """The error to raise for `exc`: DatabaseUnavailable when the server went
    away or refused the role (see its docstring), else DatabaseError; either
    names the key of the step whose statement failed, when known."""
    code = exc.sqlstate or ""
    broken = conn is not None and (conn.closed or conn.broken)
    unavailable = broken or code.startswith(_UNAVAILABLE_CLASSES) or code in _UNAVAILABLE_CODES \
        or isinstance(exc, psycopg.OperationalError) and not code
    return (DatabaseUnavailable if unavailable else DatabaseError)(message, step_key)


def statement_slices(script: str) -> list[tuple[int, int]]:
    """(start, stop) character offsets of each statement of `script`, split by
    PostgreSQL's own parser (its scanner if a statement does not parse; the
    whole script as one piece if even that fails)."""
    from pglast import parser
    for with_parser in (True, False):
        try:
            pieces = [(piece.start, piece.stop) for piece in parser.split(script, with_parser=with_parser, only_slices=True)]
        except Exception:  # noqa: BLE001 - pglast raises ParseError or ValueError; the server will judge
            continue
        end = pieces[-1][1] if pieces else 0
        if _only_comments(script[end:]):
            return pieces
        return pieces + [(end, len(script))]  # what a split left over is sent too: never silently dropped
    return [(0, len(script))]


def parsed_slices(script: str) -> list[tuple[int, int]] | None:
    """`statement_slices(script)` when PostgreSQL's parser split it (the
    statements the server counts, one result each); None when it could not."""
    from pglast import parser
    try:
        pieces = [(piece.start, piece.stop) for piece in parser.split(script, with_parser=True, only_slices=True)]
    except Exception:  # noqa: BLE001 - pglast raises ParseError or ValueError: undecided
        return None
    return pieces if pieces == statement_slices(script) else None


def _only_comments(text: str) -> bool:
    """Whether `text` holds nothing PostgreSQL would run (blanks, comments, `;`)."""
    if not text.strip(" \t\r\n;"):
        return True
    from pglast import parser
    try:
        return all(token.name in ("SQL_COMMENT", "C_COMMENT", "ASCII_59") for token in parser.scan(text))
    except Exception:  # noqa: BLE001 - a text the scanner cannot read is not only comments
        return False


def _rollback(conn: psycopg.Connection) -> None:
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        try:
            conn.execute("ROLLBACK")
        except psycopg.Error:
            pass


_STEP = re.compile(r"^-- (step \d+: .*?)(?: \(cannot run inside a transaction\))?$", re.MULTILINE)
_STEP_KEY = re.compile(r"^step \d+: \S+ (.+?)(?:, part \d+ of \d+)?$")


def _step_key(script: str, start: int, stop: int) -> str | None:
    """The key of the step the statement at `start:stop` belongs to (none for
    the script's own COMMIT, which ends every step)."""
    if script[start:stop].strip().upper().rstrip(";").strip() == "COMMIT":
        return None
    steps = _STEP.findall(script[:stop])
    found = _STEP_KEY.match(steps[-1]) if steps else None
    return found.group(1) if found else None


def _describe(exc: psycopg.Error, script: str, name: str, start: int = 0, stop: int | None = None,
              position_base: int | None = None) -> str:
    """`name (line N, step M: Kind key): message` for `exc`, raised by the
    statement script[start:stop]; the server's error position counts from
    `position_base` (where the text sent began; default `start`)."""
    diag = exc.diag
    message = diag.message_primary or str(exc).strip()
    stop = len(script) if stop is None else stop
    statement = script[start:stop]
    code = start + (len(statement) - len(statement.lstrip()))
    offset = code
    if diag.statement_position:  # counted in characters, from 1, within the statement sent
        offset = (start if position_base is None else position_base) + int(diag.statement_position) - 1
    where = [f"line {script[:offset].count(chr(10)) + 1}"]
    steps = _STEP.findall(script[:stop])
    if statement.strip().upper().rstrip(";").strip() == "COMMIT":
        where.append("at COMMIT" + (f", after {steps[-1].split(':')[0]}" if steps else ""))
    elif steps:
        where.append(steps[-1])
    detail = f"\n    detail: {diag.message_detail}" if diag.message_detail else ""
    hint = f"\n    hint: {diag.message_hint}" if diag.message_hint else ""
    context = f"\n    context: {diag.context.strip()}" if diag.context and not diag.statement_position else ""
    return f"{name} ({', '.join(where)}): {message}{detail}{hint}{context}"


def server_version(conn: psycopg.Connection) -> int:
    return conn.info.server_version
