"""The table locks a migration step may take, weakest first, as PostgreSQL
names them (https://www.postgresql.org/docs/current/explicit-locking.html).

Only the four a schema change takes on a table that exists before the
migration are named here. SHARE and above block writes (INSERT, UPDATE,
DELETE); ACCESS EXCLUSIVE blocks reads too. `migrations: {max_lock: ...}` in
schemac.yaml is one of these."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Lock(str, enum.Enum):
    SHARE_UPDATE_EXCLUSIVE = "share_update_exclusive"  # VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY: writes go on
    SHARE = "share"  # CREATE INDEX: reads go on, writes wait
    SHARE_ROW_EXCLUSIVE = "share_row_exclusive"  # ADD FOREIGN KEY, CREATE TRIGGER: reads go on, writes wait
    ACCESS_EXCLUSIVE = "access_exclusive"  # most ALTER TABLE, DROP: everything waits

    @property
    def rank(self) -> int:
        return list(Lock).index(self)

    @property
    def blocks_writes(self) -> bool:
        return self.rank >= Lock.SHARE.rank

    def __gt__(self, other: "Lock") -> bool:  # type: ignore[override]
        return self.rank > other.rank


def strongest(locks: Iterable[Lock | None]) -> Lock | None:
    """The strongest of `locks` (None among them, or none at all: None)."""
    found = [lock for lock in locks if lock is not None]
    return max(found, key=lambda lock: lock.rank) if found else None
