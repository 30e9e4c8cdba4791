"""Objects that need each other to exist first: a spec error naming them.

Domains may reference each other both ways; what orders the migration is
what each object uses (the `requires()` of the step that creates it). A
cycle of such uses among tables, functions, views and reference rows cannot
be created in any order: PostgreSQL checks a SQL function's body, a view's
query, a default's or check's function and a row's foreign key when each
is created. Foreign keys between tables are no such cycle (the plan adds
those on a cycle once both tables exist), so they are left out here.
"""

from __future__ import annotations

from compiler.catalog.objects import Catalog, Constraint, Table
from compiler.catalog.programmable import Function, View
from compiler.diff.cycles import _components
from compiler.errors import ErrorCollector, SpecError


def _creates(catalog: Catalog) -> dict:
    """key -> the step that creates the object, for the kinds that can close a cycle."""
    from compiler.catalog.rows import ReferenceRow
    from compiler.ops import CreateFunction, CreateTable, CreateView
    from compiler.ops.rows import InsertRow

    checks: dict[str, list[Constraint]] = {}
    for obj in catalog.objects:
        if isinstance(obj, Constraint) and obj.kind == "check":
            checks.setdefault(obj.table_key, []).append(obj)
    steps = {}
    for obj in catalog.objects:
        if isinstance(obj, Table):
            steps[obj.key] = CreateTable(obj, tuple(checks.get(obj.key, ())))
        elif isinstance(obj, Function):
            steps[obj.key] = CreateFunction(obj)
        elif isinstance(obj, View):
            steps[obj.key] = CreateView(obj)
        elif isinstance(obj, ReferenceRow):
            steps[obj.key] = InsertRow(obj)
    return steps


def check_object_cycles(catalog: Catalog, collector: ErrorCollector) -> None:
    """One error per cycle, at the first of its objects (by key), naming them all."""
    steps = _creates(catalog)
    graph = {key: {r for r in step.requires() if r in steps} for key, step in steps.items()}
    component = _components(graph)
    members: dict[int, list[str]] = {}
    for key, number in component.items():
        members.setdefault(number, []).append(key)
    for keys in sorted(sorted(m) for m in members.values()):
        if len(keys) == 1 and keys[0] not in graph[keys[0]]:
            continue
        path = _cycle(keys[0], graph, set(keys))
        first = steps[keys[0]]
        source = _source(first)
        if source is None:
            continue
        collector.add(SpecError(
            source.file, source.line, source.column, source.path,
            f"objects use each other in a cycle, so none can be created first: {' -> '.join(path)}",
            "PostgreSQL checks what each of them uses when it is created; break the cycle (a SQL function "
            "body that reads a table whose default calls it, a view and a function reading each other, rows "
            "that reference each other): e.g. write the function in `language: plpgsql`, whose body is "
            "checked only when it runs"))


def _source(step):
    obj = getattr(step, "table", None) or getattr(step, "function", None) or getattr(step, "view", None) \
        or getattr(step, "row", None)
    return getattr(obj, "source", None)


def _cycle(start: str, graph: dict[str, set[str]], within: set[str]) -> list[str]:
    """The shortest path start -> ... -> start inside one strongly connected
    component (breadth first, neighbours in key order)."""
    parent: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for following in sorted(graph[node] & within):
            if following == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return list(reversed(path)) + [start]
            if following not in parent:
                parent[following] = node
                queue.append(following)
    return [start, start]
