"""diff(previous, target) -> operations.

Objects only in the target are created, objects only in the previous catalog
are dropped. Changes to an object present in both go to the comparator of its
kind (`tables.py`: columns and comments); a changed object of a kind without a
comparator yet is reported as not supported rather than silently ignored.
"""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Constraint, Enum, Extension, Index, Schema, Table
from compiler.diff.context import Catalogs
from compiler.diff.cycles import tables_in_cycles
from compiler.diff.renames import apply_renames
from compiler.diff import constraints as _constraints
from compiler.diff import enums as _enums
from compiler.diff import programmable as _programmable
from compiler.diff.tables import table_changes
from compiler.errors import UsageError
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.ops import (
    AddConstraint, CreateEnum, CreateExtension, CreateFunction, CreateIndex, CreatePolicy, CreateRole, CreateSchema,
    CreateTable, CreateTrigger, CreateView, EnableRowSecurity, GrantPrivileges, Op,
)

_KIND_ORDER = {"primary_key": 0, "unique": 1, "check": 2, "foreign_key": 3}
_CREATE = {Schema: CreateSchema, Extension: CreateExtension, Enum: CreateEnum, Role: CreateRole,
           Function: CreateFunction, View: CreateView, Trigger: CreateTrigger, Policy: CreatePolicy,
           Grant: GrantPrivileges}


# One comparator per object kind: (old, new, catalogs) -> ops turning old into new.
COMPARATORS = {Table: table_changes, **_constraints.COMPARATORS, **_programmable.COMPARATORS,
               **_enums.COMPARATORS}


def diff(previous: Catalog, target: Catalog) -> list[Op]:
    after = target.by_key()
    renames, before, prior_defaults = apply_renames(previous.by_key(), after)  # `before`: once the renames ran
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    unsupported = [k for k in changed if type(after[k]) not in COMPARATORS]
    if unsupported:
        raise UsageError("changes to existing objects are not supported yet: " + ", ".join(unsupported[:10]))
    created = {k: o for k, o in after.items() if k not in before}
    dropped = [o for k, o in before.items() if k not in after]
    catalogs = Catalogs(before, after, prior_defaults)
    ops: list[Op] = list(renames)
    ops += _creates(created, before)
    ops += [op.reverse() for op in _creates({o.key: o for o in dropped}, {})]
    for key in changed:
        ops += COMPARATORS[type(after[key])](before[key], after[key], catalogs)
    return ops


def _creates(created: dict, existing: dict) -> list[Op]:
    ops: list[Op] = []
    new_tables = {o.key for o in created.values() if isinstance(o, Table)}
    constraints_of: dict[str, list[Constraint]] = {}
    for obj in created.values():
        if isinstance(obj, Constraint):
            constraints_of.setdefault(obj.table_key, []).append(obj)
    cyclic = tables_in_cycles([c for cs in constraints_of.values() for c in cs if c.kind == "foreign_key"])
    for obj in created.values():
        if isinstance(obj, Table):
            inline = tuple(sorted((c for c in constraints_of.get(obj.key, ()) if _inline(c, cyclic)),
                                  key=lambda c: (_KIND_ORDER[c.kind], c.name)))
            ops.append(CreateTable(obj, inline))
        elif isinstance(obj, Constraint):
            if obj.table_key in existing:  # NOT VALID, then validated, where it applies
                ops += _constraints.added_to_existing_table(obj)
            elif obj.table_key not in new_tables or not _inline(obj, cyclic):
                ops.append(AddConstraint(obj))
        elif isinstance(obj, Index):
            ops.append(CreateIndex(obj, concurrently=obj.concurrently and obj.table_key in existing))
        elif isinstance(obj, RowSecurity):
            policies = tuple(sorted(o.key for o in (*created.values(), *existing.values())
                                    if isinstance(o, Policy) and o.table_key == obj.table_key))
            ops.append(EnableRowSecurity(obj, policies))
        else:
            ops.append(_CREATE[type(obj)](obj))
    return ops


def _inline(constraint: Constraint, cyclic: set[frozenset[str]]) -> bool:
    """A foreign key goes inside CREATE TABLE unless its two tables are on a
    cycle of foreign keys (self references included): then it is added once
    both tables exist."""
    if constraint.kind != "foreign_key":
        return True
    return frozenset((constraint.table_key, constraint.ref_table_key)) not in cyclic
