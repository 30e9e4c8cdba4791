"""The plan's order of steps that share a key or a relation name (no
database: what these orders do on PostgreSQL is shown by
tests/convergence/381–387)."""

from __future__ import annotations

import pytest

from compiler.catalog.objects import Column, Constraint, Index, IndexElement, Table, TypeRef
from compiler.catalog.programmable import View
from compiler.diff import _once
from compiler.ops import (
    AddConstraintForChange,
    CreateIndex,
    CreateTable,
    DropConstraintForChange,
    DropForReplacement,
    ValidateConstraint,
)
from compiler.ops.base import merged
from compiler.ops.relations import names_freed, names_made
from compiler.plan import order

FK = Constraint("evo", "child", "child_status_fkey", "foreign_key", ("status",), ref_schema="evo",
                ref_table="parent", ref_columns=("status",))
KEY = Constraint("evo", "parent", "parent_code_key", "unique", ("code",))
INDEX = Index("evo", "parent", "parent_code_key", (IndexElement(column="code"),), unique=True)


def test_two_different_steps_with_one_key_are_refused():
    adds = [AddConstraintForChange(FK, not_valid=True), AddConstraintForChange(FK, not_valid=False)]
    with pytest.raises(RuntimeError, match="internal error: two different steps have the key "
                                           "constraint:evo.child.child_status_fkey"):
        order(adds)


def test_equal_steps_are_one_step():
    add = AddConstraintForChange(FK, True)
    assert order([add, add, ValidateConstraint(FK)]) == (add, ValidateConstraint(FK))


def test_steps_that_differ_only_in_what_they_wait_for_merge():
    around_swap = AddConstraintForChange(FK, True, needs=("enum:evo.Status:values",))
    around_key = AddConstraintForChange(FK, True, needs=("index:evo.parent_status_idx",
                                                         "constraint:evo.parent.parent_status_key:drop"))
    both = AddConstraintForChange(FK, True, needs=("constraint:evo.parent.parent_status_key:drop",
                                                   "enum:evo.Status:values", "index:evo.parent_status_idx"))
    assert merged(around_swap, around_key) == merged(around_key, around_swap) == both
    assert merged(around_swap, AddConstraintForChange(FK, False)) is None  # differs in more than its waits
    assert merged(ValidateConstraint(FK), ValidateConstraint(FK, undo=True)) is None  # nothing to merge
    assert _once([around_swap, ValidateConstraint(FK), around_key]) == [both, ValidateConstraint(FK)]


def test_a_new_relation_waits_for_the_drop_of_the_one_with_its_name():
    drop, create = DropConstraintForChange(KEY), CreateIndex(INDEX)
    assert names_freed(drop) == names_made(create) == {"evo.parent_code_key"}
    assert order([create, drop]) == (drop, create)
    # a view dropped among the creates runs at a view's phase, after a table's: only the name orders them
    view = View("evo", "big_orders", "select 1 as id")
    table = Table("evo", "big_orders", (Column("id", TypeRef("integer")),))
    assert [op.kind for op in order([CreateTable(table), DropForReplacement(view)])] == [
        "DropForReplacement", "CreateTable"]
    other = Table("evo", "small_orders", (Column("id", TypeRef("integer")),))
    assert [op.kind for op in order([CreateTable(other), DropForReplacement(view)])] == [
        "CreateTable", "DropForReplacement"]
