"""Resolve roles, grants, policies and row-level security."""

from __future__ import annotations

from compiler.catalog.columns import ColumnResolver
from compiler.catalog.expressions import expression_references, has_subquery
from compiler.catalog.programmable import Grant, Policy, RowSecurity
from compiler.catalog.scope import Origin
from compiler.catalog.tables import source_of
from compiler.errors import ErrorCollector
from compiler.render.oracle import expression_error
from compiler.spec.errors import suggest
from compiler.spec.programmable import PolicySpec, RlsSpec

TABLE_PRIVILEGES = ("select", "insert", "update", "delete", "truncate", "references", "trigger")
_ORDER = {p: i for i, p in enumerate(TABLE_PRIVILEGES + ("maintain", "execute", "usage", "create"))}
# the privileges each kind of object has (GRANT refuses the others), `all` aside
KIND_PRIVILEGES = {
    "table": TABLE_PRIVILEGES + ("maintain",),
    "view": TABLE_PRIVILEGES + ("maintain",),
    "column": ("select", "insert", "update", "references"),
    "function": ("execute",),
    "procedure": ("execute",),
    "schema": ("usage", "create"),
    "sequence": ("usage", "select", "update"),
}
_WHERE = {
    "execute": "`execute` is for functions: grant it under the function's `grants:`",
    "usage": "`usage` is for schemas (`schema_grants:`) and sequences; a table's readers need `select` "
             "(schemac grants USAGE on its schema for you)",
    "create": "`create` is for schemas (`schema_grants:`)",
}


def _privileges(privileges, kind: str) -> tuple[str, ...]:
    """The privileges of one grant, in PostgreSQL's order. `all` on a table
    or view stays `all` (GRANT ALL): what it holds depends on the server
    (PostgreSQL 17 added MAINTAIN), and verify.sql asks the server. On a
    function or schema ALL is the same list on every version; on a sequence
    it stays `all` too (verify.sql asks the server what it gives)."""
    if "all" in privileges:
        if kind in ("table", "view", "sequence"):
            return ("all",)
        privileges = KIND_PRIVILEGES[kind]
    return tuple(sorted(set(privileges), key=_ORDER.__getitem__))


def _item(origin: Origin, value: str, index: int) -> Origin:
    """The list item `value` as written at `origin` (privileges of a table
    come merged and sorted, so `index` may not be where it is written)."""
    node = origin.document._node(origin.path)
    items = getattr(node, "value", None)
    if items and isinstance(items, list) and isinstance(items[0], tuple):  # {privileges: [...], grant_option: ...}
        origin = origin.at("privileges")
        items = next((getattr(v, "value", None) for k, v in items if getattr(k, "value", None) == "privileges"), None)
    if isinstance(items, list):
        for j, item in enumerate(items):
            if getattr(item, "value", None) == value:
                return origin.at(j)
    return origin.at(index)


class SecurityResolver:
    def __init__(self, collector: ErrorCollector, columns: ColumnResolver, roles: set[str],
                 min_version: int = 14) -> None:
        self.collector = collector
        self.columns = columns
        self.roles = roles  # declared role names (managed or not)
        self.min_version = min_version

    def check_role(self, role: str, origin: Origin) -> bool:
        if role == "public" or role in self.roles:
            return True
        self.collector.add(origin.error(f"role `{role}` is not declared",
                                        suggest(role, self.roles) or "declare it under `roles:` "
                                        "(`managed: false` for a role that exists already)"))
        return False

    def grants(self, on: str, kind: str, schema: str, name: str, spec: dict, origin: Origin,
               arg_types=(), column: str | None = None, object_kind: str | None = None) -> list[Grant]:
        """The grants of `spec` (role -> GrantSpec) on one object of `kind`
        (table, view, column, function, schema, sequence); `object_kind`:
        the grant's own when it differs (`procedure`, granted ON PROCEDURE)."""
        allowed = tuple(p for p in KIND_PRIVILEGES[kind] if p != "maintain" or self.min_version >= 17)
        allowed += () if kind == "column" else ("all",)
        noun = {"function": "function or procedure", "column": "column"}.get(kind, kind)
        result = []
        for role, grant in spec.items():
            privileges = grant.privileges
            ok = self.check_role(role, origin.at(role))
            for i, privilege in enumerate(privileges):
                if privilege in allowed:
                    continue
                ok = False
                hint = f"a {noun} has: {', '.join(allowed)}"
                if privilege == "maintain":
                    hint = f"MAINTAIN needs PostgreSQL 17; this project targets {self.min_version}: raise " \
                           "`postgres: {min_version: 17}` in schemac.yaml"
                elif privilege in _WHERE and kind != "column":
                    hint = f"{_WHERE[privilege]}; {hint}"
                elif kind == "column" and privilege == "all":
                    hint = f"name the privileges: {hint}"
                self.collector.add(_item(origin.at(role), privilege, i).error(
                    f"`{privilege}` cannot be granted on a {noun}", hint))
            if grant.grant_option and role == "public":
                ok = False
                self.collector.add(origin.at(role, "grant_option").error(
                    "PUBLIC cannot be given the grant option", "grant it to a role; PostgreSQL refuses "
                    "WITH GRANT OPTION for PUBLIC"))
            if not ok or not privileges:
                continue  # an empty list grants nothing (on a function, `public: []` revokes PUBLIC's EXECUTE)
            ordered = _privileges(privileges, kind)
            result.append(Grant(on, object_kind or ("table" if kind == "column" else kind), schema, name, role, ordered,
                                tuple(arg_types), source=source_of(origin.at(role)), grant_option=grant.grant_option,
                                column=column))
        return result

    def row_security(self, schema: str, table: str, rls: RlsSpec, origin: Origin) -> RowSecurity | None:
        if rls.force and not rls.enabled:
            self.collector.add(origin.at("force").error("`force: true` needs `enabled: true`",
                                                        "FORCE only matters while row-level security is enabled"))
        return RowSecurity(schema, table, True, rls.force, source=source_of(origin)) if rls.enabled else None

    def policy(self, schema, table, name, spec: PolicySpec, origin: Origin, column_names, dependency_keys,
               relations=None) -> Policy | None:
        """`relations`: (schema or None, name) -> the typed columns of a table
        a subquery of the policy reads, for its type checks."""
        ok = all([self.check_role(r, origin.at("to", i)) for i, r in enumerate(spec.to)])
        if "public" in spec.to and len(spec.to) > 1:
            ok = False  # PostgreSQL would keep PUBLIC alone, with a warning: the database would never match
            self.collector.add(origin.at("to", spec.to.index("public")).error(
                "`public` is every role: PostgreSQL ignores the other roles of the policy's `to:`",
                "write `to: [public]`, or leave `public` out"))
        depends: set[str] = set()
        for key in ("using", "with_check"):
            text = getattr(spec, key)
            if text is None:
                continue
            refs = expression_references(text)
            if refs.relations or has_subquery(text):
                # a subquery: its own columns are out of reach of a per-table check; the syntax still is
                problem = expression_error(text)
                if problem:
                    ok = False
                    self.collector.add(origin.document.error_in_value(origin.path + (key,), problem[1],
                                                                      f"the policy expression is not valid SQL: {problem[0]}",
                                                                      "write it as it would follow USING (...)"))
                else:
                    ok &= self.columns.check_types(text, origin.at(key), column_names, "the policy expression",
                                                   qualifiers=frozenset({table}), relations=relations)
            else:
                ok &= (self.columns.check_expression(text, origin.at(key), column_names, "the policy expression")
                       and self.columns.check_types(text, origin.at(key), column_names, "the policy expression",
                                                    qualifiers=frozenset({table})))
            depends.update(dependency_keys(refs))
        if not ok:
            return None
        depends.discard(f"table:{schema}.{table}")
        return Policy(schema, table, name, spec.for_, spec.as_ == "permissive", tuple(spec.to), spec.using,
                      spec.with_check, tuple(sorted(depends)), source=source_of(origin))
