"""The elements of an index or exclusion constraint read back as the
catalog holds them (`IndexElement`): a column or PostgreSQL's text of an
expression, with its collation and operator class where they are not the
defaults (as `pg_get_indexdef` prints them, read with PostgreSQL's own
parser), the operator class's parameters, DESC and NULLS placement where
they are not the defaults, and an exclusion's operator; and an index's
storage parameters (`WITH (...)`)."""

from __future__ import annotations

from compiler.catalog.objects import IndexElement
from compiler.render import oracle

_DESC, _NULLS_FIRST = 1, 2  # pg_index.indoption bits


def _last_name(names: list | None) -> str | None:
    """The unqualified name of a (possibly schema-qualified) name list."""
    if not names:
        return None
    return names[-1]["String"].get("sval", "")


def _index_params(definition: str) -> list[dict]:
    """The IndexElem trees of the CREATE INDEX statement `pg_get_indexdef` printed."""
    error, statements = oracle.parse_statements(definition)
    if error is not None or len(statements) != 1 or "IndexStmt" not in statements[0]["stmt"]:
        raise RuntimeError(f"cannot read the index definition PostgreSQL printed: {definition!r} ({error})")
    return [p["IndexElem"] for p in statements[0]["stmt"]["IndexStmt"]["indexParams"]]


def options(pairs: list[str] | None) -> tuple[tuple[str, str], ...]:
    """`name=value` texts (reloptions, attoptions) as (name, value) pairs, in order."""
    return tuple((name, value) for name, _, value in (p.partition("=") for p in pairs or ()))


def index_elements(rows: list[dict], definition: str, operators: list[str] = ()) -> tuple[IndexElement, ...]:
    """`rows`: one per key column (templates/introspect/_elements.sql.j2);
    `definition`: the index's `pg_get_indexdef`; `operators`: an exclusion
    constraint's, one per element."""
    # no collation or operator class to print (one with parameters is printed, default or not)
    if all(row["plain"] and not row["params"] for row in rows):
        parsed = [{}] * len(rows)
    else:
        parsed = _index_params(definition)
    if len(parsed) != len(rows):
        raise RuntimeError(f"the index definition {definition!r} has {len(parsed)} elements, pg_index {len(rows)}")
    result = []
    for i, (row, elem) in enumerate(zip(rows, parsed)):
        flags = row["option"] or 0
        desc, nulls_first = bool(flags & _DESC), bool(flags & _NULLS_FIRST)
        nulls = "first" if nulls_first and not desc else "last" if desc and not nulls_first else None
        result.append(IndexElement(
            column=row["column"], expression=row["text"] if row["column"] is None else None,
            collate=_last_name(elem.get("collation")), opclass=_last_name(elem.get("opclass")),
            opclass_params=options(row["params"]), order="desc" if desc else None, nulls=nulls,
            operator=operators[i] if operators else None))
    return tuple(result)
