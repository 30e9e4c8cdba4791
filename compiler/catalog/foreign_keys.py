"""Check foreign key targets once every table's keys are known."""

from __future__ import annotations

from compiler.catalog import types as pgtypes
from compiler.catalog.objects import Constraint, ExternalTable, TypeRef
from compiler.catalog.scope import Scopes
from compiler.catalog.tables import PendingForeignKey, ResolvedTable, source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import ForeignKeySpec


def _type_text(t: TypeRef) -> str:
    mods = f"({','.join(map(str, t.modifiers))})" if t.modifiers else ""
    return f"{t.name}{mods}{'[]' * t.array_dims}"


def _compatible(a: TypeRef, b: TypeRef) -> bool:
    if "domain" in (a.kind, b.kind) and a.array_dims == b.array_dims:
        return True  # the domain's base type decides: left to PostgreSQL
    if a.array_dims != b.array_dims or a.kind != b.kind:
        return False
    if a.kind == "builtin":
        return pgtypes.comparable(a.name, b.name)
    return (a.schema, a.name) == (b.schema, b.name)


class ForeignKeyResolver:
    def __init__(self, scopes: Scopes, collector: ErrorCollector,
                 tables: dict[tuple[str, str], ResolvedTable], externals: dict[tuple[str, str], ExternalTable]) -> None:
        self.scopes = scopes
        self.collector = collector
        self.tables = tables
        self.externals = externals

    def _target(self, schema: str, name: str):
        """(columns by name, key column sets or None when not declared); the
        column set of a temporal key (WITHOUT OVERLAPS) is a tuple, in order:
        only a foreign key with PERIOD on the same last column matches it."""
        resolved = self.tables.get((schema, name))
        if resolved is not None:
            keys = {tuple(c.columns) if c.without_overlaps else frozenset(c.columns)
                    for c in resolved.constraints if c.kind in ("primary_key", "unique")}
            keys |= {frozenset(e.column for e in i.elements) for i in resolved.indexes
                     if i.unique and i.where is None and all(e.column for e in i.elements)}
            return {c.name: c for c in resolved.table.columns}, keys
        external = self.externals[(schema, name)]
        # trusted: a declared key may be temporal (a foreign key with PERIOD names its columns in order)
        keys = {frozenset(k) for k in external.key_columns} | {tuple(k) for k in external.key_columns}
        return {c.name: c for c in external.columns}, (keys or None)

    def _nullable(self, fk: PendingForeignKey, action: str, source_table) -> bool:
        """`set_null` needs every referencing column to be nullable."""
        for column in fk.columns:
            own = source_table.column(column)
            if own is not None and not own.nullable:
                self.collector.add(fk.action_error(
                    action, f"`{action}: set_null` cannot apply to column `{column}`, which is not nullable",
                    "make the column nullable, or choose `restrict`, `cascade` or `no_action`"))
                return False
        return True

    def resolve(self, fk: PendingForeignKey) -> Constraint | None:
        entry, ambiguous = self.scopes.find(fk.domain, "tables", fk.target)
        if entry is None:
            if self.scopes.was_dropped(fk.domain, "tables", fk.target):
                return None  # the target table is wrong and already reported
            if ambiguous:
                where = ", ".join(f"{e.schema}.{e.name}" for e in ambiguous)
                self.collector.add(fk.target_error(f"table `{fk.target}` is ambiguous: {where}", "qualify it as `schema.table`"))
            else:
                hint = suggest(fk.target.rpartition(".")[2], self.scopes.names(fk.domain, "tables"))
                self.collector.add(fk.target_error(
                    f"foreign key target table `{fk.target}` does not exist",
                    hint or "define it under `tables:` of a domain, or under `external: {tables: ...}`"))
            return None
        if (entry.schema, entry.name) not in self.tables and (entry.schema, entry.name) not in self.externals:
            return None  # the target itself failed to resolve; its own error says why
        target_columns, keys = self._target(entry.schema, entry.name)
        source_table = self.tables[(fk.schema, fk.columns_of or fk.table)].table
        ok = True
        ref_columns = fk.target_columns
        if len(ref_columns) != len(fk.columns):
            self.collector.add(fk.target_column_error(
                None, f"the foreign key has {len(fk.columns)} column(s) but references {len(ref_columns)}",
                "list as many referenced columns as referencing ones, in the same order"))
            return None
        if any(ref not in target_columns and self.scopes.column_was_dropped(fk.domain, fk.target, ref)
               for ref in ref_columns):
            return None  # the referenced column is wrong and already reported
        for i, (column, ref) in enumerate(zip(fk.columns, ref_columns)):
            target_column = target_columns.get(ref)
            if target_column is None:
                hint = suggest(ref, target_columns) or f"columns of `{entry.name}`: {', '.join(target_columns)}"
                self.collector.add(fk.target_column_error(i, f"table `{entry.name}` has no column `{ref}`", hint))
                ok = False
                continue
            own = source_table.column(column)
            if own is not None and not _compatible(own.type, target_column.type):
                self.collector.add(fk.target_column_error(
                    i, f"column `{column}` is {_type_text(own.type)} but `{entry.name}.{ref}` is {_type_text(target_column.type)}",
                    f"make `{column}` type {_type_text(target_column.type)}; a foreign key needs comparable types "
                    "(the two sides may change type in one migration: the foreign key is dropped before the type "
                    "changes and added back after them)"))
                ok = False
        period = isinstance(fk.spec, ForeignKeySpec) and fk.spec.period
        if ok and keys is not None:
            ok = self._key_found(fk, entry.name, tuple(ref_columns), keys, period)
        spec = fk.spec
        if period:
            for action in ("on_delete", "on_update"):
                if (getattr(spec, action) or "no_action") != "no_action":
                    self.collector.add(fk.action_error(
                        action, f"a foreign key with PERIOD takes no `{action}` action but no_action: PostgreSQL "
                        "refuses it", f"remove `{action}`"))
                    ok = False
        on_delete = spec.on_delete or "no_action"
        on_update = spec.on_update or "no_action"
        for action, value in (("on_delete", on_delete), ("on_update", on_update)):
            if value == "set_null":  # independent of the target: reported even when the target is wrong too
                ok = self._nullable(fk, action, source_table) and ok
        if not ok:
            return None
        deferrable = isinstance(spec, ForeignKeySpec) and spec.deferrable != "false"
        deferred = isinstance(spec, ForeignKeySpec) and spec.deferrable == "initially_deferred"
        return Constraint(fk.schema, fk.table, fk.constraint_name, "foreign_key", fk.columns, period=period,
                          ref_schema=entry.schema, ref_table=entry.name, ref_columns=tuple(ref_columns),
                          on_delete=on_delete, on_update=on_update, deferrable=deferrable, initially_deferred=deferred,
                          comment=getattr(spec, "comment", None) if isinstance(spec, ForeignKeySpec) else None,
                          source=source_of(fk.origin),
                          renamed_from=spec.renamed_from if isinstance(spec, ForeignKeySpec) else None)

    def _key_found(self, fk: PendingForeignKey, target: str, ref_columns: tuple, keys: set, period: bool) -> bool:
        """The referenced columns must be a key of the target: with PERIOD a
        temporal key of the same columns in the same order, else a plain one."""
        if period and ref_columns in keys:
            return True
        if not period and frozenset(ref_columns) in keys:
            return True
        shown = [k for k in keys if not (isinstance(k, tuple) and frozenset(k) in keys)]  # an external's once
        listed = "; ".join(", ".join(k if isinstance(k, tuple) else sorted(k)) + (" WITHOUT OVERLAPS" if isinstance(k, tuple) else "")
                           for k in sorted(shown, key=lambda k: list(k) if isinstance(k, tuple) else sorted(k))) or "none"
        columns = f"`{target}({', '.join(ref_columns)})`"
        if period:
            message = f"{columns} is not a key WITHOUT OVERLAPS, so a foreign key with PERIOD cannot reference it"
            hint = f"reference a temporal key of `{target}` (keys: {listed}), or remove `period`"
        elif ref_columns in keys:
            message = f"{columns} is a key WITHOUT OVERLAPS: PostgreSQL wants PERIOD on a foreign key to it"
            hint = "add `period: true`"
        else:
            message = f"{columns} is not a primary key or unique, so it cannot be referenced"
            hint = f"reference a key of `{target}` (keys: {listed}) or declare those columns unique there"
        self.collector.add(fk.target_column_error(None, message, hint))
        return False
