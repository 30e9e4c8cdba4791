"""Comparators for owners and default privileges (grants are compared in
compiler/diff/programmable.py)."""

from __future__ import annotations

from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.diff.context import NONE, Catalogs
from compiler.ops import Op
from compiler.ops.privileges import ChangeDefaultPrivileges, ChangeOwner


def owner_changes(before: Owner, after: Owner, catalogs: Catalogs = NONE) -> list[Op]:
    return [ChangeOwner(before, after)] if before.role != after.role else []


def default_privilege_changes(before: DefaultPrivilege, after: DefaultPrivilege, catalogs: Catalogs = NONE) -> list[Op]:
    same = (before.privileges, before.grant_option) == (after.privileges, after.grant_option)
    return [] if same else [ChangeDefaultPrivileges(before, after)]


COMPARATORS: dict = {Owner: owner_changes, DefaultPrivilege: default_privilege_changes}
