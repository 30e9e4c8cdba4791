"""The generated/ folder: numbered migrations and the state after the newest.

    generated/state.json                    catalog after the newest migration
    generated/schemac.sum                   sha256 of every other file of generated/
    generated/migrations/0001_<name>/       up.sql, down.sql, verify.sql, plan.json,
                                            state.json (the catalog after this migration)

Each migration folder is a function of the snapshot before it (the previous
folder's state.json, or an empty database), its own snapshot with the
evolution hints its plan.json records, and the project's settings:
`migration_files` renders it, for `generate` and for `schemac check`
(compiler/check.py), which regenerates every committed migration and compares.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from compiler import __version__, api
from compiler.catalog.hints import hints_of
from compiler.catalog.objects import Catalog
from compiler.catalog.state import from_json, to_json
from compiler.errors import UsageError
from compiler.gc_pause import with_collector_paused
from compiler.generated_layout import is_migration_name, migration_dirs, migration_number  # noqa: F401 - re-exported
from compiler.generated_lock import LOCK_FILE
from compiler.lock_review import reviewed_steps, steps_above, steps_blocking_writes
from compiler.spec.load import display_path

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
MAX_SLUG = 100  # characters of a migration's name: its folder's name stays far below the 255 bytes file systems allow

STATE_FILE = "state.json"
SUM_FILE = "schemac.sum"
MIGRATION_FILES = ("up.sql", "down.sql", "verify.sql", "plan.json", STATE_FILE)  # the files of a migration folder
# a migration planned from a live database (`generate --database-url`) keeps the catalog it started from
BASE_FILE = "base.json"
ACKNOWLEDGED_BY_SPEC, ACKNOWLEDGED_BY_FLAG = "spec", "--allow-destructive"
GENERATOR = f"schemac {__version__}"  # recorded in plan.json: which schemac wrote a migration


@dataclass(frozen=True)
class GenerateResult:
    directory: Path | None  # None: nothing changed
    files: tuple[Path, ...]
    plan: object
    previous: Catalog | None = None  # the catalog the migration starts from


class StateFileError(ValueError):
    """A state.json that cannot be read back into a catalog."""


def read_state(path: Path, like: Catalog | None = None) -> Catalog:
    """The catalog of a state.json (generated/state.json or a migration's
    snapshot); `like`, the catalog it will be compared with, makes reading it
    faster (see `from_json`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise StateFileError(f"{path} is a folder, not a schemac state file") from None
    except OSError as exc:
        raise StateFileError(f"{path} cannot be read ({exc.strerror or exc})") from None
    try:
        return from_json(text, like)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise StateFileError(f"{path} is not a schemac state file ({exc})") from None


def previous_state(generated: Path, like: Catalog | None = None) -> Catalog:
    state = generated / STATE_FILE
    root = generated / "migrations"
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is a file, not the folder of the migrations: move it away, or restore "
                         "generated/ from version control")
    existing = migration_dirs(generated)
    if not existing:
        return api.EMPTY
    if not state.exists():  # planning against an empty database would create every object again
        raise UsageError(f"{state} is missing (it is the catalog after {existing[-1].name}): copy "
                         f"{existing[-1] / STATE_FILE} to it, or restore it from version control")
    try:
        return read_state(state, like)
    except StateFileError as exc:
        raise UsageError(f"{exc}; restore it from version control") from None


def plan_json(files: api.MigrationFiles, destructive: tuple[dict, ...] = (), hints: dict | None = None) -> str:
    """plan.json: the schemac that wrote it, the plan's hashes, hazards and
    steps; `destructive`, how each destructive step was accepted (see
    `destructive_record`); and `hints`, the evolution hints of the target
    (see `hints_of`)."""
    plan = files.plan
    data = {
        "generator": GENERATOR,
        "source_hash": plan.source_hash,
        "target_hash": plan.target_hash,
        "reversible": plan.reversible,
        "hazards": [h.value for h in plan.hazards],
        "steps": [_step_json(plan, op) for op in plan.steps],
        "destructive": list(destructive),
        "hints": hints or {},
    }
    if plan.mode == "online":  # absent: transactional, as every migration was before online mode
        data["mode"] = plan.mode
    if plan.mode == "online" and plan.type_changes != "expand_contract":  # absent: the default
        data["type_changes"] = plan.type_changes
    if plan.min_version is not None:  # absent: no step's form depends on it
        data["postgres_min_version"] = plan.min_version
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _step_json(plan, op) -> dict:
    """A step of plan.json; in online mode with its lock and what it does to
    the rows (compiler/plan/locks.py): migrations of transactional mode are
    written as they were before locks were recorded."""
    step = {"kind": op.kind, "key": op.key, "hazards": [h.value for h in plan.hazards_of(op)]}
    if plan.mode == "online":
        step.update(plan.lock_of(op).as_dict())
    return step


def destructive_record(step: api.DestructiveStep, acknowledged_by: str | None, spec: dict | None) -> dict:
    """One entry of plan.json's `destructive` list: the step (numbered as in
    up.sql), how it was accepted (`spec`: the specs' `accept_destructive:`;
    `--allow-destructive`: the flag only; None: not at all) and, when the specs
    accept it, where ({file, line, column}, file relative to the project)."""
    return {"step": step.number, "kind": step.op.kind, "key": step.op.key, "acknowledged_by": acknowledged_by,
            "spec": spec}


def _acceptance_records(compiled: api.Compiled, steps: tuple[api.DestructiveStep, ...]) -> tuple[dict, ...]:
    """How `generate` accepts each destructive step: by the specs when they
    acknowledge it, otherwise by --allow-destructive (generate refuses the
    rest before calling this)."""
    records = []
    for step in steps:
        where = getattr(step, "acknowledgement", None) if step.acknowledged else None
        spec = None
        if where is not None:
            spec = {"file": _shown(Path(where.file), compiled.project.root), "line": where.line,
                    "column": where.column}
        records.append(destructive_record(step, ACKNOWLEDGED_BY_SPEC if step.acknowledged else ACKNOWLEDGED_BY_FLAG,
                                          spec))
    return tuple(records)


@with_collector_paused
def migration_files(title: str, compiled: api.Compiled, previous: Catalog, target: Catalog,
                    the_plan=None, destructive: tuple[dict, ...] = ()) -> dict[str, str]:
    """The files of migration folder `title` (name -> text), from the catalogs
    before and after it and the project's settings (schemac.yaml). The one
    code path of `generate` and of `check`'s regeneration."""
    files = api.migration(title, dataclasses.replace(compiled, catalog=target), previous, the_plan)
    return {"up.sql": files.up, "down.sql": files.down, "verify.sql": files.verify,
            "plan.json": plan_json(files, destructive, hints_of(target)),
            STATE_FILE: to_json(files.plan.state_after or api.state_after(previous, target, files.plan.steps))}


def _in_removed_migration(generated: Path, name: str) -> bool:
    parts = name.split("/")
    return (len(parts) == 3 and parts[0] == "migrations" and is_migration_name(parts[1])
            and not (generated / "migrations" / parts[1]).exists())


# --- schemac.sum: a sha256 per file of generated/ ---------------------------------------------

def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise UsageError(f"cannot read {display_path(path)}: {exc.strerror or exc}; make generated/ readable by the "
                         "user running schemac") from None


def generated_files(generated: Path) -> list[str]:
    """Every file under generated/ except schemac.sum, as POSIX paths relative
    to it, sorted."""
    if not generated.is_dir():
        return []
    return sorted(p.relative_to(generated).as_posix() for p in generated.rglob("*")
                  if p.is_file() and p.relative_to(generated).as_posix() not in (SUM_FILE, LOCK_FILE))


_SUM_LINE = re.compile(r"^([0-9a-f]{64})  (\S.*)$")


def read_sums(generated: Path) -> tuple[dict[str, tuple[str, int]], list[tuple[int, str]]]:
    """schemac.sum as {path: (sha256, line number)}, and its malformed lines
    as (line number, text)."""
    sums: dict[str, tuple[str, int]] = {}
    malformed: list[tuple[int, str]] = []
    path = generated / SUM_FILE
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = _SUM_LINE.match(line)
        if match is None or match.group(2) in sums:
            malformed.append((number, line))
        else:
            sums[match.group(2)] = (match.group(1), number)
    return sums, malformed


def sums_text(sums: dict[str, str]) -> str:
    """schemac.sum: `sha256  path` lines sorted by path, as sha256sum prints them."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))


def update_sums(generated: Path, written: list[Path], digests: dict[Path, str] | None = None) -> Path:
    """Record the checksums of the files just written. Entries of other files
    are kept as they were, so `generate` never blesses a file edited (or
    added, or removed) by hand since: `check` still reports it. Only the
    entries of a migration folder removed as a whole go (the newest
    migration, removed to be generated again). Without a schemac.sum yet,
    every file of generated/ is listed. `digests` holds those already known
    (of the files just written), which are then not read back."""
    digests = digests or {}
    path = generated / SUM_FILE
    if path.exists():
        old, _ = read_sums(generated)
        sums = {name: digest for name, (digest, _) in old.items() if not _in_removed_migration(generated, name)}
    else:
        sums = {name: file_digest(generated / name) for name in generated_files(generated)}
    for file in written:
        sums[file.relative_to(generated).as_posix()] = digests.get(file) or file_digest(file)
    write_file(path, sums_text(sums))
    return path


@dataclass(frozen=True)
class NextMigration:
    """What the next migration would be: its number, the state it starts from
    (the newest migration's, or an empty database) and its plan."""

    generated: Path
    number: int
    latest: Path | None  # the newest migration folder; None: no migration yet
    previous: Catalog
    plan: object


@with_collector_paused
def next_migration(compiled: api.Compiled, out: Path | None = None, base: Catalog | None = None) -> NextMigration:
    """Plan the next migration against generated/state.json (or `base`, a
    live database's catalog), reading only."""
    generated = out or compiled.project.generated_dir
    existing = migration_dirs(generated)
    previous = base if base is not None else previous_state(generated, compiled.catalog)
    number = migration_number(existing[-1]) + 1 if existing else 1
    return NextMigration(generated, number, existing[-1] if existing else None, previous,
                         api.plan(previous, compiled.catalog, compiled.project.settings.migrations.mode,
                                  compiled.project.settings.migrations.type_changes,
                                  compiled.project.settings.postgres.min_version))


class DestructiveStepsRefused(Exception):
    """`generate` met destructive steps that neither --allow-destructive nor the
    specs accept. Nothing was written."""

    def __init__(self, title: str, steps: tuple[api.DestructiveStep, ...]) -> None:
        self.title = title
        self.steps = steps
        super().__init__(f"refusing to generate {title}: {len(steps)} destructive step(s): "
                         + "; ".join(s.message for s in steps))


def unaccepted_destructive_steps(compiled: api.Compiled, nxt: NextMigration) -> tuple[api.DestructiveStep, ...]:
    return tuple(s for s in api.destructive_steps(nxt.plan, nxt.previous, compiled.catalog) if not s.acknowledged)


def plan_report(compiled: api.Compiled, nxt: NextMigration) -> dict:
    """What `schemac plan` shows (and prints as JSON with --json)."""
    plan = nxt.plan
    settings = compiled.project.settings.migrations
    against = None
    if nxt.latest is not None:
        against = {"migration": nxt.latest.name, "state": _shown(nxt.generated / "state.json",
                                                                   compiled.project.root)}
    return {
        "changes": not plan.empty,
        "migration": f"{nxt.number:04d}",
        "against": against,
        "source_hash": plan.source_hash,
        "target_hash": plan.target_hash,
        "mode": plan.mode,
        "type_changes": plan.type_changes,
        "settings": {"lock_timeout": settings.lock_timeout, "statement_timeout": settings.statement_timeout,
                     "functions_executable_by_public":
                         compiled.project.settings.privileges.functions_executable_by_public},
        "reversible": plan.reversible,
        "hazards": [h.value for h in plan.hazards],
        "steps": [{"number": n, "kind": op.kind, "key": op.key, "hazards": [h.value for h in plan.hazards_of(op)],
                   **plan.lock_of(op).as_dict()}
                  for n, op in api.numbered_steps(plan)],
        "destructive": [s.as_dict() for s in api.destructive_steps(plan, nxt.previous, compiled.catalog)],
        "max_lock": settings.max_lock.value if settings.max_lock else None,
        "above_max_lock": [s.as_dict() for s in steps_above(plan, nxt.previous, compiled.catalog, settings.max_lock)],
        "blocks_writes": [s.as_dict() for s in steps_blocking_writes(plan, nxt.previous, compiled.catalog,
                                                                     settings.max_lock)],
    }


@with_collector_paused
def write_migration(compiled: api.Compiled, name: str | None, out: Path | None = None, *,
                    allow_destructive: bool = False, say: Callable[[str], None] = lambda text: None,
                    base: Catalog | None = None) -> GenerateResult:
    """Write the next migration and the new state, holding the lock of
    generated/ (GeneratedLocked when another schemac holds it). Refused, with
    nothing written: an inconsistent generated/ (GeneratedNotReady, with the
    repairs), destructive steps that neither `allow_destructive` nor the
    specs accept (DestructiveStepsRefused). `say` hears what the user should
    know (a stale lock taken over, steps above `migrations.max_lock` that the
    specs do not accept: written, but `schemac check` fails on them)."""
    from compiler.generated_lock import generated_lock
    from compiler.generated_ready import GeneratedNotReady, problems_before_generate
    generated = out or compiled.project.generated_dir
    try:
        with generated_lock(generated, say):
            problems = problems_before_generate(generated)
            if problems:
                raise GeneratedNotReady(problems)
            result = _write_next(compiled, name, generated, allow_destructive, base)
    except OSError as exc:  # a folder not writable, a full disk: the machine's, not a bug of schemac
        where = exc.filename or generated
        raise UsageError(f"cannot read or write {where}: {exc.strerror or exc}; generated/ is left as it was or with a "
                         "partial write, which the next `schemac generate` reports with its repair") from None
    if result.directory is not None:
        _warn_locks(compiled, result, say)
    return result


def _warn_locks(compiled: api.Compiled, result: GenerateResult, say: Callable[[str], None]) -> None:
    """Warn about the steps above `migrations.max_lock`, or blocking writes
    through a scan or a rewrite in online mode, that the specs do not
    accept: `generate` writes them (they lose no data), `schemac check`
    fails on them until a domain's `accept_locks:` names them."""
    steps = [s for s in reviewed_steps(result.plan, result.previous, compiled.catalog,
                                       compiled.project.settings.migrations.max_lock) if not s.acknowledged]
    for what, chosen in (("above max_lock", [s for s in steps if s.above_max_lock and not s.blocks_writes]),
                         ("that block writes in online mode", [s for s in steps if s.blocks_writes])):
        if not chosen:
            continue
        say(f"warning: {result.directory.name} has {len(chosen)} step(s) {what}; `schemac check` fails on them "
            "until the specs accept them (`accept_locks:`):")
        for step in chosen:
            say(f"  {step.message}")
            if step.source is not None:
                say(f"      at: {step.source.file}:{step.source.line}:{step.source.column}"
                    + (f" ({step.source.path})" if step.source.path else ""))
            say(f"      hint: {step.hint}")


def _write_next(compiled: api.Compiled, name: str | None, out: Path, allow_destructive: bool,
                base: Catalog | None = None) -> GenerateResult:
    nxt = next_migration(compiled, out, base)
    generated, previous, the_plan, number = nxt.generated, nxt.previous, nxt.plan, nxt.number
    if the_plan.empty:
        return GenerateResult(None, (), the_plan)
    slug = name.replace("-", "_") if name else ("initial" if nxt.latest is None else None)  # add-notes: add_notes
    if slug is None:
        raise UsageError("the specs changed: name the next migration with schemac generate --name <slug>")
    if not _SLUG.match(slug):
        raise UsageError(f"migration name `{name}` must be lower-case letters, digits, underscores and hyphens, "
                         "starting with a letter or digit (e.g. add_notes)")
    if len(slug) > MAX_SLUG:
        raise UsageError(f"migration name `{name[:20]}...` is {len(slug)} characters long; at most {MAX_SLUG} "
                         "(it names the migration's folder, and file names have a length limit): shorten it")
    title = f"{number:04d}_{slug}"
    steps = api.destructive_steps(the_plan, previous, compiled.catalog)
    if not allow_destructive:
        refused = tuple(s for s in steps if not s.acknowledged)
        if refused:
            raise DestructiveStepsRefused(title, refused)
    files = migration_files(title, compiled, previous, compiled.catalog, the_plan,
                            _acceptance_records(compiled, steps))
    if base is not None:
        files[BASE_FILE] = to_json(base)
    directory = generated / "migrations" / title
    digests = _write_folder(directory, files)
    digests[generated / STATE_FILE] = write_file(generated / STATE_FILE, files[STATE_FILE])
    written = [*digests, update_sums(generated, list(digests), digests)]
    return GenerateResult(directory, tuple(written), the_plan, previous)


def _write_folder(directory: Path, files: dict[str, str]) -> dict[Path, str]:
    """Write a migration folder whole or not at all: into a temporary folder
    beside it, renamed into place once complete (a crash leaves the
    temporary folder, which `generate` then refuses to write past). Returns
    the sha256 of each file, by its final path."""
    temporary = directory.with_name(f".{directory.name}.tmp")
    temporary.mkdir(parents=True)
    digests = {directory / name: write_file(temporary / name, files[name], sync=True)
               for name in MIGRATION_FILES + (BASE_FILE,) if name in files}
    os.rename(temporary, directory)
    _sync_folder(directory.parent)
    return digests


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _shown(path: Path, root: Path) -> str:
    """A path relative to the project root, in POSIX form (stable for JSON)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def write_file(path: Path, text: str, *, sync: bool = True) -> str:
    """Write `text` (UTF-8, `\\n` line ends) through a temporary file
    replaced into place, so a reader (or a crash) never leaves half a file.
    Returns the sha256 of the bytes written."""
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(temporary, path)
    return hashlib.sha256(data).hexdigest()
