"""Drift: how a live database differs from the catalog it should hold.

Each difference is `missing` (the catalog has it, the database does not),
`different` (both have it; each field that differs, expected and found) or
`unmanaged` (the database has it in a managed schema, the catalog does not).
A table's columns are reported one by one (`column:schema.table.name`), so
an extra column is an unmanaged object of its own. `ignore:` patterns of
schemac.yaml (shell wildcards over keys, e.g. `table:public.tmp_*`) leave
out what a team accepts, on both sides.
"""

from __future__ import annotations

import dataclasses
import fnmatch
from dataclasses import dataclass

from compiler.catalog.objects import Catalog, Source, Table
from compiler.catalog.state import to_data

MISSING, DIFFERENT, UNMANAGED = "missing", "different", "unmanaged"


@dataclass(frozen=True)
class Difference:
    kind: str  # missing | different | unmanaged
    key: str
    fields: tuple[tuple[str, object, object], ...] = ()  # (field, expected, found) of a different object
    source: Source | None = None  # where the specs write the object, when they do

    def as_dict(self) -> dict:
        spec = None
        if self.source is not None:
            spec = {"file": self.source.file, "line": self.source.line, "column": self.source.column}
        return {"kind": self.kind, "key": self.key, "spec": spec,
                "fields": [{"field": f, "expected": e, "found": v} for f, e, v in self.fields]}


def ignored(key: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def _encoded(obj) -> dict:
    data = to_data(Catalog((obj,)))["objects"][0]
    data.pop("object")
    return _filled(data, obj)


def _filled(data: dict, obj) -> dict:
    """`data` with the fields the state format leaves out at their default
    (objects.py `_optional`) given, so a change from or to it shows."""
    for f in dataclasses.fields(obj):
        if f.compare and f.name not in data:
            data[f.name] = list(f.default) if isinstance(f.default, tuple) else f.default
    return data


def _fields(expected, found, skip: tuple[str, ...] = ()) -> tuple[tuple[str, object, object], ...]:
    a, b = _encoded(expected), _encoded(found)
    # a field at its default is left out of the encoding when it was added after the state format (`_optional`)
    defaults = {f.name: f.default for f in dataclasses.fields(expected)}
    names = [*a, *(name for name in b if name not in a)]
    pairs = ((name, a.get(name, defaults.get(name)), b.get(name, defaults.get(name))) for name in names)
    return tuple((name, e, f) for name, e, f in pairs if name not in skip and e != f)


def _column_key(table: Table, name: str) -> str:
    return f"column:{table.schema}.{table.name}.{name}"


def _columns(expected: Table, found: Table, patterns, sources) -> list[Difference]:
    result = []
    wanted, there = {c.name: c for c in expected.columns}, {c.name: c for c in found.columns}
    for name, column in wanted.items():
        key = _column_key(expected, name)
        if ignored(key, patterns):
            continue
        source = sources.get(key) or column.source or expected.source
        if name not in there:
            result.append(Difference(MISSING, key, source=source))
        elif there[name] != column:
            result.append(Difference(DIFFERENT, key, _column_fields(column, there[name]), source))
    result += [Difference(UNMANAGED, _column_key(found, name), source=expected.source)
               for name in there if name not in wanted and not ignored(_column_key(found, name), patterns)]
    return result


def _column_fields(expected, found) -> tuple[tuple[str, object, object], ...]:
    wrapped = Table("", "", (expected,)), Table("", "", (found,))
    a, b = (_filled(_encoded(t)["columns"][0], c) for t, c in zip(wrapped, (expected, found)))
    return tuple((name, a[name], b[name]) for name in a if a[name] != b[name])


def drift(live: Catalog, expected: Catalog, patterns: tuple[str, ...] = (),
          sources: dict[str, Source] | None = None) -> list[Difference]:
    """The differences, sorted by key. `live` is the inspected catalog in
    the expected catalog's words (`normal_form.in_target_words`); `sources`,
    spec locations by key for objects `expected` has none for (a state.json)."""
    sources = sources or {}
    found, wanted = live.by_key(), expected.by_key()
    result = []
    for key in sorted(set(found) | set(wanted)):
        if ignored(key, patterns):
            continue
        obj, there = wanted.get(key), found.get(key)
        source = (getattr(obj, "source", None) if obj is not None else None) or sources.get(key)
        if there is None:
            result.append(Difference(MISSING, key, source=source))
        elif obj is None:
            result.append(Difference(UNMANAGED, key))
        elif obj != there:
            if isinstance(obj, Table):
                fields = _fields(obj, there, skip=("columns",))
                if fields:
                    result.append(Difference(DIFFERENT, key, fields, source))
                result += _columns(obj, there, patterns, sources)
            else:
                result.append(Difference(DIFFERENT, key, _fields(obj, there), source))
    return sorted(result, key=lambda d: d.key)


def without_ignored(catalog: Catalog, patterns: tuple[str, ...]) -> Catalog:
    """`catalog` without the objects (and table columns) `patterns` match:
    what plan and generate leave alone."""
    if not patterns:
        return catalog
    objects = []
    for obj in catalog:
        if ignored(obj.key, patterns):
            continue
        if isinstance(obj, Table):
            kept = tuple(c for c in obj.columns if not ignored(_column_key(obj, c.name), patterns))
            if len(kept) != len(obj.columns):
                obj = dataclasses.replace(obj, columns=kept)
        objects.append(obj)
    return dataclasses.replace(catalog, objects=tuple(objects))
