"""A step of the migration's transaction that waits for an online type
change or enum swap (compiler/ops/expand_contract.py, type_swap.py) and so
runs after it, after COMMIT, in a short transaction of its own
(compiler/plan/after_swap.py decides which): the DROP TYPE of the type the
old column used, a rename back in down.sql, a foreign key added back to the
key swapped back. It takes its own brief locks; a failed run rolls back
whole and runs again."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ops.base import Hazard, Op
from compiler.ops.online_constraints import ValidateConstraintAfterCommit


@dataclass(frozen=True)
class AfterSwap(Op):
    """`op` run after COMMIT on its own, once the steps `waits` (keys) ran."""

    op: Op
    waits: tuple[str, ...] = ()
    template = "after_swap"

    @property
    def phase(self):
        return self.op.phase

    @property
    def creates(self):
        return self.op.creates

    @property
    def key(self):
        return self.op.key

    def requires(self):
        return (*self.op.requires(), *(k for k in self.waits if k not in self.op.requires()))

    def provides(self):
        return self.op.provides()

    @property
    def parts(self):
        return self.op.parts

    @property
    def hazards(self):
        return (*self.op.hazards, Hazard.NON_TRANSACTIONAL)

    @property
    def table_locks(self):
        return self.op.table_locks

    @property
    def scans(self):
        return self.op.scans

    @property
    def rewrites(self):
        return self.op.rewrites

    @property
    def after_commit(self):
        return True

    def in_transaction(self):
        return self.op

    def reverse(self):
        return self.op.reverse()

    @property
    def kind(self):
        return self.op.kind

    def __getattr__(self, name):
        # what placement and the lock review read of a step (its table, index, constraint, column) is the inner one's
        if name.startswith("__") or name == "op":
            raise AttributeError(name)
        return getattr(self.op, name)


@dataclass(frozen=True)
class ValidatedAfterSwap(ValidateConstraintAfterCommit):
    """The validation of a check or foreign key that down.sql adds back NOT
    VALID after a swap back (`AfterSwap`): keyed by its addition (`:drop`),
    so that it never shares a key with the reverse of up.sql's validation,
    which the script runs too."""

    @property
    def key(self):
        return self.constraint.key + ":drop:validate"

    @property
    def kind(self):
        return "ValidateConstraintAfterCommit"
