"""Reference rows (`rows:`) read back from a live database.

Rows are data, so they are not part of what `inspect` reads by itself: a
table holds rows the specs do not list, and those are not drift (the specs
own the rows they list, by primary key; "rows other than the specs' in the
same table are left alone", docs/spec-language.md). `reference_rows` reads,
for each row a target catalog declares, the row with that key and the
columns it gives, compared as verify.sql compares them: as text after
PostgreSQL reads the specs' value as the column's type (`01` on an integer
column is `1`). A value that reads alike is the target's as written (the
live row is "in the target's words"); one that differs is the text the
database holds. A row the table lacks is not read (drift calls it missing).

`table_rows` reads every row of a table, for `schemac import --rows`."""

from __future__ import annotations

import dataclasses

import psycopg

from compiler.apply import connect, failure
from compiler.catalog import row_values
from compiler.catalog.objects import Catalog, Table
from compiler.catalog.rows import MAX_ROWS, ReferenceRow
from compiler.errors import UsageError
from compiler.render import introspect as sql
from compiler.render.migration import search_path


def reference_rows(url: str, target: Catalog, live: Catalog) -> list[ReferenceRow]:
    """The target's reference rows as the database at `url` holds them, for
    the tables and columns `live` (its inspected catalog) has."""
    declared: dict[str, list[ReferenceRow]] = {}
    for row in target.of_kind(ReferenceRow):
        declared.setdefault(row.table_key, []).append(row)
    tables = {t.key: t for t in live.of_kind(Table)}
    wanted = {t.key: t for t in target.of_kind(Table)}
    if not declared or not any(key in tables for key in declared):
        return []
    found: list[ReferenceRow] = []
    with connect(url) as conn:
        conn.execute(sql.BEGIN_SNAPSHOT)
        conn.execute(sql.search_path_setting(search_path(target)))
        for key, rows in sorted(declared.items()):
            if key in tables and key in wanted:
                found += _table(conn, wanted[key], tables[key], rows)
        conn.execute(sql.COMMIT)
    return found


def _table(conn: psycopg.Connection, table: Table, live: Table, rows: list[ReferenceRow]) -> list[ReferenceRow]:
    present = {c.name for c in live.columns}
    key = rows[0].key_columns
    if not all(k in present for k in key):
        return []
    given = {c for row in rows for c in row.columns}
    columns = [c.name for c in table.columns if c.name in given and c.name in present]
    values = [tuple(row.value(c) if c in row.columns else None for c in columns) for row in rows]
    query = sql.reference_rows_query(table, columns, key, values)
    try:
        result = conn.execute(query.encode("utf-8"), prepare=False).fetchall()
    except psycopg.Error as exc:
        raise failure(exc, conn, f"reading the reference rows of table {table.schema}.{table.name}: "
                                 f"{str(exc).strip().splitlines()[0]}") from None
    read = []
    for row, record in zip(rows, result):
        if not record[-1]:  # no row with that key
            continue
        names, texts = [], []
        for i, column in enumerate(columns):
            if column not in row.columns:
                continue
            held, expected = record[1 + 2 * i], record[2 + 2 * i]
            names.append(column)
            texts.append(row.value(column) if held == expected else held)
        read.append(dataclasses.replace(row, columns=tuple(names), values=tuple(texts)))
    return read


def table_rows(conn: psycopg.Connection, table: Table, key: tuple[str, ...]) -> list[ReferenceRow]:
    """Every row of `table` (primary key `key`) as a reference row giving
    each column the specs may give (not generated ones, nor identity ALWAYS
    columns outside the key), values as PostgreSQL prints them. More than
    MAX_ROWS rows is a usage error: `rows:` is for lookup data."""
    columns = [c for c in table.columns
               if c.generated is None and not (c.identity == "always" and c.name not in key)]
    names = [c.name for c in columns]
    try:
        result = conn.execute(sql.table_rows_query(table, names, key, MAX_ROWS + 1).encode("utf-8"),
                              prepare=False).fetchall()
    except psycopg.Error as exc:
        raise failure(exc, conn, f"reading the rows of table {table.schema}.{table.name}: "
                                 f"{str(exc).strip().splitlines()[0]}") from None
    if len(result) > MAX_ROWS:
        raise UsageError(f"table {table.schema}.{table.name} has more than {MAX_ROWS} rows: `rows:` holds "
                            "small lookup data; load bulk data with COPY or the application")
    types = {c.name: c.type for c in columns}
    return [ReferenceRow(table.schema, table.name, key, tuple(row_values.normal(types[k], record[names.index(k)])
                                                               for k in key),
                         tuple(names), tuple(record), overriding=any(c.identity == "always" for c in columns),
                         identity=tuple(c.name for c in columns if c.identity))
            for record in result]
