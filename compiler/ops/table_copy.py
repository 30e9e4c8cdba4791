"""A table copied and swapped in (online mode, compiler/online/table_copy.py):
what PostgreSQL can only do to a table by writing every row under ACCESS
EXCLUSIVE (a stored generated column added or changed, a column of a domain
with constraints, an exclusion constraint or temporal key, SET LOGGED) done
on a copy of the table instead, while writers go on. Three steps:

- prepare, in the migration's transaction (brief locks): the copy, an empty
  table under a temporary name with the target's definition (columns,
  checks, keys and exclusion constraints under temporary names, indexes),
  and a trigger on the table replaying every INSERT, UPDATE, DELETE and
  TRUNCATE on the copy, row by row, by the table's primary key;
- fill, after COMMIT: the rows copied in batches by ranges of the table's
  pages, each batch committed on its own; a batch first locks its rows
  FOR SHARE (writers of those rows wait for the batch, not for the table),
  then copies those the copy lacks, so a run stopped halfway goes on where
  it stopped;
- swap, after COMMIT, in parts: one short transaction under ACCESS
  EXCLUSIVE (no scan) drops the trigger, the foreign keys to the table and
  the table, renames the copy and its keys and indexes to their names,
  hands it the table's sequences, and gives it what writes to the copy must
  not fire during the fill (triggers, policies, row security) and its
  grants and owner; the foreign keys (its own and those to it) come back
  NOT VALID and are validated after, then the table is analyzed.

Reversed (down.sql), the same recipe copies the table back to its previous
definition: prepare becomes the swap of the reverse copy, swap its prepare."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Column, Constraint, Index, Sequence, Table
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Grant, Policy, RowSecurity, Trigger, View
from compiler.catalog.user_types import type_keys
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op
from compiler.ops.expand_contract import BATCH_ROWS, temporary_name
from compiler.ops.phased import PhasedStep
from compiler.ops.privileges import SetOwner
from compiler.ops.programmable import (
    CreatePolicy,
    CreateTrigger,
    CreateView,
    DropView,
    EnableRowSecurity,
    GrantPrivileges,
)

_INDEXED = ("primary_key", "unique", "exclusion")  # constraints that have an index (a relation of the schema)
_SUFFIX = "schemac_copy"


def _copy_name(name: str) -> str:
    return temporary_name(name, _SUFFIX)


@dataclass(frozen=True)
class TableDefinition:
    """A table with everything of its own, as one catalog has it: its
    constraints, indexes, triggers, policies, row security, grants and
    owner; the foreign keys of other tables to it; the sequences its
    columns own."""

    table: Table
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    row_security: RowSecurity | None = None
    grants: tuple[Grant, ...] = ()
    owner: Owner | None = None
    referencing: tuple[Constraint, ...] = ()  # foreign keys of other tables to it
    sequences: tuple[Sequence, ...] = ()  # owned by its columns
    # the views reading it (and those reading them), in the order they are made, with their grants and owners
    views: tuple[View, ...] = ()
    view_privileges: tuple = ()  # Grant and Owner

    @property
    def objects(self) -> tuple:
        """Its objects, each with a catalog key, the table first."""
        return (self.table, *self.constraints, *self.indexes, *self.triggers, *self.policies,
                *((self.row_security,) if self.row_security else ()), *self.grants,
                *((self.owner,) if self.owner else ()), *self.views, *self.view_privileges)

    @property
    def foreign_keys(self) -> tuple[Constraint, ...]:
        return tuple(c for c in self.constraints if c.kind == "foreign_key")


@dataclass(frozen=True)
class TableCopy:
    """One table copied from its definition `before` to `after` (the same
    name and primary key), and `taken`: the steps of the diff on the table
    it does instead. `schemas`: the search_path of the objects the swap
    makes (their texts name objects unqualified)."""

    before: TableDefinition
    after: TableDefinition
    taken: tuple[Op, ...] = ()
    schemas: tuple[str, ...] = ()
    # (schema, name, temporary name) of the domains made anew (compiler/ops/domain_copy.py): the copy's columns
    # of them are of the new ones; `waits`: the keys of the steps making those
    types: tuple[tuple[str, str, str], ...] = ()
    waits: tuple[str, ...] = ()

    @property
    def schema(self) -> str:
        return self.after.table.schema

    @property
    def name(self) -> str:
        return self.after.table.name

    @property
    def key(self) -> str:
        return self.after.table.key

    @property
    def copy_name(self) -> str:
        """The copy's name until the swap (and its trigger's and function's)."""
        return _copy_name(self.name)

    @property
    def truncate_trigger(self) -> str:
        return temporary_name(self.name, "schemac_copy_truncate")

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The primary key's columns, by which a write is replayed on the copy."""
        return next(c.columns for c in self.before.constraints if c.kind == "primary_key")

    @property
    def new_types(self) -> set[tuple[str, str]]:
        """(schema, temporary name) of the domains made anew the copy's columns are of."""
        return {(schema, temp) for schema, _, temp in self.types}

    def _retyped(self, column: Column) -> Column:
        """`column` of the copy: of a domain made anew, of the new one."""
        t = column.type
        for schema, name, temp in self.types:
            if (t.schema, t.name) == (schema, name):
                return replace(column, type=replace(t, name=temp))
        return column

    @property
    def copy_table(self) -> Table:
        return replace(self.after.table, name=self.copy_name, comment=None,
                       columns=tuple(self._retyped(c) for c in self.after.table.columns))

    @property
    def copy_constraints(self) -> tuple[Constraint, ...]:
        """The copy's constraints but its foreign keys (added at the swap):
        those with an index under temporary names (their comments go along
        when they are renamed)."""
        return tuple(replace(c, table=self.copy_name, name=_copy_name(c.name) if c.kind in _INDEXED else c.name)
                     for c in self.after.constraints if c.kind != "foreign_key")

    @property
    def copy_indexes(self) -> tuple[Index, ...]:
        return tuple(replace(i, table=self.copy_name, name=_copy_name(i.name), comment=None, concurrently=False)
                     for i in self.after.indexes)

    @property
    def renamed_constraints(self) -> tuple[tuple[str, Constraint], ...]:
        """(temporary name, constraint) of the constraints with an index."""
        return tuple((_copy_name(c.name), c) for c in self.after.constraints if c.kind in _INDEXED)

    @property
    def renamed_indexes(self) -> tuple[tuple[str, Index], ...]:
        return tuple((_copy_name(i.name), i) for i in self.after.indexes)

    @property
    def copied_columns(self) -> tuple[tuple[Column, Column], ...]:
        """(before, after) of each column whose values are copied: the
        target's columns the table has (by name), but generated ones
        (computed by the copy) and those of a new column; `after` of the
        copy's type."""
        return tuple((self.before.table.column(c.name), self._retyped(c)) for c in self.after.table.columns
                     if c.generated is None and self.before.table.column(c.name) is not None)

    @property
    def overriding(self) -> bool:
        """Whether the copy's INSERT gives values to a GENERATED ALWAYS identity."""
        return any(after.identity == "always" for _, after in self.copied_columns)

    @property
    def identities(self) -> tuple[Column, ...]:
        """The copy's identity columns that the table had: their sequences
        go on from the table's at the swap."""
        return tuple(after for before, after in self.copied_columns
                     if after.identity is not None and before.identity is not None)

    @property
    def owned_sequences(self) -> tuple[Sequence, ...]:
        """The table's sequences owned by a column the copy has: handed to the copy's column."""
        names = {c.name for c in self.after.table.columns}
        return tuple(s for s in self.before.sequences if s.owned_by[1] in names)

    @property
    def foreign_keys(self) -> tuple[Constraint, ...]:
        """The foreign keys the swap adds NOT VALID and validates: the copy's
        own and those of other tables to it."""
        return self.after.foreign_keys + self.after.referencing

    @property
    def referencing_tables(self) -> tuple[tuple[str, str], ...]:
        """(schema, name) of the other tables whose foreign keys to the table the swap drops and adds back."""
        return tuple(sorted({(fk.schema, fk.table) for fk in self.before.referencing + self.after.referencing}
                            - {(self.schema, self.name)}))

    def reverse(self) -> "TableCopy":
        return replace(self, before=self.after, after=self.before,
                       taken=tuple(op.reverse() for op in reversed(self.taken)))


_PHASES = ("prepare", "fill", "swap")


@dataclass(frozen=True)
class TableCopyStep(PhasedStep, Op):
    """One step of a table copy (see the module). `up_phase`: the step of
    the up migration this is (its key); `down`: the reverse, in down.sql,
    which runs `stage`. `inside`: the form inside the migration's
    transaction (compiler/plan/placement.py), where the fill is one INSERT
    and the swap no transaction of its own."""

    up_phase: str
    copy: TableCopy
    down: bool = False
    inside: bool = False
    STAGE_WHEN_DOWN = {"prepare": "swap", "fill": "fill", "swap": "prepare"}
    KINDS = {"prepare": "PrepareTableCopy", "fill": "FillTableCopy", "swap": "SwapTableCopy"}
    TEMPLATE_PREFIX = "table_copy_"
    batch_rows = BATCH_ROWS
    phase = 5  # with the column steps

    def __post_init__(self) -> None:
        assert self.up_phase in _PHASES

    @property
    def key(self):
        return f"table_copy:{self.copy.schema}.{self.copy.name}:{self.up_phase}"

    def _key_of(self, phase: str) -> str:
        return replace(self, up_phase=phase).key

    @property
    def made(self) -> tuple[Op, ...]:
        """The steps the swap makes on the table once it holds its name
        (those the copy must not have while it is filled), in order."""
        after = self.copy.after
        made: list[Op] = [*(CreateTrigger(t) for t in after.triggers), *(CreatePolicy(p) for p in after.policies)]
        if after.row_security is not None:
            made.append(EnableRowSecurity(after.row_security))
        made += [GrantPrivileges(g) for g in after.grants]
        if after.owner is not None:
            made.append(SetOwner(after.owner))
        made += [CreateView(v) for v in after.views]
        made += [GrantPrivileges(p) if isinstance(p, Grant) else SetOwner(p) for p in after.view_privileges]
        return tuple(made)

    @property
    def views_dropped(self) -> tuple[Op, ...]:
        """The views over the table the swap drops before the table (bound
        to it) and makes again over the copy, those over them first."""
        return tuple(DropView(v) for v in reversed(self.copy.before.views))

    def requires(self):
        copy = self.copy
        if self.up_phase == "prepare":
            table = copy.after.table
            keys = [copy.key, *copy.waits, *type_keys(c.type for c in copy.copy_table.columns
                                                      if (c.type.schema, c.type.name) not in copy.new_types),
                    *(k for c in table.columns for k in c.depends_on),
                    *(k for c in copy.after.constraints if c.kind != "foreign_key" for k in c.depends_on),
                    *(k for i in copy.after.indexes for k in i.depends_on)]
            return tuple(dict.fromkeys(k for k in keys if k not in self._own_keys))
        previous = self._key_of(_PHASES[_PHASES.index(self.up_phase) - 1])
        if self.up_phase == "fill":
            return (previous,)
        keys = [previous, *(fk.ref_table_key for fk in copy.after.foreign_keys),
                *(f"table:{schema}.{name}" for schema, name in copy.referencing_tables),
                *(k for op in self.made for k in op.requires())]
        return tuple(dict.fromkeys(k for k in keys if k not in self._own_keys))

    @property
    def _own_keys(self) -> set[str]:
        """The keys of the table's objects (the copy makes them)."""
        return {o.key for d in (self.copy.before, self.copy.after) for o in d.objects} | {self.copy.key}

    def provides(self):
        if self.up_phase != "swap":
            return ()
        copy = self.copy
        columns = {f"column:{copy.schema}.{copy.name}.{c.name}"
                   for d in (copy.before, copy.after) for c in d.table.columns}
        return tuple(sorted({*(o.key for o in copy.after.objects if o.key != copy.key), *columns,
                             *(k for fk in copy.foreign_keys for k in (fk.key, fk.key + ":validate")),
                             *(k for op in copy.taken for k in (op.key, *op.provides()))}))

    @property
    def parts(self):
        """The diff's changes the copy makes (each reported, and accepted
        when destructive, on its own), on the swap."""
        return self.copy.taken if self.up_phase == "swap" and self.copy.taken else (self,)

    @property
    def hazards(self):
        hazards = [Hazard.ACCESS_EXCLUSIVE_LOCK] if self.stage == "swap" else []
        if self.up_phase == "swap":
            found = {h for op in self.copy.taken for h in op.hazards}
            hazards += [h for h in (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE) if h in found]
        if self.after_commit:
            hazards.append(Hazard.NON_TRANSACTIONAL)
        return tuple(hazards)

    @property
    def table_locks(self):
        """Prepare: CREATE TRIGGER's SHARE ROW EXCLUSIVE on the table; fill:
        none that blocks (row locks, a batch at a time; inside a transaction,
        the prepare's lock blocks writers throughout); swap: ACCESS
        EXCLUSIVE, briefly (no scan), on the table, the tables whose
        foreign keys to it it drops and adds back and the views over it it
        drops and makes again, SHARE ROW EXCLUSIVE on those its own foreign
        keys reference."""
        copy = self.copy
        if self.stage == "prepare":
            return ((copy.key, Lock.SHARE_ROW_EXCLUSIVE),)
        if self.stage == "fill":
            return ()
        found = [(copy.key, Lock.ACCESS_EXCLUSIVE),
                 *((f"table:{schema}.{name}", Lock.ACCESS_EXCLUSIVE) for schema, name in copy.referencing_tables),
                 *((v.key, Lock.ACCESS_EXCLUSIVE) for v in copy.before.views)]
        found += [(k, Lock.SHARE_ROW_EXCLUSIVE) for k in sorted({fk.ref_table_key for fk in copy.after.foreign_keys})
                  if k != copy.key and (k, Lock.ACCESS_EXCLUSIVE) not in found]
        return tuple(found)

    @property
    def scans(self):
        """The fill reads every row, a batch at a time under row locks."""
        return self.stage == "fill"

    @property
    def after_commit(self) -> bool:
        return self.stage != "prepare" and not self.inside

    @property
    def resumable_parts(self) -> tuple[str, ...]:
        """The swap after COMMIT: its transaction, then each foreign key
        validated, then the table analyzed, each resumed on its own."""
        if self.stage != "swap" or self.inside:
            return ()
        return ("swap", *(("validate",) if self.copy.foreign_keys else ()), "analyze")
