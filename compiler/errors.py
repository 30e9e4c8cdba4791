"""Errors that reach users.

`SpecError` is a mistake in a spec: it always knows where (file, line, column,
key path) and says what would be right (hint). `SpecErrors` carries every
mistake of one run, sorted, so an architect fixes them all at once.
`UsageError` is a wrong command line; `DatabaseError` a server that refused or
could not be reached. Anything else escaping to the CLI is a bug in schemac.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SpecError(Exception):
    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if self.path:
            text += f"\n    at {self.path}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class SpecErrors(Exception):
    """All spec errors of one run, sorted by file, line and column."""

    def __init__(self, errors: list[SpecError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} spec error(s)")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UsageError(Exception):
    """The command line or project file asks for something schemac cannot do."""


class DatabaseError(Exception):
    """PostgreSQL refused a statement or could not be reached. `step_key` is
    the key of the migration step whose statement failed, when known, so a
    caller holding the catalog can point at the spec that asked for it."""

    def __init__(self, message: str, step_key: str | None = None):
        super().__init__(message)
        self.step_key = step_key


class DatabaseUnavailable(DatabaseError):
    """The server could not be reached or went away (a connection lost or
    terminated, the server shutting down), or refused the connecting role
    what running a migration needs (a privilege such as CREATEROLE, a
    resource): a fact of the environment, not a defect of the specs, so
    `schemac test` stops there (exit 3) instead of reporting a failed step."""


class ErrorCollector:
    """Gathers spec errors so that one run reports all of them."""

    def __init__(self) -> None:
        self.errors: list[SpecError] = []

    def add(self, error: SpecError) -> None:
        self.errors.append(error)

    def extend(self, errors) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise SpecErrors(self.errors)
