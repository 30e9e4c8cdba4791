"""Introspection of the privilege model on a real PostgreSQL: owners, default
privileges, column privileges, grant options and PUBLIC's privileges on
schema public (and PUBLIC's EXECUTE kept on a function under the secure
preset) read back as exactly the specs' catalog; `schemac drift` finds a
hand-made change of each and unmanaged privileges, and the migration planned
from the database repairs them."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from compiler import api
from compiler.apply import connect, run_script
from compiler.catalog.objects import Catalog, TypeRef
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.catalog.programmable import Function, Grant, Returns
from compiler.cli import EXIT_FAILED, EXIT_OK, main
from compiler.introspect.normal_form import seen_through
from compiler.introspect.privileges import grant_option
from compiler.introspect.unread import not_read
from compiler.render import harness
from tests.live_helpers import assert_reads_back

SPEC = """\
schema: pv_app
schemas: [pv_private]
owner: pv_owner
roles:
  pv_owner: {}
  pv_user: {}
  pv_admin: {}
  pv_anon: {managed: false}
schema_grants:
  pv_app: {pv_user: [usage], pv_admin: [usage, create]}
  public: {public: [], pv_user: [usage]}
default_privileges:
  - {for_role: pv_owner, schema: pv_app, on: tables,
     grants: {pv_user: [select], pv_admin: {privileges: [all], grant_option: true}}}
  - {for_role: pv_owner, on: functions, grants: {public: [], pv_user: [execute]}}
  - {for_role: pv_owner, on: sequences, grants: {pv_user: [usage, select]}}
  - {schema: pv_app, on: tables, grants: {pv_anon: [select]}}
tables:
  users:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      username: {type: text, grants: {pv_user: [update], pv_anon: [update]}}
      bio: {type: text, grants: {pv_user: {privileges: [update, insert], grant_option: true}}}
    grants:
      pv_user: [select]
      pv_admin: {privileges: [select, insert], grant_option: true}
  audit:
    owner: pv_admin
    columns:
      id: {type: integer, primary_key: true}
views:
  user_names:
    query: select username from users
functions:
  f:
    returns: integer
    body: select 1
    owner: pv_admin
    grants: {pv_user: [execute]}
  open:
    returns: integer
    body: select 2
    grants: {public: [execute]}
  tidy:
    body: select 1
    grants: {pv_user: [execute]}
  definer:
    returns: integer
    body: select 3
    security: definer
    search_path: [pv_app, pg_temp]
    grants: {public: [execute], pv_user: {privileges: [execute], grant_option: true}}
  shout:
    args: [{name: a, type: text}]
    language: plpgsql
    body: "BEGIN\n  RAISE NOTICE '%', a;\nEND"
    grants: {public: [execute], pv_user: [execute]}
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "app.yaml").write_text(SPEC)
    (root / "schemac.yaml").write_text("privileges: {functions_executable_by_public: false}\n")
    return root


def test_the_privilege_model_reads_back_as_the_specs_catalog(conn, project):
    compiled = api.load(project)
    files = api.migration("0001_test", compiled)
    state = files.plan.state_after
    run_script(conn, harness.external_stand_ins(compiled.catalog), "stand-ins")
    run_script(conn, files.up, "up.sql", closed=True)
    assert not_read(state) == []
    live = assert_reads_back(conn, state)
    found = live.by_key()
    assert found["owner:table:pv_app.audit"] == Owner("table:pv_app.audit", "table", "pv_app", "audit", "pv_admin")
    assert {o.key: o.role for o in live.of_kind(Owner)} == {
        "owner:schema:pv_app": "pv_owner", "owner:schema:pv_private": "pv_owner",
        "owner:table:pv_app.audit": "pv_admin", "owner:table:pv_app.users": "pv_owner",
        "owner:view:pv_app.user_names": "pv_owner", "owner:function:pv_app.f()": "pv_admin",
        "owner:function:pv_app.open()": "pv_owner", "owner:function:pv_app.tidy()": "pv_owner",
        "owner:function:pv_app.definer()": "pv_owner", "owner:function:pv_app.shout(text)": "pv_owner"}
    assert {(d.key, d.privileges, d.grant_option) for d in live.of_kind(DefaultPrivilege)} == {
        ("default_privileges:pv_owner.pv_app.tables:pv_user", ("select",), False),
        ("default_privileges:pv_owner.pv_app.tables:pv_admin", ("all",), True),
        ("default_privileges:pv_owner.-.functions:public", (), False),
        ("default_privileges:pv_owner.-.functions:pv_user", ("execute",), False),
        ("default_privileges:pv_owner.-.sequences:pv_user", ("select", "usage"), False),
        ("default_privileges:-.pv_app.tables:pv_anon", ("select",), False)}
    bio = found["grant:column:pv_app.users.bio:pv_user"]
    assert (bio.column, bio.privileges, bio.grant_option) == ("bio", ("insert", "update"), True)
    assert found["grant:table:pv_app.users:pv_admin"].grant_option is True
    public = found["grant:schema:public:public"]
    assert (public.privileges, public.baseline) == ((), ("usage",))
    assert found["grant:schema:public:pv_user"].privileges == ("usage",)
    assert "grant:function:pv_app.open():public" not in found  # PUBLIC's EXECUTE is the function's own flag
    assert found["function:pv_app.open()"].public_execute and not found["function:pv_app.f()"].public_execute
    # a procedure's grants, and PUBLIC's EXECUTE given back to a definer (revoked, then granted: one ACL)
    assert found["grant:function:pv_app.shout(text):pv_user"].privileges == ("execute",)
    assert found["grant:function:pv_app.definer():pv_user"].grant_option
    assert found["function:pv_app.definer()"].public_execute  # the flag, which the specs say as a grant
    seen = seen_through(live, state).by_key()
    assert (seen["function:pv_app.definer()"], seen["grant:function:pv_app.definer():public"]) == (
        state.by_key()["function:pv_app.definer()"], state.by_key()["grant:function:pv_app.definer():public"])


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


HAND_MADE = [
    ("ALTER TABLE pv_app.audit OWNER TO pv_user", ("different", "owner:table:pv_app.audit")),
    ("ALTER VIEW pv_app.user_names OWNER TO pv_admin", ("different", "owner:view:pv_app.user_names")),
    ("ALTER SCHEMA pv_private OWNER TO pv_admin", ("different", "owner:schema:pv_private")),
    ("ALTER FUNCTION pv_app.f() OWNER TO CURRENT_USER", ("missing", "owner:function:pv_app.f()")),
    ("GRANT SELECT ON pv_app.users TO pv_user WITH GRANT OPTION", ("different", "grant:table:pv_app.users:pv_user")),
    ("REVOKE GRANT OPTION FOR INSERT ON pv_app.users FROM pv_admin",
     ("different", "grant:table:pv_app.users:pv_admin")),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner IN SCHEMA pv_app GRANT DELETE ON TABLES TO pv_user",
     ("different", "default_privileges:pv_owner.pv_app.tables:pv_user")),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE pv_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC",
     ("missing", "default_privileges:pv_owner.-.functions:public")),
    ("REVOKE UPDATE (username) ON pv_app.users FROM pv_user",
     ("missing", "grant:column:pv_app.users.username:pv_user")),
    ("GRANT USAGE ON SCHEMA public TO PUBLIC", ("different", "grant:schema:public:public")),
    ("REVOKE EXECUTE ON FUNCTION pv_app.open() FROM PUBLIC", ("different", "function:pv_app.open()"),
     ("missing", "grant:function:pv_app.open():public")),  # the specs grant it, and the function keeps it
    # unmanaged privileges
    ("GRANT UPDATE (bio) ON pv_app.users TO pv_anon", ("unmanaged", "grant:column:pv_app.users.bio:pv_anon")),
    ("GRANT SELECT ON pv_app.users TO pv_intruder", ("unmanaged", "grant:table:pv_app.users:pv_intruder")),
    ("GRANT CREATE ON SCHEMA pv_app TO pv_intruder", ("unmanaged", "grant:schema:pv_app:pv_intruder")),
    ("GRANT EXECUTE ON FUNCTION pv_app.f() TO PUBLIC", ("different", "function:pv_app.f()")),
    ("ALTER DEFAULT PRIVILEGES IN SCHEMA pv_app GRANT SELECT ON SEQUENCES TO pv_intruder",
     ("unmanaged", "default_privileges:-.pv_app.sequences:pv_intruder")),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE pv_admin GRANT SELECT ON TABLES TO pv_user",
     ("unmanaged", "default_privileges:pv_admin.-.tables:pv_user")),
]


def test_drift_finds_hand_made_privileges_and_the_database_plan_repairs_them(capsys, project, database_url):
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE pv_anon")
    code, out, err = schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, out + err
    with connect(database_url) as conn:
        run_script(conn, (project / "generated" / "migrations" / "0001_initial" / "up.sql").read_text(), "up.sql",
                   closed=True)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url)
    assert code == EXIT_OK and out.startswith("no drift: "), out + err

    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute("CREATE ROLE pv_intruder")
        for statement, *_ in HAND_MADE:
            admin.execute(statement)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url, "--format", "json")
    assert code == EXIT_FAILED, out + err
    report = json.loads(out)
    found = {(d["kind"], d["key"]) for d in report["differences"]}
    assert found == {e for _, *expected in HAND_MADE for e in expected} | {("unmanaged", "role:pv_intruder")}
    fields = {d["key"]: {f["field"]: (f["expected"], f["found"]) for f in d["fields"]} for d in report["differences"]}
    assert fields["owner:table:pv_app.audit"] == {"role": ("pv_admin", "pv_user")}
    assert fields["grant:table:pv_app.users:pv_user"] == {"grant_option": (False, True)}
    assert fields["grant:table:pv_app.users:pv_admin"] == {"grant_option": (True, None)}  # on SELECT, not INSERT
    assert fields["grant:schema:public:public"] == {"privileges": ([], ["usage"])}
    assert fields["default_privileges:pv_owner.pv_app.tables:pv_user"] == {"privileges": (["select"],
                                                                                          ["select", "delete"])}

    # the migration planned from the database brings it back to the specs
    spec = project / "specs" / "app.yaml"
    spec.write_text(spec.read_text() + "accept_destructive: [role:pv_intruder]\n")
    code, out, err = schemac(capsys, "-C", str(project), "generate", "--database-url", database_url, "--name", "repair")
    assert code == EXIT_OK, out + err
    assert '"grant_option": null' in (project / "generated" / "migrations" / "0002_repair" / "base.json").read_text()
    code, out, err = schemac(capsys, "-C", str(project), "check")  # regenerated from the database's catalog
    assert code == EXIT_OK, out + err
    with connect(database_url) as conn:
        run_script(conn, (project / "generated" / "migrations" / "0002_repair" / "up.sql").read_text(),
                   "0002_repair/up.sql", closed=True)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url, "--specs")
    assert code == EXIT_OK, out + err


def test_a_grant_option_held_on_some_privileges_only_is_none():
    assert grant_option(["SELECT", "INSERT"], [True, True]) == ({"select", "insert"}, True)
    assert grant_option(["SELECT", "INSERT"], [False, False]) == ({"select", "insert"}, False)
    assert grant_option(["SELECT", "INSERT"], [True, False]) == ({"select", "insert"}, None)
    assert grant_option(["SELECT", "SELECT"], [False, True]) == ({"select"}, True)  # two grantors, one with it
    assert grant_option([], []) == (set(), False)
    assert Grant("t", "table", "s", "t", "r", ("select",), grant_option=None) != \
        Grant("t", "table", "s", "t", "r", ("select",), grant_option=False)


def test_what_postgresql_gives_by_itself_reads_in_the_specs_words():
    def public_on_public(privileges, baseline=("usage",)):
        return Grant("schema:public", "schema", "public", "public", "public", privileges, baseline=baseline)
    f = Function("app", "f", (), Returns(type=TypeRef("integer")), "sql", "select 1")
    explicit = Grant(f.key, "function", "app", "f", "public", ("execute",))
    say_nothing = Catalog((f,))
    # the server's own privileges of PUBLIC on schema public: not the specs' business unless they declare them
    assert seen_through(Catalog((public_on_public(("usage",)),)), say_nothing).objects == ()
    assert seen_through(Catalog((public_on_public(("usage", "create"), ("usage", "create")),)), say_nothing).objects == ()
    assert seen_through(Catalog((public_on_public(("usage", "create")),)), say_nothing).objects == \
        (public_on_public(("usage", "create")),)  # CREATE given by hand: unmanaged
    declared = Catalog((public_on_public(("usage",)),))  # PostgreSQL 14's default, with the specs' baseline
    assert seen_through(Catalog((public_on_public(("usage", "create"), ("usage", "create")),)), declared).objects == \
        (public_on_public(("usage", "create")),)
    # PUBLIC's EXECUTE kept on a function is the specs' explicit grant of it when they write one
    assert seen_through(Catalog((f,)), Catalog((f, explicit))).objects == (f, explicit)
    assert seen_through(Catalog((f,)), say_nothing).objects == (f,)
    closed = Function("app", "f", (), Returns(type=TypeRef("integer")), "sql", "select 1", public_execute=False)
    assert seen_through(Catalog((closed,)), Catalog((f, explicit))).objects == (closed,)
