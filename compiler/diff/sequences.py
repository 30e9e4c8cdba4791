"""The comparator of a sequence present in both catalogs, and the steps
making a new one. Options and the comment change in place (ALTER
SEQUENCE, COMMENT ON SEQUENCE), ownership by OWNED BY; a rename is a
Rename step (compiler/diff/renames.py)."""

from __future__ import annotations

from compiler.catalog.objects import Sequence, Table
from compiler.catalog.offline_checks import INTEGER_TYPES
from compiler.diff.context import NONE, Catalogs
from compiler.ops import Op
from compiler.ops.sequences import AlterSequence, CreateSequence, SetSequenceOwner


def created(sequence: Sequence, catalogs: Catalogs = NONE) -> list[Op]:
    """CREATE SEQUENCE, then OWNED BY once its column exists (continuing
    after its values when the column exists before the migration)."""
    ops: list[Op] = [CreateSequence(sequence)]
    if sequence.owned_by:
        ops.append(SetSequenceOwner(sequence, (), sequence.owned_by, _continues(sequence, catalogs)))
    return ops


def _continues(sequence: Sequence, catalogs: Catalogs) -> bool:
    """Whether a new ascending sequence is owned by an integer column that
    exists before the migration (and may hold values)."""
    before = catalogs.previous.get(sequence.owner_table_key)
    after = catalogs.target.get(sequence.owner_table_key)
    if not isinstance(before, Table) or not isinstance(after, Table) or sequence.increment < 0:
        return False
    column = after.column(sequence.owned_by[1])
    return (before.column(sequence.owned_by[1]) is not None and column is not None
            and column.type.kind == "builtin" and column.type.name in INTEGER_TYPES and not column.type.array_dims)


def sequence_changes(before: Sequence, after: Sequence, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    step = AlterSequence(before, after)
    if step.options_changed or step.comment_changed:
        ops.append(step)
    if before.owned_by != after.owned_by:
        ops.append(SetSequenceOwner(after, before.owned_by, after.owned_by))
    return ops


COMPARATORS = {Sequence: sequence_changes}
