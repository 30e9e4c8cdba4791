"""Identity and generated-expression changes of one column (called by
compiler/diff/tables.py), and which other aspects of the column the steps
made here take over.

- identity added, dropped or switched between `always` and `by_default`:
  AlterColumnIdentity, which also owns the NOT NULL an identity implies
  (both sides with an identity: NOT NULL either way, nothing to do) and,
  unless the type changes too, the default (the type change owns it then:
  AlterColumnTypes).
- generated expression removed: DropColumnExpression (values kept).
- generated expression changed, or a plain column made generated:
  RedefineGeneratedColumn (drop and add: it owns every aspect). The indexes
  and constraints on the column are rebuilt around it; a view, policy or
  trigger that may use the column, or an index or constraint on it that the
  migration drops, is refused (DROP COLUMN would fail or take it early).
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.catalog.objects import Column, Constraint, Index, Table
from compiler.diff.context import Catalogs
from compiler.diff.dependents import DROP, column_dependents, foreign_keys_to_rebuild, key_columns, rebuild
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.identity import AlterColumnIdentity, DropColumnExpression, RedefineGeneratedColumn, generated_key

ALL = frozenset({"type", "default", "nullability", "comment"})


def identity_and_generated_changes(table: Table, before: Column, after: Column,
                                   catalogs: Catalogs) -> tuple[list[Op], frozenset[str]]:
    """The steps for the identity and the generated expression of a column,
    and the aspects they own (which the caller must not change again)."""
    schema, name = table.schema, table.name
    identity_changed = before.identity != after.identity
    # STORED <-> VIRTUAL is a new expression too: the column is dropped and added again (its values are computed)
    generated_changed = (before.generated, before.virtual) != (after.generated, after.virtual)
    if generated_changed and after.generated is None and before.virtual:
        raise UsageError(f"changes to existing objects are not supported yet: column {schema}.{name}.{after.name} "
                         "stops being a VIRTUAL generated column (PostgreSQL has no DROP EXPRESSION for it); make "
                         "it STORED in one migration, then a plain column in the next")
    if generated_changed and after.generated is not None:
        needs, ops = _around_column(table, after.name, catalogs)
        return [RedefineGeneratedColumn(schema, name, before, after, needs), *ops], ALL
    owned: set[str] = set()
    if before.identity is not None or after.identity is not None:
        owned.add("nullability")  # NOT NULL comes with an identity
    ops: list[Op] = []
    type_changed = before.type != after.type
    # the type change, when there is one, drops and sets the default: keep it out of these steps
    b, a = (replace(before, default=None), replace(after, default=None)) if type_changed else (before, after)
    if generated_changed:  # removed
        needs, rebuilt = _around_column(table, after.name, catalogs)
        ops += [DropColumnExpression(schema, name, b, a, needs=needs), *rebuilt]
        owned.add("default")
    if identity_changed:
        ops.append(AlterColumnIdentity(schema, name, b, a, max_read_by_index(schema, name, after.name, catalogs)))
        owned.add("default")
    if type_changed:
        owned.discard("default")
    return ops, frozenset(owned)


def _around_column(table: Table, column: str, catalogs: Catalogs) -> tuple[tuple[str, ...], list[Op]]:
    """The steps that take the indexes and constraints on `column` down
    before the column is dropped and added again, and put them back after:
    (the keys the column step waits for, the rebuild steps)."""
    _refuse_other_users(table, column, catalogs)
    step = generated_key(table.schema, table.name, column)
    needs: list[str] = []
    ops: list[Op] = []
    for obj in column_dependents(table.key, column, catalogs):
        now = catalogs.target.get(obj.key)
        if now is None:
            raise UsageError(f"changes to existing objects are not supported yet: column "
                             f"{table.schema}.{table.name}.{column} is made again while {obj.key}, which uses it, "
                             "is dropped; drop it in a migration of its own first")
        needs.append(obj.key + DROP)
        if now == obj:  # a changed one is dropped and made by its own comparator
            ops += rebuild(obj, (step,))
            if key_columns(obj) is not None:
                ops += foreign_keys_to_rebuild(obj, catalogs)
    return tuple(needs), ops


def _refuse_other_users(table: Table, column: str, catalogs: Catalogs) -> None:
    """Views, policies and triggers have no rebuild here yet: DROP COLUMN
    fails while one of them uses the column."""
    word = re.compile(rf"(?<![\w$]){re.escape(column)}(?![\w$])|\*", re.IGNORECASE)
    users = []
    for obj in catalogs.previous.values():
        kind = obj.key.split(":", 1)[0]
        if kind in ("view", "policy") and table.key in getattr(obj, "depends_on", ()) or (
                kind == "policy" and getattr(obj, "table_key", None) == table.key):
            text = " ".join(t for t in (getattr(obj, "query", None), getattr(obj, "using", None),
                                        getattr(obj, "with_check", None)) if t)
            if word.search(text):
                users.append(obj.key)
        elif kind == "trigger" and obj.table_key == table.key and (
                column in obj.update_of or (obj.when and word.search(obj.when))):
            users.append(obj.key)
    if users:
        raise UsageError(f"changes to existing objects are not supported yet: column "
                         f"{table.schema}.{table.name}.{column} must be dropped and added again (its generated "
                         f"expression changes), but {', '.join(sorted(users))} may use it")


def max_read_by_index(schema: str, table: str, column: str, catalogs: Catalogs) -> bool:
    """Whether a btree index or key of the table that both sides of the
    migration have, unchanged, starts with `column` (without a predicate):
    `max(column)` reads one entry of it."""
    table_key = f"table:{schema}.{table}"
    for key, obj in catalogs.target.items():
        if catalogs.previous.get(key) != obj:
            continue
        if isinstance(obj, Index) and obj.table_key == table_key and obj.method == "btree" and obj.where is None \
                and obj.elements and obj.elements[0].column == column:
            return True
        if isinstance(obj, Constraint) and obj.table_key == table_key and obj.kind in ("primary_key", "unique") \
                and not obj.without_overlaps and obj.columns and obj.columns[0] == column:
            return True
    return False
