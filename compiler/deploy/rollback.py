"""`schemac rollback --to N`: run the down scripts of the migrations
applied after N, newest first, each in its transaction with its history
row removed (and the rollback logged) in that same transaction.

Refused before anything runs: history that generated/ does not match, a
migration whose steps after COMMIT are not all done (finish it with
`schemac apply` first), a database that drifted from the migration it is
at (unless `force`), and a migration with a step its down script cannot
undo without losing data (unless `accept_data_loss`), naming the steps."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg

from compiler.apply import run_script
from compiler.deploy.apply import TOOL, Refused, check_history, run_until_commit
from compiler.deploy.history import deploy_lock, ensure_layout, read_history, record
from compiler.deploy.migrations import Migration, local_migrations
from compiler.deploy.progress import Progress
from compiler.deploy.verification import drift_rows
from compiler.errors import UsageError
from compiler.render import deploy as sql


def rollback(conn: psycopg.Connection, generated: Path, *, to: int, dry_run: bool = False, force: bool = False,
             accept_data_loss: bool = False, lock_wait: float = 60.0,
             progress: Progress | None = None) -> list[str]:
    """Roll back to migration `to` (0: before the first); the names of the migrations rolled back."""
    progress = progress or Progress()
    local = local_migrations(generated)
    by_number = {m.number: m for m in local}
    with deploy_lock(conn, 0 if dry_run else lock_wait, progress.line):
        if not dry_run:
            ensure_layout(conn)
        history = read_history(conn)
        check_history(history, local)
        if to != 0 and to not in {row.number for row in history}:
            raise UsageError(f"--to {to}: migration {to:04d} is not applied to this database (applied: "
                             f"{', '.join(row.name for row in history) or 'none'}); --to 0 rolls back everything")
        undo = [by_number[row.number] for row in reversed(history) if row.number > to]
        unfinished = [row.name for row in history if row.number > to and not row.complete]
        if unfinished:
            raise Refused(f"{', '.join(unfinished)} did not finish (steps after its COMMIT are still to run): "
                          "finish it with `schemac apply`, then roll back")
        losing = [f"{m.name}: {step}" for m in undo for step in m.irreversible_steps]
        if losing and not accept_data_loss:
            raise Refused("rolling back would lose data: these steps cannot be undone (their down script "
                          "cannot bring back what they removed or converted); --accept-data-loss rolls back anyway",
                          losing)
        if not undo:
            progress.line(f"nothing to roll back: the database is at {history[-1].name if history else 'no migration'}")
            return []
        if dry_run:
            for migration in undo:
                progress.line(f"would roll back {migration.name} ({len(migration.plan['steps'])} step(s))")
            return [m.name for m in undo]
        drift = drift_rows(conn, undo[0])
        if drift and not force:
            raise Refused(f"the database has drifted from {undo[0].name} (its verify.sql reports {len(drift)} "
                          "difference(s)), so its down script may not fit it; fix it (`schemac drift`), or --force",
                          drift)
        for migration in undo:
            _roll_back_one(conn, migration, progress)
    return [m.name for m in undo]


def _roll_back_one(conn, migration: Migration, progress: Progress) -> None:
    parts = migration.parts("down.sql")
    started = time.monotonic()
    progress.line(f"rolling back {migration.name}")
    duration = run_until_commit(conn, migration, "down.sql", progress)
    record(conn, sql.RECORD_ROLLBACK, number=migration.number)
    record(conn, sql.RECORD_EVENT, number=migration.number, name=migration.name, action="rollback", detail=None,
           tool=TOOL, duration_ms=duration)
    conn.execute(sql.COMMIT)
    for n, step in enumerate(parts.outside, 1):
        progress.line(f"  {step.label} (outside the transaction, {n} of {len(parts.outside)})")
        run_script(conn, step.sql, f"{migration.name}/down.sql")
    progress.line(f"rolled back {migration.name} in {time.monotonic() - started:.2f} s")
