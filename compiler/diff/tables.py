"""The comparator for a table present in both catalogs: its columns and its
comment. Constraints and indexes are objects of their own (keyed apart), so a
table differs only in these.

A column is matched by name: a name only in the target is added, one only in
the previous catalog is dropped (renames via `renamed_from` come later), with
the views, policies and triggers that read it dropped before and made again
after (`_column_drops`). A
column on both sides yields one step per aspect that changed: default,
nullability, comment, `sensitive` (a step without SQL), and type (which then
also owns the default), except
that the type changes of all the columns of a table make one step
(AlterColumnTypes: one ALTER TABLE, so one rewrite). Identity and generated
expression changes go to compiler/diff/identity.py, whose steps may take
over some of those aspects. Column order is not an aspect:
PostgreSQL cannot reorder columns, and verify.sql compares them by name.
"""

from __future__ import annotations

from compiler.catalog.objects import Column, Table
from compiler.catalog.sql_texts import sql_texts
from compiler.diff.column_users import ColumnUse, around_add, around_drop, rebuilt_around
from compiler.diff.context import NONE, Catalogs
from compiler.diff.identity import identity_and_generated_changes
from compiler.ops import Op
from compiler.ops.columns import (
    AddColumn,
    AlterColumnComment,
    AlterColumnDefault,
    AlterColumnNullability,
    AlterColumnSensitive,
    AlterColumnType,
    AlterColumnTypes,
    AlterTableComment,
    DropColumn,
    column_types_key,
)


def table_changes(before: Table, after: Table, catalogs: Catalogs = NONE) -> list[Op]:
    old = {c.name: c for c in before.columns}
    new = {c.name: c for c in after.columns}
    ops: list[Op] = _column_adds(after, [c for c in after.columns if c.name not in old], catalogs)
    ops += _column_drops(before, [c for c in before.columns if c.name not in new], catalogs)
    types: list[AlterColumnType] = []
    for c in after.columns:
        if c.name in old and old[c.name] != c:
            column_ops, type_change = column_changes(after, old[c.name], c, catalogs)
            ops += column_ops
            if type_change is not None:
                types.append(type_change)
    if types:
        ops += _type_changes(after, types, catalogs)
    if before.comment != after.comment:
        ops.append(AlterTableComment(after.schema, after.name, before.comment, after.comment))
    return ops


def _column_adds(table: Table, added: list[Column], catalogs: Catalogs) -> list[Op]:
    """One AddColumn per added column; the views reading `*` of the table
    are dropped before them and made again after them
    (compiler/diff/column_users.py `around_add`)."""
    schema, name = table.schema, table.name
    if not added:
        return []
    steps = tuple(AddColumn(schema, name, c).key for c in added)
    rebuilt, around = around_add(schema, name, (c.name for c in added), steps, catalogs)
    return [*(AddColumn(schema, name, c, rebuilt=rebuilt, among_creates=bool(rebuilt)) for c in added), *around]


def _column_drops(table: Table, dropped: list[Column], catalogs: Catalogs) -> list[Op]:
    """One DropColumn per dropped column. When views, policies, triggers or
    SQL functions that read a column must be made after its drop
    (compiler/diff/column_users.py `around_drop`), the drops of the table
    run among the creates, after those objects are dropped: each waits for
    the drops of the other dropped columns whose generated expression reads
    it (PostgreSQL refuses the drop while that column exists)."""
    schema, name = table.schema, table.name
    around = {}
    for c in dropped:
        use = ColumnUse.of_drop(schema, name, c.name)
        found = around_drop(use, DropColumn(schema, name, c).key, catalogs)
        if found is not None:
            around[c.name] = found
    if not around:
        return [DropColumn(schema, name, c) for c in dropped]
    ops: list[Op] = []
    for c in dropped:
        use = ColumnUse.of_drop(schema, name, c.name)
        readers = tuple(sorted(DropColumn(schema, name, r).key for r in dropped
                               if r is not c and any(use.reads(t, [table.key]) for t in sql_texts(r))))
        rebuilt, steps = around.get(c.name, ((), []))
        ops += [DropColumn(schema, name, c, rebuilt, readers, among_creates=True), *steps]
    return ops


def column_changes(table: Table, before: Column, after: Column,
                   catalogs: Catalogs = NONE) -> tuple[list[Op], AlterColumnType | None]:
    """The steps for one column, and its type change (None when the type
    stays): the caller makes one step of the type changes of the table."""
    ops, owned = identity_and_generated_changes(table, before, after, catalogs)
    schema, name = table.schema, table.name
    type_change = None
    if "type" not in owned and before.type != after.type:
        type_change = AlterColumnType(schema, name, before, after)
    elif "default" not in owned and before.default != after.default:
        ops.append(AlterColumnDefault(schema, name, after.name, before.default, after.default,
                                      after.depends_on, before.depends_on))
    if "nullability" not in owned and before.nullable != after.nullable:
        ops.append(AlterColumnNullability(schema, name, after.name, after.nullable))
    if "comment" not in owned and before.comment != after.comment:
        ops.append(AlterColumnComment(schema, name, after.name, before.comment, after.comment))
    if before.sensitive != after.sensitive:
        ops.append(AlterColumnSensitive(schema, name, after.name, after.sensitive))
    return ops, type_change


def _type_changes(table: Table, changes: list[AlterColumnType], catalogs: Catalogs) -> list[Op]:
    """One ALTER TABLE for every type change of the table (one rewrite), with
    the objects that use a changed column in a way PostgreSQL refuses
    (views, policies, triggers, ...) or rebuilds for the old type (checks,
    index expressions and predicates: `amount::double precision > 0::double
    precision` is not the check the specs define) dropped before it and made
    again after it (compiler/diff/column_users.py). An object on several
    changed columns is rebuilt once."""
    ordered = tuple(sorted(changes, key=lambda c: c.after.name))
    use = ColumnUse.of_types(table.schema, table.name, (c.after.name for c in ordered))
    key = column_types_key(table.schema, table.name, (c.after.name for c in ordered))
    rebuilt, around = rebuilt_around(use, key, catalogs)
    return [AlterColumnTypes(table.schema, table.name, ordered, rebuilt), *around]
