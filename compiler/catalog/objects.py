"""Frozen catalog objects with stable keys.

A key names an object independently of where it came from, e.g.
`table:public.RevenueConnection` or `constraint:public.BankAccount.BankAccount_pkey`.
Objects from specs carry their `source` (file, line, column) for errors; the
source takes no part in equality, so a catalog read back from state.json or a
live database compares equal to one compiled from specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


class Source:
    """Where a spec object is written. Objects resolved from specs get their
    line, column and key path looked up lazily, in the YAML node tree, only
    when an error or a message asks for them."""

    __slots__ = ("file", "_where", "_lookup")

    def __init__(self, file: str, line: int = 1, column: int = 1, path: str = "", lookup=None) -> None:
        self.file = file
        self._where = None if lookup else (line, column, path)
        self._lookup = lookup

    def _resolved(self) -> tuple[int, int, str]:
        if self._where is None:
            self._where = self._lookup()
            self._lookup = None
        return self._where

    @property
    def line(self) -> int:
        return self._resolved()[0]

    @property
    def column(self) -> int:
        return self._resolved()[1]

    @property
    def path(self) -> str:
        return self._resolved()[2]

    def __repr__(self) -> str:
        return f"Source({self.file}:{self.line}:{self.column})"


def _source() -> Source | None:
    return field(default=None, compare=False, repr=False)


def _optional(default):
    """A field added after state.json had its format: written to the state
    only when it differs from `default`, so the states of catalogs that do
    not use it stay byte for byte what they were (and read back the same)."""
    return field(default=default, metadata={"omit_default": True})


def _hint(default=None):
    """An evolution hint (`renamed_from`, `using`, `remap`): it says how the
    previous state becomes this one, not what the database holds, so it takes
    no part in equality and is not written to state.json."""
    return field(default=default, compare=False, repr=False)


@dataclass(frozen=True)
class TypeRef:
    """A column type. Built-in types carry PostgreSQL's canonical name
    (`character varying`, `timestamp with time zone`); enums and external
    types carry their schema."""

    name: str
    schema: str | None = None
    modifiers: tuple[int, ...] = ()
    array_dims: int = 0
    kind: str = "builtin"  # builtin | enum | external

    @property
    def element(self) -> "TypeRef":
        return TypeRef(self.name, self.schema, self.modifiers, 0, self.kind)


@dataclass(frozen=True)
class ColumnDefault:
    """A default: a SQL expression as written, or an enum label."""

    expression: str | None = None
    enum_label: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    type: TypeRef
    nullable: bool = True
    default: ColumnDefault | None = None
    identity: str | None = None  # always | by_default
    generated: str | None = None
    virtual: bool = _optional(False)  # a generated column computed when read (PostgreSQL 18), not STORED
    comment: str | None = None
    sensitive: bool = False
    depends_on: tuple[str, ...] = ()  # functions and sequences its default or generated expression uses
    source: Source | None = _source()
    renamed_from: str | None = _hint()
    using: str | None = _hint()  # the cast of a type change: an expression over the old column
    # `using: {online: true}`: expand/contract (compiler/online/expand_contract.py); false: one ALTER TABLE;
    # None: as `migrations: {type_changes: ...}` says
    online: bool | None = _hint(None)
    using_source: Source | None = _source()  # where `using:` is written


@dataclass(frozen=True)
class Schema:
    name: str
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"schema:{self.name}"


@dataclass(frozen=True)
class Extension:
    name: str
    schema: str = "public"  # CREATE EXTENSION ... WITH SCHEMA: never left to the search_path
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"extension:{self.name}"


@dataclass(frozen=True)
class Enum:
    schema: str
    name: str
    values: tuple[str, ...]
    comment: str | None = None
    source: Source | None = _source()
    renamed_from: str | None = _hint()
    value_renames: tuple[tuple[str, str], ...] = _hint(())  # (new label, previous label)
    remap: tuple[tuple[str, str], ...] = _hint(())  # (removed label, label its rows get)

    @property
    def key(self) -> str:
        return f"enum:{self.schema}.{self.name}"


@dataclass(frozen=True)
class PartitionKey:
    """PARTITION BY <strategy> (<elements>): columns or expressions."""

    strategy: str  # range | list | hash
    elements: tuple[IndexElement, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(e.column for e in self.elements if e.column is not None)


@dataclass(frozen=True)
class BoundDatum:
    """One value of a range bound: a constant as written, or MINVALUE/MAXVALUE."""

    value: str | None = None
    special: str | None = None  # minvalue | maxvalue


@dataclass(frozen=True)
class PartitionBound:
    """FOR VALUES ... of a partition, or DEFAULT (`kind` default)."""

    kind: str  # range | list | hash | default
    lower: tuple[BoundDatum, ...] = ()
    upper: tuple[BoundDatum, ...] = ()
    values: tuple[str | None, ...] = ()  # a list partition's values (None: NULL)
    modulus: int | None = None
    remainder: int | None = None


@dataclass(frozen=True)
class Table:
    """A table. A partitioned table has `partition_by`; a partition names its
    parent in `partition_of` (same schema) with its `bound`, and holds no
    columns of its own: it has its parent's."""

    schema: str
    name: str
    columns: tuple[Column, ...]
    comment: str | None = None
    source: Source | None = _source()
    renamed_from: str | None = _hint()
    unlogged: bool = _optional(False)
    partition_by: PartitionKey | None = _optional(None)
    partition_of: str | None = _optional(None)
    bound: PartitionBound | None = _optional(None)

    @property
    def key(self) -> str:
        return f"table:{self.schema}.{self.name}"

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def parent_key(self) -> str | None:
        return f"table:{self.schema}.{self.partition_of}" if self.partition_of else None


@dataclass(frozen=True)
class IndexElement:
    """A column or expression of an index or exclusion constraint, with how
    it is indexed: collation, operator class (and its parameters, name and
    value as PostgreSQL stores them, in order), order and NULLS placement;
    in an exclusion constraint, the operator it is compared WITH."""

    column: str | None = None
    expression: str | None = None
    collate: str | None = _optional(None)
    opclass: str | None = _optional(None)
    opclass_params: tuple[tuple[str, str], ...] = _optional(())
    order: str | None = _optional(None)  # asc | desc (None: as written nothing)
    nulls: str | None = _optional(None)  # first | last
    operator: str | None = _optional(None)  # exclusion constraints only


@dataclass(frozen=True)
class Constraint:
    """Primary key, unique, check, foreign key or exclusion constraint of a
    table. An exclusion constraint's `columns` are the columns its elements
    name (what a column change asks of it); its `elements` say how."""

    schema: str
    table: str
    name: str
    kind: str  # primary_key | unique | check | foreign_key | exclusion
    columns: tuple[str, ...] = ()
    expression: str | None = None
    nulls_not_distinct: bool = False
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    on_delete: str = "no_action"
    on_update: str = "no_action"
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    depends_on: tuple[str, ...] = ()  # functions a check calls
    without_overlaps: bool = _optional(False)  # a temporal key: its last column WITHOUT OVERLAPS (PostgreSQL 18)
    period: bool = _optional(False)  # a temporal foreign key: PERIOD on the last column of both sides (PostgreSQL 18)
    method: str | None = _optional(None)  # an exclusion constraint's index method
    elements: tuple[IndexElement, ...] = _optional(())  # an exclusion constraint's elements, each WITH its operator
    where: str | None = _optional(None)  # an exclusion constraint's predicate
    source: Source | None = _source()
    renamed_from: str | None = _hint()

    @property
    def key(self) -> str:
        return f"constraint:{self.schema}.{self.table}.{self.name}"

    @property
    def table_key(self) -> str:
        return f"table:{self.schema}.{self.table}"

    @property
    def ref_table_key(self) -> str | None:
        return f"table:{self.ref_schema}.{self.ref_table}" if self.ref_table else None



@dataclass(frozen=True)
class Index:
    schema: str
    table: str
    name: str
    elements: tuple[IndexElement, ...]
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    concurrently: bool = False
    comment: str | None = None
    relation: str = "table"  # table | view (a materialized view)
    depends_on: tuple[str, ...] = ()  # functions its expressions call
    parameters: tuple[tuple[str, str], ...] = _optional(())  # storage parameters, WITH (name = value, ...)
    source: Source | None = _source()
    renamed_from: str | None = _hint()

    @property
    def key(self) -> str:
        return f"index:{self.schema}.{self.name}"

    @property
    def table_key(self) -> str:
        return f"{self.relation}:{self.schema}.{self.table}"


@dataclass(frozen=True)
class ExternalTable:
    """A table managed elsewhere; specs may reference it, migrations never create it."""

    schema: str
    name: str
    columns: tuple[Column, ...]
    key_columns: tuple[tuple[str, ...], ...] = ()  # declared primary key / unique column sets
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"external_table:{self.schema}.{self.name}"


@dataclass(frozen=True)
class Sequence:
    """CREATE SEQUENCE with every option as PostgreSQL records it in
    pg_sequence (defaults worked out, compiler/catalog/sequences.py), so a
    sequence written with its defaults and one written without them are one
    object. `owned_by` is (table, column) of the sequence's schema: the
    sequence of a `serial` column is one such."""

    schema: str
    name: str
    type: str = "bigint"  # smallint | integer | bigint
    start: int = 1
    increment: int = 1
    min: int = 1
    max: int = 9223372036854775807
    cache: int = 1
    cycle: bool = False
    owned_by: tuple[str, ...] = ()  # (table, column), or () for none
    comment: str | None = None
    source: Source | None = _source()
    renamed_from: str | None = _hint()

    @property
    def key(self) -> str:
        return f"sequence:{self.schema}.{self.name}"

    @property
    def owner_table_key(self) -> str | None:
        return f"table:{self.schema}.{self.owned_by[0]}" if self.owned_by else None


CatalogObject = Schema | Extension | Enum | Table | Constraint | Index | Sequence


@dataclass(frozen=True)
class Catalog:
    """Everything a set of specs describes, keyed and sorted by key."""

    objects: tuple[CatalogObject, ...] = ()
    external_tables: tuple[ExternalTable, ...] = ()
    external_types: tuple[str, ...] = ()
    external_functions: tuple = ()  # ExternalFunction: callable, never created
    external_roles: tuple[str, ...] = ()  # roles that exist already (managed: false)
    # keys of destructive changes the specs mark as intended, with where each is written
    accepted_destructive: tuple[tuple[str, Source], ...] = _hint(())
    # keys of steps the specs let take a lock above `migrations.max_lock`, with where each is written
    accepted_locks: tuple[tuple[str, Source], ...] = _hint(())

    def __post_init__(self) -> None:
        object.__setattr__(self, "objects", tuple(sorted(self.objects, key=lambda o: o.key)))
        object.__setattr__(self, "external_tables", tuple(sorted(self.external_tables, key=lambda o: o.key)))
        object.__setattr__(self, "external_functions",
                           tuple(sorted(self.external_functions, key=lambda f: (f.schema, f.name))))
        object.__setattr__(self, "external_roles", tuple(sorted(self.external_roles)))

    def __iter__(self) -> Iterator[CatalogObject]:
        return iter(self.objects)

    def of_kind(self, kind: type) -> list:
        return [o for o in self.objects if isinstance(o, kind)]

    def by_key(self) -> dict[str, CatalogObject]:
        return {o.key: o for o in self.objects}

    @property
    def tables(self) -> list[Table]:
        return self.of_kind(Table)

    @property
    def enums(self) -> list[Enum]:
        return self.of_kind(Enum)

    @property
    def constraints(self) -> list[Constraint]:
        return self.of_kind(Constraint)

    @property
    def indexes(self) -> list[Index]:
        return self.of_kind(Index)
