"""Building blocks shared by every spec model."""

from __future__ import annotations

from typing import Annotated, Literal

from pglast import parser
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from compiler import control_chars


def _ends_open(text: str) -> str:
    """SQL text is embedded in statements that go on after it (`CHECK (...)`,
    a view's `;`): a `--` comment on its last line would swallow the rest."""
    if "--" in text:
        try:
            tokens = parser.scan(text)
        except Exception:  # noqa: BLE001 - pglast raises ParseError or ValueError; the parser reports it later
            return text
        if tokens and tokens[-1].name == "SQL_COMMENT":
            raise SpecValueError("a `--` comment ends this SQL text, and would swallow what schemac writes after it",
                                 hint="move the comment to a line of its own above, or write it /* like this */")
    return text


# A SQL expression as the user wrote it; YAML numbers and booleans are welcome.
SqlText = Annotated[str, Field(min_length=1), AfterValidator(_ends_open),
                    WithJsonSchema({"type": ["string", "number", "boolean"]})]
FkAction = Literal["no_action", "restrict", "cascade", "set_null", "set_default"]


class SpecValueError(ValueError):
    """A rule broken inside a mapping, with the key path (below the mapping
    being validated) of the value to blame and a hint for the user."""

    def __init__(self, message: str, at: tuple = (), hint: str = "") -> None:
        super().__init__(message)
        self.at = at
        self.hint = hint


def printable(name: str) -> str:
    """Every name (objects, columns, enum labels, roles, schemas, test titles,
    every mapping key of a spec) is this one type: the single place where
    control characters are refused (see compiler/control_chars.py)."""
    char = control_chars.first_control(name)
    if char is not None:
        raise SpecValueError(
            f"`{control_chars.escaped(name)}` holds the control character {control_chars.describe(char)}, "
            "which no name may hold",
            hint="remove it: a name may hold any character but control characters and line breaks "
                 "(in YAML, a `\\n` or `\\t` escape inside double quotes makes one; "
                 "see docs/spec-language.md, Names)")
    return name


Name = Annotated[str, Field(min_length=1), AfterValidator(printable)]


def _no_comment(text):
    """`COMMENT ON ... IS ''` removes a comment: an empty one is no comment."""
    return None if text == "" else text


# A comment (COMMENT ON): free text; empty is none, as PostgreSQL keeps it.
Comment = Annotated[str | None, BeforeValidator(_no_comment)]


class SpecModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def expand(value, key: str, kinds: tuple[type, ...]):
    """Short form: a bare value of one of `kinds` stands for {key: value}."""
    if isinstance(value, kinds):
        return {key: value}
    return value
