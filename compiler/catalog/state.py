"""A catalog as JSON (generated/state.json) and back.

Sources are left out: the state describes the database, not the specs. Keys
are sorted and the text ends with a newline, so the same catalog always gives
the same bytes, and `catalog_hash` is a stable fingerprint.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import typing

import sys

from compiler.catalog import objects as o
from compiler.catalog import programmable as p

FORMAT = 1
_KINDS = {"schema": o.Schema, "extension": o.Extension, "enum": o.Enum, "table": o.Table,
          "constraint": o.Constraint, "index": o.Index, "role": p.Role, "grant": p.Grant,
          "function": p.Function, "trigger": p.Trigger, "view": p.View, "policy": p.Policy,
          "row_security": p.RowSecurity}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}


_SCALARS = (str, int, bool, float, type(None))
_ENCODERS: dict[type, object] = {}


def _encoder(cls):
    """A function turning one `cls` object into a dict, built once per class."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)  # sources and hints stay out
    getter = operator.attrgetter(*names)
    values = getter if len(names) > 1 else (lambda obj: (getter(obj),))

    def encode(obj) -> dict:
        return {name: (v if type(v) in _SCALARS else _encode(v)) for name, v in zip(names, values(obj))}
    return encode


def _encode(value):
    cls = type(value)
    if cls is tuple:
        return [v if type(v) in _SCALARS else _encode(v) for v in value]
    if cls in _SCALARS:
        return value
    encoder = _ENCODERS.get(cls)
    if encoder is None:
        encoder = _ENCODERS[cls] = _encoder(cls)
    return encoder(value)


def to_data(catalog: o.Catalog) -> dict:
    return {
        "format": FORMAT,
        "objects": [{"object": _KIND_OF[type(obj)], **_encode(obj)} for obj in catalog],
        "external_tables": [_encode(t) for t in catalog.external_tables],
        "external_types": list(catalog.external_types),
        "external_functions": [_encode(f) for f in catalog.external_functions],
        "external_roles": list(catalog.external_roles),
    }


_compact = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode


def to_json(catalog: o.Catalog) -> str:
    """state.json: one catalog object per line, so a diff shows which objects
    changed, and the C JSON encoder does the work."""
    cached = _TEXT.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    data = to_data(catalog)
    lines = ['{"format": %d,' % data["format"],
             '"external_tables": ' + _compact(data["external_tables"]) + ",",
             '"external_types": ' + _compact(data["external_types"]) + ",",
             '"external_functions": ' + _compact(data["external_functions"]) + ",",
             '"external_roles": ' + _compact(data["external_roles"]) + ",",
             '"objects": [']
    objects = [_compact(item) for item in data["objects"]]
    lines += [line + "," for line in objects[:-1]] + objects[-1:]
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    _TEXT.clear()  # keep the newest few catalogs only
    _TEXT[id(catalog)] = (catalog, text)
    return text


_TEXT: dict[int, tuple[o.Catalog, str]] = {}


def catalog_hash(catalog: o.Catalog) -> str:
    return hashlib.sha256(to_json(catalog).encode("utf-8")).hexdigest()


def _decode(cls, data):
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    values = {}
    for f in dataclasses.fields(cls):
        if not f.compare or f.name not in data:
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
    objects = tuple(_decode(_KINDS[item["object"]], item) for item in data["objects"])
    externals = tuple(_decode(o.ExternalTable, t) for t in data.get("external_tables", []))
    functions = tuple(_decode(p.ExternalFunction, f) for f in data.get("external_functions", []))
    return o.Catalog(objects, externals, tuple(data.get("external_types", [])), functions,
                     tuple(data.get("external_roles", [])))


def from_json(text: str) -> o.Catalog:
    return from_data(json.loads(text))
