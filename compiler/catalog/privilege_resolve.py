"""Resolve the privilege model beyond an object's own `grants:`: column
privileges, owners (per object, or the domain's `owner:`), `schema_grants:`
(with the USAGE a role needs on the schemas of what it is granted), and
`default_privileges:` (ALTER DEFAULT PRIVILEGES).

Default privileges of the role that runs the migrations (no `for_role`)
also hold for the objects of the specs: PostgreSQL gives them to every table
or function that role creates later, so the specs' own objects get them as
explicit grants (and a revoked PUBLIC EXECUTE), whichever migration made them.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Table
from compiler.catalog.privileges import DEFAULT_PRIVILEGE_KINDS, PUBLIC_BY_DEFAULT, DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, View
from compiler.catalog.scope import Origin, Scopes
from compiler.catalog.security import SecurityResolver, _item, _privileges
from compiler.catalog.tables import source_of
from compiler.errors import ErrorCollector

PUBLIC_SCHEMA_BASELINE = ("usage",)  # what PUBLIC holds on schema public (PostgreSQL 15 and later)


class PrivilegeResolver:
    def __init__(self, collector: ErrorCollector, security: SecurityResolver, ordered, scopes: Scopes) -> None:
        self.collector = collector
        self.security = security
        self.scopes = scopes
        self.domain_owner: dict[str, tuple[str, Origin]] = {}
        self.schema_specs: list[tuple[str, dict, Origin]] = []  # (schema, role -> GrantSpec, origin)
        self.default_specs: list[tuple[object, Origin]] = []
        self.schemas_of: dict[str, set[str]] = {}  # domain -> the schemas it creates
        for domain in ordered:
            own = {scopes.by_domain[domain.name].schema}
            for part in domain.parts:
                root = Origin(part.document, ())
                own.update(part.spec.schemas)
                if part.spec.owner is not None and self._owner_role(part.spec.owner, root.at("owner")):
                    first = self.domain_owner.setdefault(domain.name, (part.spec.owner, root.at("owner")))
                    if first[0] != part.spec.owner:
                        collector.add(root.at("owner").error(
                            f"domain `{domain.name}` is owned by `{first[0]}` in another of its files",
                            "a domain has one default owner; give the other objects their own `owner:`"))
                for schema, grants in part.spec.schema_grants.items():
                    self.schema_specs.append((schema, grants, root.at("schema_grants", schema)))
                for i, spec in enumerate(part.spec.default_privileges):
                    self.default_specs.append((spec, root.at("default_privileges", i)))
            self.schemas_of[domain.name] = own - {"public"}

    def _owner_role(self, role: str, origin: Origin) -> bool:
        if role == "public":
            self.collector.add(origin.error("PUBLIC cannot own an object", "name a role declared under `roles:`"))
            return False
        return self.security.check_role(role, origin)

    # -- owners ------------------------------------------------------------
    def owner(self, domain: str, obj, spec_owner: str | None, origin: Origin) -> list[Owner]:
        """The owner of a table, view or function: its own `owner:`, else its domain's."""
        if spec_owner is not None:
            if not self._owner_role(spec_owner, origin.at("owner")):
                return []
            role, source = spec_owner, origin.at("owner")
        elif domain in self.domain_owner:
            role, source = self.domain_owner[domain][0], origin
        else:
            return []
        arg_types: tuple = ()
        if isinstance(obj, Table):
            kind = "table"
        elif isinstance(obj, View):
            kind = "materialized view" if obj.materialized else "view"
        else:
            kind = "function" if obj.returns is not None else "procedure"
            arg_types = tuple(a.type for a in obj.args if a.mode != "out")
        return [Owner(obj.key, kind, obj.schema, obj.name, role, arg_types, source=source_of(source))]

    def _schema_owners(self) -> list[Owner]:
        owners: dict[str, Owner] = {}
        for domain, (role, origin) in sorted(self.domain_owner.items()):
            for schema in sorted(self.schemas_of.get(domain, ())):
                owner = Owner(f"schema:{schema}", "schema", schema, schema, role, source=source_of(origin))
                first = owners.setdefault(schema, owner)
                if first.role != role:
                    self.collector.add(origin.error(
                        f"schema `{schema}` would be owned by `{first.role}` ({first.source.file}:"
                        f"{first.source.line}) and by `{role}` here",
                        "the domains that share a schema need one owner"))
        return list(owners.values())

    # -- column privileges ---------------------------------------------------
    def column_grants(self, entry, table: Table) -> list[Grant]:
        """GRANT SELECT (column) ...: the `grants:` of the table's columns
        (its mixins' included, unless the table overrides the column)."""
        sources = [(entry.spec, entry.origin)]
        for mixin_name in entry.spec.use:
            mixin, _ = self.scopes.find(entry.domain, "mixins", mixin_name)
            if mixin is not None:
                sources.append((mixin.spec, mixin.origin))
        seen: set[str] = set()
        result = []
        for body, origin in sources:
            for column, spec in body.columns.items():
                if column in seen:
                    continue
                seen.add(column)
                if spec.grants and table.column(column) is not None:
                    result += self.security.grants(table.key, "column", table.schema, table.name, spec.grants,
                                                   origin.at("columns", column, "grants"), column=column)
        return result

    # -- schema privileges -------------------------------------------------
    def _schema_grants(self, objects: list) -> list[Grant]:
        by_key: dict[str, Grant] = {}
        explicit_empty: dict[tuple[str, str], Origin] = {}
        for schema, grants, origin in self.schema_specs:
            for role, spec in grants.items():
                if schema == "public" and role == "public":
                    if not self.security.check_role(role, origin.at(role)):
                        continue
                    made = self.security.grants(f"schema:{schema}", "schema", schema, schema, {role: spec}, origin)
                    if spec.privileges and not made:
                        continue
                    grant = made[0] if made else Grant(f"schema:{schema}", "schema", schema, schema, role, (),
                                                       source=source_of(origin.at(role)))
                    found = [dataclasses.replace(grant, baseline=PUBLIC_SCHEMA_BASELINE)]
                else:
                    found = self.security.grants(f"schema:{schema}", "schema", schema, schema, {role: spec}, origin)
                    if not spec.privileges:
                        explicit_empty[(schema, role)] = origin.at(role)
                for grant in found:
                    _merge(by_key, grant)
        needed = sorted({(g.schema, g.role) for g in objects if isinstance(g, Grant) and g.object_kind != "schema"
                         and g.schema != "public"})
        for schema, role in needed:
            if (schema, role) in explicit_empty:
                self.collector.add(explicit_empty[(schema, role)].error(
                    f"role `{role}` is granted privileges on objects of schema `{schema}`, and needs USAGE on it",
                    "grant it `[usage]`, or leave the role out (schemac then grants USAGE itself)"))
            _merge(by_key, Grant(f"schema:{schema}", "schema", schema, schema, role, ("usage",)))
        return [by_key[k] for k in sorted(by_key)]

    # -- default privileges --------------------------------------------------
    def _default_privileges(self) -> list[DefaultPrivilege]:
        result: dict[str, DefaultPrivilege] = {}
        for spec, origin in self.default_specs:
            if spec.for_role is not None and not self._owner_role(spec.for_role, origin.at("for_role")):
                continue
            if spec.for_role is None and spec.on in ("sequences", "types", "schemas"):
                self.collector.add(origin.error(
                    f"default privileges on {spec.on} need `for_role`",
                    "name the role whose new objects get them (`for_role: app_owner`); without it they would "
                    "follow whichever role runs the migrations", at_key=True))
                continue
            if spec.schema_ is not None and spec.on == "schemas":
                self.collector.add(origin.at("schema").error(
                    "default privileges on schemas cannot be limited to a schema",
                    "leave out `schema:` (ALTER DEFAULT PRIVILEGES ... ON SCHEMAS takes no IN SCHEMA)"))
                continue
            allowed = DEFAULT_PRIVILEGE_KINDS[spec.on]
            if self.security.min_version < 17:
                allowed = tuple(p for p in allowed if p != "maintain")
            for role, grant in spec.grants.items():
                at = origin.at("grants", role)
                if not self.security.check_role(role, at):
                    continue
                wrong = [p for p in grant.privileges if p not in allowed + ("all",)]
                for p in wrong:
                    self.collector.add(_item(at, p, grant.privileges.index(p)).error(
                        f"`{p}` is not a privilege of {spec.on}", f"{spec.on} have: {', '.join(allowed)}, all"))
                if wrong:
                    continue
                if grant.grant_option and role == "public":
                    self.collector.add(at.at("grant_option").error("PUBLIC cannot be given the grant option",
                                                                   "grant it to a role"))
                    continue
                if not grant.privileges:
                    if role != "public" or spec.on not in PUBLIC_BY_DEFAULT:
                        continue  # an empty list gives nothing
                    if spec.schema_ is not None:
                        self.collector.add(at.error(
                            f"PUBLIC's default {PUBLIC_BY_DEFAULT[spec.on][0].upper()} on {spec.on} can only be "
                            "revoked for all schemas",
                            "leave out `schema:`: PostgreSQL adds default privileges per schema but revokes "
                            "built-in ones only database-wide", at_key=True))
                        continue
                    privileges: tuple[str, ...] = ()
                elif "all" in grant.privileges:
                    privileges = ("all",) if spec.on == "tables" else allowed
                else:
                    privileges = tuple(p for p in allowed if p in grant.privileges)
                item = DefaultPrivilege(spec.for_role, spec.schema_, spec.on, role, privileges, grant.grant_option,
                                        source=source_of(at))
                if item.key in result:
                    self.collector.add(at.error(
                        f"role `{role}`'s default privileges on {spec.on} are declared twice for this role and schema",
                        "merge the two entries", at_key=True))
                    continue
                result[item.key] = item
        return [result[k] for k in sorted(result)]

    def _apply_own_defaults(self, objects: list, tables: list[Table], defaults: list[DefaultPrivilege]) -> list:
        """The default privileges of the role running the migrations (no
        `for_role`) on the specs' own tables, views and functions."""
        own = [d for d in defaults if d.for_role is None]
        if not own:
            return objects
        by_key = {o.key: o for o in objects if isinstance(o, Grant)}
        revoked_public: set[str] = set()
        for obj in [*tables, *objects]:
            kind = "tables" if isinstance(obj, (Table, View)) else "functions" if isinstance(obj, Function) else None
            if kind is None:
                continue
            for d in own:
                if d.on != kind or d.schema not in (None, obj.schema):
                    continue
                if d.revokes_builtin:
                    revoked_public.add(obj.key)
                    continue
                if isinstance(obj, Function):
                    kind = "function" if obj.returns is not None else "procedure"
                    grant = Grant(obj.key, kind, obj.schema, obj.name, d.role, ("execute",),
                                  tuple(a.type for a in obj.args if a.mode != "out"), source=d.source,
                                  grant_option=d.grant_option)
                else:
                    grant = Grant(obj.key, "view" if isinstance(obj, View) else "table", obj.schema, obj.name, d.role,
                                  d.privileges, source=d.source, grant_option=d.grant_option)
                _merge(by_key, grant)
        result = []
        for obj in objects:
            if isinstance(obj, Grant):
                continue
            if isinstance(obj, Function) and obj.key in revoked_public and obj.public_execute:
                explicit = by_key.get(f"grant:{obj.key}:public")
                obj = dataclasses.replace(obj, public_execute=explicit is not None)
            result.append(obj)
        return result + [by_key[k] for k in sorted(by_key)]

    # -- checks and the whole ------------------------------------------------
    def finish(self, objects: list, tables: list[Table]) -> list:
        """`objects` with the schema grants, default privileges and schema
        owners added, and the rules across them checked."""
        defaults = self._default_privileges()
        objects = self._apply_own_defaults(objects, tables, defaults)
        objects += self._schema_grants(objects)
        objects += defaults
        objects += self._schema_owners()
        self._check(objects)
        return objects

    def _check(self, objects: list) -> None:
        owners = {o.on: o.role for o in objects if isinstance(o, Owner)}
        table_level = {(g.on, g.role): set(g.privileges) for g in objects if isinstance(g, Grant) and g.column is None}
        for g in objects:
            if not isinstance(g, Grant) or g.source is None:
                continue
            where = g.source
            if owners.get(g.on) == g.role:
                self.collector.add(_error_at(where, f"role `{g.role}` owns {g.on.replace(':', ' ', 1)} and holds "
                                             "every privilege on it", "remove the grant"))
            if g.column is not None:
                whole = table_level.get((g.on, g.role), set())
                both = set(g.privileges) if "all" in whole else set(g.privileges) & whole
                if both:
                    self.collector.add(_error_at(where, f"role `{g.role}` is granted {', '.join(sorted(both))} on "
                                                 f"the whole table already, so on column `{g.column}` too",
                                                 "keep one: the table's grant, or the column's"))


def _merge(by_key: dict[str, Grant], grant: Grant) -> None:
    first = by_key.get(grant.key)
    if first is None:
        by_key[grant.key] = grant
        return
    if "all" in first.privileges or "all" in grant.privileges:
        privileges: tuple[str, ...] = ("all",)
    else:
        privileges = _privileges(set(first.privileges) | set(grant.privileges),
                                 "column" if first.column else first.object_kind)
    by_key[grant.key] = dataclasses.replace(first, privileges=privileges,
                                            grant_option=first.grant_option or grant.grant_option)


def _error_at(source, message: str, hint: str):
    from compiler.errors import SpecError
    return SpecError(source.file, source.line, source.column, source.path, message, hint)

