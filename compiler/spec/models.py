"""The spec language as Pydantic models (see docs/spec-language.md).

Every model forbids unknown keys. Short forms (`tags: text[]`, an index given
as a column name, an enum given as a list of values) are expanded by
`mode="before"` validators, so the rest of schemac sees one shape only.
Cross-object rules (does the referenced table exist?) belong to the resolver;
these models check the shape of each mapping on its own.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, WithJsonSchema, field_validator, model_validator

from compiler.spec.base import Comment, FkAction, Name, SpecModel, SpecValueError, SqlText, printable  # noqa: F401
from compiler.spec.base import expand as _expand
from compiler.spec.keys import ExclusionSpec, IndexColumnSpec, IndexExpressionSpec, ParameterMap
from compiler.spec.partitions import PartitionBoundSpec, PartitionKeySpec, PartitionSeriesSpec
from compiler.spec.programmable import (  # noqa: F401
    ExternalFunctionSpec,
    FunctionSpec,
    GrantSpec,
    GrantsSpec,
    PolicySpec,
    RlsSpec,
    RoleSpec,
    TestSpec,
    TriggerSpec,
)
from compiler.spec.user_types import SHORT_FORMS as _TYPE_SHORT_FORMS
from compiler.spec.user_types import AggregateSpec, DomainTypeSpec, TypeSpec

_METHOD = re.compile(r"^[a-z_][a-z0-9_]*$")
# a reference row's value: every YAML scalar is read as the text written (`10`, `true` are text)
RowValue = Annotated[str, WithJsonSchema({"type": ["string", "number", "boolean"]})]


class GeneratedSpec(SpecModel):
    """`generated: {expression: ..., virtual: true}`: a VIRTUAL generated
    column (PostgreSQL 18), computed when read; `generated: expr` is STORED."""

    expression: SqlText
    virtual: bool = False


class UsingSpec(SpecModel):
    """`using: {online: true}`: the type change runs as an expand/contract
    recipe (docs/online.md) instead of one ALTER TABLE; `online: false`: one
    ALTER TABLE whatever `migrations: {type_changes: ...}` says; `expression`
    is the conversion, as `using: <expression>` is."""

    online: bool | None = None
    expression: SqlText | None = None

    @model_validator(mode="after")
    def _says_something(self):
        if self.online is None and self.expression is None:
            raise SpecValueError("`using:` as a mapping needs `online: true`, `online: false` or `expression`", (),
                                 "write `using: {online: true}`, or `using: <expression>`")
        return self


class ColumnSpec(SpecModel):
    type: Name
    nullable: bool | None = None
    default: SqlText | None = None
    identity: Literal["always", "by_default"] | None = None
    # a mapping is read as GeneratedSpec only, so its mistakes are reported once
    generated: Annotated[Annotated[SqlText, Tag("text")] | Annotated[GeneratedSpec, Tag("mapping")],
                         Discriminator(lambda v: "mapping" if isinstance(v, (dict, GeneratedSpec)) else "text")] | None = None
    primary_key: bool = False
    unique: bool = False
    references: Name | None = None
    on_delete: FkAction | None = None
    on_update: FkAction | None = None
    check: SqlText | None = None
    comment: Comment = None
    sensitive: bool = False
    override: bool = False
    grants: GrantsSpec = {}  # column privileges: GRANT SELECT (col) ...
    renamed_from: Name | None = None  # evolution: the column's previous name (a rename, not drop+add)
    # evolution: how old values become the new type (ALTER ... TYPE ... USING), or {online: true, expression: ...}
    using: Annotated[Annotated[SqlText, Tag("text")] | Annotated[UsingSpec, Tag("mapping")],
                     Discriminator(lambda v: "mapping" if isinstance(v, (dict, UsingSpec)) else "text")] | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _expand(value, "type", (str,))

    @property
    def using_expression(self) -> str | None:
        return self.using.expression if isinstance(self.using, UsingSpec) else self.using

    @property
    def using_online(self) -> bool | None:
        """`using: {online: ...}`; None when not written."""
        return self.using.online if isinstance(self.using, UsingSpec) else None

    @property
    def using_path(self) -> tuple:
        """Where the `using` expression is written, below the column."""
        return ("using", "expression") if isinstance(self.using, UsingSpec) else ("using",)

    @property
    def generated_expression(self) -> str | None:
        return self.generated.expression if isinstance(self.generated, GeneratedSpec) else self.generated

    @property
    def generated_virtual(self) -> bool:
        return isinstance(self.generated, GeneratedSpec) and self.generated.virtual

    @property
    def generated_path(self) -> tuple:
        """Where the generated expression is written, below the column."""
        return ("generated", "expression") if isinstance(self.generated, GeneratedSpec) else ("generated",)

    @field_validator("identity", mode="before")
    @classmethod
    def _identity_flag(cls, value):
        if isinstance(value, str) and value.lower() in ("true", "yes"):
            return "by_default"
        return value

    @model_validator(mode="after")
    def _exclusive(self):
        if self.identity and self.default is not None:
            raise SpecValueError("a column cannot have both `identity` and `default`", ("default",),
                                 "an identity column gets its values from its sequence; remove `default` or `identity`")
        if self.generated is not None and (self.default is not None or self.identity):
            raise SpecValueError("a generated column cannot also have `default` or `identity`", ("generated",),
                                 "remove `default`/`identity`; the column's value comes from `generated`")
        if self.primary_key and self.nullable:
            raise SpecValueError("a primary key column cannot be `nullable: true`", ("nullable",),
                                 "remove `nullable: true`; primary key columns are always NOT NULL")
        if (self.on_delete or self.on_update) and not self.references:
            action = "on_delete" if self.on_delete else "on_update"
            raise SpecValueError(f"`{action}` needs `references`", (action,),
                                 "add `references: table.column`, or remove the action")
        return self


class EnumValueSpec(SpecModel):
    """A value in long form, to say which value it was before: `{name: SETTLED, renamed_from: COMPLETED}`."""

    name: Name
    renamed_from: Name | None = None


class EnumSpec(SpecModel):
    values: list[Name | EnumValueSpec] = Field(min_length=1)
    comment: Comment = None
    renamed_from: Name | None = None  # evolution: the type's previous name
    remap: dict[Name, Name] = {}  # evolution: removed value -> the value its rows get

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _expand(value, "values", (list,))

    @field_validator("values", mode="before")
    @classmethod
    def _printable_labels(cls, values):
        """A label in short form is checked before the union with the long
        form is tried, so its control character is reported once, at it."""
        if isinstance(values, list):
            for i, value in enumerate(values):
                if isinstance(value, str):
                    try:
                        printable(value)
                    except SpecValueError as exc:
                        raise SpecValueError(str(exc), (i,), exc.hint) from None
        return values

    @property
    def labels(self) -> list[str]:
        return [v if isinstance(v, str) else v.name for v in self.values]

    @property
    def value_renames(self) -> dict[str, str]:
        """new label -> previous label, for the values written with `renamed_from`."""
        return {v.name: v.renamed_from for v in self.values if not isinstance(v, str) and v.renamed_from}

    @field_validator("values")
    @classmethod
    def _unique_values(cls, values):
        seen = set()
        for i, value in enumerate(values):
            label = value if isinstance(value, str) else value.name
            if label in seen:
                raise SpecValueError(f"enum value `{label}` is listed twice", (i,), "remove the repeated value")
            seen.add(label)
        return values

    @model_validator(mode="after")
    def _remap_targets(self):
        labels = self.labels
        for old, new in self.remap.items():
            if new not in labels:
                raise SpecValueError(f"`remap` sends `{old}` to `{new}`, which is not a value of this enum", ("remap", old),
                                     f"map it to one of: {', '.join(labels)}")
            if old in labels:
                raise SpecValueError(f"`remap` names `{old}`, which is still a value of this enum", ("remap", old),
                                     "remap only values that this version removes")
        return self


def _columns_short_form(value):
    """`col` or `[a, b]` stands for {columns: [...]}."""
    if isinstance(value, str):
        return {"columns": [value]}
    return _expand(value, "columns", (list,))


class PrimaryKeySpec(SpecModel):
    columns: list[Name] = Field(min_length=1)
    name: Name | None = None
    without_overlaps: bool = False  # PostgreSQL 18: the last column WITHOUT OVERLAPS
    renamed_from: Name | None = None  # evolution: the constraint's previous name

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _columns_short_form(value)


class UniqueSpec(SpecModel):
    columns: list[Name] = Field(min_length=1)
    name: Name | None = None
    nulls_not_distinct: bool = False
    without_overlaps: bool = False  # PostgreSQL 18: the last column WITHOUT OVERLAPS
    comment: Comment = None
    renamed_from: Name | None = None  # evolution: the constraint's previous name

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _columns_short_form(value)


class CheckSpec(SpecModel):
    """A named check in long form: `{expression: amount > 0, renamed_from: old_name}`."""

    expression: SqlText
    renamed_from: Name | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _expand(value, "expression", (str, int, float, bool))


class ForeignKeyTargetSpec(SpecModel):
    table: Name
    columns: list[Name] = Field(min_length=1)


class ForeignKeySpec(SpecModel):
    columns: list[Name] = Field(min_length=1)
    references: ForeignKeyTargetSpec
    on_delete: FkAction = "no_action"
    on_update: FkAction = "no_action"
    deferrable: Literal["false", "true", "initially_deferred"] = "false"
    period: bool = False  # PostgreSQL 18: PERIOD on the last column of both sides
    name: Name | None = None
    comment: Comment = None
    renamed_from: Name | None = None  # evolution: the constraint's previous name

    @field_validator("deferrable", mode="before")
    @classmethod
    def _deferrable_text(cls, value):
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return {"yes": "true", "no": "false"}.get(value.lower(), value.lower())
        return value


class IndexSpec(SpecModel):
    columns: list[IndexColumnSpec] = []  # a name, or {column: ..., opclass: ..., ...}
    expressions: list[IndexExpressionSpec] = []  # a text, or {expression: ..., opclass: ..., ...}
    name: Name | None = None
    unique: bool = False
    using: Name = "btree"
    where: SqlText | None = None
    include: list[Name] = []
    nulls_not_distinct: bool = False
    concurrently: bool = False
    with_: ParameterMap = Field(default={}, alias="with")  # storage parameters
    comment: Comment = None
    renamed_from: Name | None = None  # evolution: the index's previous name

    @property
    def column_names(self) -> list[str]:
        return [c.column for c in self.columns]

    @property
    def expression_texts(self) -> list[str]:
        return [e.expression for e in self.expressions]

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _columns_short_form(value)

    @field_validator("using")
    @classmethod
    def _method(cls, value):
        if not _METHOD.match(value):
            raise SpecValueError(f"`{value}` is not an index method name",
                                 hint="use btree, hash, gist, spgist, gin, brin or an extension's method")
        return value

    @model_validator(mode="after")
    def _has_keys(self):
        if not self.columns and not self.expressions:
            raise SpecValueError("an index needs `columns` or `expressions`",
                                 hint="write `columns: [col]` or `expressions: [lower(col)]`")
        if self.nulls_not_distinct and not self.unique:
            raise SpecValueError("`nulls_not_distinct` applies to unique indexes only", ("nulls_not_distinct",),
                                 "add `unique: true`, or remove `nulls_not_distinct`")
        return self


class TableBody(SpecModel):
    """What a table and a mixin have in common."""

    columns: dict[Name, ColumnSpec] = {}
    primary_key: PrimaryKeySpec | None = None
    unique: list[UniqueSpec] = []
    checks: dict[Name, CheckSpec] = {}
    foreign_keys: list[ForeignKeySpec] = []
    indexes: list[IndexSpec] = []
    exclude: list[ExclusionSpec] = []  # exclusion constraints
    triggers: dict[Name, TriggerSpec] = {}
    rls: RlsSpec | None = None
    grants: GrantsSpec = {}


class MixinSpec(TableBody):
    comment: Comment = None


class PartitionSpec(PartitionBoundSpec):
    # the partition's own indexes and foreign keys (those of the parent apply to it already)
    indexes: list[IndexSpec] = []
    foreign_keys: list[ForeignKeySpec] = []


class TableSpec(TableBody):
    comment: Comment = None
    owner: Name | None = None  # ALTER TABLE ... OWNER TO (default: the domain's `owner:`)
    use: list[Name] = []
    renamed_from: Name | None = None  # evolution: the table's previous name, in the same schema
    unlogged: bool = False
    partition_by: PartitionKeySpec | None = None
    partitions: dict[Name, PartitionSpec] = {}
    partition_series: PartitionSeriesSpec | None = None
    # reference rows: column -> value (YAML text, typed by the column; null is NULL), keyed by the primary key
    rows: list[dict[Name, RowValue | None]] = Field(
        default=[], description="reference rows: column -> value (YAML text typed by the column; null is NULL), "
                                "kept by the primary key; at most 1,000",
        examples=[[{"key": "max_upload_mb", "value": "10"}, {"key": "theme", "value": None}]])

    @model_validator(mode="after")
    def _partitioning(self):
        if (self.partitions or self.partition_series) and self.partition_by is None:
            at = "partitions" if self.partitions else "partition_series"
            raise SpecValueError(f"`{at}` needs `partition_by` on the table", (at,),
                                 "add e.g. `partition_by: {range: [created_at]}`")
        if self.partition_series is not None and self.partition_by.strategy != "range":
            raise SpecValueError("`partition_series` makes range partitions; this table is partitioned by "
                                 f"{self.partition_by.strategy}", ("partition_series",),
                                 "partition by range, or list the partitions under `partitions:`")
        if self.unlogged and self.partition_by is not None:
            raise SpecValueError("a partitioned table cannot be unlogged (PostgreSQL 18 refuses it, and earlier "
                                 "versions ignore it: its partitions stay logged)", ("unlogged",),
                                 "remove `unlogged: true`")
        return self


class ExternalColumnSpec(SpecModel):
    type: Name
    primary_key: bool = False
    unique: bool = False

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _expand(value, "type", (str,))


class ExternalTableSpec(SpecModel):
    columns: dict[Name, ExternalColumnSpec] = Field(min_length=1)
    primary_key: PrimaryKeySpec | None = None
    unique: list[UniqueSpec] = []
    triggers: dict[Name, TriggerSpec] = {}  # made and dropped by the migrations; the table is not


class ExternalSpec(SpecModel):
    tables: dict[Name, ExternalTableSpec] = {}
    types: list[Name] = []
    functions: dict[Name, ExternalFunctionSpec] = {}


class ViewSpec(SpecModel):
    query: SqlText
    materialized: bool = False
    with_data: bool = True  # a materialized view: false = CREATE ... WITH NO DATA (filled by REFRESH)
    security_invoker: bool = False
    comment: Comment = None
    grants: GrantsSpec = {}
    owner: Name | None = None  # ALTER [MATERIALIZED] VIEW ... OWNER TO (default: the domain's `owner:`)
    indexes: list[IndexSpec] = []
    renamed_from: Name | None = None  # evolution: the view's previous name, in the same schema

    @model_validator(mode="after")
    def _rules(self):
        if self.indexes and not self.materialized:
            raise SpecValueError("only a materialized view can have indexes", at=("indexes",),
                                 hint="add `materialized: true`, or index the underlying tables")
        if not self.with_data and not self.materialized:
            raise SpecValueError("`with_data` applies to materialized views only", at=("with_data",),
                                 hint="add `materialized: true`, or remove `with_data`")
        if self.security_invoker and self.materialized:
            raise SpecValueError("`security_invoker` applies to plain views only", at=("security_invoker",),
                                 hint="a materialized view is filled by whoever refreshes it")
        return self


class SequenceSpec(SpecModel):
    """CREATE SEQUENCE (see docs/spec-language.md, "Sequences and serial
    columns"). Omitted options take PostgreSQL's defaults for the type and
    the direction of `increment`."""

    type: Name = "bigint"
    start: int | None = None
    increment: int = 1
    min: int | None = None
    max: int | None = None
    cache: int = 1
    cycle: bool = False
    owned_by: Name | None = None  # table.column of the sequence's schema
    comment: Comment = None
    grants: GrantsSpec = {}
    renamed_from: Name | None = None  # evolution: the sequence's previous name, in the same schema

    @model_validator(mode="after")
    def _rules(self):
        for key in ("start", "increment", "min", "max", "cache"):
            value = getattr(self, key)
            if value is not None and not -(2 ** 63) <= value < 2 ** 63:
                raise SpecValueError(f"`{key}: {value}` is out of range for a sequence (a bigint)", (key,),
                                     "write a value from -9223372036854775808 to 9223372036854775807")
        if self.increment == 0:
            raise SpecValueError("`increment` cannot be 0", ("increment",),
                                 "write a positive step (ascending) or a negative one (descending)")
        if self.cache < 1:
            raise SpecValueError(f"`cache` must be at least 1, not {self.cache}", ("cache",),
                                 "1 means no values are kept in memory ahead")
        return self


class ExtensionSpec(SpecModel):
    """`citext` or `{name: citext, schema: ext}`: the extension's objects go
    into `schema` (default public), whatever the migration's search_path."""

    name: Name
    schema_: Name = Field(default="public", alias="schema")

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value):
        return _expand(value, "name", (str,))


class DefaultPrivilegesSpec(SpecModel):
    """ALTER DEFAULT PRIVILEGES [FOR ROLE for_role] [IN SCHEMA schema] GRANT ... ON <on> TO <role>."""

    for_role: Name | None = None  # whose new objects (default: the role that runs the migration)
    schema_: Name | None = Field(default=None, alias="schema")
    on: Literal["tables", "sequences", "functions", "types", "schemas"]
    grants: GrantsSpec = Field(min_length=1)


class DomainSpec(SpecModel):
    """One spec file (or one file of a domain folder)."""

    domain: Name | None = None
    description: str | None = None
    schema_: Name | None = Field(default=None, alias="schema")
    depends_on: list[Name] = []
    extensions: list[ExtensionSpec] = []
    schemas: list[Name] = []
    enums: dict[Name, EnumSpec] = {}
    sequences: dict[Name, SequenceSpec] = {}
    domains: dict[Name, DomainTypeSpec] = {}  # SQL domains (CREATE DOMAIN); `domain:` names the spec file's domain
    types: dict[Name, TypeSpec] = {}  # composite and range types
    aggregates: dict[Name, AggregateSpec] = {}
    external: ExternalSpec = ExternalSpec()
    roles: dict[Name, RoleSpec] = {}
    owner: Name | None = None  # the default owner of the tables, views and functions of this file
    schema_grants: dict[Name, GrantsSpec] = {}  # schema -> role -> [usage, create]
    default_privileges: list[DefaultPrivilegesSpec] = []
    mixins: dict[Name, MixinSpec] = {}
    tables: dict[Name, TableSpec] = {}
    functions: dict[Name, FunctionSpec] = {}
    views: dict[Name, ViewSpec] = {}
    tests: dict[Name, TestSpec] = {}
    accept_destructive: list[Name] = []  # keys of destructive changes meant to happen, as `schemac plan` prints them
    # keys of steps meant to take a lock above `migrations: {max_lock: ...}` of schemac.yaml
    accept_locks: list[Name] = []

    @field_validator("accept_destructive", "accept_locks")
    @classmethod
    def _keys(cls, keys):
        for i, key in enumerate(keys):
            kind, _, name = key.partition(":")
            if not kind or not name or not kind.replace("_", "").isalpha():
                raise SpecValueError(f"`{key}` is not a key of a step", (i,),
                                     "write the key `schemac plan` shows for the step, e.g. "
                                     "`column:payments.payments.legacy_ref` or `table:payments.old_table`")
        return keys


from compiler.spec.project import (  # noqa: F401, E402  (schemac.yaml: compiler/spec/project.py)
    SUPPORTED_VERSIONS,
    MigrationSettings,
    PostgresSettings,
    PrivilegeSettings,
    ProjectSpec,
)

SHORT_FORMS = {
    "GrantSpec": {"type": "array", "items": {"type": "string"}, "description": "short form: the privileges"},
    "ColumnSpec": {"type": "string", "description": "short form: just the type, nullable"},
    "ExternalColumnSpec": {"type": "string", "description": "short form: just the type"},
    "ArgumentSpec": {"type": "string", "description": "short form: just the type, an argument without a name ($1, $2, ...)"},
    "ExtensionSpec": {"type": "string", "description": "short form: the extension's name (installed in public)"},
    "CheckSpec": {"type": ["string", "number", "boolean"], "description": "short form: the expression"},
    "IndexColumnSpec": {"type": "string", "description": "short form: the column's name"},
    "IndexExpressionSpec": {"type": ["string", "number", "boolean"], "description": "short form: the expression"},
    "EnumSpec": {"type": "array", "items": {"type": "string"}, "description": "short form: the values"},
    "IndexSpec": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                  "description": "short form: one column, or a list of columns"},
    "UniqueSpec": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                   "description": "short form: the columns"},
    "PrimaryKeySpec": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                       "description": "short form: the columns"},
    **_TYPE_SHORT_FORMS,
}
