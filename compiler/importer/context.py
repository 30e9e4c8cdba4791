"""What every writer of `schemac import` asks: which domain an object goes
to, how that domain spells a reference to an object or a type so that the
spec language's name lookup (docs/spec-language.md, "Name lookup") finds
exactly that object again, and whether a name is the one schemac would
generate. Built once per import (`WriteContext.build`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.catalog import types as pgtypes
from compiler.catalog.objects import Catalog, Enum, ExternalTable, Table, TypeRef
from compiler.catalog.programmable import ExternalFunction, Function, View
from compiler.catalog.user_types import CompositeType, DomainType, RangeType

DEFAULT_SCHEMA = "public"

# the kind of name lookup each catalog class is found by
LOOKUP_KIND = {Table: "tables", ExternalTable: "tables", Enum: "enums", DomainType: "domains",
               CompositeType: "types", RangeType: "types", View: "views", Function: "functions",
               ExternalFunction: "functions"}
_KEY_PREFIX = {"enum": "enum", "domain": "domain_type", "composite": "type", "range": "type",
               "table": "table", "view": "view"}
_TYPE_KIND = {"enum": "enums", "domain": "domains", "composite": "types", "range": "types",
              "table": "tables", "view": "views"}

# the spelling people write for a built-in type (compiler/catalog/types.py reads each back as the canonical name)
SHORT_TYPE = {
    "character varying": "varchar", "character": "char", "bit varying": "varbit",
    "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
    "time with time zone": "timetz", "time without time zone": "time",
}


class Unexpressible(Exception):
    """The spec language cannot say what this object is (a name holding a
    dot where a reference would split it, a type it does not know ...):
    raised by a writer, reported by the import with the object's kind and
    name, never dropped silently."""


@dataclass(frozen=True)
class Unsupported:
    """An object the import cannot write: its kind, its name and why."""

    kind: str
    name: str
    reason: str

    def line(self) -> str:
        return f"{self.kind} {self.name}: {self.reason}"


def object_kind(obj) -> str:
    key = getattr(obj, "key", None)
    return key.partition(":")[0] if key else type(obj).__name__.lower()


def object_name(obj) -> str:
    key = getattr(obj, "key", None)
    if key:
        return key.partition(":")[2]
    return f"{getattr(obj, 'schema', '')}.{getattr(obj, 'name', '')}".strip(".")


@dataclass(frozen=True)
class WriteContext:
    catalog: Catalog
    by_key: dict[str, object]
    domains: dict[str, str]  # schema -> domain
    schemas: dict[str, str]  # domain -> its `schema:`
    external_domain: str  # where `external:` declarations go when no other domain is theirs
    # lookup kind -> bare name -> [(domain, schema)] of the objects a bare name may find
    entries: dict[str, dict[str, list[tuple[str, str]]]] = field(repr=False, default_factory=dict)
    problems: list[Unsupported] = field(default_factory=list, compare=False)
    external_types_used: dict[str, set[str]] = field(default_factory=dict, compare=False)
    # tables outside the written schemas that foreign keys reference (`external:` declarations), by key
    outside: dict[str, object] = field(default_factory=dict, compare=False)
    memo: dict = field(default_factory=dict, compare=False)  # what writers work out once per import
    table_domains: dict[tuple[str, str], str] = field(default_factory=dict)  # (schema, table) -> domain, when grouped
    depends: dict[str, list[str]] = field(default_factory=dict)  # domain -> its `depends_on`

    @classmethod
    def build(cls, catalog: Catalog, group: str = "schema", outside=()) -> "WriteContext":
        """`group`: `schema` (one domain per schema) or `prefix` (besides,
        a domain for each group of two or more tables of a schema whose
        names start alike, `billing_invoices` and `billing_payments` in
        domain `billing`, depending on its schema's domain)."""
        schemas = sorted({o.name for o in catalog.objects if object_kind(o) == "schema"}
                         | ({DEFAULT_SCHEMA} if any(_in_public(o) for o in catalog.objects) else set()))
        if not schemas:
            schemas = [DEFAULT_SCHEMA]
        domains = {schema: schema for schema in schemas}
        by_schema = {domain: schema for schema, domain in domains.items()}
        external = domains.get(DEFAULT_SCHEMA, domains[schemas[0]])
        tables = _table_groups(catalog, domains) if group == "prefix" else {}
        depends = {}
        for (schema, _), domain in tables.items():
            by_schema[domain] = schema
            depends[domain] = [domains[schema]]
        entries: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for obj in (*catalog.objects, *catalog.external_tables, *catalog.external_functions):
            kind = LOOKUP_KIND.get(type(obj))
            if kind is None or getattr(obj, "partition_of", None):
                continue
            domain = tables.get((obj.schema, obj.name)) if kind == "tables" else None
            domain = domain or domains.get(obj.schema, external)
            entries.setdefault(kind, {}).setdefault(obj.name, []).append((domain, obj.schema))
        outside = {t.key: t for t in outside}
        for table in outside.values():
            entries.setdefault("tables", {}).setdefault(table.name, []).append((external, table.schema))
        return cls(catalog, catalog.by_key(), domains, by_schema, external, entries, outside=outside,
                   table_domains=tables, depends=depends)

    # ------------------------------------------------------------ domains

    def domain_of(self, schema: str | None, table: str | None = None) -> str:
        """The domain an object of `schema` goes to (objects of schemas no
        domain holds: the domain holding the `external:` declarations);
        with `table`, the domain of that table (and so of what is written
        under it: its indexes, triggers, policies, grants)."""
        if table is not None and self.table_domains:
            parent = self.by_key.get(f"table:{schema}.{table}")
            found = self.table_domains.get((schema, getattr(parent, "partition_of", None) or table))
            if found is not None:
                return found
        return self.domains.get(schema or DEFAULT_SCHEMA, self.external_domain)

    def schema_of(self, domain: str) -> str:
        return self.schemas.get(domain, DEFAULT_SCHEMA)

    # ------------------------------------------------------------ references

    def name(self, domain: str, schema: str | None, name: str, kind: str = "tables") -> str:
        """How `domain` writes a reference to the object `schema.name` of
        lookup `kind`: bare when the bare name finds exactly that object
        (its own domain first, then every other one), else `schema.name`.
        A name holding a dot cannot be spelled either way."""
        if "." in name or (schema and "." in schema):
            raise Unexpressible(f"the name `{name if '.' in name else schema}` holds a dot, which a reference "
                                "in the specs reads as `schema.name`")
        if schema is None:
            return name
        found = self.entries.get(kind, {}).get(name, [])
        nearer = {domain, *self.depends.get(domain, ())}
        for tier in ({domain}, set(self.depends.get(domain, ())), None):
            schemas = {s for d, s in found if (d in tier if tier is not None else d not in nearer)}
            if schemas:
                return name if schemas == {schema} else f"{schema}.{name}"
        return name if schema == self.schema_of(domain) else f"{schema}.{name}"

    def key_name(self, domain: str, schema: str, name: str) -> str:
        """The key an object of `schema` is written under in `domain`'s
        `tables:`, `enums:` ...: bare in the domain's own schema."""
        if "." in name:
            raise Unexpressible(f"the name `{name}` holds a dot, which a key of the specs reads as `schema.name`")
        return name if schema == self.schema_of(domain) else f"{schema}.{name}"

    def type_name(self, domain: str, ref: TypeRef, row_types: bool = False) -> str:
        """The spec text of a type as `domain` writes it: the short aliases
        people write for built-in types (`timestamptz`, `varchar(20)`,
        `text[]`), user types by `name()`, types the specs do not define
        declared under `external: types:`. `row_types`: where a table's or
        view's name is read as its row type first (function arguments and
        results), so such a name shadows a type."""
        memo = self.memo.setdefault("types", {})
        known = memo.get((domain, ref, row_types))
        if known is None:
            known = memo[(domain, ref, row_types)] = self._type_name(domain, ref, row_types)
        return known

    def _type_name(self, domain: str, ref: TypeRef, row_types: bool) -> str:
        dims = "[]" * ref.array_dims
        if ref.kind in _TYPE_KIND and f"{_KEY_PREFIX[ref.kind]}:{ref.schema}.{ref.name}" not in self.by_key:
            ref = TypeRef(ref.name, ref.schema, ref.modifiers, ref.array_dims, "external")  # a type of another schema
        if ref.kind in _TYPE_KIND:
            return self.name(domain, ref.schema, ref.name, _TYPE_KIND[ref.kind]) + dims
        if ref.kind == "external":
            text = f"{ref.schema}.{ref.name}" if ref.schema else ref.name
            if "." in ref.name or (ref.schema and "." in ref.schema):
                raise Unexpressible(f"the type name `{text}` holds a dot")
            self.external_types_used.setdefault(domain, set()).add(text)
            return text + (f"({','.join(map(str, ref.modifiers))})" if ref.modifiers else "") + dims
        for spelling in (SHORT_TYPE.get(ref.name, ref.name), ref.name):
            if self._shadowed(spelling, row_types):
                continue
            text = spelling + (f"({','.join(map(str, ref.modifiers))})" if ref.modifiers else "")
            try:
                parsed = pgtypes.parse_type(text + dims)
            except pgtypes.TypeSyntaxError:
                continue
            if pgtypes.builtin_name(parsed.name, parsed.modifiers) == (ref.name, ref.modifiers) \
                    and parsed.array_dims == ref.array_dims:
                return text + dims
        raise Unexpressible(f"the type `{ref.name}` is not one the spec language knows by name")

    def constraints_of(self, table_key: str) -> list:
        """The constraints of a table, in key order (worked out once)."""
        index = self.memo.get("constraints")
        if index is None:
            index = self.memo["constraints"] = {}
            for obj in self.catalog.objects:
                if object_kind(obj) == "constraint":
                    index.setdefault(obj.table_key, []).append(obj)
        return index.get(table_key, [])

    def _shadowed(self, name: str, row_types: bool) -> bool:
        """Whether a bare type name would find a type of the specs first."""
        kinds = ("enums", "domains", "types") + (("tables", "views") if row_types else ())
        return any(self.entries.get(kind, {}).get(name) for kind in kinds)

    # ------------------------------------------------------------ what cannot be written

    def unsupported(self, obj, reason: str) -> None:
        """The writer cannot express `obj`: reported, never dropped silently."""
        self.problems.append(Unsupported(object_kind(obj), object_name(obj), reason))


def _in_public(obj) -> bool:
    """An object the `public` schema's domain holds (an extension installed
    there does not make one)."""
    return getattr(obj, "schema", None) == DEFAULT_SCHEMA and object_kind(obj) not in ("extension", "schema")


_IDENT = re.compile(r"^[A-Za-z0-9_-]+$")


def file_name(domain: str, taken: set[str]) -> str:
    """The file `specs/<name>.yaml` of a domain: its name where that is a
    plain file name, else a plain form of it made unique."""
    base = domain if _IDENT.match(domain) else (re.sub(r"[^A-Za-z0-9_-]+", "_", domain).strip("_") or "domain")
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name.lower())
    return name


def _table_groups(catalog: Catalog, domains: dict[str, str]) -> dict[tuple[str, str], str]:
    """(schema, table) -> the domain of its name's prefix (what comes before
    its first `_`), for each prefix two or more tables of a schema share."""
    groups: dict[tuple[str, str], list[str]] = {}
    for table in catalog.tables:
        if not table.partition_of:
            groups.setdefault((table.schema, table.name.split("_")[0]), []).append(table.name)
    taken = {d.lower() for d in domains.values()}
    result = {}
    for (schema, prefix), names in sorted(groups.items()):
        if len(names) < 2 or not prefix:
            continue
        domain = prefix if schema == DEFAULT_SCHEMA else f"{schema}_{prefix}"
        base, n = domain, 2
        while domain.lower() in taken:
            domain, n = f"{base}_{n}", n + 1
        taken.add(domain.lower())
        result.update(((schema, name), domain) for name in names)
    return result
