"""Spec models of partitioned tables: the partition key, the partitions with
their bounds, generated partition series (see docs/spec-language.md,
"Partitioned tables"). Rules that need the table's columns and types
(compiler/catalog/partitions.py) are checked when the table is resolved."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from compiler.spec.base import Comment, Name, SpecModel, SpecValueError, SqlText

STRATEGIES = ("range", "list", "hash")
SPECIAL_BOUNDS = ("minvalue", "maxvalue")
BoundValue = str | None  # a YAML scalar, kept as written (None: NULL, list partitions only)
_SCALAR = {"type": ["string", "number", "boolean", "null"]}
# one value, or a list of them (one per key column for a range, the values of a list partition)
BoundValues = Annotated[list[BoundValue], WithJsonSchema({"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR}]})]
_ENTRY = {"anyOf": [{"type": "string", "description": "a column"},
                    {"type": "object", "properties": {"expression": {"type": ["string", "number", "boolean"]}},
                     "required": ["expression"], "additionalProperties": False}]}
_KEY_ENTRIES = WithJsonSchema({"anyOf": [
    {"type": "string", "description": "short form: one column"},
    {"type": "array", "items": _ENTRY, "minItems": 1},
    {"type": "object", "properties": {"expressions": {"type": "array", "items": {"type": "string"}}},
     "required": ["expressions"], "additionalProperties": False}]})


class PartitionExpressionSpec(SpecModel):
    """A partition key entry that is an expression: `{expression: lower(name)}`."""

    expression: SqlText


PartitionKeyEntry = Name | PartitionExpressionSpec


class PartitionKeySpec(SpecModel):
    """`{range: [col, ...]}`, `{list: [col]}` or `{hash: [col]}`; an entry is
    a column name or `{expression: ...}`; `{range: {expressions: [...]}}` is
    a key of expressions only."""

    range: Annotated[list[PartitionKeyEntry], _KEY_ENTRIES] | None = None
    list_: Annotated[list[PartitionKeyEntry], _KEY_ENTRIES] | None = Field(default=None, alias="list")
    hash: Annotated[list[PartitionKeyEntry], _KEY_ENTRIES] | None = None

    @field_validator("range", "list_", "hash", mode="before")
    @classmethod
    def _expressions_form(cls, value):
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict) and set(value) == {"expressions"} and isinstance(value["expressions"], list):
            return [{"expression": e} for e in value["expressions"]]
        return value

    @model_validator(mode="after")
    def _one_strategy(self):
        given = [s for s in STRATEGIES if self.entries_of(s) is not None]
        if len(given) != 1:
            raise SpecValueError("`partition_by` names exactly one strategy: range, list or hash",
                                 hint="write e.g. `partition_by: {range: [created_at]}`")
        entries = self.entries_of(given[0])
        if not entries:
            raise SpecValueError(f"the {given[0]} partition key needs at least one column or expression",
                                 (given[0],), "list the key columns, e.g. `[created_at]`")
        if given[0] == "list" and len(entries) > 1:
            raise SpecValueError("PostgreSQL partitions by list on one column or expression only", ("list",),
                                 "keep one entry, or partition by range")
        return self

    def entries_of(self, strategy: str):
        return self.list_ if strategy == "list" else getattr(self, strategy)

    @property
    def strategy(self) -> str:
        return next(s for s in STRATEGIES if self.entries_of(s) is not None)

    @property
    def entries(self) -> list[PartitionKeyEntry]:
        return self.entries_of(self.strategy)


def _values(value):
    """A bound given as one scalar stands for a list of one value."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return [value]
    return value


class PartitionBoundSpec(SpecModel):
    """A partition and its bound: range `from`/`to`, list `in`, hash
    `modulus`/`remainder`, or `default: true`; its own comment (and indexes:
    `PartitionSpec` of compiler/spec/models.py, which defines index specs)."""

    from_: BoundValues | None = Field(default=None, alias="from")
    to: BoundValues | None = None
    in_: BoundValues | None = Field(default=None, alias="in", min_length=1)
    modulus: int | None = Field(default=None, gt=0)
    remainder: int | None = Field(default=None, ge=0)
    default: bool = False
    comment: Comment = None
    partition_by: Annotated[dict | None, WithJsonSchema({"not": {}, "description": "sub-partitioning is not supported yet"})] = None

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _range_values(cls, value):
        return _values(value) if value is not None else None

    @field_validator("in_", mode="before")
    @classmethod
    def _list_values(cls, value):
        return value if isinstance(value, list) else _values(value)

    @field_validator("from_", "to")
    @classmethod
    def _no_null(cls, values):
        for i, value in enumerate(values or []):
            if value is None:
                raise SpecValueError("a range bound cannot be NULL", (i,),
                                     "write a value, or `minvalue` / `maxvalue` for an open end")
        return values

    @property
    def kind(self) -> str:
        if self.default:
            return "default"
        if self.in_ is not None:
            return "list"
        if self.modulus is not None or self.remainder is not None:
            return "hash"
        return "range"

    @model_validator(mode="after")
    def _one_bound(self):
        if self.partition_by is not None:
            raise SpecValueError("a partition cannot be partitioned itself: sub-partitioning is not supported yet",
                                 ("partition_by",),
                                 "remove `partition_by` here; partition the parent by more key columns instead")
        given = [k for k, present in (("from/to", self.from_ is not None or self.to is not None),
                                      ("in", self.in_ is not None),
                                      ("modulus/remainder", self.modulus is not None or self.remainder is not None),
                                      ("default", self.default)) if present]
        if len(given) != 1:
            raise SpecValueError("a partition has one bound: `from` and `to` (range), `in` (list), "
                                 "`modulus` and `remainder` (hash), or `default: true`"
                                 + (f"; this one has {' and '.join(given)}" if given else ""),
                                 hint="e.g. `{from: '2024-01-01', to: '2024-02-01'}` or `{in: [de, fr]}`")
        if given[0] == "from/to" and (self.from_ is None or self.to is None):
            missing = "to" if self.to is None else "from"
            raise SpecValueError(f"a range partition needs both `from` and `to`; `{missing}` is missing",
                                 hint=f"add `{missing}:` (use `minvalue` or `maxvalue` for an open end)")
        if given[0] == "modulus/remainder" and (self.modulus is None or self.remainder is None):
            missing = "remainder" if self.remainder is None else "modulus"
            raise SpecValueError(f"a hash partition needs both `modulus` and `remainder`; `{missing}` is missing",
                                 hint=f"add `{missing}:`")
        if self.kind == "hash" and self.remainder >= self.modulus:
            raise SpecValueError(f"the remainder ({self.remainder}) must be less than the modulus ({self.modulus})",
                                 ("remainder",), f"write a remainder from 0 to {self.modulus - 1}")
        return self


_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
PLACEHOLDERS = ("yyyy", "mm", "dd")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class PartitionSeriesSpec(SpecModel):
    """Range partitions generated for each day, week, month or year from
    `from` (included) to `to` (excluded), named by `name` with {yyyy} {mm} {dd}."""

    every: Literal["day", "week", "month", "year"]
    from_: str = Field(alias="from")
    to: str
    name: Name

    @field_validator("from_", "to")
    @classmethod
    def _date(cls, value):
        if not _DATE.match(value):
            raise SpecValueError(f"`{value}` is not a date written YYYY-MM-DD", hint="e.g. `2024-01-01`")
        return value

    @field_validator("name")
    @classmethod
    def _placeholders(cls, value):
        for found in _PLACEHOLDER.findall(value):
            if found not in PLACEHOLDERS:
                raise SpecValueError(f"`{{{found}}}` is not a placeholder of a partition name",
                                     hint="use {yyyy}, {mm} and {dd}")
        return value

