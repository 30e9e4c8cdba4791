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
    # previous objects whose texts show enum values the migration renames, with the values as they were,
    # by key: what down.sql makes again after renaming the values back (compiler/diff/renames.py)
    labels_as_they_were: dict = field(default_factory=dict)
    # `postgres: {min_version: ...}`: the oldest PostgreSQL the migration must run on (forms it chooses, online)
    min_version: int = 14
    # `migrations: {type_changes: ...}` in online mode: expand_contract or rewrite (compiler/online/expand_contract.py)
    type_changes: str = "expand_contract"
    # lookups built once per diff from the two catalogs (compiler/diff/dependents.py)
    cache: dict = field(default_factory=dict, compare=False, repr=False)


NONE = Catalogs({}, {})


def touching(catalogs: Catalogs, table_key: str) -> tuple[str, ...]:
    """Keys of the previous catalog's objects that belong to, reference or
    depend on table `table_key` (its constraints, indexes, triggers, policies,
    the foreign keys to it, the views and functions reading it), sorted;
    indexed once per diff."""
    index = catalogs.cache.get("touching")
    if index is None:
        found: dict[str, set[str]] = {}
        for key, obj in catalogs.previous.items():
            for table in (getattr(obj, "table_key", None), getattr(obj, "ref_table_key", None),
                          *getattr(obj, "depends_on", ())):
                if table is not None:
                    found.setdefault(table, set()).add(key)
        index = catalogs.cache["touching"] = {table: tuple(sorted(keys)) for table, keys in found.items()}
    return index.get(table_key, ())


def made_again(catalogs: Catalogs, obj):
    """`obj`, a previous object taken down before a step and made again
    after it, as down.sql makes it again once the step is undone: with the
    enum values this migration renames as they were."""
    return catalogs.labels_as_they_were.get(obj.key, obj)
