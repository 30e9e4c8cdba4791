"""verify.sql for SQL domains, composite and range types, and aggregates.

Each gets a shadow in `pg_temp` built from the same template as up.sql
(`schemac_d1` for a type, `schemac_a1` for an aggregate, whose functions are
the real ones), and the script compares the real object with its shadow
aspect by aspect in PostgreSQL's own forms: `format_type` of a domain's base
type and of each attribute, `pg_get_expr` of a default, `pg_get_constraintdef`
of each check, pg_range and pg_aggregate columns, comments. A range's
multirange name is compared with the name PostgreSQL gives it."""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Catalog
from compiler.catalog.user_types import USER_TYPES, Aggregate, DomainType, RangeType
from compiler.ops.user_types import CreateAggregate, CreateUserType
from compiler.render.migration import render_op
from compiler.render.sql import qualified
from compiler.render.user_types import aggregate_identity

SHADOW_SCHEMA = "pg_temp"


def user_type_checks(catalog: Catalog, piece) -> tuple[list[dict], list[dict], list[str]]:
    """(expected types, expected aggregates, shadow pieces); `piece(label,
    kind, parent, name, sql)` wraps a statement so its failure is recorded."""
    types, aggregates, pieces = [], [], []
    n = 0
    for obj in sorted((o for o in catalog if isinstance(o, USER_TYPES)), key=lambda o: o.key):
        n += 1
        copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, name=f"schemac_d{n}")
        real = qualified(obj.schema, obj.name)
        noun = "domain" if isinstance(obj, DomainType) else "range type" if isinstance(obj, RangeType) \
            else "composite type"
        label = f"{noun} {real}"
        types.append({"object": label, "real": real, "shadow": qualified(SHADOW_SCHEMA, copy.name),
                      "multirange": obj.multirange if isinstance(obj, RangeType) else None})
        pieces.append(piece(label, "user_type", "", real, render_op(CreateUserType(copy))))
    for n, a in enumerate(sorted(catalog.of_kind(Aggregate), key=lambda o: o.key), start=1):
        copy = dataclasses.replace(a, schema=SHADOW_SCHEMA, name=f"schemac_a{n}")
        label = f"aggregate {aggregate_identity(a)}"
        aggregates.append({"object": label, "schema": a.schema, "name": a.name, "shadow": copy.name})
        pieces.append(piece(label, "aggregate", a.schema, a.name, render_op(CreateAggregate(copy))))
    return types, aggregates, pieces
