"""Building blocks shared by every spec model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

# A SQL expression as the user wrote it; YAML numbers and booleans are welcome.
SqlText = Annotated[str, Field(min_length=1), WithJsonSchema({"type": ["string", "number", "boolean"]})]
Name = Annotated[str, Field(min_length=1)]
FkAction = Literal["no_action", "restrict", "cascade", "set_null", "set_default"]


class SpecValueError(ValueError):
    """A rule broken inside a mapping, with the key path (below the mapping
    being validated) of the value to blame and a hint for the user."""

    def __init__(self, message: str, at: tuple = (), hint: str = "") -> None:
        super().__init__(message)
        self.at = at
        self.hint = hint


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def expand(value, key: str, kinds: tuple[type, ...]):
    """Short form: a bare value of one of `kinds` stands for {key: value}."""
    if isinstance(value, kinds):
        return {key: value}
    return value
