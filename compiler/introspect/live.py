"""The live database as the catalog of a project sees it: inspected in the
schemas the project manages, seen through its declarations of what exists
already, SQL texts in the catalog's words where PostgreSQL reads them alike
(compiler/introspect/normal_form.py), the reference rows the target declares
(compiler/introspect/rows.py), `ignore:` patterns left out. What
`drift`, `plan --database-url` and `generate --database-url` compare."""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Catalog
from compiler.introspect import inspect_url
from compiler.introspect.drift import without_ignored
from compiler.introspect.normal_form import (
    built,
    granted_schemas,
    in_target_words,
    managed_schemas,
    needing_normal_form,
    role_names,
)
from compiler.introspect.rows import reference_rows


def live_catalog(url: str, target: Catalog, patterns: tuple[str, ...] = (), also: Catalog | None = None) -> Catalog:
    """`also`: another catalog whose schemas are read too (the specs, when
    the target is a state.json that does not hold every schema yet)."""
    schemas = set(managed_schemas(target)) | set(managed_schemas(also) if also is not None else ())
    live = inspect_url(url, sorted(schemas), require=False, roles=role_names(target), granted=granted_schemas(target))
    words = in_target_words(live, built(url, needing_normal_form(live, target)), target)
    rows = reference_rows(url, target, live)
    if rows:
        words = dataclasses.replace(words, objects=words.objects + tuple(rows))
    return without_ignored(words, patterns)
