"""Online mode's promise in the product (compiler/lock_review.py): a step
that holds a lock blocking writes while it reads or rewrites an existing
table is listed by `schemac plan`, warned about by `generate` and makes
`schemac check` fail, at the spec line of what it changes, until a domain's
`accept_locks:` accepts it. Transactional migrations are not reviewed so."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.cli import EXIT_FAILED, EXIT_OK
from tests.test_plan_command import schemac

NOTES = """\
tables:
  Note:
    columns:
      id: bigint
      title: text
"""
# a stored generated column: PostgreSQL computes it into every row as it adds it (a rewrite); on a table without a
# primary key, which online mode does not copy (compiler/online/table_copy.py)
SHOUT = NOTES + "      shout: {type: text, generated: upper(title)}\n"
ACCEPTED = "accept_locks: [column:public.Note.shout]\n"


def _project(tmp_path: Path, settings: str) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(settings, encoding="utf-8")
    (root / "specs" / "notes.yaml").write_text(NOTES, encoding="utf-8")
    return root


def _write(root: Path, text: str) -> None:
    (root / "specs" / "notes.yaml").write_text(text, encoding="utf-8")


def test_a_step_blocking_writes_online_fails_check_until_the_specs_accept_it(tmp_path, capsys):
    root = _project(tmp_path, "")  # online: the default
    assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK  # a new table: nothing it blocks
    _write(root, SHOUT)
    spec = root / "specs" / "notes.yaml"

    code, out, _ = schemac(capsys, "-C", str(root), "plan", "--json")
    report = json.loads(out)
    assert report["mode"] == "online" and report["above_max_lock"] == []
    [step] = report["blocks_writes"]
    assert (step["key"], step["lock"], step["rows"], step["acknowledged"]) == \
        ("column:public.Note.shout", "access_exclusive", "rewrite", False)
    assert (step["spec"]["line"], step["spec"]["column"]) == (6, 7)
    code, out, _ = schemac(capsys, "-C", str(root), "plan")
    assert code == EXIT_OK
    message = ("step 1 AddColumn column:public.Note.shout holds ACCESS EXCLUSIVE while it rewrites every row of "
               "public.Note: writes wait for it in online mode")
    assert "steps that block writes in online mode" in out and message in out
    assert f"      at: {spec}:6:7 (tables.Note.columns.shout)" in out

    code, out, _ = schemac(capsys, "-C", str(root), "check")  # pending
    assert code == EXIT_FAILED
    [line] = [line for line in out.splitlines() if "writes wait" in line]
    assert line.startswith(f"{spec}:6:7: error: step 1 of the pending changes: AddColumn column:public.Note.shout")
    assert "add `column:public.Note.shout` to the `accept_locks:` list" in line and "What blocks writes" in line

    code, _, err = schemac(capsys, "-C", str(root), "generate", "--name", "shout")
    assert code == EXIT_OK
    assert "warning: 0002_shout has 1 step(s) that block writes in online mode" in err
    assert message in err and f"at: {spec}:6:7" in err and "hint: add `column:public.Note.shout`" in err
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert code == EXIT_FAILED
    assert out.splitlines()[0].startswith(f"{spec}:6:7: error: step 1 of migration 0002_shout: {message[7:]}")

    _write(root, ACCEPTED + SHOUT)
    assert schemac(capsys, "-C", str(root), "check") == (EXIT_OK, "schemac check: 2 migration(s), all consistent\n", "")
    report = json.loads(schemac(capsys, "-C", str(root), "plan", "--json")[1])
    assert report["blocks_writes"] == []


def test_a_blocking_step_above_max_lock_is_reported_once(tmp_path, capsys):
    root = _project(tmp_path, "migrations: {max_lock: share}\n")
    assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK
    _write(root, SHOUT)
    report = json.loads(schemac(capsys, "-C", str(root), "plan", "--json")[1])
    assert [s["key"] for s in report["above_max_lock"]] == [s["key"] for s in report["blocks_writes"]] == \
        ["column:public.Note.shout"]
    assert report["blocks_writes"][0]["message"].endswith("; it is also above max_lock share")
    code, out, _ = schemac(capsys, "-C", str(root), "check")
    assert code == EXIT_FAILED and len([line for line in out.splitlines() if "writes wait" in line]) == 1
    code, out, _ = schemac(capsys, "-C", str(root), "plan")
    assert out.count("it is also above max_lock share") == 1


def test_transactional_migrations_are_not_reviewed_for_blocking(tmp_path, capsys):
    root = _project(tmp_path, "migrations: {mode: transactional}\n")
    assert schemac(capsys, "-C", str(root), "generate")[0] == EXIT_OK
    _write(root, SHOUT)
    report = json.loads(schemac(capsys, "-C", str(root), "plan", "--json")[1])
    assert report["blocks_writes"] == [] and report["steps"][0]["rows"] == "rewrite"
    code, _, err = schemac(capsys, "-C", str(root), "generate", "--name", "shout")
    assert code == EXIT_OK and "warning" not in err
    assert schemac(capsys, "-C", str(root), "check")[0] == EXIT_OK
