"""Changes to roles, functions, views, triggers, policies, row-level security
flags and grants that exist on both sides of a migration, each with its
exact reverse.

An object PostgreSQL cannot alter in place is dropped and created again as
two steps with distinct keys: `DropForReplacement` (key `<key>:drop`) and
`CreateReplacement` (the object's own key, which requires the drop, so the
drop runs first and anything new that needs the object runs after the
create). Both carry the grants of the *previous* catalog on the object (and,
for a materialized view, its unchanged indexes): a DROP takes them along, so
the create puts them back, and the grant comparator's own steps then turn
them into the target's grants. The reverse of the pair is the same pair the
other way round, so down.sql re-creates the old definition with the same
grants.

A replacement can also be made *around* another step that PostgreSQL
refuses while the object exists (an enum's type swap or a column's type
change, compiler/diff/column_users.py): `needs` names that step, which the
create waits for, and `first` the drops of the objects that depend on this
one (a view over this view, a trigger of this function), which the drop
waits for. Such a
drop runs early (phase 2), so the step it makes way for is not kept waiting
behind unrelated creates.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Index
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Function, Grant, Policy, Role, RowSecurity, Trigger, View
from compiler.lock_levels import Lock
from compiler.ops.base import DROP, Hazard, Op
from compiler.ops.ddl import CreateIndex
from compiler.ops.privileges import SetOwner
from compiler.ops.programmable import (
    CreateFunction,
    CreatePolicy,
    CreateTrigger,
    CreateView,
    GrantPrivileges,
)

_NOUN = {Function: "function", View: "view", Trigger: "trigger", Policy: "policy"}
_CREATE = {Function: CreateFunction, View: CreateView, Trigger: CreateTrigger, Policy: CreatePolicy}
_AROUND_PHASE = 2  # the drop of a replacement made around another step: before it, and early


@dataclass(frozen=True)
class _Replacement(Op):
    """What the drop and the create of a replacement share: the object, and
    what its DROP takes along that the CREATE must put back."""

    obj: Function | View | Trigger | Policy
    grants: tuple[Grant | Owner, ...] = ()  # the previous catalog's grants on the object, and its owner
    indexes: tuple[Index, ...] = ()  # a materialized view's indexes (the same on both sides)
    needs: tuple[str, ...] = ()  # steps the create waits for besides the drop (made around them)
    first: tuple[str, ...] = ()  # steps the drop waits for: the drops of its dependents
    gone: bool = False  # the migration drops the object: only the drop is made around the step

    @property
    def noun(self) -> str:
        return _NOUN[type(self.obj)]

    # the names the create_* / drop_* templates use
    @property
    def function(self):
        return self.obj

    @property
    def view(self):
        return self.obj

    @property
    def trigger(self):
        return self.obj

    @property
    def policy(self):
        return self.obj


@dataclass(frozen=True)
class DropForReplacement(_Replacement):
    """The first half of a replacement: DROP of the old definition. It runs
    among the creates (before its CreateReplacement), not with the drops at
    the end of the plan."""

    template = "replace_drop"

    @property
    def phase(self):
        return _AROUND_PHASE if self.needs else _CREATE[type(self.obj)].phase

    def requires(self):
        return self.first

    @property
    def key(self):
        return self.obj.key + DROP

    @property
    def hazards(self):
        lock = (Hazard.ACCESS_EXCLUSIVE_LOCK,) if isinstance(self.obj, (Trigger, Policy)) else ()
        if not self.gone:
            return lock
        dropped = _CREATE[type(self.obj)](self.obj).reverse().hazards  # those of the plain drop it stands for
        return lock + tuple(h for h in dropped if h not in lock)

    @property
    def table_locks(self):
        """DROP of a view (its readers wait), trigger or policy (their table)."""
        if isinstance(self.obj, View):
            return ((self.obj.key, Lock.ACCESS_EXCLUSIVE),)
        if isinstance(self.obj, (Trigger, Policy)):
            return ((self.obj.table_key, Lock.ACCESS_EXCLUSIVE),)
        return ()

    def reverse(self):
        return CreateReplacement(self.obj, self.grants, self.indexes, self.needs, self.first, self.gone)


@dataclass(frozen=True)
class CreateReplacement(_Replacement):
    """The second half: CREATE of the new definition, with the grants (and
    indexes) the drop took along."""

    template = "replace_create"

    @property
    def phase(self):
        return _CREATE[type(self.obj)].phase

    @property
    def key(self):
        return self.obj.key

    def requires(self):
        return (self.obj.key + DROP, *_CREATE[type(self.obj)](self.obj).requires(), *self.needs)

    @property
    def grant_ops(self) -> tuple[Op, ...]:
        """The grants (and the declared owner) put back."""
        return tuple(SetOwner(g) if isinstance(g, Owner) else GrantPrivileges(g) for g in self.grants)

    @property
    def index_ops(self) -> tuple[CreateIndex, ...]:
        return tuple(CreateIndex(i) for i in self.indexes)

    @property
    def table_locks(self):
        """A trigger's or policy's table (a view is new again, after its drop)."""
        if isinstance(self.obj, (Trigger, Policy)):
            return _CREATE[type(self.obj)](self.obj).table_locks
        return ()

    def reverse(self):
        return DropForReplacement(self.obj, self.grants, self.indexes, self.needs, self.first, self.gone)


@dataclass(frozen=True)
class ReplaceFunction(Op):
    """CREATE OR REPLACE with the new definition (same signature and return
    type); the reverse replaces it with the old one, body and all."""

    before: Function
    after: Function
    template = "replace_function"
    phase = 4

    @property
    def function(self):  # what create_function.sql.j2 renders
        return self.after

    @property
    def key(self):
        return self.after.key

    def requires(self):
        return CreateFunction(self.after).requires()

    table_locks = ()  # no table

    def reverse(self):
        return ReplaceFunction(self.after, self.before)


@dataclass(frozen=True)
class AlterPolicy(Op):
    """ALTER POLICY: the roles, USING and WITH CHECK clauses that changed
    (PostgreSQL cannot alter the command or the permissive flag, nor remove a
    clause; those changes are a drop and a create)."""

    before: Policy
    after: Policy
    template = "alter_policy"
    phase = 10

    @property
    def key(self):
        return self.after.key + ":alter"

    def requires(self):
        return CreatePolicy(self.after).requires()

    @property
    def table_locks(self):
        return ((self.after.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterPolicy(self.after, self.before)


@dataclass(frozen=True)
class AlterRowSecurity(Op):
    """ENABLE/DISABLE and FORCE/NO FORCE ROW LEVEL SECURITY, for the flags that changed."""

    before: RowSecurity
    after: RowSecurity
    policy_keys: tuple[str, ...] = ()  # the table's policies: created before RLS is switched on
    template = "alter_row_security"
    phase = 11

    @property
    def key(self):
        return self.after.key + ":flags"

    def requires(self):
        return (self.after.table_key,) + self.policy_keys

    @property
    def table_locks(self):
        return ((self.after.table_key, Lock.ACCESS_EXCLUSIVE),)

    def reverse(self):
        return AlterRowSecurity(self.after, self.before, self.policy_keys)


@dataclass(frozen=True)
class GrantAdded(Op):
    """GRANT of the privileges a role gained on an object (`grant` holds only those)."""

    grant: Grant
    keep: tuple[Grant, ...] = ()  # column privileges the REVOKE of the reverse takes along and gives back
    template = "grant"
    phase = 12

    @property
    def key(self):
        return self.grant.key + ":grant"

    def requires(self):
        return GrantPrivileges(self.grant).requires()

    table_locks = ()  # GRANT locks no table

    def reverse(self):
        return RevokeRemoved(self.grant, self.keep)


@dataclass(frozen=True)
class RevokeRemoved(Op):
    """REVOKE of the privileges a role lost on an object (`grant` holds only those)."""

    grant: Grant
    keep: tuple[Grant, ...] = ()  # column privileges it takes along that stay: granted again after it
    template = "revoke"
    creates = False

    @property
    def key(self):
        return self.grant.key + ":revoke"

    @property
    def kept_ops(self) -> tuple[Op, ...]:
        return tuple(GrantPrivileges(g) for g in self.keep)

    table_locks = ()  # REVOKE locks no table

    def reverse(self):
        return GrantAdded(self.grant, self.keep)


@dataclass(frozen=True)
class RegrantPrivileges(Op):
    """REVOKE ALL, then GRANT the target's privileges, for a role whose
    grant on an object changes to or from `all` (GRANT ALL: what it holds
    depends on the server, so no list of privileges can be added or
    removed). Its reverse does the same the other way round."""

    before: Grant
    after: Grant
    keep: tuple[Grant, ...] = ()  # the column privileges REVOKE ALL takes along that stay after it
    keep_before: tuple[Grant, ...] = ()  # those of the reverse
    template = "regrant"
    phase = 12

    @property
    def grant(self) -> Grant:
        return self.after

    @property
    def kept_ops(self) -> tuple[Op, ...]:
        return tuple(GrantPrivileges(g) for g in self.keep)

    @property
    def key(self):
        return self.after.key + ":regrant"

    def requires(self):
        return GrantPrivileges(self.after).requires()

    table_locks = ()  # GRANT and REVOKE lock no table

    def reverse(self):
        return RegrantPrivileges(self.after, self.before, self.keep_before, self.keep)


@dataclass(frozen=True)
class AlterViewComment(Op):
    before: View
    after: View
    template = "comment_on_view"
    phase = 8

    @property
    def view(self):
        return self.after

    @property
    def key(self):
        return self.after.key + ":comment"

    def requires(self):
        return (self.after.key,)

    @property
    def table_locks(self):
        return ((self.after.key, Lock.SHARE_UPDATE_EXCLUSIVE),)

    def reverse(self):
        return AlterViewComment(self.after, self.before)


@dataclass(frozen=True)
class AlterRoleComment(Op):
    before: Role
    after: Role
    template = "comment_on_role"
    phase = 2

    @property
    def key(self):
        return self.after.key + ":comment"

    def requires(self):
        return (self.after.key,)

    table_locks = ()  # no table

    def reverse(self):
        return AlterRoleComment(self.after, self.before)


__all__ = ["AlterPolicy", "AlterRoleComment", "AlterRowSecurity", "AlterViewComment", "CreateReplacement",
           "DropForReplacement", "GrantAdded", "ReplaceFunction", "RevokeRemoved"]
