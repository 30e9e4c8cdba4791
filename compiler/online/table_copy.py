"""Online mode: the changes PostgreSQL can only make to a table by writing
or checking every row under ACCESS EXCLUSIVE, and has no other form of (a
stored generated column added or its expression changed, a column of a
domain with constraints added, an exclusion constraint or temporal key
added, SET LOGGED / UNLOGGED), made on a copy of the table swapped in
instead (compiler/ops/table_copy.py). The copy takes over every step of the
migration on the table, so it is made only where nothing else needs the
table as the migration's transaction leaves it:

- the table has a primary key, on the same columns in both catalogs (writes
  are replayed on the copy by it, and the fill finds the rows copied by it);
- it is neither partitioned nor a partition, and none of its columns is
  renamed or converted with `using:` (the copy takes columns by name);
- no other step of the migration locks it or needs one of its objects, and
  no other object depends on it (a view, a policy of another table, a
  function taking or returning its rows): PostgreSQL binds those to the
  table, which the swap drops. Foreign keys of other tables to it are
  dropped and added back by the swap.

A table that does not qualify keeps its steps, which the plan reports as
blocking writes (compiler/lock_review.py).

A domain whose change reads its columns under SHARE (a NOT NULL or check
added, changed or validated) or rewrites them (its base type changed under
constraints) is made anew beside the old one, and every table of it copied
to the new one (compiler/ops/domain_copy.py): all or none."""

from __future__ import annotations

from dataclasses import replace

from compiler.catalog.objects import Constraint, Index, Sequence, Table
from compiler.catalog.privileges import Owner
from compiler.catalog.programmable import Function, Grant, Policy, RowSecurity, Trigger, View
from compiler.catalog.user_types import DomainType, type_keys
from compiler.diff.context import Catalogs
from compiler.ops.base import Op
from compiler.ops.columns import AddColumn
from compiler.ops.ddl import AddConstraint
from compiler.ops.domain_copy import DomainCopy, DomainCopyStep
from compiler.ops.identity import RedefineGeneratedColumn
from compiler.ops.keys import AddConstraintForChange
from compiler.ops.partitions import AlterTablePersistence
from compiler.ops.table_copy import TableCopy, TableCopyStep, TableDefinition
from compiler.ops.user_types import (
    AddDomainCheck,
    AlterDomainNullability,
    RemakeTypeWithColumns,
    ReplaceDomainCheck,
    ValidateDomainCheck,
)


def copied_tables(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    ops = _copied_domains(ops, catalogs)
    tables = sorted({key for op in ops if (key := _copy_asked(op, catalogs)) is not None})
    for key in tables:
        copy = _copy(key, ops, catalogs)
        if copy is None:
            continue
        taken = {op.key for op in copy.taken}
        ops = [op for op in ops if op.key not in taken]
        ops += [TableCopyStep(phase, copy) for phase in ("prepare", "fill", "swap")]
    return ops


def _copied_domains(ops: list[Op], catalogs: Catalogs) -> list[Op]:
    """The domains whose change reads or rewrites their columns, made anew
    beside the old ones with every table of them copied to the new ones
    (compiler/ops/domain_copy.py); all or none: where one table cannot be
    copied, or something else uses a domain, the steps stay as they are."""
    keys = sorted({key for op in ops if (key := _domain_asked(op, catalogs)) is not None})
    if not keys:
        return ops
    domains = [DomainCopy(catalogs.previous[k], catalogs.target[k]) for k in keys]
    types = tuple((d.after.schema, d.after.name, d.copy_name) for d in domains)
    waits = tuple(DomainCopyStep("prepare", d).key for d in domains)
    remaining = [op for op in ops if _domain_of(op.key, keys) is None]
    users = sorted({t.key for catalog in (catalogs.previous, catalogs.target) for t in catalog.values()
                    if isinstance(t, Table) and set(type_keys(c.type for c in t.columns)) & set(keys)})
    if any(_domain_users(k, catalog) for k in keys for catalog in (catalogs.previous, catalogs.target)):
        return ops
    copies = []
    for key in users:
        copy = _copy(key, remaining, catalogs, types, waits)
        if copy is None:
            return ops
        taken = {op.key for op in copy.taken}
        remaining = [op for op in remaining if op.key not in taken]
        copies.append(copy)
    if any(_domain_of(k, keys) for op in remaining for k in op.requires()):
        return ops  # a step of the transaction needs a domain as it is until the swap
    swaps = tuple(TableCopyStep("swap", c).key for c in copies)
    domains = [replace(d, taken=tuple(op for op in ops if _domain_of(op.key, keys) == d.key), tables=swaps)
               for d in domains]
    return [*remaining, *(DomainCopyStep("prepare", d) for d in domains),
            *(TableCopyStep(phase, c) for c in copies for phase in ("prepare", "fill", "swap")),
            *(DomainCopyStep("swap", d) for d in domains)]


def _domain_asked(op: Op, catalogs: Catalogs) -> str | None:
    """The key of the domain `op` changes in a way that reads or rewrites
    its columns under a lock blocking writes, if any."""
    if isinstance(op, RemakeTypeWithColumns):
        after = op.after
        return after.key if isinstance(after, DomainType) and (after.checks or not after.nullable) else None
    if isinstance(op, (AddDomainCheck, ReplaceDomainCheck, ValidateDomainCheck, AlterDomainNullability)) and op.scans:
        return op.domain.key
    return None


def _domain_of(key: str, domains) -> str | None:
    """The domain of `domains` a step's key belongs to (the domain's, or one
    of its checks', default's, ...), if any."""
    return next((d for d in domains if key == d or key.startswith((d + ".", d + ":"))), None)


def _domain_users(domain_key: str, catalog: dict) -> list[str]:
    """Objects of `catalog` but tables and the domain itself using the
    domain: PostgreSQL would not drop it for the swap."""
    found = []
    for key, obj in catalog.items():
        if isinstance(obj, Table) or key == domain_key:
            continue
        types = [*_signature_types(obj), *(a.type for a in getattr(obj, "attributes", ())),
                 *(t for t in (getattr(obj, "base", None), getattr(obj, "subtype", None)) if t is not None)]
        if domain_key in getattr(obj, "depends_on", ()) or domain_key in type_keys(types):
            found.append(key)
    return found


def _signature_types(obj) -> list:
    """The types a function takes and returns (none for anything else): PostgreSQL binds it to them."""
    if not isinstance(obj, Function):
        return []
    types = [a.type for a in obj.args]
    if obj.returns is not None:
        types += [t for t in (obj.returns.type, obj.returns.setof) if t is not None]
        types += [t for _, t in obj.returns.table]
    return types


def _copy_asked(op: Op, catalogs: Catalogs) -> str | None:
    """The key of the table `op` changes in a way only a copy makes online, if any."""
    if isinstance(op, (RedefineGeneratedColumn, AlterTablePersistence)) and op.rewrites:
        return f"table:{op.schema}.{op.table}"
    if isinstance(op, AddColumn) and _written_into_rows(op, catalogs):
        return f"table:{op.schema}.{op.table}"
    if isinstance(op, (AddConstraint, AddConstraintForChange)):
        c = op.constraint
        if (c.kind == "exclusion" or c.without_overlaps) and c.table_key in catalogs.previous:
            return c.table_key
    return None


def _written_into_rows(op: AddColumn, catalogs: Catalogs) -> bool:
    """A stored generated column, or one of a domain with constraints:
    PostgreSQL computes or checks it into every row as it adds it."""
    c = op.column
    if c.generated is not None:
        return not c.virtual
    domain = catalogs.target.get(f"domain_type:{c.type.schema}.{c.type.name}") if c.type.kind == "domain" else None
    return isinstance(domain, DomainType) and (bool(domain.checks) or not domain.nullable)


def _copy(table_key: str, ops: list[Op], catalogs: Catalogs, types: tuple = (),
          waits: tuple[str, ...] = ()) -> TableCopy | None:
    before, after = catalogs.previous.get(table_key), catalogs.target.get(table_key)
    if not isinstance(before, Table) or not isinstance(after, Table) or _partitioned(before) or _partitioned(after):
        return None
    if any(c.renamed_from is not None or c.using is not None for c in after.columns) or after.renamed_from:
        return None
    definitions = _definition(before, catalogs.previous), _definition(after, catalogs.target)
    if definitions[0].views != definitions[1].views:  # a view over it changed: made by the migration's steps
        return None
    keys = [next((c.columns for c in d.constraints if c.kind == "primary_key"), None) for d in definitions]
    if keys[0] is None or keys[1] is None or set(keys[0]) != set(keys[1]):
        return None
    if any(before.column(k).type != after.column(k).type for k in keys[0]):  # type: ignore[union-attr]
        return None
    own = _own_keys(definitions)
    taken = [op for op in ops if _belongs(op.key, table_key, own)]
    others = [op for op in ops if not _belongs(op.key, table_key, own)]
    touched = own | {k for op in taken for k in (op.key, *op.provides())}
    touched |= {f"column:{after.schema}.{after.name}.{c.name}" for t in (before, after) for c in t.columns}
    for op in others:
        if table_key in {k for k, _ in op.table_locks} or touched & {*op.requires(), *op.provides()}:
            return None
    if _dependents(table_key, catalogs.previous, own) or _dependents(table_key, catalogs.target, own):
        return None
    return TableCopy(*definitions, taken=tuple(taken), schemas=_schemas(catalogs), types=types, waits=waits)


def _partitioned(table: Table) -> bool:
    return table.partition_by is not None or table.partition_of is not None


def _definition(table: Table, catalog: dict) -> TableDefinition:
    key = table.key
    found: dict[type, list] = {}
    for obj in catalog.values():
        if getattr(obj, "table_key", None) == key or getattr(obj, "on", None) == key:
            found.setdefault(type(obj), []).append(obj)
    rls = found.get(RowSecurity, [])
    owner = found.get(Owner, [])
    referencing = tuple(c for c in catalog.values()
                        if isinstance(c, Constraint) and c.ref_table_key == key and c.table_key != key)
    sequences = tuple(s for s in catalog.values()
                      if isinstance(s, Sequence) and s.owned_by and s.owner_table_key == key)
    views = _views_over(key, catalog)
    keys = {v.key for v in views}
    privileges = tuple(o for o in catalog.values() if isinstance(o, (Grant, Owner)) and o.on in keys)
    return TableDefinition(table, tuple(found.get(Constraint, ())), tuple(found.get(Index, ())),
                           tuple(found.get(Trigger, ())), tuple(found.get(Policy, ())), rls[0] if rls else None,
                           tuple(found.get(Grant, ())), owner[0] if owner else None, referencing, sequences,
                           views, privileges)


def _views_over(key: str, catalog: dict) -> tuple[View, ...]:
    """The views reading the table `key`, and those reading them, in an
    order they can be made in (each after the views it reads)."""
    views = [v for v in catalog.values() if isinstance(v, View)]
    over = {key}
    changed = True
    while changed:
        found = {v.key for v in views if over & set(v.depends_on)} - over
        over |= found
        changed = bool(found)
    chosen = sorted((v for v in views if v.key in over), key=lambda v: v.key)
    ordered: list[View] = []
    while chosen:
        ready = [v for v in chosen if not ({k for k in v.depends_on} & {c.key for c in chosen} - {v.key})]
        if not ready:  # a cycle cannot be: PostgreSQL refuses one
            ready = chosen[:1]
        ordered += ready
        chosen = [v for v in chosen if v not in ready]
    return tuple(ordered)


def _own_keys(definitions: tuple[TableDefinition, TableDefinition]) -> set[str]:
    return {o.key for d in definitions for o in (*d.objects, *d.referencing)}


def _belongs(key: str, table_key: str, own: set[str]) -> bool:
    """Whether a step's key is the table's, or one of its objects' (with
    the suffixes of their steps: `:drop`, `:validate`, ...)."""
    _, name = table_key.split(":", 1)
    if key == table_key or key.startswith((f"{table_key}:", f"column:{name}.", f"grant:column:{name}.")):
        return True
    return any(key == k or key.startswith(k + ":") for k in own)


def _dependents(table_key: str, catalog: dict, own: set[str]) -> list[str]:
    """Objects of `catalog` other than the table's own that PostgreSQL binds
    to the table: views and policies reading it, functions taking or
    returning its rows, domains and types over its row type."""
    found = []
    for key, obj in catalog.items():
        if key in own:
            continue
        if isinstance(obj, Function):
            if table_key in type_keys(_signature_types(obj)):
                found.append(key)
        elif isinstance(obj, View):
            if obj.materialized and key in {v.key for v in _views_over(table_key, catalog)}:
                found.append(key)  # made again by the swap, it would run its query under ACCESS EXCLUSIVE
        elif table_key in getattr(obj, "depends_on", ()) and not isinstance(obj, (Constraint, Index, Trigger)):
            found.append(key)
        elif isinstance(obj, Table) and obj.key != table_key and table_key in type_keys(c.type for c in obj.columns):
            found.append(key)
    return found


def _schemas(catalogs: Catalogs) -> tuple[str, ...]:
    """The managed schemas of the two catalogs (the migration's search_path, compiler/render/migration.py)."""
    return tuple(sorted({k.split(":", 1)[1] for c in (catalogs.previous, catalogs.target) for k in c
                         if k.startswith("schema:")}))

