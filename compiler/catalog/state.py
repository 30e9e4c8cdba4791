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
import sys
import types
import typing

from compiler.catalog import objects as o
from compiler.catalog import privileges as pv
from compiler.catalog import programmable as p
from compiler.catalog import user_types as u
from compiler.catalog.hints import hints_of
from compiler.catalog.rows import ReferenceRow

FORMAT = 1
_KINDS = {"schema": o.Schema, "extension": o.Extension, "enum": o.Enum, "table": o.Table,
          "constraint": o.Constraint, "index": o.Index, "role": p.Role, "grant": p.Grant,
          "function": p.Function, "trigger": p.Trigger, "view": p.View, "policy": p.Policy,
          "row_security": p.RowSecurity, "sequence": o.Sequence, "row": ReferenceRow, "owner": pv.Owner,
          "default_privileges": pv.DefaultPrivilege, "domain_type": u.DomainType,
          "composite_type": u.CompositeType, "range_type": u.RangeType, "aggregate": u.Aggregate}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}


_SCALARS = (str, int, bool, float, type(None))
_ENCODERS: dict[type, object] = {}


def _omitted(cls) -> dict:
    """The fields of `cls` written only when they differ from their default
    (objects.py `_optional`), with that default."""
    return {f.name: f.default for f in dataclasses.fields(cls) if f.metadata.get("omit_default")}


def _encoder(cls):
    """A function turning one `cls` object into a dict, built once per class."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)  # sources and hints stay out
    getter = operator.attrgetter(*names)
    values = getter if len(names) > 1 else (lambda obj: (getter(obj),))
    omitted = _omitted(cls)

    def encode(obj) -> dict:
        return {name: (v if type(v) in _SCALARS else _encode(v)) for name, v in zip(names, values(obj))
                if name not in omitted or v != omitted[name]}
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


# -- state.json text: code generated once per class ---------------------------
#
# to_json does not go through to_data: each class gets a function, compiled
# once, that builds its JSON object with keys already in sorted order and
# leaves values that hold no catalog object (strings, numbers, tuples of them)
# as they are (the JSON encoder writes a tuple as an array). So the text is
# the same as `_compact` of to_data's dicts, made in one pass, and the C
# encoder needs no key sorting.

def _plain(hint) -> bool:
    """Whether a value of this type holds no dataclass (written as it is)."""
    if dataclasses.is_dataclass(hint):
        return False
    return all(_plain(a) for a in typing.get_args(hint) if a is not Ellipsis)


def _value_code(hint, expression: str, env: dict) -> str:
    if _plain(hint):
        return expression
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        name = f"_e{len(env)}"
        env[name] = _json_encoder(hint)
        return f"{name}({expression})"
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        return f"(None if (v := {expression}) is None else {_value_code(inner, 'v', env)})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and dataclasses.is_dataclass(args[0]):
        return f"[{_value_code(args[0], 'item', env)} for item in {expression}]"
    env["_any"] = _json_any
    return f"_any({expression})"


_JSON_ENCODERS: dict = {}


def _json_encoder(cls, kind: str | None = None):
    """A function turning one `cls` object into a JSON-ready dict whose keys
    are in sorted order (with `"object": kind` first for a catalog object)."""
    encoder = _JSON_ENCODERS.get((cls, kind))
    if encoder is not None:
        return encoder
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    env: dict = {}
    entries = [(f.name, _value_code(hints[f.name], f"obj.{f.name}", env))
               for f in dataclasses.fields(cls) if f.compare]  # the names _encoder writes
    if kind is not None:
        entries.append(("object", repr(kind)))
    entries.sort(key=lambda entry: entry[0])
    omitted = _omitted(cls)
    env["_omitted"] = omitted
    source = "def encode(obj):\n    return {" + ", ".join(
        f"**({{{name!r}: {code}}} if obj.{name} != _omitted[{name!r}] else {{}})" if name in omitted
        else f"{name!r}: {code}" for name, code in entries) + "}\n"
    exec(source, env)  # noqa: S102  (code built from field names of catalog classes)
    encoder = _JSON_ENCODERS[(cls, kind)] = env["encode"]
    return encoder


def _json_any(value):
    """The general case: a tuple or a dataclass whose type hint says little."""
    if type(value) is tuple:
        return [v if type(v) in _SCALARS else _json_any(v) for v in value]
    if type(value) in _SCALARS:
        return value
    return _json_encoder(type(value))(value)


def _json_chunks():
    """One JSON value -> its compact text, as `_compact` without key sorting."""
    c_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_encoder is not None:
        encode = c_encoder(None, None, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
        return lambda value: "".join(encode(value, 0))
    return json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


_ordered = _json_chunks()


def _header_lines(catalog: o.Catalog) -> list[str]:
    """The lines of state.json before the first object."""
    external_tables = [_json_encoder(type(t))(t) for t in catalog.external_tables]
    external_functions = [_json_encoder(type(f))(f) for f in catalog.external_functions]
    return [f'{{"format": {FORMAT},',
            '"external_tables": ' + _ordered(external_tables) + ",",
            '"external_types": ' + _ordered(list(catalog.external_types)) + ",",
            '"external_functions": ' + _ordered(external_functions) + ",",
            '"external_roles": ' + _ordered(list(catalog.external_roles)) + ",",
            '"objects": [']


_FOOTER = "]}"


def _object_line(obj, encoders: dict) -> str:
    """One catalog object as its line of state.json (without the comma).
    Catalogs share their unchanged objects (the state after a migration is
    the specs' catalog with a few tables' columns reordered), so each
    object's line is kept while the object lives in a recent catalog."""
    known = _LINES.get(id(obj))
    if known is not None and known[0] is obj:
        return known[1]
    cls = type(obj)
    encode = encoders.get(cls)
    if encode is None:
        encode = encoders[cls] = _json_encoder(cls, _KIND_OF[cls])
    line = _ordered(encode(obj))
    if len(_LINES) >= _LINES_KEPT:
        _LINES.clear()
    _LINES[id(obj)] = (obj, line)
    return line


_LINES_KEPT = 100_000
_LINES: dict[int, tuple[object, str]] = {}


def _joined(header: list[str], objects: list[str]) -> str:
    return "\n".join(header + [line + "," for line in objects[:-1]] + objects[-1:] + [_FOOTER]) + "\n"


def to_json(catalog: o.Catalog) -> str:
    """state.json: one catalog object per line, so a diff shows which objects
    changed, and the C JSON encoder does the work."""
    cached = _TEXT.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    encoders: dict = {}
    text = _joined(_header_lines(catalog), [_object_line(obj, encoders) for obj in catalog])
    _remember(catalog, text)
    return text


def _remember(catalog: o.Catalog, text: str) -> None:
    """Keep the text of the newest few catalogs (a plan encodes two)."""
    while len(_TEXT) >= _TEXTS_KEPT:
        del _TEXT[next(iter(_TEXT))]
    _TEXT[id(catalog)] = (catalog, text)


_TEXTS_KEPT = 3
_TEXT: dict[int, tuple[o.Catalog, str]] = {}


def catalog_hash(catalog: o.Catalog) -> str:
    return hashlib.sha256(to_json(catalog).encode("utf-8")).hexdigest()


_DECODERS: dict = {}


def _decoder(hint):
    """A function turning JSON data into a value of type `hint`, or None when
    the data is used as it is (str, int, bool, float); built once per hint, so
    decoding a state does not evaluate type hints per object."""
    try:
        return _DECODERS[hint]
    except KeyError:
        pass
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    decode = None
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis or len(args) == 1:
            item = _decoder(args[0])
            if item is not None:
                def decode(value, item=item):
                    return tuple(None if v is None else item(v) for v in value)
            else:
                decode = tuple
        else:  # tuple[str, TypeRef]: one hint per position
            items = tuple(_decoder(a) for a in args)

            def decode(value, items=items):
                return tuple(v if d is None or v is None else d(v) for d, v in zip(items, value))
    elif origin in (typing.Union, types.UnionType):
        decode = _decoder(next(a for a in args if a is not type(None)))
    elif dataclasses.is_dataclass(hint):
        decode = _class_decoder(hint)
    _DECODERS[hint] = decode
    return decode


def _class_decoder(cls):
    _DECODERS[cls] = decode = _ClassDecoder(cls)  # registered first: a class may refer to itself
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    decode.fields = tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.compare)
    return decode


class _ClassDecoder:
    """Builds an object of a frozen dataclass from its JSON data. One
    without `__post_init__`, slots or default factories is built by filling
    its `__dict__` with its defaults and the decoded values: what its
    `__init__` does, without a `setattr` call per field (a state holds tens
    of thousands of objects)."""

    __slots__ = ("cls", "fields", "defaults", "required")

    def __init__(self, cls) -> None:
        self.cls = cls
        self.fields: tuple = ()
        every = dataclasses.fields(cls)
        plain = not hasattr(cls, "__post_init__") and "__slots__" not in vars(cls) \
            and all(f.default_factory is dataclasses.MISSING for f in every)
        self.defaults = {f.name: f.default for f in every if f.default is not dataclasses.MISSING} if plain else None
        self.required = frozenset(f.name for f in every if f.default is dataclasses.MISSING)

    def __call__(self, data: dict):
        values = {}
        for name, decode in self.fields:
            if name in data:
                value = data[name]
                values[name] = value if decode is None or value is None else decode(value)
        if self.defaults is None or not values.keys() >= self.required:
            return self.cls(**values)  # (a required field missing: its TypeError)
        obj = object.__new__(self.cls)
        fields = obj.__dict__
        fields.update(self.defaults)
        fields.update(values)
        return obj


def _decode(cls, data):
    return _decoder(cls)(data)


def _externals(data: dict) -> tuple:
    """The external tables, types, functions and roles of state data."""
    return (tuple(_decode(o.ExternalTable, t) for t in data.get("external_tables", [])),
            tuple(data.get("external_types", [])),
            tuple(_decode(p.ExternalFunction, f) for f in data.get("external_functions", [])),
            tuple(data.get("external_roles", [])))


def from_data(data: dict) -> o.Catalog:
    if data.get("format") != FORMAT:
        raise ValueError(f"state format {data.get('format')!r} is not {FORMAT}")
    objects = tuple(_decode(_KINDS[item["object"]], item) for item in data["objects"])
    return o.Catalog(objects, *_externals(data))


def from_json(text: str, like: o.Catalog | None = None) -> o.Catalog:
    """The catalog of a state.json text.

    With `like` (the catalog of the specs, when planning against the state),
    every object whose line is the very line `like`'s object encodes to is
    taken from `like` instead of being decoded again: after a change to a few
    objects, almost all of a large state is read by comparing strings. Objects
    carrying evolution hints are always decoded, since a state has none. When
    the text is exactly what `to_json` writes for the result, it is kept as
    that catalog's text, so hashing the state does not encode it again."""
    if like is None:
        return from_data(json.loads(text))
    lines = text.split("\n")
    header = lines[:6]
    if len(lines) < 8 or header[5] != '"objects": [' or lines[-2:] != [_FOOTER, ""]:
        return from_data(json.loads(text))
    data = json.loads("\n".join(header) + "]}")
    if data.get("format") != FORMAT:
        raise ValueError(f"state format {data.get('format')!r} is not {FORMAT}")
    known = _lines_of(like)
    encoders: dict = {}
    objects, canonical = [], True
    body = lines[6:-2]
    for number, line in enumerate(body, start=1):
        if number < len(body):
            if not line.endswith(","):
                return from_data(json.loads(text))
            line = line[:-1]
        obj = known.get(line)
        if obj is None:
            item = json.loads(line)
            obj = _decode(_KINDS[item["object"]], item)
            canonical = canonical and _object_line(obj, encoders) == line
        objects.append(obj)
    catalog = o.Catalog(tuple(objects), *_externals(data))
    if canonical and _header_lines(catalog) == header:
        _remember(catalog, text)
    return catalog


def _lines_of(catalog: o.Catalog) -> dict[str, object]:
    """Each hint-free object of `catalog` by its state.json line."""
    hinted = hints_of(catalog).keys()
    lines = to_json(catalog).split("\n")[6:-2]
    return {line.removesuffix(","): obj for line, obj in zip(lines, catalog) if obj.key not in hinted}
