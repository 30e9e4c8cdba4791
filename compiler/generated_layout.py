"""The names of generated/'s migration folders (`0002_realco_core`): what
every reader of generated/ shares, without the compiler behind it."""

from __future__ import annotations

import re
from pathlib import Path

MIGRATION_DIR = re.compile(r"^(\d{4})_([a-z0-9_]+)$")


def migration_dirs(generated: Path) -> list[Path]:
    root = generated / "migrations"
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and MIGRATION_DIR.match(p.name))


def migration_number(directory: Path) -> int:
    return int(MIGRATION_DIR.match(directory.name).group(1))


def is_migration_name(name: str) -> bool:
    return MIGRATION_DIR.match(name) is not None
