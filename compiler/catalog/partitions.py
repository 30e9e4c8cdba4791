"""A partitioned table's key and partitions, and UNLOGGED, resolved into the
catalog (see docs/spec-language.md, "Partitioned tables").

A partition is a `Table` of its own (key `table:<schema>.<name>`) with
`partition_of` (its parent, same schema) and `bound`, and no columns: it has
its parent's. Keys, checks, foreign keys, indexes and triggers are declared
on the parent, which PostgreSQL propagates; a partition holds only its
comment and its own indexes.

What PostgreSQL refuses is a spec error here: key columns that do not
exist, a key expression it cannot use, a primary key or unique constraint
(or unique index) that leaves out a key column, a bound of the wrong kind
or arity, a value the key's type cannot take (where schemac knows the type:
integers, numbers, booleans, uuids, dates, timestamps, enums), range bounds
that are empty or overlap, list values in two partitions, hash moduli that
do not divide each other or remainders that overlap, two default
partitions, a default partition of a hash-partitioned table, and
sub-partitioning. Values of types it does not know are left to PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from compiler.catalog import names
from compiler.catalog.objects import BoundDatum, IndexElement, PartitionBound, PartitionKey, Table, TypeRef
from compiler.catalog.offline_checks import expression_problems
from compiler.catalog.partition_values import (
    SERIES_TYPES,
    UNKNOWN,
    BadValue,
    bound_sort_key,
    bound_text,
    comparable,
    local_times,
    next_day,
    orderable_bound,
    value_of,
    written,
)
from compiler.catalog.pg_builtins import DEFAULT_OPERATOR_CLASSES
from compiler.catalog.scope import Entry, Origin
from compiler.errors import SpecError
from compiler.spec.errors import suggest
from compiler.spec.partitions import SPECIAL_BOUNDS, PartitionExpressionSpec


class PartitionResolver:
    """The partitioning of one table, given its resolved columns."""

    def __init__(self, tables, entry: Entry, column_names: dict, types: dict, columns) -> None:
        self.tables = tables  # the TableResolver
        self.collector = tables.collector
        self.entry = entry
        self.column_names = column_names
        self.types = types
        self.columns = columns  # the table's Columns, its mixins' included

    # -- the key --------------------------------------------------------
    def key(self) -> PartitionKey | None:
        spec = self.entry.spec.partition_by
        origin = self.entry.origin.at("partition_by", spec.strategy)
        elements, ok = [], True
        for i, item in enumerate(spec.entries):
            if isinstance(item, PartitionExpressionSpec):
                where = origin.at(i, "expression")
                if not self.tables.columns.check_expression(item.expression, where, self.column_names,
                                                            "the partition key expression"):
                    ok = False
                    continue
                for problem in expression_problems(item.expression, "the partition key expression", True,
                                                   self.tables.sequences.known(), self.entry.schema):
                    ok = False
                    self.collector.add(where.document.error_in_value(where.path, problem.offset, problem.message,
                                                                     problem.hint))
                elements.append(IndexElement(expression=item.expression))
            elif item not in self.column_names:
                ok = False
                hint = suggest(item, self.column_names) or f"columns of this table: {', '.join(self.column_names)}"
                self.collector.add(origin.at(i).error(f"column `{item}` does not exist in this table", hint))
            elif self._generated(item):
                ok = False
                self.collector.add(origin.at(i).error(
                    f"column `{item}` is generated: PostgreSQL cannot partition by a generated column",
                    "partition by the columns it is computed from"))
            elif not self._has_operator_class(item, spec.strategy, origin.at(i)):
                ok = False
            else:
                elements.append(IndexElement(column=item))
        columns = [e.column for e in elements if e.column]
        if len(set(columns)) != len(columns):
            ok = False
            self.collector.add(origin.error("a column is listed twice in the partition key", "list each column once"))
        return PartitionKey(spec.strategy, tuple(elements)) if ok else None

    def _generated(self, column: str) -> bool:
        return any(c.name == column and c.generated is not None for c in self.columns)

    def _has_operator_class(self, column: str, strategy: str, origin: Origin) -> bool:
        """A key column's type needs a default btree operator class (hash for
        a hash key), as PostgreSQL requires; types from extensions are left
        to PostgreSQL."""
        method = "hash" if strategy == "hash" else "btree"
        t = self.types.get(column)
        if t is None or t.kind not in ("builtin", "enum"):
            return True
        name = "anyarray" if t.array_dims else "anyenum" if t.kind == "enum" else t.name
        if name in DEFAULT_OPERATOR_CLASSES.get(method, ()):
            return True
        self.collector.add(origin.error(
            f"column `{column}` is {t.name}{'[]' * t.array_dims}, which has no default {method} operator class: "
            f"PostgreSQL cannot partition by it", "partition by another column, or by an expression of this one "
            "(e.g. `{expression: (payload->>'kind')}`)"))
        return False

    def _key_types(self, key: PartitionKey) -> list[TypeRef | None]:
        return [self.types.get(e.column) if e.column else None for e in key.elements]

    # -- keys and unique indexes on the parent ---------------------------
    def check_keys(self, key: PartitionKey, constraints, index_specs) -> None:
        """A primary key, unique constraint or unique index of a partitioned
        table must hold every key column, and the key no expression."""
        needed = key.columns
        for c in constraints:
            if c.kind not in ("primary_key", "unique"):
                continue
            what = "primary key" if c.kind == "primary_key" else f"unique constraint `{c.name}`"
            self._covers(what, c.columns, key, needed, self._origin_of(c.source))
        for spec, origin in index_specs:
            if spec.concurrently:
                self.collector.add(origin.at("concurrently").error(
                    "PostgreSQL cannot build an index CONCURRENTLY on a partitioned table",
                    "remove `concurrently: true` (declare it on the partitions to build them one by one)"))
            if spec.unique:
                self._covers("unique index", tuple(spec.column_names), key, needed, origin,
                             expressions=bool(spec.expressions))

    def check_triggers(self) -> None:
        """PostgreSQL refuses a row trigger with transition tables on a
        partitioned table (a statement trigger may have them)."""
        for name, trigger in self.entry.spec.triggers.items():
            if trigger.referencing is not None and trigger.for_each == "row":
                self.collector.add(self.entry.origin.at("triggers", name, "referencing").error(
                    "PostgreSQL does not support row triggers with transition tables on a partitioned table",
                    "make it `for_each: statement`, or drop `referencing`"))

    def _origin_of(self, source) -> Origin:
        return self.entry.origin.at("primary_key") if source is None else source

    def _covers(self, what: str, columns, key: PartitionKey, needed, origin, expressions: bool = False) -> None:
        if any(e.expression for e in key.elements):
            message = f"the {what} cannot exist on a table partitioned by an expression: PostgreSQL refuses it"
            hint = "partition by plain columns, or drop the key"
        elif expressions:
            message = f"the {what} has expressions: PostgreSQL refuses unique expression indexes on a partitioned table"
            hint = "index plain columns, including the partition key's"
        else:
            missing = [c for c in needed if c not in columns]
            if not missing:
                return
            message = (f"the {what} must include the partition key column{'s' if len(missing) > 1 else ''} "
                       f"{', '.join(f'`{c}`' for c in missing)}: PostgreSQL enforces uniqueness per partition")
            hint = f"add {', '.join(missing)} to its columns"
        if isinstance(origin, Origin):
            self.collector.add(origin.error(message, hint))
        else:  # the Source of a constraint: its lookup gives the place
            self.collector.add(SpecError(origin.file, origin.line, origin.column, origin.path, message, hint))

    # -- the partitions ---------------------------------------------------
    def partitions(self, key: PartitionKey, enum_labels) -> list[tuple[Table, Origin, object]]:
        """The partitions of the table (declared, then generated), each with
        where it is written and its spec; bounds checked one by one, then
        against each other."""
        from compiler.catalog.tables import source_of
        entry = self.entry
        schema, parent = entry.schema, entry.name
        types = self._key_types(key)
        labels = [(enum_labels(t) or None) if t is not None and t.kind == "enum" else None for t in types]
        found: list[tuple[Table, Origin, object, list]] = []
        for name, spec in entry.spec.partitions.items():
            origin = entry.origin.at("partitions", name)
            bound_and_values = self._bound(spec, origin, key, types, labels)
            if bound_and_values is None:
                continue
            bound, values = bound_and_values
            table = Table(schema, name, (), spec.comment, source_of(origin), partition_of=parent, bound=bound)
            found.append((table, origin, spec, values))
        if entry.spec.partition_series is not None:
            found += self._series(key, types, {t.name for t, *_ in found})
        self._against_each_other(key, found)
        return [(t, o, s) for t, o, s, _ in found]

    def _bound(self, spec, origin: Origin, key: PartitionKey, types, labels):
        kind = spec.kind
        if kind == "default":
            return PartitionBound("default"), None
        if kind != key.strategy:
            self.collector.add(origin.error(
                f"this is a {kind} bound, but the table is partitioned by {key.strategy}",
                {"range": "write `from:` and `to:`", "list": "write `in: [...]`",
                 "hash": "write `modulus:` and `remainder:`"}[key.strategy], at_key=True))
            return None
        if kind == "hash":
            return PartitionBound("hash", modulus=spec.modulus, remainder=spec.remainder), (spec.modulus,
                                                                                             spec.remainder)
        if kind == "list":
            values, ok = [], True
            for i, text in enumerate(spec.in_):
                if text is None:
                    values.append(None)
                    continue
                value = self._value(text, types[0], labels[0], origin.at("in", i))
                ok &= value is not _BAD
                values.append(value)
            return (PartitionBound("list", values=tuple(spec.in_)), values) if ok else None
        lower = self._range_side(spec.from_, origin.at("from"), types, labels)
        upper = self._range_side(spec.to, origin.at("to"), types, labels)
        if lower is None or upper is None:
            return None
        datums = [tuple(BoundDatum(special=v.lower()) if v.lower() in SPECIAL_BOUNDS else BoundDatum(value=v)
                        for v in side) for side in (spec.from_, spec.to)]
        bound = PartitionBound("range", lower=datums[0], upper=datums[1])
        if (orderable_bound(lower) and orderable_bound(upper) and comparable(lower, upper)
                and not bound_sort_key(lower) < bound_sort_key(upper)):
            self.collector.add(origin.error(
                "this range is empty: `from` must be below `to` (the lower bound is included, the upper one not)",
                "swap them, or widen the range", at_key=True))
            return None
        return bound, (lower, upper)

    def _range_side(self, texts, origin: Origin, types, labels):
        if len(texts) != len(types):
            self.collector.add(origin.error(
                f"the partition key has {len(types)} column{'s' if len(types) > 1 else ''}; this bound has "
                f"{len(texts)} value{'s' if len(texts) > 1 else ''}",
                "write one value per key column, in order (a list for several)"))
            return None
        values, ok, special = [], True, None
        for i, text in enumerate(texts):
            where = origin.at(i) if len(texts) > 1 else origin
            if text.lower() in SPECIAL_BOUNDS:
                if special is not None and text.lower() != special:
                    self.collector.add(where.error(f"every value after {special.upper()} must also be "
                                                   f"{special.upper()}: PostgreSQL refuses this bound",
                                                   f"write `{special}` here"))
                    ok = False
                special = text.lower()
                values.append((-1 if special == "minvalue" else 1, 0))
                continue
            if special is not None:
                self.collector.add(where.error(f"every value after {special.upper()} must also be {special.upper()}: "
                                               "PostgreSQL refuses this bound", f"write `{special}` here"))
                ok = False
            value = self._value(text, types[i], labels[i], where)
            ok &= value is not _BAD
            values.append((0, value))
        return tuple(values) if ok else None

    def _value(self, text: str, t, labels, origin: Origin):
        try:
            return value_of(text, t, labels)
        except BadValue as exc:
            type_name = t.name if t is not None else "the key's type"
            self.collector.add(origin.error(f"{exc}: the partition key's type ({type_name}) cannot take it",
                                            "write a value of the key column's type"))
            return _BAD

    def _series(self, key: PartitionKey, types, taken: set[str]):
        """The partitions of `partition_series`: one range per period."""
        from compiler.catalog.tables import source_of
        spec = self.entry.spec.partition_series
        origin = self.entry.origin.at("partition_series")
        t = types[0] if len(types) == 1 else None
        if t is None or t.kind != "builtin" or t.name not in SERIES_TYPES or t.array_dims:
            self.collector.add(origin.error(
                "`partition_series` needs a partition key of one date or timestamp column",
                "list the partitions under `partitions:` instead", at_key=True))
            return []
        start, end = dt.date.fromisoformat(spec.from_), dt.date.fromisoformat(spec.to)
        if start >= end:
            self.collector.add(origin.at("to").error("`to` must be after `from`", "widen the series"))
            return []
        found, names = [], {}
        day = start
        while day < end:
            following = next_day(day, spec.every)
            name = spec.name.replace("{yyyy}", f"{day.year:04d}").replace("{mm}", f"{day.month:02d}") \
                .replace("{dd}", f"{day.day:02d}")
            if name in names or name in taken:
                self.collector.add(origin.at("name").error(
                    f"the series names two partitions `{name}`"
                    + ("" if name in names else " (a partition under `partitions:` has that name)"),
                    "add the placeholders that tell them apart: {yyyy}, {mm}, {dd}"))
                return []
            names[name] = day
            lower, upper = bound_text(day, t), bound_text(min(following, end), t)
            bound = PartitionBound("range", lower=(BoundDatum(value=lower),), upper=(BoundDatum(value=upper),))
            values = (((0, value_of(lower, t, None)),), ((0, value_of(upper, t, None)),))
            found.append((Table(self.entry.schema, name, (), None, source_of(origin),
                                partition_of=self.entry.name, bound=bound), origin, None, values))
            day = following
        return found

    def _against_each_other(self, key: PartitionKey, found) -> None:
        defaults = [(t, o) for t, o, _, _ in found if t.bound.kind == "default"]
        for t, o in defaults[1:]:
            self.collector.add(o.error(f"a second default partition: `{defaults[0][0].name}` is the default already",
                                       "keep one partition with `default: true`", at_key=True))
        if defaults and key.strategy == "hash":
            self.collector.add(defaults[0][1].error("a hash-partitioned table cannot have a default partition",
                                                    "remove it: the hash partitions take every row", at_key=True))
        bounded = [(t, o, v) for t, o, _, v in found if t.bound.kind == key.strategy and v is not None]
        if key.strategy == "range":
            self._ranges_apart(bounded)
        elif key.strategy == "list":
            seen: dict = {}
            for t, o, values in bounded:
                for i, value in enumerate(values):
                    marker = ("null",) if value is None else value
                    if marker is UNKNOWN:
                        marker = ("as written", t.bound.values[i])
                    other = seen.setdefault(marker, t.name)
                    if other != t.name:
                        shown = "NULL" if value is None else t.bound.values[i]
                        self.collector.add(o.at("in", i).error(
                            f"{shown} is also in partition `{other}`: PostgreSQL refuses overlapping partitions",
                            "list each value in one partition"))
        else:
            for i, (t, o, (modulus, remainder)) in enumerate(bounded):
                for u, _, (m2, r2) in bounded[:i]:
                    small, large = sorted((modulus, m2))
                    if large % small:
                        self.collector.add(o.at("modulus").error(
                            f"modulus {modulus} and partition `{u.name}`'s modulus {m2}: every modulus must be a "
                            "factor of the next larger one", "use moduli such as 4 and 8, or one modulus for all"))
                    elif (remainder if modulus == large else r2) % small == (r2 if modulus == large else remainder):
                        self.collector.add(o.error(
                            f"this hash partition overlaps partition `{u.name}` (modulus {m2}, remainder {r2})",
                            "give it another remainder", at_key=True))

    def _ranges_apart(self, bounded) -> None:
        """Ranges whose values schemac can order must not overlap; any two
        (whatever the type, text under any collation included) must not
        share a lower or an upper bound, which makes them overlap too."""
        known = [(t, o, lo, hi) for t, o, (lo, hi) in local_times(bounded)
                 if orderable_bound(lo) and orderable_bound(hi)]
        known.sort(key=lambda x: bound_sort_key(x[2]))
        reported = set()
        for (t1, _, _, hi1), (t2, o2, lo2, _) in zip(known, known[1:]):
            if bound_sort_key(lo2) < bound_sort_key(hi1):
                reported.add(t2.name)
                self._overlap(t2, o2, t1)
        ends: dict = {}
        for t, o, (lo, hi) in bounded:
            for side, values in (("from", lo), ("to", hi)):
                other = ends.setdefault((side, written(values, t.bound.lower if side == "from" else t.bound.upper)),
                                        t)
                if other is not t and t.name not in reported:
                    reported.add(t.name)
                    self._overlap(t, o, other)

    def _overlap(self, t: Table, origin: Origin, other: Table) -> None:
        self.collector.add(origin.error(
            f"partition `{t.name}` overlaps partition `{other.name}`: PostgreSQL refuses overlapping ranges",
            "make its `from` the other's `to` or later (the upper bound is not included)", at_key=True))


_BAD = object()


def resolve_partitioning(tables, entry: Entry, resolved, column_names: dict, types: dict, index_specs) -> None:
    """Sets the key and persistence of `resolved.table` (a ResolvedTable of
    compiler/catalog/tables.py) and adds its partitions with their indexes
    and foreign keys."""
    from compiler.catalog.tables import PendingForeignKey
    spec = entry.spec
    key = None
    if spec.partition_by is not None:
        resolver = PartitionResolver(tables, entry, column_names, types, resolved.table.columns)
        key = resolver.key()
        if key is None:
            return
        resolver.check_keys(key, resolved.constraints, index_specs)
        resolver.check_triggers()
        for table, origin, partition in resolver.partitions(key, tables._enum_values):
            resolved.partitions.append(table)
            for i, index in enumerate(partition.indexes if partition is not None else ()):
                made = tables._index(index, origin.at("indexes", i), entry.schema, table.name, column_names, types)
                if made is not None:
                    resolved.indexes.append(made)
            for i, fk in enumerate(partition.foreign_keys if partition is not None else ()):
                where = origin.at("foreign_keys", i)
                if tables._columns_exist(fk.columns, column_names, where.at("columns")):
                    resolved.foreign_keys.append(PendingForeignKey(
                        fk.name or names.foreign_key_name(table.name, fk.columns), entry.schema, table.name,
                        tuple(fk.columns), fk.references.table, tuple(fk.references.columns), fk, entry.domain,
                        where, columns_of=entry.name))
    resolved.table = dataclasses.replace(resolved.table, partition_by=key, unlogged=spec.unlogged)


def check_unlogged_references(objects, collector) -> None:
    """PostgreSQL refuses a foreign key of a logged table to an unlogged one
    (its rows could vanish in a crash while the referencing ones stay)."""
    from compiler.catalog.objects import Constraint
    tables = {o.key: o for o in objects if isinstance(o, Table)}
    for c in objects:
        if not isinstance(c, Constraint) or c.kind != "foreign_key" or c.source is None:
            continue
        source, target = tables.get(c.table_key), tables.get(c.ref_table_key)
        if source is not None and target is not None and target.unlogged and not source.unlogged:
            collector.add(SpecError(
                c.source.file, c.source.line, c.source.column, c.source.path,
                f"foreign key `{c.name}` of logged table `{c.table}` references unlogged table `{c.ref_table}`: "
                "PostgreSQL refuses it (the unlogged rows could vanish in a crash)",
                f"make `{c.table}` unlogged too, or `{c.ref_table}` logged"))
