"""A catalog as JSON (generated/state.json) and back.

Sources are left out: the state describes the database, not the specs. Keys
are sorted and the text ends with a newline, so the same catalog always gives
the same bytes, and `catalog_hash` is a stable fingerprint.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing

from compiler.catalog import objects as o

FORMAT = 1
_KINDS = {"schema": o.Schema, "extension": o.Extension, "enum": o.Enum, "table": o.Table,
          "constraint": o.Constraint, "index": o.Index}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "source"}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def to_data(catalog: o.Catalog) -> dict:
    return {
        "format": FORMAT,
        "objects": [{"kind": _KIND_OF[type(obj)], **_encode(obj)} for obj in catalog],
        "external_tables": [_encode(t) for t in catalog.external_tables],
        "external_types": list(catalog.external_types),
    }


def to_json(catalog: o.Catalog) -> str:
    return json.dumps(to_data(catalog), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def catalog_hash(catalog: o.Catalog) -> str:
    return hashlib.sha256(json.dumps(to_data(catalog), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _decode(cls, data):
    hints = typing.get_type_hints(cls, vars(o))
    values = {}
    for f in dataclasses.fields(cls):
        if f.name == "source" or f.name not in data:
            continue
        values[f.name] = _decode_value(hints[f.name], data[f.name])
    return cls(**values)


def _decode_value(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is tuple:
        return tuple(_decode_value(args[0], v) for v in value)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return _decode_value(inner[0], value)
    if dataclasses.is_dataclass(hint):
        return _decode(hint, value)
    return value


def from_data(data: dict) -> o.Catalog:
    if data.get("format") != FORMAT:
        raise ValueError(f"state format {data.get('format')!r} is not {FORMAT}")
    objects = tuple(_decode(_KINDS[item["kind"]], item) for item in data["objects"])
    externals = tuple(_decode(o.ExternalTable, t) for t in data.get("external_tables", []))
    return o.Catalog(objects, externals, tuple(data.get("external_types", [])))


def from_json(text: str) -> o.Catalog:
    return from_data(json.loads(text))
