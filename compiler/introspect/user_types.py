"""SQL domains, composite and range types, and aggregates from pg_catalog
(compiler/catalog/user_types.py).

The types are read first, so the columns, arguments and results of these
types read as the specs spell them (`TypeRef` kinds `domain`, `composite`,
`range`: `Inspection.user_types`); a type the inspection does not read (an
extension's, another schema's) stays `external`. A built-in function an
aggregate or range names is its bare name, any other `schema.name`, as
resolving the specs gives them. What the objects need first is what
pg_depend records: the functions (and sequences) named, and the types they
are built on, by the key `type_key` gives.
"""

from __future__ import annotations

from compiler.catalog.user_types import (
    Aggregate,
    Attribute,
    CompositeType,
    DomainCheck,
    DomainType,
    RangeType,
    multirange_name,
    type_key,
)
from compiler.introspect.types import type_ref

_PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}


def _depends(raw, *types) -> tuple[str, ...]:
    """The recorded functions and relations (placeholders resolved once every
    object is read), and the keys of the types of the specs it is built on."""
    from compiler.introspect import dependencies
    return tuple(sorted(set(dependencies(raw)) | {k for k in (type_key(t) for t in types) if k}))


def user_types(ctx) -> list:
    """Domains, composite and range types: their names registered before any
    is built, since each may be built on the others."""
    domains, composites, ranges = ctx.rows("domains"), ctx.rows("composite_types"), ctx.rows("range_types")
    for row in (*domains, *composites, *ranges):
        ctx.user_types.add((row["schema"], row["name"]))
    result = []
    for row in domains:
        base = type_ref(row["base"], row["ndims"], ctx.user_types)
        checks = tuple(DomainCheck(c["name"], c["expression"]) for c in row["checks"])
        result.append(DomainType(row["schema"], row["name"], base, not row["not_null"], row["default"],
                                 row["collation"], checks, row["comment"], _depends(row["depends"], base)))
    for row in composites:
        attributes = tuple(Attribute(a["name"], type_ref(a["type"], a["ndims"], ctx.user_types), a["collation"])
                           for a in row["attributes"])
        result.append(CompositeType(row["schema"], row["name"], attributes, row["comment"]))
    for row in ranges:
        subtype = type_ref(row["subtype"], 0, ctx.user_types)
        result.append(RangeType(row["schema"], row["name"], subtype,
                                row["multirange"] or multirange_name(row["name"]),  # none before PostgreSQL 14
                                row["subtype_diff"], row["opclass"], row["collation"], row["comment"],
                                _depends(row["depends"], subtype)))
    for row, obj in zip((*domains, *composites, *ranges), result):
        ctx.register("pg_type", row["oid"], obj.key)
    return result


def aggregates(ctx) -> list:
    result = []
    for row in ctx.rows("aggregates"):
        args = tuple(type_ref(t, 0, ctx.user_types) for t in row["args"])
        state = type_ref(row["state_type"], 0, ctx.user_types)
        aggregate = Aggregate(row["schema"], row["name"], args, row["state_function"], state, row["final_function"],
                              row["combine_function"], row["initial_condition"], _PARALLEL[row["parallel"]],
                              row["comment"], _depends(row["depends"], *args, state))
        ctx.register("pg_proc", row["oid"], aggregate.key)
        result.append(aggregate)
    return result
