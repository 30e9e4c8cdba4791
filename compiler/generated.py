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


@without_collector_pauses
def write_migration(compiled: api.Compiled, name: str | None, out: Path | None = None) -> GenerateResult:
    generated = out or compiled.project.generated_dir
    existing = migration_dirs(generated)
    previous = previous_state(generated)
    number = int(_MIGRATION_DIR.match(existing[-1].name).group(1)) + 1 if existing else 1
    the_plan = api.plan(previous, compiled.catalog)
    if the_plan.empty:
        return GenerateResult(None, (), the_plan)
    slug = name.replace("-", "_") if name else ("initial" if not existing else None)  # add-notes: add_notes
    if slug is None:
        raise UsageError("the specs changed: name the next migration with schemac generate --name <slug>")
    if not _SLUG.match(slug):
        raise UsageError(f"migration name `{name}` must be lower-case letters, digits, underscores and hyphens, "
                         "starting with a letter or digit (e.g. add_notes)")
    title = f"{number:04d}_{slug}"
    files = api.migration(title, compiled, previous, the_plan)
    directory = generated / "migrations" / title
    written = []
    for filename, text in (("up.sql", files.up), ("down.sql", files.down), ("verify.sql", files.verify),
                           ("plan.json", plan_json(files))):
        written.append(_write(directory / filename, text))
    written.append(_write(generated / "state.json", to_json(compiled.catalog)))
    return GenerateResult(directory, tuple(written), files.plan)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)
    return path
