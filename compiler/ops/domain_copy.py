"""A domain made anew beside the old one (online mode, compiler/online/table_copy.py):
what PostgreSQL can only do to a domain while it reads every column of it
under SHARE on their tables (a NOT NULL or a check added, changed or
validated) or by rewriting them (its base type changed while it has
constraints), done instead by a domain with the target's definition under a
temporary name, to which every table of the domain is copied
(compiler/ops/table_copy.py: the copy's columns of the domain are of the
new one, and each value is checked as it is copied). Two steps:

- prepare, in the migration's transaction: `CREATE DOMAIN <name>_schemac_copy`
  with the target's definition (no table uses it yet: nothing to check);
- swap, after COMMIT, once every table of the domain is swapped in: one short
  transaction drops the old domain, which nothing uses any more, and renames
  the new one to its name.

Reversed (down.sql), prepare becomes the swap of the reverse copy, swap its
prepare."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.user_types import DomainType
from compiler.ops.base import Hazard, Op
from compiler.ops.expand_contract import temporary_name
from compiler.ops.phased import PhasedStep

SUFFIX = "schemac_copy"


@dataclass(frozen=True)
class DomainCopy:
    """One domain made anew from `before` to `after`, the steps of the diff
    on it that the copy does instead (`taken`), and the keys of the swaps of
    the tables copied to it (`tables`), which its swap follows."""

    before: DomainType
    after: DomainType
    taken: tuple[Op, ...] = ()
    tables: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.after.key

    @property
    def copy_name(self) -> str:
        return temporary_name(self.after.name, SUFFIX)

    @property
    def copy(self) -> DomainType:
        """The new domain under its temporary name."""
        return replace(self.after, name=self.copy_name)

    def reverse(self) -> "DomainCopy":
        return replace(self, before=self.after, after=self.before,
                       taken=tuple(op.reverse() for op in reversed(self.taken)))




@dataclass(frozen=True)
class DomainCopyStep(PhasedStep, Op):
    """One step of a domain made anew (see the module); `up_phase`, `down`
    and `inside` as for a table copy (compiler/ops/table_copy.py)."""

    up_phase: str
    copy: DomainCopy
    down: bool = False
    inside: bool = False
    STAGE_WHEN_DOWN = {"prepare": "swap", "swap": "prepare"}
    KINDS = {"prepare": "PrepareDomainCopy", "swap": "SwapDomainCopy"}
    TEMPLATE_PREFIX = "domain_copy_"
    phase = 4  # before the tables copied to it

    @property
    def key(self):
        return f"domain_copy:{self.copy.after.schema}.{self.copy.after.name}:{self.up_phase}"

    def requires(self):
        if self.up_phase == "prepare":
            schema = () if self.copy.after.schema == "public" else (f"schema:{self.copy.after.schema}",)
            return (*schema, *self.copy.after.depends_on)
        return (replace(self, up_phase="prepare").key, *self.copy.tables)

    def provides(self):
        if self.up_phase != "swap":
            return ()
        return tuple(sorted({k for op in self.copy.taken for k in (op.key, *op.provides())}))

    @property
    def parts(self):
        return self.copy.taken if self.up_phase == "swap" and self.copy.taken else (self,)

    @property
    def hazards(self):
        if self.up_phase != "swap":
            return (Hazard.NON_TRANSACTIONAL,) if self.after_commit else ()
        found = {h for op in self.copy.taken for h in op.hazards}
        lost = tuple(h for h in (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE) if h in found)
        return lost + ((Hazard.NON_TRANSACTIONAL,) if self.after_commit else ())

    table_locks = ()  # a type's lock; no table (the tables' copies lock theirs)

    @property
    def after_commit(self) -> bool:
        return self.stage == "swap" and not self.inside
