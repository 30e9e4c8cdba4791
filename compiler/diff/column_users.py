"""What a step that converts columns must take down and put back: the
objects that use the columns in a way PostgreSQL refuses, or keeps in a
form the specs do not define, while the step runs.

Two steps convert columns: an enum's type swap (compiler/ops/enums.py:
the old type renamed aside, every column of the type converted with ALTER
COLUMN ... TYPE, the old type dropped) and the type changes of a table
(compiler/ops/columns.py AlterColumnTypes, one ALTER TABLE). `ColumnUse`
says what the step converts: columns (by table) and, for a swap, the type.

PostgreSQL refuses ALTER COLUMN ... TYPE while a view, a materialized view
(a rule) or a policy uses the column, or a trigger's WHEN or UPDATE OF
names it, or another column's generated expression reads it; and a swap's
DROP TYPE while anything still refers to the old type (a function's
argument or result, a view's cast). Plain indexes on the column, and keys,
it rebuilds itself. Checks and index expressions or predicates it rebuilds
too, but from their stored text, written for the old type
(`amount::double precision > 0::double precision`, `status <> 'X'::"Status__prior"`),
which is not what the specs define (or no longer compares with the
converted column): those that use the columns are rebuilt around the step
too. So:

- *direct* users: views and materialized views that read a converted column
  (or `*` of its table, or a NATURAL JOIN with it) or name the type;
  functions whose signature uses the type, and SQL functions that change in
  this migration and whose body reads the columns or names the type
  (PostgreSQL checks the new body when it is created, so it must come after
  the step, and down.sql checks the old body after the step back; an
  unchanged body is text to PostgreSQL); policies and trigger WHENs that use
  the columns or the type, and triggers UPDATE OF a column; checks and index
  expressions or predicates on the columns; foreign keys with a converted
  column on either side: PostgreSQL re-adds a foreign key in each ALTER
  TABLE that changes one of its columns, checking every row again, and
  refuses when the two sides do not compare at that moment (uuid to text on
  both sides: one table changes before the other; "foreign key constraint
  ... cannot be implemented"). Dropped before the steps and added back once
  after all of them (NOT VALID, then validated), a foreign key is checked
  once, whatever the types (integer to bigint too, on one side or both);
- and, transitively, what PostgreSQL keeps depending on those (views over
  the views, triggers of the functions, policies, checks and indexes calling
  the functions, compiler/diff/programmable.py `dependents_of`); functions
  calling functions are not: a body is text to PostgreSQL.

Each is dropped before the step and made again after it: with the previous
catalog's grants (and a materialized view's indexes) for views, functions,
triggers and policies (compiler/ops/replace.py pairs made around the step),
and with compiler/diff/dependents.py `rebuild` for indexes and constraints.
A user that also changes in this migration is dropped in its previous
version and made in its target version here, and its own comparator is
skipped (`rebuilt_keys`, compiler/diff/__init__.py). One used by two such
steps is dropped before both and made after both (the two steps' pairs are
merged by compiler/diff/__init__.py `_once`). A user the migration drops is
dropped before the step instead of among the drops (which run after every
create), with its grants and indexes (`taken_along`; a grant revoked on a
user that stays is revoked after it is made again); but a check or an
index under a type change is left to PostgreSQL, which rebuilds it as it
is before it goes (not a foreign key, even one whose table goes: it is
dropped before the step). A
column default or generated expression that uses the columns or the type
is refused, with the columns named.

The same is done when only down.sql swaps (values added in place are removed
by a swap): down.sql is the exact reverse of up.sql. Objects new in the
migration that use what a step converts are made after it
(`after_conversions`).
"""

from __future__ import annotations

import dataclasses
import re

from compiler.catalog.column_refs import catalog_lookup, expression_reads, query_reads
from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Constraint, Enum, Index, Table
from compiler.catalog.programmable import Function, Policy, Trigger, View
from compiler.catalog.sql_texts import SqlText, sql_texts
from compiler.diff.context import Catalogs, made_again, touching
from compiler.diff.dependents import rebuild
from compiler.diff.programmable import dependents_of, grants_on, matview_indexes, replacement
from compiler.errors import UsageError
from compiler.ops import Op
from compiler.ops.base import DROP
from compiler.ops.columns import AlterColumnTypes, DropColumn
from compiler.ops.enums import ChangeEnumValues, EnumColumn
from compiler.ops.keys import DropConstraintForChange, DropIndexForChange
from compiler.ops.replace import DropForReplacement
from compiler.ops.user_types import RemakeTypeWithColumns


class ColumnUse:
    """What a step converts: `columns`, table key -> names of its converted
    columns, and for an enum swap `enum`, the type whose name counts too.
    `subject` names the step in errors."""

    def __init__(self, columns: dict[str, set[str]], subject: str, enum: Enum | None = None,
                 drops: bool = False) -> None:
        self.columns = columns
        self.subject = subject
        self.enum = enum
        self.drops = drops  # the columns are dropped, not converted (`around_drop`)

    @classmethod
    def of_swap(cls, enum: Enum, columns: tuple[EnumColumn, ...]) -> ColumnUse:
        found: dict[str, set[str]] = {}
        for c in columns:
            found.setdefault(f"table:{c.schema}.{c.table}", set()).add(c.name)
        return cls(found, f"enum {enum.schema}.{enum.name}: its values change by a type swap", enum)

    @classmethod
    def of_types(cls, schema: str, table: str, names) -> ColumnUse:
        names = sorted(names)
        return cls({f"table:{schema}.{table}": set(names)},
                   f"table {schema}.{table}: the type of {', '.join(names)} changes")

    @classmethod
    def of_drop(cls, schema: str, table: str, name: str) -> ColumnUse:
        return cls({f"table:{schema}.{table}": {name}}, f"table {schema}.{table}: column {name} is dropped",
                   drops=True)

    @classmethod
    def of_step(cls, op: Op) -> ColumnUse | None:
        """What `op` converts (or drops, among the creates), if it is a step
        that converts columns."""
        if isinstance(op, ChangeEnumValues) and op.swaps_either_way:
            return cls.of_swap(op.old, op.up_columns)
        if isinstance(op, AlterColumnTypes):
            return cls.of_types(op.schema, op.table, (c.after.name for c in op.changes))
        if isinstance(op, DropColumn) and op.among_creates:
            return cls.of_drop(op.schema, op.table, op.column.name)
        if isinstance(op, RemakeTypeWithColumns):  # a domain or range made again: its columns are converted
            columns: dict[str, set[str]] = {}
            for c in op.columns:
                columns.setdefault(f"table:{c.schema}.{c.table}", set()).add(c.name)
            return cls(columns, f"{op.after.key}: it is made again")
        return None

    @property
    def what(self) -> str:
        return "the type or its columns" if self.enum is not None else "the columns"

    def reads(self, text: SqlText, tables) -> bool:
        """Whether `text` uses the type or the converted columns of
        `tables` (keys of the tables it may read; all their converted
        columns for a `*`). PL/pgSQL is text to PostgreSQL until it runs.
        Text that does not parse here is searched for the names as words."""
        if text.kind == "plpgsql":
            return False
        names = set().union(*(self.columns.get(t, set()) for t in tables)) if tables else set()
        if not names and self.enum is None:
            return False
        found = mentions(text.sql, text.statement)
        if found is None:
            words = names | ({self.enum.name} if self.enum is not None else set())
            return any(re.search(rf"\b{re.escape(w)}\b", text.sql) for w in words)
        if self.enum is not None and self.enum.name in found.types:
            return True
        return bool(names) and (found.star or bool(found.columns & names))

    def tables_of(self, keys) -> list[str]:
        return [k for k in keys if k in self.columns]


def _signature_uses(function: Function, enum: Enum) -> bool:
    types = [a.type for a in function.args]
    if function.returns is not None:
        types += [t for t in (function.returns.type, function.returns.setof) if t is not None]
        types += [t for _, t in function.returns.table]
    return any(t.kind == "enum" and (t.schema, t.name) == (enum.schema, enum.name) for t in types)


def _direct(obj, use: ColumnUse, made_here: bool) -> bool:
    """Whether PostgreSQL would stop the step while `obj` exists as it is
    (or would keep it in another form). `made_here`: whether the migration
    makes this definition of `obj` (a function body is checked then)."""
    if use.drops and isinstance(obj, (Index, Constraint)) and _names_dropped(obj, use):
        return True
    if isinstance(obj, Function):
        if use.enum is not None and _signature_uses(obj, use.enum):
            return True
        if not made_here:
            return False
    elif isinstance(obj, Trigger):
        if use.columns.get(obj.table_key, set()).intersection(obj.update_of):
            return True
    elif isinstance(obj, Constraint) and obj.kind == "foreign_key":
        return bool(use.columns.get(obj.table_key, set()).intersection(obj.columns)
            or use.columns.get(obj.ref_table_key, set()).intersection(obj.ref_columns))
    elif isinstance(obj, Index):
        if obj.relation != "table":  # a materialized view's: made again with it
            return False
    elif not isinstance(obj, (View, Policy, Constraint)):
        return False
    tables = use.tables_of((getattr(obj, "table_key", None), *getattr(obj, "depends_on", ())))
    if not tables and use.enum is None:
        return False  # reads none of the converted columns (the common case: answered without parsing)
    return any(use.reads(t, tables) for t in sql_texts(obj))


def _names_dropped(obj: Index | Constraint, use: ColumnUse) -> bool:
    """Whether an index or constraint names a dropped column as a column
    (PostgreSQL drops it with the column, so it goes before the drop)."""
    if isinstance(obj, Index):
        names = {e.column for e in obj.elements if e.column is not None} | set(obj.include)
        return obj.relation == "table" and bool(use.columns.get(obj.table_key, set()) & names)
    return bool(use.columns.get(obj.table_key, set()) & set(obj.columns)
                or use.columns.get(obj.ref_table_key or "", set()) & set(obj.ref_columns))


def _refused_columns(use: ColumnUse, catalogs: Catalogs) -> list[str]:
    """Columns not converted whose default or generated expression uses the
    type or the converted columns: the step would have to redefine them."""
    found = []
    candidates = catalogs.previous if use.enum is not None else use.columns  # without a type, only those tables
    for key in sorted(k for k in candidates if isinstance(catalogs.previous.get(k), Table)):
        table = catalogs.previous[key]
        tables = use.tables_of((key,))
        kept = catalogs.target.get(key)
        for column in table.columns:
            if column.generated is None and (column.default is None or column.default.expression is None):
                continue  # writes no SQL text
            if use.drops and (not isinstance(kept, Table) or kept.column(column.name) is None):
                continue  # dropped too (compiler/diff/tables.py orders the two drops)
            if column.name not in use.columns.get(key, ()) and any(use.reads(t, tables) for t in sql_texts(column)):
                found.append(f"column:{table.schema}.{table.name}.{column.name}")
    return found


def _closure(use: ColumnUse, catalogs: Catalogs) -> set[str]:
    previous, target = catalogs.previous, catalogs.target
    # converted columns are read only by what touches their tables; a swapped
    # type may also be named anywhere else: by a function's signature, or in a
    # text that holds its name
    candidates = {k for t in use.columns for k in touching(catalogs, t)}
    if use.enum is not None:
        name = use.enum.name.lower()
        candidates |= {k for k, o in previous.items() if k not in candidates and (
            isinstance(o, Function) or any(name in t.sql.lower() for t in sql_texts(o)))}
    found = {k for k in candidates if _direct(previous[k], use, target.get(k) != previous[k])}
    return with_dependents(found, previous)


def with_dependents(found: set[str], previous: dict) -> set[str]:
    """`found` and, transitively, what PostgreSQL keeps depending on it
    (views over views, triggers of functions, ...); functions calling
    functions are not: a body is text to PostgreSQL."""
    found = set(found)
    queue = sorted(found)
    while queue:
        key = queue.pop()
        for dependent in dependents_of(key, previous):
            obj = previous[dependent]
            if dependent in found or isinstance(obj, Function):  # a body naming a function is text to PostgreSQL
                continue
            found.add(dependent)
            queue.append(dependent)
    return found


def rebuilt_around(use: ColumnUse, step: str, catalogs: Catalogs) -> tuple[tuple[str, ...], list[Op]]:
    """The keys of the objects the step (key `step`) that converts what
    `use` says takes down and puts back, and the steps doing it; UsageError
    for what it cannot do."""
    previous, target = catalogs.previous, catalogs.target
    keys = _closure(use, catalogs)
    if use.enum is None and not use.drops:  # a type change: PostgreSQL rebuilds checks and indexes dropped later,
        keys = {k for k in keys if k in target or not isinstance(previous[k], (Constraint, Index))
                or _foreign_key(previous[k])}
    blocked = sorted(k for k in keys if isinstance(previous[k], Table)) + _refused_columns(use, catalogs)
    if blocked:
        raise UsageError(f"{use.subject}; the defaults or generated expressions of {', '.join(blocked)} use "
                         f"{use.what}: change them in a migration of their own first")
    return tuple(sorted(keys)), taken_down_and_put_back(keys, (step,), catalogs)


def _foreign_key(obj) -> bool:
    """A foreign key the migration drops: dropped before a type change
    (PostgreSQL may not carry it through: uuid to text on one side), also
    when its table goes (the DROP TABLE, among the drops, then leaves it
    out: compiler/diff/dependents.py `foreign_keys_that_go_first`)."""
    return isinstance(obj, Constraint) and obj.kind == "foreign_key"


def taken_down_and_put_back(keys, needs: tuple[str, ...], catalogs: Catalogs) -> list[Op]:
    """The steps dropping the objects of the previous catalog that `keys`
    names (views, functions, triggers, policies, indexes, constraints), each
    after those of them that depend on it, and making their target versions
    after the steps `needs` names; those the migration drops are only
    dropped, with what their DROP takes along. Also used around a function
    dropped and made again (compiler/diff/redefined.py). The drops come
    before the steps, so down.sql makes the previous objects after undoing
    them: with the enum values they rename as they were (`made_again`)."""
    previous, target = catalogs.previous, catalogs.target
    ops: list[Op] = []
    for key in sorted(keys):
        before, after = made_again(catalogs, previous[key]), target.get(key)
        if isinstance(before, (Function, View, Trigger, Policy)):
            first = tuple(sorted(k + DROP for k in dependents_of(key, previous) if k in keys and k != key))
            if after is None:  # dropped here, with what its DROP takes along (`taken_along`)
                indexes = tuple(o for k, o in sorted(previous.items()) if isinstance(o, Index) and o.table_key == key)
                ops.append(DropForReplacement(before, grants_on(key, previous), indexes, needs, first, gone=True))
                continue
            indexes = tuple(made_again(catalogs, i) for i in matview_indexes(before, after, catalogs)) \
                if isinstance(before, View) else ()
            ops += replacement(before, after, previous, indexes, needs, first)
        elif after is None:
            ops.append(DropIndexForChange(before, needs=needs) if isinstance(before, Index)
                       else DropConstraintForChange(before, needs=needs))
        else:
            ops += rebuild(before, needs, after)
    return ops


def around_drop(use: ColumnUse, step: str, catalogs: Catalogs) -> tuple[tuple[str, ...], list[Op]] | None:
    """For a column dropped (`use.drops`, step key `step`): the keys of the
    objects taken down before the DROP COLUMN and put back after it, and
    the steps doing it (as `rebuilt_around`), when something must be made
    after it: a view, policy, trigger or SQL function of the target that
    the previous catalog had reading the column (PostgreSQL refuses the
    drop while it exists; a view reading `*` of the table changes its
    columns), or a new one reading the table's `*`. None when the drop can
    run among the drops (checks and indexes on the column are dropped with
    it by PostgreSQL, users the migration drops go before it). UsageError
    when what stays may still name the column (`_refuse_kept_reads`)."""
    previous, target = catalogs.previous, catalogs.target
    keys = _closure(use, catalogs)
    _refuse_kept_reads(use, keys, catalogs)
    made_after = any(k in target and isinstance(previous[k], (View, Function, Trigger, Policy)) for k in keys)
    if not made_after and not any(_direct(o, use, True) for k, o in target.items() if k not in previous):
        return None
    return rebuilt_around(use, step, catalogs)


def around_add(schema: str, table: str, names, steps: tuple[str, ...],
               catalogs: Catalogs) -> tuple[tuple[str, ...], list[Op]]:
    """For columns added to a table that exists (`names`, by the steps
    `steps`): the keys of the views and materialized views that read `*` of
    the table (or a NATURAL JOIN with it) and stay, with what depends on
    them, and the steps taking them down before the ADD COLUMN and putting
    them back after it. PostgreSQL expands a star when it makes a view, so
    such a view would keep the columns it had; made again, it has the
    columns its query gives now, as verify.sql expects. Empty when no view
    reads a star of the table."""
    previous, target = catalogs.previous, catalogs.target
    table_key = f"table:{schema}.{table}"
    use = ColumnUse({table_key: set(names)}, f"table {schema}.{table}: columns are added")
    star = {k for k in touching(catalogs, table_key) if k in target and isinstance(previous[k], View)
            and any(use.reads(t, [table_key]) for t in sql_texts(previous[k]))}
    if not star:
        return (), []
    keys = with_dependents(star, previous)
    return tuple(sorted(keys)), taken_down_and_put_back(keys, steps, catalogs)


def _refuse_kept_reads(use: ColumnUse, keys, catalogs: Catalogs) -> None:
    """UsageError when the target version of a view, policy or trigger that
    reads a dropped column may still read it: a name that cannot be told
    apart from the column (a relation of unknown columns is in sight). A
    reference certain to name it is a spec error already
    (compiler/catalog/column_refs.py)."""
    lookup = catalog_lookup(catalogs.target)
    for key in sorted(keys):
        obj = catalogs.target.get(key)
        for table, names in use.columns.items():
            for read in _target_reads(obj, table, catalogs.target, lookup):
                if read.column in names and read.table is None and table in (*read.missing, *read.in_sight):
                    where = f" ({obj.source.file}:{obj.source.line})" if getattr(obj, "source", None) else ""
                    raise UsageError(
                        f"{use.subject}, but {key}{where} still names `{read.column}` where schemac cannot tell "
                        f"which relation it reads: PostgreSQL would refuse the DROP COLUMN or the new {key.split(':')[0]}; "
                        f"remove `{read.column}` from it, or qualify it with its table's alias, or keep the column")


def _target_reads(obj, table: str, target: dict, lookup) -> tuple:
    """The named column references of a target view, policy or trigger."""
    kept = target.get(table)
    columns = frozenset(c.name for c in kept.columns) if isinstance(kept, Table) else frozenset()
    if isinstance(obj, View):
        return query_reads(obj.query, lookup) or ()
    if isinstance(obj, Policy) and obj.table_key == table:
        texts, relations = (obj.using, obj.with_check), {kept.name if kept else "": (table, columns)}
    elif isinstance(obj, Trigger) and obj.table_key == table and obj.when is not None:
        texts, relations = (obj.when,), {"new": (table, columns), "old": (table, columns)}
    else:
        return ()
    return tuple(r for t in texts if t is not None for r in (expression_reads(t, relations, lookup) or ()))


def taken_along(op: Op, gone: set[str]) -> bool:
    """Whether `op` is the plain drop (among the drops, after every create)
    of an object that a step converting columns (or a function or view
    dropped and made again) takes down before it and the migration drops
    (`gone`), or of what its DROP takes along: its grants, a materialized
    view's indexes. That step drops them already. The revoke of a grant on
    an object that stays is kept: its replacement puts the previous grants
    back, and the revoke, among the drops, runs after it."""
    if op.creates:
        return False
    grant, index = getattr(op, "grant", None), getattr(op, "index", None)
    return (op.key in gone or (grant is not None and grant.on in gone)
            or (index is not None and index.table_key in gone))


def rebuilt_keys(ops: list[Op]) -> set[str]:
    """Keys of the objects the steps among `ops` that convert columns take
    down and put back themselves (their own comparators are skipped)."""
    return {key for op in ops for key in getattr(op, "rebuilt", ())}


def after_conversions(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    """`ops`, with the steps making objects new in the migration that use
    what a step converts (a function of the swapped type, a view reading a
    converted column) waiting for that step: made before it, they would stop
    it or hold the old type."""
    uses = [(op.key, use) for op in ops if (use := ColumnUse.of_step(op)) is not None]
    if not uses:
        return ops
    new = {k: o for k, o in catalogs.target.items() if k not in catalogs.previous}
    waits = {key: tuple(sorted(step for step, use in uses if _direct(obj, use, True))) for key, obj in new.items()}
    result = []
    for op in ops:
        steps = waits.get(op.key, ()) if op.creates else ()
        if steps and "needs" in {f.name for f in dataclasses.fields(op)}:
            op = dataclasses.replace(op, needs=tuple(sorted({*op.needs, *steps})))
        result.append(op)
    return result
