"""What each domain can see: its own objects and those of the domains it
`depends_on`. Lookups answer with the object and where it was defined."""

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
    domain: LoadedDomain
    schema: str
    depends_on: list[str] = field(default_factory=list)
    tables: dict[str, Entry] = field(default_factory=dict)
    enums: dict[str, Entry] = field(default_factory=dict)
    domains: dict[str, Entry] = field(default_factory=dict)  # SQL domains (CREATE DOMAIN)
    types: dict[str, Entry] = field(default_factory=dict)  # composite and range types
    external_tables: dict[str, Entry] = field(default_factory=dict)
    external_types: list[str] = field(default_factory=list)
    mixins: dict[str, Entry] = field(default_factory=dict)
    dropped: set[tuple[str, ...]] = field(default_factory=set)  # entries left out for shape errors


class Scopes:
    def __init__(self) -> None:
        self.by_domain: dict[str, DomainScope] = {}

    def visible(self, domain: str) -> list[DomainScope]:
        scope = self.by_domain[domain]
        return [scope] + [self.by_domain[d] for d in scope.depends_on if d in self.by_domain]

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
        candidates: list[Entry] = []
        for scope in self.visible(domain):
            entries = [getattr(scope, kind).get(name)]
            if kind == "tables":
                entries.append(scope.external_tables.get(name))
            for entry in entries:
                if entry is not None and (not schema or entry.schema == schema):
                    candidates.append(entry)
            if candidates and not schema and scope is self.by_domain[domain]:
                break  # the domain's own objects win over its dependencies'
        unique = {(c.schema, c.name): c for c in candidates}
        if len(unique) == 1:
            return next(iter(unique.values())), []
        return None, list(unique.values())

    def names(self, domain: str, kind: str) -> list[str]:
        names = []
        for scope in self.visible(domain):
            names.extend(getattr(scope, kind))
            if kind == "tables":
                names.extend(scope.external_tables)
        return names
