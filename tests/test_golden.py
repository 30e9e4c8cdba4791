"""Golden files: what schemac writes is compared byte for byte with files
committed to the repository, and compiling twice gives identical bytes.

Two kinds of golden files:

- the project's own `generated/` folder, which must pass `schemac check`
  (every migration regenerated from its snapshots, checksums, no pending
  change); SCHEMAC_UPDATE_GOLDEN=1 rewrites its migrations from their
  snapshots first (scripts/regenerate_generated.py);
- small cases under `tests/golden/<case>/`: a `spec.yaml` and the `up.sql`,
  `down.sql` and `verify.sql` of its first migration.

Determinism is checked twice over: two compilations in this process, and one in
a separate interpreter with a different PYTHONHASHSEED (so that nothing depends
on set or dict ordering of strings).

When a change to the compiler is intended, rewrite the golden files and review
the diff before committing:

    SCHEMAC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

A new case is a folder `tests/golden/<case>/` with a `spec.yaml`; run the
command above once to create its SQL files.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler import api
from compiler.generated import migration_dirs, write_migration
from tests.conftest import ROOT

UPDATE = os.environ.get("SCHEMAC_UPDATE_GOLDEN", "") not in ("", "0")
GOLDEN = ROOT / "tests" / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "spec.yaml").is_file()) if GOLDEN.is_dir() else []
SCRIPTS = ("up", "down", "verify")
GENERATED = ROOT / "generated"

_GENERATE_IN_SUBPROCESS = """
import sys
from pathlib import Path
from compiler import api
from compiler.generated import write_migration
write_migration(api.load(Path(sys.argv[1])), None, out=Path(sys.argv[2]))
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_tree(expected: Path, actual: Path, hint: str) -> None:
    want, got = _files(expected), _files(actual)
    assert sorted(got) == sorted(want), f"different files in {actual} and {expected}; {hint}"
    different = [name for name in want if want[name] != got[name]]
    assert not different, f"{', '.join(different)} differ from {expected}; {hint}"


def _generate(out: Path) -> Path:
    write_migration(api.load(ROOT), None, out=out)
    return out


def _generate_in_subprocess(out: Path, hash_seed: str) -> Path:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    subprocess.run([sys.executable, "-c", _GENERATE_IN_SUBPROCESS, str(ROOT), str(out)],
                   check=True, cwd=ROOT, env=env, timeout=120)
    return out


def test_project_compiles_deterministically(tmp_path):
    first = _generate(tmp_path / "first")
    second = _generate(tmp_path / "second")
    _assert_same_tree(first, second, "two compilations in one process differ")
    for seed in ("1", "4242"):
        other = _generate_in_subprocess(tmp_path / f"seed{seed}", seed)
        _assert_same_tree(first, other, f"a compilation with PYTHONHASHSEED={seed} differs")


def test_project_generated_folder_passes_check():
    """The committed generated/ is what schemac writes, migration by migration
    (the same gate as `schemac check` in CI). With SCHEMAC_UPDATE_GOLDEN=1 the
    migrations are first rewritten from their snapshots
    (scripts/regenerate_generated.py): review the diff of generated/."""
    from compiler.check import check
    if UPDATE:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "regenerate_generated.py"), str(ROOT)], check=True)
    report = check(api.load(ROOT))
    assert report.migrations == len(migration_dirs(GENERATED))
    assert not report.problems, "\n".join(f"{p.file}:{p.line}:{p.column}: {p.message}" for p in report.problems)


def test_project_generated_folder_is_up_to_date(tmp_path):
    """On a copy of generated/, generating again writes nothing."""
    if not migration_dirs(GENERATED):
        pytest.skip("no migration generated yet")
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy)
    result = write_migration(api.load(ROOT), "next", out=copy)
    assert result.directory is None, "specs/ changed since generated/ was written: run `schemac generate`"
    _assert_same_tree(GENERATED, copy, "generate on an up-to-date folder must not touch it")


def _case_scripts(case: str) -> dict[str, str]:
    folder = GOLDEN / case
    compiled = api.load(folder, [folder / "spec.yaml"])
    files = api.migration("0001_initial", compiled)
    return {name: getattr(files, name) for name in SCRIPTS}


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case):
    folder = GOLDEN / case
    scripts = _case_scripts(case)
    assert scripts == _case_scripts(case), "two compilations of one spec differ"
    if UPDATE:
        for name, text in scripts.items():
            (folder / f"{name}.sql").write_text(text, encoding="utf-8", newline="\n")
        return
    for name, text in scripts.items():
        path = folder / f"{name}.sql"
        assert path.exists(), f"{path} is missing: run SCHEMAC_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
        expected = path.read_bytes()
        actual = text.encode("utf-8")
        assert actual == expected, (
            f"{path.relative_to(ROOT)} differs from what schemac writes now; if the change is intended, "
            "run SCHEMAC_UPDATE_GOLDEN=1 pytest tests/test_golden.py and review the diff")


def test_golden_cases_exist():
    assert len(CASES) >= 2, "tests/golden/ should hold at least two cases"


def test_helpers_compare_trees(tmp_path):
    """The tree comparison notices a changed byte (guards the guard)."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        (folder / "m").mkdir(parents=True)
        (folder / "m" / "up.sql").write_text("SELECT 1;\n")
    _assert_same_tree(a, b, "")
    (b / "m" / "up.sql").write_text("SELECT 1; \n")
    assert not filecmp.cmp(a / "m" / "up.sql", b / "m" / "up.sql", shallow=False)
    with pytest.raises(AssertionError):
        _assert_same_tree(a, b, "")


@pytest.mark.parametrize("case", CASES)
def test_golden_case_on_postgres(case, server_url):
    """Each golden case applies, verifies clean, rolls back and re-applies (a database test)."""
    from compiler import selftest
    folder = GOLDEN / case
    compiled = api.load(folder, [folder / "spec.yaml"])
    report = selftest.run(api.migration("0001_initial", compiled), compiled, server_url)
    failed = [f"{step.name}: {step.detail}" for step in report.steps if not step.ok]
    assert report.ok and not failed, "\n".join(failed)
