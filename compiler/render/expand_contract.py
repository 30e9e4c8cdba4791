"""SQL texts of the expand/contract recipe (compiler/ops/expand_contract.py)
that are made from the specs' texts: a check rebuilt on the new columns."""

from __future__ import annotations

from compiler.ops.expand_contract import ShadowCheck
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
