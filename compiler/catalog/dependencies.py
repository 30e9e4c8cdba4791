"""What SQL texts and trigger specs name, looked up as docs/spec-language.md
"Name lookup" says: a qualified name finds the object of that schema in any
domain; a bare name the domain's own objects, then those of the domains it
`depends_on`, then a unique match in any domain. Found names become catalog
keys, by which the plan orders creation, whichever domains define them."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog import pg_builtins
from compiler.catalog.expressions import References
from compiler.catalog.programmable import ExternalFunction, Function
from compiler.catalog.scope import Origin, Scopes
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import ExternalTableSpec

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


@dataclass(frozen=True)
class Problem:
    """A name nothing defines: `known`, close names for the hint."""

    kind: str  # "function" or "table or view"
    name: str
    known: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()  # `schema.name (domain)` of the objects an unqualified name finds


def report_unknown(collector: ErrorCollector, origin: Origin, problems: list[Problem], what: str,
                   domain: str) -> None:
    for problem in problems:
        if problem.ambiguous:
            collector.add(origin.error(f"{what} uses {problem.kind} `{problem.name}`, which is ambiguous: "
                                       f"{', '.join(problem.ambiguous)}", "qualify it with its schema"))
            continue
        hint = suggest(problem.name.rpartition(".")[2], problem.known)
        where = "`functions:`, or declare it under `external: {functions: ...}`" if problem.kind == "function" else \
            "`tables:` or `views:` of a domain, or under `external: {tables: ...}`"
        collector.add(origin.error(f"{what} uses {problem.kind} `{problem.name}`, which is not defined",
                                   (hint + " " if hint else "") + f"define it under {where}"))


class Dependencies:
    """Turns what an expression or query names into catalog keys of the spec's
    own tables, views and functions (built-ins and externals need no key).
    Functions, external functions and views are kept with the domain that
    defines them (`owners`, by key or by (schema, name) for externals)."""

    def __init__(self, scopes: Scopes, functions: dict[tuple[str, str], list[Function]],
                 views: dict[tuple[str, str], str], owners: dict[str, str],
                 external_functions: list[tuple[str, ExternalFunction]] = ()) -> None:
        self.scopes = scopes
        self.functions = functions  # (schema, name) -> overloads, of every domain
        self.views = views  # (schema, name) -> key, of every domain
        self.owners = owners  # key of a function or view -> its domain
        self.external_functions = list(external_functions)  # (domain, external function)
        self._keys: dict[tuple[str, References, str], tuple[str, ...]] = {}  # `keys`, worked out once
        self._functions_named: dict[str, list[Function]] = {}  # name -> overloads of any schema
        for (_, name), overloads in sorted(functions.items()):
            self._functions_named.setdefault(name, []).extend(overloads)
        self._views_named: dict[str, list[tuple[str, str]]] = {}  # name -> (schema, key)
        for (schema, name), key in sorted(views.items()):
            self._views_named.setdefault(name, []).append((schema, key))

    def _nearest(self, domain: str, found) -> list:
        """What `found(domains)` gives for the nearest tier of domains (as
        `Scopes.tiers` orders them from `domain`) where it gives anything."""
        for tier in self.scopes.tiers(domain):
            result = found({scope.domain.name for scope in tier})
            if result:
                return result
        return []

    def visible_functions(self, domain: str, schema: str | None, name: str) -> list[Function]:
        """Overloads of `name` (of `schema`, when given) that the name finds from `domain`."""
        overloads = self._functions_named.get(name, []) if schema is None else self.functions.get((schema, name), [])
        if not overloads:
            return []
        return self._nearest(domain, lambda owners: [f for f in overloads if self.owners.get(f.key) in owners])

    def visible_external(self, domain: str, schema: str | None, name: str) -> ExternalFunction | None:
        found = self._nearest(domain, lambda owners: [f for owner, f in self.external_functions if owner in owners
                                                      and f.name == name and (not schema or f.schema == schema)])
        return found[0] if found else None

    def _visible_view(self, domain: str, schema: str | None, name: str) -> str | None:
        keys = [key for s, key in self._views_named.get(name, ()) if not schema or s == schema]
        if not keys:
            return None
        found = self._nearest(domain, lambda owners: [k for k in keys if self.owners.get(k) in owners])
        return found[0] if len(found) == 1 else None

    def unknown(self, domain: str, refs: References, extensions_declared: bool,
                own_names: set[str] = frozenset(), search_path: tuple[str, ...] | None = None) -> list[Problem]:
        """What `refs` names that nothing defines, or that is ambiguous.
        Built-ins of pg_catalog and information_schema are known from
        pg_builtins. Functions no domain defines are not judged when the
        specs install extensions, which bring functions of their own. A SQL
        function's own `search_path` limits where its bare names are found."""
        problems: list[Problem] = []
        if not extensions_declared:
            for schema, name in sorted(refs.functions, key=lambda r: (r[0] or "", r[1])):
                reference = f"{schema}.{name}" if schema else name
                if self._function_known(domain, schema, name):
                    continue
                known = sorted({n for (_, n) in self.functions} | {f.name for _, f in self.external_functions})
                problems.append(Problem("function", reference, tuple(known)))
        for schema, name in sorted(refs.relations, key=lambda r: (r[0] or "", r[1])):
            reference = f"{schema}.{name}" if schema else name
            if self._relation_known(domain, schema, name, own_names):
                holders = self._holders(domain, schema, name, search_path) if name not in own_names else []
                if len(holders) > 1:
                    problems.append(Problem("table or view", reference, ambiguous=tuple(holders)))
                continue
            if self.scopes.was_dropped(domain, "tables", reference):
                continue
            known = sorted(set(self.scopes.names(domain, "tables")) | {n for (_, n) in self.views})
            problems.append(Problem("table or view", reference, tuple(known)))
        return problems

    def _holders(self, domain: str, schema: str | None, name: str,
                 search_path: tuple[str, ...] | None = None) -> list[str]:
        """`schema.name (domain)` of the tables and views a name in a SQL text
        may mean. Qualified, the nearest domains' (as `Scopes.find`); bare, every
        schema's: PostgreSQL finds a bare name by the migration's search_path
        (every managed schema, by name), not by domain, so a name two schemas
        hold must be qualified to mean one of them for sure."""
        if schema is not None:
            entry, ambiguous = self.scopes.find(domain, "tables", f"{schema}.{name}")
            return [] if entry is not None else sorted(f"{e.schema}.{e.name} ({e.domain})" for e in ambiguous)
        found = {(e.schema, e.domain) for scope in self.scopes.by_domain.values()
                 for e in (*scope.named("tables", name), *scope.named("external_tables", name))}
        found |= {(s, self.owners.get(key)) for s, key in self._views_named.get(name, ())}
        if search_path is not None:
            found = {f for f in found if f[0] in search_path}
        by_schema = {}
        for s, owner in sorted(found, key=lambda f: (f[0], f[1] or "")):
            by_schema.setdefault(s, owner)
        return [f"{s}.{name} ({owner})" for s, owner in sorted(by_schema.items())] if len(by_schema) > 1 else []

    def _function_known(self, domain: str, schema: str | None, name: str) -> bool:
        if schema in SYSTEM_SCHEMAS or (schema is None and name in pg_builtins.FUNCTIONS):
            return True
        return bool(self.visible_functions(domain, schema, name)) or \
            self.visible_external(domain, schema, name) is not None

    def _relation_known(self, domain: str, schema: str | None, name: str, own_names: set[str] = frozenset()) -> bool:
        if schema in SYSTEM_SCHEMAS or (schema is None and (name in pg_builtins.RELATIONS or name in own_names)):
            return True
        entry, ambiguous = self.scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
        return entry is not None or bool(ambiguous) or self._visible_view(domain, schema, name) is not None

    def keys(self, domain: str, refs: References, exclude: str = "") -> tuple[str, ...]:
        """The keys of the spec objects `refs` names, as `domain` sees them
        (what an object using them must be created after)."""
        if not refs.functions and not refs.relations:
            return ()  # nothing to look up
        known = self._keys.get((domain, refs, exclude))
        if known is None:
            known = self._keys[(domain, refs, exclude)] = self._find_keys(domain, refs, exclude)
        return known

    def _find_keys(self, domain: str, refs: References, exclude: str) -> tuple[str, ...]:
        keys: set[str] = set()
        for schema, name in refs.functions:
            keys.update(f.key for f in self.visible_functions(domain, schema, name))
        for schema, name in refs.relations:
            entry, _ = self.scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
            if entry is not None and not isinstance(entry.spec, ExternalTableSpec):
                keys.add(f"table:{entry.schema}.{entry.name}")
            view_key = self._visible_view(domain, schema, name)
            if view_key:
                keys.add(view_key)
        keys.discard(exclude)
        return tuple(sorted(keys))
