"""Online mode: the columns of a primary key attached after COMMIT
(compiler/online/indexes.py) that the migration makes NOT NULL. up.sql sets
NOT NULL through a check before the key is attached (compiler/online/
not_null.py); down.sql drops it after COMMIT, once the previous version of
the key is swapped back (compiler/ops/online_key_columns.py)."""

from __future__ import annotations

from dataclasses import fields

from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.online_constraints import SetNotNullFromCheck
from compiler.ops.online_indexes import AttachKeyIndex
from compiler.ops.online_key_columns import SetNotNullUnderKey


def not_null_under_keys(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    held: dict[str, list[str]] = {}  # the nullability step of a column -> the keys attached after COMMIT on it
    for op in ops:
        if isinstance(op, AttachKeyIndex) and op.after_commit and op.after.kind == "primary_key":
            for key in op.needs:
                held.setdefault(key, []).append(op.key)
    result: list[Op] = []
    for op in ops:
        if type(op) is SetNotNullFromCheck and op.key in held:
            op = SetNotNullUnderKey(*(getattr(op, f.name) for f in fields(op)), keys=tuple(sorted(held[op.key])))
        result.append(op)
    return result
