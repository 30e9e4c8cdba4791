"""The indexes an online type change (compiler/online/expand_contract.py)
builds on the new columns besides the plain ones: an index whose expression
or predicate reads a converted column. Transactional mode drops such an
index before the table's ALTER TABLE and makes it again after (PostgreSQL
would rebuild it from its text as parsed for the old type); the recipe
instead builds it `CONCURRENTLY` on the new columns, its texts reading them
(compiler/render/expand_contract.py `shadow_index_definition`), and the
contract renames it, as it does a plain index: the old version goes with the
old column. The steps the diff made for it (its drop and its making again)
are left out: the recipe does them."""

from __future__ import annotations

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Index
from compiler.ops.base import DROP


def index_columns(index: Index) -> list[str] | None:
    """The columns `index` reads: its columns, those it includes, and those
    its expressions and predicate name; None when one of those texts does
    not parse or reads `*` (what it reads is not known)."""
    names = [*(e.column for e in index.elements if e.column is not None), *index.include]
    for text in (*(e.expression for e in index.elements), index.where):
        if text is None:
            continue
        found = mentions(text)
        if found is None or found.star:
            return None
        names += sorted(found.columns)
    return list(dict.fromkeys(names))


def has_texts(index: Index) -> bool:
    """Whether `index` has an expression or a predicate."""
    return index.where is not None or any(e.expression is not None for e in index.elements)


def carried(index: Index, names: set[str], target: dict) -> bool:
    """Whether the recipe converting `names` builds `index` (with an
    expression or predicate, rebuilt by the diff around the type change) on
    the new columns: its texts parse, it reads a converted column, and the
    migration keeps it as it is (a change of it waits for a migration of its
    own, as for a plain index)."""
    columns = index_columns(index)
    return has_texts(index) and columns is not None and bool(names & set(columns)) and target.get(index.key) == index


def taken_keys(index: Index) -> set[str]:
    """The keys of the diff's steps for the index (its drop, its making
    again) that the recipe does instead."""
    return {index.key, index.key + DROP}
