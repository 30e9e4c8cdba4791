"""What a name means to each domain: its own objects first, then those of
the domains it `depends_on`, then a unique match in any other domain
(docs/spec-language.md, "Name lookup"). Lookups answer with the object and
where it was defined."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.spec.load import LoadedDomain, SpecPart
from compiler.spec.models import EnumSpec, ExternalTableSpec, MixinSpec, TableSpec
from compiler.spec.source import SourceDocument


class Origin:
    """Where a spec object is written: its document and key path.

    A plain class with slots rather than a frozen dataclass: resolving makes
    one for every column, type and default written (60,000 for a 1,000-table
    project), almost all of them only in case an error must point there."""

    __slots__ = ("document", "path")

    def __init__(self, document: SourceDocument, path: tuple) -> None:
        self.document = document
        self.path = path

    def __eq__(self, other) -> bool:
        return isinstance(other, Origin) and self.document is other.document and self.path == other.path

    def __hash__(self) -> int:
        return hash((id(self.document), self.path))

    def __repr__(self) -> str:
        return f"Origin({self.document.file!r}, {self.path!r})"

    def at(self, *steps) -> "Origin":
        return Origin(self.document, self.path + steps)

    def error(self, message: str, hint: str = "", at_key: bool = False):
        return self.document.error(self.path, message, hint, at_key=at_key)


@dataclass
class Entry:
    """A named spec object registered for lookups."""

    domain: str
    schema: str
    name: str
    spec: TableSpec | EnumSpec | ExternalTableSpec | MixinSpec
    origin: Origin
    part: SpecPart


@dataclass
class DomainScope:
    """A domain's named objects: tables, enums and external tables by
    (schema, name), since a domain may hold objects of several schemas;
    mixins by name."""

    domain: LoadedDomain
    schema: str
    depends_on: list[str] = field(default_factory=list)
    tables: dict[tuple[str, str], Entry] = field(default_factory=dict)
    enums: dict[tuple[str, str], Entry] = field(default_factory=dict)
    domains: dict[tuple[str, str], Entry] = field(default_factory=dict)  # SQL domains (CREATE DOMAIN)
    types: dict[tuple[str, str], Entry] = field(default_factory=dict)  # composite and range types
    external_tables: dict[tuple[str, str], Entry] = field(default_factory=dict)
    external_types: list[str] = field(default_factory=list)
    mixins: dict[str, Entry] = field(default_factory=dict)
    dropped: set[tuple[str, ...]] = field(default_factory=set)  # entries left out for shape errors
    _by_name: dict[str, tuple[int, dict[str, list[Entry]]]] = field(default_factory=dict, repr=False)

    def named(self, kind: str, name: str) -> list[Entry]:
        """The entries of `kind` called `name`, in any of the domain's schemas
        (indexed once the registry is complete; again if it grew)."""
        registry = getattr(self, kind)
        size, index = self._by_name.get(kind, (-1, {}))
        if size != len(registry):
            index = {}
            for entry in registry.values():
                index.setdefault(entry.name, []).append(entry)
            self._by_name[kind] = (len(registry), index)
        return index.get(name, [])


class Scopes:
    def __init__(self) -> None:
        self.by_domain: dict[str, DomainScope] = {}

    def tiers(self, domain: str) -> list[list[DomainScope]]:
        """The domains in the order a bare name is looked up from `domain`:
        itself, then those it `depends_on`, then every other one."""
        scope = self.by_domain[domain]
        deps = [self.by_domain[d] for d in scope.depends_on if d in self.by_domain and d != domain]
        taken = {domain, *scope.depends_on}
        others = [s for name, s in sorted(self.by_domain.items()) if name not in taken]
        return [tier for tier in ([scope], deps, others) if tier]

    def visible(self, domain: str) -> list[DomainScope]:
        """Every domain, in lookup order from `domain`."""
        return [scope for tier in self.tiers(domain) for scope in tier]

    def was_dropped(self, domain: str, kind: str, reference: str) -> bool:
        """Whether `reference` names an entry left out because its shape was
        wrong (already reported): a reference to it needs no second error."""
        name = reference.rpartition(".")[2]
        return any((kind, name) in scope.dropped for scope in self.visible(domain))

    def column_was_dropped(self, domain: str, table: str, column: str) -> bool:
        """Whether `column` of `table` (or of a mixin the table uses) was left
        out because it was wrong (already reported)."""
        entry, _ = self.find(domain, "tables", table)
        owners = {table.rpartition(".")[2]}
        if entry is not None:
            owners |= set(getattr(entry.spec, "use", []))
        return any(("columns", owner, column) in scope.dropped for scope in self.by_domain.values() for owner in owners)

    def find(self, domain: str, kind: str, reference: str) -> tuple[Entry | None, list[Entry]]:
        """Look up `reference` (`name` or `schema.name`) among `kind`
        ("tables", "enums", "mixins", ...) visible from `domain`. Returns the
        entry, or None with the ambiguous candidates (if any)."""
        schema, _, name = reference.rpartition(".")
        if kind == "mixins":
            schema, name = "", reference
        for tier in self.tiers(domain):
            candidates: list[Entry] = []
            for scope in tier:
                entries = [scope.mixins.get(name)] if kind == "mixins" else scope.named(kind, name)
                if kind == "tables":
                    entries = entries + scope.named("external_tables", name)
                candidates += [e for e in entries if e is not None and (not schema or e.schema == schema)]
            unique = {(c.schema, c.name): c for c in candidates}
            if len(unique) == 1:
                return next(iter(unique.values())), []
            if unique:
                return None, list(unique.values())  # the nearest domains that define it disagree: ambiguous
        return None, []

    def names(self, domain: str, kind: str) -> list[str]:
        names = []
        for scope in self.visible(domain):
            registry = getattr(scope, kind)
            names.extend(registry if kind == "mixins" else (e.name for e in registry.values()))
            if kind == "tables":
                names.extend(e.name for e in scope.external_tables.values())
        return names
