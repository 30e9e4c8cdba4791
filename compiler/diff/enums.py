"""The comparator for an enum present in both catalogs: its values (added,
renamed, removed with `remap`, reordered) and its comment.

Values added after the existing ones, or between them, and values renamed
with `renamed_from` change in place. Anything else (a value removed, the
order changed, or a new value used by the same migration, which PostgreSQL
refuses before the value is committed) swaps the type: see
compiler/ops/enums.py. A swap converts every column of the type; functions
whose signature uses the type and views over such columns would have to be
dropped and re-created around it, which schemac refuses to guess: the
message says what to do.
"""

from __future__ import annotations

from compiler.catalog.objects import Enum, Table
from compiler.catalog.programmable import Function, View
from compiler.diff.context import NONE, Catalogs
from compiler.diff.renames import enum_label_changes
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.enums import ChangeEnumValues, CommentOnEnum, EnumColumn


def enum_changes(before: Enum, after: Enum, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    if before.values != after.values:
        renamed, remapped = enum_label_changes(before, after)
        labels = dict(renamed + remapped)
        columns = tuple(_columns(before, labels, catalogs))
        op = ChangeEnumValues(before, after, renamed + remapped, renamed, columns,
                              force_swap=_new_labels_used(before, after, renamed, catalogs))
        if not op.in_place:
            _refuse_dependents(before, columns, catalogs)
        ops.append(op)
    if before.comment != after.comment:
        ops.append(CommentOnEnum(after, before.comment))
    return ops


def _columns(enum: Enum, labels: dict[str, str], catalogs: Catalogs):
    """Every column of the enum's type in the previous catalog, with its
    default as it is and as the swap leaves it."""
    for key in sorted(k for k, o in catalogs.previous.items() if isinstance(o, Table)):
        table = catalogs.previous[key]
        for column in table.columns:
            t = column.type
            if t.kind == "enum" and (t.schema, t.name) == (enum.schema, enum.name):
                prior = catalogs.prior_defaults.get((table.schema, table.name, column.name), column.default)
                yield EnumColumn(table.schema, table.name, column.name, t.array_dims, prior, column.default)


def _new_labels_used(before: Enum, after: Enum, renamed, catalogs: Catalogs) -> bool:
    """Whether a value this migration adds is written in an object it
    creates or changes: PostgreSQL rejects a new value until it is committed."""
    existing = set(before.values) | {new for _, new in renamed}
    added = [v for v in after.values if v not in existing]
    if not added:
        return False
    quoted = [f"'{v}'" for v in added]
    for key, obj in catalogs.target.items():
        if isinstance(obj, Enum) or catalogs.previous.get(key) == obj:
            continue
        if isinstance(obj, Table):
            old = catalogs.previous.get(key)
            for column in obj.columns:
                if column.default is not None and column.default.enum_label in added and \
                        (not isinstance(old, Table) or old.column(column.name) != column):
                    return True
        text = repr(obj)
        if any(q in text for q in quoted):
            return True
    return False


def _refuse_dependents(enum: Enum, columns: tuple[EnumColumn, ...], catalogs: Catalogs) -> None:
    tables = {f"table:{c.schema}.{c.table}" for c in columns}
    functions = sorted(o.key for o in catalogs.previous.values() if isinstance(o, Function) and _uses(o, enum))
    views = sorted(o.key for o in catalogs.previous.values()
                   if isinstance(o, View) and tables.intersection(o.depends_on))
    if functions or views:
        users = ", ".join(functions + views)
        raise UsageError(
            f"enum {enum.schema}.{enum.name}: removing or reordering values swaps the type, and {users} "
            "depend on it; generate the change in two migrations: first drop or change those objects "
            "(or only add values now), then change the enum")


def _uses(function: Function, enum: Enum) -> bool:
    types = [a.type for a in function.args]
    if function.returns is not None:
        types += [t for t in (function.returns.type, function.returns.setof) if t is not None]
        types += [t for _, t in function.returns.table]
    return any(t.kind == "enum" and (t.schema, t.name) == (enum.schema, enum.name) for t in types)


COMPARATORS = {Enum: enum_changes}
