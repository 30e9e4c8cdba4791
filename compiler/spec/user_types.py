"""Spec models of the types a domain defines besides enums: SQL domains
(`domains:`, CREATE DOMAIN), composite and range types (`types:`, CREATE TYPE
... AS (...) / AS RANGE) and aggregates (`aggregates:`, CREATE AGGREGATE)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from compiler.spec.base import Comment, Name, SpecModel, SpecValueError, SqlText, expand


class DomainTypeSpec(SpecModel):
    """`year: {type: integer, check: VALUE >= 1901}`: a base type with a
    default, NOT NULL, a collation and named checks over VALUE. `check:` is
    the one-check short form, named `<domain>_check` as PostgreSQL names it."""

    type: Name
    nullable: bool = True
    default: SqlText | None = None
    collate: Name | None = None
    check: SqlText | None = None
    checks: dict[Name, SqlText] = {}
    comment: Comment = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "type", (str,))


class AttributeSpec(SpecModel):
    """An attribute of a composite type: `street: text` or `{type: text, collate: C}`."""

    type: Name
    collate: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "type", (str,))


class RangeSpec(SpecModel):
    subtype: Name
    subtype_diff: Name | None = None  # a function (subtype, subtype) -> double precision
    subtype_opclass: Name | None = None
    collation: Name | None = None


class TypeSpec(SpecModel):
    """A composite type (`columns:`) or a range type (`range:`)."""

    columns: dict[Name, AttributeSpec] | None = None
    range: RangeSpec | None = None
    comment: Comment = None

    @model_validator(mode="after")
    def _one_form(self):
        if (self.columns is None) == (self.range is None):
            raise SpecValueError("a type is either composite (`columns:`) or a range (`range:`)",
                                 hint="e.g. `full_address: {columns: {street: text, city: text}}` or "
                                      "`floatrange: {range: {subtype: float8}}`")
        if self.columns is not None and not self.columns:
            raise SpecValueError("a composite type needs at least one column", ("columns",),
                                 hint="list its attributes, e.g. `columns: {street: text}`")
        return self


class AggregateSpec(SpecModel):
    """CREATE AGGREGATE name(args) (SFUNC, STYPE, FINALFUNC, INITCOND,
    COMBINEFUNC, PARALLEL)."""

    args: list[Name] = Field(min_length=1)
    state_function: Name
    state_type: Name
    final_function: Name | None = None
    initial_condition: str | int | float | None = None
    combine_function: Name | None = None
    parallel: Literal["safe", "restricted", "unsafe"] = "unsafe"
    comment: Comment = None

    @model_validator(mode="after")
    def _text_condition(self):
        if self.initial_condition is not None and not isinstance(self.initial_condition, str):
            object.__setattr__(self, "initial_condition", str(self.initial_condition))
        return self


SHORT_FORMS = {
    "DomainTypeSpec": {"type": "string", "description": "short form: just the base type"},
    "AttributeSpec": {"type": "string", "description": "short form: just the type"},
}
