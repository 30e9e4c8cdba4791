"""`schemac test`: prove a migration on a real PostgreSQL.

Steps, each timed: create stand-ins for external objects; apply up; verify is
clean; run the behavioural tests of the specs (`tests:`), each in its own
transaction that is rolled back, then prove they left every table's rows as
they were; apply down; nothing of ours remains and the database is as before;
apply up again; verify is clean again; apply down again, so that roles (which
belong to the whole server, not the scratch database) are gone too.

A failing behavioural test fails the run, but the later steps still run.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from compiler import api
from compiler.apply import connect, run_script
from compiler.catalog.locate import describe, source_of_key
from compiler.catalog.objects import Extension
from compiler.database.scratch import scratch_database
from compiler.deploy.verification import discrepancies
from compiler.errors import DatabaseError, DatabaseUnavailable
from compiler.render import harness
from compiler.selftest.spec_tests import Sensitive, run_test


@dataclass
class Step:
    name: str
    ok: bool
    seconds: float
    detail: list[str] = field(default_factory=list)


@dataclass
class Report:
    server_version: int = 0
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)


@contextlib.contextmanager
def server(database_url: str | None) -> Iterator[str]:
    if database_url:
        yield database_url
        return
    from compiler.database.embedded import embedded_server
    with embedded_server() as url:
        yield url


def _spec_location(catalog, error: DatabaseError) -> str:
    """Where the specs ask for the object whose step PostgreSQL refused."""
    source = source_of_key(catalog, error.step_key) if error.step_key else None
    return f"\n    spec: {describe(source)}" if source else ""


def missing_extensions(conn, catalog) -> list[str]:
    """The extensions the specs install that the server cannot, each with
    where the specs ask for it and how to test on a server that has it."""
    wanted = [e for e in catalog.objects if isinstance(e, Extension)]
    available = {row[0] for row in run_script(conn, harness.available_extensions(), "available extensions")[-1].rows}
    return [f"the server cannot install extension {e.name!r} (not in pg_available_extensions)"
            + (f"\n    spec: {describe(e.source)}" if e.source else "")
            + "\n    hint: the embedded PostgreSQL ships neither pgcrypto nor uuid-ossp (gen_random_uuid() is built in"
              " since PostgreSQL 13); run `schemac test --database-url postgresql://...` on a server that has the"
              " extension (e.g. a distribution PostgreSQL with its contrib package)"
            for e in wanted if e.name not in available]


def run(files: api.MigrationFiles, compiled: api.Compiled, database_url: str | None,
        on_step: Callable[[Step], None] = lambda step: None) -> Report:
    report = Report()
    with server(database_url) as url, scratch_database(url) as scratch, connect(scratch) as conn:
        report.server_version = conn.info.server_version
        run_script(conn, harness.session_settings(), "session settings")

        def step(name: str, action: Callable[[], list[str]]) -> bool:
            started = time.perf_counter()
            try:
                problems = action()
            except DatabaseUnavailable:
                raise  # the server went away or refused the role: not a result of the migration (exit 3)
            except DatabaseError as exc:
                problems = [str(exc) + _spec_location(compiled.catalog, exc)]
            result = Step(name, not problems, time.perf_counter() - started, problems)
            report.steps.append(result)
            on_step(result)
            return result.ok

        def inventory() -> list[str]:
            return [row[0] for row in run_script(conn, harness.inventory(), "inventory")[-1].rows]

        def apply(script: str, name: str) -> Callable[[], list[str]]:
            return lambda: (run_script(conn, script, name, closed=True), [])[1]

        def verify() -> list[str]:
            return discrepancies(conn, files.verify)

        if any(isinstance(o, Extension) for o in compiled.catalog.objects) and not step(
                "the server has the extensions the specs install", lambda: missing_extensions(conn, compiled.catalog)):
            return report
        stand_ins = harness.external_stand_ins(compiled.catalog)
        if stand_ins and not step("create stand-ins for external objects", apply(stand_ins, "stand-ins")):
            return report
        before = inventory()

        def unchanged() -> list[str]:
            after = inventory()
            left = sorted(set(after) - set(before))
            lost = sorted(set(before) - set(after))
            return [f"left behind: {x}" for x in left] + [f"lost: {x}" for x in lost]

        def snapshot() -> list[tuple]:
            return run_script(conn, harness.table_snapshot(compiled.catalog), "table snapshot")[-1].rows

        def sensitive_columns() -> Sensitive:
            script = harness.sensitive_columns(compiled.catalog)
            if script is None:
                return Sensitive()
            names = frozenset(c.name for t in compiled.catalog.tables for c in t.columns if c.sensitive)
            try:
                rows = run_script(conn, script, "sensitive columns")[-1].rows
            except DatabaseUnavailable:
                raise
            except DatabaseError:
                return Sensitive(frozenset(), names, located=False)
            return Sensitive(frozenset((int(r), int(n)) for r, n in rows), names)

        def spec_tests() -> None:
            try:
                before_tests, problem = snapshot(), None
            except DatabaseUnavailable:
                raise
            except DatabaseError as exc:
                before_tests, problem = [], str(exc)
            sensitive = sensitive_columns()
            for test in compiled.tests:
                step(f"test {test.label}", lambda test=test: run_test(conn, test, sensitive))

            def untouched() -> list[str]:
                if problem:
                    return [problem]
                after = {name: (count, checksum) for name, count, checksum in snapshot()}
                problems = []
                for name, count, checksum in before_tests:
                    now = after.get(name)
                    if now is None:
                        problems.append(f"{name}: gone after the tests")
                    elif now[0] != count:
                        problems.append(f"{name}: {count} row(s) before the tests, {now[0]} after")
                    elif now[1] != checksum:
                        problems.append(f"{name}: its rows changed during the tests")
                return problems

            step("the tests left no data behind", untouched)

        ok = step("apply up.sql", apply(files.up, "up.sql")) and step("verify.sql reports no discrepancy", verify)
        if ok and compiled.tests:
            spec_tests()
        (ok
         and step("apply down.sql", apply(files.down, "down.sql"))
         and step("database is as before up.sql", unchanged)
         and step("apply up.sql again", apply(files.up, "up.sql"))
         and step("verify.sql reports no discrepancy again", verify)
         and step("apply down.sql again (the server is left as found)", apply(files.down, "down.sql")))
    return report
