"""verify.sql and privileges: `all` is what GRANT ALL gives on the server at
hand (PostgreSQL 17 added MAINTAIN), and privileges that exist but are not
in the specs are reported, for every role the specs declare (managed or
not) and for PUBLIC, on tables, views, the sequences of their identity
columns, functions and schemas. Right after up.sql verify is clean: the
privileges PostgreSQL gives by itself (an owner's, PUBLIC's EXECUTE on a
new function that schemac does not revoke) are expected."""

from __future__ import annotations

import pytest

from compiler.apply import run_script
from tests.helpers import applied, compile_spec, verify

SPEC = """\
schema: app
roles:
  app_user: {}
  anon: {managed: false}
tables:
  items:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      name: text
    grants:
      app_user: [select, insert]
      anon: [select]
  everything:
    columns:
      id: integer
    grants:
      app_user: [all]
views:
  item_names:
    query: select name from items
    grants: {anon: [select]}
functions:
  open_count:
    returns: bigint
    language: sql
    body: select count(*) from app.items
  locked_count:
    returns: bigint
    language: sql
    security: definer
    search_path: [app]
    body: select count(*) from app.items
    grants: {app_user: [execute]}
"""

# (id, tamper SQL, the exact rows verify.sql must report)
CASES = [
    ("extra privilege for a role that exists already", "GRANT DELETE ON app.items TO anon",
     [("grant on table app.items to anon", "SELECT", "SELECT, DELETE")]),
    ("privilege for PUBLIC on a table", "GRANT SELECT ON app.items TO PUBLIC",
     [("grant on table app.items to PUBLIC", "(none)", "SELECT")]),
    ("extra privilege on a view", "GRANT INSERT ON app.item_names TO anon",
     [("grant on view app.item_names to anon", "SELECT", "SELECT, INSERT")]),
    ("privilege on a table that grants a role that exists already nothing", "GRANT SELECT ON app.everything TO anon",
     [("grant on table app.everything to anon", "(none)", "SELECT")]),
    ("privilege on the sequence of an identity column", "GRANT USAGE ON SEQUENCE app.items_id_seq TO anon",
     [("grant on sequence app.items_id_seq to anon", "(none)", "USAGE")]),
    ("PUBLIC given EXECUTE on a SECURITY DEFINER function", "GRANT EXECUTE ON FUNCTION app.locked_count() TO PUBLIC",
     [("grant on function app.locked_count() to PUBLIC", "(none)", "EXECUTE")]),
    ("EXECUTE on a function for a role that exists already", "GRANT EXECUTE ON FUNCTION app.locked_count() TO anon",
     [("grant on function app.locked_count() to anon", "(none)", "EXECUTE")]),
    ("PUBLIC's EXECUTE revoked from a function that keeps it",
     "REVOKE EXECUTE ON FUNCTION app.open_count() FROM PUBLIC",
     [("grant on function app.open_count() to PUBLIC", "EXECUTE", "(none)")]),
    ("privilege for PUBLIC on a schema", "GRANT USAGE ON SCHEMA app TO PUBLIC",
     [("grant on schema app to PUBLIC", "(none)", "USAGE")]),
    ("privilege on a schema for a role that exists already", "GRANT CREATE ON SCHEMA app TO anon",
     [("grant on schema app to anon", "USAGE", "USAGE, CREATE")]),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("grants")
    (root / "specs").mkdir()
    (root / "specs" / "app.yaml").write_text(SPEC)
    return compile_spec(root)


def _all_privileges(conn) -> str:
    """What GRANT ALL gives on a table on this server, as verify.sql lists it."""
    order = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"]
    rows = run_script(conn, "SELECT privilege_type FROM aclexplode(acldefault('r', 10::oid)) WHERE grantee = 10",
                      "all")[-1].rows
    return ", ".join(sorted((r[0] for r in rows), key=order.index))


def test_grant_all_is_all_privileges_of_the_server(conn, project):
    """up.sql says GRANT ALL; verify is clean on PostgreSQL 15 and 18 alike,
    and reports a privilege missing from ALL against the server's own list
    (with MAINTAIN on 17 and later)."""
    files = applied(conn, project)
    assert "GRANT ALL ON TABLE app.everything TO app_user;" in files.up
    server_all = _all_privileges(conn)
    assert ("MAINTAIN" in server_all) == (conn.info.server_version >= 170000)
    run_script(conn, "REVOKE TRUNCATE ON app.everything FROM app_user", "tamper")
    assert verify(conn, files) == [
        ("grant on table app.everything to app_user", server_all, server_all.replace("TRUNCATE, ", ""))]


@pytest.mark.parametrize(("tamper", "expected"), [pytest.param(sql, rows, id=name) for name, sql, rows in CASES])
def test_verify_reports_privileges_the_specs_do_not_give(conn, project, tamper, expected):
    files = applied(conn, project)
    run_script(conn, tamper, "tamper")
    assert verify(conn, files) == sorted(expected)


def test_a_state_that_listed_what_all_stood_for_is_regranted_all(project):
    """States written when `all` was expanded into PostgreSQL 16's seven
    privileges: the next plan makes the grant ALL, in one step each way."""
    import dataclasses

    from compiler import api
    from compiler.catalog.security import TABLE_PRIVILEGES

    compiled, _ = project
    target = compiled.catalog
    grant = target.by_key()["grant:table:app.everything:app_user"]
    assert grant.privileges == ("all",)
    old = dataclasses.replace(grant, privileges=TABLE_PRIVILEGES)
    previous = dataclasses.replace(target, objects=tuple(old if o.key == grant.key else o for o in target.objects))
    [step] = api.plan(previous, target).steps
    assert (step.kind, step.key) == ("RegrantPrivileges", "grant:table:app.everything:app_user:regrant")
    files = api.migration("0002_all", compiled, previous)
    assert "REVOKE ALL ON TABLE app.everything FROM app_user;\nGRANT ALL ON TABLE app.everything TO app_user;" in files.up
    assert ("REVOKE ALL ON TABLE app.everything FROM app_user;\nGRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, "
            "REFERENCES, TRIGGER ON TABLE app.everything TO app_user;") in files.down


EMPTY_GRANTS = """\
roles:
  app: {}
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
    grants:
      app: []
functions:
  f:
    returns: integer
    language: sql
    body: select 1
    grants:
      public: []
      app: [execute]
"""


def test_an_empty_grant_list_means_no_privileges_and_verify_holds_to_it(conn, tmp_path):
    """`app: []` grants nothing and `public: []` on a function revokes
    PUBLIC's EXECUTE: verify is clean after up.sql, and a privilege given
    back by hand is reported."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "app.yaml").write_text(EMPTY_GRANTS)
    files = applied(conn, compile_spec(tmp_path))
    assert conn.execute("SELECT has_function_privilege('public', 'f()', 'EXECUTE')").fetchone() == (False,)
    run_script(conn, "GRANT EXECUTE ON FUNCTION f() TO PUBLIC; GRANT SELECT ON t TO app", "tamper")
    assert verify(conn, files) == [("grant on function public.f() to PUBLIC", "(none)", "EXECUTE"),
                                   ("grant on table public.t to app", "(none)", "SELECT")]
