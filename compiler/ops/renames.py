"""Renames: ALTER ... RENAME for tables, columns, enums, enum values,
constraints, indexes, functions and views, each reversed by the rename back.

A rename's key is the renamed object's key with `:rename`; the plan makes
every step on that object (and every step that requires it) wait for the
rename, so nothing uses the new name before it exists. Renames keep the rows,
the OIDs and everything that points at the object: views, foreign keys,
grants and policies follow by themselves.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op

_NOUNS = ("table", "column", "enum", "enum_value", "constraint", "index", "function", "view", "sequence")


@dataclass(frozen=True)
class Rename(Op):
    """`noun` names what is renamed; `schema`/`owner` locate it: the table of
    a column or constraint, the enum of a value, the table or view of an
    index. `old` and `new` are names (labels for enum values). `object` is the
    object as it is before the rename, for what the statement needs besides
    names (a function's arguments, whether a view is materialized)."""

    noun: str
    schema: str
    owner: str | None
    old: str
    new: str
    new_key: str  # the key of the renamed object (of its enum, for a value)
    object: object = None
    first: tuple[str, ...] = ()  # steps it waits for: the drops of views that must not see it (diff/star_views.py)
    template = "rename"
    phase = -1  # before anything else that is ready: later steps use the new name

    def __post_init__(self) -> None:
        assert self.noun in _NOUNS, self.noun

    @property
    def key(self):
        return f"{self.new_key}:rename" if self.noun != "enum_value" else f"{self.new_key}:rename:{self.new}"

    def requires(self):
        if self.noun in ("column", "constraint"):
            return (f"table:{self.schema}.{self.owner}", *self.first)
        if self.noun == "enum_value":
            return (self.new_key, *self.first)
        return self.first

    @property
    def hazards(self):
        # a short ACCESS EXCLUSIVE lock on the table or type; no rows are read or written
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,) if self.noun != "enum_value" else ()

    @property
    def table_locks(self):
        """ALTER TABLE ... RENAME (of the table, a column or a constraint)
        and ALTER VIEW ... RENAME: ACCESS EXCLUSIVE; an index's rename locks
        the index only, others no table."""
        if self.noun in ("column", "constraint"):
            return ((f"table:{self.schema}.{self.owner}", Lock.ACCESS_EXCLUSIVE),)
        if self.noun in ("table", "view"):
            return ((self._old_key(), Lock.ACCESS_EXCLUSIVE),)
        return ()

    def reverse(self):
        return Rename(self.noun, self.schema, self.owner, self.new, self.old, self._old_key(),
                      _with_name(self.object, self.new), self.first)

    def _old_key(self) -> str:
        """The key the object had before the rename."""
        if self.noun == "enum_value":
            return self.new_key
        if self.noun == "column":
            return f"column:{self.schema}.{self.owner}.{self.old}"
        return self.object.key


def _with_name(obj, name: str):
    """`obj` (the object before the rename) as it is after it."""
    if obj is None or not hasattr(obj, "name"):
        return obj
    return dataclasses.replace(obj, name=name)
