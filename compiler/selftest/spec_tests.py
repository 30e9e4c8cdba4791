"""Run one behavioural test (`tests:` of a spec) on a connection.

Order, inside one transaction that is always rolled back:
1. BEGIN, then the settings (`set_config(name, value, true)`, local to the
   transaction; the domain's schema then public is the search_path unless the
   settings say otherwise);
2. the `setup` statements, in order, as the connecting role (the owner of the
   tables, so fixtures can be written past grants; a superuser also bypasses
   row-level security);
3. `SET LOCAL ROLE as_role`, when the test names one;
4. the query;
5. ROLLBACK.

`expect` compares the query's rows, in order, in PostgreSQL's text output
(booleans as true/false, NULL as null) with the expected values, which the
YAML gives as text. `expect_error` passes when a setup statement or the query
fails with a message that contains the expected text, ignoring case.

A failing test shows the rows found, but never a value of a `sensitive: true`
column: a result column read straight from one (PostgreSQL says which table
column each result column comes from), named like one, or computed (no table
column) by a query that names one, is shown `***`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import psycopg

from compiler.apply import failure
from compiler.catalog.tests import SpecTest
from compiler.redact import MASK
from compiler.render import harness

BOOL_OID = 16
MAX_ROWS_SHOWN = 20


@dataclass(frozen=True)
class Sensitive:
    """The `sensitive: true` columns: (table oid, column number) on the
    database, and their names."""

    columns: frozenset[tuple[int, int]] = frozenset()
    names: frozenset[str] = frozenset()
    located: bool = True  # False: `columns` could not be read, so a query naming one hides every column

    def masks(self, cur: psycopg.Cursor, query: str) -> list[bool]:
        """Which columns of the cursor's current result hide their values."""
        result = cur.pgresult
        if result is None or not self.names:
            return [False] * (result.nfields if result is not None else 0)
        words = {w.lower() for w in re.findall(r"\w+", query)}
        named = any(name.lower() in words for name in self.names)
        masks = []
        for c in range(result.nfields):
            table, number = result.ftable(c), result.ftablecol(c)
            label = (result.fname(c) or b"").decode("utf-8", "replace")
            masks.append((table, number) in self.columns or label in self.names
                         or (named and (table == 0 or not self.located)))
        return masks


@dataclass(frozen=True)
class Outcome:
    rows: list[list[str | None]] | None = None  # the query's rows, when it ran
    masks: list[bool] = field(default_factory=list)  # per column: its values are not shown
    error: str | None = None  # "where: message" when something failed
    error_message: str | None = None  # PostgreSQL's primary message of that failure
    matchable: bool = False  # whether the failure was the setup's or the query's


def run_test(conn: psycopg.Connection, test: SpecTest, sensitive: Sensitive = Sensitive()) -> list[str]:
    """Run `test`; return its problems (none: it passed)."""
    spec = test.spec
    outcome = _execute(conn, test, sensitive)
    if spec.expect_error is not None:
        wanted = spec.expect_error
        if outcome.error is None:
            rows = outcome.rows or []
            return [f"at {test.location}", f"expected an error containing `{wanted}`",
                    f"found no error; the query returned {len(rows)} row(s)", *_show(rows, outcome.masks)]
        if not outcome.matchable or wanted.lower() not in (outcome.error_message or "").lower():
            return [f"at {test.location}", f"expected an error containing `{wanted}`",
                    f"found the error: {outcome.error}"]
        return []
    expected = [[None if v is None else str(v) for v in row] for row in spec.expect or []]
    if outcome.error is not None:
        return [f"at {test.location}", f"expected {len(expected)} row(s):", *_show(expected),
                f"found the error: {outcome.error}"]
    if outcome.rows != expected:
        return [f"at {test.location}", f"expected {len(expected)} row(s):", *_show(expected),
                f"found {len(outcome.rows or [])} row(s):", *_show(outcome.rows or [], outcome.masks)]
    return []


def _execute(conn: psycopg.Connection, test: SpecTest, sensitive: Sensitive) -> Outcome:
    spec = test.spec
    stage = "settings"
    try:
        with conn.cursor() as cur:
            cur.execute(harness.begin_test(test.schema, spec.settings).encode("utf-8"), prepare=False)
            for i, statement in enumerate(spec.setup):
                stage = f"setup[{i}]"
                cur.execute(statement.encode("utf-8"), prepare=False)
            if spec.as_role:
                stage = "as_role"
                cur.execute(harness.switch_role(spec.as_role).encode("utf-8"), prepare=False)
            stage = "query"
            cur.execute(spec.query.encode("utf-8"), prepare=False)
            if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                return Outcome(error="the test ended its own transaction, so its changes may have been kept")
            return Outcome(rows=_text_rows(cur, conn.info.encoding), masks=sensitive.masks(cur, spec.query))
    except psycopg.Error as exc:
        message = exc.diag.message_primary or str(exc).strip()
        return Outcome(error=f"{stage}: {message}", error_message=message,
                       matchable=stage == "query" or stage.startswith("setup"))
    finally:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            try:
                conn.execute(harness.end_test().encode("utf-8"), prepare=False)
            except psycopg.Error as exc:
                raise failure(exc, conn, f"cannot roll back test {test.label}: {str(exc).strip()}") from None


def _text_rows(cur: psycopg.Cursor, encoding: str) -> list[list[str | None]]:
    """The current result's rows as PostgreSQL wrote them in text form,
    booleans spelt true/false."""
    result = cur.pgresult
    if result is None or cur.description is None:
        return []
    booleans = [result.ftype(c) == BOOL_OID for c in range(result.nfields)]
    rows = []
    for r in range(result.ntuples):
        row = []
        for c in range(result.nfields):
            raw = result.get_value(r, c)
            value = None if raw is None else bytes(raw).decode(encoding)
            if booleans[c] and value in ("t", "f"):
                value = "true" if value == "t" else "false"
            row.append(value)
        rows.append(row)
    return rows


def _show(rows: list[list[str | None]], masks: list[bool] | None = None) -> list[str]:
    masks = masks or []
    shown = ["  [" + ", ".join(MASK if i < len(masks) and masks[i] else _value(v) for i, v in enumerate(row)) + "]"
             for row in rows[:MAX_ROWS_SHOWN]]
    if len(rows) > MAX_ROWS_SHOWN:
        shown.append(f"  ... and {len(rows) - MAX_ROWS_SHOWN} more")
    return shown


def _value(value: str | None) -> str:
    if value is None:
        return "null"
    if value == "" or value != value.strip() or any(ch in value for ch in ",[]'\n") or value.lower() == "null":
        return "'" + value.replace("'", "''").replace("\n", "\\n") + "'"
    return value
