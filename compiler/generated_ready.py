"""Whether generated/ may take the next migration: `generate` refuses to
write on top of a folder that an interrupted `generate`, a hand edit or a
lost file left inconsistent, and names the repair.

What `schemac check` reads from generated/ alone, without regenerating
anything (that is its job, and slow): the folder's shape (generated/migrations
a folder of `NNNN_slug` folders numbered 1, 2, 3, ..., each complete, nothing
else in it, no temporary files), schemac.sum (every file listed with its
sha256) and generated/state.json (present, a file, equal to the newest
snapshot). Two states a normal workflow passes through are accepted: the
newest migration folder removed whole to be generated again (its lines of
schemac.sum then name missing files), with generated/state.json copied from
the snapshot before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compiler.generated import (
    MIGRATION_FILES,
    STATE_FILE,
    SUM_FILE,
    file_digest,
    is_migration_name,
    migration_dirs,
    migration_number,
    read_sums,
)
from compiler.spec.load import display_path

TEMPORARY = ".tmp"  # how the temporary files and folders of a write end (see generated.write_file)


@dataclass(frozen=True)
class NotReady:
    """A reason generated/ cannot take the next migration, and its repair."""

    file: str
    message: str
    repair: str


class GeneratedNotReady(Exception):
    """generated/ is inconsistent: nothing was written."""

    def __init__(self, problems: list[NotReady]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.file}: {p.message} ({p.repair})" for p in problems))


def problems_before_generate(generated: Path) -> list[NotReady]:
    """Every reason generated/ cannot take the next migration (none: it can)."""
    problems: list[NotReady] = []

    def report(path: Path, message: str, repair: str) -> None:
        problems.append(NotReady(display_path(path), message, repair))

    if generated.exists() and not generated.is_dir():
        report(generated, f"{display_path(generated)} is a file; schemac writes migrations into a folder there",
               "move the file away, or set `generated:` in schemac.yaml to another folder")
        return problems
    root = generated / "migrations"
    if root.exists() and not root.is_dir():
        report(root, f"{display_path(root)} is a file, not the folder of the migrations",
               "move the file away, or restore generated/ from version control")
        return problems
    strays = sorted(generated.rglob(f"*{TEMPORARY}")) if generated.is_dir() else []
    for stray in (p for p in strays if not any(part.endswith(TEMPORARY) for part in p.relative_to(generated).parts[:-1])):
        report(stray, f"{display_path(stray)} was left by an interrupted `schemac generate`",
               f"remove it (`rm -r {display_path(stray)}`); generate then writes it again")
    migrations = migration_dirs(generated)
    if root.is_dir():
        for entry in sorted(root.iterdir()):
            if not entry.name.endswith(TEMPORARY) and not (entry.is_dir() and is_migration_name(entry.name)):
                report(entry, f"`{entry.name}` is not a migration folder (NNNN_slug)",
                       "generated/migrations/ holds only what `schemac generate` writes: remove it")
    for expected, directory in enumerate(migrations, start=1):
        if migration_number(directory) != expected:
            report(directory, f"migration {directory.name} should be numbered {expected:04d}",
                   "restore generated/migrations/ from version control")
            return problems
    for directory in migrations:
        missing = [name for name in MIGRATION_FILES if not (directory / name).is_file()]
        if missing:
            report(directory, f"migration {directory.name} is incomplete (no {', '.join(missing)})",
                   "restore it from version control")
    if problems:
        return problems
    unrecorded = _check_sums(generated, migrations, report)
    _check_state(generated, migrations, unrecorded, report)
    return problems


def _check_sums(generated: Path, migrations: list[Path], report) -> Path | None:
    """schemac.sum lists every file with its sha256. Returns the newest
    migration folder when none of its files is listed (a `generate`
    interrupted after writing it), which is reported with its repair."""
    sum_path = generated / SUM_FILE
    if not migrations:
        return None
    if sum_path.is_file():
        sums, malformed = read_sums(generated)
    elif len(migrations) == 1:  # the first migration, written by a generate interrupted before schemac.sum
        sums, malformed = {}, []
    else:
        report(sum_path, f"{SUM_FILE} is missing: the files of generated/ cannot be trusted",
               "restore it from version control")
        return None
    for number, _ in malformed:
        report(sum_path, f"line {number} of {SUM_FILE} is malformed or repeated", "restore it from version control")
    newest = migrations[-1]
    prefix = f"migrations/{newest.name}/"
    unrecorded = newest if not any(name.startswith(prefix) for name in sums) else None
    if unrecorded is not None:
        before = migrations[-2] if len(migrations) > 1 else None
        restore = (f"copy {display_path(before / STATE_FILE)} to {display_path(generated / STATE_FILE)}"
                   if before is not None else f"remove {display_path(generated / STATE_FILE)}")
        report(unrecorded, f"migration {newest.name} is not recorded in {SUM_FILE}: a `schemac generate` was "
                           "interrupted after writing it",
               f"remove the folder {display_path(unrecorded)}, {restore}, then run `schemac generate` again"
               + ("" if sum_path.is_file() else
                  f" (but if the folder is in version control, restore {SUM_FILE} from there instead)"))
    for path in sorted(p for p in generated.rglob("*") if p.is_file()):
        name = path.relative_to(generated).as_posix()
        if name in (SUM_FILE, STATE_FILE) or name.endswith(TEMPORARY) or _is_lock(name) \
                or (unrecorded is not None and name.startswith(prefix)):
            continue  # generated/state.json is compared with the newest snapshot instead
        if name not in sums:
            report(path, f"{display_path(path)} is not listed in {SUM_FILE}: `schemac generate` did not write it",
                   "remove it, or restore generated/ from version control")
        elif file_digest(path) != sums[name][0]:
            report(path, f"{display_path(path)} was edited after generation (its sha256 differs from {SUM_FILE})",
                   "restore it from version control, and change the specs instead")
    for name in sums:
        parts = name.split("/")
        removed_whole = len(parts) == 3 and parts[0] == "migrations" and not (generated / "migrations" / parts[1]).exists()
        if name != STATE_FILE and not removed_whole and not (generated / name).is_file():
            report(generated / name, f"{name} is listed in {SUM_FILE} but missing", "restore it from version control")
    return unrecorded


def _check_state(generated: Path, migrations: list[Path], unrecorded: Path | None, report) -> None:
    """generated/state.json equals the newest recorded snapshot."""
    path = generated / STATE_FILE
    recorded = [m for m in migrations if m != unrecorded]
    if not recorded:
        if path.exists() and unrecorded is None:
            report(path, f"{display_path(path)} exists but there is no migration",
                   "remove it, or restore generated/ from version control")
        return
    newest = recorded[-1] / STATE_FILE
    if path.is_dir():
        report(path, f"{display_path(path)} is a folder, not the state file",
               f"remove it and copy {display_path(newest)} to {display_path(path)}")
    elif not path.exists():
        report(path, f"{display_path(path)} is missing (it is the catalog after {recorded[-1].name}); without it "
                     "the next migration would create every object again",
               f"copy {display_path(newest)} to {display_path(path)}, or restore it from version control")
    elif unrecorded is None and path.read_bytes() != newest.read_bytes():
        report(path, f"{display_path(path)} differs from the snapshot of the newest migration, {recorded[-1].name}",
               f"restore it from version control, or copy {display_path(newest)} to {display_path(path)}")


def _is_lock(name: str) -> bool:
    from compiler.generated_lock import LOCK_FILE
    return name == LOCK_FILE
