"""The relation names steps make and free.

Tables, views, sequences, indexes and the indexes of primary keys and unique
constraints share one namespace per schema (`pg_class`): a step making a
relation fails while another relation of that name exists, whatever kind
either is. So a step that makes a name must follow the step that frees it
(compiler/plan), and a dropped object whose name a new one takes is dropped
among the creates, not at the end of the plan (compiler/diff/dependents.py
`names_freed_first`): for a table, by `DropTableForChange`.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Constraint, Index, Sequence, Table
from compiler.catalog.programmable import View
from compiler.ops.base import DROP, Op
from compiler.ops.ddl import AddConstraint, CreateIndex, CreateTable, DropConstraint, DropIndex, DropTable
from compiler.ops.keys import AddConstraintForChange, CreateIndexForChange, DropConstraintForChange, DropIndexForChange
from compiler.ops.programmable import CreateView, DropView
from compiler.ops.renames import Rename
from compiler.ops.replace import CreateReplacement, DropForReplacement
from compiler.ops.sequences import CreateSequence, DropSequence


@dataclass(frozen=True)
class DropTableForChange(DropTable):
    """DROP TABLE among the creates (key `<key>:drop`), before a new object
    takes the table's name. Its reverse makes the table again, empty."""

    creates = True
    phase = 2

    @property
    def key(self):
        return self.table.key + DROP

    def reverse(self):
        return CreateTableForChange(self.table, self.constraints, data_lost=True, needs=self.needs)


@dataclass(frozen=True)
class CreateTableForChange(CreateTable):
    """The reverse of DropTableForChange (down.sql only)."""

    @property
    def key(self):
        return self.table.key + DROP

    def reverse(self):
        return DropTableForChange(self.table, self.constraints, self.needs)


_MAKE = (CreateTable, AddConstraint, AddConstraintForChange, CreateIndex, CreateIndexForChange, CreateView,
         CreateReplacement, CreateSequence)
_FREE = (DropTable, DropConstraint, DropConstraintForChange, DropIndex, DropIndexForChange, DropView,
         DropForReplacement, DropSequence)


def relation_name(obj) -> str | None:
    """`schema.name` of the relation `obj` is or owns (a key constraint's
    index has the constraint's name), None for anything else."""
    if isinstance(obj, (Table, Index, View, Sequence)):
        return f"{obj.schema}.{obj.name}"
    if isinstance(obj, Constraint) and obj.kind in ("primary_key", "unique", "exclusion"):
        return f"{obj.schema}.{obj.name}"
    return None


def _objects(op: Op) -> tuple:
    if isinstance(op, (CreateTable, DropTable)):
        return (op.table, *op.constraints)
    if isinstance(op, (CreateReplacement, DropForReplacement)):
        return (op.obj, *op.indexes)  # a materialized view with its indexes
    for field in ("index", "constraint", "view", "obj", "sequence"):
        if hasattr(op, field):
            return (getattr(op, field),)
    return ()


def _names(objects) -> frozenset[str]:
    return frozenset(n for n in map(relation_name, objects) if n is not None)


def names_made(op: Op) -> frozenset[str]:
    """The relation names `op` makes."""
    if isinstance(op, Rename):  # a relation's new name (the object is as it was before)
        return frozenset({f"{op.schema}.{op.new}"}) if _names((op.object,)) else frozenset()
    return _names(_objects(op)) if isinstance(op, _MAKE) else frozenset()


def names_freed(op: Op) -> frozenset[str]:
    """The relation names `op` frees (a step dropping several relations
    names them in `relations_freed`)."""
    if isinstance(op, Rename):
        return _names((op.object,))
    if hasattr(op, "relations_freed"):
        return op.relations_freed
    return _names(_objects(op)) if isinstance(op, _FREE) else frozenset()
