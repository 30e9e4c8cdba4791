"""`schemac plan` and the destructive-step gate of `schemac generate`.

A small project (two tables, a foreign key, an index) is generated, then the
`Note` table is removed from its spec: the next plan drops it, which is
destructive, so `generate` refuses it until --allow-destructive is given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.state import catalog_hash
from compiler.cli import EXIT_FAILED, EXIT_OK, main
from compiler.generated import GENERATOR
from compiler.ops.base import Hazard, Op
from compiler.plan import Plan

SETTINGS = "migrations: {lock_timeout: 2s, statement_timeout: 1min}\n"

AUTHOR = """\
tables:
  Author:
    columns:
      id: {type: bigint, primary_key: true}
      name: {type: text, nullable: false}
"""

NOTE = """\
  Note:
    columns:
      id: {type: bigint, primary_key: true}
      authorId: {type: bigint, references: Author.id, on_delete: cascade}
      title: {type: text, nullable: false}
    indexes:
      - title
"""

VERIFY_COLUMNS = ("object", "expected", "found")


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _hash(project: Path) -> str:
    return catalog_hash(api.load(project).catalog)


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text(SETTINGS, encoding="utf-8")
    (root / "specs" / "notes.yaml").write_text(AUTHOR + NOTE, encoding="utf-8")
    return root


@pytest.fixture
def note_removed(project, capsys) -> tuple[Path, str, str]:
    """The project after 0001_initial, with `Note` removed from the spec:
    (project, hash before, hash after)."""
    assert schemac(capsys, "-C", str(project), "generate")[0] == EXIT_OK
    before = _hash(project)
    (project / "specs" / "notes.yaml").write_text(AUTHOR, encoding="utf-8")
    return project, before, _hash(project)


# --- schemac plan ----------------------------------------------------------------------------

def test_plan_of_a_first_migration_as_text(project, capsys):
    code, out, err = schemac(capsys, "-C", str(project), "plan")
    assert code == EXIT_OK, err
    assert out == f"""\
plan for migration 0001 against an empty database (no migration yet)
  from state {catalog_hash(api.EMPTY)}
  to state   {_hash(project)}
  mode:      online: steps that would block writes through a scan or a build run after COMMIT, in forms that let writes go on (`migrations: {{mode: transactional}}` in schemac.yaml runs every step in one transaction)
  types:     expand_contract: a type change that rewrites its table is made by expand/contract where the table allows it (`migrations: {{type_changes: rewrite}}` in schemac.yaml keeps one ALTER TABLE)
  timeouts:  lock_timeout = 2s, statement_timeout = 1min (set first in up.sql and down.sql)
  max_lock:  none (`migrations: {{max_lock: ...}}` in schemac.yaml makes `schemac check` fail on steps above it)
  functions: executable by PUBLIC unless their grants revoke it (PostgreSQL's default; `privileges: {{functions_executable_by_public: false}}` in schemac.yaml revokes it from each)
  3 step(s); reversible: yes; hazards: none

  step  kind         key                          lock  rows  hazards
     1  CreateTable  table:public.Author          -     -     -
     2  CreateTable  table:public.Note            -     -     -
     3  CreateIndex  index:public.Note_title_idx  -     -     -
"""
    assert _files(project / "generated") == {}


def test_plan_of_a_first_migration_as_json(project, capsys):
    code, out, err = schemac(capsys, "-C", str(project), "plan", "--json")
    assert code == EXIT_OK, err
    assert json.loads(out) == {
        "changes": True,
        "migration": "0001",
        "against": None,
        "source_hash": catalog_hash(api.EMPTY),
        "target_hash": _hash(project),
        "mode": "online",
        "type_changes": "expand_contract",
        "settings": {"lock_timeout": "2s", "statement_timeout": "1min",
                     "functions_executable_by_public": True},
        "reversible": True,
        "hazards": [],
        "steps": [
            {"number": 1, "kind": "CreateTable", "key": "table:public.Author", "hazards": [], "lock": None,
             "rows": None},
            {"number": 2, "kind": "CreateTable", "key": "table:public.Note", "hazards": [], "lock": None,
             "rows": None},
            {"number": 3, "kind": "CreateIndex", "key": "index:public.Note_title_idx", "hazards": [], "lock": None,
             "rows": None},
        ],
        "destructive": [],
        "max_lock": None,
        "above_max_lock": [], "blocks_writes": [],
    }
    # deterministic: sorted keys, the same bytes twice
    assert out == json.dumps(json.loads(out), indent=2, sort_keys=True) + "\n"
    assert schemac(capsys, "-C", str(project), "plan", "--json")[1] == out
    assert _files(project / "generated") == {}


def test_plan_with_no_changes(project, capsys):
    assert schemac(capsys, "-C", str(project), "generate")[0] == EXIT_OK
    written = _files(project / "generated")
    code, out, err = schemac(capsys, "-C", str(project), "plan")
    assert (code, out, err) == (EXIT_OK, "no changes: the specs match generated/state.json (after 0001_initial)\n", "")
    code, out, err = schemac(capsys, "-C", str(project), "plan", "--json")
    assert code == EXIT_OK, err
    target = _hash(project)
    assert json.loads(out) == {
        "changes": False, "migration": "0002",
        "against": {"migration": "0001_initial", "state": "generated/state.json"},
        "source_hash": target, "target_hash": target,
        "mode": "online",
        "type_changes": "expand_contract",
        "settings": {"lock_timeout": "2s", "statement_timeout": "1min",
                     "functions_executable_by_public": True},
        "reversible": True, "hazards": [], "steps": [], "destructive": [], "max_lock": None, "above_max_lock": [],
        "blocks_writes": [],
    }
    assert _files(project / "generated") == written


def test_plan_with_no_specs_and_no_migration(tmp_path, capsys):
    (tmp_path / "specs").mkdir()
    code, out, _ = schemac(capsys, "-C", str(tmp_path), "plan")
    assert (code, out) == (EXIT_OK, "no changes: the specs match an empty database (no migration yet)\n")


DROP_MESSAGE = "step 2 DropTable table:public.Note is destructive: `table:public.Note` no longer appears in the specs"


def test_plan_shows_a_removed_table_as_a_destructive_drop(note_removed, capsys):
    project, before, after = note_removed
    written = _files(project / "generated")
    code, out, err = schemac(capsys, "-C", str(project), "plan")
    assert code == EXIT_OK, err
    assert out == f"""\
plan for migration 0002 against generated/state.json (after 0001_initial)
  from state {before}
  to state   {after}
  mode:      online: steps that would block writes through a scan or a build run after COMMIT, in forms that let writes go on (`migrations: {{mode: transactional}}` in schemac.yaml runs every step in one transaction)
  types:     expand_contract: a type change that rewrites its table is made by expand/contract where the table allows it (`migrations: {{type_changes: rewrite}}` in schemac.yaml keeps one ALTER TABLE)
  timeouts:  lock_timeout = 2s, statement_timeout = 1min (set first in up.sql and down.sql)
  max_lock:  none (`migrations: {{max_lock: ...}}` in schemac.yaml makes `schemac check` fail on steps above it)
  functions: executable by PUBLIC unless their grants revoke it (PostgreSQL's default; `privileges: {{functions_executable_by_public: false}}` in schemac.yaml revokes it from each)
  2 step(s); reversible: no; hazards: access_exclusive_lock, destructive, irreversible

  step  kind       key                          lock              rows  hazards
     1  DropIndex  index:public.Note_title_idx  access_exclusive  -     access_exclusive_lock
     2  DropTable  table:public.Note            access_exclusive  -     destructive, access_exclusive_lock, irreversible

destructive steps (generate refuses them without --allow-destructive unless the specs acknowledge them):
  {DROP_MESSAGE}
"""
    code, out, err = schemac(capsys, "-C", str(project), "plan", "--json")
    assert code == EXIT_OK, err
    assert json.loads(out) == {
        "changes": True,
        "migration": "0002",
        "against": {"migration": "0001_initial", "state": "generated/state.json"},
        "source_hash": before,
        "target_hash": after,
        "mode": "online",
        "type_changes": "expand_contract",
        "settings": {"lock_timeout": "2s", "statement_timeout": "1min",
                     "functions_executable_by_public": True},
        "reversible": False,
        "hazards": ["access_exclusive_lock", "destructive", "irreversible"],
        "steps": [
            {"number": 1, "kind": "DropIndex", "key": "index:public.Note_title_idx",
             "hazards": ["access_exclusive_lock"], "lock": "access_exclusive", "rows": None},
            {"number": 2, "kind": "DropTable", "key": "table:public.Note",
             "hazards": ["destructive", "access_exclusive_lock", "irreversible"], "lock": "access_exclusive",
             "rows": None},
        ],
        "destructive": [
            {"step": 2, "kind": "DropTable", "key": "table:public.Note", "message": DROP_MESSAGE,
             "spec": None, "context": None, "acknowledged": False, "acknowledgement": None},
        ],
        "max_lock": None,
        "above_max_lock": [], "blocks_writes": [],
    }
    assert _files(project / "generated") == written


# --- generate refuses destructive steps -------------------------------------------------------

def test_generate_refuses_a_destructive_step(note_removed, capsys):
    project, _, _ = note_removed
    written = _files(project / "generated")
    code, out, err = schemac(capsys, "-C", str(project), "generate", "--name", "drop_notes")
    assert code == EXIT_FAILED
    assert out == ""
    assert err == (
        "schemac: error: refusing to generate 0002_drop_notes: 1 destructive step(s) would destroy data:\n"
        f"  {DROP_MESSAGE}\n"
        "nothing written; review them with `schemac plan`, then accept them with "
        "`schemac generate --allow-destructive`\n")
    assert _files(project / "generated") == written


def _verify(conn, script: str) -> list[tuple]:
    results = [r for r in run_script(conn, script, "verify.sql") if r.columns == VERIFY_COLUMNS]
    return sorted(results[-1].rows) if results else []


def _exists(conn, relation: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (relation,)).fetchone()[0]


def test_generate_with_allow_destructive_drops_and_down_restores(note_removed, conn, capsys):
    project, before, after = note_removed
    code, out, err = schemac(capsys, "-C", str(project), "generate", "--name", "drop-notes", "--allow-destructive")
    assert code == EXIT_OK, err
    assert "0002_drop_notes (2 steps)" in out
    migrations = project / "generated" / "migrations"
    first, second = (migrations / "0001_initial", migrations / "0002_drop_notes")
    scripts = {name: (second / f"{name}.sql").read_text(encoding="utf-8") for name in ("up", "down", "verify")}
    assert "SET LOCAL lock_timeout = '2s';\nSET LOCAL statement_timeout = '1min';" in scripts["up"]
    assert 'DROP TABLE public."Note";' in scripts["up"]
    assert 'CREATE TABLE public."Note" (' in scripts["down"]
    assert ('-- irreversible: the up migration dropped table public."Note" with its rows; this re-creates it empty'
            in scripts["down"])
    assert 'CREATE INDEX "Note_title_idx" ON public."Note" (title);' in scripts["down"]
    plan = json.loads((second / "plan.json").read_text(encoding="utf-8"))
    assert plan == {
        "generator": GENERATOR, "mode": "online", "source_hash": before, "target_hash": after, "reversible": False,
        "hazards": ["access_exclusive_lock", "destructive", "irreversible"],
        "steps": [{"kind": "DropIndex", "key": "index:public.Note_title_idx", "hazards": ["access_exclusive_lock"],
                   "lock": "access_exclusive", "rows": None},
                  {"kind": "DropTable", "key": "table:public.Note",
                   "hazards": ["destructive", "access_exclusive_lock", "irreversible"],
                   "lock": "access_exclusive", "rows": None}],
        "destructive": [{"step": 2, "kind": "DropTable", "key": "table:public.Note",
                         "acknowledged_by": "--allow-destructive", "spec": None}],
        "hints": {},
    }
    # the snapshot of the catalog after 0002 is generated/state.json
    assert (second / "state.json").read_bytes() == (project / "generated" / "state.json").read_bytes()
    # the specs now match the state: nothing more to plan
    assert schemac(capsys, "-C", str(project), "plan")[1].startswith("no changes")

    run_script(conn, (first / "up.sql").read_text(encoding="utf-8"), "0001 up.sql")
    assert _verify(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
    conn.execute('INSERT INTO "Author" VALUES (1, \'Ann\')')
    conn.commit()
    run_script(conn, scripts["up"], "0002 up.sql")
    assert not _exists(conn, 'public."Note"')
    assert _verify(conn, scripts["verify"]) == []
    run_script(conn, scripts["down"], "0002 down.sql")
    assert _exists(conn, 'public."Note"')
    assert _verify(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
    assert conn.execute('SELECT name FROM "Author"').fetchall() == [("Ann",)]


# --- the review behind both: destructive steps and their spec lines ---------------------------

@dataclass(frozen=True)
class _Narrow(Op):
    """A stand-in for a destructive change to an object that stays (a type narrowing)."""

    target: str

    @property
    def key(self):
        return self.target

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)


def test_a_destructive_change_to_an_object_still_in_the_specs_names_its_spec_line(project):
    catalog = api.load(project).catalog
    plan = Plan((_Narrow("table:public.Author"),), "a", "b")
    [step] = api.destructive_steps(plan, catalog, catalog)
    assert (step.number, step.dropped, step.acknowledged) == (1, False, False)
    assert (Path(step.source.file).name, step.source.line, step.source.path) == ("notes.yaml", 2, "tables.Author")
    assert step.message == f"step 1 _Narrow table:public.Author is destructive (at {step.source.file}:2:3)"
    assert step.as_dict()["spec"] == {"file": step.source.file, "line": 2, "column": 3, "path": "tables.Author"}


def test_a_dropped_part_of_a_table_that_stays_names_the_table(project):
    spec = project / "specs" / "notes.yaml"
    spec.write_text(AUTHOR + "    unique:\n      - name\n" + NOTE, encoding="utf-8")
    previous = api.load(project).catalog
    assert "constraint:public.Author.Author_name_key" in previous.by_key()
    spec.write_text(AUTHOR, encoding="utf-8")
    target = api.load(project).catalog
    plan = Plan((_Narrow("constraint:public.Author.Author_name_key"),
                 _Narrow("constraint:public.Note.Note_authorId_fkey")), "a", "b")
    kept_table, gone_table = api.destructive_steps(plan, previous, target)
    assert kept_table.dropped and kept_table.source is None
    assert kept_table.context_key == "table:public.Author" and kept_table.context.line == 2
    assert kept_table.message == (
        "step 1 _Narrow constraint:public.Author.Author_name_key is destructive: "
        "`constraint:public.Author.Author_name_key` no longer appears in the specs "
        f"(it belonged to `table:public.Author`, at {kept_table.context.file}:2:3)")
    assert kept_table.as_dict()["context"] == {"key": "table:public.Author", "file": kept_table.context.file,
                                               "line": 2, "column": 3, "path": "tables.Author"}
    assert gone_table.dropped and gone_table.context is None and gone_table.context_key is None
    assert gone_table.message == ("step 2 _Narrow constraint:public.Note.Note_authorId_fkey is destructive: "
                                  "`constraint:public.Note.Note_authorId_fkey` no longer appears in the specs")


def test_without_accept_destructive_the_specs_acknowledge_nothing(note_removed):
    project, _, _ = note_removed
    from compiler.generated import next_migration, unaccepted_destructive_steps
    compiled = api.load(project)
    nxt = next_migration(compiled)
    [step] = unaccepted_destructive_steps(compiled, nxt)
    assert step.op.key == "table:public.Note"
    assert api.acknowledged_by_spec(step.op, nxt.previous, compiled.catalog) is None


@dataclass(frozen=True)
class _ColumnChange(Op):
    """A stand-in for a destructive change to a column (columns live inside their table)."""

    schema: str
    table: str
    column: object

    @property
    def key(self):
        return f"column:{self.schema}.{self.table}.{self.column.name}"

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)


def test_a_destructive_column_change_names_the_column_or_its_table(project):
    spec = project / "specs" / "notes.yaml"
    previous = api.load(project).catalog
    author = previous.by_key()["table:public.Author"]
    spec.write_text(AUTHOR.replace("      name: {type: text, nullable: false}\n", "") + NOTE, encoding="utf-8")
    target = api.load(project).catalog
    plan = Plan((_ColumnChange("public", "Author", author.column("id")),
                 _ColumnChange("public", "Author", author.column("name"))), "a", "b")
    changed, dropped = api.destructive_steps(plan, previous, target)
    assert not changed.dropped and (changed.source.line, changed.source.path) == (4, "tables.Author.columns.id")
    assert dropped.dropped and dropped.source is None
    assert dropped.message == ("step 2 _ColumnChange column:public.Author.name is destructive: "
                               "`column:public.Author.name` no longer appears in the specs "
                               f"(it belonged to `table:public.Author`, at {dropped.context.file}:2:3)")
