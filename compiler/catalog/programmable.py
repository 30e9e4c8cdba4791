"""Catalog objects that are not tables: roles, grants, functions, triggers,
views, policies and row-level security flags. Keys follow PostgreSQL's own
identity rules: a function is known by its name and argument types, a
trigger or policy by its table and name."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Source, TypeRef, _hint, _optional, _source


@dataclass(frozen=True)
class Role:
    name: str
    comment: str | None = None
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"role:{self.name}"


@dataclass(frozen=True)
class Grant:
    """Privileges on one object for one role. `on` is the key of the object."""

    on: str
    object_kind: str  # table | view | function | procedure | schema | sequence
    schema: str
    name: str
    role: str
    privileges: tuple[str, ...]
    arg_types: tuple[TypeRef, ...] = ()  # for functions: the signature
    source: Source | None = _source()
    grant_option: bool = _optional(False)  # WITH GRANT OPTION
    column: str | None = _optional(None)  # a column privilege: GRANT SELECT (column) ON the table `on`
    baseline: tuple[str, ...] = _optional(())  # what the role holds when the specs say nothing (PUBLIC's USAGE on `public`)

    @property
    def key(self) -> str:
        if self.column is not None:
            return f"grant:column:{self.schema}.{self.name}.{self.column}:{self.role}"
        return f"grant:{self.on}:{self.role}"


@dataclass(frozen=True)
class Argument:
    name: str  # "" for an argument without a name ($1, $2, ... in the body)
    type: TypeRef
    default: str | None = None
    mode: str = "in"


@dataclass(frozen=True)
class Returns:
    """Exactly one of: a type, setof a type, or a table of columns."""

    type: TypeRef | None = None
    setof: TypeRef | None = None
    table: tuple[tuple[str, TypeRef], ...] = ()


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    args: tuple[Argument, ...]
    returns: Returns | None  # None: a procedure
    language: str
    body: str
    volatility: str = "volatile"
    strict: bool = False
    security: str = "invoker"
    search_path: tuple[str, ...] | None = None
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # keys of the tables, views and functions the body needs first
    public_execute: bool = True  # PostgreSQL lets PUBLIC execute new functions unless revoked
    source: Source | None = _source()
    renamed_from: str | None = _hint()

    @property
    def identity(self) -> str:
        """name(argument types): how PostgreSQL tells functions apart."""
        types = ", ".join(_type_key(a.type) for a in self.args if a.mode != "out")
        return f"{self.name}({types})"

    @property
    def key(self) -> str:
        return f"function:{self.schema}.{self.identity}"


def _type_key(t: TypeRef) -> str:
    base = f"{t.schema}.{t.name}" if t.schema else t.name
    return base + "[]" * t.array_dims


@dataclass(frozen=True)
class Trigger:
    schema: str
    table: str
    name: str
    function_key: str
    function_schema: str
    function_name: str
    timing: str  # before | after | instead_of
    events: tuple[str, ...]
    update_of: tuple[str, ...] = ()
    for_each: str = "row"
    when: str | None = None
    args: tuple[str, ...] = ()
    old_table: str | None = _optional(None)  # transition tables: REFERENCING OLD TABLE AS ...
    new_table: str | None = _optional(None)  # ... NEW TABLE AS ...
    constraint: bool = _optional(False)  # CREATE CONSTRAINT TRIGGER
    deferrable: bool = _optional(False)
    initially_deferred: bool = _optional(False)
    relation: str = _optional("table")  # table | external_table: on a table the migrations do not make
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"trigger:{self.schema}.{self.table}.{self.name}"

    @property
    def table_key(self) -> str:
        return f"{self.relation}:{self.schema}.{self.table}"


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    query: str
    materialized: bool = False
    security_invoker: bool = False
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # keys of the tables, views and functions the query reads
    with_data: bool = _optional(True)  # a materialized view: false = made WITH NO DATA
    source: Source | None = _source()
    renamed_from: str | None = _hint()

    @property
    def key(self) -> str:
        return f"view:{self.schema}.{self.name}"


@dataclass(frozen=True)
class Policy:
    schema: str
    table: str
    name: str
    command: str = "all"  # all | select | insert | update | delete
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: str | None = None
    with_check: str | None = None
    depends_on: tuple[str, ...] = ()  # functions and tables its expressions use
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"policy:{self.schema}.{self.table}.{self.name}"

    @property
    def table_key(self) -> str:
        return f"table:{self.schema}.{self.table}"


@dataclass(frozen=True)
class RowSecurity:
    """ENABLE / FORCE ROW LEVEL SECURITY on a table."""

    schema: str
    table: str
    enabled: bool = True
    forced: bool = False
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"rls:{self.schema}.{self.table}"

    @property
    def table_key(self) -> str:
        return f"table:{self.schema}.{self.table}"


@dataclass(frozen=True)
class ExternalFunction:
    schema: str
    name: str
    args: tuple[TypeRef, ...] = ()
    returns: TypeRef | None = None
    source: Source | None = _source()
