"""The column order a table really has after a migration.

PostgreSQL cannot reorder the columns of an existing table: a column added
goes last, and so does one dropped and added again (a changed generated
expression). Reordering columns in a spec is therefore cosmetic for a table
that exists, and no step is planned for it. `physical_order` gives the
target catalog the order the database will have, so that state.json stays
truthful, the catalog hash of a reorder-only change equals the previous one
(the plan is empty and its two hashes agree), and a later migration that
re-creates the table (a down.sql after a drop) makes the columns as they
were. New tables keep the order of their spec.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from compiler.catalog.objects import Catalog, Column, Table
from compiler.ops.base import Op


def physical_order(previous: Catalog, target: Catalog, steps: Sequence[Op] = ()) -> Catalog:
    """`target` with the columns of every table that exists in `previous`
    in their physical order: the columns that stay where they were (by
    name, or by `renamed_from` when a column is renamed), in the previous
    order, then the columns added (or made again) in the order of the
    plan's `steps` that add them (the spec's order when not given). The
    same catalog object when nothing moves. A table or column renamed (by
    `renamed_from`) keeps its place."""
    before = {o.key: o for o in previous.objects if isinstance(o, Table)}
    step_of: dict[str, float] = {op.key: i for i, op in enumerate(steps)}
    for i, op in enumerate(steps):  # columns a step adds again (an online type change), in its order
        remade = getattr(op, "columns_made_again", ())
        step_of.update({key: i + n / (len(remade) + 1) for n, key in enumerate(remade)})
    changed = False
    objects = []
    for obj in target.objects:
        old = None
        if isinstance(obj, Table):
            old = before.get(obj.key)
            if old is None and obj.renamed_from is not None:
                old = before.get(f"table:{obj.schema}.{obj.renamed_from}")
            if obj.key + ":drop" in step_of:  # made again (a new partitioning): its columns as written
                old = None
        if old is not None:
            columns = _ordered(old, obj, step_of)
            if columns != obj.columns:
                obj = dataclasses.replace(obj, columns=columns)
                changed = True
        objects.append(obj)
    return dataclasses.replace(target, objects=tuple(objects)) if changed else target


def _ordered(old: Table, new: Table, step_of: dict[str, float]) -> tuple[Column, ...]:
    position = {c.name: i for i, c in enumerate(old.columns)}
    previous = {c.name: c for c in old.columns}
    kept: list[tuple[int, Column]] = []
    appended: list[Column] = []
    column = f"column:{new.schema}.{new.name}."
    for c in new.columns:
        name = c.name if c.name in position else getattr(c, "renamed_from", None)
        if name in position and not _made_again(previous[name], c) and column + c.name not in step_of:
            kept.append((position[name], c))
        else:
            appended.append(c)

    def added_at(c: Column) -> float:  # AddColumn or RedefineGeneratedColumn
        return step_of.get(column + c.name, step_of.get(column + c.name + ":generated", len(step_of)))

    return (tuple(c for _, c in sorted(kept, key=lambda pair: pair[0]))
            + tuple(sorted(appended, key=added_at)))  # stable: spec order without steps


def _made_again(before: Column, after: Column) -> bool:
    """A column dropped and added again goes last (compiler/diff/identity.py)."""
    return after.generated is not None and before.generated != after.generated
