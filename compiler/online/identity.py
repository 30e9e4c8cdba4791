"""Online mode: an identity added to a column of a table that exists before
the migration (AlterColumnIdentity that adds one) becomes the steps of
compiler/ops/online_identity.py: NOT NULL through a check validated after
COMMIT, a temporary index on the column when no index of the table starts
with it, the identity attached after COMMIT with its sequence set past the
largest value read through that index, the temporary index dropped.

A column whose type changes too is converted first (by expand/contract when
compiler/online/expand_contract.py takes it: `attached_after_commit` tells
it that the identity follows its contract after COMMIT).

Left as it is: partitioned tables and partitions (no CREATE INDEX
CONCURRENTLY on a partitioned table, NOT NULL kept in the transaction
there), a column the migration renames (down.sql renames it back in its
transaction, before its steps after COMMIT), a column whose type changes by
one ALTER TABLE in the transaction (the table is rewritten under ACCESS
EXCLUSIVE anyway), a previous default drawing from a sequence or function
(a serial's sequence is dropped in the transaction), and a NOT NULL column
an index starts with (the step reads no row)."""

from __future__ import annotations

from compiler.catalog.objects import Column, Table
from compiler.diff.context import Catalogs
from compiler.online.not_null import check_name
from compiler.online.temporary_names import TemporaryNames
from compiler.ops.base import Op
from compiler.ops.columns import AlterColumnTypes
from compiler.ops.expand_contract import ExpandContractStep
from compiler.ops.identity import AlterColumnIdentity
from compiler.ops.online_constraints import AddNotNullCheck, DropNotNullCheck, SetNotNullFromCheck, ValidateNotNullCheck
from compiler.ops.online_identity import AttachColumnIdentity, BuildIdentityIndex, DropIdentityIndex


def identity_attached_after_commit(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    names = TemporaryNames([*catalogs.previous.values(), *catalogs.target.values()])
    result: list[Op] = []
    for op in ops:
        if not (attached_after_commit(op, catalogs) and _scans_or_waits(op, ops, catalogs)):
            result.append(op)
            continue
        s, t, c = op.schema, op.table, op.after.name
        if op.before.nullable and not _converted(op, ops):  # else the contract proves NOT NULL from its own check
            check = check_name(s, t, c, catalogs)
            result += [cls(s, t, c, check) for cls in (AddNotNullCheck, ValidateNotNullCheck, SetNotNullFromCheck,
                                                       DropNotNullCheck)]
        index = None if op.max_by_index else names(s, f"{t}_{c}_identity")
        if index is not None:
            result.append(BuildIdentityIndex(s, t, c, name=index))
        result.append(AttachColumnIdentity(s, t, c, before=op.before, after=op.after, index_name=index))
        if index is not None:
            result.append(DropIdentityIndex(s, t, c, name=index))
    return result


def attached_after_commit(op: Op, catalogs: Catalogs) -> bool:
    """Whether `op` adds an identity to a column that its table had before
    the migration, on a table that is neither partitioned nor a partition,
    without renaming the column or the table."""
    if type(op) is not AlterColumnIdentity or not op.adds or op.after.renamed_from is not None:
        return False
    if op.before.depends_on:  # a default drawing from a sequence the migration drops (a serial): dropped with it
        return False
    tables = [side.get(f"table:{op.schema}.{op.table}") for side in (catalogs.previous, catalogs.target)]
    if not all(isinstance(table, Table) and table.partition_by is None and table.partition_of is None
               for table in tables):
        return False
    before, after = tables
    return after.renamed_from is None and any(column.name == op.after.name for column in before.columns)


def identity_follows_contract(before: Column) -> bool:
    """Whether an identity added to the column `before` (a column it had
    before the migration) whose type expand/contract converts can be
    attached after the contract: it had none, and its default draws from
    no sequence or function."""
    return before.identity is None and not before.depends_on


def _scans_or_waits(op: AlterColumnIdentity, ops: list[Op], catalogs: Catalogs) -> bool:
    """Whether the transactional form would read the rows (SET NOT NULL, or
    `max` without an index starting with the column) or wait for the
    contract of an expand/contract after COMMIT (the column's type)."""
    s, t, c = op.schema, op.table, op.after.name
    if any(isinstance(o, AlterColumnTypes) and (o.schema, o.table) == (s, t) and any(x.after.name == c for x in o.changes)
           for o in ops):
        return False  # its type changes in the transaction, rewriting the table under ACCESS EXCLUSIVE anyway
    return op.before.nullable or _converted(op, ops) or not op.max_by_index


def _converted(op: AlterColumnIdentity, ops: list[Op]) -> bool:
    """Whether expand/contract converts the column (its contract makes it NOT NULL)."""
    column = (op.schema, op.table, op.after.name)
    return any(isinstance(o, ExpandContractStep) and any((x.schema, x.table, x.name) == column for x in o.columns)
               for o in ops)
