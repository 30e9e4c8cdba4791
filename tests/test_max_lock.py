"""`migrations: {max_lock: ...}`: `schemac plan` lists the steps above it,
`generate` warns about them, `schemac check` fails on each one the specs do
not accept (`accept_locks:`), in a committed migration and among the pending
changes; plan.json records each step's lock in online mode only."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.cli import EXIT_FAILED, EXIT_OK
from tests.test_plan_command import schemac

NOTES = """\
tables:
  Note:
    columns:
      id: {type: bigint, primary_key: true}
      title: {type: text, nullable: false}
"""

WITH_BODY = NOTES + "      body: {type: text}\n"
WITH_INDEX = NOTES + "    indexes:\n      - title\n"
ACCEPTED = "accept_locks: [column:public.Note.body]\n"


def _project(tmp_path: Path, settings: str) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(settings, encoding="utf-8")
    (root / "specs" / "notes.yaml").write_text(NOTES, encoding="utf-8")
    return root


def _write(root: Path, text: str) -> None:
    (root / "specs" / "notes.yaml").write_text(text, encoding="utf-8")


def test_check_fails_on_a_step_above_max_lock_until_the_specs_accept_it(tmp_path, capsys):
    root = _project(tmp_path, "migrations: {max_lock: share_row_exclusive}\n")
    assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK  # new tables: no lock on an existing one
    _write(root, WITH_BODY)
    spec = root / "specs" / "notes.yaml"

    code, out, _ = schemac(capsys, "-C", str(root), "plan", "--json")
    report = json.loads(out)
    assert report["max_lock"] == "share_row_exclusive"
    assert [(s["key"], s["lock"], s["acknowledged"]) for s in report["above_max_lock"]] == \
        [("column:public.Note.body", "access_exclusive", False)]
    assert report["above_max_lock"][0]["spec"]["line"] == 6
    code, out, _ = schemac(capsys, "-C", str(root), "plan")
    assert "steps above max_lock share_row_exclusive" in out
    assert "step 1 AddColumn column:public.Note.body takes ACCESS EXCLUSIVE, above max_lock share_row_exclusive" in out

    # pending: the change itself, and its lock
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert code == EXIT_FAILED
    locked = [line for line in out.splitlines() if "above max_lock" in line]
    assert len(locked) == 1 and locked[0].startswith(f"{spec}:6:7: error: step 1 of the pending changes")
    assert "accept_locks:" in locked[0]

    # generate writes it and warns; check then fails on the committed migration
    code, out, err = schemac(capsys, "-C", str(root), "generate", "--name", "body")
    assert code == EXIT_OK
    assert "warning: 0002_body has 1 step(s) above max_lock" in err
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert code == EXIT_FAILED
    assert out.splitlines()[0].startswith(
        f"{spec}:6:7: error: step 1 of migration 0002_body: AddColumn column:public.Note.body takes ACCESS "
        "EXCLUSIVE, above max_lock share_row_exclusive")

    _write(root, ACCEPTED + WITH_BODY)
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert (code, out) == (EXIT_OK, "schemac check: 2 migration(s), all consistent\n")
    report = json.loads(schemac(capsys, "-C", str(root), "plan", "--json")[1])
    assert report["above_max_lock"] == []


def test_a_lock_at_max_lock_passes_and_without_max_lock_nothing_is_checked(tmp_path, capsys):
    root = _project(tmp_path, "migrations: {max_lock: share, mode: transactional}\n")
    assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK
    _write(root, WITH_INDEX)  # CREATE INDEX in the transaction: SHARE
    report = json.loads(schemac(capsys, "-C", str(root), "plan", "--json")[1])
    assert [(s["kind"], s["lock"], s["rows"]) for s in report["steps"]] == [("CreateIndex", "share", "scan")]
    assert report["above_max_lock"] == []
    assert schemac(capsys, "-C", str(root), "generate", "--name", "index")[0] == EXIT_OK
    assert schemac(capsys, "-C", str(root), "check")[0] == EXIT_OK
    (root / "schemac.yaml").write_text("migrations: {max_lock: share_update_exclusive, mode: transactional}\n",
                                       encoding="utf-8")
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert code == EXIT_FAILED and "CreateIndex index:public.Note_title_idx takes SHARE" in out
    (root / "schemac.yaml").write_text("migrations: {mode: transactional}\n", encoding="utf-8")
    assert schemac(capsys, "-C", str(root), "check")[0] == EXIT_OK


def test_plan_json_records_locks_in_online_mode_only(tmp_path, capsys):
    for mode in ("online", "transactional"):
        root = _project(tmp_path / mode, f"migrations: {{mode: {mode}}}\n")
        assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK
        _write(root, WITH_BODY)
        assert schemac(capsys, "-C", str(root), "generate", "--name", "body")[0] == EXIT_OK
        plan = json.loads((root / "generated" / "migrations" / "0002_body" / "plan.json").read_text())
        step = plan["steps"][0]
        assert step["hazards"] == ["access_exclusive_lock"]
        if mode == "online":
            assert (step["lock"], step["rows"]) == ("access_exclusive", None)
        else:
            assert "lock" not in step and "rows" not in step
        assert schemac(capsys, "-C", str(root), "check")[0] == EXIT_OK


def test_accept_locks_takes_keys_of_steps(tmp_path, capsys):
    root = _project(tmp_path, "")
    _write(root, "accept_locks: [nonsense]\n" + NOTES)
    code, _, err = schemac(capsys, "-C", str(root), "validate")
    assert code == EXIT_FAILED
    assert "notes.yaml:1:" in err and "`nonsense` is not a key of a step" in err
