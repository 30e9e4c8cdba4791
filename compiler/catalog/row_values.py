"""A reference row's value judged offline against its column's type.

Values are YAML text (`"10"`, `true`, `2024-01-31`), read by PostgreSQL's
input function of the column's type when the row is inserted. Where that
function's answer is certain offline (integers, numeric, floating point,
boolean, uuid, an enum's labels, the length of varchar(n)/char(n), json,
ISO dates and timestamps), a value PostgreSQL would refuse is a spec error;
other types (arrays, intervals, network addresses, types of extensions)
are left to PostgreSQL. `normal` gives the text by which two values of a
key compare: `01` and `1` are one integer.
"""

from __future__ import annotations

import datetime
import json
import re

from compiler.catalog.objects import TypeRef

_INTEGER_RANGE = {"smallint": 2 ** 15, "integer": 2 ** 31, "bigint": 2 ** 63}
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$")
_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
_SPECIAL_NUMBERS = {"nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf"}
_TRUE = {"t", "true", "y", "yes", "on", "1"}
_FALSE = {"f", "false", "n", "no", "off", "0"}
_UUID = re.compile(r"^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$")
_LENGTH_TYPES = ("character varying", "character")
_DATES = ("date",)
_TIMESTAMPS = ("timestamp without time zone", "timestamp with time zone")


def problem(type_ref: TypeRef, text: str, labels: list[str] | None) -> tuple[str, str] | None:
    """(message, hint) when PostgreSQL certainly refuses `text` as a value of
    `type_ref` (`labels`: the enum's, when the type is an enum); else None."""
    if "\x00" in text:
        return "a value cannot hold the NUL character", "PostgreSQL stores no NUL in any text; remove it"
    if type_ref.array_dims:
        return None  # array input syntax: left to PostgreSQL
    if type_ref.kind == "enum":
        if labels is not None and text not in labels:
            return (f"`{text}` is not a value of enum {type_ref.schema}.{type_ref.name}",
                    f"write one of: {', '.join(labels)}")
        return None
    if type_ref.kind != "builtin":
        return None
    name = type_ref.name
    if name in _INTEGER_RANGE:
        if not _INTEGER.match(text):
            return f"`{text}` is not {'an' if name == 'integer' else 'a'} {name}", "write a whole number in decimal digits"
        limit = _INTEGER_RANGE[name]
        if not -limit <= int(text) < limit:
            return f"`{text}` is out of range for {name}", f"a {name} lies between {-limit} and {limit - 1}"
        return None
    if name in ("numeric", "real", "double precision"):
        if not _NUMBER.match(text) and text.strip().lower() not in _SPECIAL_NUMBERS:
            return f"`{text}` is not a number ({name})", "write a number such as 10, 2.5 or 1e-3"
        return None
    if name == "boolean":
        if text.strip().lower() not in _TRUE | _FALSE:
            return f"`{text}` is not a boolean", "write true or false"
        return None
    if name == "uuid":
        if not _UUID.match(text.strip()):
            return f"`{text}` is not a uuid", "write it as 8-4-4-4-12 hexadecimal digits"
        return None
    if name in _LENGTH_TYPES and type_ref.modifiers:
        if len(text.rstrip(" ") if name == "character" else text) > type_ref.modifiers[0]:
            return (f"`{text}` is longer than {name}({type_ref.modifiers[0]}) takes",
                    "shorten the value, or widen the column")
        return None
    if name in ("json", "jsonb"):
        try:
            json.loads(text)
        except ValueError:
            return f"`{text}` is not JSON", "write the JSON document as text, e.g. '{\"a\": 1}' in single quotes"
        return None
    if name in _DATES or name in _TIMESTAMPS:
        try:
            (datetime.date if name in _DATES else datetime.datetime).fromisoformat(text.strip())
        except ValueError:
            return (f"`{text}` is not an ISO {'date' if name in _DATES else 'timestamp'}",
                    "write YYYY-MM-DD (and HH:MM:SS): other forms are read by the server's DateStyle")
        return None
    return None


def normal(type_ref: TypeRef, text: str) -> str:
    """The text by which two values of `type_ref` compare equal (a valid value)."""
    if type_ref.kind == "builtin" and not type_ref.array_dims:
        if type_ref.name in _INTEGER_RANGE and _INTEGER.match(text):
            return str(int(text))
        if type_ref.name == "boolean" and text.strip().lower() in _TRUE | _FALSE:
            return "true" if text.strip().lower() in _TRUE else "false"
        if type_ref.name == "uuid" and _UUID.match(text.strip()):
            digits = re.sub(r"[^0-9a-fA-F]", "", text).lower()
            return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
    return text
