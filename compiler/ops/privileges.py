"""Owners and default privileges: ALTER ... OWNER TO, and ALTER DEFAULT
PRIVILEGES, each with its exact reverse. An owner the specs stop declaring
goes back to the role that runs the migration (OWNER TO CURRENT_USER)."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op

_PHASE = 13  # after the objects and their grants


def _owner_hazards(owner: Owner) -> tuple[Hazard, ...]:
    """ALTER TABLE / VIEW ... OWNER TO takes an ACCESS EXCLUSIVE lock on the relation."""
    return (Hazard.ACCESS_EXCLUSIVE_LOCK,) if owner.object_kind in ("table", "view", "materialized view") else ()


def _owner_locks(owner: Owner) -> tuple[tuple[str, Lock], ...]:
    return ((owner.on, Lock.ACCESS_EXCLUSIVE),) if _owner_hazards(owner) else ()


def _schema_key(schema: str | None) -> tuple[str, ...]:
    return () if schema in (None, "public") else (f"schema:{schema}",)


@dataclass(frozen=True)
class SetOwner(Op):
    owner: Owner
    template = "set_owner"
    phase = _PHASE

    @property
    def key(self):
        return self.owner.key

    @property
    def role(self) -> str:
        return self.owner.role

    def requires(self):
        return (self.owner.on, f"role:{self.owner.role}")

    @property
    def hazards(self):
        return _owner_hazards(self.owner)

    @property
    def table_locks(self):
        return _owner_locks(self.owner)

    def reverse(self):
        return ResetOwner(self.owner)


@dataclass(frozen=True)
class ResetOwner(Op):
    """The owner handed back to the role running the migration."""

    owner: Owner
    template = "set_owner"
    creates = False

    @property
    def key(self):
        return self.owner.key

    @property
    def role(self) -> None:
        return None  # CURRENT_USER

    @property
    def hazards(self):
        return _owner_hazards(self.owner)

    @property
    def table_locks(self):
        return _owner_locks(self.owner)

    def reverse(self):
        return SetOwner(self.owner)


@dataclass(frozen=True)
class ChangeOwner(Op):
    before: Owner
    after: Owner
    template = "set_owner"
    phase = _PHASE

    @property
    def owner(self) -> Owner:
        return self.after

    @property
    def role(self) -> str:
        return self.after.role

    @property
    def key(self):
        return self.after.key + ":change"

    def requires(self):
        return (self.after.on, f"role:{self.after.role}")

    @property
    def hazards(self):
        return _owner_hazards(self.after)

    @property
    def table_locks(self):
        return _owner_locks(self.after)

    def reverse(self):
        return ChangeOwner(self.after, self.before)


def _default_requires(d: DefaultPrivilege) -> tuple[str, ...]:
    roles = tuple(f"role:{r}" for r in (d.for_role, d.role) if r not in (None, "public"))
    return roles + _schema_key(d.schema)


@dataclass(frozen=True)
class SetDefaultPrivileges(Op):
    default: DefaultPrivilege
    template = "set_default_privileges"
    phase = _PHASE

    @property
    def key(self):
        return self.default.key

    def requires(self):
        return _default_requires(self.default)

    table_locks = ()  # no table

    def reverse(self):
        return UnsetDefaultPrivileges(self.default)


@dataclass(frozen=True)
class UnsetDefaultPrivileges(Op):
    default: DefaultPrivilege
    template = "unset_default_privileges"
    creates = False

    @property
    def key(self):
        return self.default.key

    table_locks = ()  # no table

    def reverse(self):
        return SetDefaultPrivileges(self.default)


@dataclass(frozen=True)
class ChangeDefaultPrivileges(Op):
    """The previous default privileges taken back, the new ones given, in one step."""

    before: DefaultPrivilege
    after: DefaultPrivilege
    template = "change_default_privileges"
    phase = _PHASE

    @property
    def key(self):
        return self.after.key + ":change"

    def requires(self):
        return _default_requires(self.after)

    table_locks = ()  # no table

    def reverse(self):
        return ChangeDefaultPrivileges(self.after, self.before)


__all__ = ["ChangeDefaultPrivileges", "ChangeOwner", "ResetOwner", "SetDefaultPrivileges", "SetOwner",
           "UnsetDefaultPrivileges"]
