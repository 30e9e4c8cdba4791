"""Helpers of the live-database tests: a catalog's structure (everything but
SQL texts as written, dependencies and what PostgreSQL does not keep), and
the assertion that a database reads back as the catalog it should hold."""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import BoundDatum, Catalog, Column, ColumnDefault, PartitionBound, TypeRef
from compiler.diff.unordered import in_set_order
from compiler.introspect import inspect_connection
from compiler.introspect.normal_form import granted_schemas, managed_schemas, role_names, seen_through
from compiler.introspect.types import enum_label
from compiler.introspect.unread import not_read
from compiler.introspect.unsupported import find_unsupported

SQL_TEXTS = frozenset({"expression", "generated", "where", "query", "using", "with_check", "when", "default"})
# a partition bound's constants, as PostgreSQL prints them (`2024-01-01` of a timestamp key: `2024-01-01 00:00:00`)
CONSTANTS = {BoundDatum: "value", PartitionBound: "values"}
NOT_KEPT = {"sensitive": False, "concurrently": False, "depends_on": ()}


def structure(value):
    """`value` with its SQL texts replaced by a mark (so that a text present
    on one side only still shows) and dependencies and schemac-only marks
    blanked: what must come back from a database exactly."""
    if dataclasses.is_dataclass(value):
        value = in_set_order(value)  # a trigger's events, a policy's roles: PostgreSQL keeps no order
        if isinstance(value, Column) and value.default is not None and value.default.enum_label is None \
                and value.type.kind == "enum" and not value.type.array_dims:
            # an enum column's default written as a quoted label (`"'it''s'"`) reads back as the label
            text = value.default.expression
            label = enum_label(text) or (enum_label(text + "::") if text.startswith("'") else None)
            if label is not None:
                value = dataclasses.replace(value, default=ColumnDefault(enum_label=label))
        changes = {}
        for f in dataclasses.fields(value):
            if not f.compare:
                continue
            v = getattr(value, f.name)
            if f.name in NOT_KEPT:
                changes[f.name] = NOT_KEPT[f.name]
            elif f.name == "body":  # written between newlines: the ends of a body are not kept
                changes[f.name] = v.strip()
            elif f.name in SQL_TEXTS and isinstance(v, str):
                changes[f.name] = "<sql>"
            elif CONSTANTS.get(type(value)) == f.name:
                changes[f.name] = "<value>" if isinstance(v, str) else \
                    tuple("<value>" if isinstance(x, str) else x for x in v) if isinstance(v, tuple) else v
            else:
                changes[f.name] = structure(v)
        value = dataclasses.replace(value, **changes)
        if isinstance(value, Column) and value.identity is not None:  # PostgreSQL makes identity columns NOT NULL
            value = dataclasses.replace(value, nullable=False)
        if isinstance(value, TypeRef) and value.kind == "external":  # a spec may name an extension's type unqualified
            value = dataclasses.replace(value, schema=None)
        return value
    if isinstance(value, tuple):
        return tuple(structure(v) for v in value)
    return value


# what introspection does not read yet: reference rows are data
NOT_READ = ("row:",)


def structural_differences(live: Catalog, expected: Catalog) -> list[tuple[str, object, object]]:
    """(key, expected, found) of each object whose structure differs."""
    found = seen_through(live, expected).by_key()
    wanted = {key: obj for key, obj in expected.by_key().items() if not key.startswith(NOT_READ)}
    return [(key, structure(wanted.get(key)), structure(found.get(key)))
            for key in sorted(set(found) | set(wanted))
            if structure(wanted.get(key)) != structure(found.get(key))]


def assert_reads_back(conn, expected: Catalog) -> Catalog:
    """The database of `conn` inspected has the structure of `expected`;
    returns the inspected catalog. What schemac made is all expressible in
    the spec language (compiler/introspect/unsupported.py finds nothing)."""
    schemas = managed_schemas(dataclasses.replace(expected, objects=tuple(
        o for o in expected if getattr(o, "schema", "") is not None)))  # a database-wide default privilege
    unsupported = [u for u in find_unsupported(conn, schemas)
                   if (u.kind, u.name) != ("event trigger", "log_rewrite")]  # the convergence tests' own
    assert unsupported == [], [str(u) for u in unsupported]
    if not_read(expected):
        return None  # kinds introspection does not read yet (compiler/introspect/unread.py)
    live = inspect_connection(conn, managed_schemas(expected), require=False, roles=role_names(expected),
                              granted=granted_schemas(expected))
    differences = structural_differences(live, expected)
    assert differences == [], differences
    return live
