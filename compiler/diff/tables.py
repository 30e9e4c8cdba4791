"""The comparator for a table present in both catalogs: its columns and its
comment. Constraints and indexes are objects of their own (keyed apart), so a
table differs only in these.

A column is matched by name: a name only in the target is added, one only in
the previous catalog is dropped (renames via `renamed_from` come later). A
column on both sides yields one step per aspect that changed: type (which
then also owns the default), default, nullability, comment. Column order is
not an aspect: PostgreSQL cannot reorder columns, and verify.sql compares
them by name.
"""

from __future__ import annotations

from compiler.diff.context import NONE, Catalogs

from compiler.catalog.objects import Column, Table
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.columns import (
    AddColumn, AlterColumnComment, AlterColumnDefault, AlterColumnNullability, AlterColumnType, AlterTableComment,
    DropColumn,
)


def table_changes(before: Table, after: Table, catalogs: Catalogs = NONE) -> list[Op]:
    old = {c.name: c for c in before.columns}
    new = {c.name: c for c in after.columns}
    ops: list[Op] = [AddColumn(after.schema, after.name, c) for c in after.columns if c.name not in old]
    ops += [DropColumn(before.schema, before.name, c) for c in before.columns if c.name not in new]
    for c in after.columns:
        if c.name in old and old[c.name] != c:
            ops += column_changes(after, old[c.name], c)
    if before.comment != after.comment:
        ops.append(AlterTableComment(after.schema, after.name, before.comment, after.comment))
    return ops


def column_changes(table: Table, before: Column, after: Column) -> list[Op]:
    unsupported = [aspect for aspect in ("identity", "generated")
                   if getattr(before, aspect) != getattr(after, aspect)]
    if unsupported:
        raise UsageError(f"changes to existing objects are not supported yet: column "
                         f"{table.schema}.{table.name}.{after.name} ({', '.join(unsupported)})")
    schema, name = table.schema, table.name
    ops: list[Op] = []
    if before.type != after.type:
        ops.append(AlterColumnType(schema, name, before, after))
    elif before.default != after.default:
        ops.append(AlterColumnDefault(schema, name, after.name, before.default, after.default,
                                      after.depends_on, before.depends_on))
    if before.nullable != after.nullable:
        ops.append(AlterColumnNullability(schema, name, after.name, after.nullable))
    if before.comment != after.comment:
        ops.append(AlterColumnComment(schema, name, after.name, before.comment, after.comment))
    return ops
