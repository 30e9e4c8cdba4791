"""What must be taken down and put back around a change that PostgreSQL
cannot make while other objects depend on it.

- A primary key, unique constraint or unique index that foreign keys
  reference cannot be dropped while they exist: the foreign keys that stay
  are dropped first and added again (NOT VALID, then validated) once the new
  version of the key exists (`foreign_keys_to_rebuild`).
- The same when the key is dropped for good while a foreign key of the
  target still needs that table and those columns (another key serves it,
  e.g. a unique index instead of a unique constraint): the key's drop is
  moved among the creates, before the foreign keys are added again
  (`keys_dropped_under_foreign_keys`). PostgreSQL binds a foreign key to the
  first matching key it finds (by OID), which may be the one about to go, so
  every step that adds a foreign key waits for each key it could bind to
  and for the drop of each one that goes (`key_steps_before`).
- A foreign key that the migration drops for good while the key it is
  bound to is dropped among the creates (a primary key moved to another
  column) is dropped among the creates too, before the key, even when its
  table is dropped (`foreign_keys_that_go_first`).
- A dropped object whose relation name (compiler/ops/relations.py) an
  object the migration makes takes (a unique constraint replaced by a
  unique index of the same name, a view by a table) is dropped among the
  creates too, with the foreign keys bound to it that go and a view's
  grants; the plan makes the new object wait for that drop
  (`names_freed_first`).
- A column dropped and added again (a changed generated expression) takes
  its indexes and constraints with it: they are rebuilt around that step
  (`column_dependents`).

Each rebuilt object becomes a drop/create pair of compiler/ops/keys.py, with
the keys `<key>:drop` and `<key>`, so the plan shows it and down.sql undoes
it exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.catalog.expressions import referenced_columns
from compiler.catalog.objects import Constraint, Index, Table
from compiler.catalog.programmable import Grant, View
from compiler.diff.context import Catalogs
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.base import DROP
from compiler.ops.ddl import DropConstraint, DropTable
from compiler.ops.keys import (
    AddConstraintForChange,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
    ValidateConstraint,
)
from compiler.ops.relations import DropTableForChange, relation_name
from compiler.ops.replace import DropForReplacement

VALIDATED_LATER = ("foreign_key", "check")


def key_columns(obj) -> frozenset[str] | None:
    """The column set a foreign key can reference through `obj`: a primary
    key, a unique constraint, or a unique index on plain columns without a
    predicate. None for anything else."""
    if isinstance(obj, Constraint) and obj.kind in ("primary_key", "unique"):
        return frozenset(obj.columns)
    if (isinstance(obj, Index) and obj.unique and obj.where is None and obj.relation == "table"
            and all(e.column is not None for e in obj.elements)):
        return frozenset(e.column for e in obj.elements)
    return None


def _table_key_of(obj) -> str:
    return obj.table_key


def _lookups(catalogs: Catalogs, side: str) -> tuple[dict, dict]:
    """For one side of `catalogs` ("previous" or "target"): its keys by
    (table key, column set), and its foreign keys by (referenced table key,
    referenced column set). Built once per diff."""
    if side not in catalogs.cache:
        keys: dict[tuple, list] = {}
        fks: dict[tuple, list] = {}
        for obj in getattr(catalogs, side).values():
            if isinstance(obj, Constraint) and obj.kind == "foreign_key":
                fks.setdefault((obj.ref_table_key, frozenset(obj.ref_columns)), []).append(obj)
                continue
            columns = key_columns(obj)
            if columns is not None:
                keys.setdefault((_table_key_of(obj), columns), []).append(obj)
        catalogs.cache[side] = keys, fks
    return catalogs.cache[side]


def referencing_foreign_keys(key, objects: dict) -> list[Constraint]:
    """Foreign keys among `objects` that PostgreSQL binds to `key` (the same
    table, the same set of referenced columns), sorted by key."""
    columns = key_columns(key)
    if columns is None:
        return []
    return sorted((o for o in objects.values() if isinstance(o, Constraint) and o.kind == "foreign_key"
                   and o.ref_table_key == _table_key_of(key) and frozenset(o.ref_columns) == columns),
                  key=lambda c: c.key)


def key_steps_before(fk: Constraint, catalogs: Catalogs) -> tuple[str, ...]:
    """The steps a step adding `fk` (the target's version) must follow: the
    making of every key of the target it can bind to, and the removal of
    every key of the previous catalog it could bind to. Keys of steps the
    plan does not hold (an unchanged key) are ignored by the plan."""
    where = (fk.ref_table_key, frozenset(fk.ref_columns))
    steps = {k.key for k in _lookups(catalogs, "target")[0].get(where, ())}
    steps |= {k.key + DROP for k in _lookups(catalogs, "previous")[0].get(where, ())}
    return tuple(sorted(steps))


def foreign_keys_to_rebuild(key, catalogs: Catalogs) -> list[Op]:
    """Drop and add again the unchanged foreign keys that reference `key` (a
    key of the previous catalog that the migration drops or changes). Foreign
    keys that change themselves are dropped and added by their own
    comparator (compiler/diff/constraints.py), which orders them the same way."""
    ops: list[Op] = []
    for fk in referencing_foreign_keys(key, catalogs.previous):
        if catalogs.target.get(fk.key) == fk:
            ops += rebuild(fk, key_steps_before(fk, catalogs))
    return ops


def keys_dropped_under_foreign_keys(dropped: list, catalogs: Catalogs) -> tuple[list[Op], set[str]]:
    """Keys of the previous catalog that the migration drops while a foreign
    key of the target references the same table and columns (served by
    another key from now on). PostgreSQL refuses to drop the key a foreign
    key is bound to, and a foreign key added while the key still exists may
    bind to it, so such a key is dropped among the creates (`<key>:drop`),
    after the previous foreign keys on it are dropped: those that stay are
    added again after it (`foreign_keys_to_rebuild`), those that go are
    dropped there too (their own table may be dropped later). Returns the
    steps and the keys of the dropped objects they take over."""
    ops: list[Op] = []
    taken: set[str] = set()
    target_fks = _lookups(catalogs, "target")[1]
    for obj in sorted(dropped, key=lambda o: o.key):
        columns = key_columns(obj)
        if columns is None or _table_key_of(obj) not in catalogs.target:
            continue
        where = (_table_key_of(obj), columns)
        if not target_fks.get(where):
            continue
        ops.append(DropIndexForChange(obj) if isinstance(obj, Index) else DropConstraintForChange(obj))
        taken.add(obj.key)
        ops += foreign_keys_to_rebuild(obj, catalogs)
        ops += _foreign_keys_that_go(obj, catalogs, taken)
    return ops, taken


def _foreign_keys_that_go(key, catalogs: Catalogs, taken: set[str]) -> list[Op]:
    """Drops among the creates of the previous catalog's foreign keys that
    the migration drops and that may be bound to `key` (dropped among the
    creates): their own table may be dropped later. Adds their keys to `taken`."""
    ops: list[Op] = []
    for fk in _lookups(catalogs, "previous")[1].get((_table_key_of(key), key_columns(key)), ()):
        if fk.key not in catalogs.target and fk.key not in taken:
            ops.append(DropConstraintForChange(fk))
            taken.add(fk.key)
    return ops


def foreign_keys_that_go_first(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    """`ops`, with the foreign keys that the migration drops for good moved
    among the creates when the key they are bound to is dropped there (a
    primary key moved to another column, a key rebuilt around a type
    change): PostgreSQL refuses to drop the key while they exist, and a
    plain drop runs after every create. A foreign key dropped with its table
    leaves that DROP TABLE and is dropped on its own first; so does one
    that goes and is already dropped among the creates (before a column
    type change on either side: compiler/diff/column_users.py). The drop of a
    foreign key comes before the drop of any key (DropConstraintForChange's
    phase), so down.sql adds it back after the key is made again."""
    bound: set[tuple] = set()
    for op in ops:
        obj = op.constraint if isinstance(op, DropConstraintForChange) else \
            op.index if isinstance(op, DropIndexForChange) else None
        if obj is not None and op.previous and key_columns(obj) is not None:
            bound.add((_table_key_of(obj), key_columns(obj)))
    going = {fk.key: fk for where in sorted(bound, key=repr) for fk in _lookups(catalogs, "previous")[1].get(where, ())
             if fk.key not in catalogs.target}
    # foreign keys that go and are already dropped among the creates (before a type change)
    early = {op.constraint.key for op in ops if isinstance(op, DropConstraintForChange) and op.previous
             and op.constraint.key not in catalogs.target}
    if not going and not early:
        return ops
    result: list[Op] = []
    for op in ops:
        if type(op) is DropConstraint and op.key in going:
            result.append(DropConstraintForChange(going[op.key]))
        elif type(op) is DropConstraint and op.key in early:
            continue
        elif isinstance(op, DropTable) and any(c.key in going or c.key in early for c in op.constraints):
            result += [DropConstraintForChange(c) for c in op.constraints if c.key in going and c.key not in early]
            result.append(replace(op, constraints=tuple(c for c in op.constraints
                                                        if c.key not in going and c.key not in early)))
        else:
            result.append(op)
    return result


def names_freed_first(dropped: list, created: dict, taken: set[str], catalogs: Catalogs) -> list[Op]:
    """Objects of the previous catalog that the migration drops while one it
    makes (`created`) takes their relation name: PostgreSQL refuses to make
    the new one while the old one exists, so the old one is dropped among the
    creates (`<key>:drop`, which the plan makes the new one wait for), with
    what must go before it or goes with it: the foreign keys bound to a key
    that go, a view's grants (the drop takes them along, its reverse puts
    them back), a table's indexes and constraints. A materialized view, a
    view or table that other objects use, and a table with grants are
    refused. Adds to `taken` the keys it takes over (and skips those taken)."""
    made = {relation_name(o) for o in created.values()} - {None}
    ops: list[Op] = []
    for obj in sorted(dropped, key=lambda o: o.key):
        if obj.key in taken or relation_name(obj) not in made:
            continue
        if isinstance(obj, Index):
            ops.append(DropIndexForChange(obj))
        elif isinstance(obj, Constraint):
            ops.append(DropConstraintForChange(obj))
        elif isinstance(obj, View) and not obj.materialized and not _used_by_others(obj, catalogs):
            grants = tuple(o for k, o in sorted(catalogs.previous.items()) if isinstance(o, Grant) and o.on == obj.key)
            ops.append(DropForReplacement(obj, grants))
            taken.update(g.key for g in grants)
        elif isinstance(obj, Table) and not _used_by_others(obj, catalogs):
            ops += _table_dropped_first(obj, catalogs, taken)
        else:
            raise UsageError(f"{obj.key} is dropped while a new object takes its name {relation_name(obj)}, and it "
                             "cannot be dropped before the objects the migration makes (a materialized view, or "
                             "other objects use it): drop it in a migration of its own first")
        taken.add(obj.key)
        if key_columns(obj) is not None:
            ops += _foreign_keys_that_go(obj, catalogs, taken)
    return ops


def _table_dropped_first(table: Table, catalogs: Catalogs, taken: set[str]) -> list[Op]:
    """DROP TABLE among the creates, its indexes dropped before it (the
    reverse makes them after the table); its constraints go with it."""
    own = sorted((o for o in catalogs.previous.values() if getattr(o, "table_key", None) == table.key),
                 key=lambda o: o.key)
    indexes = [o for o in own if isinstance(o, Index)]
    constraints = tuple(o for o in own if isinstance(o, Constraint))
    taken.update(o.key for o in (*indexes, *constraints))
    return [*(DropIndexForChange(i) for i in indexes), DropTableForChange(table, constraints)]


def _used_by_others(obj, catalogs: Catalogs) -> bool:
    """Whether anything of the previous catalog but a view's grants and a
    table's own indexes and constraints needs `obj`."""
    for other in catalogs.previous.values():
        if isinstance(other, Grant):
            if other.on == obj.key and isinstance(obj, Table):
                return True
        elif isinstance(other, (Index, Constraint)) and other.table_key == obj.key:
            if isinstance(obj, View):
                return True
        elif obj.key in (getattr(other, "table_key", None), getattr(other, "ref_table_key", None),
                         *getattr(other, "depends_on", ())) and other.key != obj.key:
            return True
    return False


def rebuild(obj, needs: tuple[str, ...] = (), after=None) -> list[Op]:
    """Drop `obj` (an index or constraint) and make `after` (its target
    version; by default `obj` again) after the steps `needs` names; in the
    transaction (never CONCURRENTLY: the step it waits for runs in the
    transaction)."""
    after = obj if after is None else after
    if isinstance(obj, Index):
        return [DropIndexForChange(obj, needs=needs), CreateIndexForChange(after, needs=needs)]
    if after.kind in VALIDATED_LATER:
        return [DropConstraintForChange(obj, needs=needs), AddConstraintForChange(after, True, needs=needs),
                ValidateConstraint(after)]
    return [DropConstraintForChange(obj, needs=needs), AddConstraintForChange(after, needs=needs)]


def uses_column(obj, column: str) -> bool:
    """Whether an index or constraint of the column's table names the column
    (as a key column, an INCLUDE column, or in an expression or predicate)."""
    if isinstance(obj, Index):
        if any(e.column == column for e in obj.elements) or column in obj.include:
            return True
        expressions = [e.expression for e in obj.elements if e.expression is not None] + [obj.where]
    else:
        if column in obj.columns:
            return True
        expressions = [obj.expression]
    return any(_mentions(e, column) for e in expressions if e is not None)


def _mentions(expression: str, column: str) -> bool:
    names = referenced_columns(expression)
    if names is None:  # does not parse here: assume it may
        return re.search(rf"\b{re.escape(column)}\b", expression, re.IGNORECASE) is not None
    return column in names


def column_dependents(table_key: str, column: str, catalogs: Catalogs) -> list:
    """Indexes and constraints of the previous catalog on the table that use
    `column`, sorted by key."""
    return sorted((o for o in catalogs.previous.values() if isinstance(o, (Index, Constraint))
                   and o.table_key == table_key and uses_column(o, column)), key=lambda o: o.key)
