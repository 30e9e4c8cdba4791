"""Spec models for what is not a table: roles, grants, functions, triggers,
views, row-level security and behavioural tests."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from compiler.spec.base import Name, SpecModel, SpecValueError, SqlText, expand

_TEMP_SCHEMA = re.compile(r"pg_temp(_\d+)?")  # the session's temporary schema, by its alias or its own name
Privilege = Literal["select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain",
                    "execute", "usage", "create", "all"]


class GrantSpec(SpecModel):
    """What one role is granted on one object: `[select, insert]`, or
    `{privileges: [select], grant_option: true}` (WITH GRANT OPTION)."""

    privileges: list[Privilege] = []
    grant_option: bool = False

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        if value is None:
            return {}
        return expand(value, "privileges", (list,))


GrantsSpec = dict[Name, GrantSpec]


class RoleSpec(SpecModel):
    """A role that grants and policies name. `managed: true` (the default)
    creates it NOLOGIN; `managed: false` expects it to exist (e.g. Supabase's
    `authenticated`)."""

    managed: bool = True
    comment: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty(cls, value):
        return {} if value is None else value


class ArgumentSpec(SpecModel):
    name: Name
    type: Name
    default: SqlText | None = None
    mode: Literal["in", "out", "inout", "variadic"] = "in"


class ReturnsSpec(SpecModel):
    """`returns: uuid`, `returns: {setof: deals}` or `returns: {table: {id: uuid, n: integer}}`."""

    type: Name | None = None
    setof: Name | None = None
    table: dict[Name, Name] | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "type", (str,))

    @model_validator(mode="after")
    def _one_form(self):
        given = [k for k in ("type", "setof", "table") if getattr(self, k) is not None]
        if len(given) != 1:
            raise SpecValueError("`returns` is one of: a type, {setof: type} or {table: {column: type}}",
                                 hint="e.g. `returns: uuid`, `returns: {setof: deals}`")
        return self


class FunctionSpec(SpecModel):
    args: list[ArgumentSpec] = []
    returns: ReturnsSpec | None = None  # none: a procedure
    language: Literal["sql", "plpgsql"] = "sql"
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    strict: bool = False
    security: Literal["invoker", "definer"] = "invoker"
    search_path: list[Name] | None = None
    body: str = Field(min_length=1)
    comment: str | None = None
    grants: GrantsSpec = {}
    owner: Name | None = None  # ALTER FUNCTION ... OWNER TO (default: the domain's `owner:`)
    renamed_from: Name | None = None  # evolution: the function's previous name (same schema and arguments)

    @model_validator(mode="after")
    def _definer_needs_search_path(self):
        if self.security == "definer" and self.search_path is None:
            raise SpecValueError(
                "`security: definer` without `search_path` lets callers hijack the names it uses",
                at=("security",), hint="add `search_path: [public]` (the schemas the body needs, in order)")
        if self.security == "definer":
            temp = [i for i, schema in enumerate(self.search_path) if _TEMP_SCHEMA.fullmatch(schema)]
            if temp and temp[0] != len(self.search_path) - 1:
                raise SpecValueError(
                    f"`{self.search_path[temp[0]]}` before other schemas in the `search_path` of a `security: "
                    "definer` function lets any caller shadow the objects the body uses with temporary ones",
                    at=("search_path", temp[0]),
                    hint="put pg_temp last, or leave it out (schemac then adds it last, as PostgreSQL advises)")
        return self


class ExternalFunctionSpec(SpecModel):
    args: list[Name] = []
    returns: Name = "void"


TriggerEvent = Literal["insert", "update", "delete", "truncate"]


class TriggerSpec(SpecModel):
    function: Name
    timing: Literal["before", "after", "instead_of"]
    events: list[TriggerEvent] = Field(min_length=1)
    update_of: list[Name] = []
    for_each: Literal["row", "statement"] = "row"
    when: SqlText | None = None
    args: list[str] = []

    @model_validator(mode="after")
    def _rules(self):
        if self.update_of and "update" not in self.events:
            raise SpecValueError("`update_of` needs `update` among the events", at=("update_of",),
                                 hint="add update to `events`, or remove `update_of`")
        if self.when is not None and self.for_each == "statement":
            raise SpecValueError("a statement trigger cannot have `when`", at=("when",),
                                 hint="use `for_each: row`, or test the condition inside the function")
        return self


class PolicySpec(SpecModel):
    for_: Literal["all", "select", "insert", "update", "delete"] = Field(default="all", alias="for")
    as_: Literal["permissive", "restrictive"] = Field(default="permissive", alias="as")
    to: list[Name] = ["public"]
    using: SqlText | None = None
    with_check: SqlText | None = None

    @model_validator(mode="after")
    def _expressions(self):
        if self.using is None and self.with_check is None:
            raise SpecValueError("a policy needs `using`, `with_check` or both",
                                 hint="`using` filters the rows a command sees; `with_check` the rows it writes")
        if not self.to:
            raise SpecValueError("a policy applies to at least one role", at=("to",),
                                 hint="name the roles, e.g. `to: [app_user]`; leave `to:` out for every role (PUBLIC)")
        if self.for_ == "insert" and self.using is not None:
            raise SpecValueError("an insert policy takes `with_check` only", at=("using",),
                                 hint="rename `using` to `with_check`")
        if self.for_ in ("select", "delete") and self.with_check is not None:
            raise SpecValueError(f"a {self.for_} policy takes `using` only", at=("with_check",),
                                 hint="rename `with_check` to `using`")
        return self


class RlsSpec(SpecModel):
    enabled: bool = True
    force: bool = False
    policies: dict[Name, PolicySpec] = {}


class TestSpec(SpecModel):
    """A behavioural test, run by `schemac test` in a transaction that is rolled back."""

    setup: list[SqlText] = []
    as_role: Name | None = None
    settings: dict[Name, str] = {}
    query: SqlText
    expect: list[list[Any]] | None = None
    expect_error: str | None = None

    @model_validator(mode="after")
    def _one_expectation(self):
        if self.expect is not None and self.expect_error is not None:
            raise SpecValueError("a test has both `expect` and `expect_error`; it can check one of them",
                                 at=("expect_error",),
                                 hint="keep `expect` to check the rows, or `expect_error` to check the refusal; "
                                      "split it into two tests to check both")
        if self.expect is None and self.expect_error is None:
            raise SpecValueError("a test needs exactly one of `expect` and `expect_error`",
                                 hint="`expect: [[1]]` for rows, `expect_error: row-level security` for a refusal")
        return self
