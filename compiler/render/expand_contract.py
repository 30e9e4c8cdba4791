"""SQL texts of the expand/contract recipe (compiler/ops/expand_contract.py)
that are made from the specs' texts: a check or an index rebuilt on the new
columns."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Index
from compiler.ops.expand_contract import ShadowCheck, ShadowColumn, temporary_name
from compiler.render.fragments import index_definition
from compiler.render.renamed import NameChanges, renamed_sql


def shadow_check_body(check: ShadowCheck) -> str:
    """`CHECK (...)` of the target's check reading the new columns instead
    of the converted ones (their references renamed, as PostgreSQL stores a
    check parsed: the contract's RENAME COLUMN gives it back its text). The
    planner made sure the expression parses (compiler/online/checks.py)."""
    assert check.after is not None and check.after.expression is not None
    expression = check.after.expression
    renamed = renamed_sql(expression, NameChanges(columns={check.table: check.renames}), False, check.table)
    return f"CHECK ({expression if renamed is None else renamed})"


def shadow_index_definition(column: ShadowColumn, index: Index, concurrently: bool) -> str:
    """`CREATE INDEX` of `index` built on the new columns of the recipe
    (compiler/online/shadow_indexes.py) under its temporary name: its
    columns, expressions and predicate read the new columns instead of the
    converted ones (references renamed, as PostgreSQL stores them parsed:
    the contract's RENAME COLUMN gives them back their text)."""
    shadow = column.shadow_index(index)
    names = {c: temporary_name(c, "schemac_new") for c in (column.name, *column.converted)}
    changes = NameChanges(columns={column.table: names})

    def renamed(text: str | None) -> str | None:
        found = None if text is None else renamed_sql(text, changes, False, column.table)
        return text if found is None else found

    elements = tuple(replace(e, expression=renamed(e.expression)) for e in shadow.elements)
    return index_definition(replace(shadow, elements=elements, where=renamed(shadow.where)), concurrently)
