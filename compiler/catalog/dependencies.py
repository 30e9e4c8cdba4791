"""What SQL texts and trigger specs name, looked up the way a domain sees
the specs: its own objects and those of the domains it `depends_on`
(docs/spec-language.md, "Name lookup"). A name that only a domain out of
sight defines is a spec error that says which `depends_on` is missing;
visible names become catalog keys, by which the plan orders creation."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog import pg_builtins
from compiler.catalog.expressions import References, expression_references
from compiler.catalog.programmable import ExternalFunction, Function
from compiler.catalog.scope import Origin, Scopes
from compiler.errors import ErrorCollector, SpecError
from compiler.spec.errors import suggest

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


@dataclass(frozen=True)
class Problem:
    """A name nothing visible defines: `owner` is the domain out of sight
    that defines it, if any; `known`, close names for the hint."""

    kind: str  # "function" or "table or view"
    name: str
    known: tuple[str, ...] = ()
    owner: str | None = None


def out_of_sight(domain: str, owner: str) -> str:
    """The hint for a name that only domain `owner`, which `domain` does not
    depend on, defines."""
    return (f"add `depends_on: [{owner}]` to domain `{domain}`: a domain sees only its own objects and those "
            "of the domains it depends on")


def report_unknown(collector: ErrorCollector, origin: Origin, problems: list[Problem], what: str,
                   domain: str) -> None:
    for problem in problems:
        if problem.owner is not None:
            collector.add(origin.error(f"{what} uses {problem.kind} `{problem.name}` of domain `{problem.owner}`, "
                                       f"which domain `{domain}` does not depend on", out_of_sight(domain, problem.owner)))
            continue
        hint = suggest(problem.name.rpartition(".")[2], problem.known)
        where = "`functions:`, or declare it under `external: {functions: ...}`" if problem.kind == "function" else \
            "`tables:` or `views:`, in a domain this one `depends_on`, or under `external: {tables: ...}`"
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

    def seen(self, domain: str) -> set[str]:
        """The domains whose objects `domain` sees."""
        return {scope.domain.name for scope in self.scopes.visible(domain)}

    def _schemas(self, domain: str, schema: str | None) -> list[str]:
        return [schema] if schema else [s.schema for s in self.scopes.visible(domain)] + ["public"]

    def visible_functions(self, domain: str, schema: str | None, name: str) -> list[Function]:
        """Overloads of `name` that `domain` sees, in the order of the schemas searched."""
        seen = self.seen(domain)
        return [f for s in dict.fromkeys(self._schemas(domain, schema)) for f in self.functions.get((s, name), [])
                if self.owners.get(f.key) in seen]

    def visible_external(self, domain: str, schema: str | None, name: str) -> ExternalFunction | None:
        seen, schemas = self.seen(domain), self._schemas(domain, schema)
        return next((f for owner, f in self.external_functions
                     if owner in seen and f.name == name and f.schema in schemas), None)

    def function_owner(self, domain: str, schema: str | None, name: str) -> str | None:
        """The domain out of sight of `domain` that defines (or declares as
        external) function `name`, if one does: any schema when unqualified,
        since every managed schema is on the migration's search_path."""
        seen = self.seen(domain)
        owners = sorted({self.owners.get(f.key) for (s, n), overloads in self.functions.items()
                         if n == name and (not schema or s == schema) for f in overloads} |
                        {owner for owner, f in self.external_functions
                         if f.name == name and (not schema or f.schema == schema)})
        return next((o for o in owners if o is not None and o not in seen), None)

    def relation_owner(self, domain: str, schema: str | None, name: str) -> str | None:
        """The domain out of sight of `domain` that defines table or view `name`, if one does."""
        seen = self.seen(domain)
        for other, scope in sorted(self.scopes.by_domain.items()):
            if other in seen:
                continue
            for entry in (scope.tables.get(name), scope.external_tables.get(name)):
                if entry is not None and (not schema or entry.schema == schema):
                    return other
        return next((self.owners.get(key) for (s, n), key in sorted(self.views.items())
                     if n == name and (not schema or s == schema) and self.owners.get(key) not in seen), None)

    def _visible_view(self, domain: str, schema: str | None, name: str) -> str | None:
        seen = self.seen(domain)
        return next((key for s in self._schemas(domain, schema) if (key := self.views.get((s, name)))
                     and self.owners.get(key) in seen), None)

    def unknown(self, domain: str, refs: References, extensions_declared: bool,
                own_names: set[str] = frozenset()) -> list[Problem]:
        """What `refs` names that nothing visible defines. Built-ins of
        pg_catalog and information_schema are known from pg_builtins.
        Functions no domain defines are not judged when the specs install
        extensions, which bring functions of their own."""
        problems = self.out_of_sight(domain, refs)
        hidden = {p.name for p in problems}
        if not extensions_declared:
            for schema, name in sorted(refs.functions, key=lambda r: (r[0] or "", r[1])):
                reference = f"{schema}.{name}" if schema else name
                if reference in hidden or self._function_known(domain, schema, name):
                    continue
                known = sorted({n for (_, n) in self.functions} | {f.name for _, f in self.external_functions})
                problems.append(Problem("function", reference, tuple(known)))
        for schema, name in sorted(refs.relations, key=lambda r: (r[0] or "", r[1])):
            reference = f"{schema}.{name}" if schema else name
            if reference in hidden or self._relation_known(domain, schema, name, own_names):
                continue
            if self.scopes.was_dropped(domain, "tables", reference):
                continue
            known = sorted(set(self.scopes.names(domain, "tables")) | {n for (_, n) in self.views})
            problems.append(Problem("table or view", reference, tuple(known)))
        return problems

    def out_of_sight(self, domain: str, refs: References) -> list[Problem]:
        """What `refs` names that only domains out of sight of `domain` define."""
        problems = []
        for schema, name in sorted(refs.functions, key=lambda r: (r[0] or "", r[1])):
            if not self._function_known(domain, schema, name):
                owner = self.function_owner(domain, schema, name)
                if owner is not None:
                    problems.append(Problem("function", f"{schema}.{name}" if schema else name, owner=owner))
        for schema, name in sorted(refs.relations, key=lambda r: (r[0] or "", r[1])):
            if not self._relation_known(domain, schema, name):
                owner = self.relation_owner(domain, schema, name)
                if owner is not None:
                    problems.append(Problem("table or view", f"{schema}.{name}" if schema else name, owner=owner))
        return problems

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
        default_schema = self.scopes.by_domain[domain].schema
        for schema, name in refs.functions:
            keys.update(f.key for f in self.visible_functions(domain, schema, name))
        externals = {(e.schema, e.name) for s in self.scopes.visible(domain) for e in s.external_tables.values()} \
            if refs.relations else set()
        for schema, name in refs.relations:
            entry, _ = self.scopes.find(domain, "tables", f"{schema}.{name}" if schema else name)
            if entry is not None and (entry.schema, entry.name) not in externals:
                keys.add(f"table:{entry.schema}.{entry.name}")
            view_key = self.views.get((schema or default_schema, name))
            if view_key and self.owners.get(view_key) in self.seen(domain):
                keys.add(view_key)
        keys.discard(exclude)
        return tuple(sorted(keys))


def report_out_of_sight(collector: ErrorCollector, deps: Dependencies, domain: str, resolved) -> None:
    """A default, generated column, check or index expression of a table
    (`resolved`, a ResolvedTable) that calls a function only a domain out of
    sight defines: reported at the column, check or index."""
    texts = []
    for column in resolved.table.columns:
        default = column.default.expression if column.default is not None else None
        texts += [(f"{what} of column `{column.name}`", text, column.source)
                  for what, text in (("the default", default), ("the generated expression", column.generated)) if text]
    texts += [(f"check `{c.name}`", c.expression, c.source) for c in resolved.constraints
              if c.kind == "check" and c.expression]
    texts += [(f"exclusion constraint `{c.name}`", text, c.source) for c in resolved.constraints
              if c.kind == "exclusion" for text in [e.expression for e in c.elements] + [c.where] if text]
    for index in resolved.indexes:
        texts += [(f"index `{index.name}`", text, index.source)
                  for text in [e.expression for e in index.elements if e.expression] + [index.where] if text]
    for what, text, source in texts:
        for problem in deps.out_of_sight(domain, expression_references(text)):
            collector.add(SpecError(source.file, source.line, source.column, source.path,
                                    f"{what} uses {problem.kind} `{problem.name}` of domain `{problem.owner}`, "
                                    f"which domain `{domain}` does not depend on", out_of_sight(domain, problem.owner)))
