"""Changes to the columns (and the comment) of a table that exists on both
sides of a migration: one class per statement kind, each with its reverse.

Hazards are typed data derived from the catalog objects, never from SQL text.
Where the reverse of a step cannot give the data back (a dropped column, a
type change that rounds values), the step carries `Hazard.IRREVERSIBLE` and
its reverse is marked `data_lost`, so down.sql says so at that point.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Column, ColumnDefault, TypeRef
from compiler.catalog.user_types import type_keys
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.type_changes import TypeChange, casts_through_text, needs_explicit_cast, type_change
from compiler.ops.volatility import may_be_volatile

_COLUMN_PHASE = 5  # with CREATE TABLE: before constraints (6) and indexes (7) that may name the column


def _table_key(schema: str, table: str) -> str:
    return f"table:{schema}.{table}"


def _column_key(schema: str, table: str, column: str) -> str:
    return f"column:{schema}.{table}.{column}"


def _type_keys(t: TypeRef) -> tuple[str, ...]:
    return type_keys((t,))  # enums, domains, composite and range types


# ---------------------------------------------------------------- operations

@dataclass(frozen=True)
class AddColumn(Op):
    """ALTER TABLE ... ADD COLUMN, with the column's comment. As the reverse
    of a dropped column (`data_lost`), the script says the values are gone.
    `rebuilt`: keys of the views reading `*` of the table, dropped before it
    and made again after it (compiler/diff/column_users.py `around_add`);
    it waits for their drops."""

    schema: str
    table: str
    column: Column
    data_lost: bool = False
    # as the reverse of a DropColumn among the creates: what it had, so the reverse of the reverse is that step
    rebuilt: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    among_creates: bool = False
    template = "add_column"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column.name)

    def requires(self):
        return (_table_key(self.schema, self.table), *_type_keys(self.column.type), *self.column.depends_on,
                *(key + DROP for key in self.rebuilt))

    @property
    def fills_rows(self) -> bool:
        """Whether existing rows get a value: a default, an identity or a generated expression."""
        c = self.column
        return c.default is not None or c.identity is not None or c.generated is not None

    @property
    def writes_each_row(self) -> bool:
        """Whether PostgreSQL rewrites the table to add the column: a value
        computed per row (an identity, a STORED generated expression, a default
        that may be volatile) or a domain type (it checks each row's value
        when the domain has constraints, which is not known here)."""
        c = self.column
        if c.identity is not None or (c.generated is not None and not c.virtual) or c.type.kind == "domain":
            return True
        return c.default is not None and c.default.expression is not None and may_be_volatile(c.default.expression)

    @property
    def hazards(self):
        hazards = []
        if not self.column.nullable and not self.fills_rows:
            hazards.append(Hazard.VALIDATES_ROWS)  # fails on a table that has rows
        if self.writes_each_row:
            hazards += [Hazard.REWRITES_TABLE, Hazard.ACCESS_EXCLUSIVE_LOCK]
        return tuple(hazards)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    @property
    def scans(self):
        return not self.column.nullable and not self.fills_rows  # NOT NULL checked on every row

    def reverse(self):
        return DropColumn(self.schema, self.table, self.column, self.rebuilt, self.needs, self.among_creates)


@dataclass(frozen=True)
class DropColumn(Op):
    """ALTER TABLE ... DROP COLUMN. Among the drops (after every create),
    unless objects must be made after it (`among_creates`): views, policies
    or triggers that read the column, dropped before it and made again
    without it (`rebuilt`, their keys: it waits for their drops,
    compiler/diff/column_users.py), or new ones that read its table's `*`.
    `needs`: other steps it waits for (the drop of a column whose generated
    expression reads this one)."""

    schema: str
    table: str
    column: Column
    rebuilt: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    among_creates: bool = False
    template = "drop_column"
    phase = _COLUMN_PHASE

    @property
    def creates(self):
        return self.among_creates

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column.name)

    def requires(self):
        return (*(key + DROP for key in self.rebuilt), *self.needs)

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE, Hazard.ACCESS_EXCLUSIVE_LOCK, Hazard.IRREVERSIBLE)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AddColumn(self.schema, self.table, self.column, True, self.rebuilt, self.needs, self.among_creates)


@dataclass(frozen=True)
class AlterColumnType(Op):
    """The type change of one column: a part of AlterColumnTypes, never a
    step of its own (it has no template). It keeps what is said per column:
    its key (`column:s.t.c:type`, by which `accept_destructive:` names it),
    its hazards, and its reverse. The column's default is dropped before and
    set after the change (it may not cast to the new type), so a type change
    owns the default of its column."""

    schema: str
    table: str
    before: Column
    after: Column
    data_lost: bool = False  # the reverse of a lossy change: rounded values stay rounded
    cast_back: bool = False  # the reverse of a change made `using` an expression: an explicit cast back
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.after.name) + ":type"

    def requires(self):
        return (_column_key(self.schema, self.table, self.after.name), *_type_keys(self.after.type),
                *self.after.depends_on)

    @property
    def change(self) -> TypeChange:
        return type_change(self.before.type, self.after.type)

    @property
    def hazards(self):
        change = self.change
        hazards = [Hazard.ACCESS_EXCLUSIVE_LOCK]
        if change.rewrites:
            hazards.append(Hazard.REWRITES_TABLE)
        if change.destructive:
            hazards.append(Hazard.DESTRUCTIVE)
        elif change.validates_rows:
            hazards.append(Hazard.VALIDATES_ROWS)
        if change.lossy or self.after.using:
            hazards.append(Hazard.IRREVERSIBLE)  # `using` may compute anything: casting back need not restore it
        return tuple(hazards)

    @property
    def explicit_cast(self) -> bool:
        """`USING <column>::<new type>`: when the values are cast back after a
        change made `using:` an expression, or when PostgreSQL has no
        assignment cast between the two types (text to uuid, ...)."""
        return self.cast_back or (self.after.using is None and needs_explicit_cast(self.before.type, self.after.type))

    @property
    def through_text(self) -> bool:
        """The explicit cast goes through text (`<column>::text::<new type>`):
        PostgreSQL casts no enum to another type but text."""
        return self.explicit_cast and casts_through_text(self.before.type, self.after.type)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterColumnType(self.schema, self.table, self.after, self.before,
                               data_lost=self.change.lossy or bool(self.after.using), cast_back=bool(self.after.using))


_FIRST_HAZARDS = (Hazard.ACCESS_EXCLUSIVE_LOCK, Hazard.REWRITES_TABLE, Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE)
# every hazard, those first (as plan.json has always listed them), then the others in declaration order
_HAZARD_ORDER = _FIRST_HAZARDS + tuple(h for h in Hazard if h not in _FIRST_HAZARDS)


def column_types_key(schema: str, table: str, columns) -> str:
    """`table:s.t:types(a, b)`: the key of the type changes of a table, naming
    its columns, so that `schemac plan` and plan.json show which change."""
    return f"{_table_key(schema, table)}:types({', '.join(columns)})"


@dataclass(frozen=True)
class AlterColumnTypes(Op):
    """Every type change of one table in one ALTER TABLE statement, so the
    table (and its indexes) is rewritten at most once, however many columns
    change. PostgreSQL runs the subcommands of one statement in passes: the
    defaults are dropped before any type changes and set after all of them,
    whatever their order in the text (the template writes them in that order).
    A `using:` expression reads the row as it was before the statement.

    `changes`: one AlterColumnType per column, sorted by column name; they
    carry the per-column hazards (the step has their union), the irreversible
    notes of down.sql, and are what `accept_destructive:` accepts, one by one
    (`parts`). `rebuilt`: keys of the objects in the way of the change
    (views, policies, checks, ... that use the columns: compiler/diff/
    column_users.py), dropped before the step and made again after it; the
    step waits for their drops (`<key>:drop`)."""

    schema: str
    table: str
    changes: tuple[AlterColumnType, ...]
    rebuilt: tuple[str, ...] = ()
    template = "alter_column_types"
    phase = _COLUMN_PHASE

    def __post_init__(self) -> None:
        assert self.changes, "a type change of no column"
        names = [c.after.name for c in self.changes]
        assert names == sorted(set(names)), names

    @property
    def key(self):
        return column_types_key(self.schema, self.table, (c.after.name for c in self.changes))

    def provides(self):
        return tuple(c.key for c in self.changes)

    def requires(self):
        keys = [_table_key(self.schema, self.table)]
        for c in self.changes:
            keys += [k for k in c.requires() if k not in keys]
        return (*keys, *(key + DROP for key in self.rebuilt))

    @property
    def parts(self):
        return self.changes

    @property
    def hazards(self):
        found = {h for c in self.changes for h in c.hazards}
        return tuple(h for h in _HAZARD_ORDER if h in found)

    @property
    def subcommands(self) -> tuple[tuple[str, AlterColumnType], ...]:
        """(what, change) in the order PostgreSQL runs them: `drop_default`,
        `type`, `set_default`."""
        return (*(("drop_default", c) for c in self.changes if c.before.default is not None),
                *(("type", c) for c in self.changes),
                *(("set_default", c) for c in self.changes if c.after.default is not None))

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterColumnTypes(self.schema, self.table, tuple(c.reverse() for c in self.changes), self.rebuilt)


@dataclass(frozen=True)
class AlterColumnNullability(Op):
    schema: str
    table: str
    column: str
    nullable: bool  # the state after this step
    template = "alter_column_nullability"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":nullability"

    def requires(self):
        return (_table_key(self.schema, self.table),)

    @property
    def hazards(self):
        return () if self.nullable else (Hazard.VALIDATES_ROWS, Hazard.ACCESS_EXCLUSIVE_LOCK)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    @property
    def scans(self):
        return not self.nullable  # SET NOT NULL reads every row

    def reverse(self):
        return AlterColumnNullability(self.schema, self.table, self.column, not self.nullable)


@dataclass(frozen=True)
class AlterColumnDefault(Op):
    """SET DEFAULT or DROP DEFAULT; `before` is kept so the reverse restores
    the old default exactly. `depends_on`: functions the new default calls."""

    schema: str
    table: str
    column: str
    before: ColumnDefault | None
    after: ColumnDefault | None
    depends_on: tuple[str, ...] = ()
    before_depends_on: tuple[str, ...] = ()
    template = "alter_column_default"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":default"

    def requires(self):
        return (_table_key(self.schema, self.table), *self.depends_on)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterColumnDefault(self.schema, self.table, self.column, self.after, self.before,
                                  self.before_depends_on, self.depends_on)


@dataclass(frozen=True)
class _DefaultAround(Op):
    """A column default taken down before a step PostgreSQL refuses while the
    default exists, and put back after it: a function it calls is dropped and
    made again (compiler/diff/redefined.py). `depends_on`: the functions
    `default` calls; `needs`: the steps the put-back waits for."""

    schema: str
    table: str
    column: str
    default: ColumnDefault
    depends_on: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    template = "alter_column_default"

    @property
    def default_key(self) -> str:
        return _column_key(self.schema, self.table, self.column) + ":default"

    @property
    def table_key(self) -> str:
        return _table_key(self.schema, self.table)


@dataclass(frozen=True)
class DropDefaultForChange(_DefaultAround):
    """ALTER COLUMN ... DROP DEFAULT (key `<column>:default:drop`), early; its
    reverse sets the same default again."""

    phase = 2
    after = None  # what alter_column_default.sql.j2 renders: DROP DEFAULT

    @property
    def key(self):
        return self.default_key + DROP

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return SetDefaultForChange(self.schema, self.table, self.column, self.default, self.depends_on, self.needs)


@dataclass(frozen=True)
class SetDefaultForChange(_DefaultAround):
    """ALTER COLUMN ... SET DEFAULT once what it calls exists again."""

    phase = _COLUMN_PHASE

    @property
    def after(self):
        return self.default

    @property
    def key(self):
        return self.default_key

    def requires(self):
        return (_table_key(self.schema, self.table), self.default_key + DROP, *self.depends_on, *self.needs)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return DropDefaultForChange(self.schema, self.table, self.column, self.default, self.depends_on, self.needs)


@dataclass(frozen=True)
class AlterColumnComment(Op):
    schema: str
    table: str
    column: str
    before: str | None
    after: str | None
    template = "comment_on_column"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":comment"

    def requires(self):
        return (_table_key(self.schema, self.table),)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.SHARE_UPDATE_EXCLUSIVE),)

    def reverse(self):
        return AlterColumnComment(self.schema, self.table, self.column, self.after, self.before)


@dataclass(frozen=True)
class AlterColumnSensitive(Op):
    """`sensitive:` of a column changed. The mark is schemac's (what it
    masks, what tools and people must not log), not PostgreSQL's: the step
    runs no SQL, but it is a step, so the plan lists it, `generate` writes a
    migration for it and state.json records the mark (a change of it is
    never lost between the specs and the state)."""

    schema: str
    table: str
    column: str
    sensitive: bool  # the state after this step
    template = "column_sensitive"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _column_key(self.schema, self.table, self.column) + ":sensitive"

    def requires(self):
        return (_table_key(self.schema, self.table),)

    table_locks = ()  # no SQL: schemac's own mark

    def reverse(self):
        return AlterColumnSensitive(self.schema, self.table, self.column, not self.sensitive)


@dataclass(frozen=True)
class AlterTableComment(Op):
    schema: str
    table: str
    before: str | None
    after: str | None
    template = "comment_on_table"
    phase = _COLUMN_PHASE

    @property
    def key(self):
        return _table_key(self.schema, self.table) + ":comment"

    def requires(self):
        return (_table_key(self.schema, self.table),)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.SHARE_UPDATE_EXCLUSIVE),)

    def reverse(self):
        return AlterTableComment(self.schema, self.table, self.after, self.before)
