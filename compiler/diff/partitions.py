"""The comparator of a table present in both catalogs, for what partitioning
and persistence add to compiler/diff/tables.py: a partition's bound changes
by DETACH and ATTACH (its rows are checked against the new bound), its
comment in place; a table's persistence by SET LOGGED / SET UNLOGGED.

A table whose partitioning changes (another key, or becoming partitioned, or
no longer), and one that becomes a partition of another table (or stops
being one), is made again (`recreated_tables`, before the comparators run):
dropped with its partitions, keys, indexes, triggers, policies, grants and
the sequences its columns own (RecreateTable, destructive), then made in its target version by the usual
steps; down.sql makes the previous version again, empty. A view, function or
foreign key of another table that uses it is refused for now (drop it in a
migration of its own first)."""

from __future__ import annotations

from compiler.catalog.objects import Constraint, Sequence, Table
from compiler.catalog.programmable import Grant
from compiler.diff.context import NONE, Catalogs
from compiler.diff.programmable import dependents_of
from compiler.diff.tables import table_changes as plain_table_changes
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.columns import AlterTableComment
from compiler.ops.ddl import CreateTable, DropTable
from compiler.ops.partitions import (
    AlterPartitionBound,
    AlterTablePersistence,
    CreatePartitionBesideDefault,
    DropPartitionBesideDefault,
    RecreateTable,
)


def table_changes(before: Table, after: Table, catalogs: Catalogs = NONE) -> list[Op]:
    ops: list[Op] = []
    if after.partition_of:
        if before.bound != after.bound:
            ops.append(AlterPartitionBound(before, after))
        if before.comment != after.comment:
            ops.append(AlterTableComment(after.schema, after.name, before.comment, after.comment))
        return ops
    if after.partition_by is not None:
        old = {c.name: c.type for c in before.columns}
        changed = [c.name for c in after.columns if c.name in after.partition_by.columns
                   and c.name in old and old[c.name] != c.type]
        if changed:
            raise UsageError(f"{after.key}: column {', '.join(changed)} changes type, and PostgreSQL cannot alter a "
                             "column of the partition key; the table must be made again (drop it in one migration "
                             "and declare it again in the next), or keep the type")
    if before.unlogged != after.unlogged:
        ops.append(AlterTablePersistence(after.schema, after.name, after.unlogged))
    return ops + plain_table_changes(before, after, catalogs)


def _recreated(old, new) -> bool:
    """Whether a table is made again: its partitioning changes, or it becomes
    a partition of another table (or of one, or no longer one)."""
    return (isinstance(old, Table) and isinstance(new, Table)
            and (old.partition_by != new.partition_by or old.partition_of != new.partition_of))


def _family(table: Table, before: dict) -> set[str]:
    """The keys of `table`, its partitions, what is on them and the
    sequences its columns own (all dropped with it)."""
    tables = {table.key} | {k for k, o in before.items() if isinstance(o, Table) and o.parent_key == table.key}
    found = set(tables) | {k for k, o in before.items() if isinstance(o, Sequence) and o.owner_table_key in tables}
    for key, obj in before.items():
        if getattr(obj, "table_key", None) in tables or (isinstance(obj, Grant) and obj.on in found):
            found.add(key)
    return found


def recreated_tables(before: dict, after: dict, creates, order) -> tuple[list[Op], dict, set[str]]:
    """The RecreateTable steps of the tables whose partitioning changes, the
    previous catalog without them and their objects (so the target's are
    made as new), and the keys of the tables made again. `creates` makes the
    steps of a set of objects (compiler/diff `_creates`), `order` sorts them
    (compiler/plan `order`)."""
    ops: list[Op] = []
    remaining = dict(before)
    keys = set()
    for key in sorted(k for k in before.keys() & after.keys() if _recreated(before[k], after[k])):
        if key not in remaining:
            continue  # a partition of a table made again: made again with it
        old = before[key]
        family = _family(old, before)
        tables = {k for k in family if isinstance(before[k], Table)}
        users = sorted({d for k in family for d in dependents_of(k, before)} - family)
        users += sorted(o.key for o in before.values() if isinstance(o, Constraint) and o.kind == "foreign_key"
                        and o.ref_table_key in tables and o.key not in family)
        if users:
            raise UsageError(
                f"{key} is made again (its partitioning changes), and {', '.join(users[:5])} "
                f"{'uses' if len(users) == 1 else 'use'} it: schemac cannot take those down and put them back "
                "around it yet; drop them in a migration of their own first, and declare them again after")
        restore = order(creates({k: before[k] for k in sorted(family)}, {}, Catalogs({}, before)))
        ops.append(RecreateTable(old, tuple(restore)))
        for k in family:
            remaining.pop(k)
        keys.add(key)
    return ops, remaining, keys


def beside_default(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    """The new partitions of a table that exists with a default partition
    (which PostgreSQL scans for rows of the new one) as
    CreatePartitionBesideDefault; the dropped partitions of a table that
    keeps one as DropPartitionBesideDefault, whose reverse (down.sql) makes
    the partition again beside it."""
    def defaulted(catalog: dict) -> set[str]:
        return {o.parent_key for o in catalog.values()
                if isinstance(o, Table) and o.bound is not None and o.bound.kind == "default"
                and o.parent_key in catalogs.previous}

    before, after = defaulted(catalogs.previous), defaulted(catalogs.target)
    result = []
    for op in ops:
        if type(op) is CreateTable and op.table.parent_key in before:
            op = CreatePartitionBesideDefault(op.table, op.constraints, op.data_lost, op.needs)
        elif type(op) is DropTable and op.table.partition_of and op.table.parent_key in after:
            op = DropPartitionBesideDefault(op.table, op.constraints, op.needs)
        result.append(op)
    return result
