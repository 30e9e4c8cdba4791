"""Sequences: CREATE, DROP and ALTER SEQUENCE, and OWNED BY, each with its
exact reverse.

Ownership is a step of its own (key `<sequence key>:owned_by`): the
sequence is made before the table whose default draws from it, and owned
by its column once that column exists. Undone, ownership goes first (OWNED
BY NONE), so dropping the table or column does not take the sequence with
it before its own step drops it.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Sequence
from compiler.ops.base import Hazard, Op

# with extensions, before roles and functions (phase 2): a SQL function's body that calls
# nextval('s') is checked when it is made, and needs the sequence then
_PHASE = 1


def _schema_key(schema: str) -> tuple[str, ...]:
    return () if schema == "public" else (f"schema:{schema}",)


def owned_by_key(sequence: Sequence) -> str:
    return sequence.key + ":owned_by"


@dataclass(frozen=True)
class CreateSequence(Op):
    sequence: Sequence
    data_lost: bool = False  # the reverse of a dropped sequence: it starts again at `start`
    template = "create_sequence"
    phase = _PHASE

    @property
    def key(self):
        return self.sequence.key

    def requires(self):
        return _schema_key(self.sequence.schema)

    table_locks = ()  # no table

    def reverse(self):
        return DropSequence(self.sequence)


@dataclass(frozen=True)
class DropSequence(Op):
    """DROP SEQUENCE. Its counter is lost: the reverse starts it again at
    `start` (irreversible). Only a sequence owned by no column is
    destructive: an owned one goes with its column or table, or gives way to
    an identity, and what holds the rows is reported there."""

    sequence: Sequence
    template = "drop_sequence"
    creates = False

    @property
    def key(self):
        return self.sequence.key

    @property
    def hazards(self):
        return (Hazard.IRREVERSIBLE,) if self.sequence.owned_by else (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE)

    table_locks = ()  # no table

    def reverse(self):
        return CreateSequence(self.sequence, data_lost=True)


@dataclass(frozen=True)
class AlterSequence(Op):
    """ALTER SEQUENCE with every option of `after` (type, increment, bounds,
    start, cache, cycle), and its comment. Narrowing the range fails when
    the sequence's last value falls outside it (validates_rows)."""

    before: Sequence
    after: Sequence
    template = "alter_sequence"
    phase = _PHASE

    @property
    def sequence(self):
        return self.after

    @property
    def key(self):
        return self.after.key

    @property
    def options_changed(self) -> bool:
        def options(s):
            return (s.type, s.start, s.increment, s.min, s.max, s.cache, s.cycle)
        return options(self.before) != options(self.after)

    @property
    def comment_changed(self) -> bool:
        return self.before.comment != self.after.comment

    @property
    def hazards(self):
        b, a = self.before, self.after
        if a.min > b.min or a.max < b.max:
            return (Hazard.VALIDATES_ROWS,)
        return ()

    table_locks = ()  # no table

    def reverse(self):
        return AlterSequence(self.after, self.before)


@dataclass(frozen=True)
class SetSequenceOwner(Op):
    """ALTER SEQUENCE ... OWNED BY table.column (or NONE): the sequence goes
    when the column or its table is dropped. Setting an owner waits for the
    column. Removing one runs first, before any other step: before what
    drops the old owner (which would take the sequence along), and before a
    serial column becomes an identity column (whose setval finds the
    column's sequence by ownership). `continues`: a new ascending sequence
    owned by a column that holds values already (a column made `serial`)
    goes on after the largest of them, as an identity added to a column
    does, so the next default does not collide with a row."""

    sequence: Sequence
    before: tuple[str, ...]
    after: tuple[str, ...]
    continues: bool = False
    template = "set_sequence_owner"

    @property
    def phase(self):
        return 9 if self.after else -1

    @property
    def key(self):
        return owned_by_key(self.sequence)

    def requires(self):
        if not self.after:
            return (self.sequence.key,)
        table, column = self.after
        schema = self.sequence.schema
        return (self.sequence.key, f"table:{schema}.{table}", f"column:{schema}.{table}.{column}")

    table_locks = ()  # ACCESS SHARE on the table only

    def reverse(self):
        return SetSequenceOwner(self.sequence, self.after, self.before, self.continues)
