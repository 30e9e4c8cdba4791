"""Where in the specs the object of a plan step is written.

A migration's scripts name each step's key in their `-- step N: Kind key`
lines; when PostgreSQL refuses a statement, the error can then point at the
spec that asked for it, not only at the SQL line.
"""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Source, Table


def source_of_key(catalog: Catalog, key: str) -> Source | None:
    """The source of the catalog object a step key names: the key itself,
    else the key with its `:suffix` parts taken off one by one (`:drop`,
    `:validate`, a grant's role), a column key answered by its column (or
    its table)."""
    objects = catalog.by_key()
    candidate = key
    while candidate:
        found = objects.get(candidate)
        if found is not None and getattr(found, "source", None) is not None:
            return found.source
        if candidate.startswith("column:"):
            column = _column_source(catalog, candidate.removeprefix("column:"), exact=True)
            if column is not None:
                return column
        head, separator, _ = candidate.rpartition(":")
        if not separator or ":" not in head:
            if candidate.startswith("domain_type:") and candidate.count(".") > 1:
                candidate = candidate.rpartition(".")[0]  # a domain's check: the domain
                continue
            break
        candidate = head
    return _column_source(catalog, key.removeprefix("column:"), exact=False) if key.startswith("column:") else None


def _column_source(catalog: Catalog, qualified: str, exact: bool) -> Source | None:
    """A column's source by `schema.table.column`; when not `exact`, the
    source of the table the text starts with."""
    for table in catalog.of_kind(Table):
        prefix = f"{table.schema}.{table.name}."
        if qualified.startswith(prefix):
            name = qualified[len(prefix):]
            column = next((c for c in table.columns if c.name == name), None)
            if column is not None and column.source is not None:
                return column.source
            if not exact:
                return table.source
    return None


def describe(source: Source) -> str:
    where = f"{source.file}:{source.line}:{source.column}"
    return f"{where} ({source.path})" if source.path else where
