"""Where each catalog object goes in the specs, and the documents they make.

A writer turns one catalog object into `Placement`s: the domain it belongs
to, the key path inside that domain's document and the plain YAML value
there. `merge` puts every placement together into one document per domain:
mappings merge key by key (two different values for one leaf are a bug of
a writer, never silently one of them), `append` items extend a list in the
order of their `order` key, and the keys of every mapping that is a spec
model (a domain, a table, a column, an index ...) follow the model's field
order (compiler/spec/models.py), so the documents read the way
docs/spec-language.md writes them whatever order the writers ran in.
Long forms a person would shorten are shortened last (`compact`): a column
that is only its type, an index on columns only, an extension in public.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Annotated, Union

from pydantic import BaseModel

from compiler.spec.models import DomainSpec


@dataclass(frozen=True)
class Placement:
    """One catalog object's entry in the specs: the domain it goes to, the
    key path inside that domain's document, and the plain value there."""

    domain: str  # the domain's name (its schema by default)
    path: tuple[str, ...]  # e.g. ("tables", "film", "triggers", "film_fulltext_trigger")
    value: object  # plain YAML data: dict / list / str / int / bool / None
    append: bool = False  # the value is one more item of the list at `path` (indexes, foreign_keys, unique, exclude ...)
    order: str = ""  # where an appended item goes among the others of its list (e.g. the object's key)


class PlacementConflict(ValueError):
    """Two placements give one leaf different values: a writer's bug."""


def merge(placements: list[Placement]) -> dict[str, dict]:
    """The documents, one per domain (sorted by name), as plain nested dicts
    and lists in the spec language's section order."""
    documents: dict[str, dict] = {}
    appended: dict[tuple[str, tuple], list[tuple[str, int, object]]] = {}
    # containers before what goes into them: a table's columns in its order, then a key on one of them
    for i, placement in sorted(enumerate(placements), key=lambda item: len(item[1].path)):
        document = documents.setdefault(placement.domain, {})
        if placement.append:
            appended.setdefault((placement.domain, placement.path), []).append((placement.order, i, placement.value))
            continue
        _put(document, placement.path, placement.value, placement)
    for (domain, path), items in appended.items():
        items.sort(key=lambda item: (item[0], item[1]))
        parent = _container(documents[domain], path[:-1], path)
        existing = parent.setdefault(path[-1], [])
        if not isinstance(existing, list):
            raise PlacementConflict(f"{domain}: {'.'.join(path)} holds a {type(existing).__name__}, not a list")
        existing.extend(value for _, _, value in items)
    return {domain: compact(ordered(documents[domain], DomainSpec)) for domain in sorted(documents)}


def _container(document: dict, path: tuple, full: tuple) -> dict:
    node = document
    for step in path:
        node = node.setdefault(step, {})
        if not isinstance(node, dict):
            raise PlacementConflict(f"{'.'.join(full)}: {step} holds a {type(node).__name__}, not a mapping")
    return node


def _put(document: dict, path: tuple, value, placement: Placement) -> None:
    if not path:
        if not isinstance(value, dict):
            raise PlacementConflict(f"{placement.domain}: a document must be a mapping, not {value!r}")
        for key, item in value.items():
            _put(document, (key,), item, placement)
        return
    parent = _container(document, path[:-1], path)
    key = path[-1]
    if key not in parent:
        parent[key] = value
    elif isinstance(parent[key], dict) and isinstance(value, dict):
        for inner, item in value.items():
            _put(parent[key], (inner,), item, placement)
    elif parent[key] != value:
        raise PlacementConflict(f"{placement.domain}: {'.'.join(map(str, path))} is given twice: "
                                f"{parent[key]!r} and {value!r}")


# ---------------------------------------------------------------- section order

def _options(annotation) -> list:
    """The alternatives of an annotation (Union, Optional, Annotated unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _options(typing.get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [o for arg in typing.get_args(annotation) for o in _options(arg)]
    return [annotation]


def _model(annotation) -> type[BaseModel] | None:
    return next((o for o in _options(annotation) if isinstance(o, type) and issubclass(o, BaseModel)), None)


def _inner(annotation, container: type):
    for option in _options(annotation):
        if typing.get_origin(option) is container:
            return typing.get_args(option)[-1]
    return None


def _fields(model: type[BaseModel]) -> dict[str, object]:
    """The keys a model is written with (aliases: `schema`, `with`), in order, with their annotations."""
    return {(field.alias or name): field.annotation for name, field in model.model_fields.items()}


_SHAPES: dict[int, tuple] = {}


def _shape(annotation) -> tuple:
    """(model fields or None, the annotation of a mapping's values, of a
    list's items) of an annotation, worked out once per annotation."""
    shape = _SHAPES.get(id(annotation))
    if shape is None:
        model = _model(annotation)
        shape = (_fields(model) if model is not None else None, _inner(annotation, dict), _inner(annotation, list),
                 annotation)  # the annotation itself is kept, so its id stays its own
        _SHAPES[id(annotation)] = shape
    return shape


def ordered(value, annotation):
    """`value` with the keys of each mapping that is a spec model in the
    model's field order (keys it does not know after them, sorted); the
    entries of a name -> object mapping keep the order they were placed in."""
    if isinstance(value, dict):
        fields, inner, _, _ = _shape(annotation)
        if fields is not None:
            rank = _ranks(fields)
            keys = sorted(value, key=lambda k: (rank.get(k, len(rank)), k))
            return {k: _ordered_value(value[k], fields.get(k)) for k in keys}
        return {k: _ordered_value(v, inner) for k, v in value.items()}
    if isinstance(value, list):
        inner = _shape(annotation)[2]
        return [_ordered_value(v, inner) for v in value]
    return value


def _ordered_value(value, annotation):
    return ordered(value, annotation) if isinstance(value, (dict, list)) else value


_RANKS: dict[int, dict[str, int]] = {}


def _ranks(fields: dict) -> dict[str, int]:
    ranks = _RANKS.get(id(fields))
    if ranks is None:
        ranks = _RANKS[id(fields)] = {k: i for i, k in enumerate(fields)}
        for first in ("column", "expression"):  # an index element says what it indexes before how
            if first in ranks:
                ranks[first] = -1
    return ranks


# ---------------------------------------------------------------- short forms

def _short_column(column):
    """`{type: text}` is written `text`."""
    if isinstance(column, dict) and list(column) == ["type"] and isinstance(column["type"], str):
        return column["type"]
    return column


def _short_columns(value):
    """`{columns: [a]}` is `a`, `{columns: [a, b]}` is `[a, b]` (an index, a
    unique constraint, a primary key)."""
    if isinstance(value, dict) and list(value) == ["columns"] and all(isinstance(c, str) for c in value["columns"]):
        columns = value["columns"]
        return columns[0] if len(columns) == 1 else columns
    return value


def _short_table(table: dict) -> dict:
    table = dict(table)
    if isinstance(table.get("columns"), dict):
        table["columns"] = {name: _short_column(c) for name, c in table["columns"].items()}
    for key in ("indexes", "unique"):
        if isinstance(table.get(key), list):
            table[key] = [_short_columns(item) for item in table[key]]
    if isinstance(table.get("primary_key"), dict):
        table["primary_key"] = _short_columns(table["primary_key"])
    if isinstance(table.get("checks"), dict):
        table["checks"] = {name: c["expression"] if isinstance(c, dict) and list(c) == ["expression"] else c
                           for name, c in table["checks"].items()}
    if isinstance(table.get("partitions"), dict):
        table["partitions"] = {name: _short_partition(p) for name, p in table["partitions"].items()}
    return table


def _short_partition(partition):
    if isinstance(partition, dict) and isinstance(partition.get("indexes"), list):
        partition = dict(partition, indexes=[_short_columns(i) for i in partition["indexes"]])
    return partition


def compact(document: dict) -> dict:
    """The short forms of docs/spec-language.md where a long form says no more."""
    document = dict(document)
    if isinstance(document.get("tables"), dict):
        document["tables"] = {name: _short_table(t) if isinstance(t, dict) else t
                              for name, t in document["tables"].items()}
    if isinstance(document.get("extensions"), list):
        document["extensions"] = [x["name"] if isinstance(x, dict) and list(x) == ["name"] else x
                                  for x in document["extensions"]]
    if isinstance(document.get("enums"), dict):
        document["enums"] = {name: e["values"] if isinstance(e, dict) and list(e) == ["values"] else e
                             for name, e in document["enums"].items()}
    if isinstance(document.get("views"), dict):
        document["views"] = {name: dict(v, indexes=[_short_columns(i) for i in v["indexes"]])
                             if isinstance(v, dict) and isinstance(v.get("indexes"), list) else v
                             for name, v in document["views"].items()}
    if isinstance(document.get("external"), dict) and isinstance(document["external"].get("tables"), dict):
        external = dict(document["external"])
        external["tables"] = {name: dict(t, columns={c: _short_column(v) for c, v in t["columns"].items()})
                              if isinstance(t, dict) and isinstance(t.get("columns"), dict) else t
                              for name, t in external["tables"].items()}
        document["external"] = external
    return document
