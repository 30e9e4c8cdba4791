"""Online mode: a check or foreign key added NOT VALID to a table that exists
before the migration (compiler/diff/constraints.py, a new one or a changed
one made again, and the foreign keys rebuilt around a key) is validated after
COMMIT, on its own, under SHARE UPDATE EXCLUSIVE: writes go on while it
scans, and the transaction holds its stronger locks only an instant.

A foreign key on a partitioned table, which PostgreSQL before 18 cannot add
NOT VALID, is taken by compiler/online/partition_foreign_keys.py first. A domain's
check keeps its validation in the transaction: ALTER DOMAIN ... VALIDATE
CONSTRAINT takes SHARE on every table with a column of the domain (up to
PostgreSQL 18 at least), blocking writes through its scan wherever it runs."""

from __future__ import annotations

from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.keys import ValidateConstraint
from compiler.ops.online_constraints import ValidateConstraintAfterCommit


def validated_after_commit(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    return [ValidateConstraintAfterCommit(op.constraint) if type(op) is ValidateConstraint and not op.undo else op
            for op in ops]
