"""Comparators for constraints and indexes of tables that exist on both sides.

An index or constraint whose definition changed is dropped and made again
(compiler/ops/keys.py orders the two steps); one whose comment alone changed
gets COMMENT ON; `concurrently` alone is how an index is built, not what it
is, so changing only that does nothing. A foreign key or check made on an
existing table (changed, or new: `added_to_existing_table`) is added
NOT VALID and validated in a step of its own.
"""

from __future__ import annotations

from compiler.diff.context import NONE, Catalogs

from dataclasses import replace

from compiler.catalog.objects import Constraint, Index
from compiler.ops import AddConstraint, Op
from compiler.ops.keys import (
    AddConstraintForChange, CommentOnConstraint, CommentOnIndex, CreateIndexForChange, DropConstraintForChange,
    DropIndexForChange, ValidateConstraint,
)

_VALIDATED_LATER = ("foreign_key", "check")


def index_changes(before: Index, after: Index, catalogs: Catalogs = NONE) -> list[Op]:
    if replace(before, concurrently=after.concurrently, comment=after.comment) == after:
        return [CommentOnIndex(after, before.comment, after.comment)] if before.comment != after.comment else []
    return [DropIndexForChange(before, after.concurrently), CreateIndexForChange(after, after.concurrently)]


def constraint_changes(before: Constraint, after: Constraint, catalogs: Catalogs = NONE) -> list[Op]:
    if replace(before, comment=after.comment) == after:
        return [CommentOnConstraint(after, before.comment, after.comment)]
    return [DropConstraintForChange(before), *_add(after)]


def added_to_existing_table(constraint: Constraint) -> list[Op]:
    """A constraint new to a table that exists before the migration."""
    return _add(constraint) if constraint.kind in _VALIDATED_LATER else [AddConstraint(constraint)]


def _add(c: Constraint) -> list[Op]:
    if c.kind in _VALIDATED_LATER:
        return [AddConstraintForChange(c, not_valid=True), ValidateConstraint(c)]
    return [AddConstraintForChange(c)]


COMPARATORS: dict = {Constraint: constraint_changes, Index: index_changes}
