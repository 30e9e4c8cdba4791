"""A type made anew with its columns converted, online (docs/online.md,
"Types made anew"): an enum swapped for a new one (values removed,
reordered, or added and used at once: ChangeEnumValues) or a domain, range
or composite type remade (RemakeTypeWithColumns). Instead of converting
each column by ALTER TABLE under ACCESS EXCLUSIVE, the expand/contract
recipe (compiler/ops/expand_contract.py) with the type around it:

- expand, in the migration's transaction: the new type created under a
  temporary name, then the recipe's expand for each column (a new column of
  the temporary type, a trigger converting through text, the enum's
  renamed and remapped labels mapped as the swap maps them);
- convert, after COMMIT: the recipe's batched backfill;
- contract, after COMMIT, one short transaction: what uses the old columns
  or the old type dropped (views, functions, policies, triggers, checks),
  the columns swapped, the old type dropped and the new one renamed to the
  name, and what was dropped made again (checks NOT VALID, validated after
  COMMIT by steps of their own).

down.sql runs the same recipe the other way (`ShadowColumn.reverse`): the
previous type made under the temporary name, the columns converted back."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.objects import Enum, TypeRef
from compiler.catalog.user_types import DomainType, RangeType, multirange_name
from compiler.ops.base import Hazard, Op
from compiler.ops.ddl import CreateEnum
from compiler.ops.expand_contract import ExpandContractStep, ShadowColumn, temporary_name
from compiler.ops.user_types import CreateUserType

SUFFIX = "schemac_new"


def temporary_type_name(name: str) -> str:
    return temporary_name(name, SUFFIX)


@dataclass(frozen=True)
class SwapColumn(ShadowColumn):
    """A column converted to a type made anew: its new column has the
    temporary type until the contract renames it. `up_labels` maps the enum
    labels up.sql changes (renames and remaps), `down_labels` those down.sql
    changes back (renames only)."""

    up_type: TypeRef | None = None  # the new column's type in up.sql, down.sql's below
    down_type: TypeRef | None = None
    up_labels: tuple[tuple[str, str], ...] = ()
    down_labels: tuple[tuple[str, str], ...] = ()
    undo: bool = False

    swapped = True

    @property
    def new_type(self):
        return self.down_type if self.undo else self.up_type

    @property
    def labels(self) -> tuple[tuple[str, str], ...]:
        return self.down_labels if self.undo else self.up_labels

    @property
    def using(self) -> None:
        return None

    @property
    def through_text(self) -> bool:
        return True

    def reverse(self) -> "SwapColumn":
        return replace(self, change=self.change.reverse(), undo=not self.undo)


@dataclass(frozen=True)
class TypeRenamed:
    """The contract's swap of the types (not a step: a part of the
    contract's SQL): the type as it was dropped, the new one renamed from
    its temporary name (with a range's multirange)."""

    dropped: object
    made: object
    kept: bool = False  # renamed `<name>_schemac_old` rather than dropped: the contract keeps the old columns aside
    template = "type_swap_rename"

    @property
    def old(self) -> str:
        return temporary_name(self.dropped.name, "schemac_old")

    @property
    def noun(self) -> str:
        return "DOMAIN" if isinstance(self.made, DomainType) else "TYPE"

    @property
    def temporary(self) -> str:
        return temporary_type_name(self.made.name)

    @property
    def multirange(self) -> tuple[str, str] | None:
        """(temporary multirange name, its name) of a range type."""
        if isinstance(self.made, RangeType):
            return multirange_name(self.temporary), self.made.multirange
        return None

    @property
    def constructors(self) -> tuple[tuple[str, str, tuple[TypeRef, ...], bool], ...]:
        """A range type's constructor functions, which keep the names they
        were made with when their types are renamed (measured on
        PostgreSQL 15 and 18, tests/test_online_ranges.py): (temporary
        name, name, argument types, whether the last is VARIADIC)."""
        if not isinstance(self.made, RangeType):
            return ()
        subtype, (multirange_temporary, multirange) = self.made.subtype, self.multirange
        text, made = TypeRef("text"), TypeRef(self.made.name, self.made.schema, kind="range")
        return ((self.temporary, self.made.name, (subtype, subtype), False),
                (self.temporary, self.made.name, (subtype, subtype, text), False),
                (multirange_temporary, multirange, (), False),
                (multirange_temporary, multirange, (made,), False),
                (multirange_temporary, multirange, (replace(made, array_dims=1),), True))


def made_under_temporary_name(type_: object) -> Op:
    """The step creating `type_` under its temporary name (with a range's
    multirange under a temporary name too)."""
    name = temporary_type_name(type_.name)
    if isinstance(type_, Enum):
        return CreateEnum(replace(type_, name=name))
    if isinstance(type_, RangeType):  # its multirange under PostgreSQL's name for it, renamed by the contract
        return CreateUserType(replace(type_, name=name, multirange=multirange_name(name)))
    return CreateUserType(replace(type_, name=name))


_KINDS = {"expand": "ExpandTypeSwap", "convert": "ConvertColumnRows", "contract": "ContractTypeSwap"}


@dataclass(frozen=True)
class TypeSwapStep(ExpandContractStep):
    """One phase of a type made anew online. `swap`: the step it stands for
    (ChangeEnumValues or RemakeTypeWithColumns, as up.sql makes it), whose
    hazards the convert phase carries; `up_dropped`: the steps dropping what
    uses the old columns or type, `up_made` those making it (or what is new
    and uses the new type) again, both run by the contract."""

    swap: Op | None = None
    type_before: object = None  # the type as it is before up.sql
    type_after: object = None  # and after
    up_dropped: tuple[Op, ...] = ()
    up_made: tuple[Op, ...] = ()
    # steps of the transaction the expand follows: the drops of the foreign keys and keys on the columns that the
    # migration lets go before the swap (compiler/online/around_swaps.py)
    after_drops: tuple[str, ...] = ()

    @property
    def template(self):
        return "type_swap_expand" if self.stage == "expand" else f"expand_{self.stage}"

    @property
    def kind(self) -> str:
        return _KINDS[self.stage]

    @property
    def key(self):
        return f"type_swap:{self.type_after.key}:{self.up_phase}"

    @property
    def step(self) -> Op:
        """The swap as this script makes it."""
        return self.swap.reverse() if self.down else self.swap

    @property
    def made_type(self):
        """The type this script makes anew."""
        return self.type_before if self.down else self.type_after

    @property
    def gone_type(self):
        return self.type_after if self.down else self.type_before

    @property
    def create_type(self) -> Op:
        return made_under_temporary_name(self.made_type)

    @property
    def before_swap(self) -> tuple[Op, ...]:
        if self.stage != "contract":
            return ()
        return tuple(op.reverse() for op in reversed(self.up_made)) if self.down else self.up_dropped

    @property
    def after_swap(self) -> tuple:
        if self.stage != "contract":
            return ()
        again = tuple(op.reverse() for op in reversed(self.up_dropped)) if self.down else self.up_made
        return (TypeRenamed(self.gone_type, self.made_type, self.keeps_old), *again)

    @property
    def kept_types(self) -> tuple:
        return (TypeRenamed(self.gone_type, self.made_type, True),) if self.keeps_old and self.stage == "contract" else ()

    def requires(self):
        if self.up_phase == "expand":
            keys = [f"schema:{self.type_after.schema}"] if self.type_after.schema != "public" else []
            keys += getattr(self.type_after, "depends_on", ())  # a domain's base type, a composite's attribute types
            keys += sorted({f"table:{c.schema}.{c.table}" for c in self.columns})
            return (*keys, *self.after_drops)
        if self.up_phase == "convert":
            return super().requires()
        inner = {k for op in (*self.up_dropped, *self.up_made) for k in (op.key, *op.provides())}
        outer = [k for op in (*self.up_dropped, *self.up_made) for k in op.requires() if k not in inner]
        own = {self.type_after.key, self.swap.key}
        return (*super().requires(), *sorted({k for k in outer if k not in own}))

    def provides(self):
        if self.up_phase != "contract":
            return ()
        embedded = tuple(k for op in (*self.up_dropped, *self.up_made) for k in (op.key, *op.provides()))
        return (*super().provides(), self.type_after.key, self.swap.key, *embedded)

    @property
    def parts(self):
        return (self.step,) if self.up_phase == "convert" else (self,)

    @property
    def hazards(self):
        hazards = []
        if self.stage != "convert":
            hazards.append(Hazard.ACCESS_EXCLUSIVE_LOCK)  # briefly: no scan, no rewrite under it
        else:
            found = set(self.step.hazards) | {Hazard.VALIDATES_ROWS}  # the new type checks every value
            hazards += [h for h in (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE, Hazard.VALIDATES_ROWS) if h in found]
        if self.after_commit:
            hazards.append(Hazard.NON_TRANSACTIONAL)
        return tuple(hazards)

    @property
    def table_locks(self):
        """Those of the recipe, with the tables of the triggers and policies
        the contract drops and makes again (ACCESS EXCLUSIVE, briefly)."""
        locks = dict(super().table_locks)
        if self.stage == "contract":
            for op in (*self.before_swap, *self.after_swap):
                for table, lock in getattr(op, "table_locks", ()):
                    if table.startswith("table:"):
                        locks[table] = max(locks.get(table, lock), lock, key=lambda x: x.rank)
        return tuple(sorted(locks.items()))

