"""A verify.sql run against a database: the discrepancies it reports
(none when the database holds what its migration promises)."""

from __future__ import annotations

from compiler.apply.batch import run_batched

VERIFY_COLUMNS = ("object", "expected", "found")


def discrepancies(conn, script: str, name: str = "verify.sql") -> list[str]:
    """`object: expected X, found Y` for each row the verify script returns
    (it changes nothing: it runs in a transaction it rolls back). Its
    statements go as one batch: it has no step to show."""
    results = [r for r in run_batched(conn, script, name) if r.columns == VERIFY_COLUMNS]
    return [f"{o}: expected {e}, found {f}" for o, e, f in (results[-1].rows if results else [])]


def drift_rows(conn, migration) -> list[str]:
    """What the database lacks of what `migration` (a deploy.migrations.Migration) promises."""
    return discrepancies(conn, migration.text("verify.sql"), f"{migration.name}/verify.sql")
