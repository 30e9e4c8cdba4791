"""Views reading `*` of a table one of whose columns is renamed.

PostgreSQL expands `*` (and `t.*`, and the columns of a NATURAL JOIN) when
it makes a view, and a RENAME COLUMN keeps the view's output column under
its old name (`SELECT id, content AS body`), where the specs' query now
gives the new one. Such a view (with the views over it) is dropped before
the renames and made again after them, with its grants, comment and a
materialized view's indexes; down.sql does the exact reverse, so the view
it makes again after renaming back reads the old names.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.expressions import mentions
from compiler.catalog.programmable import View
from compiler.diff.column_users import taken_down_and_put_back, with_dependents
from compiler.diff.context import Catalogs, touching
from compiler.ops import Op
from compiler.ops.base import DROP
from compiler.ops.renames import Rename
from compiler.ops.replace import DropForReplacement


def around_column_renames(renames: list[Op], catalogs: Catalogs) -> tuple[list[Op], set[str]]:
    """The rename steps (a column rename waiting for the drops of the views
    in its way), the steps taking those views down and putting them back,
    and the keys of the views rebuilt (their own comparators are skipped)."""
    columns = [r for r in renames if isinstance(r, Rename) and r.noun == "column"]
    previous, target = catalogs.previous, catalogs.target
    star: set[str] = set()
    for r in columns:
        table = f"table:{r.schema}.{r.owner}"
        star |= {k for k in touching(catalogs, table) if k in target and isinstance(previous[k], View)
                 and _reads_star(previous[k])}
    if not star:
        return renames, [], set()
    keys = with_dependents(star, previous)
    around = taken_down_and_put_back(keys, tuple(r.key for r in columns), catalogs)
    drops = tuple(sorted(k + DROP for k in keys))
    renames = [dataclasses.replace(r, first=drops) if r in columns else r for r in renames]
    return renames, around, keys


def as_written_before(ops: list[Op], keys: set[str], original: dict) -> list[Op]:
    """`ops`, with the drops of the views in `keys` (by whatever mechanism)
    holding the view as the previous catalog writes it, not as the renames
    rewrote it: dropped before the renames, it is made again by down.sql
    after renaming back, where its text names the old names."""
    if not keys:
        return ops
    return [dataclasses.replace(op, obj=original[op.obj.key])
            if isinstance(op, DropForReplacement) and op.obj.key in keys and op.obj.key in original else op
            for op in ops]


def _reads_star(view: View) -> bool:
    found = mentions(view.query, True)
    return found is None or found.star  # a query that does not parse here may read a star
