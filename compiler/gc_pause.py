"""Pause Python's cyclic garbage collector while compiling.

A compile allocates a great many small objects (YAML nodes, models, catalog
objects, rendered strings) that almost all live until it ends; with the
collector running, a fifth of a large compile goes into scanning them again and
again. While paused, memory grows by what reference counting cannot free (about
a tenth more at 5,000 tables).

When the pause ends, everything allocated during it still counts as new to the
collector, whose next young-generation pass would scan all of it at once (a
third of a second for a 1,000-table project) only to find it alive. Instead
the survivors are moved straight to the oldest generation (`gc.freeze()` then
`gc.unfreeze()` moves every tracked object there without scanning it): they
are still collected, by the next full collection, which Python runs only once
enough new objects have survived since the last one. (This also returns to
the collector any objects a host process had frozen with `gc.freeze()`.)
"""

from __future__ import annotations

import contextlib
import functools
import gc


@contextlib.contextmanager
def collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def with_collector_paused(function):
    """Decorate a function so that it runs with the collector paused (calls
    nested in one another pause it once)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with collector_paused():
            return function(*args, **kwargs)
    return wrapper
