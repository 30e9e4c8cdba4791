"""Catalog objects of the types the specs define besides enums: SQL domains,
composite types, range types, and aggregates.

Keys: `domain_type:<schema>.<name>` (a "domain" is a spec file's group of
objects), `type:<schema>.<name>` for composite and range types, and
`aggregate:<schema>.<name>(<argument types>)`, as PostgreSQL tells
aggregates apart. A column, argument or result of such a type carries a
TypeRef whose `kind` says which (`domain`, `composite`, `range`), and
`type_key` gives the key of the object it needs first."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.names import MAX_IDENTIFIER_BYTES, clip
from compiler.catalog.objects import Source, TypeRef, _source

# TypeRef.kind -> key prefix of the object that makes the type
_KEY_PREFIX = {"enum": "enum", "domain": "domain_type", "composite": "type", "range": "type",
               "table": "table", "view": "view"}


def type_key(t: TypeRef | None) -> str | None:
    """The key of the catalog object that makes type `t` (None for built-in
    and external types)."""
    if t is None or t.kind not in _KEY_PREFIX:
        return None
    return f"{_KEY_PREFIX[t.kind]}:{t.schema}.{t.name}"


def type_keys(types) -> tuple[str, ...]:
    return tuple(k for k in (type_key(t) for t in types) if k is not None)


def _type_text(t: TypeRef) -> str:
    base = f"{t.schema}.{t.name}" if t.schema else t.name
    return base + "[]" * t.array_dims


@dataclass(frozen=True)
class DomainCheck:
    name: str
    expression: str


@dataclass(frozen=True)
class DomainType:
    """CREATE DOMAIN schema.name AS base [COLLATE] [DEFAULT] [NOT NULL] [CONSTRAINT name CHECK (...)]."""

    schema: str
    name: str
    base: TypeRef
    nullable: bool = True
    default: str | None = None
    collation: str | None = None
    checks: tuple[DomainCheck, ...] = ()
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # the base type's object, functions its default and checks call
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"domain_type:{self.schema}.{self.name}"

    def check(self, name: str) -> DomainCheck | None:
        return next((c for c in self.checks if c.name == name), None)


@dataclass(frozen=True)
class Attribute:
    name: str
    type: TypeRef
    collation: str | None = None


@dataclass(frozen=True)
class CompositeType:
    """CREATE TYPE schema.name AS (attribute type [COLLATE], ...)."""

    schema: str
    name: str
    attributes: tuple[Attribute, ...]
    comment: str | None = None
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"type:{self.schema}.{self.name}"

    @property
    def depends_on(self) -> tuple[str, ...]:
        return type_keys(a.type for a in self.attributes)


@dataclass(frozen=True)
class RangeType:
    """CREATE TYPE schema.name AS RANGE (SUBTYPE, SUBTYPE_DIFF, ...). PostgreSQL
    also makes its multirange type, named `multirange` here."""

    schema: str
    name: str
    subtype: TypeRef
    multirange: str
    subtype_diff: str | None = None  # `schema.name`, or a bare built-in's name
    subtype_opclass: str | None = None
    collation: str | None = None
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # the subtype's object, a spec function as subtype_diff
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"type:{self.schema}.{self.name}"


def multirange_name(name: str) -> str:
    """PostgreSQL's name for the multirange of range type `name`
    (makeMultirangeTypeName): `multi` put before the first `range` the name
    holds, else `_multirange` added to its first 52 bytes; clipped to 63
    bytes like any name."""
    if "range" in name:
        return clip(name.replace("range", "multirange", 1), MAX_IDENTIFIER_BYTES)
    return clip(clip(name, MAX_IDENTIFIER_BYTES - 11) + "_multirange", MAX_IDENTIFIER_BYTES)


@dataclass(frozen=True)
class Aggregate:
    """CREATE AGGREGATE schema.name(args) (SFUNC, STYPE, FINALFUNC, INITCOND,
    COMBINEFUNC, PARALLEL). Functions are `schema.name`, or a bare built-in's name."""

    schema: str
    name: str
    args: tuple[TypeRef, ...]
    state_function: str
    state_type: TypeRef
    final_function: str | None = None
    combine_function: str | None = None
    initial_condition: str | None = None
    parallel: str = "unsafe"
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # types and spec functions it needs first
    source: Source | None = _source()

    @property
    def identity(self) -> str:
        return f"{self.name}({', '.join(_type_text(t) for t in self.args)})"

    @property
    def key(self) -> str:
        return f"aggregate:{self.schema}.{self.identity}"


USER_TYPES = (DomainType, CompositeType, RangeType)


def user_type_names(obj) -> list[tuple[str, str]]:
    """(name, what) of each type `obj` makes in pg_type (a range also makes its multirange)."""
    if isinstance(obj, DomainType):
        return [(obj.name, "domain")]
    if isinstance(obj, CompositeType):
        return [(obj.name, "composite type")]
    return [(obj.name, "range type"), (obj.multirange, "multirange type")]
