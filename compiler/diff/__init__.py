"""diff(previous, target) -> operations.

Objects only in the target are created, objects only in the previous catalog
are dropped (a key that foreign keys of the target still need is dropped
among the creates, around them: compiler/diff/dependents.py); a function
whose signature changed, or that CREATE OR REPLACE cannot change, and a
view whose definition changed while other objects depend on it, are dropped
first and made again, with what depends on them around them
(compiler/diff/functions.py, compiler/diff/redefined.py). Changes to an
object present in both go to the comparator of its kind (`tables.py`:
columns and comments); a changed object of a kind without a comparator yet
is reported as not supported rather than silently ignored.
"""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Catalog, Constraint, Enum, Extension, Index, Schema, Sequence, Table
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.catalog.rows import ReferenceRow
from compiler.diff import constraints as _constraints
from compiler.diff import enums as _enums
from compiler.diff import extensions as _extensions
from compiler.diff import privileges as _privileges
from compiler.diff import programmable as _programmable
from compiler.diff import rows as _rows
from compiler.diff import sequences as _sequences
from compiler.diff import user_types as _user_types
from compiler.diff.column_grants import with_column_grants_kept
from compiler.diff.column_users import after_conversions, rebuilt_keys, taken_along
from compiler.diff.context import Catalogs
from compiler.diff.cycles import tables_in_cycles
from compiler.diff.dependents import (
    foreign_keys_that_go_first,
    key_steps_before,
    keys_dropped_under_foreign_keys,
    names_freed_first,
)
from compiler.diff.functions import redefinitions, signature_keys
from compiler.diff.partitions import beside_default, recreated_tables, table_changes
from compiler.diff.redefined import redefined
from compiler.diff.renames import apply_renames
from compiler.diff.star_views import around_column_renames, as_written_before
from compiler.diff.unordered import same_but_order
from compiler.errors import UsageError
from compiler.online import online_steps
from compiler.ops import (
    AddConstraint,
    CreateEnum,
    CreateExtension,
    CreateFunction,
    CreateIndex,
    CreatePolicy,
    CreateRole,
    CreateSchema,
    CreateTable,
    CreateTrigger,
    CreateView,
    EnableRowSecurity,
    GrantPrivileges,
    Op,
    SetDefaultPrivileges,
    SetOwner,
)
from compiler.ops.base import merged
from compiler.ops.rows import InsertRow
from compiler.plan import order

_KIND_ORDER = {"primary_key": 0, "unique": 1, "check": 2, "exclusion": 3, "foreign_key": 4}
_CREATE = {Schema: CreateSchema, Extension: CreateExtension, Enum: CreateEnum, Role: CreateRole,
           Function: CreateFunction, View: CreateView, Trigger: CreateTrigger, Policy: CreatePolicy,
           Grant: GrantPrivileges, ReferenceRow: InsertRow, Owner: SetOwner, DefaultPrivilege: SetDefaultPrivileges,
           **_user_types.CREATE}


# One comparator per object kind: (old, new, catalogs) -> ops turning old into new.
COMPARATORS = {Table: table_changes, **_constraints.COMPARATORS, **_programmable.COMPARATORS,
               **_enums.COMPARATORS, **_extensions.COMPARATORS, **_sequences.COMPARATORS, **_rows.COMPARATORS,
               **_privileges.COMPARATORS, **_user_types.COMPARATORS}


def diff(previous: Catalog, target: Catalog, online: bool = False,
         type_changes: str = "expand_contract", min_version: int = 14) -> list[Op]:
    """The steps from `previous` to `target`; with `online`, in the forms of
    online mode (compiler/online/), type changes as `type_changes` says
    (`migrations: {type_changes: ...}`), in forms PostgreSQL `min_version`
    has (`postgres: {min_version: ...}`)."""
    after = target.by_key()
    original = previous.by_key()
    renames, before, prior_defaults, as_they_were = apply_renames(original, after)  # `before`: once they ran
    _rows.refuse_rekeyed(before, after)
    # tables whose partitioning changes: dropped with their objects, which are then made as new
    recreating, before, recreated = recreated_tables(before, after, _creates, order)
    changed = sorted(k for k in before.keys() & after.keys()
                     if before[k] != after[k] and not same_but_order(before[k], after[k]))
    unsupported = [k for k in changed if type(after[k]) not in COMPARATORS]
    if unsupported:
        raise UsageError("changes to existing objects are not supported yet: " + ", ".join(unsupported[:10]))
    catalogs = Catalogs(before, after, prior_defaults, as_they_were)
    # functions and views dropped and made again, with their dependents around
    redefining = sorted(redefinitions(before, after) + _programmable.views_redefined(before, after),
                        key=lambda p: p[1].key)
    paired = signature_keys(redefining)
    created = {k: o for k, o in after.items() if k not in before and k not in paired}
    dropped = [o for k, o in before.items() if k not in after and k not in paired]
    renames, around_renames, star_views = around_column_renames(list(renames), catalogs)
    ops: list[Op] = [*renames, *around_renames, *recreating]
    ops += [replace(op, needs=(*op.needs, op.key + ":drop")) if isinstance(op, CreateTable) and op.key in recreated
            else op for op in _creates(created, before, catalogs)]
    under_foreign_keys, taken = keys_dropped_under_foreign_keys(dropped, catalogs)
    ops += under_foreign_keys
    ops += names_freed_first(dropped, created, taken, catalogs)
    # dropping is creating the previous objects backwards: from nothing to the previous catalog
    ops += [op.reverse() for op in _creates({o.key: o for o in dropped if o.key not in taken}, {},
                                            Catalogs({}, before))]
    # first: an enum's type swap and a table's type changes take over the objects in their way
    converting = [k for k in changed if isinstance(after[k], (Enum, Table)) or _user_types.converts(before[k], after[k])]
    for key in converting:
        ops += COMPARATORS[type(after[key])](before[key], after[key], catalogs)
    rebuilt = rebuilt_keys(ops) | star_views
    functions = redefined([p for p in redefining if p[0].key in paired or p[0].key not in rebuilt], catalogs)
    # dropped before a conversion, or before a function or view dropped and made again, instead
    gone = {k for k in rebuilt if k not in after} | functions.taken
    ops = [op for op in ops if not taken_along(op, gone)]
    ops += functions.ops
    rebuilt |= functions.rebuilt
    for key in changed:
        if key not in rebuilt and key not in converting:
            ops += COMPARATORS[type(after[key])](before[key], after[key], catalogs)
    ops = as_written_before(foreign_keys_that_go_first(ops, catalogs), star_views, original)
    ops = beside_default(ops, catalogs)
    ops = with_column_grants_kept(ops, catalogs)
    ops = _once(after_conversions(ops, catalogs))
    if online:
        ops = online_steps(ops, replace(catalogs, type_changes=type_changes, min_version=min_version))
    return ops


def _once(ops: list[Op]) -> list[Op]:
    """Each step once. Two mechanisms may make the same step: a foreign key
    on two keys that are dropped or changed is rebuilt for each of them (the
    same steps), and an object may be rebuilt around two steps (a foreign
    key around an enum swap and around the key it binds to, a check around
    an enum swap and around a type change): one step then waits for what
    each waited for (compiler/ops/base.py `merged`). Two steps with one key
    that differ otherwise are left for the plan to refuse."""
    first_at: dict[str, list[int]] = {}
    result: list[Op] = []
    for op in ops:
        for i in first_at.get(op.key, ()):
            both = op if result[i] == op else merged(result[i], op)
            if both is not None:
                result[i] = both
                break
        else:
            first_at.setdefault(op.key, []).append(len(result))
            result.append(op)
    return result


def _creates(created: dict, existing: dict, catalogs: Catalogs) -> list[Op]:
    """The steps making `created` (objects of `catalogs.target`) where
    `existing` already exists. A foreign key waits for the keys it can bind
    to (compiler/diff/dependents.py)."""
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
            needs = sorted({k for c in inline if c.kind == "foreign_key" for k in key_steps_before(c, catalogs)})
            ops.append(CreateTable(obj, inline, needs=tuple(needs)))
        elif isinstance(obj, Constraint):
            if obj.table_key in existing:  # NOT VALID, then validated, where it applies
                ops += _constraints.added_to_existing_table(obj, catalogs)
            elif obj.table_key not in new_tables or not _inline(obj, cyclic):
                needs = key_steps_before(obj, catalogs) if obj.kind == "foreign_key" else ()
                ops.append(AddConstraint(obj, needs))
        elif isinstance(obj, Index):
            ops.append(CreateIndex(obj, concurrently=obj.concurrently and obj.table_key in existing))
        elif isinstance(obj, Sequence):
            ops += _sequences.created(obj, catalogs)
        elif isinstance(obj, RowSecurity):
            policies = tuple(sorted(o.key for o in (*created.values(), *existing.values())  # and reference rows
                                    if isinstance(o, (Policy, ReferenceRow)) and o.table_key == obj.table_key))
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
