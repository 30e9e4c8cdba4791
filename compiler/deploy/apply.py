"""`schemac apply`: bring a database to the newest (or `--to N`) migration
of generated/, recording each in the database's history.

Under the deploy lock, in order: the history is checked against
generated/ (an applied migration whose scripts changed since, or that
generated/ no longer has, is refused); the verification of the last applied
migration runs first (a database that drifted from it is refused, unless
`force`); a migration left with steps after its COMMIT still to run (a
deploy that stopped there) is completed first; then each pending migration
runs in its own transaction, recorded in that same transaction, so that a
failure leaves schema, data and history as they were; its steps that cannot
run in a transaction run one by one after its COMMIT, each recorded as it
ends (a rerun resumes at the one that failed); last, the verification of
the migration reached runs again."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from compiler import __version__
from compiler.apply import run_script
from compiler.deploy.history import Applied, deploy_lock, ensure_layout, read_history, record
from compiler.deploy.migrations import Migration, local_migrations
from compiler.deploy.progress import Progress
from compiler.deploy.verification import drift_rows
from compiler.errors import DatabaseError, UsageError
from compiler.render import deploy as sql

TOOL = f"schemac {__version__}"


class Refused(Exception):
    """The database is not where the migrations expect it; nothing was run."""

    def __init__(self, message: str, details: list[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


@dataclass
class Outcome:
    applied: list[str] = field(default_factory=list)  # migration names run (or to run, in a dry run)
    drift_after: list[str] = field(default_factory=list)  # verify rows after the deploy


def check_history(history: list[Applied], local: list[Migration]) -> None:
    """Refuse history that generated/ does not match: an applied migration
    edited since, renamed, or missing."""
    by_number = {m.number: m for m in local}
    problems = []
    for row in history:
        migration = by_number.get(row.number)
        if migration is None:
            problems.append(f"{row.name}: applied on {row.applied_at:%Y-%m-%d %H:%M}, but generated/ has no "
                            f"migration {row.number:04d}")
            continue
        if migration.name != row.name:
            problems.append(f"{migration.name}: migration {row.number:04d} was applied as {row.name}")
        recorded = {"up.sql": row.up_sha256, "down.sql": row.down_sha256, "verify.sql": row.verify_sha256}
        for script, digest in recorded.items():
            if migration.checksums[script] != digest:
                problems.append(f"{migration.directory / script}: changed since it was applied "
                                f"(sha256 {migration.checksums[script][:12]}, applied {digest[:12]})")
    if problems:
        raise Refused("the deploy history of the database does not match generated/: migrations that ran are "
                      "never edited; restore the files from version control, or generate a new migration", problems)


def pending(history: list[Applied], local: list[Migration], to: int | None) -> list[Migration]:
    done = {row.number for row in history}
    if to is not None and to not in {m.number for m in local}:
        raise UsageError(f"--to {to}: generated/ has no migration {to:04d} (it has "
                         f"{', '.join(m.name for m in local) or 'none'})")
    return [m for m in local if m.number not in done and (to is None or m.number <= to)]


def apply(conn: psycopg.Connection, generated: Path, *, to: int | None = None, dry_run: bool = False,
          force: bool = False, lock_wait: float = 60.0, progress: Progress | None = None) -> Outcome:
    progress = progress or Progress()
    say = progress.line
    local = local_migrations(generated)
    if dry_run:
        return _dry_run(conn, local, to, say)
    outcome = Outcome()
    with deploy_lock(conn, lock_wait, say):
        ensure_layout(conn)
        history = read_history(conn)
        check_history(history, local)
        if to is not None and history and to < history[-1].number:
            raise UsageError(f"--to {to}: the database is at {history[-1].name} already; "
                             f"`schemac rollback --to {to}` goes back")
        by_number = {m.number: m for m in local}
        if history and history[-1].complete:
            # an unfinished migration is not yet its target (a constraint NOT VALID, a column not yet NOT
            # NULL): its steps after COMMIT run first, and the drift after them is reported
            drift = drift_rows(conn, by_number[history[-1].number])
            if drift and not force:
                raise Refused(f"the database has drifted from {history[-1].name} (its verify.sql reports "
                              f"{len(drift)} difference(s)); fix it (`schemac drift`), or --force", drift)
        unfinished = [row for row in history if not row.complete]
        for row in unfinished:
            _run_outside(conn, by_number[row.number], row.steps_outside_done, say)
        todo = pending(history, local, to)
        if not todo and not unfinished:
            say(f"nothing to apply: the database is at {history[-1].name if history else 'no migration'}")
        for migration in todo:
            _apply_one(conn, migration, progress)
            outcome.applied.append(migration.name)
        last = todo[-1] if todo else (by_number[history[-1].number] if history else None)
        if last is not None and (todo or unfinished):
            outcome.drift_after = drift_rows(conn, last)
    return outcome


def _dry_run(conn, local: list[Migration], to: int | None, say) -> Outcome:
    history = read_history(conn)
    check_history(history, local)
    outcome = Outcome()
    unfinished = [row for row in history if not row.complete]
    for row in unfinished:
        say(f"would finish {row.name}: steps {row.steps_outside_done + 1}-{row.steps_outside} after its COMMIT")
    for migration in pending(history, local, to):
        steps = migration.plan["steps"]
        say(f"would apply {migration.name} ({len(steps)} step(s))")
        for i, step in enumerate(steps, 1):
            say(f"  step {i}: {step['kind']} {step['key']}")
        outcome.applied.append(migration.name)
    if not outcome.applied and not unfinished:
        say(f"nothing to apply: the database is at {history[-1].name if history else 'no migration'}")
    return outcome


def run_until_commit(conn, migration: Migration, script: str, progress: Progress) -> int:
    """Run `script`'s part before its own COMMIT, leaving its transaction
    open for the history record; the milliseconds it took."""
    started = time.monotonic()
    try:
        run_script(conn, migration.parts(script).transaction, f"{migration.name}/{script}", on_step=progress.step)
    finally:
        progress.steps_done()
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.INTRANS:
        raise DatabaseError(f"{migration.name}/{script}: its transaction ended before its COMMIT, so the history "
                            "cannot be recorded with it: regenerate the migration")
    return _ms(started)


def _apply_one(conn, migration: Migration, progress: Progress) -> None:
    say = progress.line
    parts = migration.parts("up.sql")
    say(f"applying {migration.name} ({len(migration.plan['steps'])} step(s))")
    duration = run_until_commit(conn, migration, "up.sql", progress)
    checksums = migration.checksums
    record(conn, sql.RECORD_APPLY, number=migration.number, name=migration.name, up=checksums["up.sql"],
           down=checksums["down.sql"], verify=checksums["verify.sql"], source=migration.source_state,
           target=migration.target_state, tool=TOOL, duration_ms=duration, steps_outside=len(parts.outside))
    record(conn, sql.RECORD_EVENT, number=migration.number, name=migration.name, action="apply", detail=None,
           tool=TOOL, duration_ms=duration)
    conn.execute(sql.COMMIT)
    say(f"applied {migration.name} in {duration / 1000:.2f} s")
    _run_outside(conn, migration, 0, say)


def _run_outside(conn, migration: Migration, done: int, say) -> None:
    """The steps after the COMMIT, from the first not done; each recorded as it ends."""
    outside = migration.parts("up.sql").outside
    for n, step in enumerate(outside[done:], done + 1):
        started = time.monotonic()
        say(f"  {step.label} (outside the transaction, {n} of {len(outside)})")
        run_script(conn, step.sql, f"{migration.name}/up.sql")
        duration = _ms(started)
        conn.execute(sql.BEGIN)
        record(conn, sql.RECORD_STEP, number=migration.number, done=n, duration_ms=duration)
        record(conn, sql.RECORD_EVENT, number=migration.number, name=migration.name, action="step",
               detail=step.label, tool=TOOL, duration_ms=duration)
        conn.execute(sql.COMMIT)


def _ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
