"""Changes to the values of an enum that exists on both sides.

PostgreSQL can add a value at a position and rename one in place (`ALTER
TYPE ... ADD VALUE ... BEFORE|AFTER`, `RENAME VALUE`), but cannot remove or
reorder values. Those go through the type swap: the old type is renamed
aside, the new one created, every column of the type converted with a
`CASE` that maps renamed and remapped labels, and the old type dropped. The
reverse of any change is the change back, usually a swap (a value added in
place is removed by swapping it out).

Objects PostgreSQL will not let a swap pass (views and policies over the
columns, functions of the type, checks and index expressions comparing the
columns with labels, ...) are dropped before the step and made again after
it (compiler/diff/column_users.py); `rebuilt` names them, and the step
waits for their drops (`<key>:drop`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from compiler.catalog.objects import ColumnDefault, Enum
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op


@dataclass(frozen=True)
class EnumColumn:
    """A column of the enum's type, with its default before and after the change."""

    schema: str
    table: str
    name: str
    array_dims: int
    default_before: ColumnDefault | None
    default_after: ColumnDefault | None

    def reverse(self) -> "EnumColumn":
        return EnumColumn(self.schema, self.table, self.name, self.array_dims, self.default_after, self.default_before)


@dataclass(frozen=True)
class ChangeEnumValues(Op):
    """The change of the enum's values from `old` to `new` (as up.sql makes
    it), or its undoing (`undo`, as down.sql makes it): one op holds both, so
    the reverse of the reverse is the op itself. `labels` maps each previous
    label that changes name (a rename, or the `remap` of a removed value) to
    its new label; `renamed` is the part of it that renames values."""

    old: Enum
    new: Enum
    up_labels: tuple[tuple[str, str], ...] = ()  # (previous label, new label)
    up_renamed: tuple[tuple[str, str], ...] = ()
    up_columns: tuple[EnumColumn, ...] = ()
    force_swap: bool = False  # a value added here is used in the same transaction: swap instead
    force_swap_undo: bool = False  # the same for down.sql: a value it adds back is used by what it restores
    undo: bool = False
    rebuilt: tuple[str, ...] = ()  # keys of the objects dropped before this step and made again after it
    template = "change_enum_values"
    phase = 3

    @property
    def before(self) -> Enum:
        return self.new if self.undo else self.old

    @property
    def after(self) -> Enum:
        return self.old if self.undo else self.new

    @property
    def renamed(self) -> tuple[tuple[str, str], ...]:
        return tuple((b, a) for a, b in self.up_renamed) if self.undo else self.up_renamed

    @property
    def labels(self) -> tuple[tuple[str, str], ...]:
        """Only renames go back: down cannot tell remapped rows from the others."""
        return self.renamed if self.undo else self.up_labels

    @property
    def columns(self) -> tuple[EnumColumn, ...]:
        return tuple(c.reverse() for c in self.up_columns) if self.undo else self.up_columns

    @property
    def data_lost(self) -> bool:
        return self.undo and bool(self.up_remapped)

    @property
    def up_remapped(self) -> tuple[tuple[str, str], ...]:
        return tuple(pair for pair in self.up_labels if pair not in set(self.up_renamed))

    @property
    def key(self):
        return self.after.key + ":values"

    def requires(self):
        return (self.after.key, *(key + DROP for key in self.rebuilt))

    def provides(self):
        """The type in its new form: a step that requires the type (a new
        function of it, a new column of it) waits for this one, or a swap
        would find it on the old type."""
        return (self.after.key,)

    @property
    def swaps_either_way(self) -> bool:
        """Whether up.sql or down.sql swaps the type (a value added in place
        is removed by a swap)."""
        return not self.in_place or not self.reverse().in_place

    @property
    def removed(self) -> tuple[str, ...]:
        renamed_away = {old for old, _ in self.renamed}
        return tuple(v for v in self.before.values if v not in self.after.values and v not in renamed_away)

    @property
    def in_place(self) -> bool:
        """Only renames and additions that keep the previous order."""
        if (self.force_swap_undo if self.undo else self.force_swap) or self.removed:
            return False
        renames = dict(self.renamed)
        kept = [renames.get(v, v) for v in self.before.values]
        positions = [self.after.values.index(v) for v in kept]
        return positions == sorted(positions)

    @property
    def additions(self) -> tuple[tuple[str, str, str], ...]:
        """(label, BEFORE|AFTER, neighbour) in the order to add them in place."""
        renames = dict(self.renamed)
        existing = {renames.get(v, v) for v in self.before.values}
        result, values = [], self.after.values
        for i, label in enumerate(values):
            if label in existing:
                continue
            if i == 0:
                result.append((label, "BEFORE", next(v for v in values if v in existing)))
            else:
                result.append((label, "AFTER", values[i - 1]))
            existing.add(label)
        return tuple(result)

    @property
    def swap_name(self) -> str:
        """The name the old type has while the columns move to the new one."""
        return self.before.name[:56] + "__prior"

    @property
    def hazards(self):
        if self.in_place:
            return ()
        hazards = [Hazard.ACCESS_EXCLUSIVE_LOCK, Hazard.REWRITES_TABLE] if self.columns else []
        if self.removed:
            hazards.append(Hazard.DESTRUCTIVE)  # rows holding a removed value fail, or are remapped
        if not self.undo and self.up_remapped:
            hazards.append(Hazard.IRREVERSIBLE)  # down cannot tell remapped rows from the others
        return tuple(hazards)

    @property
    def table_locks(self):
        """In place (ALTER TYPE ... ADD VALUE, RENAME VALUE): no table. A swap
        converts each column of the type: ACCESS EXCLUSIVE on its table."""
        if self.in_place:
            return ()
        tables = sorted({f"table:{c.schema}.{c.table}" for c in self.columns})
        return tuple((t, Lock.ACCESS_EXCLUSIVE) for t in tables)

    def reverse(self):
        return dataclasses.replace(self, undo=not self.undo)


@dataclass(frozen=True)
class CommentOnEnum(Op):
    enum: Enum
    previous: str | None
    template = "comment_on_enum"
    phase = 3

    @property
    def key(self):
        return self.enum.key + ":comment"

    def requires(self):
        return (self.enum.key,)

    table_locks = ()  # no table

    def reverse(self):
        return CommentOnEnum(Enum(self.enum.schema, self.enum.name, self.enum.values, self.previous), self.enum.comment)
