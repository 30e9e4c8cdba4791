"""What an online swap names, and which renames back in down.sql must wait
for it (compiler/plan/after_swap.py).

A recipe's steps (compiler/ops/expand_contract.py, type_swap.py) run under
the names the migration gives: up.sql renames in its transaction, before
the expand; down.sql's swap back runs after COMMIT, so a rename back in its
transaction would leave the swap naming what no longer exists (the column,
its table, an index the contract renames its copy to, the enum it drops, a
sequence it re-owns, a view or function it makes again). Such a rename back
follows the swap back instead.

`swap_names()` gathers the keys of what a swap names, as it names them:
its tables, those of its foreign keys and of what its contract drops and
makes again, those objects and what they require, the types of its
columns, the sequences they own. `renamed_object()` gives the key of what
a rename renames (a column, constraint or index: its table's key), under
the name it has before the rename runs."""

from __future__ import annotations

from compiler.catalog.objects import Index
from compiler.catalog.user_types import type_keys
from compiler.ops.base import DROP, Op


def swap_names(swap) -> set[str]:
    """The keys of what the recipe step `swap` (an ExpandContractStep)
    names, under the migration's names."""
    keys: set[str] = set()
    for c in swap.columns:
        keys.add(f"table:{c.schema}.{c.table}")
        keys.update(type_keys((c.change.before.type, c.change.after.type)))
        keys.update(f"sequence:{c.schema}.{name}" for name in c.sequences)
    for fk in (*swap.foreign_keys, *swap.foreign_keys_dropped, *swap.foreign_keys_added):
        keys.update(k for k in (fk.key, fk.table_key, fk.ref_table_key) if k)
    for trigger in (*swap.guarded, *swap.restored, *swap.guarded_back, *swap.restored_back):
        keys.update((trigger.key, trigger.function_key, f"table:{trigger.schema}.{trigger.table}"))
    embedded = [*swap.dependents, *getattr(swap, "up_dropped", ()), *getattr(swap, "up_made", ()),
                *(v.made for v in (*swap.matviews, *swap.matviews_back))]
    for op in embedded:
        keys.add(op.key.removesuffix(DROP))
        keys.update(op.requires())
        keys.update(table for table, _ in getattr(op, "table_locks", ()))
    for t in (getattr(swap, "type_before", None), getattr(swap, "type_after", None)):
        if t is not None:
            keys.add(t.key)
    return keys


def renamed_object(op: Op) -> str | None:
    """The key, under its name before `op` runs, of what the Rename `op`
    renames, or of the table of a column, constraint or index it renames
    (None for an enum's value)."""
    if op.noun in ("column", "constraint"):
        return f"table:{op.schema}.{op.owner}"
    if op.noun == "index":
        return op.object.table_key if isinstance(op.object, Index) else None
    if op.noun in ("table", "view", "enum", "sequence"):
        return f"{op.noun}:{op.schema}.{op.old}"
    if op.noun == "function":
        return getattr(op.object, "key", None)
    return None


def names_sequence(swap, schema: str, name: str) -> bool:
    """Whether a default of a column of `swap` may name the sequence
    `schema.name` (its text holds the name; one that does not is not the
    sequence's)."""
    defaults = [d for c in swap.columns if c.schema == schema for d in (c.change.before.default, c.change.after.default)]
    return any(d is not None and d.expression is not None and name in d.expression for d in defaults)
