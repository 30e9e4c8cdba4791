"""What `schemac apply` spends before and after its SQL (benchmarks/apply.py
weighs it against psql): the process runs with the garbage collector paused
and frozen at exit, and deploying imports neither Jinja, nor PostgreSQL's
parser, nor the spec models (for a project without schemac.yaml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from compiler.cli import main
from compiler.render import deploy
from tests.deploy_project import ACCOUNTS

ROOT = Path(__file__).resolve().parent.parent

# run as the console script runs it, then report what the process holds
PROBE = ("import gc, sys\n"
         "from compiler.cli import run\n"
         "code = run()\n"
         "heavy = [m for m in ('jinja2', 'pglast', 'pydantic', 'compiler.spec.load') if m in sys.modules]\n"
         "print(code, gc.isenabled(), gc.get_freeze_count() > 0, ','.join(heavy) or '-')\n")


def test_the_stored_history_layout_is_its_template_rendered():
    assert deploy.history_layout() == deploy.render_history_layout(), (
        "templates/deploy/history_layout.sql differs from its template: "
        "run .venv/bin/python scripts/regenerate_generated.py")


def test_the_command_is_run():
    # pyproject.toml, not the installed metadata: a virtualenv installed before this entry point
    # changed still runs (`make install` refreshes it), and the test says what the project declares
    assert '\nschemac = "compiler.cli:run"\n' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert (ROOT / "compiler" / "__main__.py").read_text(encoding="utf-8").count("run()") == 1


def test_apply_runs_with_the_collector_paused_and_imports_only_what_deploying_needs(tmp_path, database_url):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(ACCOUNTS, encoding="utf-8")
    assert main(["-C", str(tmp_path), "generate", "--name", "initial"]) == 0
    assert not (tmp_path / "schemac.yaml").exists()
    env = {**os.environ, "SCHEMAC_PROBE_URL": database_url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, "-C", str(tmp_path), "apply", "-q",
                           "--database-url", "env:SCHEMAC_PROBE_URL"],
                          capture_output=True, text=True, env=env, check=True)
    # exit 0, the collector still paused, everything frozen at exit, none of the heavy modules
    assert done.stdout.splitlines()[-1] == "0 False True -", done.stdout + done.stderr
    assert "applied 1 migration(s)" in done.stdout
