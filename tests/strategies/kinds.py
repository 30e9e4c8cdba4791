"""The switches of the generated projects: each kind of object introspection
does not read yet (compiler/introspect/unread.py) is off, so the read-back
tests generate only what `schemac inspect` reads. When a reader lands, turn
its kind on here: tests/test_roundtrip_properties.py fails while a kind is
off that introspection reads (and while one is on that it does not).

`unread` is the label compiler/introspect/unread.py gives the kind ("" when
it has none: read since the start)."""

from __future__ import annotations

# kind -> (generated in the read-back tests?, the label unread.py gives it)
SWITCHES: dict[str, tuple[bool, str]] = {
    "domains": (True, "domains"),
    "composite_types": (True, "composite types"),
    "range_types": (True, "range types"),
    "aggregates": (True, "aggregates"),
    "owners": (True, "owners"),
    "default_privileges": (True, "default privileges"),
    "partitions": (True, "partitioned and UNLOGGED tables"),
    "unlogged": (True, "partitioned and UNLOGGED tables"),
    "exclusions": (True, "exclusion constraints and temporal keys"),
    "index_options": (True, "index operator classes, collations, orderings and storage parameters"),
    "column_grants": (True, "column privileges and grant options"),
    "grant_options": (True, "column privileges and grant options"),
    "public_schema_grants": (True, "PUBLIC's privileges on the public schema"),
}

KINDS: frozenset[str] = frozenset(kind for kind, (on, _) in SWITCHES.items() if on)
ALL_KINDS: frozenset[str] = frozenset(SWITCHES)
