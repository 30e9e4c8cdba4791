"""Reference rows (`rows:` of a table): small lookup data the specs own.

Each row is a catalog object keyed by its table and primary key values
(`row:<schema>.<table>.<key values>`), written as INSERT ... ON CONFLICT
(key) DO UPDATE by up.sql, deleted by down.sql and compared by verify.sql.
A row references the rows of other tables (or its own) that its foreign
key values name, so those are inserted first.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from compiler.catalog import row_values
from compiler.catalog.objects import Constraint, Source, Table, _source
from compiler.catalog.scope import Entry
from compiler.catalog.tables import source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest

MAX_ROWS = 1000  # per table: reference data, not bulk data


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,")


@dataclass(frozen=True)
class ReferenceRow:
    schema: str
    table: str
    key_columns: tuple[str, ...]  # the primary key's columns
    key_values: tuple[str, ...]  # their values, in the form by which they compare (`01` is the integer 1)
    columns: tuple[str, ...]  # the columns the row gives, in the table's order
    values: tuple[str | None, ...]  # their values as written (None: NULL)
    overriding: bool = False  # gives a GENERATED ALWAYS identity column: OVERRIDING SYSTEM VALUE
    identity: tuple[str, ...] = ()  # identity columns it gives: their sequences move past the value
    depends_on: tuple[str, ...] = ()  # keys of the rows its foreign key values name
    key_name: str = ""  # the primary key constraint, the target of ON CONFLICT: a new one is made first
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"row:{self.schema}.{self.table}.{','.join(_escaped(v) for v in self.key_values)}"

    @property
    def table_key(self) -> str:
        return f"table:{self.schema}.{self.table}"

    @property
    def label(self) -> str:
        """As PostgreSQL names a row in its messages: `(code)=(EUR)`."""
        return f"({', '.join(self.key_columns)})=({', '.join(self.key_values)})"

    def value(self, column: str) -> str | None:
        return self.values[self.columns.index(column)]


class RowResolver:
    """The rows of each table, checked against the resolved table."""

    def __init__(self, collector: ErrorCollector, enum_labels) -> None:
        self.collector = collector
        self.enum_labels = enum_labels  # TypeRef -> labels of an enum of the specs, else None

    def rows(self, entry: Entry, table: Table, constraints: list[Constraint], forced_rls: bool) -> list[ReferenceRow]:
        specs = getattr(entry.spec, "rows", [])
        if not specs:
            return []
        origin = entry.origin.at("rows")
        if forced_rls:
            self.collector.add(origin.error(
                f"table `{entry.name}` has `rows:` and forced row-level security",
                "with `rls: {force: true}` PostgreSQL applies the table's policies to the migration's own INSERT "
                "and DELETE, which may then fail or silently skip rows; reference rows on such a table are not "
                "supported yet: drop `force`, or keep the rows outside the specs", at_key=True))
            return []
        if len(specs) > MAX_ROWS:
            self.collector.add(origin.error(
                f"table `{entry.name}` has {len(specs)} reference rows; at most {MAX_ROWS} are allowed",
                "`rows:` is for small lookup tables the schema needs (codes, settings); load bulk data with "
                "COPY or the application, outside the migrations", at_key=True))
            return []
        key = next((c for c in constraints if c.kind == "primary_key"), None)
        if key is None:
            self.collector.add(origin.error(
                f"table `{entry.name}` has `rows:` but no primary key",
                "reference rows are kept by their primary key (INSERT ... ON CONFLICT): declare one", at_key=True))
            return []
        columns = {c.name: c for c in table.columns}
        rows, seen = [], {}
        for i, spec in enumerate(specs):
            row = self._row(entry, table, key, columns, spec, origin.at(i))
            if row is None:
                continue
            if row.key in seen:
                self.collector.add(origin.at(i).error(
                    f"two reference rows of table `{entry.name}` have the key {row.label}",
                    f"the other is row {seen[row.key] + 1}; a primary key value is given once"))
                continue
            seen[row.key] = i
            rows.append(row)
        return rows

    def _row(self, entry: Entry, table: Table, key: Constraint, columns: dict, spec: dict, origin) -> ReferenceRow | None:
        ok = True
        for name, value in spec.items():
            column = columns.get(name)
            if column is None:
                self.collector.add(origin.at(name).error(
                    f"table `{entry.name}` has no column `{name}`",
                    suggest(name, list(columns)) or f"columns: {', '.join(columns)}", at_key=True))
                ok = False
            elif column.sensitive:
                self.collector.add(origin.at(name).error(
                    f"column `{name}` is sensitive: its value would be written in up.sql and state.json",
                    "leave it out of the row (a sensitive value belongs to the application, not the migrations)",
                    at_key=True))
                ok = False
            elif column.generated is not None:
                self.collector.add(origin.at(name).error(
                    f"column `{name}` is generated: PostgreSQL computes its value", "leave it out of the row",
                    at_key=True))
                ok = False
            elif column.identity == "always" and name not in key.columns:
                self.collector.add(origin.at(name).error(
                    f"column `{name}` is GENERATED ALWAYS AS IDENTITY and not the primary key: PostgreSQL would "
                    "refuse to update it when the row changes", "leave it out of the row, or make it "
                    "`identity: by_default`", at_key=True))
                ok = False
            elif value is None:
                if not column.nullable or column.identity or name in key.columns:
                    self.collector.add(origin.at(name).error(f"column `{name}` is NOT NULL: the row cannot give it null",
                                                             "give a value, or leave the column out to take its "
                                                             "default"))
                    ok = False
            else:
                found = row_values.problem(column.type, value, self.enum_labels(column.type))
                if found:
                    self.collector.add(origin.at(name).error(*found))
                    ok = False
        for name in key.columns:
            if name not in spec:
                self.collector.add(origin.error(f"the row gives no value for primary key column `{name}`",
                                                "every reference row names its primary key values"))
                ok = False
        missing = [c.name for c in table.columns if c.name not in spec and not c.nullable and c.default is None
                   and c.identity is None and c.generated is None and c.name not in key.columns]
        if missing:
            self.collector.add(origin.error(f"the row gives no value for NOT NULL column(s) {', '.join(missing)} "
                                            "that have no default", "give a value for each"))
            ok = False
        if not ok:
            return None
        given = [c for c in table.columns if c.name in spec]
        return ReferenceRow(
            table.schema, table.name, key.columns,
            tuple(row_values.normal(columns[c].type, spec[c]) for c in key.columns),
            tuple(c.name for c in given), tuple(spec[c.name] for c in given), key_name=key.name,
            overriding=any(c.identity == "always" for c in given), identity=tuple(c.name for c in given if c.identity),
            source=source_of(origin))


def with_row_dependencies(rows: list[ReferenceRow], tables: dict[str, Table],
                          foreign_keys: list[Constraint]) -> list[ReferenceRow]:
    """Each row with the keys of the rows its foreign key values name
    (matched by the referenced columns' values, compared as their type
    compares them), so those are inserted before it."""
    by_table: dict[str, list[ReferenceRow]] = {}
    for row in rows:
        by_table.setdefault(row.table_key, []).append(row)
    fks_of: dict[str, list[Constraint]] = {}
    for fk in foreign_keys:
        if fk.table_key in by_table and fk.ref_table_key in by_table:
            fks_of.setdefault(fk.table_key, []).append(fk)
    if not fks_of:
        return rows
    result = []
    for row in rows:
        needs = set()
        for fk in fks_of.get(row.table_key, ()):
            values = [row.value(c) if c in row.columns else None for c in fk.columns]
            if any(v is None for v in values):
                continue
            source_types = {c.name: c.type for c in tables[row.table_key].columns}
            target_types = {c.name: c.type for c in tables[fk.ref_table_key].columns}
            wanted = tuple(row_values.normal(source_types[c], v) for c, v in zip(fk.columns, values))
            for other in by_table[fk.ref_table_key]:
                found = tuple(row_values.normal(target_types[c], other.value(c)) if c in other.columns
                              and other.value(c) is not None else None for c in fk.ref_columns)
                if found == wanted and other.key != row.key:
                    needs.add(other.key)
        result.append(dataclasses.replace(row, depends_on=tuple(sorted(needs))) if needs else row)
    return result
