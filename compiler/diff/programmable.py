"""Comparators for roles, functions, views, triggers, policies, RLS flags and grants.

Each turns the previous definition of an object into the target one:

- a function with the same signature and return type is replaced in place
  (CREATE OR REPLACE; the reverse puts the old definition back, body and
  all). A changed return type (or argument names, modes or a removed
  default, which CREATE OR REPLACE refuses too) is a drop and a create:
  compiler/diff/redefined.py makes it, with the objects that depend on the
  function dropped before and made again after (so does a signature change);
- a policy whose roles, USING or WITH CHECK changed is altered in place;
  other changes are a drop and a create;
- a trigger, and a view whose definition changed, are dropped and created
  (a view that other objects depend on with those dependents dropped before
  and made again after it, compiler/diff/redefined.py);
- RLS flags, grants, and role and view comments get their ALTER, GRANT,
  REVOKE or COMMENT.

Finding the objects that depend on a function or view needs the whole
catalog: every comparator receives both catalogs (`Catalogs`).
"""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Index, Table
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.diff.context import NONE, Catalogs
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.replace import (
    AlterPolicy,
    AlterRoleComment,
    AlterRowSecurity,
    AlterViewComment,
    CreateReplacement,
    DropForReplacement,
    GrantAdded,
    RegrantPrivileges,
    ReplaceFunction,
    RevokeRemoved,
)


def dependents_of(key: str, catalog: dict) -> list[str]:
    """Keys of the objects whose definition needs `key` (grants on it and a
    materialized view's own indexes are not counted: a replacement restores them)."""
    found = []
    for obj in catalog.values():
        if isinstance(obj, Grant) or obj.key == key:
            continue
        if isinstance(obj, Index) and obj.table_key == key:
            continue
        needs = set(getattr(obj, "depends_on", ()))
        if isinstance(obj, Table):
            needs.update(k for c in obj.columns for k in c.depends_on)
        if isinstance(obj, Trigger):
            needs.add(obj.function_key)
        if key in needs:
            found.append(obj.key)
    return sorted(found)


def grants_on(key: str, catalog: dict) -> tuple:
    """The grants on an object, and its declared owner: what a DROP takes along."""
    return tuple(o for k, o in sorted(catalog.items()) if isinstance(o, (Grant, Owner)) and o.on == key)


def replacement(before, after, previous: dict, indexes: tuple[Index, ...] = (), needs: tuple[str, ...] = (),
                first: tuple[str, ...] = ()) -> list[Op]:
    """Drop `before` and create `after`, with the previous grants (and a
    materialized view's indexes) put back; made around the steps `needs`
    names, the drop after the steps `first` names (compiler/ops/replace.py)."""
    grants = grants_on(before.key, previous)
    return [DropForReplacement(before, grants, indexes, needs, first),
            CreateReplacement(after, grants, indexes, needs, first)]


def matview_indexes(before: View, after: View, catalogs: Catalogs) -> tuple[Index, ...]:
    """The indexes of a materialized view dropped and created again, which
    its replacement puts back; refused when they change in the same migration."""
    if not before.materialized:
        return ()
    old = {o.key: o for o in catalogs.previous.values() if isinstance(o, Index) and o.table_key == before.key}
    new = {o.key: o for o in catalogs.target.values() if isinstance(o, Index) and o.table_key == after.key}
    if old != new:
        raise UsageError(f"{after.key}: the materialized view must be dropped and created again, and its "
                         f"indexes change in the same migration; change the indexes in a migration of "
                         f"their own")
    return tuple(old[k] for k in sorted(old))


# ---------------------------------------------------------------- functions

def needs_recreate(before: Function, after: Function) -> str | None:
    """Why CREATE OR REPLACE cannot turn `before` into `after`, or None."""
    if (before.returns is None) != (after.returns is None):
        return "it changes between function and procedure"
    if before.returns != after.returns:
        return "its return type changed"
    if [(a.name, a.mode, a.type) for a in before.args] != [(a.name, a.mode, a.type) for a in after.args]:
        return "its argument names or modes changed"
    if any(old.default is not None and new.default is None for old, new in zip(before.args, after.args)):
        return "an argument default was removed"
    return None


def function_changes(before: Function, after: Function, catalogs: Catalogs = NONE) -> list[Op]:
    """CREATE OR REPLACE; or, where PostgreSQL refuses it, a drop and a
    create (which diff() makes with the function's dependents around it,
    compiler/diff/redefined.py, before this comparator is asked)."""
    if needs_recreate(before, after) is None:
        return [ReplaceFunction(before, after)]
    return replacement(before, after, catalogs.previous)


# ---------------------------------------------------------------- views

def views_redefined(previous: dict, target: dict) -> list[tuple[View, View]]:
    """(old, new): the views whose definition changed while objects of the
    previous catalog depend on them, sorted by key. They are dropped and
    made again with those dependents around them (compiler/diff/redefined.py,
    as functions are); the others are left to `view_changes`."""
    return [(previous[k], target[k]) for k in sorted(previous.keys() & target.keys())
            if isinstance(target[k], View) and isinstance(previous[k], View)
            and replace(previous[k], comment=target[k].comment) != target[k] and dependents_of(k, previous)]


def view_changes(before: View, after: View, catalogs: Catalogs = NONE) -> list[Op]:
    """A comment changes in place; any other change drops the view and
    makes it again (with its grants and a materialized view's indexes).
    One with dependents is made by compiler/diff/redefined.py instead."""
    if replace(before, comment=after.comment) == after:
        return [AlterViewComment(before, after)]
    return replacement(before, after, catalogs.previous, matview_indexes(before, after, catalogs))


# ---------------------------------------------------------------- triggers and policies

def trigger_changes(before: Trigger, after: Trigger, catalogs: Catalogs = NONE) -> list[Op]:
    return replacement(before, after, {})


def policy_changes(before: Policy, after: Policy, catalogs: Catalogs = NONE) -> list[Op]:
    fixed = (before.command, before.permissive) == (after.command, after.permissive)
    # ALTER POLICY can set a clause, never remove one: both sides need it (the reverse alters back)
    clauses = all((getattr(before, c) is None) == (getattr(after, c) is None) for c in ("using", "with_check"))
    if fixed and clauses:
        if before.roles == after.roles and before.using == after.using and before.with_check == after.with_check:
            return []  # only what its expressions depend on changed
        return [AlterPolicy(before, after)]
    return replacement(before, after, {})


# ---------------------------------------------------------------- RLS, grants, roles

def row_security_changes(before: RowSecurity, after: RowSecurity, catalogs: Catalogs = NONE) -> list[Op]:
    if (before.enabled, before.forced) == (after.enabled, after.forced):
        return []
    target = catalogs.target
    policies = tuple(sorted(o.key for o in target.values() if isinstance(o, Policy) and o.table_key == after.table_key))
    return [AlterRowSecurity(before, after, policies)]


def grant_changes(before: Grant, after: Grant, catalogs: Catalogs = NONE) -> list[Op]:
    """GRANT what a role gained, REVOKE what it lost. To or from `all`, whose
    privileges depend on the server, the role's privileges are revoked
    whole and granted again, in one step (`RegrantPrivileges`)."""
    if before.privileges != after.privileges and "all" in (*before.privileges, *after.privileges):
        return [RegrantPrivileges(before, after)]
    if before.grant_option != after.grant_option:
        return [RegrantPrivileges(before, after)]
    added = tuple(p for p in after.privileges if p not in before.privileges)
    removed = tuple(p for p in before.privileges if p not in after.privileges)
    ops: list[Op] = []
    if added:
        ops.append(GrantAdded(replace(after, privileges=added, baseline=())))
    if removed:
        ops.append(RevokeRemoved(replace(before, privileges=removed, baseline=())))
    return ops


def role_changes(before: Role, after: Role, catalogs: Catalogs = NONE) -> list[Op]:
    return [AlterRoleComment(before, after)] if before.comment != after.comment else []


COMPARATORS: dict = {
    Function: function_changes,
    View: view_changes,
    Trigger: trigger_changes,
    Policy: policy_changes,
    RowSecurity: row_security_changes,
    Grant: grant_changes,
    Role: role_changes,
}
