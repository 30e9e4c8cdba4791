"""Online index steps on a table the migration renames (or whose columns,
constraints or the objects its index texts use it renames).

Every step after COMMIT runs after its script's renames: up.sql's name
what the renames made, down.sql's what its renames back made. A step made
for up.sql is right in up.sql; its reverse is right in down.sql only when
it names nothing a rename changes, or names it as it is before the
migration:

- a new index: up.sql builds it `CONCURRENTLY` under the new names; down.sql
  drops it `CONCURRENTLY` by its name alone, which no rename changes (a
  table moved to another schema moves its indexes: not that);
- a changed index: swapped as on any table (compiler/online/indexes.py),
  the steps of down.sql building the previous version from its definition
  as the specs wrote it before the renames (`DropReplacedIndex.restored`),
  when neither the index's name nor its table's schema changes.
"""

from __future__ import annotations

from compiler.catalog.objects import Index
from compiler.ops.base import Op
from compiler.ops.set_schema import SetSchema


def moved_tables(ops: list[Op]) -> frozenset[str]:
    """The keys (as after the migration) of the tables it moves to another schema."""
    return frozenset(f"table:{op.new_schema}.{op.new}" for op in ops if isinstance(op, SetSchema))


def renamed_only(index: Index, renamed: frozenset[str], moved: frozenset[str]) -> bool:
    """Whether what the migration renames leaves the index's name and schema
    as they are (so down.sql's steps after COMMIT find it by name): it is
    not renamed, nor its table moved to another schema, and its texts do not
    name an enum whose labels change (`enum`: compiler/online/indexes.py)."""
    texts = index.where is not None or any(e.expression for e in index.elements)
    return index.key not in renamed and index.table_key not in moved and not (texts and "enum" in renamed)


def original_version(index: Index, original: dict) -> Index | None:
    """The index as the previous catalog has it before the renames (the
    texts naming the old names), for down.sql's steps after COMMIT; None
    when it has no such version under its key."""
    found = original.get(index.key)
    return found if isinstance(found, Index) and found.name == index.name else None
