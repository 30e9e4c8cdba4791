"""Turn Pydantic validation errors into SpecErrors that point at the line."""

from __future__ import annotations

import difflib
import re
import types
import typing

from pydantic import BaseModel, ValidationError

from compiler.errors import SpecError
from compiler.spec.models import SpecValueError
from compiler.spec.source import SourceDocument

FLOW_SPLIT = re.compile(r"^\s*\d+\s*\)")


def suggest(word: str, choices) -> str:
    """`did you mean `x`?` for the closest choice, or ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            annotation = models[0] if models else members[0]
        else:
            return annotation


def model_at(model: type[BaseModel], loc: tuple):
    """The model class that validates the mapping at `loc` (or None)."""
    current = model
    for step in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field_by_key(current, step)
            if field is None:
                return None
            current = field.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        elif typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_by_key(model: type[BaseModel], key):
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def model_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


_KIND_OF = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}


def _found(value) -> str:
    return _KIND_OF.get(type(value), type(value).__name__)


def spec_errors(exc: ValidationError, document: SourceDocument, root_model: type[BaseModel],
                base: tuple = ()) -> list[SpecError]:
    errors = []
    for err in exc.errors(include_url=False):
        loc = base + tuple(err["loc"])
        on_key = bool(loc) and loc[-1] == "[key]"  # a mapping key failed its own validation (a name)
        if on_key:
            loc = loc[:-1]
        kind = err["type"]
        value = err.get("input")
        key = loc[-1] if loc else ""
        if kind == "extra_forbidden":
            parent = model_at(root_model, tuple(err["loc"][:-1]))
            keys = model_keys(parent) if parent else []
            message, hint = f"unknown key `{key}`", suggest(key, keys)
            if FLOW_SPLIT.match(str(key)):
                message = f"unknown key `{key}`: the comma inside `{{...}}` cut the value before it in two"
                hint = ('inside `{...}` a comma separates entries; quote a value that contains one, '
                        'e.g. `type: "numeric(15,2)"`')
                keys = []
            listing = f"valid keys here: {', '.join(keys)}" if keys else ""
            errors.append(document.error(loc, message, " ".join(x for x in (hint, listing) if x), at_key=True))
        elif kind == "missing":
            errors.append(document.error(loc[:-1], f"`{key}` is required here", f"add `{key}:` to this mapping", at_key=True))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
            hint = suggest(value, choices)
            if isinstance(value, str) and value != value.lower() and value.lower() in choices:
                hint = f"write it in lower case: `{value.lower()}`;"
            owner = next((step for i, step in reversed(list(enumerate(loc))) if isinstance(step, str)
                          and _written(document, loc[:i])), key)
            where = f"in the list `{owner}`" if isinstance(key, int) else f"for `{key}`"
            errors.append(document.error(loc, f"`{value}` is not allowed {where}",
                                         " ".join(x for x in (hint, f"use one of: {', '.join(choices)}") if x)))
        elif kind == "bool_parsing" or kind == "bool_type":
            errors.append(document.error(loc, f"`{key}` must be true or false, not `{value}`", "write true or false"))
        elif kind in ("int_parsing", "int_type"):
            errors.append(document.error(loc, f"`{key}` must be a whole number, found `{value}`", "write a whole number"))
        elif kind == "greater_than_equal":
            least = err.get("ctx", {}).get("ge")
            errors.append(document.error(loc, f"`{key}` must be at least {least}, found `{value}`",
                                         f"write a number of {least} or more"))
        elif kind == "string_type":
            errors.append(document.error(loc, f"`{key}` must be text, found {_found(value)}",
                                         "write a single value; quote it if it contains ': ' or starts with a special character"))
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            errors.append(document.error(loc, f"`{key}` must be a mapping of `key: value` entries, found {_found(value)}",
                                         "indent the entries below this key as `name: definition`"))
        elif kind == "list_type":
            errors.append(document.error(loc, f"`{key}` must be a list, found {_found(value)}", "write `[a, b]` or one `- item` per line"))
        elif kind in ("too_short", "string_too_short"):
            errors.append(document.error(loc, f"`{key}` must not be empty", "give at least one entry"))
        elif kind == "value_error":
            errors.append(_value_error(err, loc, document, on_key))
        else:
            errors.append(document.error(loc, f"`{key}`: {err['msg']}", "see docs/spec-language.md for what this key accepts"))
    return errors


def _written(document: SourceDocument, parent: tuple) -> bool:
    """Whether a key below `parent` is written in the YAML (not a short form's
    implied key, as `privileges` of `role: [select]`)."""
    import yaml
    node = document._node(parent)
    return node is None or isinstance(node, yaml.MappingNode)


def _value_error(err: dict, loc: tuple, document: SourceDocument, on_key: bool = False) -> SpecError:
    """A rule a model validator enforces; a SpecValueError says which value
    to blame and how to fix it. `on_key`: the key at `loc` is to blame."""
    cause = err.get("ctx", {}).get("error")
    if isinstance(cause, SpecValueError):
        return document.error(loc + cause.at, str(cause), cause.hint, at_key=on_key and not cause.at)
    return document.error(loc, str(cause or err["msg"]), "", at_key=on_key)
