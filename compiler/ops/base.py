"""What every operation has: the key it acts on, the keys it needs, its
hazards (typed data, never guessed from SQL text), and its reverse."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace

from compiler.lock_levels import Lock, strongest

DROP = ":drop"  # the key suffix of the step that removes an object's previous version among the creates
ORDERING_FIELDS = ("needs", "first")  # fields of some steps that only name steps to wait for


class Hazard(str, enum.Enum):
    DESTRUCTIVE = "destructive"
    REWRITES_TABLE = "rewrites_table"
    ACCESS_EXCLUSIVE_LOCK = "access_exclusive_lock"
    VALIDATES_ROWS = "validates_rows"
    NON_TRANSACTIONAL = "non_transactional"
    IRREVERSIBLE = "irreversible"


@dataclass(frozen=True)
class Op:
    """Base of all operations. Subclasses set `template` (under templates/ddl/)
    and `phase` (tie-breaker in the plan: lower runs earlier among creates)."""

    template = ""
    phase = 0
    creates = True

    @property
    def key(self) -> str:
        raise NotImplementedError

    def requires(self) -> tuple[str, ...]:
        """Keys of objects that must exist before this op runs."""
        return ()

    def provides(self) -> tuple[str, ...]:
        """Keys this step makes besides its own, which other steps may
        require: those of the parts of a step that merges several changes."""
        return ()

    @property
    def parts(self) -> tuple["Op", ...]:
        """The changes this step makes, each with its own key and hazards: the
        step itself, or for a step that merges several (AlterColumnTypes),
        those. Destructive steps are reported and accepted part by part."""
        return (self,)

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        return ()

    @property
    def table_locks(self) -> tuple[tuple[str, Lock], ...]:
        """(key, lock) of each table (or view) the step locks, with the
        strongest lock PostgreSQL takes on it, as tests/test_locks.py
        measures it in pg_locks. Locks that block no one (ACCESS SHARE, ROW
        EXCLUSIVE, ...) are left out. A table made earlier in the same
        migration is locked by no one else: the plan leaves it out
        (compiler/plan/locks.py)."""
        return ()

    @property
    def lock(self) -> Lock | None:
        """The strongest lock the step takes on a table that exists before
        the migration (None: none that blocks anyone, e.g. a new table's).
        The plan says which tables exist before (`Plan.lock_of`)."""
        return strongest(lock for _, lock in self.table_locks)

    @property
    def scans(self) -> bool:
        """Whether the step reads every row of the tables it locks, under
        that lock (VALIDATE, SET NOT NULL, ADD CONSTRAINT without NOT VALID,
        CREATE INDEX): its lock lasts as long as the table is large."""
        return False

    @property
    def rewrites(self) -> bool:
        """Whether the step writes the table (and its indexes) anew."""
        return Hazard.REWRITES_TABLE in self.hazards

    @property
    def after_commit(self) -> bool:
        """Whether the step runs after the migration's COMMIT, on its own:
        one that cannot run in a transaction, or in online mode one that
        would hold its lock through a scan (docs/online.md)."""
        return Hazard.NON_TRANSACTIONAL in self.hazards

    @property
    def resumable_parts(self) -> tuple[str, ...]:
        """The parts of a step after COMMIT that runs several transactions or
        statements, each run and recorded on its own so that a re-run resumes
        at the failed part (its template renders one part by `part`); () for
        a step that is one part."""
        return ()

    def in_transaction(self) -> "Op":
        """The form of the step that runs inside the migration's transaction
        (compiler/plan/placement.py): the step itself when it runs there."""
        return self

    def after_commit_form(self, waited: tuple["Op", ...]) -> tuple["Op", ...] | None:
        """This step of the transaction rewritten so that what of it waits
        for the steps `waited` (steps after COMMIT) runs after COMMIT too: the
        steps replacing it, in order (a part may stay in the transaction);
        None when it has no such form (compiler/plan/placement.py)."""
        return None

    def reverse(self) -> "Op":
        raise NotImplementedError

    @property
    def kind(self) -> str:
        return type(self).__name__


def merged(a: Op, b: Op) -> Op | None:
    """One step doing what `a` and `b` (two steps with one key) both do,
    waiting for what either waits for (the sorted union of their
    `ORDERING_FIELDS`), when they differ in nothing else; None otherwise.
    Two mechanisms may make the same step around different steps: a foreign
    key rebuilt around an enum swap and around the key it binds to, a check
    around an enum swap and around a type change."""
    if type(a) is not type(b):
        return None
    ordering = [f.name for f in fields(a) if f.name in ORDERING_FIELDS]
    cleared = {name: () for name in ordering}
    if not ordering or replace(a, **cleared) != replace(b, **cleared):
        return None
    return replace(a, **{name: tuple(sorted({*getattr(a, name), *getattr(b, name)})) for name in ordering})
