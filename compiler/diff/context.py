"""What every comparator receives besides the two versions of its object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Catalogs:
    """The previous and the target catalog, by key: for comparators that must
    look beyond their object (what depends on a function or a view)."""

    previous: dict
    target: dict


NONE = Catalogs({}, {})
