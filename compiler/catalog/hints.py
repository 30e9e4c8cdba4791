"""Evolution hints as JSON data: how the previous state becomes this one.

`renamed_from`, `using`, `remap`, ... are catalog fields that take no part in
equality and stay out of state.json (they describe a transition, not a
database), yet they shape the migration (a rename, not a drop and an add). A
migration's plan.json keeps those of its target, so that `schemac check` can
regenerate it from the snapshots: {object key: {field: value}}, a nested
object (a table's column) under its field and name: {"columns": {"memo":
{"renamed_from": "note"}}}.

Which fields are hints, and which fields hold nested objects that may carry
hints, is worked out once per class from its declaration, so finding the
hints of a 1,000-table catalog does not inspect every field of every object.
"""

from __future__ import annotations

import dataclasses
import sys
import typing

from compiler.catalog.objects import Catalog


def _is_hint(f: dataclasses.Field) -> bool:
    return not f.compare and f.name != "source" and not f.name.endswith("_source")  # where it is written


def _default(f: dataclasses.Field):
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default


class _Layout:
    """Where the hints of one class are: its own hint fields with their
    defaults, and its fields holding a tuple of objects of a class that has
    hints of its own (a table's columns)."""

    __slots__ = ("hints", "nested")

    def __init__(self, hints: tuple[tuple[str, object], ...], nested: tuple[str, ...]) -> None:
        self.hints = hints
        self.nested = nested


_LAYOUTS: dict[type, _Layout | None] = {}


def _nested_class(hint) -> type | None:
    """The dataclass of `tuple[X, ...]`, else None."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0] if dataclasses.is_dataclass(args[0]) else None
    return None


def _layout(cls: type) -> _Layout | None:
    """The hint layout of `cls`, None when no object of it can carry hints."""
    try:
        return _LAYOUTS[cls]
    except KeyError:
        pass
    _LAYOUTS[cls] = None  # a class that holds itself has no hints through that path
    hints = tuple((f.name, _default(f)) for f in dataclasses.fields(cls) if _is_hint(f))
    types = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    nested = tuple(f.name for f in dataclasses.fields(cls)
                   if f.compare and (inner := _nested_class(types[f.name])) is not None and _layout(inner))
    layout = _Layout(hints, nested) if hints or nested else None
    _LAYOUTS[cls] = layout
    return layout


def _plain(value):
    return [_plain(v) for v in value] if isinstance(value, (tuple, list)) else value


def _tupled(value):
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value


def object_hints(obj) -> dict:
    """The hints `obj` and the objects nested in it carry ({} for none)."""
    layout = _layout(type(obj))
    if layout is None:
        return {}
    found = {}
    for name, default in layout.hints:
        value = getattr(obj, name)
        if value != default:
            found[name] = _plain(value)
    for name in layout.nested:
        inner = {getattr(v, "name", str(i)): h for i, v in enumerate(getattr(obj, name)) if (h := object_hints(v))}
        if inner:
            found[name] = inner
    return found


def hints_of(catalog: Catalog) -> dict:
    """The evolution hints of a catalog's objects, as JSON data (asked twice
    of the same catalog by `generate`: to read the state, and for plan.json;
    the answer is shared, so it is not to be modified)."""
    if _LAST[0] is not catalog:
        _LAST[:] = [catalog, {obj.key: h for obj in catalog.objects if (h := object_hints(obj))}]
    return _LAST[1]


_LAST: list = [None, {}]  # the newest catalog asked about, and its hints


def _with_object_hints(obj, hints: dict):
    changes = {}
    for f in dataclasses.fields(obj):
        if f.name not in hints:
            continue
        if _is_hint(f):
            changes[f.name] = _tupled(hints[f.name])
        elif isinstance(getattr(obj, f.name), tuple) and isinstance(hints[f.name], dict):
            inner = hints[f.name]
            changes[f.name] = tuple(
                _with_object_hints(v, inner[name]) if isinstance(inner.get(name := getattr(v, "name", str(i))), dict)
                else v for i, v in enumerate(getattr(obj, f.name)))
    return dataclasses.replace(obj, **changes) if changes else obj


def with_hints(catalog: Catalog, hints: dict) -> Catalog:
    """`catalog` (read from a snapshot) with the evolution hints of plan.json
    put back. Hints naming nothing are ignored (plan.json then differs)."""
    if not hints:
        return catalog
    objects = tuple(_with_object_hints(o, hints[o.key]) if isinstance(hints.get(o.key), dict) else o
                    for o in catalog.objects)
    return dataclasses.replace(catalog, objects=objects)
