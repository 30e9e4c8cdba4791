"""Helpers shared by the database tests: compile a spec, apply it, run verify.sql."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from compiler import api
from compiler.apply import run_script
from compiler.render import harness

VERIFY_COLUMNS = ("object", "expected", "found")


def compile_spec(root: Path, paths: list[Path] | None = None, title: str = "0001_test"):
    compiled = api.load(root, paths)
    return compiled, api.migration(title, compiled)


def stand_in_script(compiled, besides=None) -> str:
    """The stand-ins of `compiled`'s external objects; with `besides` (an
    earlier compiled spec whose stand-ins exist), only those it lacked."""
    catalog = compiled.catalog
    if besides is not None:
        made = besides.catalog
        catalog = dataclasses.replace(
            catalog, external_tables=tuple(t for t in catalog.external_tables if t not in made.external_tables),
            external_functions=tuple(f for f in catalog.external_functions if f not in made.external_functions))
    return harness.external_stand_ins(catalog)


def stand_ins(conn, compiled, besides=None) -> None:
    script = stand_in_script(compiled, besides)
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


def spec_migration(root: Path, text: str, name: str) -> Path:
    """`text` written as the project's one spec file (specs/shop.yaml under
    `root`), then `schemac generate --name NAME`: the migration's folder."""
    from compiler.cli import main as schemac_main
    (root / "specs" / "shop.yaml").write_text(text, encoding="utf-8")
    assert schemac_main(["-C", str(root), "generate", "--name", name]) == 0
    return next((root / "generated" / "migrations").glob(f"*_{name}"))


def psql_file_ok(database_url: str, script: Path) -> None:
    """`psql -f script` as a DBA runs it, which must succeed."""
    from compiler.apply.psql import run_psql_file
    run = run_psql_file(database_url, script)
    assert run.returncode == 0, run.stderr
