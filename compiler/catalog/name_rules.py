"""Name rules over a whole catalog: the 63-byte limit, collisions in the
namespaces PostgreSQL shares (relations, types, constraints of a table), and
names that differ only in case."""

from __future__ import annotations

from collections import defaultdict

from compiler.catalog.names import MAX_IDENTIFIER_BYTES, byte_length
from compiler.catalog.objects import Catalog, Constraint, Enum, Index, Source, Table
from compiler.errors import ErrorCollector, SpecError


def _error(source: Source | None, message: str, hint: str) -> SpecError:
    source = source or Source("<spec>", 1, 1)
    return SpecError(source.file, source.line, source.column, source.path, message, hint)


def _where(source: Source | None) -> str:
    return f"{source.file}:{source.line}" if source else "elsewhere"


def check_names(catalog: Catalog, collector: ErrorCollector) -> None:
    _check_lengths(catalog, collector)
    relations = defaultdict(list)  # schema -> [(name, what, source)]
    type_names = defaultdict(list)
    per_table = defaultdict(list)
    for obj in catalog:
        if isinstance(obj, Table):
            relations[obj.schema].append((obj.name, f"table `{obj.name}`", obj.source))
            type_names[obj.schema].append((obj.name, f"table `{obj.name}`", obj.source))
            _unique_in(collector, [(c.name, f"column `{c.name}`", c.source) for c in obj.columns],
                       f"table `{obj.name}`")
        elif isinstance(obj, Enum):
            type_names[obj.schema].append((obj.name, f"enum `{obj.name}`", obj.source))
        elif isinstance(obj, Index):
            relations[obj.schema].append((obj.name, f"index `{obj.name}`", obj.source))
        elif isinstance(obj, Constraint):
            per_table[(obj.schema, obj.table)].append((obj.name, f"constraint `{obj.name}`", obj.source))
            if obj.kind in ("primary_key", "unique"):
                relations[obj.schema].append((obj.name, f"the index of constraint `{obj.name}`", obj.source))
    for schema, items in sorted(relations.items()):
        _unique_in(collector, items, f"schema `{schema}` (tables and indexes share one namespace)")
    for schema, items in sorted(type_names.items()):
        _unique_in(collector, items, f"schema `{schema}` (each table also defines a type of its name)")
    for (schema, table), items in sorted(per_table.items()):
        _unique_in(collector, items, f"table `{table}`")


def _unique_in(collector: ErrorCollector, items, namespace: str) -> None:
    exact: dict[str, tuple] = {}
    folded: dict[str, tuple] = {}
    for name, what, source in sorted(items, key=lambda i: (i[2].file, i[2].line, i[2].column) if i[2] else ("", 0, 0)):
        if name in exact:
            first = exact[name]
            collector.add(_error(source, f"{what} has the same name as {first[1]} ({_where(first[2])}) in {namespace}",
                                 "give one of them another name (an explicit `name:` for generated names; PostgreSQL "
                                 "truncates generated names to 63 bytes, which can make long names collide)"))
            continue
        exact[name] = (name, what, source)
        lowered = name.lower()
        if lowered in folded:
            first = folded[lowered]
            collector.add(_error(source, f"{what} differs only in case from {first[1]} ({_where(first[2])}) in {namespace}",
                                 "names that differ only in case are confusing in SQL; rename one of them"))
            continue
        folded[lowered] = (name, what, source)


def _check_lengths(catalog: Catalog, collector: ErrorCollector) -> None:
    def check(name: str, what: str, source) -> None:
        if byte_length(name) > MAX_IDENTIFIER_BYTES:
            collector.add(_error(source, f"{what} `{name[:20]}…` is {byte_length(name)} bytes long; PostgreSQL "
                                 f"allows {MAX_IDENTIFIER_BYTES}", "shorten the name (PostgreSQL would silently truncate it)"))
    for obj in catalog:
        if isinstance(obj, Table):
            check(obj.name, "table name", obj.source)
            for column in obj.columns:
                check(column.name, "column name", column.source)
        elif isinstance(obj, Enum):
            check(obj.name, "enum name", obj.source)
            for value in obj.values:
                check(value, "enum value", obj.source)
        elif isinstance(obj, (Index, Constraint)):
            check(obj.name, "name", obj.source)
        elif hasattr(obj, "name"):
            check(obj.name, "name", obj.source)
