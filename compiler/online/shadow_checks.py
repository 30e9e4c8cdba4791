"""The checks an online type change (compiler/online/expand_contract.py)
builds on the new columns: every check of the table, in the previous or the
target catalog, that reads a converted column. Each becomes a ShadowCheck
(compiler/ops/expand_contract.py) and the steps the diff made for it (its
drop, its making again, its validation) are left out: the recipe does them.
A check whose expression does not parse cannot be rebuilt on the new
columns: it is a reason the recipe refuses the table (an undecided
expression is never taken as safe)."""

from __future__ import annotations

import re

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Constraint
from compiler.diff.context import Catalogs
from compiler.ops.expand_contract import ShadowCheck


def _reads(check: Constraint, names: set[str]) -> bool | None:
    """Whether the check reads one of `names`; None when its text does not
    parse (and names one of them as a word: it may)."""
    text = check.expression or ""
    found = mentions(text)
    if found is None:
        return None if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names) else False
    return bool(found.columns & names)


def shadow_checks(schema: str, table: str, columns: tuple[str, ...], catalogs: Catalogs,
                  ) -> tuple[tuple[ShadowCheck, ...], list[str]]:
    """The checks of `schema.table` reading `columns` (converted online),
    and the keys of those whose text does not parse."""
    table_key, names = f"table:{schema}.{table}", set(columns)
    keys = sorted({k for catalog in (catalogs.previous, catalogs.target) for k, o in catalog.items()
                   if isinstance(o, Constraint) and o.kind == "check" and o.table_key == table_key})
    found, unparsed = [], []
    for key in keys:
        before, after = catalogs.previous.get(key), catalogs.target.get(key)
        reads = [_reads(c, names) for c in (before, after) if c is not None]
        if None in reads:
            unparsed.append(key)
        elif any(reads):
            found.append(ShadowCheck(schema, table, before, after, tuple(sorted(names))))
    return tuple(found), unparsed


def taken_keys(check: ShadowCheck) -> set[str]:
    """The keys of the steps the diff made for the check, which the recipe
    does instead."""
    return {check.key, check.key + ":drop", check.key + ":validate"}
