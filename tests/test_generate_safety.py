"""generated/ is never lost or corrupted: one writer at a time (a lock),
migrations written whole or not at all, and no generate on top of an
inconsistent folder (it refuses and names the repair). Crashes and races run
real processes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from compiler.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from compiler.generated import MAX_SLUG
from compiler.generated_lock import LOCK_FILE
from tests.conftest import ROOT

FEATURES = ROOT / "tests" / "specs" / "features"
REFUNDS = Path("specs/ledger/refunds.yaml")


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run(project: Path, *argv: str, code: str | None = None) -> subprocess.Popen:
    """`schemac argv` in a new process (or Python `code` that ends by calling it)."""
    script = code or "import sys; from compiler.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", script, *argv], cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _files(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) of `folder`, but the lock file."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*")) if p.name != LOCK_FILE}


def _add_column(project: Path, name: str) -> None:
    path = project / REFUNDS
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      reason: text\n", f"      reason: text\n      {name}: text\n", 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch, capsys) -> Path:
    """The features project with its first migration, as the working directory,
    and a spec change waiting for the next."""
    root = tmp_path / "project"
    shutil.copytree(FEATURES, root, ignore=shutil.ignore_patterns("generated"))
    monkeypatch.chdir(root)
    assert schemac(capsys, "generate")[0] == EXIT_OK
    _add_column(root, "note")
    return root


# --- one writer at a time ----------------------------------------------------------------------

def test_two_generates_started_at_once_never_both_write(project, capsys):
    for trial in range(3):
        first, second = run(project, "generate", "--name", f"x{trial}"), run(project, "generate", "--name", f"y{trial}")
        results = [(p.wait(timeout=120), *p.communicate()) for p in (first, second)]
        written = [r for r in results if r[0] == EXIT_OK and r[1].startswith("wrote ")]
        assert len(written) == 1, results
        for code, out, err in results:
            assert code == EXIT_OK or "being written by another schemac" in err, (code, out, err)
        assert len(list((project / "generated" / "migrations").iterdir())) == trial + 2
        assert schemac(capsys, "check")[0] == EXIT_OK
        assert not (project / "generated" / LOCK_FILE).exists()
        _add_column(project, f"c{trial}")


HOLD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from compiler.generated_lock import generated_lock
    with generated_lock(Path("generated")):
        print("held", flush=True)
        sys.stdin.read()
""")


def test_a_second_writer_is_refused_naming_the_holder(project, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLD], cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        before = _files(project / "generated")
        code, _, err = schemac(capsys, "generate", "--name", "note")
        assert code == EXIT_FAILED
        assert f"being written by another schemac (pid {holder.pid} on host " in err
        assert "nothing written" in err
        assert _files(project / "generated") == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert schemac(capsys, "generate", "--name", "note")[0] == EXIT_OK


def test_the_lock_of_a_killed_writer_is_taken_over_saying_so(project, capsys):
    holder = subprocess.Popen([sys.executable, "-c", HOLD], cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert (project / "generated" / LOCK_FILE).exists()
    assert LOCK_FILE not in schemac(capsys, "check")[1]  # the lock file is not part of generated/
    code, out, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_OK, err
    assert f"taking over a stale lock on generated/ (pid {holder.pid} on host " in err
    assert out.startswith("wrote generated/migrations/0002_note")
    assert not (project / "generated" / LOCK_FILE).exists()


def test_a_lock_of_another_host_is_not_taken_over(project, capsys):
    lock = project / "generated" / LOCK_FILE
    lock.write_text('{"pid": 1, "host": "build-agent-7"}\n', encoding="utf-8")
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED
    assert "pid 1 on host build-agent-7, which cannot be checked from here" in err
    assert f"remove generated/{LOCK_FILE}" in err
    lock.unlink()
    assert schemac(capsys, "generate", "--name", "note")[0] == EXIT_OK


# --- crashes: generated/ as before, or refused with a repair that works --------------------------

def _repair(project: Path, err: str) -> None:
    """Carry out the repairs generate printed, as a user would."""
    repairs = [line.split("repair: ", 1)[1] for line in err.splitlines() if line.strip().startswith("repair: ")]
    assert repairs, err
    for repair in repairs:
        if match := re.fullmatch(r"remove it \(`rm -r (\S+)`\); generate then writes it again", repair):
            target = project / match.group(1)
            shutil.rmtree(target) if target.is_dir() else target.unlink()
            continue
        match = re.fullmatch(r"remove the folder (\S+), (copy (\S+) to (\S+)|remove (\S+)), then run `schemac "
                             r"generate` again", repair)
        assert match, repair
        shutil.rmtree(project / match.group(1))
        if match.group(3):
            shutil.copyfile(project / match.group(3), project / match.group(4))
        else:
            (project / match.group(5)).unlink()


KILL_AT = textwrap.dedent("""
    import os, signal, sys
    import compiler.generated as generated
    calls, stop = [0], int(sys.argv.pop(1))

    def crash_before(real):
        def wrapper(*args, **kwargs):
            if calls[0] == stop:
                os.kill(os.getpid(), signal.SIGKILL)
            calls[0] += 1
            return real(*args, **kwargs)
        return wrapper

    generated.write_file = crash_before(generated.write_file)
    generated.os.rename = crash_before(os.rename)
    from compiler.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("stop", range(8))  # 5 files of the folder, its rename, state.json, schemac.sum
def test_kill_9_at_any_point_of_a_write_loses_nothing(project, capsys, stop):
    before = _files(project / "generated")
    process = run(project, str(stop), "generate", "--name", "note", code=KILL_AT)
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL
    after = _files(project / "generated")
    if after != before:
        code, out, err = schemac(capsys, "generate", "--name", "again")
        assert code == EXIT_FAILED, out
        assert "refusing to generate: generated/ is not consistent; nothing written" in err
        assert _files(project / "generated") == after
        assert schemac(capsys, "check")[0] == EXIT_FAILED
        _repair(project, err)
        assert _files(project / "generated") == before
    code, out, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_OK, err
    assert out.startswith("wrote generated/migrations/0002_note")
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 2 migration(s), all consistent\n", "")


# --- generated/ that is not what generate wrote ------------------------------------------------

def test_a_missing_state_json_is_refused_not_replanned_from_scratch(project, capsys):
    (project / "generated" / "state.json").unlink()
    before = _files(project / "generated")
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED
    assert "generated/state.json: error: generated/state.json is missing (it is the catalog after 0001_initial)" in err
    assert "repair: copy generated/migrations/0001_initial/state.json to generated/state.json" in err
    assert _files(project / "generated") == before
    code, _, err = schemac(capsys, "plan")
    assert code == EXIT_USAGE and "state.json is missing" in err
    shutil.copyfile(project / "generated/migrations/0001_initial/state.json", project / "generated/state.json")
    code, out, _ = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_OK and "(1 steps)" in out.splitlines()[0]


def test_state_json_that_is_a_folder_is_a_clear_error(project, capsys):
    state = project / "generated" / "state.json"
    state.unlink()
    state.mkdir()
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED and "generated/state.json is a folder, not the state file" in err
    code, _, err = schemac(capsys, "plan")
    assert code == EXIT_USAGE and "is a folder, not a schemac state file" in err
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED and "generated/state.json is a folder, not the state file" in out


def test_migrations_that_is_a_file_is_a_clear_error(project, capsys):
    migrations = project / "generated" / "migrations"
    shutil.rmtree(migrations)
    migrations.write_text("oops\n", encoding="utf-8")
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED and "generated/migrations is a file, not the folder of the migrations" in err
    code, _, err = schemac(capsys, "plan")
    assert code == EXIT_USAGE and "migrations is a file, not the folder of the migrations" in err
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED and "generated/migrations is a file, not the folder of the migrations" in out


def test_a_leftover_temporary_file_is_refused(project, capsys):
    (project / "generated" / "state.json.tmp").write_text("{", encoding="utf-8")
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED
    assert "generated/state.json.tmp was left by an interrupted `schemac generate`" in err
    _repair(project, err)
    assert schemac(capsys, "generate", "--name", "note")[0] == EXIT_OK


def test_the_newest_migration_removed_to_be_generated_again_is_accepted(project, capsys):
    assert schemac(capsys, "generate", "--name", "note")[0] == EXIT_OK
    shutil.rmtree(project / "generated/migrations/0002_note")
    shutil.copyfile(project / "generated/migrations/0001_initial/state.json", project / "generated/state.json")
    code, out, err = schemac(capsys, "generate", "--name", "add_note")
    assert code == EXIT_OK, err
    assert schemac(capsys, "check")[0] == EXIT_OK


def test_a_name_too_long_for_a_folder_is_a_usage_error(project, capsys):
    before = _files(project / "generated")
    code, _, err = schemac(capsys, "generate", "--name", "a" * 251)
    assert code == EXIT_USAGE
    assert f"is 251 characters long; at most {MAX_SLUG}" in err
    assert _files(project / "generated") == before
    code, out, _ = schemac(capsys, "generate", "--name", "b" * MAX_SLUG)
    assert code == EXIT_OK and f"0002_{'b' * MAX_SLUG}" in out


def test_a_first_migration_without_schemac_sum_names_both_repairs(project, capsys):
    (project / "generated" / "schemac.sum").unlink()
    code, _, err = schemac(capsys, "generate", "--name", "note")
    assert code == EXIT_FAILED
    assert ("repair: remove the folder generated/migrations/0001_initial, remove generated/state.json, then run "
            "`schemac generate` again (but if the folder is in version control, restore schemac.sum from there "
            "instead)") in err
