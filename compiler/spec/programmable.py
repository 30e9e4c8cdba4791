"""Spec models for what is not a table: roles, grants, functions, triggers,
views, row-level security and behavioural tests."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from compiler.spec.base import Comment, Name, SpecModel, SpecValueError, SqlText, expand

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
    comment: Comment = None

    @model_validator(mode="before")
    @classmethod
    def _empty(cls, value):
        return {} if value is None else value


class ArgumentSpec(SpecModel):
    """`{name: p_id, type: uuid}`, or just a type (`text`): an argument
    without a name, which the body reads as $1, $2, ..."""

    name: Name | None = None
    type: Name
    default: SqlText | None = None
    mode: Literal["in", "out", "inout", "variadic"] = "in"

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return expand(value, "type", (str,))


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
    comment: Comment = None
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


class ReferencingSpec(SpecModel):
    """Transition tables: `REFERENCING OLD TABLE AS old_table NEW TABLE AS new_table`."""

    old_table: Name | None = None
    new_table: Name | None = None

    @model_validator(mode="after")
    def _one_at_least(self):
        if self.old_table is None and self.new_table is None:
            raise SpecValueError("`referencing` names `old_table`, `new_table` or both",
                                 hint="e.g. `referencing: {new_table: new_rows}`")
        if self.old_table is not None and self.old_table == self.new_table:
            raise SpecValueError("`old_table` and `new_table` cannot have the same name", at=("new_table",),
                                 hint="PostgreSQL refuses it; give the new rows' table another name")
        return self


class TriggerSpec(SpecModel):
    function: Name
    timing: Literal["before", "after", "instead_of"]
    events: list[TriggerEvent] = Field(min_length=1)
    update_of: list[Name] = []
    for_each: Literal["row", "statement"] = "row"
    when: SqlText | None = None
    args: list[str] = []
    referencing: ReferencingSpec | None = None
    constraint: bool = False  # CREATE CONSTRAINT TRIGGER
    deferrable: bool | Literal["initially_deferred"] = False

    @model_validator(mode="after")
    def _rules(self):
        if self.update_of and "update" not in self.events:
            raise SpecValueError("`update_of` needs `update` among the events", at=("update_of",),
                                 hint="add update to `events`, or remove `update_of`")
        if self.when is not None and self.for_each == "statement":
            raise SpecValueError("a statement trigger cannot have `when`", at=("when",),
                                 hint="use `for_each: row`, or test the condition inside the function")
        twice = next((e for i, e in enumerate(self.events) if e in self.events[:i]), None)
        if twice is not None:
            raise SpecValueError(f"event `{twice}` is listed twice", at=("events",),
                                 hint="list each event once")
        if self.timing == "instead_of":
            raise SpecValueError("a table cannot have INSTEAD OF triggers (they are for views)", at=("timing",),
                                 hint="use `timing: before` to change or skip the row")
        if "truncate" in self.events and self.for_each == "row":
            raise SpecValueError("a TRUNCATE trigger fires once per statement: PostgreSQL has no row-level "
                                 "TRUNCATE triggers", at=("events",),
                                 hint="add `for_each: statement`, or make a separate statement trigger for truncate")
        self._constraint_rules()
        self._transition_rules()
        return self

    def _constraint_rules(self) -> None:
        if self.deferrable is not False and not self.constraint:
            raise SpecValueError("only a constraint trigger can be deferrable", at=("deferrable",),
                                 hint="add `constraint: true` (an AFTER ... FOR EACH ROW trigger), or remove "
                                      "`deferrable`")
        if not self.constraint:
            return
        if self.timing != "after":
            raise SpecValueError("a constraint trigger fires AFTER the event", at=("timing",),
                                 hint="use `timing: after`, or remove `constraint: true`")
        if self.for_each != "row":
            raise SpecValueError("a constraint trigger is FOR EACH ROW", at=("for_each",),
                                 hint="use `for_each: row`, or remove `constraint: true`")
        if self.referencing is not None:
            raise SpecValueError("a constraint trigger cannot have transition tables", at=("referencing",),
                                 hint="remove `referencing`, or `constraint: true`")

    def _transition_rules(self) -> None:
        if self.referencing is None:
            return
        if self.timing != "after":
            raise SpecValueError("transition tables (`referencing`) need an AFTER trigger", at=("referencing",),
                                 hint="use `timing: after`")
        if len(self.events) != 1:
            raise SpecValueError("a trigger with transition tables (`referencing`) has exactly one event",
                                 at=("events",),
                                 hint="PostgreSQL refuses transition tables on a trigger of several events; make one "
                                      "trigger per event")
        if self.update_of:
            raise SpecValueError("a trigger with transition tables (`referencing`) cannot have `update_of`",
                                 at=("update_of",), hint="remove `update_of`, or `referencing`")
        event = self.events[0]
        if self.referencing.old_table is not None and event not in ("update", "delete"):
            raise SpecValueError(f"`old_table` holds the rows before an update or delete; a {event} trigger has none",
                                 at=("referencing", "old_table"),
                                 hint="use `new_table` for inserted rows" if event == "insert" else
                                      "remove `referencing`")
        if self.referencing.new_table is not None and event not in ("update", "insert"):
            raise SpecValueError(f"`new_table` holds the rows after an insert or update; a {event} trigger has none",
                                 at=("referencing", "new_table"),
                                 hint="use `old_table` for deleted rows" if event == "delete" else
                                      "remove `referencing`")


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
