"""Spec models of index elements (a column or expression with its
collation, operator class, order and NULLS placement) and of exclusion
constraints (see docs/spec-language.md, "Indexes" and "Keys, checks and
foreign keys")."""

from __future__ import annotations

import re
from typing import Literal, Union

from pydantic import Field, field_validator, model_validator

from compiler.spec.base import Comment, Name, SpecModel, SpecValueError, SqlText, expand

# A parameter's value as YAML writes it (`m: 16`, `fastupdate: false`, `buffering: auto`).
ParameterMap = dict[Name, Union[str, int, float, bool]]
_OPERATOR = re.compile(r"^[+\-*/<>=~!@#%^&|`?]{1,63}$")


class ElementOptions(SpecModel):
    """How one element of an index is indexed."""

    collate: Name | None = None
    opclass: Name | None = None
    opclass_params: ParameterMap = {}
    order: Literal["asc", "desc"] | None = None
    nulls: Literal["first", "last"] | None = None

    @model_validator(mode="after")
    def _params_need_opclass(self):
        if self.opclass_params and self.opclass is None:
            raise SpecValueError("`opclass_params` needs `opclass`", ("opclass_params",),
                                 "name the operator class the parameters are for, e.g. `opclass: gist_trgm_ops`")
        return self


class IndexColumnSpec(ElementOptions):
    """A column of an index: its name, or in long form `{column: title, opclass: gin_trgm_ops}`."""

    column: Name

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "column", (str,))


class IndexExpressionSpec(ElementOptions):
    """An expression of an index: its text, or in long form `{expression: lower(email), opclass: text_pattern_ops}`."""

    expression: SqlText

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "expression", (str, int, float, bool))


class ExclusionElementSpec(ElementOptions):
    """`{column: room_id, with: "="}` or `{expression: ..., with: "&&"}`."""

    column: Name | None = None
    expression: SqlText | None = None
    with_: str = Field(alias="with")

    @model_validator(mode="after")
    def _one_target(self):
        if (self.column is None) == (self.expression is None):
            raise SpecValueError("an exclusion element needs one of `column` or `expression`",
                                 hint="write `{column: room_id, with: \"=\"}` or `{expression: lower(name), with: \"=\"}`")
        if not _OPERATOR.match(self.with_):
            raise SpecValueError(f"`{self.with_}` is not an operator", ("with",),
                                 "write the operator the rows are compared with, e.g. `=` or `&&`")
        return self


class ExclusionSpec(SpecModel):
    """EXCLUDE USING method (element WITH operator, ...) [WHERE (...)]."""

    elements: list[ExclusionElementSpec] = Field(min_length=1)
    using: Name = "gist"
    where: SqlText | None = None
    deferrable: Literal["false", "true", "initially_deferred"] = "false"
    name: Name | None = None
    comment: Comment = None
    renamed_from: Name | None = None  # evolution: the constraint's previous name

    @field_validator("deferrable", mode="before")
    @classmethod
    def _deferrable_text(cls, value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return {"yes": "true", "no": "false"}.get(value.lower(), value.lower())
        return value


def parameter_text(value) -> str:
    """A parameter's value as text (YAML scalars arrive as written)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
