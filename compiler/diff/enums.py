"""The comparator for an enum present in both catalogs: its values (added,
renamed, removed with `remap`, reordered) and its comment.

Values added after the existing ones, or between them, and values renamed
with `renamed_from` change in place. Anything else (a value removed, the
order changed, or a new value used by the same migration, which PostgreSQL
refuses before the value is committed) swaps the type: see
compiler/ops/enums.py. A swap converts every column of the type; the views,
functions, policies, triggers, checks and indexes PostgreSQL would not let it
pass are dropped before it and made again after it (compiler/diff/
column_users.py), also when only down.sql swaps.

Whether a new value is used is read from parse trees (`_says`): a string
constant equal to the label, bare or cast to the enum, in the defaults,
generated expressions, checks, index expressions and predicates, view
queries, policies, trigger WHENs, argument defaults and SQL bodies of the
objects the migration creates or changes. PL/pgSQL bodies count every string
literal equal to the label.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.expressions import mentions, string_literals
from compiler.catalog.objects import Constraint, Enum, Index, Table
from compiler.catalog.programmable import Policy, Trigger, View
from compiler.catalog.sql_texts import sql_texts
from compiler.diff.column_users import ColumnUse, rebuilt_around, taken_down_and_put_back, with_dependents
from compiler.diff.context import NONE, Catalogs
from compiler.diff.enum_label_renames import enum_label_changes
from compiler.diff.user_types import refuse_swap_under_types
from compiler.ops import Op
from compiler.ops.enums import ChangeEnumValues, CommentOnEnum, EnumColumn


def enum_changes(before: Enum, after: Enum, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    if before.values != after.values:
        renamed, remapped = enum_label_changes(before, after)
        labels = dict(renamed + remapped)
        columns = tuple(_columns(before, labels, catalogs))
        back = Catalogs(catalogs.target, catalogs.previous)  # what down.sql restores after undoing the change
        op = ChangeEnumValues(before, after, renamed + remapped, renamed, columns,
                              force_swap=_new_labels_used(before, after, renamed, catalogs),
                              force_swap_undo=_new_labels_used(after, before, [(b, a) for a, b in renamed], back))
        if op.swaps_either_way:
            refuse_swap_under_types(before, after, catalogs)
            rebuilt, around = rebuilt_around(ColumnUse.of_swap(before, columns), op.key, catalogs)
            op = dataclasses.replace(op, rebuilt=rebuilt)
            ops += around
        elif renamed and (naming := _naming_renamed_values(before, renamed, catalogs)):
            keys = with_dependents(naming, catalogs.previous)
            op = dataclasses.replace(op, rebuilt=tuple(sorted(keys)))
            ops += taken_down_and_put_back(keys, (op.key,), catalogs)
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
                prior = catalogs.prior_defaults.get((table.schema, table.name, column.name),
                                                    _as_it_was(table, column, catalogs))
                yield EnumColumn(table.schema, table.name, column.name, t.array_dims, prior, column.default)


def _as_it_was(table: Table, column, catalogs: Catalogs):
    """The column's default with the enum labels it named before the
    migration renamed them (an expression such as `'active'`, which the
    previous catalog shows with the new label): what down.sql sets back."""
    was = catalogs.labels_as_they_were.get(table.key)
    found = was.column(column.name) if isinstance(was, Table) else None
    return found.default if found is not None else column.default


def _naming_renamed_values(enum: Enum, renamed, catalogs: Catalogs) -> set[str]:
    """Keys of the views, policies, triggers, checks and indexes that the
    migration changes or drops and whose previous version names a value it
    renames in place (a string constant equal to the old label, bare or
    cast to the enum). Made again by their own steps, down.sql would make
    them before renaming the value back, which PostgreSQL refuses: so they
    are taken down before the rename and put back after it, as around a
    swap. Unchanged ones PostgreSQL renames with the value."""
    old = frozenset(previous for previous, _ in renamed)
    found = set()
    for key, obj in catalogs.previous.items():
        if not isinstance(obj, (View, Policy, Trigger, Constraint, Index)) or catalogs.target.get(key) == obj:
            continue
        if isinstance(obj, Index) and obj.relation != "table":
            continue  # a materialized view's: made again with it
        if any(_says(t.sql, t.kind, old, enum.name) for t in sql_texts(obj)):
            found.add(key)
    return found


def _new_labels_used(before: Enum, after: Enum, renamed, catalogs: Catalogs) -> bool:
    """Whether a value this migration adds is written in an object it
    creates or changes: PostgreSQL rejects a new value until it is committed."""
    existing = set(before.values) | {new for _, new in renamed}
    added = frozenset(v for v in after.values if v not in existing)
    if not added:
        return False
    for key, obj in catalogs.target.items():
        old = catalogs.previous.get(key)
        if isinstance(obj, Enum) or old == obj:
            continue
        if isinstance(obj, Table) and any(
                c.default is not None and c.default.enum_label in added for c in _changed_columns(obj, old)):
            return True
        if any(_says(t.sql, t.kind, added, after.name) for t in _texts(obj, old)):
            return True
    return False


def _changed_columns(table: Table, old) -> list:
    return [c for c in table.columns if not isinstance(old, Table) or old.column(c.name) != c]


def _texts(obj, old):
    """The texts `obj` writes that this migration makes: all of them, but
    for a table only those of its changed columns."""
    if isinstance(obj, Table):
        return tuple(t for c in _changed_columns(obj, old) for t in sql_texts(c))
    return sql_texts(obj)


def _says(text: str, kind: str, labels: frozenset[str], enum_name: str) -> bool:
    """Whether the text holds a string constant equal to one of `labels`,
    bare or cast to the enum (one cast to another type is that type's
    value). A PL/pgSQL body, or text that does not parse here, counts every
    string literal PostgreSQL's lexer finds: PostgreSQL checks PL/pgSQL only
    when it runs, and the migration may run it (a default, a check)."""
    found = mentions(text, kind == "statement") if kind != "plpgsql" else None
    if found is None:
        return bool(labels & (string_literals(text) or frozenset()))
    return any(value in labels and cast in (None, enum_name) for value, cast in found.strings)


COMPARATORS = {Enum: enum_changes}
