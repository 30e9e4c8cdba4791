"""What every comparator receives besides the two versions of its object."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Catalogs:
    """The previous and the target catalog, by key: for comparators that must
    look beyond their object (what depends on a function or a view)."""

    previous: dict
    target: dict
    # column defaults an enum's type swap changes, as they were: {(schema, table, column): default}
    prior_defaults: dict = field(default_factory=dict)
    # lookups built once per diff from the two catalogs (compiler/diff/dependents.py)
    cache: dict = field(default_factory=dict, compare=False, repr=False)


NONE = Catalogs({}, {})
