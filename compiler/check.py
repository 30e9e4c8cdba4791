"""`schemac check`: the CI gate over generated/.

It reads only, and reports every problem it finds, each with a file, line and
column and a hint:

- schemac.sum: a file of generated/ whose sha256 differs from the recorded
  one (edited after generation), a listed file that is missing, a file that
  is not listed, a malformed line;
- the migration folders: names that are not `NNNN_slug`, numbers that do not
  run 1, 2, 3, ..., a missing file or snapshot (`state.json`);
- regeneration identity: every migration is rendered again from the snapshot
  before it (an empty database for the first) and its own snapshot with the
  evolution hints its plan.json records, with the project's current settings, through the same code path as `generate`
  (`generated.migration_files`); each of its files must be byte-identical;
- generated/state.json must equal the newest migration's snapshot;
- the specs must hold no change that no migration holds (planned against
  generated/state.json, each change located at its spec line when the object
  is still in the specs);
- every destructive step of a committed migration must be accepted by the
  specs (`accept_destructive:`), where review sees it: one accepted only by
  `--allow-destructive` (plan.json's `destructive` list says which) fails;
- with `migrations: {max_lock: ...}`, every step of a committed migration or
  of the pending changes whose lock is above it must be accepted by the
  specs (`accept_locks:`, compiler/lock_review.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from compiler import api
from compiler.catalog.hints import with_hints
from compiler.catalog.objects import Catalog, Source
from compiler.gc_pause import with_collector_paused
from compiler.generated import (
    ACKNOWLEDGED_BY_FLAG,
    ACKNOWLEDGED_BY_SPEC,
    BASE_FILE,
    GENERATOR,
    MIGRATION_FILES,
    STATE_FILE,
    SUM_FILE,
    StateFileError,
    destructive_record,
    file_digest,
    generated_files,
    is_migration_name,
    migration_dirs,
    migration_files,
    migration_number,
    read_state,
    read_sums,
)
from compiler.lock_review import reviewed_steps
from compiler.spec.load import display_path
from compiler.spec.project import SUPPORTED_VERSIONS

REGENERATE = (" (the newest migration: remove its folder, copy the previous migration's state.json to "
              "generated/state.json, run `schemac generate --name <slug>`)")
SPEC_CHANGES_SHOWN = 10  # pending spec changes reported one by one; the rest in one line


@dataclass(frozen=True)
class Problem:
    file: str  # as shown: relative to the working directory when inside it
    line: int
    column: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class CheckReport:
    migrations: int
    problems: tuple[Problem, ...]
    # migrations another schemac version wrote: checked by checksum and acceptance, not regenerated
    other_generator: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@with_collector_paused
def check(compiled: api.Compiled) -> CheckReport:
    """Check the project's generated/ folder against its specs and itself."""
    return _Checker(compiled).run()


class _Checker:
    def __init__(self, compiled: api.Compiled) -> None:
        self.compiled = compiled
        self.generated = compiled.project.generated_dir
        self.problems: list[Problem] = []
        self.other_generator: list[str] = []

    def report(self, path: Path | str, message: str, hint: str = "", line: int = 1, column: int = 1) -> None:
        shown = path if isinstance(path, str) else display_path(path)
        self.problems.append(Problem(shown, line, column, message, hint))

    def run(self) -> CheckReport:
        migrations = migration_dirs(self.generated)
        self.check_folders(migrations)
        self.check_sums(bool(migrations))
        newest = self.check_migrations(migrations)
        base = self.check_state(migrations, newest)
        self.check_specs(base)
        return CheckReport(len(migrations), tuple(self.problems), tuple(self.other_generator))

    # --- folders and numbering ------------------------------------------------------------

    def check_folders(self, migrations: list[Path]) -> None:
        root = self.generated / "migrations"
        if root.exists() and not root.is_dir():
            self.report(root, f"{display_path(root)} is a file, not the folder of the migrations",
                        "move the file away, or restore generated/ from version control")
        if root.is_dir():
            for entry in sorted(root.iterdir()):
                if not (entry.is_dir() and is_migration_name(entry.name)):
                    self.report(entry, f"`{entry.name}` is not a migration folder (NNNN_slug, e.g. 0002_add_notes)",
                                "generated/migrations/ holds only what `schemac generate` writes; remove it")
        for expected, directory in enumerate(migrations, start=1):
            if migration_number(directory) != expected:
                self.report(directory, f"migration {directory.name} should be numbered {expected:04d}: "
                                       "migrations are numbered 0001, 0002, ... without gaps or repeats",
                            "restore generated/migrations/ from version control")
                break

    # --- schemac.sum ----------------------------------------------------------------------

    def check_sums(self, has_migrations: bool) -> None:
        present = generated_files(self.generated)
        sum_path = self.generated / SUM_FILE
        if not sum_path.is_file():
            if has_migrations or present:
                self.report(sum_path, f"{SUM_FILE} is missing: the files of generated/ cannot be checked",
                            "it is written by `schemac generate`; restore it from version control, or regenerate "
                            "generated/ from scratch when it predates schemac.sum")
            return
        sums, malformed = read_sums(self.generated)
        for number, text in malformed:
            self.report(sum_path, f"malformed or repeated line in {SUM_FILE}: {text!r}",
                        "each line is `<sha256>  <path>`, one per file, as `schemac generate` writes it",
                        line=number)
        for name in present:
            path = self.generated / name
            if name not in sums:
                self.report(path, f"{display_path(path)} is not listed in {SUM_FILE}: it was not written by "
                                  "`schemac generate`", "remove it, or restore generated/ from version control")
            elif file_digest(path) != sums[name][0]:
                self.report(path, f"{display_path(path)} was edited after generation: its sha256 differs from "
                                  f"the one in {SUM_FILE}",
                            "generated files are not edited by hand: restore it from version control and change "
                            "the specs instead")
        for name, (_, number) in sums.items():
            if name not in present:
                self.report(sum_path, f"{name} is listed in {SUM_FILE} but missing from generated/",
                            "restore it from version control", line=number)

    # --- regeneration identity and destructive steps --------------------------------------

    def check_migrations(self, migrations: list[Path]) -> Catalog | None:
        """Regenerate every migration from the snapshots around it. Returns
        the newest snapshot (EMPTY without migrations; None when unreadable)."""
        previous: Catalog | None = api.EMPTY
        for directory in migrations:
            if (directory / BASE_FILE).is_file():  # planned from a live database: it starts from that catalog
                previous = self.snapshot(directory, BASE_FILE)
            target = self.snapshot(directory)
            if previous is not None and target is not None:
                self.regenerate(directory, previous, target)
            previous = target
        return previous

    def snapshot(self, directory: Path, name: str = STATE_FILE) -> Catalog | None:
        path = directory / name
        if not path.is_file():
            self.report(directory, f"migration {directory.name} has no {STATE_FILE} (the catalog after it): "
                                   "it cannot be regenerated, nor the migration after it",
                        "restore it from version control, or regenerate generated/ from scratch when it "
                        "predates per-migration snapshots")
            return None
        try:
            return read_state(path)
        except StateFileError as exc:
            self.report(path, str(exc), "restore it from version control")
            return None

    def regenerate(self, directory: Path, previous: Catalog, target: Catalog) -> None:
        """The migration's files are what this schemac writes from the
        snapshots around it. A migration written by another version of
        schemac (plan.json's `generator`) is not regenerated: an upgrade may
        change how SQL is written, and history stays as it was applied. Its
        checksums still hold it, and its destructive steps must still have
        been accepted in the specs."""
        committed = {name: _read(directory / name) for name in MIGRATION_FILES}
        fresh, plan, records = regenerated_files(self.compiled, directory, previous, target, committed["plan.json"])
        generator = _plan_data(committed["plan.json"]).get("generator")
        if isinstance(generator, str) and generator != GENERATOR:
            self.other_generator.append(directory.name)
            self.check_acceptance(directory, plan, previous, _recorded_entries(committed["plan.json"]),
                                  committed["plan.json"] or "")
            self.check_locks(plan, previous, directory / "plan.json", f"of migration {directory.name}")
            return
        for name in MIGRATION_FILES:
            path = directory / name
            if committed[name] is None:
                if name != STATE_FILE:  # a missing snapshot is reported by `snapshot`
                    self.report(directory, f"migration {directory.name} has no {name}",
                                "restore it from version control")
                continue
            if committed[name] != fresh[name]:
                line = _first_difference(committed[name], fresh[name])
                self.report(path, f"{display_path(path)} is not what schemac generates for {directory.name} "
                                  f"from the snapshots before and after it (first difference at line {line})",
                            "generated files are not edited by hand: restore it from version control; the "
                            "migrations settings of schemac.yaml must stay as they were when it was generated",
                            line=line)
        self.check_acceptance(directory, plan, previous, records, committed["plan.json"] or "")
        self.check_locks(plan, previous, directory / "plan.json", f"of migration {directory.name}")

    def check_locks(self, plan, previous: Catalog, fallback: Path, which: str) -> None:
        """Each step above `migrations.max_lock`, or blocking writes through a
        scan or a rewrite in online mode, that no `accept_locks:` entry
        accepts, at the spec line of what it changes (compiler/lock_review.py)."""
        max_lock = self.compiled.project.settings.migrations.max_lock
        for step in reviewed_steps(plan, previous, self.compiled.catalog, max_lock):
            if step.acknowledged:
                continue
            message = step.message.replace(f"step {step.number} ", f"step {step.number} {which}: ", 1)
            if step.source is not None:
                self.report(step.source.file, message, step.hint, step.source.line, step.source.column)
            else:
                self.report(fallback, message + "; the object no longer appears in the specs", step.hint)

    def check_acceptance(self, directory: Path, plan, previous: Catalog, records: tuple[dict, ...],
                         plan_text: str) -> None:
        # the same steps seen from the current specs: where they are written, whether they accept them now
        # (a step merging several changes, the type changes of a table, has an entry per destructive part)
        steps = api.destructive_steps(plan, previous, self.compiled.catalog)
        # a record whose step and key match no destructive step now (plan.json edited, with its checksum)
        # is reported at its line of plan.json, not at the spec line of another step or part
        located = {(s.number, s.op.key): s for s in steps}
        for record in records:
            how = record["acknowledged_by"]
            if how == ACKNOWLEDGED_BY_SPEC:
                continue
            key = record["key"]
            what = (f"step {record['step']} {record['kind']} `{key}` of migration {directory.name} is destructive "
                    + ("and was accepted only by --allow-destructive" if how == ACKNOWLEDGED_BY_FLAG
                       else "and plan.json does not record that the specs accept it")
                    + ": CI requires the intent to be written in the specs, where review sees it")
            now = located.get((record["step"], key))
            if now is not None and now.acknowledged:
                hint = f"the specs accept `{key}` now: regenerate {directory.name} so that plan.json records it"
            else:
                hint = (f"add `{key}` to the `accept_destructive:` list of its domain, then regenerate "
                        f"{directory.name} without --allow-destructive")
            hint += REGENERATE
            where = (now.acknowledgement if now is not None and now.acknowledged else None) or _spec_location(now)
            if where is not None:
                self.report(where.file, what, hint, where.line, where.column)
            else:
                path = directory / "plan.json"
                self.report(path, what, hint, _line_of_record(plan_text, key))

    # --- generated/state.json and the specs -----------------------------------------------

    def check_state(self, migrations: list[Path], newest: Catalog | None) -> Catalog | None:
        """generated/state.json equals the newest snapshot. Returns the state
        the specs are compared with."""
        path = self.generated / STATE_FILE
        if not migrations:
            if path.exists():
                self.report(path, f"{display_path(path)} exists but there is no migration",
                            "remove it, or restore generated/ from version control")
            return api.EMPTY
        latest = migrations[-1]
        if path.is_dir():
            self.report(path, f"{display_path(path)} is a folder, not the state file",
                        f"remove it; it equals {latest.name}/{STATE_FILE}")
            return newest
        if not path.is_file():
            self.report(path, f"{display_path(path)} is missing (it is the catalog after {latest.name})",
                        f"restore it from version control; it equals {latest.name}/{STATE_FILE}")
            return newest
        text = _read(path)
        snapshot = _read(latest / STATE_FILE)
        if text is not None and snapshot is not None and text != snapshot:
            line = _first_difference(text, snapshot)
            self.report(path, f"{display_path(path)} differs from the snapshot of the newest migration, "
                              f"{latest.name}/{STATE_FILE} (first difference at line {line})",
                        "restore it from version control; it is written by `schemac generate` only", line)
        try:
            return read_state(path)
        except StateFileError as exc:
            self.report(path, str(exc), "restore it from version control")
            return newest

    def check_specs(self, base: Catalog | None) -> None:
        if base is None:
            return  # no state to compare with; the reason is reported already
        settings = self.compiled.project.settings.migrations
        plan = api.plan(base, self.compiled.catalog, settings.mode, settings.type_changes,
                        self.compiled.project.settings.postgres.min_version)
        if plan.empty:
            return
        if migration_dirs(self.generated):
            fallback = self.generated / STATE_FILE
            against = display_path(fallback)
            hint = "run `schemac generate --name <slug>` and commit generated/"
        else:
            fallback, against = self.compiled.project.specs_dir, "an empty database"
            hint = "run `schemac generate` and commit generated/"
        steps = api.numbered_steps(plan)
        total = len(steps)
        after, before = self.compiled.catalog.by_key(), base.by_key()
        for number, op in steps[:SPEC_CHANGES_SHOWN]:
            message = (f"the specs changed but no migration holds it: step {number} of {total}, {op.kind} "
                       f"`{op.key}` (planned against {against})")
            where = _changed_at(op, before, after)
            if where is not None:
                self.report(where.file, message, hint, where.line, where.column)
            else:
                self.report(fallback, message + "; the object no longer appears in the specs", hint)
        if total > SPEC_CHANGES_SHOWN:
            self.report(fallback, f"and {total - SPEC_CHANGES_SHOWN} more change(s) of the specs that no migration "
                                  "holds (`schemac plan` lists them all)", hint)
        self.check_locks(plan, base, fallback, "of the pending changes")


# --- helpers ---------------------------------------------------------------------------------

def regenerated_files(compiled: api.Compiled, directory: Path, previous: Catalog, target: Catalog,
                      plan_text: str | None) -> tuple[dict[str, str], object, tuple[dict, ...]]:
    """What schemac writes for migration folder `directory` from the snapshot
    before it (`previous`) and its own (`target`), with the evolution hints
    and acceptance records of its committed plan.json (`plan_text`): (files,
    plan, acceptance records)."""
    target = with_hints(target, _recorded_hints(plan_text))
    plan = api.plan(previous, target, _recorded_mode(plan_text), _recorded_type_changes(plan_text),
                    _recorded_min_version(plan_text))
    records = _recorded_acceptance(plan_text, api.destructive_steps(plan, previous, target))
    return migration_files(directory.name, compiled, previous, target, plan, records), plan, records


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _first_difference(a: str, b: str) -> int:
    """The 1-based line at which two texts first differ."""
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    for number, (x, y) in enumerate(zip(lines_a, lines_b), start=1):
        if x != y:
            return number
    return min(len(lines_a), len(lines_b)) + 1


def _plan_data(plan_text: str | None) -> dict:
    try:
        data = json.loads(plan_text) if plan_text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _recorded_entries(plan_text: str | None) -> tuple[dict, ...]:
    """plan.json's `destructive` entries as written (those with a step, kind
    and key), for a migration that is not regenerated."""
    entries = _plan_data(plan_text).get("destructive")
    return tuple(e for e in (entries if isinstance(entries, list) else [])
                 if isinstance(e, dict) and {"step", "kind", "key", "acknowledged_by"} <= set(e))


def _recorded_hints(plan_text: str | None) -> dict:
    """The evolution hints (`renamed_from`, `using`, ...) plan.json records
    for the migration's target: snapshots leave them out, like state.json."""
    hints = _plan_data(plan_text).get("hints")
    return hints if isinstance(hints, dict) else {}


def _recorded_type_changes(plan_text: str | None) -> str:
    """How an online migration was told to make its type changes: plan.json's
    `type_changes` (written for `rewrite` only), expand_contract when absent."""
    return "rewrite" if _plan_data(plan_text).get("type_changes") == "rewrite" else "expand_contract"


def _recorded_min_version(plan_text: str | None) -> int:
    """The `postgres.min_version` a migration's steps were chosen for:
    plan.json's `postgres_min_version` (written when a step's form depends on
    it), the oldest supported when absent. A committed migration keeps its
    forms when schemac.yaml's changes later."""
    recorded = _plan_data(plan_text).get("postgres_min_version")
    return recorded if isinstance(recorded, int) and recorded in SUPPORTED_VERSIONS else SUPPORTED_VERSIONS[0]


def _recorded_mode(plan_text: str | None) -> str:
    """The mode a migration was generated in: plan.json's `mode` (written for
    online mode only), transactional when absent. A committed migration keeps
    its mode when schemac.yaml's changes later."""
    return "online" if _plan_data(plan_text).get("mode") == "online" else "transactional"


def _recorded_acceptance(plan_text: str | None, steps: tuple[api.DestructiveStep, ...]) -> tuple[dict, ...]:
    """plan.json's `destructive` entries for the regenerated destructive steps.

    How a step was accepted is a fact of its generation, not a function of the
    catalogs, so it is taken from the committed plan.json, entry by entry
    (matched on step, kind and key, and well-formed); a step without one
    counts as accepted by nothing, and plan.json then differs."""
    recorded = {}
    entries = _plan_data(plan_text).get("destructive")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            recorded[(entry.get("step"), entry.get("kind"), entry.get("key"))] = entry
    records = []
    for step in steps:
        entry = recorded.get((step.number, step.op.kind, step.op.key), {})
        how = entry.get("acknowledged_by")
        how = how if how in (ACKNOWLEDGED_BY_SPEC, ACKNOWLEDGED_BY_FLAG) else None
        spec = entry.get("spec")
        if not (isinstance(spec, dict) and set(spec) == {"file", "line", "column"}
                and isinstance(spec["file"], str) and type(spec["line"]) is int and type(spec["column"]) is int):
            spec = None
        records.append(destructive_record(step, how, spec))
    return tuple(records)


def _spec_location(step: api.DestructiveStep | None) -> Source | None:
    """Where the current specs write the object of a destructive step, or the
    table that held it."""
    if step is None:
        return None
    return step.source or step.context


def _line_of_record(plan_text: str, key: str) -> int:
    """The line of plan.json's `destructive` entry for `key` (1 when absent)."""
    lines = plan_text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith('"destructive": [')), None)
    if start is None:
        return 1
    needle = f'"key": {json.dumps(key)}'
    return next((i + 1 for i in range(start, len(lines)) if lines[i].strip().rstrip(",") == needle), start + 1)


def spec_location(op, before: dict, after: dict) -> Source | None:
    """Where the specs write what `op` changes (see `_changed_at`)."""
    return _changed_at(op, before, after)


def _changed_at(op, before: dict, after: dict) -> Source | None:
    """The spec line of what `op` changes: the object itself when it is in the
    specs (a column inside its table), else the table that holds it."""
    key = op.key[:-len(":drop")] if op.key.endswith(":drop") else op.key
    obj = after.get(key)
    if getattr(obj, "source", None) is not None:
        return obj.source
    schema, table = getattr(op, "schema", None), getattr(op, "table", None)
    table_key = f"table:{schema}.{table}" if isinstance(schema, str) and isinstance(table, str) else None
    table_key = table_key or getattr(before.get(key), "table_key", None)
    owner = after.get(table_key) if table_key else None
    if owner is None:
        return None
    inner = None
    if hasattr(owner, "column"):
        column, after = getattr(op, "column", None), getattr(op, "after", None)  # a name, or a Column
        name = column if isinstance(column, str) else getattr(column, "name", None) or getattr(after, "name", None)
        inner = owner.column(name) if name is not None else None
    return getattr(inner, "source", None) or getattr(owner, "source", None)
