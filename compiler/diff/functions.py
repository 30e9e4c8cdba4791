"""Which functions are dropped and made again.

Two changes cannot be made by CREATE OR REPLACE:

- a *signature change*: a function of the specs whose argument types
  changed is a new key (`function:s.f(integer, integer)`), and the old one
  (`function:s.f(integer)`) is gone. When the previous catalog has exactly
  one function of that schema and name and the target exactly one, with
  different keys, the two are one function whose signature changed (two
  overloads on either side are separate functions: the new one is created
  and the old one dropped, as before);
- a change on the same key that CREATE OR REPLACE refuses: the return type,
  argument names or modes, a removed default, function <-> procedure
  (compiler/diff/programmable.py `needs_recreate`).

Both drop the old function *first*, with what depends on it around it
(compiler/diff/redefined.py, shared with views): PostgreSQL refuses DROP
FUNCTION while a policy, view, trigger, check, index or column default uses
it, and while both overloads exist a call such as `f(x)` may match both
(`function f(uuid) is not unique`, once the new one has a defaulted second
argument). The old function's grants and comment go with its DROP and come
back with down.sql; the new one is made with its own (the target's grants
on the new key). A generated column calling the function, or a default
that changes or goes in the same migration, is refused.
"""

from __future__ import annotations

from compiler.catalog.programmable import Function
from compiler.diff.programmable import needs_recreate


def redefinitions(previous: dict, target: dict) -> list[tuple[Function, Function]]:
    """(old, new): the functions dropped and made again, sorted by the new key."""
    pairs = [(previous[k], target[k]) for k in previous.keys() & target.keys()
             if isinstance(target[k], Function) and previous[k] != target[k]
             and needs_recreate(previous[k], target[k]) is not None]
    olds, news = _by_name(previous), _by_name(target)
    for name, old in olds.items():
        new = news.get(name, ())
        if len(old) == 1 and len(new) == 1 and old[0].key != new[0].key:
            pairs.append((old[0], new[0]))
    return sorted(pairs, key=lambda p: p[1].key)


def signature_keys(pairs: list[tuple[Function, Function]]) -> set[str]:
    """The keys of the signature changes among `pairs`, old and new: neither
    is a plain drop or create."""
    return {f.key for old, new in pairs if old.key != new.key for f in (old, new)}


def _by_name(catalog: dict) -> dict[tuple[str, str], list[Function]]:
    found: dict[tuple[str, str], list[Function]] = {}
    for obj in catalog.values():
        if isinstance(obj, Function):
            found.setdefault((obj.schema, obj.name), []).append(obj)
    return found
