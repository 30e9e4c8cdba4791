"""The comparator of a table present in both catalogs, for what partitioning
and persistence add to compiler/diff/tables.py: a partition's bound changes
by DETACH and ATTACH (its rows are checked against the new bound), its
comment in place; a table's persistence by SET LOGGED / SET UNLOGGED.

A change PostgreSQL cannot make in place is refused with what to do
instead: a new partition key (or a table becoming partitioned, or no longer)
needs the table made again, and a table cannot become a partition of
another table, or stop being one, here."""

from __future__ import annotations

from compiler.catalog.objects import Table
from compiler.diff.context import NONE, Catalogs
from compiler.diff.tables import table_changes as plain_table_changes
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.columns import AlterTableComment
from compiler.ops.partitions import AlterPartitionBound, AlterTablePersistence


def table_changes(before: Table, after: Table, catalogs: Catalogs = NONE) -> list[Op]:
    if before.partition_of != after.partition_of:
        raise UsageError(
            f"{after.key} " + (f"becomes a partition of {after.partition_of}" if after.partition_of else
                               f"is no longer a partition of {before.partition_of}")
            + (f" (it was a partition of {before.partition_of})" if before.partition_of and after.partition_of
               else "")
            + ": schemac cannot attach or detach an existing table yet; drop it in one migration and declare it "
              "again in the next (its rows are lost), or move it by hand")
    ops: list[Op] = []
    if after.partition_of:
        if before.bound != after.bound:
            ops.append(AlterPartitionBound(before, after))
        if before.comment != after.comment:
            ops.append(AlterTableComment(after.schema, after.name, before.comment, after.comment))
        return ops
    if before.partition_by != after.partition_by:
        change = ("becomes partitioned" if before.partition_by is None else
                  "is no longer partitioned" if after.partition_by is None else "gets another partition key")
        raise UsageError(
            f"{after.key} {change}: PostgreSQL cannot change a table's partitioning in place, the table must be "
            "made again; drop it in one migration and declare it again in the next (its rows are lost), or "
            "declare the new table under another name and move the rows yourself")
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
