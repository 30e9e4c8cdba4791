"""SQL domains (`domains:`), composite and range types (`types:`) written
back as specs: the inverse of compiler/catalog/resolve_types.py. A domain
that is only its base type is written as that type (`bıgınt: bigint`), as
is a composite type's attribute without a collation; a domain's check named
`<domain>_check`, as PostgreSQL names an unnamed one, is its `check:`."""

from __future__ import annotations

from compiler.catalog.user_types import CompositeType, DomainType, RangeType, multirange_name
from compiler.importer.context import Unexpressible, WriteContext
from compiler.importer.placement import Placement
from compiler.importer.routines import function_reference, type_text


def _key(ctx: WriteContext, obj) -> tuple[str, str]:
    domain = ctx.domain_of(obj.schema)
    if "." in obj.schema:
        raise Unexpressible(f"the schema name `{obj.schema}` holds a dot")
    return domain, ctx.key_name(domain, obj.schema, obj.name)


def domain_type(d: DomainType, ctx: WriteContext) -> list[Placement]:
    domain, key = _key(ctx, d)
    spec: dict = {"type": type_text(ctx, domain, d.base)}
    if not d.nullable:
        spec["nullable"] = False
    if d.default is not None:
        spec["default"] = d.default
    if d.collation is not None:
        spec["collate"] = d.collation
    checks = list(d.checks)
    if checks and checks[0].name == f"{d.name}_check":
        spec["check"] = checks.pop(0).expression
    if checks:
        spec["checks"] = {c.name: c.expression for c in checks}
        if len(spec["checks"]) != len(checks):
            raise Unexpressible("two checks of the domain have one name")
    if d.comment is not None:
        spec["comment"] = d.comment
    return [Placement(domain, ("domains", key), spec["type"] if list(spec) == ["type"] else spec)]


def composite_type(t: CompositeType, ctx: WriteContext) -> list[Placement]:
    domain, key = _key(ctx, t)
    if not t.attributes:
        raise Unexpressible("a composite type without attributes")
    columns = {}
    for a in t.attributes:
        text = type_text(ctx, domain, a.type)
        columns[a.name] = text if a.collation is None else {"type": text, "collate": a.collation}
    spec: dict = {"columns": columns}
    if t.comment is not None:
        spec["comment"] = t.comment
    return [Placement(domain, ("types", key), spec)]


def range_type(r: RangeType, ctx: WriteContext) -> list[Placement]:
    domain, key = _key(ctx, r)
    if r.multirange != multirange_name(r.name):
        raise Unexpressible(f"its multirange type is named `{r.multirange}`; the specs make it under PostgreSQL's "
                            f"own name, `{multirange_name(r.name)}`")
    spec: dict = {"subtype": type_text(ctx, domain, r.subtype)}
    if r.subtype_diff is not None:
        spec["subtype_diff"] = function_reference(ctx, domain, r.subtype_diff)
    if r.subtype_opclass is not None:
        spec["subtype_opclass"] = r.subtype_opclass
    if r.collation is not None:
        spec["collation"] = r.collation
    body: dict = {"range": spec}
    if r.comment is not None:
        body["comment"] = r.comment
    return [Placement(domain, ("types", key), body)]


WRITERS = {DomainType: domain_type, CompositeType: composite_type, RangeType: range_type}
