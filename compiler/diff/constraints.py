"""Comparators for constraints and indexes of tables that exist on both sides.

An index or constraint whose definition changed is dropped and made again
(compiler/ops/keys.py orders the two steps); one whose comment alone changed
gets COMMENT ON; `concurrently` alone is how an index is built, not what it
is, so changing only that does nothing. A foreign key or check made on an
existing table (changed, or new: `added_to_existing_table`) is added
NOT VALID and validated in a step of its own.

A primary key, unique constraint or unique index that foreign keys
reference is replaced with those foreign keys taken down first and put back
after (compiler/diff/dependents.py); an index change built CONCURRENTLY is
then built in the transaction, as the foreign keys that wait for it are.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Constraint, Index
from compiler.diff.context import NONE, Catalogs
from compiler.diff.dependents import foreign_keys_to_rebuild, key_steps_before, referencing_foreign_keys
from compiler.ops import Op
from compiler.ops.keys import (
    AddConstraintForChange,
    CommentOnConstraint,
    CommentOnIndex,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    ValidateConstraint,
)

_VALIDATED_LATER = ("foreign_key", "check")


def index_changes(before: Index, after: Index, catalogs: Catalogs = NONE) -> list[Op]:
    if replace(before, concurrently=after.concurrently, comment=after.comment) == after:
        return [CommentOnIndex(after, before.comment, after.comment)] if before.comment != after.comment else []
    referenced = referencing_foreign_keys(before, catalogs.previous)
    concurrently = after.concurrently and not referenced
    return [DropIndexForChange(before, concurrently), CreateIndexForChange(after, concurrently),
            *foreign_keys_to_rebuild(before, catalogs)]


def constraint_changes(before: Constraint, after: Constraint, catalogs: Catalogs = NONE) -> list[Op]:
    if replace(before, comment=after.comment) == after:
        return [CommentOnConstraint(after, before.comment, after.comment)]
    needs = key_steps_before(after, catalogs) if after.kind == "foreign_key" else ()
    return [DropConstraintForChange(before), *_add(after, needs, catalogs),
            *foreign_keys_to_rebuild(before, catalogs)]


def added_to_existing_table(constraint: Constraint, catalogs: Catalogs = NONE) -> list[Op]:
    """A constraint new to a table that exists before the migration: like
    the second half of a change, so a key carries `validates_rows` (its
    unique index fails on duplicate or NULL rows) and its lock. A foreign
    key waits for the keys it can bind to (compiler/diff/dependents.py)."""
    needs = key_steps_before(constraint, catalogs) if constraint.kind == "foreign_key" else ()
    return _add(constraint, needs, catalogs)


def _add(c: Constraint, needs: tuple[str, ...] = (), catalogs: Catalogs = NONE) -> list[Op]:
    table = catalogs.target.get(c.table_key)
    if c.kind == "foreign_key" and getattr(table, "partition_by", None) is not None:
        # PostgreSQL before 18 refuses NOT VALID foreign keys on a partitioned table: checked as it is added
        # (online mode: compiler/online/partition_foreign_keys.py)
        return [AddConstraintForChange(c, needs=needs)]
    if c.kind in _VALIDATED_LATER:
        return [AddConstraintForChange(c, not_valid=True, needs=needs), ValidateConstraint(c)]
    return [AddConstraintForChange(c, needs=needs)]


COMPARATORS: dict = {Constraint: constraint_changes, Index: index_changes}
