"""Online mode: a materialized view over columns converted by expand/contract
(a type change: compiler/online/expand_contract.py; a type made anew:
compiler/online/type_swap.py), made again without running its query under
the contract's lock, while the old one keeps serving its rows.

Transactional mode drops the view before the ALTER TABLE and makes it again
after, filled by its query, under the table's ACCESS EXCLUSIVE lock. Online,
the contract keeps the old columns aside (`<name>_schemac_old`, nullable,
their indexes and keys dropped: the new columns' take their names) and, for
a type made anew, the old type (`<name>_schemac_old`): the view depends on
them. After the contract's COMMIT, in the same step, the view is made under
a temporary name over the new columns and indexed (its query reads the
tables under ACCESS SHARE: writes go on), then one short transaction drops
the old view, renames the new one and its indexes, puts back its comment and
grants, and drops the old columns and type (templates/ddl/expand_contract.sql.j2).

Refused (the step keeps its transactional form, or a spec error at `using:
{online: true}`) when something else uses the view: a view over it, a
step of the migration on it (a grant, a comment), or when the migration
drops it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Index
from compiler.catalog.programmable import View
from compiler.ops.base import DROP, Op
from compiler.ops.expand_contract import temporary_name
from compiler.ops.replace import CreateReplacement, DropForReplacement

SUFFIX = "schemac_new"


@dataclass(frozen=True)
class RemadeView:
    """A materialized view as a script makes it again (`made`: its
    definition, the indexes and grants its drop takes along), under a
    temporary name first."""

    made: CreateReplacement

    @property
    def view(self) -> View:
        return self.made.obj  # type: ignore[return-value]

    @property
    def temp_view(self) -> View:
        return replace(self.view, name=temporary_name(self.view.name, SUFFIX), comment=None)

    @property
    def temp_indexes(self) -> tuple[tuple[Index, Index], ...]:
        """(the index on the view of the temporary name, the index as named in the end)."""
        table = self.temp_view.name
        return tuple((replace(i, table=table, name=temporary_name(i.name, SUFFIX), comment=None), i)
                     for i in self.made.indexes)

    @property
    def grant_ops(self) -> tuple[Op, ...]:
        return self.made.grant_ops


def remade_after(obj: object) -> bool:
    """Whether `obj` is a materialized view that can be made again after the
    contract: its query parses and reads no `*` (which would list the old
    columns kept aside)."""
    if not isinstance(obj, View) or not obj.materialized:
        return False
    found = mentions(obj.query, True)
    return found is not None and not found.star


def is_materialized(op: Op) -> bool:
    obj = getattr(op, "obj", None)
    return isinstance(op, (CreateReplacement, DropForReplacement)) and isinstance(obj, View) and obj.materialized


def remade_views(keys: set[str], ops: list[Op], taken: set[str]
                 ) -> tuple[tuple[RemadeView, ...], tuple[RemadeView, ...]] | str:
    """The materialized views of `keys` made again beside the old ones, in
    up.sql and in down.sql, or why one cannot be: the migration drops it,
    another view depends on it, or a step of the migration but those in
    `taken` (the recipe's) waits for it."""
    up, down = [], []
    for key in sorted(keys):
        create = next((op for op in ops if op.key == key and isinstance(op, CreateReplacement)), None)
        drop = next((op for op in ops if op.key == key + DROP and isinstance(op, DropForReplacement)), None)
        if create is None or drop is None or drop.gone:
            return f"{key} is dropped by this migration"
        if drop.first:
            return f"{key} is read by {drop.first[0].removesuffix(DROP)}, which would be made again around it"
        waiting = [op.key for op in ops if op.key not in taken and op.key not in (key, key + DROP)
                   and (key in op.requires() or op.key.startswith((f"grant:{key}:", f"{key}:")))]
        if waiting:
            return f"{waiting[0]} of this migration is on {key}, which is made again after the online swap"
        up.append(RemadeView(create))
        down.append(RemadeView(drop.reverse()))
    return tuple(up), tuple(down)
