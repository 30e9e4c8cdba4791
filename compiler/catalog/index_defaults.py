"""An index or exclusion element's options written at their defaults, left
out as PostgreSQL leaves them out: it keeps `ASC`, `NULLS LAST` after ASC,
`NULLS FIRST` after DESC, the column's own collation and the type's default
operator class as if nothing were written, and `pg_get_indexdef` prints
none of them. So the element the specs resolve to is the one a database
reads back (compiler/introspect/index_elements.py), field by field.

What cannot be told offline stays as written (compared through PostgreSQL's
normal form then): the collation of an expression, the default operator
class of a type schemac does not know (an extension's, a domain's) or of an
expression whose type it cannot tell. Storage parameters and operator class
parameters are kept by PostgreSQL as written, defaults or not."""

from __future__ import annotations

import dataclasses

from compiler.catalog.index_methods import ORDERED_METHODS, type_key
from compiler.catalog.objects import IndexElement, TypeRef
from compiler.catalog.pg_builtins import DEFAULT_CLASS_NAMES

# defaults of extensions' operator classes that stay the same across their versions: method -> type -> class
EXTENSION_DEFAULT_CLASSES = {"ivfflat": {"vector": "vector_l2_ops"}}
_COLLATABLE = ("text", "character varying", "character", "name")


def default_class(method: str, t: TypeRef | None) -> str | None:
    """The default operator class of `method` for values of type `t`, when known offline."""
    if t is not None and t.kind == "external" and not t.array_dims:
        return EXTENSION_DEFAULT_CLASSES.get(method, {}).get(t.name)
    name = type_key(t)
    return DEFAULT_CLASS_NAMES.get(method, {}).get(name) if name is not None else None


def _is_default_class(opclass: str, method: str, t: TypeRef | None) -> bool:
    schema, _, name = opclass.rpartition(".")
    return schema in ("", "pg_catalog") and name == default_class(method, t)


def canonical(element: IndexElement, method: str, t: TypeRef | None) -> IndexElement:
    """`element` (of an index using `method`, of type `t` or None when
    unknown) without the options it writes at their defaults."""
    changes = {}
    if method in ORDERED_METHODS:
        if element.order == "asc":
            changes["order"] = None
        desc = element.order == "desc"
        if element.nulls == ("first" if desc else "last"):
            changes["nulls"] = None
    if (element.collate == "default" and element.column is not None and t is not None and t.kind == "builtin"
            and t.name in _COLLATABLE):
        changes["collate"] = None
    if element.opclass is not None and not element.opclass_params and _is_default_class(element.opclass, method, t):
        changes["opclass"] = None
    return dataclasses.replace(element, **changes) if changes else element
