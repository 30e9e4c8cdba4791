"""Sequence renames (`renamed_from`, and the sequence of a `serial` column
whose table or column is renamed: PostgreSQL keeps the sequence, so its
name follows by a rename, never a new sequence that would start again).
The previous catalog is rewritten as if the rename ran: the sequence, its
grants, and the defaults drawing from it (PostgreSQL stores the
sequence's OID, so `nextval(...)` shows the new name by itself)."""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import ColumnDefault, Sequence, Table
from compiler.catalog.programmable import Grant
from compiler.ops.renames import Rename
from compiler.render.sql import nextval_call


def sequence_renames(before: dict, after: dict):
    pairs = []
    for key in sorted(k for k, o in after.items() if isinstance(o, Sequence) and o.renamed_from):
        new = after[key]
        old_key = f"sequence:{new.schema}.{new.renamed_from}"
        if key not in before and isinstance(before.get(old_key), Sequence) and old_key not in after:
            pairs.append((new, before[old_key]))
    names = {(old.schema, old.name): new.name for new, old in pairs}
    defaults = {nextval_call(old.schema, old.name): (nextval_call(new.schema, new.name), old.key, new.key)
                for new, old in pairs}
    ops = [Rename("sequence", new.schema, None, old.name, new.name, new.key, old) for new, old in pairs]

    def rule(obj):
        if isinstance(obj, Sequence) and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, name=names[(obj.schema, obj.name)])
        if isinstance(obj, Grant) and obj.object_kind == "sequence" and (obj.schema, obj.name) in names:
            return dataclasses.replace(obj, on=f"sequence:{obj.schema}.{names[(obj.schema, obj.name)]}",
                                       name=names[(obj.schema, obj.name)])
        if isinstance(obj, Table) and defaults:
            columns = tuple(_moved(c, defaults) for c in obj.columns)
            if any(a is not b for a, b in zip(columns, obj.columns)):
                return dataclasses.replace(obj, columns=columns)
        return obj
    return ops, rule


def _moved(column, defaults: dict):
    if column.default is None or column.default.expression not in defaults:
        return column
    text, old_key, new_key = defaults[column.default.expression]
    depends = tuple(sorted(new_key if k == old_key else k for k in column.depends_on))
    return dataclasses.replace(column, default=ColumnDefault(expression=text), depends_on=depends)
