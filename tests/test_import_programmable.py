"""`schemac import` of functions, procedures, aggregates, views, triggers,
SQL domains, composite and range types, roles, grants, owners, default
privileges and row-level security (compiler/importer/routines.py,
security.py, user_types.py).

Every catalog of the repository's specs round-trips through these writers in
tests/test_import_roundtrip.py. Here: what the spec language cannot say is
reported and not written; the forms a person writes; and a live database
holding every kind, inspected, written and resolved again, equals its
inspection."""

from __future__ import annotations

import dataclasses

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Catalog, Column, Index, Schema, Table, TypeRef
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import (
    Argument,
    Function,
    Grant,
    Policy,
    Returns,
    Role,
    RowSecurity,
    Trigger,
    View,
)
from compiler.catalog.user_types import Aggregate, CompositeType, DomainCheck, DomainType, RangeType
from compiler.importer import import_catalog
from tests.conftest import ROOT
from tests.import_helpers import catalog_differences, settings_of, write_project

KINDS = (Function, View, Trigger, Aggregate, DomainType, CompositeType, RangeType, Grant, Owner, DefaultPrivilege,
         RowSecurity, Policy, Role)
TEXT = TypeRef("text")


def _reasons(result) -> dict[str, str]:
    return {f"{u.kind}:{u.name}": u.reason for u in result.unsupported}


def test_what_the_specs_cannot_say_is_reported_and_not_written():
    """A function in C, a definer without a search_path or that PUBLIC may
    execute, a third overload, a range with a multirange of its own name, an
    INSTEAD OF trigger: each reported with why, nothing of them written."""
    table = Table("public", "t", (Column("id", TEXT),))
    objects = (
        table,
        Function("public", "in_c", (), Returns(type=TEXT), "c", "in_c", volatility="immutable"),
        Function("public", "hijackable", (), Returns(type=TEXT), "sql", "select 'x'", security="definer",
                 public_execute=False),
        Function("public", "open_definer", (), Returns(type=TEXT), "sql", "select 'x'", security="definer",
                 search_path=("public", "pg_temp")),
        *(Function("public", "f", (Argument("", TypeRef(t)),), Returns(type=TEXT), "sql", "select 'x'")
          for t in ("integer", "text", "boolean")),
        RangeType("public", "span", TypeRef("integer"), "spans"),
        Function("public", "pairs", (Argument("a", TypeRef("integer"), mode="out"),
                                     Argument("b", TEXT, mode="out")), Returns(setof=TypeRef("record")), "sql",
                 "select 1, 'x'"),
        Function("public", "same", (Argument("", TypeRef("anyelement")),), Returns(type=TypeRef("anyelement")), "sql",
                 "select $1"),
        Function("public", "swap", (), Returns(type=TypeRef("trigger")), "plpgsql", "BEGIN RETURN NEW; END"),
        Trigger("public", "t", "instead", "function:public.swap()", "public", "swap", "instead_of", ("insert",)),
        Grant(table.key, "table", "public", "t", "reader", ("select",), column="id"),
        Grant(table.key, "table", "public", "t", "reader", ("select",)),
    )
    result = import_catalog(Catalog(objects))
    reasons = _reasons(result)
    assert "in c" in reasons["function:public.in_c()"]
    assert "search_path" in reasons["function:public.hijackable()"]
    assert "PUBLIC may execute" in reasons["function:public.open_definer()"]
    assert [k for k in reasons if k.startswith("function:public.f(")] == ["function:public.f(text)"]  # the third
    assert "multirange" in reasons["type:public.span"]
    assert "`record`" in reasons["function:public.pairs()"]
    assert "`anyelement`" in reasons["function:public.same(anyelement)"]
    assert "INSTEAD OF" in reasons["trigger:public.t.instead"]
    assert "whole table" in reasons["grant:column:public.t.id:reader"]
    written = result.files["specs/public.yaml"]
    for name in ("in_c", "hijackable", "open_definer", "span", "instead", "pairs", "same"):
        assert name not in written
    assert "\n  f: {args: [boolean]" in written and "\n  public.f: {args: [integer]" in written  # two overloads
    assert "reader: [select]" in written


def test_the_forms_a_person_writes():
    """The domain's owner once; roles `managed: false`; the USAGE schemac
    derives left out; a grant option and a column privilege; defaults left
    out; a domain that is only its type in short form; a check named as
    PostgreSQL names it as `check:`; a definer's pg_temp left to schemac."""
    table = Table("app", "users", (Column("id", TEXT), Column("name", TEXT)))
    definer = Function("app", "whoami", (), Returns(type=TEXT), "sql", "select current_user", security="definer",
                       search_path=("app", "pg_temp"), public_execute=False)
    objects = (
        Schema("app"), table, definer, Role("app_user"),
        Owner("schema:app", "schema", "app", "app", "boss"), Owner(table.key, "table", "app", "users", "boss"),
        Owner(definer.key, "function", "app", "whoami", "boss"),
        Grant(table.key, "table", "app", "users", "app_user", ("select",), grant_option=True),
        Grant(table.key, "table", "app", "users", "reader", ("update",), column="name"),
        Grant("schema:app", "schema", "app", "app", "app_user", ("usage",)),
        Grant("schema:app", "schema", "app", "app", "reader", ("usage",)),
        DomainType("app", "label", TEXT),
        DomainType("app", "year", TypeRef("integer"), checks=(DomainCheck("year_check", "VALUE > 0"),)),
        RowSecurity("app", "users"),
        Policy("app", "users", "own", using="name = current_user"),
    )
    result = import_catalog(Catalog(objects))
    assert result.unsupported == ()
    text = result.files["specs/app.yaml"]
    assert "\nowner: boss\n" in text and "schema_grants" not in text and "owner: boss" not in text.split("\nowner")[1]
    assert "app_user: {privileges: [select], grant_option: true}" in text
    assert "name:\n        type: text\n        grants: {reader: [update]}" in text
    assert "app_user: {managed: false}" in text and "boss: {managed: false}" in text
    assert "search_path: [app], body" in text and "language:" not in text and "volatility" not in text
    assert "label: text\n" in text and "year: {type: integer, check: VALUE > 0}" in text
    assert "rls:\n      policies:\n        own: {using: name = current_user}" in text


# ---------------------------------------------------------------- live: inspect, write, resolve

LIVE = ROOT / "tests" / "import_programmable"


def _ours(catalog: Catalog) -> Catalog:
    """The objects of these kinds (and materialized views' indexes), without
    dependencies: an inspection has those PostgreSQL records, a resolved
    catalog those the parse trees say."""
    def bare(obj):
        if "depends_on" in {f.name for f in dataclasses.fields(obj)}:
            return dataclasses.replace(obj, depends_on=())
        return obj
    return Catalog(tuple(bare(o) for o in catalog.objects
                         if isinstance(o, KINDS) or (isinstance(o, Index) and o.relation == "view")))


def test_an_inspected_database_is_written_and_resolves_to_its_inspection(conn, tmp_path):
    from compiler.introspect import inspect_connection
    from compiler.introspect.normal_form import role_names
    from tests.helpers import applied, compile_spec
    compiled, files = compile_spec(LIVE)
    applied(conn, (compiled, files))
    inspected = inspect_connection(conn, ["app"], roles=role_names(compiled.catalog))
    result = write_project(inspected, tmp_path, settings=settings_of(compiled))
    assert result.unsupported == ()
    again = api.load(tmp_path).catalog
    expected = _ours(inspected)
    assert {o.key.partition(":")[0] for o in expected} >= {"function", "view", "trigger", "policy", "rls", "grant",
                                                            "index", "role"}
    roles = {r.name for r in expected.of_kind(Role)}
    assert roles == {"imp_owner", "imp_reader", "imp_writer", "imp role; it's"} and roles <= set(again.external_roles)
    assert catalog_differences(expected, _ours(again), skip=lambda key: key.startswith("role:"), names=()) == []
    # and the written project, generated and applied where the original was, makes the same database
    run_script(conn, RESET, "reset")
    applied(conn, compile_spec(tmp_path))
    remade = inspect_connection(conn, ["app"], roles=role_names(compiled.catalog))
    assert catalog_differences(inspected, remade) == []


# the original's objects gone, the roles kept (the written specs declare them as existing)
RESET = """
ALTER DEFAULT PRIVILEGES FOR ROLE imp_owner IN SCHEMA app REVOKE SELECT ON TABLES FROM imp_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE imp_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
DROP SCHEMA app CASCADE;
"""


def test_functions_of_other_schemas_are_declared_external(tmp_path):
    """A trigger calling a function of a schema not imported, and a policy
    calling one (`auth.uid()`, found by `called_outside` and given to the
    import as an external function): both declared under `external:`."""
    from compiler.catalog.programmable import ExternalFunction
    from compiler.importer.routines import called_outside
    table = Table("public", "t", (Column("id", TEXT), Column("owner", TypeRef("uuid"))))
    objects = (table, Trigger("public", "t", "audit", "function:audit.log()", "audit", "log", "after", ("insert",)),
               RowSecurity("public", "t"), Policy("public", "t", "own", using="(owner = auth.uid())"))
    catalog = Catalog(objects)
    assert called_outside(catalog) == [("auth", "uid")]
    catalog = dataclasses.replace(catalog, external_functions=(ExternalFunction("auth", "uid", (), TypeRef("uuid")),))
    result = import_catalog(catalog)
    assert result.unsupported == ()
    text = result.files["specs/public.yaml"]
    assert "external:\n  functions:\n    audit.log: {returns: trigger}\n    auth.uid: {returns: uuid}\n" in text
    assert "audit: {function: audit.log, timing: after, events: [insert]}" in text
    write_project(catalog, tmp_path)
    again = api.load(tmp_path).catalog
    assert catalog_differences(_ours(catalog), _ours(again), skip=lambda key: key.startswith("role:"), names=()) == []


def test_owners_follow_the_domains_of_a_prefix_grouping(tmp_path):
    """With `--group prefix`, every domain of a schema makes the schema: the
    domain's `owner:` only where the schema has that owner too."""
    tables = [Table(schema, name, (Column("id", TEXT),))
              for schema, name in (("app", "billing_a"), ("app", "billing_b"), ("app", "users"),
                                   ("lab", "test_a"), ("lab", "test_b"))]
    objects = (Schema("app"), Schema("lab"), *tables, Owner("schema:app", "schema", "app", "app", "boss"),
               *(Owner(t.key, "table", t.schema, t.name, "boss") for t in tables))
    catalog = Catalog(objects)
    result = write_project(catalog, tmp_path, group="prefix")
    assert result.unsupported == ()
    assert "\nowner: boss\n" in result.files["specs/app.yaml"] and "\nowner: boss\n" in result.files["specs/app_billing.yaml"]
    assert "\nowner: boss\n" not in result.files["specs/lab_test.yaml"]  # schema lab has no owner of its own
    assert "    owner: boss\n" in result.files["specs/lab_test.yaml"]
    again = api.load(tmp_path).catalog
    assert catalog_differences(catalog, again, skip=lambda key: key.startswith("role:"), names=()) == []
