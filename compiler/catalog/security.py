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
_ORDER = {p: i for i, p in enumerate(TABLE_PRIVILEGES + ("execute", "usage"))}


def _privileges(privileges, kind: str) -> tuple[str, ...]:
    """The privileges of one grant, in PostgreSQL's order. `all` on a table
    or view stays `all` (GRANT ALL): what it holds depends on the server
    (PostgreSQL 17 added MAINTAIN), and verify.sql asks the server. On a
    function ALL is EXECUTE on every version."""
    if "all" in privileges:
        return ("execute",) if kind == "function" else ("all",)
    return tuple(sorted(set(privileges), key=_ORDER.__getitem__))


def _item(origin: Origin, value: str, index: int) -> Origin:
    """The list item `value` as written at `origin` (privileges of a table
    come merged and sorted, so `index` may not be where it is written)."""
    node = origin.document._node(origin.path)
    items = getattr(node, "value", None)
    if isinstance(items, list):
        for j, item in enumerate(items):
            if getattr(item, "value", None) == value:
                return origin.at(j)
    return origin.at(index)


class SecurityResolver:
    def __init__(self, collector: ErrorCollector, columns: ColumnResolver, roles: set[str]) -> None:
        self.collector = collector
        self.columns = columns
        self.roles = roles  # declared role names (managed or not)

    def check_role(self, role: str, origin: Origin) -> bool:
        if role == "public" or role in self.roles:
            return True
        self.collector.add(origin.error(f"role `{role}` is not declared",
                                        suggest(role, self.roles) or "declare it under `roles:` "
                                        "(`managed: false` for a role that exists already)"))
        return False

    def grants(self, on: str, kind: str, schema: str, name: str, spec: dict, origin: Origin,
               arg_types=()) -> list[Grant]:
        allowed = {"function": ("execute", "all"), "sequence": ("usage", "select", "update", "all")}.get(
            kind, TABLE_PRIVILEGES + ("all",))
        result = []
        for role, privileges in spec.items():
            ok = self.check_role(role, origin.at(role))
            for i, privilege in enumerate(privileges):
                if privilege not in allowed:
                    ok = False
                    hint = f"use one of: {', '.join(allowed)}"
                    if privilege == "execute" and kind != "sequence":
                        hint = f"`execute` is for functions: grant it under the function's `grants:`; on a {kind} {hint}"
                    self.collector.add(_item(origin.at(role), privilege, i).error(
                        f"`{privilege}` cannot be granted on a {kind}", hint))
            if not ok or not privileges:
                continue  # an empty list grants nothing (on a function, `public: []` revokes PUBLIC's EXECUTE)
            ordered = _privileges(privileges, kind)
            result.append(Grant(on, kind, schema, name, role, ordered, tuple(arg_types), source=source_of(origin.at(role))))
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
