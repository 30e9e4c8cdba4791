"""`schemac test`: prove a migration on a real PostgreSQL.

Steps, each timed: create stand-ins for external tables; apply up; verify is
clean; apply down; nothing of ours remains and the database is as before; apply
up again; verify is clean again; apply down again, so that roles (which belong
to the whole server, not the scratch database) are gone too.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from compiler import api
from compiler.apply import connect, run_script
from compiler.database.scratch import scratch_database
from compiler.errors import DatabaseError
from compiler.render import harness


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


def run(files: api.MigrationFiles, compiled: api.Compiled, database_url: str | None,
        on_step: Callable[[Step], None] = lambda step: None) -> Report:
    report = Report()
    with server(database_url) as url, scratch_database(url) as scratch, connect(scratch) as conn:
        report.server_version = conn.info.server_version

        def step(name: str, action: Callable[[], list[str]]) -> bool:
            started = time.perf_counter()
            try:
                problems = action()
            except DatabaseError as exc:
                problems = [str(exc)]
            result = Step(name, not problems, time.perf_counter() - started, problems)
            report.steps.append(result)
            on_step(result)
            return result.ok

        def inventory() -> list[str]:
            return [row[0] for row in run_script(conn, harness.inventory(), "inventory")[-1].rows]

        def apply(script: str, name: str) -> Callable[[], list[str]]:
            return lambda: (run_script(conn, script, name), [])[1]

        def verify() -> list[str]:
            results = [r for r in run_script(conn, files.verify, "verify.sql") if r.columns == ("object", "expected", "found")]
            return [f"{o}: expected {e}, found {f}" for o, e, f in (results[-1].rows if results else [])]

        stand_ins = harness.external_stand_ins(compiled.catalog)
        if stand_ins and not step("create stand-ins for external tables", apply(stand_ins, "stand-ins")):
            return report
        before = inventory()

        def unchanged() -> list[str]:
            after = inventory()
            left = sorted(set(after) - set(before))
            lost = sorted(set(before) - set(after))
            return [f"left behind: {x}" for x in left] + [f"lost: {x}" for x in lost]

        (step("apply up.sql", apply(files.up, "up.sql"))
         and step("verify.sql reports no discrepancy", verify)
         and step("apply down.sql", apply(files.down, "down.sql"))
         and step("database is as before up.sql", unchanged)
         and step("apply up.sql again", apply(files.up, "up.sql"))
         and step("verify.sql reports no discrepancy again", verify)
         and step("apply down.sql again (the server is left as found)", apply(files.down, "down.sql")))
    return report
