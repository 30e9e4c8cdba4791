"""What introspection does not read, told from a catalog: the objects and
options the specs can declare but `inspect` cannot see in a database.
`schemac drift` names them instead of calling a database clean that it
could not fully compare ("unknown", never "equal"), and the read-back tests
skip catalogs that hold them. Every kind of the spec language is read now;
a kind the language gains is listed here until its reader lands (reference
rows are data: `inspect` does not read them; drift reads those a target
declares, compiler/introspect/rows.py)."""

from __future__ import annotations

from compiler.catalog.objects import Catalog

_KINDS: tuple[tuple[type, str], ...] = ()  # (catalog class, label) of the kinds not read


def _options(obj) -> str | None:
    """The label of an option of `obj` that is not read (none at present)."""
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
