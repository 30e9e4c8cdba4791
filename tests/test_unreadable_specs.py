"""Spec files and folders that cannot be read are spec errors at their path,
never skipped and never an internal error.

File modes do not stop root, and the suite may run as root: schemac then
runs in a child process that drops to the user `nobody` after importing
everything it needs (the interpreter may live where `nobody` cannot read).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from compiler.cli import EXIT_FAILED, EXIT_USAGE
from tests.conftest import ROOT

FEATURES = ROOT / "tests" / "specs" / "features"

AS_NOBODY = textwrap.dedent("""
    import contextlib, io, os, pwd, sys
    import compiler.generated, compiler.generated_lock, compiler.generated_ready
    from compiler.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["-C", sys.argv[1], "validate"])  # imports what validate needs while we may still read it
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)
    os.chdir(sys.argv[2])
    sys.exit(main(sys.argv[3:]))
""")


@pytest.fixture
def shared():
    """A project folder that every user may read (pytest's tmp_path is root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="schemac-unreadable-"))
    os.chmod(folder, 0o755)
    shutil.copytree(FEATURES, folder / "warm", ignore=shutil.ignore_patterns("generated"))
    shutil.copytree(FEATURES, folder / "project", ignore=shutil.ignore_patterns("generated"))
    for path in folder.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    yield folder
    for path in folder.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def schemac_restricted(shared: Path, *argv: str) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("running as root without a `nobody` user: file modes cannot be tested")
    return subprocess.run([sys.executable, "-c", AS_NOBODY, str(shared / "warm"), str(shared / "project"), *argv],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)


def test_an_unreadable_spec_file_is_a_located_error(shared):
    spec = shared / "project" / "specs" / "ledger" / "refunds.yaml"
    os.chmod(spec, 0)
    result = schemac_restricted(shared, "validate")
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "specs/ledger/refunds.yaml:1:1: error: cannot read this spec file: Permission denied" in result.stderr
    assert "hint: make it readable" in result.stderr
    assert "internal error" not in result.stderr


def test_an_unreadable_domain_folder_is_an_error_not_skipped(shared):
    folder = shared / "project" / "specs" / "ledger"
    os.chmod(folder, 0o300)  # entered but not listed, and then not even entered
    result = schemac_restricted(shared, "validate")
    assert result.returncode == EXIT_FAILED, (result.stdout, result.stderr)
    assert "specs/ledger:1:1: error: cannot read this spec folder: Permission denied" in result.stderr
    assert "specs are valid" not in result.stdout
    os.chmod(folder, 0)
    result = schemac_restricted(shared, "generate")
    assert result.returncode == EXIT_FAILED
    assert "specs/ledger:1:1: error: cannot read this spec folder: Permission denied" in result.stderr
    assert not (shared / "project" / "generated").exists()


def test_an_unreadable_folder_below_a_domain_is_an_error(shared):
    inner = shared / "project" / "specs" / "ledger" / "more"
    inner.mkdir()
    os.chmod(inner, 0)
    result = schemac_restricted(shared, "validate")
    assert result.returncode == EXIT_FAILED
    assert "specs/ledger/more:1:1: error: cannot read this spec folder: Permission denied" in result.stderr


def test_a_generated_folder_that_cannot_be_written_is_a_clear_error(shared):
    generated = shared / "project" / "generated"
    generated.mkdir()
    os.chmod(generated, 0o555)
    result = schemac_restricted(shared, "generate")
    assert result.returncode == EXIT_USAGE, result.stderr
    assert f"schemac: error: cannot read or write {generated}/.schemac.lock: Permission denied" in result.stderr
    assert "internal error" not in result.stderr
    assert list(generated.iterdir()) == []


def test_a_folder_that_can_be_listed_but_not_entered_is_an_error(shared):
    inner = shared / "project" / "specs" / "ledger" / "more"
    inner.mkdir()
    (inner / "extra.yaml").write_text("tables: {}\n")
    os.chmod(inner, 0o444)
    result = schemac_restricted(shared, "validate")
    assert result.returncode == EXIT_FAILED, result.stderr
    assert "cannot read this spec file: Permission denied" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_an_unreadable_generated_file_is_a_clear_error_of_check(shared):
    generated = subprocess.run([str(Path(sys.executable).parent / "schemac"), "-C", str(shared / "project"), "generate"],
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert generated.returncode == 0, generated.stderr
    for path in (shared / "project" / "generated").rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    plan = next((shared / "project" / "generated" / "migrations").iterdir()) / "plan.json"
    os.chmod(plan, 0)
    result = schemac_restricted(shared, "check")
    assert result.returncode == EXIT_USAGE, result.stderr
    assert "cannot read generated/migrations/" in result.stderr and "Permission denied" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
