"""Online mode for indexes and keys on tables that exist before the
migration (compiler/ops/online_indexes.py has the steps):

- a new index is built CONCURRENTLY after COMMIT, whatever the spec's
  `concurrently` says, and a removed one dropped CONCURRENTLY;
- a changed index is built CONCURRENTLY under a temporary name, the old one
  dropped CONCURRENTLY, the new one renamed: the table keeps an index;
- a unique constraint or primary key added or changed: its unique index
  built CONCURRENTLY under a temporary name, then attached with
  `ADD CONSTRAINT ... USING INDEX` (the previous version dropped in the same
  ALTER TABLE);
- a key or unique index replaced while foreign keys are bound to its previous
  version: those foreign keys, dropped by the diff in the transaction, are
  dropped after COMMIT once the new version is built, then the previous
  version (compiler/ops/online_foreign_keys.py); the foreign keys added back
  follow after COMMIT (compiler/plan/placement.py).

Left as they are (built in the transaction): indexes and keys of partitioned
tables (no CONCURRENTLY there; a partition's own ones go online), of
materialized views,
exclusion constraints and temporal keys (`USING INDEX` takes neither), a
changed primary key whose previous columns become nullable (up.sql would
drop NOT NULL in its transaction while the previous key holds it), and indexes whose previous version may
use what the transaction drops (an extension, a function). A step of the
transaction that waits for one of these steps follows it after COMMIT where
it can (a foreign key NOT VALID); otherwise the step takes its form inside
the transaction (compiler/plan/placement.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from compiler.catalog.objects import Column, Constraint, Extension, Index, Table
from compiler.diff.context import Catalogs
from compiler.diff.dependents import key_columns, key_steps_before, referencing_foreign_keys
from compiler.online.temporary_names import TemporaryNames
from compiler.ops.base import DROP, Op
from compiler.ops.ddl import CreateIndex, DropIndex
from compiler.ops.keys import AddConstraintForChange, CreateIndexForChange, DropConstraintForChange, DropIndexForChange
from compiler.ops.online_foreign_keys import DropConstraintAfterCommit
from compiler.ops.online_indexes import (
    BUILD,
    AttachKeyIndex,
    BuildIndexCopy,
    BuildKeyIndex,
    DropReplacedIndex,
    OnlineCreateIndex,
    OnlineDropIndex,
    RenameIndexCopy,
)
from compiler.ops.relations import names_freed, relation_name
from compiler.ops.renames import Rename
from compiler.ops.set_schema import SetSchema

KEYS = ("primary_key", "unique")


@dataclass
class _Migration:
    """What the rewrite asks of the whole migration."""

    catalogs: Catalogs
    ops: list[Op]
    names: TemporaryNames = field(init=False)
    freed: frozenset[str] = field(init=False)  # relation names the migration's drops free
    renamed: frozenset[str] = field(init=False)  # keys of objects renamed (tables: their columns too)
    extension_dropped: bool = field(init=False)
    drops: dict[str, Op] = field(init=False)  # the drops of changed indexes and constraints alone, by key

    def __post_init__(self) -> None:
        previous, target = self.catalogs.previous, self.catalogs.target
        self.names = TemporaryNames([*previous.values(), *target.values()])
        self.freed = frozenset().union(*(names_freed(op) for op in self.ops))
        self.renamed = _renamed(self.ops)
        self.extension_dropped = any(isinstance(o, Extension) and k not in target for k, o in previous.items())
        self.drops = {op.key: op for op in self.ops if isinstance(op, (DropIndexForChange, DropConstraintForChange))
                      and op.previous and not op.needs}

    def movable(self, obj: Index | Constraint) -> bool:
        """Whether steps on `obj` may run after COMMIT: it is on a table that
        exists before and after the migration and takes CONCURRENTLY (not
        partitioned, not a materialized view; a partition's own index or key
        does), and neither
        it, nor its table or columns, nor what its expressions use is renamed
        (down.sql renames them back in its transaction, before its steps
        after COMMIT, which name them as they are after the renames)."""
        if isinstance(obj, Index) and obj.relation != "table":
            return False
        tables = [c.get(obj.table_key) for c in (self.catalogs.previous, self.catalogs.target)]
        if not all(isinstance(t, Table) and t.partition_by is None for t in tables):
            return False
        if {obj.key, obj.table_key, *obj.depends_on} & self.renamed:
            return False
        expressions = isinstance(obj, Index) and (obj.where is not None or any(e.expression for e in obj.elements))
        return not (expressions and "enum" in self.renamed)

    def needed_in_transaction(self, made: Op) -> bool:
        """Whether a step of the transaction waits for the new version of the
        index or key that `made` makes, and cannot follow it after COMMIT
        (`Op.after_commit_form`: a foreign key of the migration binding to it
        can, reference rows upserted on a new primary key cannot): then it
        is made there as it is in transactional mode."""
        own = {made.key, made.key + DROP}
        return any(not op.after_commit and op.key not in own and own & set(op.requires())
                   and op.after_commit_form((made,)) is None for op in self.ops)

    def foreign_keys_dropped(self, key: Index | Constraint) -> bool:
        """Whether every foreign key of the previous catalog bound to `key`
        is dropped in the transaction (for good, or to be added again once
        the new version of the key is attached after COMMIT)."""
        dropped = {op.constraint for op in self.ops if isinstance(op, DropConstraintForChange) and op.previous}
        return all(fk in dropped for fk in referencing_foreign_keys(key, self.catalogs.previous))


def online_indexes(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    m = _Migration(catalogs, ops)
    swapped: dict[str, list[Op]] = {}  # the key of a create replaced -> its steps
    for op in sorted(ops, key=lambda o: o.key):
        if type(op) is CreateIndexForChange and not op.previous and not op.needs:
            steps = _index_swap(op.index, m)
        elif type(op) is AddConstraintForChange and not op.previous and not op.needs and not op.not_valid:
            steps = _key_attached(op.constraint, m)
        else:
            continue
        if steps and not m.needed_in_transaction(op):
            swapped[op.key] = steps
    result: list[Op] = []
    for op in ops:
        if type(op) in (CreateIndexForChange, AddConstraintForChange) and op.key in swapped:
            result += swapped[op.key]
        elif op.key.removesuffix(DROP) in swapped and op is m.drops.get(op.key):
            continue
        elif type(op) is CreateIndex and m.movable(op.index) and relation_name(op.index) not in m.freed:
            result.append(OnlineCreateIndex(op.index, True, op.needs))
        elif type(op) is DropIndex and not m.extension_dropped and m.movable(op.index):
            result.append(OnlineDropIndex(op.index, True, op.needs))
        else:
            result.append(op)
    result = _same_names(result, m)
    return _dropped_after_builds(_foreign_keys_wait_in_down(result, catalogs), m)


def _same_names(ops: list[Op], m: _Migration) -> list[Op]:
    """A unique index that takes the name of the key it replaces, or a key
    that takes the name of the unique index it replaces (one relation name
    in PostgreSQL): the new one built CONCURRENTLY under a temporary name
    after COMMIT, the previous one dropped after it (DROP CONSTRAINT, DROP
    INDEX CONCURRENTLY), then the new one renamed (an index) or attached
    (a key): the new index enforces uniqueness from its build on, and the
    name is free for a few brief steps only."""
    freeing = {name: op for op in ops if type(op) in (DropConstraintForChange, DropIndexForChange)
               and op.previous and not op.needs for name in names_freed(op)}
    replaced: dict[str, list[Op]] = {}
    for op in ops:
        made = op.index if type(op) is CreateIndex and op.index.unique else \
            op.constraint if type(op) is AddConstraintForChange and not op.previous and not op.not_valid else None
        drop = freeing.get(relation_name(made)) if made is not None and not getattr(op, "needs", ()) else None
        if drop is None or op.after_commit or not m.movable(made):
            continue
        before = drop.constraint if isinstance(drop, DropConstraintForChange) else drop.index
        if (before.table_key != made.table_key or not m.movable(before) or made.key == before.key
                or _needed_in_transaction(op, ops) or _needed_in_transaction(drop, ops)):
            continue
        temporary = m.names(made.schema, made.name)
        if isinstance(made, Index) and isinstance(before, Constraint) and before.kind in KEYS:
            replaced[op.key] = [BuildIndexCopy(made, temporary),
                                RenameIndexCopy(made, temporary, waits=(drop.key,))]
            replaced[drop.key] = [DropConstraintAfterCommit(before, drop.not_valid, True, (made.key,),
                                                            (made.key + BUILD,))]
        elif isinstance(made, Constraint) and _attachable(made) and isinstance(before, Index) \
                and made.key not in m.catalogs.previous:
            needs = (*_not_null_steps(made, m.catalogs), drop.key)
            replaced[op.key] = [BuildKeyIndex(None, made, temporary), AttachKeyIndex(None, made, temporary, needs=needs)]
            replaced[drop.key] = [DropReplacedIndex(before, waits=(made.key + BUILD,))]
    if not replaced:
        return ops
    return [new for op in ops for new in replaced.get(op.key, [op])]


def _foreign_keys_wait_in_down(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    """The previous foreign keys the transaction drops on a table whose keys
    or indexes change after COMMIT: down.sql adds each back once the keys it
    may bind to are back and the others gone (the steps of down.sql after
    COMMIT are not in the order of those of the transaction)."""
    tables = {obj.table_key for op in ops if op.after_commit
              for obj in (getattr(op, "index", None), getattr(op, "constraint", None)) if obj is not None}
    swapped = Catalogs(catalogs.target, catalogs.previous)
    result = []
    for op in ops:
        fk = op.constraint if type(op) is DropConstraintForChange and op.previous else None
        if fk is not None and fk.kind == "foreign_key" and fk.ref_table_key in tables:
            needs = {*op.needs, *key_steps_before(fk, catalogs), *key_steps_before(fk, swapped)}
            op = replace(op, needs=tuple(sorted(needs)))
        result.append(op)
    return result


def _renamed(ops: list[Op]) -> frozenset[str]:
    """The keys of the objects the migration renames or moves, with those of
    the tables whose columns or constraints it renames, and `enum` when it
    renames an enum or one of its values (an index expression may name it)."""
    keys: set[str] = set()
    for op in ops:
        if isinstance(op, SetSchema):
            keys.add(op.key.removesuffix(":rename"))
        elif isinstance(op, Rename):
            keys.add(op.new_key)
            if op.noun in ("column", "constraint"):
                keys.add(f"table:{op.schema}.{op.owner}")
            if op.noun in ("enum", "enum_value"):
                keys.add("enum")
    return frozenset(keys)


def _index_swap(after: Index, m: _Migration) -> list[Op]:
    """The steps swapping in `after`, the new version of a changed index,
    when its previous version is dropped alone (not around another change)
    and nothing of the transaction needs it gone."""
    before = m.catalogs.previous.get(after.key)
    drop = m.drops.get(after.key + DROP)
    if (drop is None or not isinstance(before, Index) or drop.index != before
            or m.catalogs.target.get(after.key) != after or not m.movable(before) or not m.movable(after)):
        return []
    if not m.foreign_keys_dropped(before):
        return []
    if m.extension_dropped or any(k not in m.catalogs.target for k in before.depends_on):
        return []
    temporary = m.names(after.schema, after.name)
    return [BuildIndexCopy(after, temporary), DropReplacedIndex(before), RenameIndexCopy(after, temporary)]


def _key_attached(after: Constraint, m: _Migration) -> list[Op]:
    """The steps building the index of `after` (a primary key or unique
    constraint added to an existing table, or changed on it) and attaching
    it, when `USING INDEX` can take it. A key whose name the migration frees
    (a unique index of that name replaced by it) stays in the transaction:
    the table would be without either for a while."""
    catalogs = m.catalogs
    if not _attachable(after) or catalogs.target.get(after.key) != after or not m.movable(after):
        return []
    before = catalogs.previous.get(after.key)
    needs = _not_null_steps(after, catalogs)
    if before is None and relation_name(after) in m.freed:
        return []
    if before is not None:
        drop = m.drops.get(after.key + DROP)
        if drop is None or drop.constraint != before or not _attachable(before) or not m.movable(before):
            return []
        # up.sql would drop NOT NULL in the transaction while the previous version holds it (a new NOT NULL is
        # set after COMMIT before the attachment, and dropped by down.sql after it: compiler/online/key_columns.py)
        if _loses_not_null(before, catalogs) or not m.foreign_keys_dropped(before):
            return []
    temporary = m.names(after.schema, after.name)
    return [BuildKeyIndex(before, after, temporary), AttachKeyIndex(before, after, temporary, needs=needs)]


def _attachable(c: Constraint) -> bool:
    return c.kind in KEYS and not c.without_overlaps


def _columns(table_key: str, catalog: dict) -> dict[str, Column]:
    table = catalog.get(table_key)
    return {c.name: c for c in table.columns} if isinstance(table, Table) else {}


def _loses_not_null(before: Constraint, catalogs: Catalogs) -> bool:
    """Whether a column of the previous primary key becomes nullable: the
    transaction would drop its NOT NULL while the key still holds it."""
    if before.kind != "primary_key":
        return False
    columns = _columns(before.table_key, catalogs.target)
    return any(name not in columns or columns[name].nullable for name in before.columns)


def _not_null_steps(after: Constraint, catalogs: Catalogs) -> tuple[str, ...]:
    """The steps setting NOT NULL on the columns of a primary key that were
    nullable (or did not exist) before: attached before them, the key would
    set it itself, scanning the table under ACCESS EXCLUSIVE."""
    if after.kind != "primary_key":
        return ()
    columns = _columns(after.table_key, catalogs.previous)
    return tuple(f"column:{after.schema}.{after.table}.{name}:nullability" for name in after.columns
                 if name not in columns or columns[name].nullable)


def _dropped_after_builds(ops: list[Op], m: _Migration) -> list[Op]:
    """The foreign keys bound to a key or unique index of the previous
    catalog that the migration replaces by one built after COMMIT (on the
    same table and columns), dropped after COMMIT once that one is built,
    and then the previous key or index (its own step, or the swap attaching
    its new version): the foreign keys added back after it (NOT VALID, then
    validated: compiler/plan/placement.py) are missing for a few brief steps
    instead of through the build."""
    builds: dict[tuple, list[str]] = {}  # (table, columns) -> keys of the steps building a new key there
    for op in ops:
        made = op.after if isinstance(op, BuildKeyIndex) else op.index if isinstance(op, (OnlineCreateIndex,
                                                                                          BuildIndexCopy)) else None
        if made is not None and op.after_commit and (isinstance(made, Constraint) or made.unique):
            builds.setdefault((made.table_key, key_columns(made)), []).append(op.key)
    fk_drops = {op.constraint.key: op for op in ops if type(op) is DropConstraintForChange and op.previous
                and op.constraint.kind == "foreign_key"}
    moved: dict[str, Op] = {}
    for op in ops:
        replaced = _replaced_key(op)
        waits = builds.get((replaced.table_key, key_columns(replaced))) if replaced is not None else None
        fks = [fk_drops.get(fk.key) for fk in referencing_foreign_keys(replaced, m.catalogs.previous)] \
            if waits else []
        if not fks or None in fks or not m.movable(replaced) or _needed_in_transaction(op, ops):
            continue
        dropped = []
        for fk in fks:  # those the migration drops for good go in the transaction, where their table may go
            if fk.constraint.key in m.catalogs.target and not _needed_in_transaction(fk, ops):
                # down.sql adds it back after the new version's build is undone too (it could bind to it)
                moved[fk.key] = DropConstraintAfterCommit(fk.constraint, fk.not_valid, fk.previous,
                                                          tuple(sorted({*fk.needs, *waits})), tuple(waits))
                dropped.append(fk.key)
        if dropped:
            moved[op.key] = _after_foreign_keys(op, tuple(dropped))
    return [moved.get(op.key, op) for op in ops]


def _needed_in_transaction(step: Op, ops: list[Op]) -> bool:
    """Whether a step of the transaction that cannot follow it after COMMIT
    waits for `step` (a primary key made again there waits for the drop of
    its previous version)."""
    return any(
        not op.after_commit and op is not step and step.key in op.requires() and op.after_commit_form((step,)) is None
        for op in ops)


def _replaced_key(op: Op) -> Index | Constraint | None:
    """The previous key or unique index a step drops or swaps out, if any."""
    if isinstance(op, AttachKeyIndex) and op.online and op.after is not None:
        return op.before
    if isinstance(op, DropConstraintForChange) and op.previous and op.constraint.kind in KEYS:
        return op.constraint
    if type(op) in (DropIndexForChange, DropReplacedIndex) and getattr(op, "previous", True) and op.index.unique:
        return op.index
    return None


def _after_foreign_keys(op: Op, dropped: tuple[str, ...]) -> Op:
    """`op` (dropping or swapping out a previous key) waiting for the drops
    `dropped` of the foreign keys bound to it, after COMMIT."""
    if isinstance(op, AttachKeyIndex):
        return replace(op, needs=(*op.needs, *dropped))
    if isinstance(op, DropConstraintAfterCommit):
        return replace(op, waits=(*op.waits, *dropped))
    if isinstance(op, DropConstraintForChange):
        return DropConstraintAfterCommit(op.constraint, op.not_valid, op.previous, op.needs, dropped)
    if isinstance(op, DropReplacedIndex):
        return replace(op, waits=dropped)
    return DropReplacedIndex(op.index, waits=dropped)
