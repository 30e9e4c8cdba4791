"""verify.sql for partitioned tables: the partition key and each partition.

The parent's shadow (`pg_temp.schemac_t<n>`, compiler/render/verify.py) is a
plain table: its columns, keys, indexes and triggers compare as any table's.
Its partition key is built on a second shadow, `CREATE TABLE
pg_temp.schemac_p<n> (LIKE schemac_t<n>) PARTITION BY ...`, whose
`pg_get_partkeydef` must match the real table's; each partition is made a
partition of it with the same bound, so `pg_get_expr(relpartbound)` compares
in the server's own normal form (in the session's TimeZone on both sides),
and the partition's own indexes are built on it. Partitions the specs do not
declare, and constraints, indexes or triggers made on a partition rather
than inherited from its parent, are reported.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Constraint, Index, Table
from compiler.ops import CreateTable
from compiler.render.sql import qualified

SHADOW_SCHEMA = "pg_temp"


def shadow_partitions(table: Table, shadow_ref: str, partitions_of_table: list[Table], by_table: dict,
                      shadow_name, shadow_index, partitions: list, partition_keys: list, acl_objects: dict,
                      foreign_keys: list) -> list[str]:
    """The pieces that build the key and partitions of `table`'s shadow;
    fills the rows of verify.sql's `expected_partition_key` and
    `expected_partition`, the partitions' own foreign keys (compared with
    literals) and grant targets."""
    from compiler.render.env import render
    from compiler.render.migration import render_op
    from compiler.render.verify import _foreign_key, _piece
    real = qualified(table.schema, table.name)
    keyed = shadow_name("p")
    keyed_ref = qualified(SHADOW_SCHEMA, keyed)
    key_sql = render("verify/shadow_partition_key.sql.j2", keyed=keyed_ref, shadow=shadow_ref, key=table.partition_by)
    label = f"table {real}"
    partition_keys.append({"object": label, "real": real, "shadow": keyed_ref})
    pieces = [_piece(f"{label} partition key", "partition key", real, real, key_sql)]
    for partition in partitions_of_table:
        partition_real = qualified(partition.schema, partition.name)
        copy = dataclasses.replace(partition, schema=SHADOW_SCHEMA, name=f"{keyed}_{len(partitions) + 1}",
                                   partition_of=keyed)
        copy_ref = qualified(SHADOW_SCHEMA, copy.name)
        partition_label = f"table {partition_real}"
        partitions.append({"object": partition_label, "real": partition_real, "parent": real, "shadow": copy_ref})
        acl_objects[partition.key] = {"object": partition_label, "kind": "relation", "ref": partition_real,
                                      "managed": True}
        pieces.append(_piece(partition_label, "partition", real, partition_real, render_op(CreateTable(copy))))
        pieces += [shadow_index(i, partition_real, copy.name) for i in by_table.get(partition.key, [])
                   if isinstance(i, Index)]
        foreign_keys += [_foreign_key(c, partition_real) for c in by_table.get(partition.key, [])
                         if isinstance(c, Constraint) and c.kind == "foreign_key"]
    return pieces
