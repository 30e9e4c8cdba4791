"""Helpers shared by the database tests: compile a spec, apply it, run verify.sql."""

from __future__ import annotations

from pathlib import Path

from compiler import api
from compiler.apply import run_script
from compiler.render import harness

VERIFY_COLUMNS = ("object", "expected", "found")


def compile_spec(root: Path, paths: list[Path] | None = None, title: str = "0001_test"):
    compiled = api.load(root, paths)
    return compiled, api.migration(title, compiled)


def stand_ins(conn, compiled) -> None:
    script = harness.external_stand_ins(compiled.catalog)
    if script:
        run_script(conn, script, "stand-ins")


def verify(conn, files) -> list[tuple[str, str, str]]:
    """The discrepancy rows verify.sql reports, sorted."""
    results = [r for r in run_script(conn, files.verify, "verify.sql") if r.columns == VERIFY_COLUMNS]
    return sorted(results[-1].rows) if results else []


def inventory(conn) -> list[str]:
    return [row[0] for row in run_script(conn, harness.inventory(), "inventory")[-1].rows]


def applied(conn, project):
    """Stand-ins, then up.sql of `project` ((compiled, files)), verified
    clean; the migration files."""
    compiled, files = project
    stand_ins(conn, compiled)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    return files
