"""What introspection does not read yet, told from a catalog: the objects
and options the specs can declare but `inspect` cannot see in a database.
`schemac drift` names them instead of calling a database clean that it
could not fully compare ("unknown", never "equal"), and the read-back tests
skip catalogs that hold them."""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Constraint, Index, Table
from compiler.catalog.user_types import Aggregate, CompositeType, DomainType, RangeType

_KINDS = ((DomainType, "domains"), (CompositeType, "composite types"), (RangeType, "range types"),
          (Aggregate, "aggregates"))


def _options(obj) -> str | None:
    if isinstance(obj, Table) and (obj.unlogged or obj.partition_by or obj.partition_of):
        return "partitioned and UNLOGGED tables"
    if isinstance(obj, Constraint) and (obj.kind == "exclusion" or obj.without_overlaps or obj.period):
        return "exclusion constraints and temporal keys"
    if isinstance(obj, Index) and (obj.parameters or any(
            e.collate or e.opclass or e.opclass_params or e.order or e.nulls for e in obj.elements)):
        return "index operator classes, collations, orderings and storage parameters"
    return None


def not_read(catalog: Catalog) -> list[str]:
    """The kinds of `catalog`'s objects that introspection does not read yet, sorted."""
    found = set()
    for obj in catalog.objects:
        found.update(label for cls, label in _KINDS if isinstance(obj, cls))
        option = _options(obj)
        if option:
            found.add(option)
    return sorted(found)
