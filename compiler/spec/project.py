"""schemac.yaml: the project's settings (where specs and generated/ are, the
PostgreSQL versions it targets, how migrations run, privileges, drift's
ignore patterns)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import field_validator

from compiler.lock_levels import Lock
from compiler.spec.base import SpecModel, SpecValueError

SUPPORTED_VERSIONS = range(14, 19)  # PostgreSQL major versions schemac generates for
_DURATION = re.compile(r"^\d+\s*(ms|s|min|h|d)?$")


IGNORABLE_KINDS = ("schema", "extension", "enum", "table", "column", "constraint", "index", "sequence", "role",
                   "grant", "function", "trigger", "view", "policy", "rls")


class PostgresSettings(SpecModel):
    min_version: int = 14

    @field_validator("min_version")
    @classmethod
    def _supported(cls, value):
        if value not in SUPPORTED_VERSIONS:
            first, last = SUPPORTED_VERSIONS[0], SUPPORTED_VERSIONS[-1]
            raise SpecValueError(f"schemac supports PostgreSQL {first} to {last}, not {value}",
                                 hint=f"write a major version from {first} to {last}, e.g. `min_version: {first}`")
        return value


class MigrationSettings(SpecModel):
    lock_timeout: str = "5s"
    statement_timeout: str = "0"
    # online: steps that would hold a lock through a scan or a build run after COMMIT in forms that let
    # writes go on (docs/online.md); transactional: every step in the one transaction
    mode: Literal["online", "transactional"] = "online"
    # the strongest lock a step may take on a table that exists before the migration; `schemac check`
    # fails on a step above it that the specs do not accept (`accept_locks:`); None: any
    max_lock: Lock | None = None
    # online mode: a type change that rewrites or scans a table is made by expand/contract (a new column kept
    # in step, a batched backfill, a swap: docs/online.md) where the table's shape allows it, or `rewrite`:
    # one ALTER TABLE (writes wait for it) unless a column says `using: {online: true}`
    type_changes: Literal["expand_contract", "rewrite"] = "expand_contract"

    @field_validator("lock_timeout", "statement_timeout")
    @classmethod
    def _duration(cls, value, info):
        if not _DURATION.match(value.strip()):
            raise SpecValueError(f"`{value}` is not a PostgreSQL duration for `{info.field_name}`",
                                 hint="write a whole number with an optional unit ms, s, min, h or d, "
                                      "e.g. 5s, 500ms, 2min or 0 (no limit)")
        return value.strip()


class PrivilegeSettings(SpecModel):
    # PostgreSQL gives EXECUTE to PUBLIC on every new function and procedure; false revokes it from each
    functions_executable_by_public: bool = True


class ProjectSpec(SpecModel):
    """schemac.yaml"""

    specs: str = "specs"
    generated: str = "generated"
    postgres: PostgresSettings = PostgresSettings()
    migrations: MigrationSettings = MigrationSettings()
    privileges: PrivilegeSettings = PrivilegeSettings()
    # objects `schemac drift` (and plan/generate --database-url) leave alone: shell wildcards over
    # catalog keys, e.g. `table:public.tmp_*`, `column:public.users.legacy_*`, `role:*`
    ignore: list[str] = []

    @field_validator("ignore")
    @classmethod
    def _ignore_patterns(cls, value):
        for pattern in value:
            kind, colon, rest = pattern.partition(":")
            if not colon or not rest or kind not in IGNORABLE_KINDS and not any(ch in kind for ch in "*?["):
                raise SpecValueError(f"`{pattern}` is not an ignore pattern",
                                     hint="write `kind:schema.name` with * and ? as wildcards, where kind is one of "
                                          + ", ".join(IGNORABLE_KINDS) + " (e.g. `table:public.tmp_*`)")
        return value
