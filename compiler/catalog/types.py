"""PostgreSQL type names: aliases normalised to the names `format_type` prints.

An exact grammar of our own rather than sqlglot's type parser, which maps
PostgreSQL types onto a cross-dialect set and loses meaning on the way
(`bit varying(3)` becomes `BIT`, `float(10)` becomes double precision,
`tsvector` does not parse).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# canonical name -> (min modifiers, max modifiers)
_MODIFIERS = {
    "numeric": (0, 2),
    "character varying": (0, 1),
    "character": (0, 1),
    "bit": (0, 1),
    "bit varying": (0, 1),
    "timestamp without time zone": (0, 1),
    "timestamp with time zone": (0, 1),
    "time without time zone": (0, 1),
    "time with time zone": (0, 1),
    "interval": (0, 1),
}

_ALIASES = {
    "int": "integer", "int4": "integer", "integer": "integer",
    "int2": "smallint", "smallint": "smallint",
    "int8": "bigint", "bigint": "bigint",
    "bool": "boolean", "boolean": "boolean",
    "decimal": "numeric", "numeric": "numeric",
    "real": "real", "float4": "real",
    "float8": "double precision", "double precision": "double precision", "float": "double precision",
    "text": "text",
    "varchar": "character varying", "character varying": "character varying", "char varying": "character varying",
    "char": "character", "character": "character", "bpchar": "character",
    "timestamp": "timestamp without time zone", "timestamp without time zone": "timestamp without time zone",
    "timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
    "time": "time without time zone", "time without time zone": "time without time zone",
    "timetz": "time with time zone", "time with time zone": "time with time zone",
    "varbit": "bit varying", "bit varying": "bit varying", "bit": "bit",
}
_PLAIN = {
    "date", "interval", "uuid", "json", "jsonb", "bytea", "inet", "cidr", "macaddr", "macaddr8", "money",
    "xml", "tsvector", "tsquery", "point", "line", "lseg", "box", "path", "polygon", "circle", "oid",
    "name", "regclass", "regtype", "regproc", "regprocedure", "regrole", "regnamespace", "pg_lsn",
    "pg_snapshot", "txid_snapshot", "int4range", "int8range", "numrange", "tsrange", "tstzrange",
    "daterange", "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange",
    "datemultirange", "jsonpath",
}
_SERIALS = {"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"}

_TYPE = re.compile(
    r"^\s*(?P<name>[^\s(\[][^(\[]*?)\s*(?:\(\s*(?P<mods>[^)]*)\))?\s*(?P<zone>with(?:out)?\s+time\s+zone)?\s*(?P<array>(?:\[\s*\d*\s*\]\s*)*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedType:
    name: str  # as written, without modifiers or array brackets
    modifiers: tuple[int, ...]
    array_dims: int


class TypeSyntaxError(ValueError):
    pass


@lru_cache(maxsize=4096)
def parse_type(text: str) -> ParsedType:
    match = _TYPE.match(text)
    if not match:
        raise TypeSyntaxError(f"`{text}` is not a type name")
    name = " ".join(match.group("name").split())
    if match.group("zone"):
        name = f"{name} {' '.join(match.group('zone').lower().split())}"
    modifiers: tuple[int, ...] = ()
    if match.group("mods") is not None:
        try:
            modifiers = tuple(int(m) for m in match.group("mods").split(","))
        except ValueError:
            raise TypeSyntaxError(f"type modifiers in `{text}` must be whole numbers, e.g. numeric(18,2)") from None
    dims = match.group("array").count("[")
    return ParsedType(name, modifiers, dims)


@lru_cache(maxsize=4096)
def builtin_name(name: str, modifiers: tuple[int, ...]) -> tuple[str, tuple[int, ...]] | None:
    """Canonical name and modifiers of a built-in type, or None if `name` is not one."""
    lowered = name.lower()
    if lowered == "float" and modifiers:
        # float(p): PostgreSQL picks real for p <= 24, double precision above.
        return ("real" if modifiers[0] <= 24 else "double precision"), ()
    if lowered in _ALIASES:
        canonical = _ALIASES[lowered]
    elif lowered in _PLAIN:
        canonical = lowered
    else:
        return None
    if canonical == "character" and not modifiers:
        modifiers = (1,)  # char means char(1)
    return canonical, modifiers


def modifier_problem(canonical: str, modifiers: tuple[int, ...]) -> tuple[str, str] | None:
    """(message, hint) when `modifiers` do not suit the type, else None."""
    low, high = _MODIFIERS.get(canonical, (0, 0))
    if not low <= len(modifiers) <= high:
        if high == 0:
            return f"type `{canonical}` takes no modifiers", _NO_MODIFIER_HINTS.get(canonical, "remove the parentheses")
        return f"type `{canonical}` takes at most {high} modifier(s)", f"write e.g. {_EXAMPLES.get(canonical, canonical)}"
    if canonical == "numeric" and modifiers:
        precision = modifiers[0]
        if not 1 <= precision <= 1000:
            return ("numeric precision must be between 1 and 1000",
                    "write numeric(precision, scale), e.g. numeric(18,2), or plain `numeric` for any precision")
        if len(modifiers) == 2 and not 0 <= modifiers[1] <= precision:
            return "numeric scale must be between 0 and the precision", "write numeric(precision, scale), e.g. numeric(18,2)"
    elif canonical.startswith(("time", "interval")) and modifiers and not 0 <= modifiers[0] <= 6:
        return "time precision must be between 0 and 6", "the precision counts fractional digits of seconds, e.g. timestamptz(3)"
    elif modifiers and modifiers[0] < 1:
        return f"the length of `{canonical}` must be at least 1", f"write e.g. {_EXAMPLES.get(canonical, canonical)}"
    return None


_NO_MODIFIER_HINTS = {
    "text": "remove the modifier: `text` has no length limit; use varchar(n) to limit the length",
    "integer": "remove the modifier: integer types have a fixed size; use numeric(p) for a number of digits",
    "smallint": "remove the modifier: integer types have a fixed size; use numeric(p) for a number of digits",
    "bigint": "remove the modifier: integer types have a fixed size; use numeric(p) for a number of digits",
}
_EXAMPLES = {"numeric": "numeric(18,2)", "character varying": "varchar(20)", "character": "char(3)",
             "bit": "bit(8)", "bit varying": "varbit(8)"}


def is_serial(name: str) -> bool:
    return name.lower() in _SERIALS


# Types whose values PostgreSQL compares across a foreign key without a cast.
_FAMILIES = [
    {"text", "character varying", "character"},
    {"smallint", "integer", "bigint"},
    {"real", "double precision"},
    {"timestamp without time zone", "timestamp with time zone", "date"},
]


def comparable(a: str, b: str) -> bool:
    return a == b or any(a in family and b in family for family in _FAMILIES)


KNOWN_TYPE_NAMES = sorted(set(_ALIASES) | _PLAIN)
