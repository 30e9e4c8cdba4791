"""Create and drop operations for roles, functions, views, triggers,
policies, row-level security and grants."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.catalog.user_types import type_keys
from compiler.lock_levels import Lock
from compiler.ops.base import Hazard, Op


def _schema_key(schema: str) -> tuple[str, ...]:
    return () if schema == "public" else (f"schema:{schema}",)


def _type_keys(types) -> tuple[str, ...]:
    """Enums, domains, composite and range types, and tables and views whose
    row type is used (`setof deals`, an argument of a table's type)."""
    return type_keys(types)


@dataclass(frozen=True)
class CreateRole(Op):
    role: Role
    template = "create_role"
    phase = 2

    @property
    def key(self):
        return self.role.key

    table_locks = ()  # no table

    def reverse(self):
        return DropRole(self.role)


@dataclass(frozen=True)
class DropRole(Op):
    role: Role
    template = "drop_role"
    creates = False

    @property
    def key(self):
        return self.role.key

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,)

    table_locks = ()  # no table

    def reverse(self):
        return CreateRole(self.role)


def _function_types(f: Function):
    types = [a.type for a in f.args]
    if f.returns is not None:
        types += [f.returns.type, f.returns.setof] + [t for _, t in f.returns.table]
    return types


@dataclass(frozen=True)
class CreateFunction(Op):
    function: Function
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses (compiler/diff/column_users.py)
    template = "create_function"
    phase = 4

    @property
    def key(self):
        return self.function.key

    def requires(self):
        return (_schema_key(self.function.schema) + _type_keys(_function_types(self.function))
                + self.function.depends_on + self.needs)

    table_locks = ()  # no table

    def reverse(self):
        return DropFunction(self.function, self.needs)


@dataclass(frozen=True)
class DropFunction(Op):
    function: Function
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_function"
    creates = False

    @property
    def key(self):
        return self.function.key

    # no hazard: a function holds no data, and down.sql makes it again as it was (like a plain view)

    table_locks = ()  # no table

    def reverse(self):
        return CreateFunction(self.function, self.needs)


@dataclass(frozen=True)
class CreateView(Op):
    view: View
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses (compiler/diff/column_users.py)
    template = "create_view"
    phase = 8

    @property
    def key(self):
        return self.view.key

    def requires(self):
        return _schema_key(self.view.schema) + self.view.depends_on + self.needs

    table_locks = ()  # a new view; ACCESS SHARE on the tables it reads

    def reverse(self):
        return DropView(self.view, self.needs)


@dataclass(frozen=True)
class DropView(Op):
    view: View
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_view"
    creates = False

    @property
    def key(self):
        return self.view.key

    @property
    def hazards(self):
        return (Hazard.DESTRUCTIVE,) if self.view.materialized else ()

    @property
    def table_locks(self):
        """Its readers wait (a view counts as a table here)."""
        return ((self.view.key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return CreateView(self.view, self.needs)


@dataclass(frozen=True)
class CreateTrigger(Op):
    trigger: Trigger
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses (compiler/diff/column_users.py)
    template = "create_trigger"
    phase = 9

    @property
    def key(self):
        return self.trigger.key

    def requires(self):
        return (self.trigger.table_key, self.trigger.function_key, *self.needs)

    @property
    def table_locks(self):
        return ((self.trigger.table_key, Lock.SHARE_ROW_EXCLUSIVE),)

    def reverse(self):
        return DropTrigger(self.trigger, self.needs)


@dataclass(frozen=True)
class DropTrigger(Op):
    trigger: Trigger
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_trigger"
    creates = False

    @property
    def key(self):
        return self.trigger.key

    @property
    def hazards(self):
        return (Hazard.ACCESS_EXCLUSIVE_LOCK,)

    @property
    def table_locks(self):
        return ((self.trigger.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return CreateTrigger(self.trigger, self.needs)


@dataclass(frozen=True)
class CreatePolicy(Op):
    policy: Policy
    needs: tuple[str, ...] = ()  # steps it waits for besides what it uses (compiler/diff/column_users.py)
    template = "create_policy"
    phase = 10

    @property
    def key(self):
        return self.policy.key

    def requires(self):
        roles = tuple(f"role:{r}" for r in self.policy.roles)
        return (self.policy.table_key,) + roles + self.policy.depends_on + self.needs

    @property
    def table_locks(self):
        return ((self.policy.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return DropPolicy(self.policy, self.needs)


@dataclass(frozen=True)
class DropPolicy(Op):
    policy: Policy
    needs: tuple[str, ...] = ()  # what its reverse waits for
    template = "drop_policy"
    creates = False

    @property
    def key(self):
        return self.policy.key

    @property
    def table_locks(self):
        return ((self.policy.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return CreatePolicy(self.policy, self.needs)


@dataclass(frozen=True)
class EnableRowSecurity(Op):
    """Runs after the table's policies exist, so no moment passes in which
    row-level security is on and every row is hidden."""

    row_security: RowSecurity
    policy_keys: tuple[str, ...] = ()
    template = "enable_row_security"
    phase = 11

    @property
    def key(self):
        return self.row_security.key

    def requires(self):
        return (self.row_security.table_key,) + self.policy_keys

    @property
    def table_locks(self):
        return ((self.row_security.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return DisableRowSecurity(self.row_security, self.policy_keys)


@dataclass(frozen=True)
class DisableRowSecurity(Op):
    row_security: RowSecurity
    policy_keys: tuple[str, ...] = ()
    template = "disable_row_security"
    creates = False

    @property
    def key(self):
        return self.row_security.key

    @property
    def table_locks(self):
        return ((self.row_security.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return EnableRowSecurity(self.row_security, self.policy_keys)


def grant_requires(grant: Grant) -> tuple[str, ...]:
    """The object, the role, and for a column privilege the column."""
    column = (f"column:{grant.schema}.{grant.name}.{grant.column}",) if grant.column is not None else ()
    return (grant.on, f"role:{grant.role}", *column)


@dataclass(frozen=True)
class GrantPrivileges(Op):
    grant: Grant
    keep: tuple[Grant, ...] = ()  # column privileges the REVOKE of the reverse takes along and gives back
    template = "grant"
    phase = 12

    @property
    def key(self):
        return self.grant.key

    def requires(self):
        return grant_requires(self.grant)

    table_locks = ()  # GRANT locks no table

    def reverse(self):
        return RevokePrivileges(self.grant, self.keep)


@dataclass(frozen=True)
class RevokePrivileges(Op):
    """REVOKE of a role's privileges on an object. On a table, PostgreSQL
    revokes them from each of its columns too: `keep` holds the column
    privileges that stay, granted again after it."""

    grant: Grant
    keep: tuple[Grant, ...] = ()
    template = "revoke"
    creates = False

    @property
    def key(self):
        return self.grant.key

    @property
    def kept_ops(self) -> tuple[Op, ...]:
        return tuple(GrantPrivileges(g) for g in self.keep)

    table_locks = ()  # REVOKE locks no table

    def reverse(self):
        return GrantPrivileges(self.grant, self.keep)
