"""Online mode for the indexes and keys the diff rebuilds around another
change of the transaction, which would take them along (the steps:
compiler/ops/online_rebuilds.py):

- a stored generated expression made again (`RedefineGeneratedColumn`: DROP
  COLUMN, ADD COLUMN, which rewrites the table under ACCESS EXCLUSIVE): the
  previous versions go with the column in the transaction, the new ones are
  built CONCURRENTLY after COMMIT (a unique constraint: its index built, then
  attached), not under the rewrite's lock until COMMIT. The rewrite itself
  has no online form (docs/online.md);
- `DROP EXPRESSION` (`DropColumnExpression`): PostgreSQL keeps the column's
  values and its indexes (no rewrite, the same relfilenodes: measured on 15
  and 18), so an index, unique constraint or primary key rebuilt around it
  only for down.sql's sake is left alone in up.sql;
- a function made again (`DropForReplacement`, then its new version) that
  an index uses: the previous function is renamed aside in the transaction,
  the index swapped after COMMIT as a changed index is (built CONCURRENTLY
  under a temporary name on the new function, the previous version dropped
  CONCURRENTLY, the copy renamed), then the function set aside dropped.

Each keeps its transactional form where online mode keeps that of an index
or key (compiler/online/indexes.py `_Migration.movable`, a step of the
transaction waiting for it), and for what it does not know to be safe: a
primary key (its columns' NOT NULL), a key that foreign keys reference, an
index on two functions made again, a function dropped for good (no new
version of its name)."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Constraint, Index
from compiler.catalog.programmable import Function
from compiler.diff.context import Catalogs
from compiler.diff.dependents import referencing_foreign_keys
from compiler.online.indexes import KEYS, _Migration
from compiler.online.temporary_names import MAX_BYTES
from compiler.ops.base import Op
from compiler.ops.identity import DropColumnExpression, RedefineGeneratedColumn
from compiler.ops.keys import (
    AddConstraintForChange,
    CreateIndexForChange,
    DropConstraintForChange,
    DropIndexForChange,
)
from compiler.ops.online_rebuilds import (
    AttachKeyIndexAfterChange,
    BuildCopyBesideFunction,
    BuildKeyIndexAfterChange,
    CreateIndexAfterChange,
    DropFunctionSetAside,
    DropReplacedBesideFunction,
    IndexKeptThroughChange,
    KeyKeptThroughChange,
    RenameCopyBesideFunction,
    SetFunctionAside,
)
from compiler.ops.programmable import CreateFunction
from compiler.ops.replace import CreateReplacement, DropForReplacement

ASIDE_SUFFIX = "_schemac_old"


def rebuilt_online(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    m = _Migration(catalogs, ops)
    ops = _kept_through_dropped_expressions(ops)
    ops = _built_after_rewrites(ops, m)
    return _swapped_beside_functions(ops, m)


def _kept_through_dropped_expressions(ops: list[Op]) -> list[Op]:
    """The two steps rebuilding an unchanged index, unique constraint or
    primary key around DROP EXPRESSION alone, as steps that do nothing in
    up.sql (a check or a foreign key is added NOT VALID and validated after
    COMMIT: not rebuilt under a lock that blocks writes)."""
    dropped = {op.key for op in ops if isinstance(op, DropColumnExpression)}
    versions: dict[str, list[Op]] = {}
    for op in ops:
        if len(getattr(op, "needs", ())) != 1 or op.needs[0] not in dropped:
            continue
        if type(op) in (DropIndexForChange, CreateIndexForChange) and not op.concurrently:
            versions.setdefault(op.index.key, []).append(op)
        elif type(op) in (DropConstraintForChange, AddConstraintForChange) and op.constraint.kind in KEYS \
                and not op.not_valid:
            versions.setdefault(op.constraint.key, []).append(op)
    kept = {id(op) for pair in versions.values() if len(pair) == 2 and _same(*pair)
            and {op.previous for op in pair} == {True, False} for op in pair}
    return [_kept(op) if id(op) in kept else op for op in ops]


def _same(a: Op, b: Op) -> bool:
    return getattr(a, "index", None) == getattr(b, "index", None) \
        and getattr(a, "constraint", None) == getattr(b, "constraint", None)


def _kept(op: Op) -> Op:
    if isinstance(op, (DropIndexForChange, CreateIndexForChange)):
        return IndexKeptThroughChange(op.index, op.previous, op.needs)
    return KeyKeptThroughChange(op.constraint, op.previous, op.needs)


def _built_after_rewrites(ops: list[Op], m: _Migration) -> list[Op]:
    """The new versions of the indexes and unique constraints rebuilt around
    stored generated expressions made again, built after COMMIT."""
    rewrites = {op.key for op in ops if isinstance(op, RedefineGeneratedColumn) and op.rewrites}
    result: list[Op] = []
    for op in ops:
        waits = bool(getattr(op, "needs", ())) and set(op.needs) <= rewrites
        if type(op) is CreateIndexForChange and waits and not op.previous and _movable(op.index, op, m) \
                and not _referenced(op.index, m):
            result.append(CreateIndexAfterChange(op.index, True, False, op.needs))
        elif type(op) is AddConstraintForChange and waits and not op.previous and _attachable(op.constraint, op, m):
            temporary = m.names(op.constraint.schema, op.constraint.name)
            result += [BuildKeyIndexAfterChange(None, op.constraint, temporary, needs=op.needs),
                       AttachKeyIndexAfterChange(None, op.constraint, temporary, needs=op.needs)]
        else:
            result.append(op)
    return result


def _movable(obj: Index | Constraint, op: Op, m: _Migration) -> bool:
    """Whether the new version `obj` that `op` makes can be made after
    COMMIT: no step of the transaction waits for it (the change it is
    rebuilt around waits for its previous version's drop, which stays)."""
    return m.catalogs.target.get(obj.key) == obj and m.movable(obj) and not any(
        not o.after_commit and o is not op and obj.key in o.requires() and o.after_commit_form((op,)) is None
        for o in m.ops)


def _referenced(key: Index | Constraint, m: _Migration) -> bool:
    """Whether foreign keys of either catalog bind to `key`."""
    return bool(referencing_foreign_keys(key, m.catalogs.previous) or referencing_foreign_keys(key, m.catalogs.target))


def _attachable(c: Constraint, op: Op, m: _Migration) -> bool:
    """A unique constraint that USING INDEX can take and no foreign key
    references (a primary key would set NOT NULL on its columns, scanning)."""
    return c.kind == "unique" and not c.without_overlaps and not op.not_valid and _movable(c, op, m) \
        and not _referenced(c, m)


def _swapped_beside_functions(ops: list[Op], m: _Migration) -> list[Op]:
    """Each function made again whose indexes can all be swapped after
    COMMIT: set aside instead of dropped, its indexes swapped, then
    dropped."""
    target = m.catalogs.target
    drops = {op.key: op for op in ops if type(op) is DropIndexForChange and op.previous and not op.concurrently}
    creates = {op.index.key: op for op in ops if type(op) is CreateIndexForChange and not op.previous
               and not op.concurrently}
    taken = {(o.schema, o.name) for c in (m.catalogs.previous, target) for o in c.values() if isinstance(o, Function)}
    made = {(f.schema, f.name) for op in ops for f in (getattr(op, "function", None),) if isinstance(f, Function)
            and isinstance(op, (CreateFunction, CreateReplacement))}
    replaced: dict[int, list[Op]] = {}
    for op in ops:
        # made again: with the same signature, or with another (the previous one `gone`) and the same name
        if type(op) is not DropForReplacement or not isinstance(op.obj, Function) \
                or (op.obj.schema, op.obj.name) not in made:
            continue
        function = op.obj
        swapped = [drops[k] for k in op.first if k in drops]
        news = [creates.get(d.index.key) for d in swapped]
        if not swapped or any(n is None or not _swappable(d.index, n, function, m) for d, n in zip(swapped, news)):
            continue
        aside = _aside_name(function, taken)
        waits = tuple(d.key for d in swapped)
        replaced[id(op)] = [SetFunctionAside(op, aside, tuple(k for k in op.first if k not in waits))]
        for new in ops:  # the new version with the same signature: down.sql's DROP of it waits for no index build
            if type(new) is CreateReplacement and new.key == function.key:
                replaced[id(new)] = [replace(new, first=tuple(k for k in new.first if k not in waits))]
        for d, n in zip(swapped, news):
            temporary = m.names(n.index.schema, n.index.name)
            replaced[id(d)] = []
            replaced[id(n)] = [BuildCopyBesideFunction(n.index, temporary), DropReplacedBesideFunction(d.index),
                               RenameCopyBesideFunction(n.index, temporary),
                               *([DropFunctionSetAside(function, aside, waits)] if d is swapped[-1] else [])]
    return [new for op in ops for new in replaced.get(id(op), [op])]


def _swappable(before: Index, create: CreateIndexForChange, function: Function, m: _Migration) -> bool:
    """Whether the index `before`, which uses `function`, can be swapped
    after COMMIT for its new version: what it uses stays but `function`,
    and no foreign key is bound to it."""
    after = create.index
    return (m.catalogs.previous.get(before.key) == before and before.key == after.key
            and all(k in m.catalogs.target or k == function.key for k in before.depends_on)
            and not m.extension_dropped and m.movable(before) and _movable(after, create, m)
            and not _referenced(before, m))


def _aside_name(function: Function, taken: set[tuple[str, str]]) -> str:
    """`<name>_schemac_old`, cut to 63 bytes, numbered when a function of
    either catalog has that name in the schema."""
    n = 1
    while True:
        suffix = ASIDE_SUFFIX if n == 1 else f"{ASIDE_SUFFIX}{n}"
        cut = function.name.encode("utf-8")[:MAX_BYTES - len(suffix)].decode("utf-8", errors="ignore")
        if (function.schema, cut + suffix) not in taken:
            taken.add((function.schema, cut + suffix))
            return cut + suffix
        n += 1

