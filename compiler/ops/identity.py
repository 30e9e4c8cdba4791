"""Identity and generated-column changes of a column that exists on both
sides of a migration, each with its exact reverse.

An identity change owns what PostgreSQL ties to it: the column's default
(an identity column has none, so it is dropped before ADD GENERATED and the
target's default set after DROP IDENTITY) and the NOT NULL an identity
implies (set before ADD GENERATED when the column allowed NULLs, dropped
after DROP IDENTITY when the target allows them). A type change, when there
is one, owns the default instead (see compiler/diff/identity.py).

A generated column stops being generated with DROP EXPRESSION, which keeps
the stored values. Every other change of a generated expression (a new
expression, or a plain column made generated) drops the column and adds it
again: PostgreSQL 14-16 cannot change an expression in place (17 has SET
EXPRESSION), and a plain column cannot become generated on any version. The
indexes and constraints on the column go with it and are rebuilt as steps of
their own (compiler/ops/keys.py) around this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Column
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.columns import _COLUMN_PHASE, _column_key, _table_key, _type_keys

_EARLY_PHASE = _COLUMN_PHASE - 1  # before a type change of the same column


def identity_key(schema: str, table: str, column: str) -> str:
    return _column_key(schema, table, column) + ":identity"


def generated_key(schema: str, table: str, column: str) -> str:
    return _column_key(schema, table, column) + ":generated"


@dataclass(frozen=True)
class AlterColumnIdentity(Op):
    """ADD GENERATED ... AS IDENTITY, DROP IDENTITY, or SET GENERATED, by
    what `before.identity` and `after.identity` say.

    A column that gains an identity gets a new sequence; the step sets it
    past the largest value the column holds, so the next generated value
    does not collide with an existing row. Dropping the identity keeps the
    values and drops the sequence (its reverse starts a new one, again past
    the largest value)."""

    schema: str
    table: str
    before: Column
    after: Column
    max_by_index: bool = False  # an unchanged btree index starts with the column: max() reads one entry
    template = "alter_column_identity"

    @property
    def adds(self) -> bool:
        return self.before.identity is None

    @property
    def drops(self) -> bool:
        return self.after.identity is None

    @property
    def phase(self):
        # losing the identity runs before a type change (a type that no
        # identity can have, text say); gaining one waits for it (requires)
        return _EARLY_PHASE if self.drops else _COLUMN_PHASE

    @property
    def key(self):
        return identity_key(self.schema, self.table, self.after.name)

    def requires(self):
        keys = [_table_key(self.schema, self.table)]
        column = _column_key(self.schema, self.table, self.after.name)
        if self.adds:  # after the type is an integer (AlterColumnTypes provides `:type`) and an expression is gone
            keys += [column + ":type", column + ":generated"]
        if self.after.default is not None:
            keys += self.after.depends_on
        return tuple(keys)

    @property
    def hazards(self):
        hazards = [Hazard.ACCESS_EXCLUSIVE_LOCK]
        if self.adds and self.before.nullable:
            hazards.append(Hazard.VALIDATES_ROWS)  # SET NOT NULL fails on a NULL row
        return tuple(hazards)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    @property
    def scans(self):
        # SET NOT NULL reads every row; so does max(), which starts the sequence, without an index
        return self.adds and (self.before.nullable or not self.max_by_index)

    def reverse(self):
        return AlterColumnIdentity(self.schema, self.table, self.after, self.before, self.max_by_index)


@dataclass(frozen=True)
class DropColumnExpression(Op):
    """ALTER COLUMN ... DROP EXPRESSION: a generated column becomes a plain
    one and keeps its values; the target's default is set after. As the
    reverse of making a plain column generated (`data_lost`), down.sql says
    the values stay as computed. `needs` as for RedefineGeneratedColumn, its
    reverse: the indexes and constraints on the column are rebuilt around
    this step too, so that down.sql, which drops the column, makes them
    again."""

    schema: str
    table: str
    before: Column
    after: Column
    data_lost: bool = False
    needs: tuple[str, ...] = ()
    template = "drop_column_expression"
    phase = _EARLY_PHASE  # before a type change of the same column

    @property
    def key(self):
        return generated_key(self.schema, self.table, self.after.name)

    def requires(self):
        keys = [_table_key(self.schema, self.table), *self.needs]
        if self.after.default is not None:
            keys += self.after.depends_on
        return tuple(keys)

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return RedefineGeneratedColumn(self.schema, self.table, self.after, self.before, self.needs,
                                       reverse_data_lost=self.data_lost)


@dataclass(frozen=True)
class RedefineGeneratedColumn(Op):
    """DROP COLUMN, then ADD COLUMN with the target's definition: a generated
    expression that changed, or a plain column made generated.

    A changed expression loses nothing: the values are derived and computed
    again (the table is rewritten). A plain column made generated loses the
    values it held: the step is destructive and irreversible (its reverse
    keeps the computed values). `needs`: the drop steps of the indexes and
    constraints on the column, which run first and are rebuilt after.
    `reverse_data_lost`: whether the reverse of making a plain column
    generated says that the values it held are gone (so that reversing
    twice gives the same step)."""

    schema: str
    table: str
    before: Column
    after: Column
    needs: tuple[str, ...] = ()
    reverse_data_lost: bool = True
    template = "redefine_generated_column"
    phase = _COLUMN_PHASE

    @property
    def from_plain(self) -> bool:
        return self.before.generated is None

    @property
    def key(self):
        return generated_key(self.schema, self.table, self.after.name)

    def requires(self):
        return (_table_key(self.schema, self.table), *_type_keys(self.after.type), *self.after.depends_on,
                *self.needs)

    @property
    def hazards(self):
        # a VIRTUAL column is computed when read: adding it writes no row
        hazards = [Hazard.ACCESS_EXCLUSIVE_LOCK] if self.after.virtual else [Hazard.REWRITES_TABLE,
                                                                             Hazard.ACCESS_EXCLUSIVE_LOCK]
        if not self.after.nullable:
            hazards.append(Hazard.VALIDATES_ROWS)  # the expression may give NULL for some row
        if self.from_plain:
            hazards += [Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE]
        return tuple(hazards)

    @property
    def table_locks(self):
        return ((_table_key(self.schema, self.table), Lock.ACCESS_EXCLUSIVE),)

    @property
    def scans(self):
        return not self.after.nullable  # NOT NULL checked on every row

    def reverse(self):
        if self.from_plain:
            return DropColumnExpression(self.schema, self.table, self.after, self.before, self.reverse_data_lost,
                                        self.needs)
        return RedefineGeneratedColumn(self.schema, self.table, self.after, self.before, self.needs)
