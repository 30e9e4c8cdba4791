"""Helpers of the `schemac import` tests: a catalog written as specs and
resolved again, and the differences between two catalogs object by object."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from compiler import api
from compiler.catalog.objects import Catalog
from compiler.importer import import_catalog


def settings_of(compiled: api.Compiled) -> dict:
    """The settings of a project that change what its specs resolve to."""
    settings = compiled.project.settings
    result = {}
    if settings.postgres.min_version != 14:
        result["postgres"] = {"min_version": settings.postgres.min_version}
    if not settings.privileges.functions_executable_by_public:
        result["privileges"] = {"functions_executable_by_public": False}
    return result


def write_project(catalog: Catalog, folder: Path, **options) -> object:
    """The import of `catalog` written into `folder`; returns the ImportResult."""
    result = import_catalog(catalog, **options)
    for name, text in result.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return result


def _fields(a, b) -> str:
    if dataclasses.is_dataclass(a) and type(a) is type(b):
        return "; ".join(f"{f.name}: {getattr(a, f.name)!r} != {getattr(b, f.name)!r}"
                         for f in dataclasses.fields(a) if f.compare and getattr(a, f.name) != getattr(b, f.name))
    return f"{a!r} != {b!r}"


NAMES = ("external_types", "external_functions", "external_roles")


def catalog_differences(expected: Catalog, found: Catalog, skip=lambda key: False, names=NAMES) -> list[str]:
    """Each object (by key) that differs, is missing or is extra, with the
    fields that differ; and the catalogs' external declarations."""
    lines = []
    for label, left, right in (("", expected.by_key(), found.by_key()),
                               ("external ", {t.key: t for t in expected.external_tables},
                                {t.key: t for t in found.external_tables})):
        for key in sorted(set(left) | set(right)):
            if skip(key):
                continue
            a, b = left.get(key), right.get(key)
            if a is None:
                lines.append(f"extra {label}{key}")
            elif b is None:
                lines.append(f"missing {label}{key}")
            elif a != b:
                lines.append(f"{label}{key}: {_fields(a, b)}")
    for name in names:
        if getattr(expected, name) != getattr(found, name):
            lines.append(f"{name}: {getattr(expected, name)!r} != {getattr(found, name)!r}")
    return lines
