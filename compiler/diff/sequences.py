"""The comparator of a sequence present in both catalogs, and the steps
making a new one. Options and the comment change in place (ALTER
SEQUENCE, COMMENT ON SEQUENCE), ownership by OWNED BY; a rename is a
Rename step (compiler/diff/renames.py)."""

from __future__ import annotations

from compiler.catalog.objects import Sequence
from compiler.diff.context import NONE, Catalogs
from compiler.ops import Op
from compiler.ops.sequences import AlterSequence, CreateSequence, SetSequenceOwner


def created(sequence: Sequence) -> list[Op]:
    """CREATE SEQUENCE, then OWNED BY once its column exists."""
    ops: list[Op] = [CreateSequence(sequence)]
    if sequence.owned_by:
        ops.append(SetSequenceOwner(sequence, (), sequence.owned_by))
    return ops


def sequence_changes(before: Sequence, after: Sequence, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    step = AlterSequence(before, after)
    if step.options_changed or step.comment_changed:
        ops.append(step)
    if before.owned_by != after.owned_by:
        ops.append(SetSequenceOwner(after, before.owned_by, after.owned_by))
    return ops


COMPARATORS = {Sequence: sequence_changes}
