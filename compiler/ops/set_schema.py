"""A table moved to another schema (`renamed_from: old_schema.old_name`):
ALTER TABLE ... SET SCHEMA, then RENAME when the name changes too.
PostgreSQL moves the table's indexes, constraints and owned sequences with
it and keeps its rows, grants and everything that points at it by OID.

Its key is the moved table's key with `:rename`, so the plan makes every
step on the table (or requiring it) wait for it, as for a rename."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op


@dataclass(frozen=True)
class SetSchema(Op):
    old_schema: str
    new_schema: str
    old: str
    new: str
    object: object = None  # the table as it is before the move
    noun = "table_schema"
    template = "set_schema"
    phase = -1

    @property
    def key(self):
        return f"table:{self.new_schema}.{self.new}:rename"

    def requires(self):
        return () if self.new_schema == "public" else (f"schema:{self.new_schema}",)

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)  # briefly; no rows are read or written

    @property
    def table_locks(self):
        return ((f"table:{self.old_schema}.{self.old}", Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        moved = replace(self.object, schema=self.new_schema, name=self.new) if self.object is not None else None
        return SetSchema(self.new_schema, self.old_schema, self.new, self.old, moved)
