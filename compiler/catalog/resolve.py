"""Spec models -> one Catalog.

Steps: order the domains by `depends_on` (a cycle is an error); register every
named object so lookups can see the domain and its dependencies; resolve each
table (mixins merged, types normalised, expressions checked, names generated
the way PostgreSQL would); check foreign key targets; check name rules over the
whole catalog. Every mistake is collected, then all are raised together.
"""

from __future__ import annotations

from compiler.catalog.foreign_keys import ForeignKeyResolver
from compiler.catalog.name_rules import check_names
from compiler.catalog.objects import Catalog, Column, Enum, Extension, ExternalTable, Schema, TypeRef
from compiler.catalog.pg_builtins import RELATIONS as SYSTEM_RELATIONS
from compiler.catalog.resolve_programmable import resolve_programmable
from compiler.catalog.scope import DomainScope, Entry, Origin, Scopes
from compiler.catalog.sequences import SequenceResolver, declared_sequences
from compiler.catalog.tables import ResolvedTable, TableResolver, source_of
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.load import LoadedDomain
from compiler.spec.models import ProjectSpec

DEFAULT_SCHEMA = "public"


def resolve(domains: list[LoadedDomain], settings: ProjectSpec, collector: ErrorCollector) -> Catalog:
    ordered = order_domains(domains, collector)
    scopes = Scopes()
    for domain in ordered:
        scopes.by_domain[domain.name] = _register(domain, collector)
    schemas: dict[str, Schema] = {}
    extensions: dict[str, Extension] = {}
    enums: list[Enum] = []
    externals: dict[tuple[str, str], ExternalTable] = {}
    tables: dict[tuple[str, str], ResolvedTable] = {}
    table_resolver = TableResolver(scopes, collector, settings.postgres.min_version)
    for domain in ordered:
        scope = scopes.by_domain[domain.name]
        for part in domain.parts:
            root = Origin(part.document, ())
            named = ([(part.spec.schema_, root.at("schema"))] if part.spec.schema_ else []) + \
                [(schema, root.at("schemas", i)) for i, schema in enumerate(part.spec.schemas)]
            named += [(x.schema_, root.at("extensions", i, "schema")) for i, x in enumerate(part.spec.extensions)]
            for schema, origin in named:
                if _case_clash(schema, origin, schemas, collector):
                    continue
                if schema != DEFAULT_SCHEMA and schema not in schemas:
                    schemas[schema] = Schema(schema, source_of(origin))
            for i, spec in enumerate(part.spec.extensions):
                extension = Extension(spec.name, spec.schema_, source_of(root.at("extensions", i)))
                first = extensions.setdefault(spec.name, extension)
                if first.schema != extension.schema:
                    collector.add(root.at("extensions", i).error(
                        f"extension `{spec.name}` is installed in schema `{first.schema}` by {first.source.file}:"
                        f"{first.source.line}, and in `{extension.schema}` here",
                        "an extension is installed once per database; give it the same `schema:` everywhere"))
        for entry in scope.enums.values():
            spec = entry.spec
            enums.append(Enum(entry.schema, entry.name, tuple(spec.labels), spec.comment, source_of(entry.origin),
                              renamed_from=spec.renamed_from, value_renames=tuple(spec.value_renames.items()),
                              remap=tuple(spec.remap.items())))
        for entry in scope.external_tables.values():
            externals[(entry.schema, entry.name)] = _external(entry, table_resolver)
    for (schema, name), external in sorted(externals.items()):
        if schema in schemas:
            entry = next(s.external_tables[name] for s in scopes.by_domain.values()
                         if name in s.external_tables and s.external_tables[name].schema == schema)
            created = schemas[schema].source
            collector.add(entry.origin.error(
                f"external table `{name}` is in schema `{schema}`, which the migrations create "
                f"({created.file}:{created.line}): a table that exists already needs its schema to exist already",
                f"qualify it with the schema it lives in (`other_schema.{name}`), or make it a table of the specs",
                at_key=True))
    entries = {}
    twins: list[ResolvedTable] = []  # a second table of a name, for the name rules to report
    for domain in ordered:
        for entry in scopes.by_domain[domain.name].tables.values():
            resolved = table_resolver.resolve(entry)
            if resolved is None:
                continue
            if (entry.schema, entry.name) in tables:
                twins.append(resolved)
                continue
            tables[(entry.schema, entry.name)] = resolved
            entries[(entry.schema, entry.name)] = entry
    programmable, external_functions, external_roles = resolve_programmable(
        ordered, scopes, tables, entries, table_resolver, collector, settings.postgres.min_version)
    fk_resolver = ForeignKeyResolver(scopes, collector, tables, externals)
    objects = list(schemas.values()) + list(extensions.values()) + enums + programmable
    objects += SequenceResolver(scopes, collector).resolve(declared_sequences(scopes, collector), tables)
    for resolved in tables.values():
        objects += [resolved.table, *resolved.constraints, *resolved.indexes, *resolved.sequences]
        objects += [c for c in (fk_resolver.resolve(fk) for fk in resolved.foreign_keys) if c]
    named = objects + [o for twin in twins for o in (twin.table, *twin.constraints, *twin.indexes, *twin.sequences)]
    external_types = sorted({t for scope in scopes.by_domain.values() for t in scope.external_types})
    accepted = tuple((key, source_of(Origin(part.document, ("accept_destructive", i))))
                     for domain in ordered for part in domain.parts
                     for i, key in enumerate(part.spec.accept_destructive))
    catalog = Catalog(tuple(objects), tuple(externals.values()), tuple(external_types), tuple(external_functions),
                      tuple(external_roles), accepted_destructive=accepted)
    check_names(named, collector)
    return catalog


def _case_clash(schema: str, origin: Origin, schemas: dict, collector: ErrorCollector) -> bool:
    """A schema name that differs only in case from `public` or from another
    managed schema is an error: PostgreSQL would create a second schema
    ("Public" next to public)."""
    others = [DEFAULT_SCHEMA, *schemas]
    other = next((o for o in others if o.lower() == schema.lower() and o != schema), None)
    if other is None:
        return False
    collector.add(origin.error(
        f"schema `{schema}` differs only in case from schema `{other}`",
        f"PostgreSQL would create a second schema \"{schema}\" next to `{other}`; write `{other}`"))
    return True


def order_domains(domains: list[LoadedDomain], collector: ErrorCollector) -> list[LoadedDomain]:
    """Domains with every dependency before its dependents; ties by name."""
    by_name = {d.name: d for d in domains}
    for domain in domains:
        for part in domain.parts:
            for i, dep in enumerate(part.spec.depends_on):
                if dep not in by_name:
                    others = sorted(n for n in by_name if n != domain.name)
                    hint = suggest(dep, others) or (f"known domains: {', '.join(others)}" if others else
                                                    "no other domain is loaded; pass its spec too, or remove it")
                    collector.add(part.document.error(("depends_on", i), f"unknown domain `{dep}`", hint))
                elif dep == domain.name:
                    collector.add(part.document.error(("depends_on", i), "a domain cannot depend on itself", "remove it"))
    ordered: list[LoadedDomain] = []
    state: dict[str, str] = {}

    def visit(domain: LoadedDomain, trail: list[str]) -> None:
        if state.get(domain.name) == "done":
            return
        if state.get(domain.name) == "visiting":
            cycle = trail[trail.index(domain.name):] + [domain.name]
            part = domain.parts[0]
            collector.add(part.document.error(("depends_on",), f"domains depend on each other in a cycle: {' -> '.join(cycle)}",
                                              "a domain may only depend on domains that do not depend back on it", at_key=True))
            return
        state[domain.name] = "visiting"
        for dep in sorted({d for p in domain.parts for d in p.spec.depends_on}):
            if dep in by_name and dep != domain.name:
                visit(by_name[dep], trail + [domain.name])
        state[domain.name] = "done"
        ordered.append(domain)

    for domain in sorted(domains, key=lambda d: d.name):
        visit(domain, [])
    return ordered


def _register(domain: LoadedDomain, collector: ErrorCollector) -> DomainScope:
    schemas = {p.spec.schema_ for p in domain.parts if p.spec.schema_}
    if len(schemas) > 1:
        collector.add(domain.parts[0].document.error(("schema",), f"the files of domain `{domain.name}` name different schemas: "
                                                     f"{', '.join(sorted(schemas))}", "give the domain one default schema"))
    schema = sorted(schemas)[0] if schemas else DEFAULT_SCHEMA
    scope = DomainScope(domain, schema, sorted({d for p in domain.parts for d in p.spec.depends_on}))
    for part in domain.parts:
        scope.dropped |= part.dropped
        root = Origin(part.document, ())
        for kind in ("tables", "enums", "mixins"):
            for name, spec in getattr(part.spec, kind).items():
                if "." in name:
                    _qualified_key(kind, name, schema, root.at(kind, name), collector)
                    scope.dropped.add((kind, name.rpartition(".")[2]))
                    continue
                _add(getattr(scope, kind), Entry(domain.name, schema, name, spec, root.at(kind, name), part), collector)
        for name, spec in part.spec.external.tables.items():
            ext_schema, _, bare = name.rpartition(".")
            if ext_schema in ("pg_catalog", "information_schema") and bare not in SYSTEM_RELATIONS:
                collector.add(root.at("external", "tables", name).error(
                    f"PostgreSQL has no system relation `{name}`",
                    f"{ext_schema} holds only PostgreSQL's own relations (which need no declaration); name the "
                    "schema the table really lives in", at_key=True))
                continue
            _add(scope.external_tables, Entry(domain.name, ext_schema or schema, bare, spec,
                                              root.at("external", "tables", name), part), collector)
        scope.external_types.extend(part.spec.external.types)
    return scope


_NOUNS = {"tables": "table", "enums": "enum", "mixins": "mixin"}


def _qualified_key(kind: str, name: str, schema: str, origin: Origin, collector: ErrorCollector) -> None:
    """A `schema.name` key where a domain takes plain names: PostgreSQL
    would get a name holding a dot, in the domain's schema."""
    noun = _NOUNS[kind]
    if kind == "mixins":
        collector.add(origin.error(f"a mixin name cannot hold a dot: `use: [{name}]` would look for mixin "
                                   f"`{name.rpartition('.')[2]}` of a schema `{name.rpartition('.')[0]}`",
                                   "give the mixin a name without a dot", at_key=True))
        return
    collector.add(origin.error(
        f"{'an' if noun == 'enum' else 'a'} {noun} key is a plain name: `{name}` would make the {noun} \"{name}\" in schema `{schema}`",
        f"a domain's {kind} go into its schema (`schema: {schema}`); to put `{name.rpartition('.')[2]}` in schema "
        f"`{name.rpartition('.')[0]}`, define it in a domain with `schema: {name.rpartition('.')[0]}`. "
        "A name that really holds a dot cannot be written as a key", at_key=True))


def _add(registry: dict[str, Entry], entry: Entry, collector: ErrorCollector) -> None:
    if entry.name in registry:
        first = registry[entry.name]
        collector.add(entry.origin.error(f"`{entry.name}` is defined twice in domain `{entry.domain}`",
                                         f"the other definition is at {first.origin.document.file}:"
                                         f"{first.origin.document.locate(first.origin.path)[0]}", at_key=True))
        return
    registry[entry.name] = entry


def _external(entry: Entry, resolver: TableResolver) -> ExternalTable:
    spec = entry.spec
    columns = []
    for name, column in spec.columns.items():
        type_ref = resolver.columns.resolve_type(entry.domain, column.type, entry.origin.at("columns", name, "type"), external=True)
        columns.append(Column(name, type_ref or TypeRef("text"), source=source_of(entry.origin.at("columns", name))))
    keys = [tuple(n for n, c in spec.columns.items() if c.primary_key)]
    keys += [(n,) for n, c in spec.columns.items() if c.unique]
    if spec.primary_key:
        keys.append(tuple(spec.primary_key.columns))
    keys += [tuple(u.columns) for u in spec.unique]
    return ExternalTable(entry.schema, entry.name, tuple(columns), tuple(k for k in keys if k), source_of(entry.origin))
