"""Which foreign keys close a cycle between tables."""

from __future__ import annotations

from compiler.catalog.objects import Constraint


def tables_in_cycles(foreign_keys: list[Constraint]) -> set[frozenset[str]]:
    """Pairs {table, referenced table} that lie in one strongly connected
    component of the foreign key graph (a self reference is the pair {t})."""
    graph: dict[str, set[str]] = {}
    for fk in foreign_keys:
        graph.setdefault(fk.table_key, set()).add(fk.ref_table_key)
        graph.setdefault(fk.ref_table_key, set())
    component = _components(graph)
    pairs = set()
    for fk in foreign_keys:
        a, b = fk.table_key, fk.ref_table_key
        if a == b or component[a] == component[b]:
            pairs.add(frozenset((a, b)))
    return pairs


def _components(graph: dict[str, set[str]]) -> dict[str, int]:
    """Tarjan's algorithm, iterative, visiting nodes in sorted order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    component: dict[str, int] = {}
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
    return component
