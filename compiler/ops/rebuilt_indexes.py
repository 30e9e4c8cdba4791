"""An index dropped before an instant type change of its table and built
again `CONCURRENTLY` after COMMIT (compiler/online/rebuilt_indexes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ops.keys import DropIndexForChange
from compiler.ops.online_indexes import OnlineCreateIndex


@dataclass(frozen=True)
class RebuiltIndexAfterCommit(OnlineCreateIndex):
    """CREATE INDEX CONCURRENTLY of the new version of an index the
    transaction dropped around a type change (a step of kind CreateIndex,
    an INVALID leftover of a failed run dropped first). Its reverse drops it
    in down.sql's transaction, since the type change back there waits for
    the drop, as in transactional mode."""

    def reverse(self):
        return DropIndexForChange(self.index, previous=False, needs=self.needs)
