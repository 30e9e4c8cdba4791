"""The migrations of generated/ as a deployer sees them: number, name,
checksums of the three scripts, the states they lead between, which steps
cannot be undone, and each script cut into the part that runs in its
transaction and the steps that run one by one after its COMMIT."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from compiler.apply import refuse_meta_commands, statement_slices
from compiler.deploy.commit_cut import Undecided, find_commit
from compiler.errors import UsageError
from compiler.generated_layout import migration_dirs, migration_number
from compiler.render.sql import without_psql_header

SCRIPTS = ("up.sql", "down.sql", "verify.sql")


@dataclass(frozen=True)
class OutsideStep:
    """A step that cannot run inside a transaction (CREATE INDEX
    CONCURRENTLY): its `-- step N:` label and its SQL."""

    label: str
    sql: str


@dataclass(frozen=True)
class ScriptParts:
    """A migration script cut at its COMMIT: `transaction` is everything up
    to it (BEGIN and the steps; the caller records history, then commits),
    `outside` the steps after it, each run and recorded on its own."""

    transaction: str
    outside: tuple[OutsideStep, ...]


@dataclass(frozen=True)
class Migration:
    number: int
    name: str  # the folder's name: 0002_realco_core
    directory: Path

    def text(self, script: str) -> str:
        return (self.directory / script).read_text(encoding="utf-8")

    @cached_property
    def checksums(self) -> dict[str, str]:
        """sha256 of up.sql, down.sql and verify.sql, as bytes on disk."""
        return {script: hashlib.sha256((self.directory / script).read_bytes()).hexdigest() for script in SCRIPTS}

    @cached_property
    def plan(self) -> dict:
        return json.loads((self.directory / "plan.json").read_text(encoding="utf-8"))

    @property
    def source_state(self) -> str:
        return self.plan["source_hash"]

    @property
    def target_state(self) -> str:
        return self.plan["target_hash"]

    @property
    def irreversible_steps(self) -> list[str]:
        """`step N: Kind key` of each step whose down.sql cannot give back what it took."""
        return [f"step {i}: {s['kind']} {s['key']}" for i, s in enumerate(self.plan["steps"], 1)
                if "irreversible" in s.get("hazards", ())]

    def parts(self, script: str) -> ScriptParts:
        if script not in self._parts:
            self._parts[script] = split_script(self.text(script), f"{self.name}/{script}")
        return self._parts[script]

    @cached_property
    def _parts(self) -> dict[str, ScriptParts]:
        return {}


def local_migrations(generated: Path) -> list[Migration]:
    """The migrations of `generated/`, in order; a folder missing one of
    its files is a usage error naming it."""
    found = []
    for directory in migration_dirs(generated):
        for needed in (*SCRIPTS, "plan.json"):
            if not (directory / needed).is_file():
                raise UsageError(f"{directory / needed} is missing: regenerate the migration (`schemac generate`) "
                                 "or restore the file from version control")
        found.append(Migration(migration_number(directory), directory.name, directory))
    return found


def split_script(text: str, name: str) -> ScriptParts:
    """Cut a migration script at its own COMMIT (found by PostgreSQL's
    parser, so a COMMIT inside a function body is not taken for it)."""
    script = without_psql_header(text)
    refuse_meta_commands(script, name)
    try:
        commit = find_commit(script)
    except Undecided:
        commit = _commit_by_parser(script)
    if commit is None:
        raise UsageError(f"{name} has no COMMIT of its own: it is not a script schemac wrote; regenerate it")
    transaction = script[:commit[0]]
    rest = script[commit[1]:]
    return ScriptParts(transaction, tuple(_outside_steps(rest)))


def _commit_by_parser(script: str) -> tuple[int, int] | None:
    """Where the script's own COMMIT is, by PostgreSQL's parser."""
    return next(((start, stop) for start, stop in statement_slices(script)
                 if script[start:stop].strip().rstrip(";").strip().upper() == "COMMIT"), None)


def _outside_steps(text: str) -> list[OutsideStep]:
    steps: list[OutsideStep] = []
    label, lines = None, []
    for line in text.split("\n"):
        if line.startswith("-- step ") and line.endswith("(cannot run inside a transaction)"):
            if label is not None:
                steps.append(OutsideStep(label, "\n".join(lines)))
            label, lines = line[3:].removesuffix(" (cannot run inside a transaction)"), [line]
        elif label is not None:
            lines.append(line)
    if label is not None:
        steps.append(OutsideStep(label, "\n".join(lines)))
    return steps
