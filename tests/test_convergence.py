"""Convergence of migrations on a real PostgreSQL, one scenario folder each.

Every folder `tests/convergence/<nnn>_<slug>/` holds a `before.yaml` and an
`after.yaml` spec, a `scenario.yaml` (what the change must do) and the golden
`up.sql` and `down.sql` of the migration from `before` to `after` (see
tests/convergence/README.md for the format).

Without a database (`pytest -m 'not database'` runs these):

- the scenario file is well formed, both specs compile;
- the plan has exactly the expected steps and hazards, is reversible unless
  a step loses data, and its destructive steps are exactly those the scenario
  allows; each step reverses exactly;
- planning `after` against the state the migration leaves (the catalog
  written to state.json and read back, as `schemac generate` does) is empty;
- up.sql and down.sql parse and equal the golden files byte for byte.

On PostgreSQL (15 in CI, the embedded 18 locally), one scratch database per
folder: apply `before`, verify it, insert the rows; apply the golden up.sql
(its statements that cannot run in a transaction too); verify `after` clean;
run the checks; apply down.sql; verify `before` clean; run the down checks.

After an intended change to the compiler, rewrite the golden files and review
the diff:

    SCHEMAC_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_convergence.py -m 'not database'
"""

from __future__ import annotations

import inspect
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import psycopg
import pytest

from compiler import api, ops
from compiler.apply import run_script, server_version
from compiler.catalog.state import from_json, to_json
from compiler.ops.base import Hazard, Op
from compiler.render import oracle
from compiler.spec.source import read_document
from tests.conftest import ROOT
from tests.helpers import stand_ins, verify
from tests.live_helpers import assert_reads_back

UPDATE = os.environ.get("SCHEMAC_UPDATE_GOLDEN", "") not in ("", "0")
CONVERGENCE = ROOT / "tests" / "convergence"
FOLDER_NAME = re.compile(r"^(\d{3})_([a-z0-9]+(?:-[a-z0-9]+)*)$")
FOLDERS = sorted(p for p in CONVERGENCE.iterdir() if p.is_dir() and (p / "scenario.yaml").is_file()) \
    if CONVERGENCE.is_dir() else []
IDS = [p.name for p in FOLDERS]
BOOL_OID = 16
FIRST_TITLE = "0001_before"

# Step kinds that no scenario folder shows yet, with the reason (e.g. "being
# built"); every other operation class in compiler.ops must appear in some
# folder's expect_steps.
_ONLINE_ONLY = ("online mode only (goldens are transactional): test_converges_online runs them (007, 025, 028, "
                "761, ...), and tests/test_online_constraints.py")
NOT_COVERED_YET: dict[str, str] = {
    **{kind: _ONLINE_ONLY for kind in ("ValidateConstraintAfterCommit", "AddNotNullCheck", "ValidateNotNullCheck",
                                       "SetNotNullFromCheck", "DropNotNullCheck", "AddForeignKeyAfterCommit",
                                       "DropConstraintAfterCommit")},
    **{kind: "online mode only (goldens are transactional): test_converges_online runs them (621, 622), and "
             "tests/test_online_partitions.py"
       for kind in ("AddBoundCheck", "ValidateBoundCheck", "CreatePartitionFromCheck", "SwapPartitionBound",
                    "DropBoundCheck")},
    **{kind: "online mode only (goldens are transactional): test_converges_online runs them (624, 627), and "
             "tests/test_online_partition_foreign_keys.py"
       for kind in ("AddPartitionForeignKey", "AddPartitionedForeignKey", "AddForeignKeyNotValidOnPartitioned")},
}


# ---------------------------------------------------------------- the scenario file

@dataclass(frozen=True)
class Check:
    query: str  # one statement; its rows are compared
    expect: tuple[tuple[str | None, ...], ...]  # in PostgreSQL's text output; booleans true/false
    setup: tuple[str, ...] = ()  # statements run first (e.g. an INSERT that shows a default)
    expect_online: tuple[tuple[str | None, ...], ...] | None = None  # the rows in online mode, when they differ


@dataclass(frozen=True)
class Scenario:
    folder: Path
    description: str
    expect_steps: tuple[str, ...]
    expect_hazards: frozenset[Hazard]
    rows: tuple[str, ...]
    check: tuple[Check, ...]
    check_down: tuple[Check, ...]
    allow_destructive: bool
    min_server_version: int | None  # a major version: 15
    up_contains: tuple[str, ...]  # in this order in up.sql
    down_contains: tuple[str, ...]  # in this order in down.sql

    @property
    def title(self) -> str:
        """The migration's title, as `schemac generate --name <slug>` would make it."""
        return "0002_" + FOLDER_NAME.match(self.folder.name).group(2).replace("-", "_")


SCENARIO_KEYS = {"description", "expect_steps", "expect_hazards", "rows", "check", "check_down",
                 "allow_destructive", "min_server_version", "up_contains", "down_contains"}
CHECK_KEYS = {"query", "expect", "setup", "expect_online"}


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), f"{where}: a list of text"
    return tuple(value)


def _flag(value, where: str) -> bool:
    assert value in (None, "true", "false"), f"{where}: true or false, not {value!r}"
    return value == "true"


def _checks(value, where: str) -> tuple[Check, ...]:
    if value is None:
        return ()
    assert isinstance(value, list), f"{where}: a list of {{query, expect}}"
    checks = []
    for i, item in enumerate(value):
        at = f"{where}[{i}]"
        assert isinstance(item, dict) and set(item) <= CHECK_KEYS and "query" in item and "expect" in item, \
            f"{at}: a mapping with `query` and `expect` (and optionally `setup`)"
        expected = []
        for key in ("expect", "expect_online"):
            rows = item.get(key)
            if rows is None and key == "expect_online":
                expected.append(None)
                continue
            assert isinstance(rows, list) and all(isinstance(r, list) for r in rows), f"{at}.{key}: a list of rows"
            for row in rows:
                assert all(v is None or isinstance(v, str) for v in row), f"{at}.{key}: rows of scalars"
            expected.append(tuple(tuple(r) for r in rows))
        checks.append(Check(item["query"], expected[0], _strings(item.get("setup"), at), expected[1]))
    return tuple(checks)


@cache
def load_scenario(folder: Path) -> Scenario:
    """scenario.yaml, read as the specs are read: every scalar as the text
    written, only a plain `null` or `~` is nothing."""
    path = folder / "scenario.yaml"
    document = read_document(path, str(path.relative_to(ROOT)))
    assert not document.errors, [e.message for e in document.errors]
    data = document.data
    assert isinstance(data, dict), f"{path}: a mapping"
    unknown = set(data) - SCENARIO_KEYS
    assert not unknown, f"{path}: unknown keys {sorted(unknown)}; see tests/convergence/README.md"
    assert isinstance(data.get("description"), str) and data["description"].strip(), f"{path}: a description"
    steps = _strings(data.get("expect_steps"), "expect_steps")
    assert steps, f"{path}: expect_steps lists the plan's steps"
    hazards = frozenset(Hazard(h) for h in _strings(data.get("expect_hazards"), "expect_hazards"))
    version = data.get("min_server_version")
    assert version is None or (isinstance(version, str) and version.isdigit()), f"{path}: min_server_version"
    return Scenario(
        folder=folder,
        description=data["description"],
        expect_steps=steps,
        expect_hazards=hazards,
        rows=_strings(data.get("rows"), "rows"),
        check=_checks(data.get("check"), "check"),
        check_down=_checks(data.get("check_down"), "check_down"),
        allow_destructive=_flag(data.get("allow_destructive"), "allow_destructive"),
        min_server_version=int(version) if version else None,
        up_contains=_strings(data.get("up_contains"), "up_contains"),
        down_contains=_strings(data.get("down_contains"), "down_contains"),
    )


# ---------------------------------------------------------------- compiling

def _compile(folder: Path, side: str) -> api.Compiled:
    """One side of a scenario; the folder is the project root, so an optional
    schemac.yaml in it (e.g. `postgres: {min_version: 15}`) applies."""
    return api.load(folder, [folder / f"{side}.yaml"])


@dataclass(frozen=True)
class Compiled:
    scenario: Scenario
    before: api.Compiled
    after: api.Compiled
    first: api.MigrationFiles  # the empty database to `before`
    step: api.MigrationFiles  # `before` to `after`


def compile_folder(folder: Path, mode: str = "transactional") -> Compiled:
    """A scenario's two migrations, planned in `mode`: the golden files are
    those of transactional mode (every step in one transaction);
    `test_converges_online` runs online mode's."""
    scenario = load_scenario(folder)
    before, after = _compile(folder, "before"), _compile(folder, "after")
    version = after.project.settings.postgres.min_version
    first = api.migration(FIRST_TITLE, before, the_plan=api.plan(api.EMPTY, before.catalog, mode, min_version=version))
    step = api.migration(scenario.title, after, previous=before.catalog,
                         the_plan=api.plan(before.catalog, after.catalog, mode, min_version=version))
    return Compiled(scenario, before, after, first, step)


def _in_order(text: str, parts: tuple[str, ...]) -> str | None:
    """The first of `parts` not found (in order) in `text`, or None."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return part
        at = found + len(part)
    return None


def _golden(folder: Path, name: str) -> str:
    path = folder / f"{name}.sql"
    assert path.exists(), f"{path} is missing: run SCHEMAC_UPDATE_GOLDEN=1 pytest tests/test_convergence.py"
    return path.read_bytes().decode("utf-8")


# ---------------------------------------------------------------- without a database

def test_folders_exist_and_are_named_by_number():
    assert len(FOLDERS) >= 60, f"tests/convergence/ holds {len(FOLDERS)} scenario folders"
    numbers = []
    for folder in FOLDERS:
        match = FOLDER_NAME.match(folder.name)
        assert match, f"{folder.name}: name a folder <nnn>_<slug>, e.g. 007_drop-column"
        numbers.append(match.group(1))
        assert {p.name for p in folder.iterdir()} <= {"before.yaml", "after.yaml", "scenario.yaml", "up.sql",
                                                     "down.sql", "schemac.yaml"}, f"{folder.name}: unknown files"
    assert len(set(numbers)) == len(numbers), "two folders share a number"
    strays = [p.name for p in CONVERGENCE.iterdir() if p.is_dir() and not (p / "scenario.yaml").is_file()]
    assert not strays, f"folders without scenario.yaml: {strays}"


def _operation_kinds() -> set[str]:
    return {cls.__name__ for _, cls in inspect.getmembers(ops, inspect.isclass)
            if issubclass(cls, Op) and cls is not Op}


def test_every_step_kind_has_a_scenario():
    covered = {kind for folder in FOLDERS for kind in load_scenario(folder).expect_steps}
    missing = sorted(_operation_kinds() - covered - set(NOT_COVERED_YET))
    assert not missing, f"step kinds without a folder in tests/convergence/: {missing}"
    assert not set(NOT_COVERED_YET) & covered, "a kind listed in NOT_COVERED_YET has a folder now"


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_plan_and_golden_files(folder: Path):
    c = compile_folder(folder)
    s, plan = c.scenario, c.step.plan
    assert [op.kind for op in plan.steps] == list(s.expect_steps)
    assert set(plan.hazards) == set(s.expect_hazards)
    assert plan.reversible == (Hazard.IRREVERSIBLE not in s.expect_hazards)
    for op in plan.steps:  # the reverse of the reverse is the same step (a drop's reverse may say data was lost)
        back = op.reverse().reverse()
        assert (type(back), back.key, back.hazards) == (type(op), op.key, op.hazards), op
    destructive = api.destructive_steps(plan, c.before.catalog, c.after.catalog)
    assert bool(destructive) == (Hazard.DESTRUCTIVE in s.expect_hazards)
    assert s.allow_destructive == bool(destructive), \
        "allow_destructive: true exactly when the plan has destructive steps (generate refuses them otherwise)"

    state = from_json(to_json(c.after.catalog))  # what generate writes to state.json, read back
    assert api.plan(state, c.after.catalog).empty
    assert api.plan(c.before.catalog, c.before.catalog).empty
    assert not api.plan(c.after.catalog, c.before.catalog).empty  # and back again

    for name in ("up", "down"):
        text = getattr(c.step, name)
        assert oracle.statement_errors(text) == [], f"{name}.sql does not parse"
    assert _in_order(c.step.up, s.up_contains) is None, f"up.sql lacks {_in_order(c.step.up, s.up_contains)!r}"
    assert _in_order(c.step.down, s.down_contains) is None, \
        f"down.sql lacks {_in_order(c.step.down, s.down_contains)!r}"
    assert compile_folder(folder).step == c.step, "two compilations of one scenario differ"

    if UPDATE:
        for name in ("up", "down"):
            (folder / f"{name}.sql").write_text(getattr(c.step, name), encoding="utf-8", newline="\n")
        return
    for name in ("up", "down"):
        assert getattr(c.step, name) == _golden(folder, name), (
            f"tests/convergence/{folder.name}/{name}.sql differs from what schemac writes now; if the change is "
            "intended, run SCHEMAC_UPDATE_GOLDEN=1 pytest tests/test_convergence.py and review the diff")


# ---------------------------------------------------------------- on PostgreSQL

def _text_rows(cur: psycopg.Cursor, encoding: str) -> tuple[tuple[str | None, ...], ...]:
    """The rows of the current result as PostgreSQL wrote them, booleans as true/false."""
    result = cur.pgresult
    if result is None or cur.description is None:
        return ()
    rows = []
    for r in range(result.ntuples):
        row = []
        for c in range(result.nfields):
            raw = result.get_value(r, c)
            value = None if raw is None else bytes(raw).decode(encoding)
            if result.ftype(c) == BOOL_OID and value in ("t", "f"):
                value = "true" if value == "t" else "false"
            row.append(value)
        rows.append(tuple(row))
    return tuple(rows)


def _run_checks(conn, checks: tuple[Check, ...], when: str, online: bool = False) -> None:
    for check in checks:
        for statement in check.setup:
            run_script(conn, statement, f"{when} setup")
        with conn.cursor() as cur:
            cur.execute(check.query.encode("utf-8"), prepare=False)
            found = _text_rows(cur, conn.info.encoding)
        expected = check.expect_online if online and check.expect_online is not None else check.expect
        assert found == expected, f"{when}: {check.query}"


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_converges_on_postgresql(conn, folder: Path):
    s = load_scenario(folder)
    if s.min_server_version and server_version(conn) < s.min_server_version * 10000:
        pytest.skip(f"needs PostgreSQL {s.min_server_version}")
    c = compile_folder(folder)
    up, down = _golden(folder, "up"), _golden(folder, "down")
    assert (c.step.up, c.step.down) == (up, down), "golden files are stale: see test_plan_and_golden_files"

    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    assert verify(conn, c.first) == []
    for statement in s.rows:
        run_script(conn, statement, "rows")

    stand_ins(conn, c.after, besides=c.before)  # those `before` lacked
    run_script(conn, up, f"{folder.name}/up.sql")
    assert verify(conn, c.step) == [], "after up.sql, the database is not `after`"
    assert_reads_back(conn, c.step.plan.state_after)  # `schemac inspect` reads the migrated database as its state
    assert api.plan(from_json(to_json(c.after.catalog)), c.after.catalog).empty
    _run_checks(conn, s.check, "check")

    run_script(conn, down, f"{folder.name}/down.sql")
    assert verify(conn, c.first) == [], "after down.sql, the database is not `before`"
    _run_checks(conn, s.check_down, "check_down")


@pytest.mark.parametrize("folder", FOLDERS, ids=IDS)
def test_converges_online(conn, folder: Path):
    """The scenario in online mode (docs/online.md): up.sql with its steps
    after COMMIT, verify, the checks, down.sql, verify. A scenario whose
    online plan has the same steps as its transactional one is the run
    above."""
    s = load_scenario(folder)
    if s.min_server_version and server_version(conn) < s.min_server_version * 10000:
        pytest.skip(f"needs PostgreSQL {s.min_server_version}")
    c = compile_folder(folder, "online")
    if c.step.plan.steps == compile_folder(folder).step.plan.steps:
        pytest.skip("online mode plans the same steps: test_converges_on_postgresql runs them")
    assert c.step.plan.mode == "online" and "Online mode" in c.step.up

    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in s.rows:
        run_script(conn, statement, "rows")
    stand_ins(conn, c.after, besides=c.before)
    run_script(conn, c.step.up, f"{folder.name}/up.sql (online)")
    assert verify(conn, c.step) == [], "after up.sql in online mode, the database is not `after`"
    assert_reads_back(conn, c.step.plan.state_after)
    _run_checks(conn, s.check, "check", online=True)

    run_script(conn, c.step.down, f"{folder.name}/down.sql (online)")
    assert verify(conn, c.first) == [], "after down.sql in online mode, the database is not `before`"
    _run_checks(conn, s.check_down, "check_down", online=True)
