"""The generated/ folder: numbered migrations and the state after the newest.

    generated/state.json                    catalog after the newest migration
    generated/migrations/0001_<name>/       up.sql, down.sql, verify.sql, plan.json
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from compiler import api
from compiler.catalog.objects import Catalog
from compiler.catalog.state import from_json, to_json
from compiler.errors import UsageError
from compiler.gc_pause import without_collector_pauses

_MIGRATION_DIR = re.compile(r"^(\d{4})_([a-z0-9_]+)$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class GenerateResult:
    directory: Path | None  # None: nothing changed
    files: tuple[Path, ...]
    plan: object


def migration_dirs(generated: Path) -> list[Path]:
    root = generated / "migrations"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and _MIGRATION_DIR.match(p.name))


def previous_state(generated: Path) -> Catalog:
    state = generated / "state.json"
    if not migration_dirs(generated) or not state.exists():
        return api.EMPTY
    try:
        return from_json(state.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{state} is not a schemac state file ({exc}); restore it from version control") from None


def plan_json(files: api.MigrationFiles) -> str:
    plan = files.plan
    data = {
        "source_hash": plan.source_hash,
        "target_hash": plan.target_hash,
        "reversible": plan.reversible,
        "hazards": [h.value for h in plan.hazards],
        "steps": [{"kind": op.kind, "key": op.key, "hazards": [h.value for h in op.hazards]} for op in plan.steps],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class NextMigration:
    """What the next migration would be: its number, the state it starts from
    (the newest migration's, or an empty database) and its plan."""

    generated: Path
    number: int
    latest: Path | None  # the newest migration folder; None: no migration yet
    previous: Catalog
    plan: object


@without_collector_pauses
def next_migration(compiled: api.Compiled, out: Path | None = None) -> NextMigration:
    """Plan the next migration against generated/state.json, reading only."""
    generated = out or compiled.project.generated_dir
    existing = migration_dirs(generated)
    previous = previous_state(generated)
    number = int(_MIGRATION_DIR.match(existing[-1].name).group(1)) + 1 if existing else 1
    return NextMigration(generated, number, existing[-1] if existing else None, previous,
                         api.plan(previous, compiled.catalog))


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
        "settings": {"lock_timeout": settings.lock_timeout, "statement_timeout": settings.statement_timeout},
        "reversible": plan.reversible,
        "hazards": [h.value for h in plan.hazards],
        "steps": [{"number": n, "kind": op.kind, "key": op.key, "hazards": [h.value for h in op.hazards]}
                  for n, op in api.numbered_steps(plan)],
        "destructive": [s.as_dict() for s in api.destructive_steps(plan, nxt.previous, compiled.catalog)],
    }


@without_collector_pauses
def write_migration(compiled: api.Compiled, name: str | None, out: Path | None = None, *,
                    allow_destructive: bool = False) -> GenerateResult:
    """Write the next migration and the new state. Destructive steps are
    refused (DestructiveStepsRefused, nothing written) unless
    `allow_destructive` or the specs acknowledge them."""
    nxt = next_migration(compiled, out)
    generated, previous, the_plan, number = nxt.generated, nxt.previous, nxt.plan, nxt.number
    if the_plan.empty:
        return GenerateResult(None, (), the_plan)
    slug = name.replace("-", "_") if name else ("initial" if nxt.latest is None else None)  # add-notes: add_notes
    if slug is None:
        raise UsageError("the specs changed: name the next migration with schemac generate --name <slug>")
    if not _SLUG.match(slug):
        raise UsageError(f"migration name `{name}` must be lower-case letters, digits, underscores and hyphens, "
                         "starting with a letter or digit (e.g. add_notes)")
    title = f"{number:04d}_{slug}"
    if not allow_destructive:
        refused = unaccepted_destructive_steps(compiled, nxt)
        if refused:
            raise DestructiveStepsRefused(title, refused)
    files = api.migration(title, compiled, previous, the_plan)
    directory = generated / "migrations" / title
    written = []
    for filename, text in (("up.sql", files.up), ("down.sql", files.down), ("verify.sql", files.verify),
                           ("plan.json", plan_json(files))):
        written.append(_write(directory / filename, text))
    written.append(_write(generated / "state.json", to_json(compiled.catalog)))
    return GenerateResult(directory, tuple(written), files.plan)


def _shown(path: Path, root: Path) -> str:
    """A path relative to the project root, in POSIX form (stable for JSON)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
    return path
