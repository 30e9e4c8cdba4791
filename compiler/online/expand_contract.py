"""Online mode: type changes that would rewrite a table become an
expand/contract recipe (compiler/ops/expand_contract.py) instead of one
ALTER TABLE rewriting the table under ACCESS EXCLUSIVE: those the specs ask
to make online (`using: {online: true}`), and, with the project's
`migrations: {type_changes: expand_contract}` (the default), every table's
type changes that rewrite or scan it and whose shape the recipe can carry
(a column may say `using: {online: false}` to keep its table's ALTER
TABLE). The foreign keys on a converted column (on either side) are taken
over by the contract, the checks reading it are built on the new column
(compiler/online/shadow_checks.py), so are the indexes whose expression or
predicate reads it (compiler/online/shadow_indexes.py), and a NOT NULL it
gets is proved by the recipe's check. What the recipe cannot carry over is a spec error at the
`using:` that asked for it, never a silent fallback; a table the setting
alone would convert keeps its ALTER TABLE then, which the plan reports as
blocking writes."""

from __future__ import annotations

from compiler.catalog.expressions import mentions
from compiler.catalog.objects import Constraint, Index, Sequence, Table
from compiler.catalog.programmable import Function, Grant, Policy, Trigger, View
from compiler.diff.context import Catalogs
from compiler.errors import SpecError, SpecErrors, UsageError
from compiler.online.around_swaps import shared_checks
from compiler.online.backfill_triggers import Guards, combined, guards, named_after_triggers
from compiler.online.contract_dependents import draw_in
from compiler.online.identity import attached_after_commit, identity_follows_contract
from compiler.online.materialized_views import remade_after, remade_views
from compiler.online.shadow_checks import shadow_checks, taken_keys
from compiler.online.shadow_indexes import carried, index_columns
from compiler.online.shadow_indexes import taken_keys as index_steps
from compiler.ops.base import Hazard, Op
from compiler.ops.columns import AlterColumnNullability, AlterColumnType, AlterColumnTypes
from compiler.ops.expand_contract import ExpandContractStep, ShadowCheck, ShadowColumn
from compiler.plan import order
from compiler.plan.after_swap import follows_swap

EXPAND_CONTRACT, REWRITE = "expand_contract", "rewrite"  # `migrations: {type_changes: ...}`


def _asked(step: AlterColumnTypes) -> bool:
    return any(c.after.online for c in step.changes)


def _by_default(step: AlterColumnTypes, catalogs: Catalogs) -> bool:
    """Whether the setting alone would convert the step online: it rewrites
    or scans its table and no column says `online: false`."""
    return (catalogs.type_changes == EXPAND_CONTRACT and all(c.after.online is None for c in step.changes)
            and any(h in step.hazards for h in (Hazard.REWRITES_TABLE, Hazard.VALIDATES_ROWS)))


def expand_contract(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    steps = [op for op in ops if isinstance(op, AlterColumnTypes) and (_asked(op) or _by_default(op, catalogs))]
    if not steps:
        return ops
    errors: list[SpecError] = []
    shapes: dict[str, _Shape] = {}
    for step in steps:
        found: list[SpecError] = []
        shape = _Shape(step)
        for change in step.changes:
            column = _shadow(step, change, catalogs, shape, found)
            if column is not None:
                shape.columns.append(column)
        _new_foreign_keys(step, catalogs, shape, found)
        checks, unparsed = shadow_checks(step.schema, step.table, tuple(c.after.name for c in step.changes),
                                         catalogs)
        for key in unparsed:
            found.append(_error(step.changes[0], f"{key} reads the columns converted online in a text schemac "
                                                 "cannot parse: it cannot be rebuilt on the new columns",
                                "change it in a migration of its own first, or remove `online: true`"))
        shared = shared_checks(step, ops)  # left to the diff, added back after both swaps
        shape.checks = tuple(c for c in checks if c.key not in shared)
        found += _triggers(step, catalogs, shape)
        found += _matviews(step, ops, shape)
        if not _asked(step):
            if not found:
                shapes[step.key] = shape
        elif found:
            errors += found
        else:
            shapes[step.key] = shape
    if errors:
        raise _raised(errors)
    for shape in shapes.values():  # views replaced under those it makes again (compiler/online/contract_dependents.py)
        draw_in(ops, shape.dependents, lambda shape=shape: _provided(shape), _made_again_in_contract)
    for shape in shapes.values():  # the grants and revokes of the migration on them go with them
        prefixes = tuple(f"grant:{d}:" for d in shape.dependents)
        shape.dependents |= {op.key for op in ops if prefixes and op.key.startswith(prefixes)}
    _keep_what_others_need(ops, shapes, catalogs)
    if not shapes:
        return ops
    columns = sorted((c for s in shapes.values() for c in s.columns), key=lambda c: (c.schema, c.table, c.name))
    foreign_keys = {k: fk for s in shapes.values() for k, fk in s.foreign_keys.items()}
    dropped = {k: fk for s in shapes.values() for k, fk in s.dropped.items()}
    added = {k: fk for s in shapes.values() for k, fk in s.added.items()}
    checks = tuple(sorted((k for s in shapes.values() for k in s.checks), key=lambda k: k.key))
    nullability = {f"column:{c.schema}.{c.table}.{c.name}:nullability" for c in columns}
    taken_steps = tuple(sorted({*(op.key for op in ops if isinstance(op, AlterColumnNullability) and op.key in nullability),
                                *(k for s in shapes.values() for k in s.taken)}))
    dependents = {k for s in shapes.values() for d in s.dependents for k in (d, d + ":drop")}
    views = tuple(v for s in shapes.values() for v in s.views)
    views_back = tuple(v for s in shapes.values() for v in s.views_back)
    inner = order([op for op in ops if op.key in dependents])
    taken = ({k for fk in [*foreign_keys, *dropped, *added] for k in (fk, fk + ":drop", fk + ":validate")} | set(shapes)
             | dependents | {k for s in shapes.values() for v in s.matviews for k in (v, v + ":drop")}
             | {k for check in checks for k in taken_keys(check)} | set(taken_steps))
    fks = tuple(foreign_keys[k] for k in sorted(foreign_keys))
    phases = [ExpandContractStep(phase, tuple(columns), fks, checks=checks, taken=taken_steps,
                                 foreign_keys_dropped=tuple(dropped[k] for k in sorted(dropped)),
                                 foreign_keys_added=tuple(added[k] for k in sorted(added)), dependents=inner,
                                 schemas=_schemas(catalogs) if inner or views else (),
                                 matviews=views, matviews_back=views_back,
                                 **combined([s.guards for s in shapes.values()]))
              for phase in ("expand", "convert", "contract")]
    return [op for op in ops if op.key not in taken] + phases


class _Shape:
    """What one table's type changes become when converted online."""

    def __init__(self, step: AlterColumnTypes) -> None:
        self.step = step
        self.columns: list[ShadowColumn] = []
        self.foreign_keys: dict[str, Constraint] = {}
        self.dropped: dict[str, Constraint] = {}  # foreign keys on the columns the migration drops
        self.added: dict[str, Constraint] = {}  # and those it adds
        self.dependents: set[str] = set()  # keys of the views, policies, ... made again inside the contract
        self.checks: tuple[ShadowCheck, ...] = ()
        self.taken: set[str] = set()  # the steps of indexes the recipe builds on the new columns instead
        self.guards = Guards()  # the table's triggers kept off the backfill
        self.matviews: set[str] = set()  # keys of the materialized views made again after the contract
        self.views: tuple = ()  # and as up.sql and down.sql make them (RemadeView)
        self.views_back: tuple = ()


def _provided(shape: _Shape) -> set[str]:
    """The keys of the steps the recipe does instead of the diff's for one
    table, and those its contract provides."""
    step = shape.step
    keys = {step.key, *(c.key for c in step.changes)}
    keys |= {k for fk in [*shape.foreign_keys, *shape.dropped, *shape.added] for k in (fk, fk + ":drop", fk + ":validate")}
    keys |= {k for check in shape.checks for k in taken_keys(check)} | shape.taken
    keys |= {k for d in shape.dependents for k in (d, d + ":drop")}
    keys |= {k for v in shape.matviews for k in (v, v + ":drop")}
    return keys | {f"column:{step.schema}.{step.table}.{c.after.name}:nullability" for c in step.changes}


def _keep_what_others_need(ops: list[Op], shapes: dict[str, _Shape], catalogs: Catalogs) -> None:
    """Leave out of `shapes` the tables the setting alone converts whose
    recipe another step would have to wait for, or share an object with (a
    foreign key or check another conversion also takes down and puts back,
    a new foreign key on a converted column), until none is left: such a
    step, in the migration's transaction, would pull the recipe in there."""
    while True:
        taken = {k for shape in shapes.values() for k in _provided(shape)}
        # an identity added to a converted column follows the contract after COMMIT (compiler/online/identity.py)
        others = [op for op in ops if op.key not in taken and not attached_after_commit(op, catalogs)]
        needed = {k for op in others if not follows_swap(op) for k in op.requires()}
        needed |= {k for op in others for k in getattr(op, "rebuilt", ())}
        needed |= {k + suffix for op in others for k in getattr(op, "rebuilt", ()) for suffix in (":drop", ":validate")}
        refused = [key for key, shape in shapes.items() if not _asked(shape.step) and _provided(shape) & needed]
        if not refused:
            return
        for key in refused:
            del shapes[key]


def _new_foreign_keys(step: AlterColumnTypes, catalogs: Catalogs, shape: _Shape, errors: list[SpecError]) -> None:
    """The foreign keys the migration adds on a converted column of the
    step's table (either side): the contract adds them once the new column is
    swapped in. One on a table the migration makes cannot wait for it."""
    table_key, names = f"table:{step.schema}.{step.table}", {c.after.name for c in step.changes}
    for key, fk in sorted(catalogs.target.items()):
        if key in catalogs.previous or not isinstance(fk, Constraint) or fk.kind != "foreign_key":
            continue
        if not ((fk.table_key == table_key and names & set(fk.columns))
                or (fk.ref_table_key == table_key and names & set(fk.ref_columns))):
            continue
        if fk.table_key in catalogs.previous and fk.ref_table_key in catalogs.previous:
            shape.added[key] = fk
        else:
            errors.append(_error(step.changes[0], f"{key}, on a table this migration makes, references the columns "
                                                  "converted online: it would wait for the online swap",
                                 "add it in a migration of its own, or remove `online: true`"))


def _schemas(catalogs: Catalogs) -> tuple[str, ...]:
    """The managed schemas of the two catalogs (the migration's search_path, compiler/render/migration.py)."""
    return tuple(sorted({k.split(":", 1)[1] for c in (catalogs.previous, catalogs.target) for k in c
                         if k.startswith("schema:")}))


def _made_again_in_contract(obj) -> bool:
    """Whether the contract can drop `obj` and make it again in its short
    transaction: a view (not materialized: that one runs its query there;
    not reading `*`: it would list the moved column last), a policy, a
    trigger, a function."""
    if isinstance(obj, View):
        found = mentions(obj.query, True)
        return not obj.materialized and found is not None and not found.star
    return isinstance(obj, (Policy, Trigger, Function))


def _triggers(step: AlterColumnTypes, catalogs: Catalogs, shape: _Shape) -> list[SpecError]:
    """The table's triggers around the recipe (compiler/online/backfill_triggers.py):
    its sync trigger named after the BEFORE row triggers, which may change
    the column, and those firing on UPDATE kept off the backfill. Where
    either cannot be, the setting alone leaves the table its ALTER TABLE;
    `using: {online: true}` takes the risk (the triggers fire then)."""
    table_key = f"table:{step.schema}.{step.table}"
    named = named_after_triggers(shape.columns, table_key, catalogs.previous, catalogs.target)
    found = guards({table_key}, catalogs.previous, catalogs.target, shape.dependents)
    if named is not None and isinstance(found, Guards):
        shape.columns, shape.guards = named, found
        return []
    reason = found if isinstance(found, str) else ("a BEFORE row trigger of the table sorts last by a name too long to "
                                                   "name the recipe's trigger after it")
    return [] if _asked(step) else [_error(step.changes[0], reason, "write `using: {online: true}` to let it fire "
                                                                    "for the backfill")]


def _matviews(step: AlterColumnTypes, ops: list[Op], shape: _Shape) -> list[SpecError]:
    """The materialized views over the converted columns, made again after
    the contract (compiler/online/materialized_views.py), or why not."""
    if not shape.matviews:
        return []
    found = remade_views(shape.matviews, ops, _provided(shape))
    if isinstance(found, str):
        return [_error(step.changes[0], f"{found}: it cannot be made again after the online swap",
                       "change it in a migration of its own, or remove `online: true`")]
    shape.views, shape.views_back = found
    return []


class _Refusal(SpecError):
    """Why a column cannot be converted online: a spec error when its `using:`
    asked for it, else the reason its table keeps its ALTER TABLE."""


def _error(change: AlterColumnType, message: str, hint: str) -> SpecError:
    source = change.after.using_source or change.after.source
    if source is None:  # a catalog read from elsewhere: raised only when the specs asked (`_raised`)
        return _Refusal(f"<{change.key}>", 0, 0, "", message, hint)
    return SpecError(source.file, source.line, source.column, source.path, message, hint)


def _raised(errors: list[SpecError]) -> SpecErrors:
    for error in errors:
        if isinstance(error, _Refusal):
            raise UsageError(f"{error.file[1:-1]}: {error.message}; {error.hint}")
    return SpecErrors(errors)


def _shadow(step: AlterColumnTypes, change: AlterColumnType, catalogs: Catalogs,
            shape: _Shape, errors: list[SpecError]) -> ShadowColumn | None:
    """The column `change` converts by expand/contract, or None after adding
    to `errors` why it cannot be."""
    previous, target = catalogs.previous, catalogs.target
    name, where = change.after.name, f"{step.schema}.{step.table}"
    if _asked(step) and not change.after.online:
        online = next(c.after.name for c in step.changes if c.after.online)
        errors.append(_error(change, f"`{name}` changes type with `{online}`, which is converted online: the type "
                                     f"changes of {where} are made online together or not at all",
                             f"add `using: {{online: true}}` to `{name}` too, or change it in a migration of its own"))
        return None
    found_before = len(errors)
    if change.before.identity is not None:
        errors.append(_error(change, f"`{name}` is an identity column: an online type change cannot move its "
                                     "identity to a new column", "remove `online: true` (one ALTER TABLE)"))
    elif change.after.identity is not None and not identity_follows_contract(change.before):
        errors.append(_error(change, f"`{name}` becomes an identity column while its default draws from a sequence "
                                     "or function: the identity cannot wait for the online swap",
                             "make it an identity in a migration of its own, or remove `online: true`"))
    if change.before.generated is not None or change.after.generated is not None:
        errors.append(_error(change, f"`{name}` is a generated column: it cannot be converted online",
                             "remove `online: true` (one ALTER TABLE)"))
    table_key = f"table:{where}"
    table = previous.get(table_key)
    if isinstance(table, Table) and (table.partition_by is not None or table.partition_of is not None):
        errors.append(_error(change, f"{where} is partitioned or a partition: an online type change builds indexes "
                                     "CONCURRENTLY, which PostgreSQL cannot do on a partitioned table",
                             "remove `online: true` (one ALTER TABLE)"))
    grants = sorted(o.role for o in previous.values() if isinstance(o, Grant) and o.column == name and o.on == table_key)
    if grants:
        errors.append(_error(change, f"`{name}` has column privileges ({', '.join(grants)}): the online swap drops the "
                                     "old column, and them with it", "grant them on the table in a migration of its "
                                     "own first, or remove `online: true`"))
    keys = [o for o in previous.values() if isinstance(o, Constraint) and o.table_key == table_key]
    primary = [k for k in keys if k.kind == "primary_key"]
    # by primary key ranges when the table has a one-column key, else by ranges of pages
    key_column = primary[0].columns[0] if len(primary) == 1 and len(primary[0].columns) == 1 else None
    for key in step.rebuilt:
        obj = previous[key]
        if isinstance(obj, Constraint) and obj.kind == "foreign_key":
            if key in target and target[key] == obj:
                shape.foreign_keys[key] = obj
            elif key in target:  # changed too: the previous one dropped, the target's added (down.sql: the other way)
                shape.dropped[key], shape.added[key] = obj, target[key]
            elif obj.table_key in target and obj.ref_table_key in target:
                shape.dropped[key] = obj
            # else it goes with a table the migration drops: dropped in the transaction, before the expand, and
            # down.sql adds it back after the swap back (compiler/plan/after_swap.py)
            continue
        if isinstance(obj, Constraint) and obj.kind == "check":
            continue  # built on the new columns (compiler/online/shadow_checks.py)
        if isinstance(obj, Index) and carried(obj, {c.after.name for c in step.changes}, target):
            shape.taken |= index_steps(obj)
            continue  # built on the new columns (compiler/online/shadow_indexes.py)
        if remade_after(obj):  # made again after the contract, beside the old one (compiler/online/materialized_views.py)
            shape.matviews.add(key)
            continue
        if _made_again_in_contract(obj):
            shape.dependents.add(key)
            continue
        errors.append(_error(change, f"{key} uses the columns converted online; only indexes, keys, checks, "
                                     "foreign keys, views, materialized views, policies, triggers and functions on "
                                     "them are carried over by the swap (not an index expression or predicate that "
                                     "does not parse or changes too, a view reading `*` of the table)",
                             "change or drop it in a migration of its own first, or remove `online: true`"))
    on_column = [k for k in keys if name in k.columns and k.kind in ("primary_key", "unique", "exclusion")]
    indexes = [o for o in previous.values() if isinstance(o, Index) and o.table_key == table_key
               and name in _index_columns(o)]
    for obj in [*on_column, *indexes]:
        if isinstance(obj, Constraint) and obj.kind == "exclusion":
            errors.append(_error(change, f"the exclusion constraint {obj.name} is on `{name}`: it cannot be "
                                         "carried over to the new column online", "remove `online: true`"))
        elif target.get(obj.key) != obj:
            errors.append(_error(change, f"{obj.key} on `{name}` changes in this migration too: the online swap "
                                         "carries it over as it is", "change it in a migration of its own"))
    if len(errors) > found_before:
        return None
    sequences = tuple(sorted(o.name for o in previous.values() if isinstance(o, Sequence)
                             and o.schema == step.schema and o.owned_by == (step.table, name)))
    # an index or key on several converted columns is built once, by the first of them (its DROP COLUMN drops the old)
    converted = [c.after.name for c in step.changes]
    first = [k for k in on_column if next(c for c in converted if c in k.columns) == name]
    first_indexes = [i for i in indexes if next(c for c in converted if c in _index_columns(i)) == name]
    return ShadowColumn(change, key_column, tuple(sorted(first_indexes, key=lambda i: i.name)),
                        tuple(sorted(first, key=lambda k: k.name)), sequences,
                        tuple(c for c in converted if c != name))


def _index_columns(index: Index) -> list[str]:
    return index_columns(index) or [*(e.column for e in index.elements if e.column is not None), *index.include]
