"""Temporary names of the indexes online mode builds before swapping them in
(compiler/online/indexes.py): `<name>_schemac_tmp`, cut to PostgreSQL's 63
bytes, numbered when that name is taken. Deterministic for the same
catalogs, and never the name of a relation either catalog has, nor of
another temporary index of the migration."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.ops.relations import relation_name

MAX_BYTES = 63  # NAMEDATALEN - 1
SUFFIX = "_schemac_tmp"


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


class TemporaryNames:
    """Hands out temporary index names in one schema namespace (`pg_class`):
    `taken` holds `schema.name` of every relation of both catalogs."""

    def __init__(self, objects: Iterable) -> None:
        self.taken = {n for n in map(relation_name, objects) if n is not None}

    def __call__(self, schema: str, name: str) -> str:
        n = 1
        while True:
            suffix = SUFFIX if n == 1 else f"{SUFFIX}{n}"
            candidate = _cut(name, MAX_BYTES - len(suffix)) + suffix
            if f"{schema}.{candidate}" not in self.taken:
                self.taken.add(f"{schema}.{candidate}")
                return candidate
            n += 1
