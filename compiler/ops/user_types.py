"""Operations on SQL domains, composite and range types, and aggregates:
create and drop, and the changes PostgreSQL makes in place (ALTER DOMAIN,
ALTER TYPE ... ATTRIBUTE, CREATE OR REPLACE AGGREGATE, comments)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.user_types import (
    Aggregate,
    Attribute,
    CompositeType,
    DomainCheck,
    DomainType,
    RangeType,
    type_keys,
)
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.type_changes import type_change

_TYPE_PHASE = 3  # with enums: before functions (4) and tables (5)


def _schema_key(schema: str) -> tuple[str, ...]:
    return () if schema == "public" else (f"schema:{schema}",)


# ------------------------------------------------------------ create and drop

@dataclass(frozen=True)
class CreateUserType(Op):
    """CREATE DOMAIN, CREATE TYPE ... AS (...), CREATE TYPE ... AS RANGE."""

    type: DomainType | CompositeType | RangeType
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses
    phase = _TYPE_PHASE

    @property
    def template(self):
        return {DomainType: "create_domain", CompositeType: "create_composite_type",
                RangeType: "create_range_type"}[type(self.type)]

    @property
    def key(self):
        return self.type.key

    def requires(self):
        return _schema_key(self.type.schema) + self.type.depends_on + self.needs

    table_locks = ()  # no table

    def reverse(self):
        return DropUserType(self.type, self.needs)


@dataclass(frozen=True)
class DropUserType(Op):
    """DROP DOMAIN / DROP TYPE. A type holds no data: the columns of it are
    dropped (or re-typed) by steps of their own before it."""

    type: DomainType | CompositeType | RangeType
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_user_type"
    creates = False

    @property
    def key(self):
        return self.type.key

    @property
    def noun(self) -> str:
        return "DOMAIN" if isinstance(self.type, DomainType) else "TYPE"

    table_locks = ()  # no table

    def reverse(self):
        return CreateUserType(self.type, self.needs)


@dataclass(frozen=True)
class CreateAggregate(Op):
    aggregate: Aggregate
    replace = False  # CREATE, not CREATE OR REPLACE (ReplaceAggregate)
    template = "create_aggregate"
    phase = 4

    @property
    def key(self):
        return self.aggregate.key

    def requires(self):
        return _schema_key(self.aggregate.schema) + self.aggregate.depends_on

    table_locks = ()  # no table

    def reverse(self):
        return DropAggregate(self.aggregate)


@dataclass(frozen=True)
class DropAggregate(Op):
    aggregate: Aggregate
    template = "drop_aggregate"
    creates = False

    @property
    def key(self):
        return self.aggregate.key

    table_locks = ()  # no table

    def reverse(self):
        return CreateAggregate(self.aggregate)


@dataclass(frozen=True)
class ReplaceAggregate(Op):
    """CREATE OR REPLACE AGGREGATE with the new definition (PostgreSQL 12+);
    its reverse puts the old one back the same way."""

    before: Aggregate
    after: Aggregate
    template = "create_aggregate"
    phase = 4

    @property
    def aggregate(self):
        return self.after

    @property
    def replace(self):
        return True

    @property
    def key(self):
        return self.after.key + ":replace"

    def requires(self):
        return (self.after.key, *self.after.depends_on)

    table_locks = ()  # no table

    def reverse(self):
        return ReplaceAggregate(self.after, self.before)


# ------------------------------------------------------------ domains in place

@dataclass(frozen=True)
class AddDomainCheck(Op):
    """ALTER DOMAIN ... ADD CONSTRAINT. A new check is added NOT VALID and
    checked against stored values by the ValidateDomainCheck step after it;
    one put back by down.sql (`not_valid` false) is checked as it is added."""

    domain: DomainType
    check: DomainCheck
    not_valid: bool = True
    template = "add_domain_check"
    phase = 6

    @property
    def key(self):
        return f"{self.domain.key}.{self.check.name}"

    def requires(self):
        return (self.domain.key, *self.domain.depends_on)

    @property
    def hazards(self):
        return () if self.not_valid else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        """Added without NOT VALID (by down.sql), a check checks the stored values of every column of the domain,
        under SHARE on its table; which tables those are is not known here,
        so the lock is taken as given (keyed by the domain)."""
        return () if self.not_valid else ((self.domain.key, Lock.SHARE),)

    @property
    def scans(self):
        return not self.not_valid

    def reverse(self):
        return DropDomainCheck(self.domain, self.check, self.not_valid)


@dataclass(frozen=True)
class DropDomainCheck(Op):
    domain: DomainType
    check: DomainCheck
    not_valid: bool = False  # how its reverse adds the check back
    template = "drop_domain_check"
    creates = False

    @property
    def key(self):
        return f"{self.domain.key}.{self.check.name}"

    table_locks = ()  # no table

    def reverse(self):
        return AddDomainCheck(self.domain, self.check, self.not_valid)


@dataclass(frozen=True)
class ReplaceDomainCheck(Op):
    """A check whose expression changed: DROP CONSTRAINT and ADD CONSTRAINT
    (checking stored values) in one step."""

    domain: DomainType
    before: DomainCheck
    after: DomainCheck
    template = "replace_domain_check"
    phase = 6

    @property
    def key(self):
        return f"{self.domain.key}.{self.after.name}"

    def requires(self):
        return (self.domain.key, *self.domain.depends_on)

    @property
    def hazards(self):
        return (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        """The new check checks the stored values of every column of the domain,
        under SHARE on its table; which tables those are is not known here,
        so the lock is taken as given (keyed by the domain)."""
        return ((self.domain.key, Lock.SHARE),)

    @property
    def scans(self):
        return True

    def reverse(self):
        return ReplaceDomainCheck(self.domain, self.after, self.before)


@dataclass(frozen=True)
class ValidateDomainCheck(Op):
    """ALTER DOMAIN ... VALIDATE CONSTRAINT: fails on a stored value the new
    check refuses (rolling the migration back). Its reverse has nothing to do."""

    domain: DomainType
    check: DomainCheck
    undo: bool = False
    template = "validate_domain_check"
    phase = 8

    @property
    def key(self):
        return f"{self.domain.key}.{self.check.name}:validate"

    def requires(self):
        return (f"{self.domain.key}.{self.check.name}",)

    @property
    def hazards(self):
        return () if self.undo else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        """VALIDATE checks the stored values of every column of the domain,
        under SHARE on its table; which tables those are is not known here,
        so the lock is taken as given (keyed by the domain)."""
        return () if self.undo else ((self.domain.key, Lock.SHARE),)

    @property
    def scans(self):
        return not self.undo

    def reverse(self):
        return replace(self, undo=not self.undo)


@dataclass(frozen=True)
class AlterDomainDefault(Op):
    domain: DomainType
    before: str | None
    after: str | None
    template = "alter_domain_default"
    phase = 6

    @property
    def key(self):
        return self.domain.key + ":default"

    def requires(self):
        return (self.domain.key, *self.domain.depends_on)

    table_locks = ()  # no table

    def reverse(self):
        return AlterDomainDefault(replace(self.domain, default=self.before), self.after, self.before)


@dataclass(frozen=True)
class AlterDomainNullability(Op):
    """SET NOT NULL (checks every stored value) or DROP NOT NULL."""

    domain: DomainType
    nullable: bool
    template = "alter_domain_nullability"
    phase = 6

    @property
    def key(self):
        return self.domain.key + ":nullability"

    def requires(self):
        return (self.domain.key,)

    @property
    def hazards(self):
        return () if self.nullable else (Hazard.VALIDATES_ROWS,)

    @property
    def table_locks(self):
        """SET NOT NULL checks the stored values of every column of the domain,
        under SHARE on its table; which tables those are is not known here,
        so the lock is taken as given (keyed by the domain)."""
        return () if self.nullable else ((self.domain.key, Lock.SHARE),)

    @property
    def scans(self):
        return not self.nullable

    def reverse(self):
        return AlterDomainNullability(self.domain, not self.nullable)


@dataclass(frozen=True)
class CommentOnUserType(Op):
    """COMMENT ON DOMAIN / TYPE / AGGREGATE."""

    object: DomainType | CompositeType | RangeType | Aggregate
    previous: str | None
    template = "comment_on_user_type"
    phase = 6

    @property
    def key(self):
        return self.object.key + ":comment"

    def requires(self):
        return (self.object.key,)

    table_locks = ()  # no table

    def reverse(self):
        return CommentOnUserType(replace(self.object, comment=self.previous), self.object.comment)


# ------------------------------------------------------------ composite types in place

@dataclass(frozen=True)
class AlterAttributes(Op):
    """ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE ... TYPE, one statement,
    on a composite type no table column uses (compiler/diff/user_types.py)."""

    before: CompositeType
    after: CompositeType
    columns: tuple[str, ...] = ()  # `table.column`s of the type: a dropped attribute loses their values
    template = "alter_attributes"
    phase = _TYPE_PHASE

    @property
    def key(self):
        return self.after.key + ":attributes"

    def requires(self):
        return (self.after.key, *type_keys(a.type for a in self.after.attributes))

    @property
    def actions(self) -> list[tuple[str, Attribute]]:
        """("add" | "drop" | "alter", attribute) in the order they run."""
        old = {a.name: a for a in self.before.attributes}
        new = {a.name: a for a in self.after.attributes}
        found = [("drop", a) for a in self.before.attributes if a.name not in new]
        found += [("alter", a) for a in self.after.attributes if a.name in old and old[a.name] != a]
        found += [("add", a) for a in self.after.attributes if a.name not in old]
        return found

    @property
    def hazards(self):
        if self.columns and any(action == "drop" for action, _ in self.actions):
            return (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE)
        return ()

    table_locks = ()  # the type only: columns of it keep their stored values

    def reverse(self):
        return AlterAttributes(self.after, self.before, self.columns)


@dataclass(frozen=True)
class RecreateObject(Op):
    """DROP and CREATE of a domain or range type that nothing uses, or of an
    aggregate (with the views and policies calling it around it), whose
    change PostgreSQL cannot make in place (compiler/diff/user_types.py)."""

    before: DomainType | RangeType | Aggregate
    after: DomainType | RangeType | Aggregate
    rebuilt: tuple[str, ...] = ()  # the views and policies that use an aggregate, dropped before, made after
    template = "recreate_user_type"
    phase = _TYPE_PHASE

    @property
    def key(self):
        return self.after.key

    def requires(self):
        return (*_schema_key(self.after.schema), *self.after.depends_on, *(key + DROP for key in self.rebuilt))

    @property
    def drop(self) -> Op:
        return DropAggregate(self.before) if isinstance(self.before, Aggregate) else DropUserType(self.before)

    @property
    def create(self) -> Op:
        return CreateAggregate(self.after) if isinstance(self.after, Aggregate) else CreateUserType(self.after)

    table_locks = ()  # a type or aggregate nothing stores: no table

    def reverse(self):
        return RecreateObject(self.after, self.before, self.rebuilt)


@dataclass(frozen=True)
class DomainColumn:
    """A column of a domain's type (or an array of it) that a base type change converts."""

    schema: str
    table: str
    name: str
    array_dims: int = 0


@dataclass(frozen=True)
class RemakeTypeWithColumns(Op):
    """A domain whose base type (or collation) changes, a range type whose
    definition changes, or a composite type whose attributes change type,
    while table columns are of it: each column is converted to a parking
    type (the domain's old base type; text for the others), the type dropped
    and made again (a composite's attributes retyped), and each column
    converted back to it (USING the value cast to the new base type, or from
    text, which checks it). `rebuilt`: the views, policies, triggers,
    checks and indexes that use the columns, dropped before and made again
    after (compiler/diff/column_users.py)."""

    before: DomainType | RangeType | CompositeType
    after: DomainType | RangeType | CompositeType
    columns: tuple[DomainColumn, ...]
    rebuilt: tuple[str, ...] = ()
    template = "remake_type_with_columns"
    phase = _TYPE_PHASE

    @property
    def key(self):
        return self.after.key

    def requires(self):
        return (*_schema_key(self.after.schema), *self.after.depends_on, *(key + DROP for key in self.rebuilt))

    @property
    def domain(self) -> bool:
        return isinstance(self.after, DomainType)

    @property
    def middle(self) -> tuple[Op, ...]:
        """What runs while the columns are parked: the type dropped and made
        again, or a composite type's attributes retyped."""
        if isinstance(self.after, CompositeType):
            return (AlterAttributes(self.before, self.after),)
        return (DropUserType(self.before), CreateUserType(self.after))

    @property
    def tables(self) -> list[tuple[str, str, list[DomainColumn]]]:
        """(schema, table, columns) per table, in order."""
        found: dict[tuple[str, str], list[DomainColumn]] = {}
        for c in self.columns:
            found.setdefault((c.schema, c.table), []).append(c)
        return [(schema, table, columns) for (schema, table), columns in sorted(found.items())]

    @property
    def hazards(self):
        """Values are converted through the parking type and checked by the
        new type; a domain's new base type is graded as a column type change
        (compiler/ops/type_changes.py), a range's new subtype as unknown."""
        if self.domain:
            lossy = type_change(self.before.base, self.after.base).destructive
        elif isinstance(self.after, CompositeType):
            old = {a.name: a.type for a in self.before.attributes}
            lossy = any(type_change(old[a.name], a.type).destructive for a in self.after.attributes
                        if a.name in old and old[a.name] != a.type)
        else:
            lossy = self.before.subtype != self.after.subtype
        lost = (Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE) if lossy else ()
        return (Hazard.ACCESS_EXCLUSIVE_LOCK, Hazard.REWRITES_TABLE, Hazard.VALIDATES_ROWS, *lost)

    @property
    def table_locks(self):
        return tuple((f"table:{schema}.{table}", Lock.ACCESS_EXCLUSIVE) for schema, table, _ in self.tables)

    def reverse(self):
        return RemakeTypeWithColumns(self.after, self.before, self.columns, self.rebuilt)
