"""Comparators for SQL domains, composite and range types, and aggregates
present in both catalogs.

In place where PostgreSQL allows it: a domain's checks (a new one added NOT
VALID and then validated, a changed one dropped and added again), default,
NOT NULL and comment; a composite type's attributes (ALTER TYPE ... ADD /
DROP / ALTER ATTRIBUTE; ALTER ... TYPE only while no table column is of the
type, which PostgreSQL refuses); an aggregate by CREATE OR REPLACE AGGREGATE.
A domain's base type or collation, a range type's definition, and the type
of a composite's attribute under table columns of it cannot change in place:
the type is made again (the attributes retyped) with the table columns of it
converted around it, and what uses those columns taken down and put back
(compiler/diff/column_users.py). An aggregate whose state type or final
function (its result type) changes is dropped and made again with the views
and policies that call it around it. Anything else that uses such a type
makes the change a spec error at the object, with what to do."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Table
from compiler.catalog.programmable import Function
from compiler.catalog.user_types import Aggregate, CompositeType, DomainType, RangeType, type_keys
from compiler.diff.column_users import ColumnUse, rebuilt_around, taken_down_and_put_back, with_dependents
from compiler.diff.context import NONE, Catalogs
from compiler.errors import SpecError, SpecErrors, UsageError
from compiler.ops import Op
from compiler.ops.user_types import (
    AddDomainCheck,
    AlterAttributes,
    AlterDomainDefault,
    AlterDomainNullability,
    CommentOnUserType,
    CreateAggregate,
    CreateUserType,
    DomainColumn,
    DropDomainCheck,
    RecreateObject,
    RemakeTypeWithColumns,
    ReplaceAggregate,
    ReplaceDomainCheck,
    ValidateDomainCheck,
)


def _types_of(obj) -> list:
    if isinstance(obj, Table):
        return [c.type for c in obj.columns]
    if isinstance(obj, Function):
        types = [a.type for a in obj.args]
        if obj.returns is not None:
            types += [obj.returns.type, obj.returns.setof] + [t for _, t in obj.returns.table]
        return types
    if isinstance(obj, CompositeType):
        return [a.type for a in obj.attributes]
    if isinstance(obj, DomainType):
        return [obj.base]
    if isinstance(obj, RangeType):
        return [obj.subtype]
    if isinstance(obj, Aggregate):
        return [*obj.args, obj.state_type]
    return []


def users(key: str, catalog: dict) -> list[str]:
    """The keys of the objects of `catalog` that use object `key` (as a type,
    or by name in their SQL)."""
    return sorted(k for k, obj in catalog.items()
                  if k != key and (key in type_keys(_types_of(obj)) or key in getattr(obj, "depends_on", ())))


def _table_columns(t, catalog: dict) -> list[str]:
    """`table.column` of each column of the previous catalog of type `t`'s object."""
    return [f"{obj.name}.{c.name}" for obj in catalog.values() if isinstance(obj, Table)
            for c in obj.columns if c.type.kind in ("composite",) and (c.type.schema, c.type.name) == (t.schema, t.name)]


def _refuse(obj, message: str, hint: str):
    """A change schemac cannot make right: a spec error at the object when it
    comes from the specs (the plan of a catalog read from elsewhere: a usage error)."""
    source = obj.source
    if source is None:
        raise UsageError(f"{obj.key}: {message}; {hint}")
    raise SpecErrors([SpecError(source.file, source.line, source.column, source.path, message, hint)])


def refuse_swap_under_types(before, after, catalogs: Catalogs) -> None:
    """An enum's type swap converts columns, not the domains, composite and
    range types, or aggregates built on the enum, which would keep the old
    type from being dropped: refused while any of them uses it."""
    used = [k for k in users(before.key, catalogs.previous) if k.split(":", 1)[0] in _TYPE_KINDS]
    if used:
        _refuse(after, f"the enum's values change by a type swap (in up.sql, or in down.sql to take added values "
                f"away), which {', '.join(used[:5])} would stop: they are built on the enum",
                "move those types off the enum in an earlier migration, or keep the enum's values")


_TYPE_KINDS = ("domain_type", "type", "aggregate")


def _array_columns(d: DomainType, catalog: dict) -> list[str]:
    return [f"{obj.name}.{c.name}" for obj in catalog.values() if isinstance(obj, Table) for c in obj.columns
            if c.type.kind == "domain" and c.type.array_dims and (c.type.schema, c.type.name) == (d.schema, d.name)]


def _retyped(before, after, catalogs: Catalogs) -> list[Op]:
    """A domain's new base type, a range's new definition: made again when
    nothing uses it; with the table columns of it converted around it when
    only they do."""
    used = users(before.key, catalogs.previous)
    if not used:
        return [RecreateObject(before, after)]
    columns, by_table, blocking = [], {}, []
    for key in used:
        obj = catalogs.previous[key]
        if isinstance(after, CompositeType) and isinstance(obj, Function):
            continue  # PostgreSQL retypes an attribute under a function's argument or result
        if not isinstance(obj, Table) or any(before.key in c.depends_on for c in obj.columns):
            blocking.append(key)
            continue
        for c in obj.columns:
            if c.type.kind in ("domain", "range", "composite") and \
                    (c.type.schema, c.type.name) == (before.schema, before.name):
                columns.append(DomainColumn(obj.schema, obj.name, c.name, c.type.array_dims))
                by_table.setdefault(obj.key, set()).add(c.name)
    if blocking:
        shown = ", ".join(blocking[:5]) + (", ..." if len(blocking) > 5 else "")
        what = ("a domain's base type or collation" if isinstance(after, DomainType) else
                "a range type's definition" if isinstance(after, RangeType) else "an attribute's type")
        _refuse(after, f"{what} cannot change while {shown} use it (only table columns of it are converted)",
                "make the new version under another name, move its users to it in one migration, and drop the "
                "old one in the next")
    op = RemakeTypeWithColumns(before, after, tuple(columns))
    use = ColumnUse(by_table, f"{after.key}: it is made again")
    rebuilt, around = rebuilt_around(use, op.key, catalogs)
    return [*around, replace(op, rebuilt=rebuilt)]


def converts(before, after) -> bool:
    """Whether the change of `before` into `after` converts columns (a
    domain's base type), so it runs with the enum swaps and type changes,
    before the other comparators (compiler/diff/__init__.py)."""
    if isinstance(after, RangeType):
        return _without_comment(before) != _without_comment(after)
    if isinstance(after, CompositeType):
        return any(action == "alter" for action, _ in AlterAttributes(before, after).actions)
    if isinstance(after, Aggregate):
        return (before.state_type, before.final_function) != (after.state_type, after.final_function)
    return isinstance(after, DomainType) and (before.base, before.collation) != (after.base, after.collation)


def domain_changes(before: DomainType, after: DomainType, catalogs: Catalogs = NONE) -> list[Op]:
    if converts(before, after):
        return _retyped(before, after, catalogs)
    ops: list[Op] = []
    old = {c.name: c for c in before.checks}
    new = {c.name: c for c in after.checks}
    ops += [DropDomainCheck(before, c) for c in before.checks if c.name not in new]
    for check in after.checks:
        if check.name not in old:
            ops += [AddDomainCheck(after, check), ValidateDomainCheck(after, check)]
        elif old[check.name] != check:
            ops.append(ReplaceDomainCheck(after, old[check.name], check))
    if before.default != after.default:
        ops.append(AlterDomainDefault(after, before.default, after.default))
    if before.nullable != after.nullable:
        ops.append(AlterDomainNullability(after, after.nullable))
    arrays = _array_columns(after, catalogs.previous)
    if arrays and any(isinstance(op, (AddDomainCheck, ReplaceDomainCheck)) or
                      (isinstance(op, AlterDomainNullability) and not op.nullable) for op in ops):
        _refuse(after, "PostgreSQL cannot add a check or NOT NULL to a domain while array columns of it exist "
                f"({', '.join(arrays[:5])})", "change those columns to another type in one migration, and the "
                "domain in the next")
    if before.comment != after.comment:
        ops.append(CommentOnUserType(after, before.comment))
    return ops


def composite_changes(before: CompositeType, after: CompositeType, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    if before.attributes != after.attributes:
        op = AlterAttributes(before, after)
        columns = _table_columns(after, catalogs.previous)
        kinds = {action for action, _ in op.actions}
        if columns and "alter" in kinds:
            if kinds != {"alter"}:
                _refuse(after, "PostgreSQL cannot change the type of an attribute of a composite type that table "
                        f"columns use ({', '.join(columns[:5])}) while attributes are also added or dropped",
                        "retype the attributes in one migration (the columns are converted around it), and add "
                        "or drop attributes in another")
            return [*_retyped(before, after, catalogs), *_comment(before, after)]
        old_names = [a.name for a in before.attributes]
        kept = [a.name for a in after.attributes if a.name in old_names]
        if kept != [n for n in old_names if n in kept] or [a.name for a in after.attributes][:len(kept)] != kept:
            _refuse(after, "the attributes of a composite type keep their order, and new ones go last",
                    f"PostgreSQL adds attributes at the end and cannot reorder them; list {', '.join(kept)} "
                    "first, in that order")
        ops.append(AlterAttributes(before, after, tuple(columns)))
    if before.comment != after.comment:
        ops.append(CommentOnUserType(after, before.comment))
    return ops


def _comment(before, after) -> list[Op]:
    return [CommentOnUserType(after, before.comment)] if before.comment != after.comment else []


def range_changes(before: RangeType, after: RangeType, catalogs: Catalogs = NONE) -> list[Op]:
    if converts(before, after):
        return _retyped(before, after, catalogs)
    return [CommentOnUserType(after, before.comment)]


def aggregate_changes(before: Aggregate, after: Aggregate, catalogs: Catalogs = NONE) -> list[Op]:
    if converts(before, after):  # the result type may change, which CREATE OR REPLACE refuses
        # a function's body calling the aggregate is text to PostgreSQL; views and policies depend on it
        used = [k for k in users(before.key, catalogs.previous) if not isinstance(catalogs.previous[k], Function)]
        keys = with_dependents(set(used), catalogs.previous)
        op = RecreateObject(before, after, tuple(sorted(keys)))
        return [*taken_down_and_put_back(keys, (op.key,), catalogs), op]
    if _without_comment(before) != _without_comment(after):
        return [ReplaceAggregate(before, after)]
    return [CommentOnUserType(after, before.comment)]


def _without_comment(obj):
    return replace(obj, comment=None, depends_on=())


CREATE = {DomainType: CreateUserType, CompositeType: CreateUserType, RangeType: CreateUserType,
          Aggregate: CreateAggregate}
COMPARATORS = {DomainType: domain_changes, CompositeType: composite_changes, RangeType: range_changes,
               Aggregate: aggregate_changes}
