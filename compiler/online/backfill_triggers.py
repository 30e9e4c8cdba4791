"""Online mode: the user triggers of a table converted by expand/contract
(compiler/ops/expand_contract.py, type swaps too) and the recipe's backfill.

- The backfill's UPDATEs must not look like writes of the application: a
  trigger firing on UPDATE without a column list (`update_of:`) would count,
  log or refuse rows the migration only converts. The expand replaces each
  such trigger in place (`CREATE OR REPLACE TRIGGER`, SHARE ROW EXCLUSIVE
  for an instant) by itself with a guard in its WHEN (false only in the
  session running the backfill, which sets `schemac.backfill`:
  templates/ddl/create_trigger.sql.j2), and the contract puts it back as it was (or makes
  it again, for a trigger it drops and makes again anyway). A trigger with
  a column list never fires for the backfill: it names none of the new
  columns (measured on PostgreSQL 15 and 18, tests/test_backfill_triggers.py).
- The application's writes go on meanwhile, and the recipe's own trigger
  must see the row as the table's BEFORE triggers leave it: triggers fire in
  the order of their names, so the sync trigger is named after the last of
  them (`sync_trigger_name`).

`session_replication_role = replica` for the backfill's session would skip
the triggers without touching them, but needs a superuser (or, on
PostgreSQL 15+, `GRANT SET ON PARAMETER`); `ALTER TABLE ... DISABLE
TRIGGER` would skip them for the application's writes too."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.programmable import Trigger

_MAX_NAME = 63


@dataclass(frozen=True)
class Guards:
    """The triggers the expand guards and the contract puts back, for up.sql
    (the previous catalog's triggers) and for down.sql (the target's)."""

    guarded: tuple[Trigger, ...] = ()
    restored: tuple[Trigger, ...] = ()
    guarded_back: tuple[Trigger, ...] = ()
    restored_back: tuple[Trigger, ...] = ()


def fires_on_backfill(trigger: Trigger) -> bool:
    """Whether the backfill's UPDATE of the new columns fires `trigger`."""
    return "update" in {e.lower() for e in trigger.events} and not trigger.update_of


def guards(tables: set[str], previous: dict, target: dict, remade: set[str]) -> Guards | str:
    """The guards of the triggers on `tables` (table keys) that fire on the
    backfill, or why they cannot be had: a constraint trigger (PostgreSQL
    has no CREATE OR REPLACE for those), a trigger the migration adds,
    changes or drops in its transaction (its step and the guard would race),
    unless the contract makes it again (`remade`: keys of the triggers it
    drops and makes)."""
    found = {}
    for catalog in (previous, target):
        for key, obj in catalog.items():
            if isinstance(obj, Trigger) and obj.table_key in tables and fires_on_backfill(obj):
                found[key] = obj
    for key in sorted(found):
        trigger = found[key]
        if trigger.constraint:
            return f"{key} is a constraint trigger firing on UPDATE: it cannot be kept off the backfill"
        if key not in remade and previous.get(key) != target.get(key):
            return f"{key} fires on UPDATE and changes in this migration: it cannot be kept off the backfill"

    def of(catalog: dict) -> tuple[tuple[Trigger, ...], tuple[Trigger, ...]]:
        kept = tuple(catalog[k] for k in sorted(found) if k in catalog)
        return kept, tuple(t for t in kept if t.key not in remade)

    (guarded, restored), (guarded_back, restored_back) = of(previous), of(target)
    return Guards(guarded, restored, guarded_back, restored_back)


def sync_trigger_name(default: str, table_key: str, column: str, previous: dict, target: dict) -> str | None:
    """The name of a converted column's sync trigger: `default`, or, when a
    BEFORE row trigger of the table sorts after it (PostgreSQL fires them by
    name, comparing bytes), `<the last one's name>_<column>_schemac_sync`;
    None when that is longer than 63 bytes."""
    names = {o.name for catalog in (previous, target) for o in catalog.values()
             if isinstance(o, Trigger) and o.table_key == table_key and o.timing == "before" and o.for_each == "row"}
    last = max(names, key=lambda n: n.encode("utf-8"), default=None)
    if last is None or last.encode("utf-8") < default.encode("utf-8"):
        return default
    name = f"{last}_{column}_schemac_sync"
    return name if len(name.encode("utf-8")) <= _MAX_NAME else None


def combined(found: list[Guards]) -> dict[str, tuple[Trigger, ...]]:
    """The fields of ExpandContractStep for the guards of several tables."""
    fields = ("guarded", "restored", "guarded_back", "restored_back")
    return {f: tuple(sorted((t for g in found for t in getattr(g, f)), key=lambda t: t.key)) for f in fields}


def named_after_triggers(columns: list, table_key: str, previous: dict, target: dict) -> list | None:
    """`columns` (ShadowColumn) with their sync triggers named after the
    table's BEFORE row triggers, or None when a name would be too long."""
    named = []
    for c in columns:
        name = sync_trigger_name(c.function, table_key, c.name, previous, target)
        if name is None:
            return None
        named.append(c if name == c.function else replace(c, sync_trigger=name))
    return named
