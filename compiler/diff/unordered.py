"""What PostgreSQL keeps as a set: a trigger's events (`INSERT OR UPDATE`
is `UPDATE OR INSERT`) and a policy's roles. Written in another order in
the specs, they are the same object, and changing nothing needs no step."""

from __future__ import annotations

import dataclasses

from compiler.catalog.programmable import Policy, Trigger

UNORDERED = {Trigger: ("events",), Policy: ("roles",)}


def in_set_order(obj):
    """`obj` with the fields PostgreSQL keeps as sets sorted."""
    fields = UNORDERED.get(type(obj))
    if not fields:
        return obj
    return dataclasses.replace(obj, **{f: tuple(sorted(getattr(obj, f))) for f in fields})


def same_but_order(before, after) -> bool:
    """Whether two versions of an object differ only in the order of what PostgreSQL keeps as a set."""
    return type(before) in UNORDERED and in_set_order(before) == in_set_order(after)
