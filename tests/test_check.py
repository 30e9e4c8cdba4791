"""`schemac check`, the CI gate over generated/.

Each test works on a copy of tests/specs/features in tmp_path: 0001_initial is
generated from it, then `ledger.refunds` gains a column `note` (0002_add_note).
The tests then break one thing at a time (an edited, added or missing file, a
spec change without a migration, an edited snapshot, a destructive step
accepted by --allow-destructive only) and read what check says. The working
directory is the project, so paths print relative to it, as in CI.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.catalog.state import to_json
from compiler.check import Problem
from compiler.cli import EXIT_FAILED, EXIT_OK, github_annotation, main
from compiler.generated import SUM_FILE, file_digest, read_state, read_sums, update_sums
from tests.conftest import ROOT

FEATURES = ROOT / "tests" / "specs" / "features"
REFUNDS = Path("specs/ledger/refunds.yaml")
FIRST, SECOND = "generated/migrations/0001_initial", "generated/migrations/0002_add_note"
SUMMARY_OK = "schemac check: 2 migration(s), all consistent\n"


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def problems(out: str) -> list[str]:
    """The problem lines of check's text output (without the summary)."""
    lines = out.splitlines()
    assert lines and lines[-1].startswith("schemac check: "), out
    return lines[:-1]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def first(tmp_path, monkeypatch, capsys) -> Path:
    """The features project with its first migration, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(FEATURES, root, ignore=shutil.ignore_patterns("generated"))
    monkeypatch.chdir(root)
    assert schemac(capsys, "generate")[0] == EXIT_OK
    return root


@pytest.fixture
def project(first, capsys) -> Path:
    """The project after 0001_initial and 0002_add_note."""
    _edit(first / REFUNDS, "      reason: text\n", "      reason: text\n      note: text\n")
    code, _, err = schemac(capsys, "generate", "--name", "add-note")
    assert code == EXIT_OK, err
    return first


# --- a consistent project ----------------------------------------------------------------------

def test_check_passes_on_a_clean_project(project, capsys):
    assert schemac(capsys, "check") == (EXIT_OK, SUMMARY_OK, "")
    assert schemac(capsys, "check", "--format", "github") == (EXIT_OK, SUMMARY_OK, "")


def test_check_of_one_migration_and_of_none(first, tmp_path, capsys):
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 1 migration, all consistent\n", "")
    empty = tmp_path / "empty"
    (empty / "specs").mkdir(parents=True)
    assert schemac(capsys, "-C", str(empty), "check") == (EXIT_OK, "schemac check: 0 migration(s), all consistent\n",
                                                          "")


def test_generate_writes_snapshots_and_checksums(project):
    generated = project / "generated"
    assert sorted(_files(generated)) == [
        f"migrations/0001_initial/{name}" for name in ("down.sql", "plan.json", "state.json", "up.sql", "verify.sql")
    ] + [f"migrations/0002_add_note/{name}" for name in ("down.sql", "plan.json", "state.json", "up.sql",
                                                           "verify.sql")] + [SUM_FILE, "state.json"]
    assert (generated / "state.json").read_bytes() == (project / SECOND / "state.json").read_bytes()
    text = (generated / SUM_FILE).read_text(encoding="utf-8")
    names = [name for name in sorted(_files(generated)) if name != SUM_FILE]
    assert text == "".join(f"{file_digest(generated / name)}  {name}\n" for name in names)
    plan = json.loads((project / SECOND / "plan.json").read_text(encoding="utf-8"))
    assert plan["destructive"] == []
    assert [step["kind"] for step in plan["steps"]] == ["AddColumn"]


def test_generate_with_no_changes_writes_nothing(project, capsys):
    before = _files(project / "generated")
    assert schemac(capsys, "generate")[1].startswith("no changes")
    assert _files(project / "generated") == before


# --- files edited, added, missing ----------------------------------------------------------------

def test_an_edited_up_sql_fails_its_checksum_and_regeneration(project, capsys):
    up = project / FIRST / "up.sql"
    lines = up.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[11] = lines[11].rstrip("\n") + " -- reviewed\n"
    up.write_text("".join(lines), encoding="utf-8")
    code, out, err = schemac(capsys, "check")
    assert (code, err) == (EXIT_FAILED, "")
    assert problems(out) == [
        f"{FIRST}/up.sql:1:1: error: {FIRST}/up.sql was edited after generation: its sha256 differs from the one "
        "in schemac.sum (hint: generated files are not edited by hand: restore it from version control and change "
        "the specs instead)",
        f"{FIRST}/up.sql:12:1: error: {FIRST}/up.sql is not what schemac generates for 0001_initial from the "
        "snapshots before and after it (first difference at line 12) (hint: generated files are not edited by "
        "hand: restore it from version control; the migrations settings of schemac.yaml must stay as they were "
        "when it was generated)",
    ]
    assert out.splitlines()[-1] == "schemac check: 2 migration(s), 2 problem(s)"


def test_a_file_added_to_generated_is_reported(project, capsys):
    (project / SECOND / "notes.txt").write_text("hand-written\n", encoding="utf-8")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [
        f"{SECOND}/notes.txt:1:1: error: {SECOND}/notes.txt is not listed in schemac.sum: it was not written by "
        "`schemac generate` (hint: remove it, or restore generated/ from version control)"]


def test_a_missing_file_is_reported(project, capsys):
    (project / SECOND / "verify.sql").unlink()
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    line = read_sums(project / "generated")[0]["migrations/0002_add_note/verify.sql"][1]
    assert problems(out) == [
        f"generated/schemac.sum:{line}:1: error: migrations/0002_add_note/verify.sql is listed in schemac.sum but "
        "missing from generated/ (hint: restore it from version control)",
        f"{SECOND}:1:1: error: migration 0002_add_note has no verify.sql (hint: restore it from version control)",
    ]


def test_a_missing_or_malformed_schemac_sum_is_reported(project, capsys):
    sums = project / "generated" / SUM_FILE
    text = sums.read_text(encoding="utf-8")
    sums.write_text(text + "not a checksum line\n", encoding="utf-8")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [
        f"generated/schemac.sum:{len(text.splitlines()) + 1}:1: error: malformed or repeated line in schemac.sum: "
        "'not a checksum line' (hint: each line is `<sha256>  <path>`, one per file, as `schemac generate` "
        "writes it)"]
    sums.unlink()
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert [line.split(": error: ")[1].split(" (hint")[0] for line in problems(out)] == [
        "schemac.sum is missing: the files of generated/ cannot be checked"]


def test_generate_refuses_to_write_past_an_edited_file(project, capsys):
    """A file edited since generation is never blessed by a later migration:
    generate refuses, writes nothing, and names the repair."""
    down = project / FIRST / "down.sql"
    down.write_text(down.read_text(encoding="utf-8") + "-- edited\n", encoding="utf-8")
    _edit(project / REFUNDS, "      note: text\n", "      note: text\n      amount: integer\n")
    before = _files(project / "generated")
    code, _, err = schemac(capsys, "generate", "--name", "add_amount")
    assert code == EXIT_FAILED
    assert f"{FIRST}/down.sql: error: {FIRST}/down.sql was edited after generation" in err
    assert "repair: restore it from version control" in err
    assert _files(project / "generated") == before
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert [line.split(": error: ")[0] for line in problems(out)][:2] == [f"{FIRST}/down.sql:1:1",
                                                                          f"{FIRST}/down.sql:{_lines(down)}:1"]


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_a_stray_or_misnumbered_migration_folder_is_reported(project, capsys):
    migrations = project / "generated" / "migrations"
    shutil.move(migrations / "0002_add_note", migrations / "0003_add_note")
    (migrations / "old").mkdir()
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = problems(out)
    assert found[:2] == [
        "generated/migrations/old:1:1: error: `old` is not a migration folder (NNNN_slug, e.g. 0002_add_notes) "
        "(hint: generated/migrations/ holds only what `schemac generate` writes; remove it)",
        "generated/migrations/0003_add_note:1:1: error: migration 0003_add_note should be numbered 0002: "
        "migrations are numbered 0001, 0002, ... without gaps or repeats (hint: restore generated/migrations/ from "
        "version control)",
    ]
    # the renamed files are not the ones schemac.sum lists, and 0003's scripts name the folder in their title
    assert any("migrations/0003_add_note/up.sql is not listed in schemac.sum" in line for line in found)
    assert any("0003_add_note/up.sql is not what schemac generates" in line for line in found)


# --- specs and state -----------------------------------------------------------------------------

def test_a_spec_change_without_a_migration_points_at_the_spec_line(project, capsys):
    _edit(project / REFUNDS, "      note: text\n", "      note: text\n      amount: integer\n")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [
        "specs/ledger/refunds.yaml:13:7: error: the specs changed but no migration holds it: step 1 of 1, AddColumn "
        "`column:ledger.refunds.amount` (planned against generated/state.json) (hint: run "
        "`schemac generate --name <slug>` and commit generated/)"]


def test_a_dropped_table_without_a_migration_points_at_the_state(project, capsys):
    spec = project / "specs" / "ledger" / "refunds.yaml"
    spec.unlink()
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = problems(out)
    assert found and all(line.startswith("generated/state.json:1:1: error: the specs changed but no migration "
                                         "holds it: step ") for line in found)
    assert any("DropTable `table:ledger.refunds` (planned against generated/state.json); the object no longer "
               "appears in the specs" in line for line in found)


def test_specs_without_any_migration(tmp_path, monkeypatch, capsys):
    root = tmp_path / "project"
    shutil.copytree(FEATURES, root, ignore=shutil.ignore_patterns("generated"))
    monkeypatch.chdir(root)
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = problems(out)
    assert len(found) == 11  # ten changes one by one, then how many more
    assert found[0].startswith("specs/") and "(planned against an empty database)" in found[0]
    assert "(hint: run `schemac generate` and commit generated/)" in found[0]
    assert found[-1].startswith("specs:1:1: error: and ") and "more change(s)" in found[-1]


def _comment_note_by_hand(state: Path) -> None:
    """Give the column `ledger.refunds.note` a comment in a state file, as a
    hand edit would (the file stays in canonical form)."""
    catalog = read_state(state)
    table = catalog.by_key()["table:ledger.refunds"]
    columns = tuple(dataclasses.replace(c, comment="edited by hand") if c.name == "note" else c
                    for c in table.columns)
    edited = dataclasses.replace(catalog, objects=tuple(dataclasses.replace(table, columns=columns) if o is table
                                                        else o for o in catalog.objects))
    state.write_text(to_json(edited), encoding="utf-8", newline="\n")


def test_an_edited_snapshot_makes_regeneration_differ(project, capsys):
    """The snapshot of 0002 is edited by hand, and schemac.sum updated to
    match: the checksums pass, regeneration does not."""
    generated = project / "generated"
    snapshot = project / SECOND / "state.json"
    _comment_note_by_hand(snapshot)
    update_sums(generated, [snapshot])
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = [line.split(" (hint: ")[0] for line in problems(out)]
    reasons = [line.split(": error: ")[1].split(" (first difference")[0] for line in found]
    assert reasons == [
        f"{SECOND}/{name} is not what schemac generates for 0002_add_note from the snapshots before and after it"
        for name in ("up.sql", "down.sql", "verify.sql", "plan.json")
    ] + ["generated/state.json differs from the snapshot of the newest migration, "
         "0002_add_note/state.json"]


def test_an_edited_state_json_is_reported(project, capsys):
    state = project / "generated" / "state.json"
    _comment_note_by_hand(state)
    update_sums(project / "generated", [state])
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    first, *others = problems(out)
    assert first.startswith("generated/state.json:")
    assert "differs from the snapshot of the newest migration, 0002_add_note/state.json" in first
    # planned against the edited state, the specs hold a change (the comment goes) that no migration holds
    assert len(others) == 1
    assert others[0].startswith("specs/ledger/refunds.yaml:12:7: error: the specs changed but no migration holds it")


def test_a_changed_setting_makes_regeneration_differ(project, capsys):
    _edit(project / "schemac.yaml", "postgres:", "migrations: {lock_timeout: 9s}\npostgres:")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    names = [line.split(":")[0] for line in problems(out)]
    assert names == [f"{m}/{n}" for m in (FIRST, SECOND) for n in ("up.sql", "down.sql")]


def test_a_rename_regenerates_from_the_hints_plan_json_records(project, capsys):
    """`renamed_from` is not in the snapshots (it describes the step, not the
    database): plan.json records it, and regeneration uses it."""
    _edit(project / REFUNDS, "      note: text\n", "      memo: {type: text, renamed_from: note}\n")
    code, _, err = schemac(capsys, "generate", "--name", "rename_note")
    assert code == EXIT_OK, err
    folder = project / "generated/migrations/0003_rename_note"
    assert "RENAME COLUMN note TO memo" in (folder / "up.sql").read_text(encoding="utf-8")
    plan = folder / "plan.json"
    assert json.loads(plan.read_text(encoding="utf-8"))["hints"] == {
        "table:ledger.refunds": {"columns": {"memo": {"renamed_from": "note"}}}}
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 3 migration(s), all consistent\n", "")
    # without the hint, 0003 would drop `note` and add `memo`: not what was committed
    _edit(plan, '"renamed_from": "note"', '"renamed_from": "nothing"')
    update_sums(project / "generated", [plan])
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert [line.split(":")[0] for line in problems(out)][:2] == [
        "generated/migrations/0003_rename_note/up.sql", "generated/migrations/0003_rename_note/down.sql"]


# --- destructive steps -----------------------------------------------------------------------

@pytest.fixture
def dropped(project, capsys) -> Path:
    """0003_drop_reason drops `ledger.refunds.reason`, accepted by --allow-destructive only."""
    _edit(project / REFUNDS, "      reason: text\n", "")
    code, _, err = schemac(capsys, "generate", "--name", "drop_reason", "--allow-destructive")
    assert code == EXIT_OK, err
    return project


DROP_PROBLEM = (
    "specs/ledger/refunds.yaml:5:3: error: step 1 DropColumn `column:ledger.refunds.reason` of migration "
    "0003_drop_reason is destructive and was accepted only by --allow-destructive: CI requires the intent to be "
    "written in the specs, where review sees it (hint: add `column:ledger.refunds.reason` to the "
    "`accept_destructive:` list of its domain, then regenerate 0003_drop_reason without --allow-destructive "
    "(the newest migration: remove its folder, copy the previous migration's state.json to generated/state.json, "
    "run `schemac generate --name <slug>`))")


def test_a_destructive_step_accepted_by_the_flag_only_fails(dropped, capsys):
    plan = json.loads((dropped / "generated/migrations/0003_drop_reason/plan.json").read_text(encoding="utf-8"))
    assert plan["destructive"] == [{"step": 1, "kind": "DropColumn", "key": "column:ledger.refunds.reason",
                                    "acknowledged_by": "--allow-destructive", "spec": None}]
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [DROP_PROBLEM]
    assert out.splitlines()[-1] == "schemac check: 3 migration(s), 1 problem(s)"


def test_a_destructive_step_of_a_table_gone_points_at_plan_json(project, capsys):
    (project / REFUNDS).unlink()
    code, _, err = schemac(capsys, "generate", "--name", "drop_refunds", "--allow-destructive")
    assert code == EXIT_OK, err
    plan_path = project / "generated/migrations/0003_drop_refunds/plan.json"
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    [record] = plan["destructive"]
    assert record["key"] == "table:ledger.refunds" and record["acknowledged_by"] == "--allow-destructive"
    line = plan_path.read_text(encoding="utf-8").splitlines().index('      "key": "table:ledger.refunds",') + 1
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    [problem] = problems(out)
    assert problem.startswith(f"generated/migrations/0003_drop_refunds/plan.json:{line}:1: error: step "
                              f"{record['step']} DropTable `table:ledger.refunds` of migration 0003_drop_refunds is "
                              "destructive and was accepted only by --allow-destructive")


def test_a_destructive_step_recorded_as_accepted_by_the_specs_passes(dropped, capsys):
    """How a step was accepted is read from plan.json (schemac.sum guards it)."""
    generated = dropped / "generated"
    plan = generated / "migrations/0003_drop_reason/plan.json"
    _edit(plan, '"acknowledged_by": "--allow-destructive"', '"acknowledged_by": "spec"')
    assert schemac(capsys, "check")[1].splitlines()[0].startswith("generated/migrations/0003_drop_reason/plan.json:1:1"
                                                                   ": error: generated/migrations/0003_drop_reason/"
                                                                   "plan.json was edited after generation")
    update_sums(generated, [plan])
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 3 migration(s), all consistent\n", "")


def test_a_destructive_step_without_a_record_fails(dropped, capsys):
    generated = dropped / "generated"
    plan = generated / "migrations/0003_drop_reason/plan.json"
    data = json.loads(plan.read_text(encoding="utf-8"))
    data["destructive"] = []
    plan.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    update_sums(generated, [plan])
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = problems(out)
    assert len(found) == 2
    assert "plan.json is not what schemac generates for 0003_drop_reason" in found[0]
    assert ("is destructive and plan.json does not record that the specs accept it: CI requires the intent to be "
            "written in the specs") in found[1]


def test_a_destructive_step_accepted_in_the_specs_passes(project, capsys):
    """With the domain's `accept_destructive:` list, generate needs no flag,
    plan.json records the acceptance, and check passes."""
    _edit(project / REFUNDS, "      reason: text\n", "")
    _edit(project / REFUNDS, "schema: ledger\n", "schema: ledger\naccept_destructive: [column:ledger.refunds.reason]\n")
    code, _, err = schemac(capsys, "generate", "--name", "drop_reason")
    assert code == EXIT_OK, err
    plan = json.loads((project / "generated/migrations/0003_drop_reason/plan.json").read_text(encoding="utf-8"))
    assert plan["destructive"] == [{"step": 1, "kind": "DropColumn", "key": "column:ledger.refunds.reason",
                                    "acknowledged_by": "spec",
                                    "spec": {"file": "specs/ledger/refunds.yaml", "line": 3, "column": 22}}]
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 3 migration(s), all consistent\n", "")


def test_the_fix_for_a_step_accepted_by_the_flag_only(dropped, capsys):
    """Follow check's hints: accept the step in the specs, then generate the
    newest migration again."""
    _edit(dropped / REFUNDS, "schema: ledger\n", "schema: ledger\naccept_destructive: [column:ledger.refunds.reason]\n")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    [problem] = problems(out)
    assert problem.startswith("specs/ledger/refunds.yaml:3:22: error: step 1 DropColumn")
    assert "(hint: the specs accept `column:ledger.refunds.reason` now: regenerate 0003_drop_reason" in problem
    generated = dropped / "generated"
    shutil.rmtree(generated / "migrations/0003_drop_reason")
    shutil.copy(dropped / SECOND / "state.json", generated / "state.json")
    code, _, err = schemac(capsys, "generate", "--name", "drop_refund_reason")  # a new name: the old entries go
    assert code == EXIT_OK, err
    assert "0003_drop_reason" not in (generated / SUM_FILE).read_text(encoding="utf-8")
    assert schemac(capsys, "check") == (EXIT_OK, "schemac check: 3 migration(s), all consistent\n", "")


def test_each_destructive_part_of_one_step_is_reported_at_its_own_spec_line(project, capsys):
    """The type changes of a table are one step with a destructive part per
    column: each plan.json record is matched with its own part (step and
    key), so each problem points at its own column, accepted or not."""
    _edit(project / REFUNDS, "      reason: text\n      note: text\n",
          "      reason: date\n      note: jsonb\n")  # read by input functions that may drop what they ignore
    code, _, err = schemac(capsys, "generate", "--name", "narrow", "--allow-destructive")
    assert code == EXIT_OK, err
    plan = json.loads((project / "generated/migrations/0003_narrow/plan.json").read_text(encoding="utf-8"))
    assert [(r["step"], r["key"]) for r in plan["destructive"]] == [  # online: the expand/contract's convert step
        (2, "column:ledger.refunds.note:type"), (2, "column:ledger.refunds.reason:type")]
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    found = problems(out)
    assert [p.split(": error: ")[0] for p in found] == ["specs/ledger/refunds.yaml:12:7", "specs/ledger/refunds.yaml:11:7"]
    assert "`column:ledger.refunds.note:type`" in found[0] and "`column:ledger.refunds.reason:type`" in found[1]
    _edit(project / REFUNDS, "schema: ledger\n", "schema: ledger\naccept_destructive: [column:ledger.refunds.note:type]\n")
    found = problems(schemac(capsys, "check")[1])
    assert len(found) == 2
    assert found[0].startswith("specs/ledger/refunds.yaml:3:22: error: step 2 AlterColumnType "
                               "`column:ledger.refunds.note:type`")
    assert "the specs accept `column:ledger.refunds.note:type` now" in found[0]
    assert found[1].startswith("specs/ledger/refunds.yaml:12:7: error: step 2 AlterColumnType "
                               "`column:ledger.refunds.reason:type`")
    assert "add `column:ledger.refunds.reason:type` to the `accept_destructive:` list" in found[1]


# --- output formats and the console script ------------------------------------------------------

def test_github_format(dropped, capsys):
    code, out, _ = schemac(capsys, "check", "--format", "github")
    assert code == EXIT_FAILED
    message = DROP_PROBLEM.split(": error: ", 1)[1]
    assert out.splitlines() == [
        f"::error file=specs/ledger/refunds.yaml,line=5,col=3,title=schemac check::{message}",
        "schemac check: 3 migration(s), 1 problem(s)",
    ]


def test_github_annotation_escapes():
    problem = Problem("specs/a,b:c.yaml", 3, 7, "100% wrong\r\nsecond line", "fix: it")
    assert github_annotation(problem) == ("::error file=specs/a%2Cb%3Ac.yaml,line=3,col=7,title=schemac check::"
                                          "100%25 wrong%0D%0Asecond line (hint: fix: it)")


def test_spec_errors_are_reported_as_usual(project, capsys):
    _edit(project / REFUNDS, "      note: text\n", "      note: {type: text, nulable: false}\n")
    code, out, err = schemac(capsys, "check", "--format", "github")
    assert (code, out) == (EXIT_FAILED, "")
    assert err.startswith("specs/ledger/refunds.yaml:12:") and "unknown key `nulable`" in err


def test_the_console_script_exits_1_on_a_problem(project):
    script = Path(sys.executable).with_name("schemac")
    if not script.exists():
        pytest.skip(f"no schemac console script next to {sys.executable}")
    clean = subprocess.run([str(script), "check"], cwd=project, capture_output=True, text=True, timeout=120)
    assert (clean.returncode, clean.stdout) == (EXIT_OK, SUMMARY_OK), clean.stderr
    up = project / SECOND / "up.sql"
    up.write_text(up.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    broken = subprocess.run([str(script), "-C", str(project), "check"], cwd=project, capture_output=True, text=True,
                            timeout=120)
    assert broken.returncode == EXIT_FAILED, broken.stderr
    assert broken.stdout.startswith(f"{SECOND}/up.sql:1:1: error: {SECOND}/up.sql was edited after generation")
    assert broken.stdout.endswith("schemac check: 2 migration(s), 2 problem(s)\n")


def test_hints_round_trip_through_plan_json_data():
    """Hints of every shape (a string, pairs, a nested column) survive JSON."""
    from compiler.catalog.hints import hints_of, with_hints
    from compiler.catalog.objects import Catalog, Column, Enum, Table, TypeRef
    enum = Enum("public", "Status", ("NEW", "DONE"), renamed_from="State", value_renames=(("DONE", "FINISHED"),),
                remap=(("LOST", "NEW"),))
    bigint, text = TypeRef("bigint"), TypeRef("text")
    table = Table("public", "t", columns=(Column("id", bigint), Column("memo", text, renamed_from="note")))
    catalog = Catalog((enum, table))
    hints = json.loads(json.dumps(hints_of(catalog)))
    assert hints == {"enum:public.Status": {"renamed_from": "State", "value_renames": [["DONE", "FINISHED"]],
                                            "remap": [["LOST", "NEW"]]},
                     "table:public.t": {"columns": {"memo": {"renamed_from": "note"}}}}
    bare = Catalog((dataclasses.replace(enum, renamed_from=None, value_renames=(), remap=()),
                    dataclasses.replace(table, columns=(Column("id", bigint), Column("memo", text)))))
    assert hints_of(bare) == {}
    back = with_hints(bare, hints)
    [status] = [o for o in back.objects if isinstance(o, Enum)]
    assert (status.renamed_from, status.value_renames, status.remap) == ("State", (("DONE", "FINISHED"),),
                                                                         (("LOST", "NEW"),))
    assert hints_of(back) == hints


# --- migrations written by another version of schemac -------------------------------------------

def _as_if_written_by(project: Path, migration: str, generator: str, edit=None) -> None:
    """Make `migration` look written by another schemac: its plan.json names
    that generator, `edit` changes how its SQL is written, and schemac.sum
    holds the new checksums (as that schemac would have recorded them)."""
    folder = project / "generated" / "migrations" / migration
    _edit(folder / "plan.json", '"generator": "schemac ', f'"generator": "{generator}", "was": "schemac ')
    if edit is not None:
        _edit(folder / "up.sql", *edit)
    update_sums(project / "generated", [folder / "plan.json", folder / "up.sql"])


def test_a_migration_of_another_schemac_version_is_checked_by_checksum_not_regenerated(project, capsys):
    _as_if_written_by(project, "0001_initial", "schemac 0.0.9", ("BEGIN;\n", "BEGIN;\n-- written differently\n"))
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_OK, out
    assert out == ("schemac check: 2 migration(s), all consistent (0001_initial written by another schemac version: "
                   "checked by checksum and accepted steps, not regenerated)\n")
    # its checksums still hold it
    _edit(project / FIRST / "up.sql", "-- written differently\n", "-- edited by hand\n")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [f"{FIRST}/up.sql:1:1: error: {FIRST}/up.sql was edited after generation: its sha256 "
                             "differs from the one in schemac.sum (hint: generated files are not edited by hand: "
                             "restore it from version control and change the specs instead)"]


def test_a_destructive_step_of_another_schemac_version_must_still_be_accepted(dropped, capsys):
    _as_if_written_by(dropped, "0003_drop_reason", "schemac 0.0.9")
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert problems(out) == [DROP_PROBLEM]


def test_the_same_schemac_version_regenerates(project, capsys):
    """A plan.json naming this very version is regenerated, as one without a generator is."""
    plan = json.loads((project / FIRST / "plan.json").read_text(encoding="utf-8"))
    from compiler import __version__
    assert plan["generator"] == f"schemac {__version__}"
    _edit(project / FIRST / "up.sql", "BEGIN;\n", "BEGIN;\n-- written differently\n")
    update_sums(project / "generated", [project / FIRST / "up.sql"])
    code, out, _ = schemac(capsys, "check")
    assert code == EXIT_FAILED
    assert [line.split(": error: ")[1][:60] for line in problems(out)] == [
        f"{FIRST}/up.sql is not what schemac generates for 0001_initial "[:60]]


# --- a column added between two existing ones -----------------------------------------------------

def test_check_passes_right_after_a_column_is_added_between_two(first, conn, capsys):
    """PostgreSQL appends an added column; verify.sql is rendered from that
    order (the snapshot's), so `check` regenerates it byte for byte, and it
    is clean on the database the migrations leave."""
    from compiler.apply import run_script
    from tests.helpers import VERIFY_COLUMNS, stand_ins
    _edit(first / REFUNDS, "      customer_id: {type: bigint, nullable: false}\n",
          "      customer_id: {type: bigint, nullable: false}\n      memo: text\n")
    code, _, err = schemac(capsys, "generate", "--name", "memo")
    assert code == EXIT_OK, err
    assert schemac(capsys, "check") == (EXIT_OK, SUMMARY_OK, "")
    from compiler import api
    stand_ins(conn, api.load(first))
    for folder in ("0001_initial", "0002_memo"):
        run_script(conn, (first / "generated/migrations" / folder / "up.sql").read_text(), "up.sql")
    verify = (first / "generated/migrations/0002_memo/verify.sql").read_text()
    results = [r for r in run_script(conn, verify, "verify.sql") if r.columns == VERIFY_COLUMNS]
    assert results and results[-1].rows == []
    assert verify.index("ADD COLUMN reason") < verify.index("ADD COLUMN memo")
