"""Type changes made online, by expand/contract (`using: {online: true}`,
docs/online.md): instead of one ALTER TABLE that rewrites the table under
ACCESS EXCLUSIVE, three steps for every such column of the migration.

- expand, in the migration's transaction (brief locks): a new column of the
  target type under a temporary name, a trigger keeping it in step on
  INSERT and UPDATE with the conversion, and for a NOT NULL column a
  `CHECK (new IS NOT NULL) NOT VALID`, and the checks on the converted
  columns built on the new ones `NOT VALID` under temporary names;
- convert, after COMMIT: the rows backfilled in batches by ranges of the
  table's pages (a TID Range Scan: PostgreSQL 14+), every converted column
  of a table in one UPDATE, each batch committed on its own (resumable: only rows not converted yet), the
  indexes and keys on the column built CONCURRENTLY on the new column, the
  checks validated;
- contract, after COMMIT, one short transaction: the trigger dropped, the
  foreign keys on the column dropped, the old column dropped, the new one
  renamed to the name, its default, NOT NULL (proved by the valid check, no
  scan), keys (`ADD CONSTRAINT ... USING INDEX`), indexes' and checks'
  names and foreign keys (`NOT VALID`) put back; then each foreign key
  validated.

The three steps share one key prefix and an `up_phase`: the step of the up
migration it is. Reversed (down.sql), expand becomes the contract of the
reverse conversion, contract its expand: down.sql runs the same recipe the
other way round (`down`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from compiler.catalog.objects import Constraint, Index, IndexElement
from compiler.catalog.programmable import Trigger
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.columns import AlterColumnType, column_types_key
from compiler.ops.type_changes import casts_through_text

BATCH_ROWS = 1000  # rows converted per transaction of the backfill
_MAX_NAME = 63  # bytes PostgreSQL keeps of a name
_INTEGER_TYPES = ("smallint", "integer", "bigint")


def temporary_name(base: str, suffix: str) -> str:
    """`<base>_<suffix>`, or within 63 bytes a cut base and a hash of it, so
    the name is deterministic and never cut by PostgreSQL."""
    name = f"{base}_{suffix}"
    if len(name.encode("utf-8")) <= _MAX_NAME:
        return name
    digest = hashlib.sha256(base.encode("utf-8")).hexdigest()[:8]
    room = _MAX_NAME - len(suffix) - len(digest) - 2
    cut = base.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f"{cut}_{digest}_{suffix}"


@dataclass(frozen=True)
class ShadowColumn:
    """One column converted by expand/contract: its type change, the
    table's one-column primary key (None without one), and what is built on
    the column (indexes, primary key or unique constraints) and the
    sequences it owns (re-owned by the new column)."""

    change: AlterColumnType
    # the table's one-column primary key, if any; the backfill batches by ranges of pages (ctid) whatever it is
    key_column: str | None
    indexes: tuple[Index, ...] = ()
    keys: tuple[Constraint, ...] = ()
    sequences: tuple[str, ...] = ()
    # the table's columns converted with it: an index or key on several is built once, on all their new columns
    converted: tuple[str, ...] = ()
    # the sync trigger's name when not the function's: after the table's BEFORE row triggers
    # (compiler/online/backfill_triggers.py)
    sync_trigger: str | None = None

    @property
    def schema(self) -> str:
        return self.change.schema

    @property
    def table(self) -> str:
        return self.change.table

    @property
    def name(self) -> str:
        return self.change.after.name

    @property
    def temp(self) -> str:
        """The new column's name until the swap."""
        return temporary_name(self.name, "schemac_new")

    @property
    def old(self) -> str:
        """The old column's name while a materialized view over it is made
        again after the contract (compiler/online/materialized_views.py)."""
        return temporary_name(self.name, "schemac_old")

    @property
    def function(self) -> str:
        """The trigger function's name (and the trigger's)."""
        return temporary_name(f"{self.table}_{self.name}", "schemac_sync")

    @property
    def trigger(self) -> str:
        """The sync trigger's name."""
        return self.sync_trigger or self.function

    @property
    def not_null_check(self) -> str:
        return temporary_name(f"{self.table}_{self.name}", "schemac_not_null")

    @property
    def using(self) -> str | None:
        """The conversion written in the specs (an expression over the row),
        None for a cast."""
        return None if self.change.cast_back else self.change.after.using

    @property
    def through_text(self) -> bool:
        return casts_through_text(self.change.before.type, self.change.after.type)

    @property
    def new_type(self):
        """The new column's type until the swap (a type made anew has a
        temporary name until then: compiler/ops/type_swap.py)."""
        return self.change.after.type

    @property
    def default(self):
        """The default the contract gives the column: the target's; for a
        column that gains an identity, attached after the contract
        (compiler/online/identity.py), the previous one until then, as
        writers had it, when that is of an integer type (as the identity's)."""
        before, after = self.change.before, self.change.after
        if after.identity is not None and before.identity is None and before.type.array_dims == 0 \
                and before.type.name in _INTEGER_TYPES:
            return before.default
        return after.default

    @property
    def not_null(self) -> bool:
        """Whether the new column is NOT NULL after the swap (as an identity
        column is, which the one added after the contract needs)."""
        return not self.change.after.nullable or self.change.after.identity is not None

    swapped = False  # converted to a type made anew (compiler/ops/type_swap.py `SwapColumn`)

    def _new(self, column: str | None) -> str | None:
        """The column an index on `column` is built on before the swap."""
        return temporary_name(column, "schemac_new") if column in (self.name, *self.converted) else column

    def shadow_index(self, index: Index) -> Index:
        """`index` built on the new columns, under a temporary name."""
        elements = tuple(replace(e, column=self._new(e.column)) for e in index.elements)
        include = tuple(self._new(c) for c in index.include)
        return replace(index, name=temporary_name(index.name, "schemac_new"), elements=elements, include=include,
                       comment=None)

    def key_index(self, key: Constraint) -> Index:
        """The unique index of a primary key or unique constraint, on the new
        column, attached by `ADD CONSTRAINT ... USING INDEX`."""
        return Index(self.schema, self.table, temporary_name(key.name, "schemac_new"),
                     tuple(IndexElement(column=self._new(c)) for c in key.columns),
                     unique=True, nulls_not_distinct=key.nulls_not_distinct)

    def reverse(self) -> "ShadowColumn":
        return replace(self, change=self.change.reverse())


@dataclass(frozen=True)
class ShadowCheck:
    """A check that reads converted columns of its table (`columns`):
    `after`, the target's (None when the migration drops it), is built on
    the new columns `NOT VALID` under a temporary name by the expand and
    validated by the convert step; the contract drops `before`, the
    previous one (None when new), and renames the new one to its name."""

    schema: str
    table: str
    before: Constraint | None
    after: Constraint | None
    columns: tuple[str, ...]

    def __post_init__(self) -> None:
        assert self.before is not None or self.after is not None

    @property
    def name(self) -> str:
        return (self.after or self.before).name  # type: ignore[union-attr]

    @property
    def key(self) -> str:
        return (self.after or self.before).key  # type: ignore[union-attr]

    @property
    def temp(self) -> str:
        """The new check's name until the swap."""
        return temporary_name(self.name, "schemac_new")

    @property
    def renames(self) -> dict[str, str]:
        """Each converted column's name -> its new column's, as the new check reads them."""
        return {c: temporary_name(c, "schemac_new") for c in self.columns}

    def reverse(self) -> "ShadowCheck":
        return replace(self, before=self.after, after=self.before)


_STAGE_WHEN_DOWN = {"expand": "contract", "convert": "convert", "contract": "expand"}
_PHASES = ("expand", "convert", "contract")
_KINDS = {"expand": "ExpandColumnTypes", "convert": "ConvertColumnRows", "contract": "ContractColumnTypes"}


@dataclass(frozen=True)
class ExpandContractStep(Op):
    """One phase of the migration's online type changes (`columns`, sorted by
    table and column). `up_phase`: the step of the up migration this is (its
    key); `down`: the reverse, in down.sql, which runs `stage`. `foreign_keys`:
    those on a converted column (either side), dropped and added back by the
    contract. `inside`: the form inside the migration's transaction
    (compiler/plan/placement.py), where what runs after COMMIT otherwise
    (batches, CONCURRENTLY) runs plainly. `checks`: those reading converted
    columns, built on the new columns (ShadowCheck); `taken`: keys of the
    steps the recipe does instead (a NOT NULL of a converted column), which
    the contract provides."""

    up_phase: str
    columns: tuple[ShadowColumn, ...]
    foreign_keys: tuple[Constraint, ...] = ()
    down: bool = False
    inside: bool = False
    checks: tuple[ShadowCheck, ...] = ()
    taken: tuple[str, ...] = ()
    # foreign keys on a converted column the migration drops (the contract drops them) or adds (the contract
    # adds them, NOT VALID, then validates them); down.sql swaps the two
    foreign_keys_dropped: tuple[Constraint, ...] = ()
    foreign_keys_added: tuple[Constraint, ...] = ()
    # views, policies, triggers and functions using a converted column, made again inside the contract's
    # transaction: the steps dropping them (run before the old column goes) and making them (after the swap),
    # in the order they run
    dependents: tuple[Op, ...] = ()
    # the migration's managed schemas: the contract makes its dependents under the search_path the
    # migration's transaction has (their texts name objects unqualified)
    schemas: tuple[str, ...] = ()
    # triggers on the converted tables firing on UPDATE: the expand replaces them with a guard that keeps them off
    # the backfill, the contract puts back those it does not make again (`restored`); `*_back`: down.sql's
    # (compiler/online/backfill_triggers.py)
    guarded: tuple[Trigger, ...] = ()
    restored: tuple[Trigger, ...] = ()
    guarded_back: tuple[Trigger, ...] = ()
    restored_back: tuple[Trigger, ...] = ()
    # materialized views over the converted columns, made again after the contract beside the old ones, which the
    # contract keeps with their old columns (RemadeView, compiler/online/materialized_views.py); `*_back`: down.sql's
    matviews: tuple = ()
    matviews_back: tuple = ()

    @property
    def keeps_old(self) -> bool:
        """Whether the contract keeps the old columns (and type) aside until its materialized views are made again."""
        return bool(self.matviews) and not self.inside

    @property
    def kept_types(self) -> tuple:
        """The types the contract keeps aside (TypeRenamed), dropped with the old columns."""
        return ()

    @property
    def dependents_dropped(self) -> tuple[Op, ...]:
        return tuple(d for d in self.dependents if d.key.endswith(DROP))

    @property
    def dependents_made(self) -> tuple[Op, ...]:
        """The objects made again, then the grants and revokes on them."""
        made = [d for d in self.dependents if not d.key.endswith(DROP)]
        return tuple([d for d in made if not d.key.startswith("grant:")] + [d for d in made if d.key.startswith("grant:")])

    @property
    def by_table(self) -> tuple[tuple[str, str, tuple[ShadowColumn, ...]], ...]:
        """(schema, table, its converted columns): the backfill writes each row once for all of them."""
        found: dict[tuple[str, str], list[ShadowColumn]] = {}
        for c in self.columns:
            found.setdefault((c.schema, c.table), []).append(c)
        return tuple((schema, table, tuple(columns)) for (schema, table), columns in found.items())

    @property
    def foreign_keys_out(self) -> tuple[Constraint, ...]:
        """The foreign keys the contract drops."""
        return self.foreign_keys + self.foreign_keys_dropped

    @property
    def foreign_keys_in(self) -> tuple[Constraint, ...]:
        """The foreign keys the contract adds (back), NOT VALID, validated after its COMMIT."""
        return self.foreign_keys + self.foreign_keys_added

    def __post_init__(self) -> None:
        assert self.up_phase in _PHASES and self.columns

    batch_rows = BATCH_ROWS
    phase = 5  # with the column steps

    @property
    def template(self):
        return f"expand_{self.stage}"

    @property
    def stage(self) -> str:
        """What the step runs: expand, convert or contract."""
        return _STAGE_WHEN_DOWN[self.up_phase] if self.down else self.up_phase

    @property
    def creates(self):
        return not self.down

    @property
    def kind(self) -> str:
        return _KINDS[self.stage]

    @property
    def key(self):
        names = ", ".join(f"{c.schema}.{c.table}.{c.name}" for c in self.columns)
        return f"online_types:({names}):{self.up_phase}"

    def _key_of(self, phase: str) -> str:
        return replace(self, up_phase=phase).key

    def requires(self):
        if self.up_phase == "expand":
            keys: list[str] = []
            for c in self.columns:
                for k in (f"table:{c.schema}.{c.table}", *c.change.requires()):
                    if k not in keys:
                        keys.append(k)
            keys += [k for check in self.checks if check.after is not None for k in check.after.depends_on
                     if k not in keys]
            return tuple(keys)
        return (self._key_of(_PHASES[_PHASES.index(self.up_phase) - 1]),)

    def provides(self):
        if self.up_phase != "contract":
            return ()
        tables: dict[tuple[str, str], list[str]] = {}
        for c in self.columns:
            tables.setdefault((c.schema, c.table), []).append(c.name)
        return (*(column_types_key(s, t, sorted(names)) for (s, t), names in tables.items()),
                *(c.change.key for c in self.columns),
                *(k for fk in self.foreign_keys + self.foreign_keys_dropped + self.foreign_keys_added
                  for k in (fk.key, fk.key + ":validate")),
                *(k for check in self.checks for k in (check.key, check.key + ":drop", check.key + ":validate")),
                *(k for d in self.dependents for k in (d.key, *d.provides())),
                *(k for v in self.matviews for k in (v.view.key, v.view.key + DROP)),
                *self.taken)

    search_path: tuple[str, ...] = ()  # the schemas (then public) the contract's own transaction searches, if any

    @property
    def before_swap(self) -> tuple[Op, ...]:
        """Steps the contract runs in its transaction before the swap, once
        its tables are locked (what uses the old columns dropped)."""
        return ()

    @property
    def after_swap(self) -> tuple[Op, ...]:
        """Steps the contract runs in its transaction after the swap (what
        uses the new columns made again)."""
        return ()

    @property
    def columns_made_again(self) -> tuple[str, ...]:
        """The columns the step adds again, last in their tables, in order
        (compiler/diff/column_order.py): the expand's new columns."""
        if self.up_phase != "expand" or self.down:
            return ()
        return tuple(f"column:{c.schema}.{c.table}.{c.name}" for c in self.columns)

    @property
    def tables(self) -> tuple[tuple[str, str], ...]:
        """The tables the contract locks, those holding foreign keys first
        (as writers lock a referencing table before the referenced one)."""
        referencing = {(fk.schema, fk.table) for fk in self.foreign_keys_out + self.foreign_keys_added}
        found = {(c.schema, c.table) for c in self.columns} | referencing
        return tuple(sorted(found, key=lambda t: (t not in referencing, t)))

    @property
    def parts(self):
        return tuple(c.change for c in self.columns) if self.up_phase == "convert" else (self,)

    @property
    def hazards(self):
        hazards = []
        if self.stage != "convert":
            hazards.append(Hazard.ACCESS_EXCLUSIVE_LOCK)  # briefly: no scan, no rewrite under it
        else:
            found = {h for c in self.columns for h in c.change.hazards}
            if any(check.after is not None for check in self.checks):
                found.add(Hazard.VALIDATES_ROWS)
            hazards += [h for h in (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE, Hazard.VALIDATES_ROWS) if h in found]
        if self.after_commit:
            hazards.append(Hazard.NON_TRANSACTIONAL)
        return tuple(hazards)

    @property
    def table_locks(self):
        """Expand and contract: ACCESS EXCLUSIVE, briefly (no scan, no
        rewrite under it), on the converted tables (and, contracting, on the
        tables whose foreign keys it drops and adds back); convert: the
        index builds' SHARE UPDATE EXCLUSIVE (the batches take row locks)."""
        if self.stage == "convert":  # inside a transaction (down.sql, see in_transaction) the builds take SHARE
            lock = Lock.SHARE if self.inside else Lock.SHARE_UPDATE_EXCLUSIVE
            return tuple((f"table:{c.schema}.{c.table}", lock) for c in self.columns)
        tables = self.tables if self.stage == "contract" else sorted({(c.schema, c.table) for c in self.columns})
        found = tuple((f"table:{schema}.{table}", Lock.ACCESS_EXCLUSIVE) for schema, table in tables)
        if self.stage == "contract":  # the views it drops and makes again
            found += tuple(lock for d in self.dependents for lock in d.table_locks if lock not in found)
            found += tuple((v.view.key, Lock.ACCESS_EXCLUSIVE) for v in self.matviews)
        return found

    @property
    def scans(self):
        """Convert reads every row (a batch at a time, under weak locks
        unless inside a transaction); down.sql's swap back (the reverse of
        expand) reads every row too, as measured by tests/test_locks.py."""
        return self.stage == "convert" or (self.down and self.up_phase == "expand")

    @property
    def after_commit(self) -> bool:
        return self.stage != "expand" and not self.inside

    @property
    def resumable_parts(self) -> tuple[str, ...]:
        """The contract after COMMIT: its transaction, then what follows its
        COMMIT (the foreign keys validated, the materialized views made again
        and swapped in, the columns analyzed), each resumed on its own."""
        if self.stage != "contract" or self.inside:
            return ()
        return ("swap", *(("validate",) if self.foreign_keys_in else ()),
                *(("views", "views_swap") if self.keeps_old else ()), "analyze")

    def in_transaction(self):
        return replace(self, inside=True)

    def reverse(self):
        return replace(self, columns=tuple(c.reverse() for c in self.columns), down=not self.down, inside=False,
                       checks=tuple(c.reverse() for c in self.checks),
                       foreign_keys_dropped=self.foreign_keys_added, foreign_keys_added=self.foreign_keys_dropped,
                       dependents=tuple(d.reverse() for d in reversed(self.dependents)),
                       guarded=self.guarded_back, restored=self.restored_back, guarded_back=self.guarded,
                       restored_back=self.restored, matviews=self.matviews_back, matviews_back=self.matviews)
