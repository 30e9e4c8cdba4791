"""What introspection does not read yet, told from a catalog: the objects
and options the specs can declare but `inspect` cannot see in a database.
`schemac drift` names them instead of calling a database clean that it
could not fully compare ("unknown", never "equal"), and the read-back tests
skip catalogs that hold them."""

from __future__ import annotations

from compiler.catalog.objects import Catalog
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import Grant

_KINDS = ((Owner, "owners"), (DefaultPrivilege, "default privileges"))


def _options(obj) -> str | None:
    if isinstance(obj, Grant) and (obj.grant_option or obj.column):
        return "column privileges and grant options"
    if isinstance(obj, Grant) and obj.baseline:
        return "PUBLIC's privileges on the public schema"
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
