"""Online mode: the type changes the specs ask to make online (`using:
{online: true}`) become an expand/contract recipe (compiler/ops/
expand_contract.py) instead of one ALTER TABLE rewriting the table under
ACCESS EXCLUSIVE. The foreign keys on a converted column (on either side)
are taken over by the contract. What the recipe cannot carry over is a spec
error at the `using:` that asked for it, never a silent fallback."""

from __future__ import annotations

from compiler.catalog.objects import Constraint, Index, Sequence, Table
from compiler.catalog.programmable import Grant
from compiler.diff.context import Catalogs
from compiler.errors import SpecError, SpecErrors, UsageError
from compiler.ops.base import Op
from compiler.ops.columns import AlterColumnType, AlterColumnTypes
from compiler.ops.expand_contract import ExpandContractStep, ShadowColumn


def expand_contract(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    steps = [op for op in ops if isinstance(op, AlterColumnTypes) and any(c.after.online for c in op.changes)]
    if not steps:
        return ops
    errors: list[SpecError] = []
    columns: list[ShadowColumn] = []
    foreign_keys: dict[str, Constraint] = {}
    for step in steps:
        for change in step.changes:
            column = _shadow(step, change, catalogs, foreign_keys, errors)
            if column is not None:
                columns.append(column)
    if errors:
        raise SpecErrors(errors)
    taken = {k for fk in foreign_keys for k in (fk, fk + ":drop", fk + ":validate")} | {s.key for s in steps}
    columns.sort(key=lambda c: (c.schema, c.table, c.name))
    fks = tuple(foreign_keys[k] for k in sorted(foreign_keys))
    phases = [ExpandContractStep(phase, tuple(columns), fks) for phase in ("expand", "convert", "contract")]
    return [op for op in ops if op.key not in taken] + phases


def _error(change: AlterColumnType, message: str, hint: str) -> SpecError:
    source = change.after.using_source or change.after.source
    if source is None:  # a catalog read from elsewhere
        raise UsageError(f"{change.key}: {message}; {hint}")
    return SpecError(source.file, source.line, source.column, source.path, message, hint)


def _shadow(step: AlterColumnTypes, change: AlterColumnType, catalogs: Catalogs,
            foreign_keys: dict[str, Constraint], errors: list[SpecError]) -> ShadowColumn | None:
    """The column `change` converts by expand/contract, or None after adding
    to `errors` why it cannot be."""
    previous, target = catalogs.previous, catalogs.target
    name, where = change.after.name, f"{step.schema}.{step.table}"
    if not change.after.online:
        online = next(c.after.name for c in step.changes if c.after.online)
        errors.append(_error(change, f"`{name}` changes type with `{online}`, which is converted online: the type "
                                     f"changes of {where} are made online together or not at all",
                             f"add `using: {{online: true}}` to `{name}` too, or change it in a migration of its own"))
        return None
    found_before = len(errors)
    if change.before.identity is not None or change.after.identity is not None:
        errors.append(_error(change, f"`{name}` is an identity column: an online type change cannot move its "
                                     "identity to a new column", "remove `online: true` (one ALTER TABLE)"))
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
    if len(primary) != 1 or len(primary[0].columns) != 1:
        errors.append(_error(change, f"{where} has no single-column primary key: the online backfill converts rows "
                                     "in batches by primary key ranges", "give the table a one-column primary key "
                                     "first, or remove `online: true` (one ALTER TABLE)"))
    for key in step.rebuilt:
        obj = previous[key]
        if isinstance(obj, Constraint) and obj.kind == "foreign_key":
            if key in target:
                foreign_keys[key] = target[key]
            continue
        errors.append(_error(change, f"{key} uses the columns converted online; only indexes, primary keys, "
                                     "unique constraints and foreign keys on them are carried over by the swap",
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
    return ShadowColumn(change, primary[0].columns[0], tuple(sorted(first_indexes, key=lambda i: i.name)),
                        tuple(sorted(first, key=lambda k: k.name)), sequences,
                        tuple(c for c in converted if c != name))


def _index_columns(index: Index) -> list[str]:
    return [*(e.column for e in index.elements if e.column is not None), *index.include]
