"""A type read from pg_type as the catalog spells it (`TypeRef`): built-in
types by the canonical name `format_type` prints, with their modifiers;
enums, domains, composite and range types and every other type by schema
and name."""

from __future__ import annotations

import re

from compiler.catalog import types as pgtypes
from compiler.catalog.objects import TypeRef

_ROW_TYPES = {"r": "table", "p": "table", "v": "view", "m": "view"}
_USER_KINDS = {"d": "domain", "r": "range"}  # by typtype; a composite type is a row type of relkind c
_ENUM_LABEL = re.compile(r"^'((?:[^']|'')*)'::")
_MODIFIERS = re.compile(r"\(\s*(\d+(?:\s*,\s*\d+)*)\s*\)$")


def type_ref(info: dict, ndims: int = 0, user_types: set[tuple[str, str]] | None = None) -> TypeRef:
    """`info`: the element type's schema, name, typtype and format_type
    text, and whether the type is an array of it (templates/introspect/
    _macros.sql.j2 `type_json`). `ndims`: the dimensions a column declares.
    `user_types`: the (schema, name) of the domains, composite and range
    types inspected; another such type is `external` (None: any is taken)."""
    dims = max(ndims, 1) if info["array"] else 0
    if info["typtype"] == "e":
        return TypeRef(info["name"], info["schema"], (), dims, "enum")
    kind = "composite" if info.get("relkind") == "c" else _USER_KINDS.get(info["typtype"])
    if kind is not None and (user_types is None or (info["schema"], info["name"]) in user_types):
        return TypeRef(info["name"], info["schema"], (), dims, kind)
    relation = _ROW_TYPES.get(info.get("relkind"))
    if relation is not None:  # the row type of a table or view
        return TypeRef(info["name"], info["schema"], (), dims, relation)
    if info["schema"] != "pg_catalog":
        return TypeRef(info["name"], info["schema"], _modifiers(info["format"]), dims, "external")
    text = info["format"]
    try:
        parsed = pgtypes.parse_type(text)
    except pgtypes.TypeSyntaxError:
        return TypeRef(text, None, (), dims)
    builtin = pgtypes.builtin_name(parsed.name, parsed.modifiers)
    if builtin is None:
        return TypeRef(parsed.name, None, parsed.modifiers, dims)
    name, modifiers = builtin
    return TypeRef(name, None, modifiers, dims)


def _modifiers(text: str) -> tuple[int, ...]:
    """The numeric modifiers `format_type` prints after an extension's type
    (`vector(3)`); others (`geometry(Point,4326)`) the catalog does not hold."""
    match = _MODIFIERS.search(text or "")
    return tuple(int(m) for m in match.group(1).split(",")) if match else ()


def enum_label(expression: str) -> str | None:
    """The label of an enum column's default as PostgreSQL prints it
    (`'pending'::payments.status`), or None for any other expression."""
    match = _ENUM_LABEL.match(expression)
    if match is None or "::" in expression[match.end():]:
        return None
    return match.group(1).replace("''", "'")
