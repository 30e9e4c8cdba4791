"""Which steps of a script run after its COMMIT.

A script (up.sql or down.sql) runs its transaction first, then the steps
after COMMIT (`Op.after_commit`) one by one, in the plan's order; a step
after COMMIT may wait for steps after COMMIT before it. A step of the
transaction must never wait for a step after COMMIT. `placed()` settles each
such step in two passes:

1. it moves after COMMIT when it has a form there (`Op.after_commit_form`)
   and no step of the transaction waits for what moves: a foreign key added
   NOT VALID that binds to a key or unique index built CONCURRENTLY follows
   it after COMMIT (then its validation), and a new table's foreign keys to
   such a key leave its CREATE TABLE and do the same;
2. otherwise the steps after COMMIT that it waits for take their form
   inside the transaction (`Op.in_transaction`), and so, in turn, do the
   steps after COMMIT that those depend on: they are all or nothing, and
   block as in transactional mode. In down.sql: the index built CONCURRENTLY
   on a column the migration added is dropped before that column, so inside
   the transaction too.

Moves come first and never undo a form taken inside the transaction, so the
two passes end; what moved may still be pulled back by the second pass."""

from __future__ import annotations

from compiler.catalog.objects import Constraint, Index
from compiler.ops.base import Op
from compiler.plan.after_swap import after_swap_form, waits_for_swap


def depends_on(later: Op, earlier: Op) -> bool:
    """Whether `later` must run after `earlier` (two steps of one script, in
    its order). A create follows the creates it requires; a drop follows the
    drops of what the dropped object required (drops run as creates
    backwards) and any step on the same table before it that reads the
    dropped column, or whose columns are not known: an index does not name
    the columns it is built on among what it requires, and a column dropped
    first would take the index along. A create follows a drop of what it
    requires (down.sql: a foreign key added back after the unique index it
    must not bind to is dropped). Not a step that
    only validates what the target keeps (`validates_only`: VALIDATE
    CONSTRAINT, SET NOT NULL proven by a check): no drop takes that along."""
    if waits_for_swap(later, earlier):
        return True
    if later.creates and earlier.creates:
        return bool({earlier.key, *earlier.provides()} & set(later.requires()))
    if later.creates:
        return earlier.key in later.requires()
    if not later.creates:
        if not earlier.creates and later.key in earlier.reverse().requires():
            return True
        table = _table_of(later)
        if table is None or table != _table_of(earlier) or getattr(earlier, "validates_only", False):
            return False
        dropped = getattr(later, "column", None)
        used = _columns_used(earlier)
        return dropped is None or used is None or dropped.name in used
    return False


def _columns_used(op: Op) -> set[str] | None:
    """The columns of its table that the indexes and keys of a step read,
    when their definitions say (None: not known, e.g. an expression, a
    predicate, a check, or a step of another kind)."""
    found = [getattr(op, name, None) for name in ("index", "constraint", "before", "after")]
    objects = [obj for obj in found if isinstance(obj, (Index, Constraint))]
    if not objects:
        return None
    used: set[str] = set()
    for obj in objects:
        if isinstance(obj, Index):
            if obj.where is not None or any(e.column is None for e in obj.elements):
                return None
            used |= {e.column for e in obj.elements} | set(obj.include)
        elif obj.kind in ("primary_key", "unique", "foreign_key"):
            used |= set(obj.columns)
        else:
            return None
    return used


def _table_of(op: Op) -> str | None:
    """The key of the table a step acts on, when it acts on one."""
    for name in ("index", "constraint"):
        obj = getattr(op, name, None)
        if obj is not None:
            return obj.table_key
    schema, table = getattr(op, "schema", None), getattr(op, "table", None)
    if isinstance(schema, str) and isinstance(table, str):
        return f"table:{schema}.{table}"
    return None


def placed(steps: tuple[Op, ...]) -> tuple[Op, ...]:
    """`steps` with each step of the transaction that waits for steps after
    COMMIT moved after them where it can be, and each step after COMMIT that a
    step of the transaction still depends on (directly or through other such
    steps) in its form inside the transaction."""
    return _pulled_in(_moved_after_commit(_after_what_they_require(list(steps))))


def _after_what_they_require(steps: list[Op]) -> list[Op]:
    """`steps` with each step that requires a step after COMMIT later in the
    list moved right after it, with the steps between that depend on it.
    down.sql runs the steps of up.sql backwards, which can invert such a
    pair: up.sql drops a foreign key after its key's new version is built
    and before it is attached; down.sql's attachment of the previous version
    is the reverse of that build, and the foreign key is added back after
    it, not before."""
    for _ in range(len(steps) ** 2 + 1):
        inverted = _inverted(steps)
        if inverted is None:
            return steps
        j, k = inverted
        block = [steps[j]]
        for between in steps[j + 1:k + 1]:
            if any(depends_on(between, moved) for moved in block):
                block.append(between)
        rest = [op for op in steps[j:k + 1] if not any(op is moved for moved in block)]
        steps[j:k + 1] = rest + block
    raise AssertionError("internal error: steps after COMMIT and the steps requiring them wait on each other")


def _inverted(steps: list[Op]) -> tuple[int, int] | None:
    """The first step (j) that requires a later step (k) after COMMIT, or
    any later step when it is the reverse of a step after COMMIT."""
    after = [i for i, op in enumerate(steps) if op.after_commit]
    for j, op in enumerate(steps):
        if not op.creates:
            continue
        later = range(len(steps) - 1, j, -1) if op.reverse().after_commit else [k for k in reversed(after) if k > j]
        for k in later:
            if depends_on(op, steps[k]):
                return j, k
    return None


def _moved_after_commit(steps: list[Op]) -> list[Op]:
    changed = True
    while changed:
        changed = False
        after = [i for i, op in enumerate(steps) if op.after_commit]
        if not after:
            break
        for j, op in enumerate(steps):
            if j < after[0] or op.after_commit:
                continue
            waited = tuple(steps[i] for i in after if i < j and depends_on(op, steps[i]))
            form = (op.after_commit_form(waited) or after_swap_form(op, waited)) if waited else None
            if form is None:
                continue
            moved = [part for part in form if part.after_commit]
            later = [s for s in steps[j + 1:] if not s.after_commit]
            if any(depends_on(s, part) for s in later for part in moved):
                continue  # a step of the transaction needs what would move
            steps[j:j + 1] = form
            changed = True
            break
    return steps


def _pulled_in(steps: list[Op]) -> tuple[Op, ...]:
    changed = True
    while changed:
        changed = False
        inside = [i for i, op in enumerate(steps) if not op.after_commit]
        for i, op in enumerate(steps):
            if op.after_commit and any(j > i and depends_on(steps[j], op) for j in inside):
                steps[i] = op.in_transaction()
                assert not steps[i].after_commit, f"internal error: {op.key} has no form inside a transaction"
                changed = True
    return tuple(steps)
