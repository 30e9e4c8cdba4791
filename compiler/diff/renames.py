"""Renames written in the specs (`renamed_from`), found before the diff.

For every target object whose `renamed_from` names an object of the previous
catalog, while its own key is new there, a Rename step is planned and the
previous catalog is rewritten as if the rename had already happened: the
object and everything that refers to it (the constraints, indexes,
triggers, policies and grants of a renamed table; the keys and indexes
naming a renamed column; the columns and function signatures using a
renamed enum; ...) carry the new name, and so do the SQL texts PostgreSQL
stores parsed (`_carry_texts`). The comparators then see one object on both
sides and diff whatever else changed, so a rename is never a drop and an
add; and the old version of an object that changes too reads what exists
after the renames, which is where up.sql drops it and down.sql (the steps
reversed: renames back last) makes it again.

A table's `renamed_from: schema.name` names a table of another schema: the
step is then a SetSchema (ALTER TABLE ... SET SCHEMA, and RENAME when the
name changes too), and the table's indexes, constraints, triggers,
policies, grants and reference rows move with it, as PostgreSQL moves them.

A hint whose old name is not in the previous catalog (already applied, or
the first migration) is ignored. Then, without hints: a constraint or index
that disappears from a table while one with the same definition under
another name appears on it is renamed too (`orders_pkey` once `orders`
became `purchases`): a name alone never costs a drop and re-create.

Enum value renames and remaps are left to the enum comparator (they may be
part of a type swap); here they only carry column defaults over to the new
label, keeping the defaults as they were for the swap
(compiler/diff/enum_label_renames.py). A text carried to the
target's because only renamed values differ keeps its version with the
values as they were (`labels_as_they_were`): down.sql makes an object taken
down around a step again after the values are renamed back.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Callable

from compiler.catalog.objects import (
    Column,
    ColumnDefault,
    Constraint,
    Enum,
    Index,
    Sequence,
    Table,
    TypeRef,
)
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Function, Grant, Policy, Trigger, View
from compiler.catalog.rows import ReferenceRow
from compiler.diff.enum_label_renames import (
    enum_value_defaults,
    has_label_changes,
    labels_as_they_were,
    renamed_labels,
)
from compiler.diff.sequence_renames import sequence_renames
from compiler.errors import UsageError
from compiler.ops.renames import Rename
from compiler.ops.set_schema import SetSchema
from compiler.render.renamed import NameChanges, renamed_sql, same_after_renames

Objects = dict  # key -> catalog object
Rule = Callable[[object], object]


def apply_renames(before: Objects, after: Objects) -> tuple[list[Rename], Objects, dict, Objects]:
    """The rename steps, the previous catalog (by key) as it is once they
    ran, the column defaults that an enum's type swap changes, as they
    were: {(schema, table, column): default}, and the previous objects
    whose texts now show enum values this migration renames, as they are
    before the values are renamed (`labels_as_they_were`)."""
    ops: list[Rename] = []
    for plan_renames in (_tables, _enums, _columns, sequence_renames, _functions, _views, _constraints, _indexes):
        found, rule = plan_renames(before, after)
        if found:
            ops += found
            before = _rewrite(before, rule)
    prior_defaults: dict = {}
    if has_label_changes(after):
        before = _rewrite(before, enum_value_defaults(before, after, prior_defaults))
    changes = _name_changes(ops, before, after)
    as_they_were: Objects = {}
    if changes is not None:
        carried = {key: _carry_texts(obj, after.get(key), changes) for key, obj in before.items()}
        as_they_were = labels_as_they_were(before, after, carried, changes, _carry_texts)
        before = carried
    # the texts are as after the renames now: compared as parse trees, renamed no further
    found, rule = _same_definition(before, after, NameChanges() if changes is not None else None)
    if found:
        ops += found
        before = _rewrite(before, rule)
        as_they_were = _renamed_too(as_they_were, found)
    return _after_moves(ops), before, prior_defaults, as_they_were


def _after_moves(ops: list) -> list:
    """An index renamed on a table that moves to another schema is renamed
    there, so after the move (a constraint waits for its table by itself)."""
    moves = {op.key for op in ops if isinstance(op, SetSchema)}
    if not moves:
        return ops
    return [dataclasses.replace(op, first=tuple(sorted({*op.first, op.object.table_key + ":rename"})))
            if isinstance(op, Rename) and op.noun == "index" and op.object.table_key + ":rename" in moves else op
            for op in ops]


# ---------------------------------------------------------------- written hints

def _hinted(before: Objects, after: Objects, kind: type, old_key: Callable[[object], str]):
    """(target object, previous object) for each hint of `kind` that applies."""
    pairs = []
    for key in sorted(k for k, o in after.items() if isinstance(o, kind) and o.renamed_from):
        new = after[key]
        previous_key = old_key(new)
        if key not in before and previous_key in before and previous_key not in after:
            pairs.append((new, before[previous_key]))
    return pairs


def _previous_table_key(table: Table) -> str:
    """`renamed_from: name` names a table of the same schema; `schema.name`
    one of another schema, which the table moved from."""
    if "." in table.renamed_from:
        return f"table:{table.renamed_from}"
    return f"table:{table.schema}.{table.renamed_from}"


def _tables(before: Objects, after: Objects):
    pairs = _hinted(before, after, Table, _previous_table_key)
    moved = {(old.schema, old.name): (new.schema, new.name) for new, old in pairs}
    ops = [Rename("table", new.schema, None, old.name, new.name, new.key, old) if new.schema == old.schema
           else SetSchema(old.schema, new.schema, old.name, new.name, old) for new, old in pairs]
    owning = sorted(f"{o.schema}.{o.owned_by[0]}" for o in before.values() if isinstance(o, Sequence) and o.owned_by
                    and (o.schema, o.owned_by[0]) in moved and moved[(o.schema, o.owned_by[0])][0] != o.schema)
    if owning:
        raise UsageError(f"table {owning[0]} moves to another schema with a sequence it owns (a serial column): "
                         "schemac does not move sequences with their tables yet. Move the table in a migration "
                         "without `renamed_from` (dropped and made again), or use an identity column")

    def rule(obj):
        if isinstance(obj, (Table, TypeRef)) and (obj.schema, obj.name) in moved and \
                (isinstance(obj, Table) or obj.kind == "table"):
            schema, name = moved[(obj.schema, obj.name)]
            return dataclasses.replace(obj, schema=schema, name=name)
        if isinstance(obj, Table) and obj.partition_of and (obj.schema, obj.partition_of) in moved:
            return dataclasses.replace(obj, partition_of=moved[(obj.schema, obj.partition_of)][1])
        if isinstance(obj, (Grant, Owner)) and obj.object_kind == "table" and (obj.schema, obj.name) in moved:
            schema, name = moved[(obj.schema, obj.name)]
            return dataclasses.replace(obj, schema=schema, name=name)
        if getattr(obj, "relation", "table") == "table" and isinstance(getattr(obj, "table", None), str) \
                and (obj.schema, obj.table) in moved:
            schema, name = moved[(obj.schema, obj.table)]  # its indexes and constraints go with it
            obj = dataclasses.replace(obj, schema=schema, table=name)
        if isinstance(obj, Constraint) and (obj.ref_schema, obj.ref_table) in moved:
            schema, name = moved[(obj.ref_schema, obj.ref_table)]
            obj = dataclasses.replace(obj, ref_schema=schema, ref_table=name)
        if isinstance(obj, Sequence) and obj.owned_by and (obj.schema, obj.owned_by[0]) in moved:
            obj = dataclasses.replace(obj, owned_by=(moved[(obj.schema, obj.owned_by[0])][1], obj.owned_by[1]))
        return obj
    return ops, rule


def _enums(before: Objects, after: Objects):
    pairs = _hinted(before, after, Enum, lambda e: f"enum:{e.schema}.{e.renamed_from}")
    names = {(old.schema, old.name): new.name for new, old in pairs}
    ops = [Rename("enum", new.schema, None, old.name, new.name, new.key, old) for new, old in pairs]

    def rule(obj):
        if isinstance(obj, Enum) and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, name=names[(obj.schema, obj.name)])
        if isinstance(obj, TypeRef) and obj.kind == "enum" and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, name=names[(obj.schema, obj.name)])
        return obj
    return ops, rule


def _columns(before: Objects, after: Objects):
    ops = []
    renamed: dict[tuple[str, str], dict[str, str]] = {}  # (schema, table) -> {old: new}
    for key in sorted(k for k, o in after.items() if isinstance(o, Table) and k in before):
        new_table, old_table = after[key], before[key]
        old_names = {c.name for c in old_table.columns}
        new_names = {c.name for c in new_table.columns}
        for column in new_table.columns:
            old = column.renamed_from
            if old and column.name not in old_names and old in old_names and old not in new_names:
                ops.append(Rename("column", new_table.schema, new_table.name, old, column.name,
                                  f"column:{new_table.schema}.{new_table.name}.{column.name}", old_table.column(old)))
                renamed.setdefault((new_table.schema, new_table.name), {})[old] = column.name

    def names(values: tuple[str, ...], mapping: dict[str, str]) -> tuple[str, ...]:
        return tuple(mapping.get(v, v) for v in values)

    def rule(obj):
        if isinstance(obj, Table) and (obj.schema, obj.name) in renamed:
            mapping = renamed[(obj.schema, obj.name)]
            key = obj.partition_by and dataclasses.replace(obj.partition_by, elements=tuple(
                dataclasses.replace(e, column=mapping.get(e.column, e.column)) for e in obj.partition_by.elements))
            return dataclasses.replace(obj, partition_by=key, columns=tuple(
                dataclasses.replace(c, name=mapping[c.name]) if c.name in mapping else c for c in obj.columns))
        if isinstance(obj, Constraint):
            if (obj.schema, obj.table) in renamed:
                mapping = renamed[(obj.schema, obj.table)]
                obj = dataclasses.replace(obj, columns=names(obj.columns, mapping), elements=tuple(
                    dataclasses.replace(e, column=mapping.get(e.column, e.column)) for e in obj.elements))
            if (obj.ref_schema, obj.ref_table) in renamed:
                obj = dataclasses.replace(obj, ref_columns=names(obj.ref_columns,
                                                                 renamed[(obj.ref_schema, obj.ref_table)]))
            return obj
        if isinstance(obj, Index) and obj.relation == "table" and (obj.schema, obj.table) in renamed:
            mapping = renamed[(obj.schema, obj.table)]
            elements = tuple(dataclasses.replace(e, column=mapping.get(e.column, e.column)) for e in obj.elements)
            return dataclasses.replace(obj, elements=elements, include=names(obj.include, mapping))
        if isinstance(obj, Trigger) and (obj.schema, obj.table) in renamed:
            return dataclasses.replace(obj, update_of=names(obj.update_of, renamed[(obj.schema, obj.table)]))
        if isinstance(obj, Grant) and obj.column is not None and (obj.schema, obj.name) in renamed:
            return dataclasses.replace(obj, column=renamed[(obj.schema, obj.name)].get(obj.column, obj.column))
        if isinstance(obj, ReferenceRow) and (obj.schema, obj.table) in renamed:
            mapping = renamed[(obj.schema, obj.table)]
            return dataclasses.replace(obj, columns=names(obj.columns, mapping),
                                       key_columns=names(obj.key_columns, mapping),
                                       identity=names(obj.identity, mapping))
        if isinstance(obj, Sequence) and obj.owned_by and (obj.schema, obj.owned_by[0]) in renamed:
            owner = names(obj.owned_by[1:], renamed[(obj.schema, obj.owned_by[0])])
            return dataclasses.replace(obj, owned_by=(obj.owned_by[0], *owner))
        return obj
    return ops, rule


def _functions(before: Objects, after: Objects):
    def old_key(f: Function) -> str:
        return dataclasses.replace(f, name=f.renamed_from).key
    pairs = _hinted(before, after, Function, old_key)
    renamed = {old.key: new.name for new, old in pairs}
    ops = [Rename("function", new.schema, None, old.name, new.name, new.key, old) for new, old in pairs]
    signatures = {(old.schema, old.name, tuple(a.type for a in old.args if a.mode != "out")): new.name
                  for new, old in pairs}

    def rule(obj):
        if isinstance(obj, Function) and obj.key in renamed:
            return dataclasses.replace(obj, name=renamed[obj.key])
        if isinstance(obj, Trigger) and obj.function_key in renamed:
            return dataclasses.replace(obj, function_name=renamed[obj.function_key])
        if isinstance(obj, Grant) and obj.object_kind in ("function", "procedure") \
                or isinstance(obj, Owner) and obj.object_kind in ("function", "procedure"):
            new_name = signatures.get((obj.schema, obj.name, obj.arg_types))
            return dataclasses.replace(obj, name=new_name) if new_name else obj
        return obj
    return ops, rule


def _views(before: Objects, after: Objects):
    pairs = _hinted(before, after, View, lambda v: f"view:{v.schema}.{v.renamed_from}")
    names = {(old.schema, old.name): new.name for new, old in pairs}
    ops = [Rename("view", new.schema, None, old.name, new.name, new.key, old) for new, old in pairs]

    def rule(obj):
        if isinstance(obj, View) and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, name=names[(obj.schema, obj.name)])
        if isinstance(obj, Index) and obj.relation == "view" and (obj.schema, obj.table) in names:
            return dataclasses.replace(obj, table=names[(obj.schema, obj.table)])
        if isinstance(obj, (Grant, Owner)) and obj.object_kind in ("view", "materialized view") \
                and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, name=names[(obj.schema, obj.name)])
        return obj
    return ops, rule


def _constraints(before: Objects, after: Objects):
    pairs = _hinted(before, after, Constraint, lambda c: f"constraint:{c.schema}.{c.table}.{c.renamed_from}")
    return _renamed_in_place("constraint", pairs)


def _indexes(before: Objects, after: Objects):
    pairs = _hinted(before, after, Index, lambda i: f"index:{i.schema}.{i.renamed_from}")
    return _renamed_in_place("index", pairs)


def _renamed_in_place(noun: str, pairs: list[tuple], changes: NameChanges | None = None) -> tuple[list[Rename], Rule]:
    """Renames of constraints and indexes: their name changes, and the SQL
    texts PostgreSQL rewrote on this migration's other renames."""
    renamed = {old.key: _carry_texts(dataclasses.replace(old, name=new.name), new, changes) if changes else
               dataclasses.replace(old, name=new.name) for new, old in pairs}
    ops = [Rename(noun, new.schema, new.table if noun == "constraint" else None, old.name, new.name, new.key, old)
           for new, old in pairs]

    def rule(obj):
        if isinstance(obj, (Constraint, Index)) and obj.key in renamed:
            return renamed[obj.key]
        if noun == "constraint" and isinstance(obj, ReferenceRow):  # its ON CONFLICT target, renamed
            key = renamed.get(f"constraint:{obj.schema}.{obj.table}.{obj.key_name}")
            return dataclasses.replace(obj, key_name=key.name) if key is not None else obj
        return obj
    return ops, rule


# ---------------------------------------------------------------- SQL texts

def _name_changes(ops: list[Rename], before: Objects, after: Objects) -> NameChanges | None:
    changes = NameChanges()
    for op in ops:
        if op.noun == "column":
            changes.columns.setdefault(op.owner, {})[op.old] = op.new
        elif op.noun in ("table", "view", "enum", "function"):
            mapping = {"table": changes.relations, "view": changes.relations, "enum": changes.types,
                       "function": changes.functions}[op.noun]
            mapping[op.old] = op.new
        elif op.noun == "table_schema":
            changes.moved[(op.old_schema, op.old)] = op.new_schema
            if op.old != op.new:
                changes.relations[op.old] = op.new
    changes.labels.update(renamed_labels(before, after))
    if not (changes.relations or changes.columns or changes.types or changes.functions or changes.labels
            or changes.moved):
        return None
    return changes


def _renamed_too(objects: Objects, renames: list[Rename]) -> Objects:
    """`objects` with the constraints and indexes renamed without hints
    (`_same_definition`) under their new names."""
    moved = {op.object.key: op for op in renames}
    if not moved.keys() & objects.keys():
        return objects
    result = {}
    for key, obj in objects.items():
        if key in moved:
            obj = dataclasses.replace(obj, name=moved[key].new)
        result[obj.key] = obj
    return result


def _carry_texts(old, new, changes: NameChanges):
    """`old` with its SQL texts as PostgreSQL holds them once the renames ran
    (views, policies, checks, index expressions and predicates, defaults,
    generated columns, trigger WHENs): written as the target writes them
    where they mean the same, else rewritten (compiler/render/renamed.py).
    So the old version of an object names what exists after the renames: up
    drops it after them, down makes it again before renaming back."""
    if type(old) is not type(new):
        new = None
    table = getattr(old, "table", None) if isinstance(old, (Constraint, Index, Policy, Trigger)) else None
    if isinstance(old, Index) and old.relation != "table":
        table = None

    def carried(a: str | None, b: str | None, statement: bool = False, table: str | None = table) -> str | None:
        if a is None:
            return a
        if b is not None and a != b and same_after_renames(a, b, changes, statement, table):
            return b
        return renamed_sql(a, changes, statement, table) or a

    if isinstance(old, View):
        return dataclasses.replace(old, query=carried(old.query, new and new.query, statement=True))
    if isinstance(old, Policy):
        return dataclasses.replace(old, using=carried(old.using, new and new.using),
                                   with_check=carried(old.with_check, new and new.with_check))
    if isinstance(old, Trigger):
        return dataclasses.replace(old, when=carried(old.when, new and new.when))
    if isinstance(old, Constraint) and old.kind == "check":
        return dataclasses.replace(old, expression=carried(old.expression, new and new.expression))
    if isinstance(old, (Index, Constraint)) and old.elements:
        counterparts = new.elements if new is not None and len(new.elements) == len(old.elements) else ()
        elements = tuple(dataclasses.replace(a, expression=carried(a.expression, b.expression if b else None))
                         for a, b in itertools.zip_longest(old.elements, counterparts))
        return dataclasses.replace(old, elements=elements, where=carried(old.where, new and new.where))
    if isinstance(old, Table):
        key = old.partition_by
        if key is not None:  # a partition key's expressions, as PostgreSQL keeps them
            counterparts = new.partition_by.elements if new is not None and new.partition_by is not None \
                and len(new.partition_by.elements) == len(key.elements) else ()
            key = dataclasses.replace(key, elements=tuple(
                dataclasses.replace(a, expression=carried(a.expression, b.expression if b else None, table=old.name))
                for a, b in itertools.zip_longest(key.elements, counterparts)))
        return dataclasses.replace(old, partition_by=key, columns=tuple(
            _carry_column(c, new.column(c.name) if new is not None else None,
                          lambda a, b: carried(a, b, table=old.name)) for c in old.columns))
    return old


def _carry_column(old: Column, new: Column | None, carried) -> Column:
    default = old.default
    if default is not None and default.expression:
        new_default = new.default if new is not None else None
        default = ColumnDefault(carried(default.expression, new_default.expression if new_default else None))
    return dataclasses.replace(old, default=default, generated=carried(old.generated, new and new.generated))


# ---------------------------------------------------------------- without hints

def _same_definition(before: Objects, after: Objects, changes: NameChanges | None) -> tuple[list[Rename], Rule]:
    """Constraints and indexes that only changed their name, on the same
    table (their SQL texts compared modulo this migration's renames)."""
    appearing: dict[object, list] = {}
    for key in sorted(k for k, o in after.items() if isinstance(o, (Constraint, Index)) and k not in before):
        appearing.setdefault(_shape(after[key]), []).append(after[key])
    pairs = []
    for key in sorted(k for k, o in before.items() if isinstance(o, (Constraint, Index)) and k not in after):
        old = before[key]
        candidates = appearing.get(_shape(old), [])
        match = next((new for new in candidates if _same_but_name(old, new, changes)), None)
        if match is not None:
            candidates.remove(match)
            pairs.append((match, old))
    ops, rule = [], (lambda obj: obj)
    for noun, kind in (("constraint", Constraint), ("index", Index)):
        found, found_rule = _renamed_in_place(noun, [(n, o) for n, o in pairs if isinstance(n, kind)], changes)
        if found:
            ops += found
            rule = _chain(rule, found_rule)
    return ops, rule


def _shape(obj):
    """The object without its name and SQL texts: what a renamed one keeps."""
    if isinstance(obj, Constraint) and not obj.elements:
        return dataclasses.replace(obj, name="", expression=None)
    return dataclasses.replace(obj, name="", where=None, elements=tuple(
        dataclasses.replace(e, expression=None) for e in obj.elements))


def _same_but_name(old, new, changes: NameChanges | None) -> bool:
    renamed = dataclasses.replace(old, name=new.name)
    return (_carry_texts(renamed, new, changes) if changes else renamed) == new


def _chain(first: Rule, second: Rule) -> Rule:
    return lambda obj: second(first(obj))


# ---------------------------------------------------------------- rewriting

def _rewrite(objects: Objects, rule: Rule) -> Objects:
    """Apply `rule` to every object and every object nested in one (columns,
    types, arguments), then carry changed keys over to the places that name
    objects by key (`depends_on`, a trigger's function, a grant's object)."""
    rewritten = {key: _deep(obj, rule) for key, obj in objects.items()}
    moved = {key: obj.key for key, obj in rewritten.items() if obj.key != key}
    if moved:
        def retarget(value):
            return moved.get(value, value) if isinstance(value, str) else value
        rewritten = {key: _deep(obj, retarget) for key, obj in rewritten.items()}
    return {obj.key: obj for obj in rewritten.values()}


def _deep(value, rule: Rule):
    if isinstance(value, tuple):
        items = tuple(_deep(v, rule) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, str):
        return rule(value)
    if not dataclasses.is_dataclass(value):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        if not f.compare:
            continue
        current = getattr(value, f.name)
        if isinstance(current, (tuple, str)) or dataclasses.is_dataclass(current):
            new = _deep(current, rule)
            if new is not current:
                changes[f.name] = new
    if changes:
        value = dataclasses.replace(value, **changes)
    return rule(value)
