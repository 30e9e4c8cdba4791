"""The privilege model on a real PostgreSQL: column privileges, WITH GRANT
OPTION, owners, schema privileges (the `public` schema too), default
privileges and the `functions_executable_by_public` setting. up.sql gives
exactly what the specs say (verify is clean), verify reports what is missing
and what is extra, and down.sql leaves the database as it was."""

from __future__ import annotations

import pytest

from compiler.apply import run_script
from tests.helpers import applied, compile_spec, inventory, stand_ins, verify

SPEC = """\
schema: app_public
owner: app_owner
roles:
  app_owner: {}
  app_user: {}
  app_admin: {}
  anon: {managed: false}
schema_grants:
  app_public: {app_user: [usage], app_admin: [usage, create]}
  public: {public: [usage]}
default_privileges:
  - {for_role: app_owner, schema: app_public, on: tables, grants: {app_user: [select]}}
  - {for_role: app_owner, on: functions, grants: {public: []}}
  - {for_role: app_owner, on: sequences, grants: {app_user: [usage, select]}}
tables:
  users:
    columns:
      id: {type: bigint, identity: always, primary_key: true}
      username: {type: text, grants: {app_user: [update], anon: [select]}}
      bio: {type: text, grants: {app_user: {privileges: [update, insert], grant_option: true}}}
    grants:
      app_user: [select]
      app_admin: {privileges: [select, insert], grant_option: true}
views:
  user_names:
    query: select username from users
    grants: {anon: [select]}
functions:
  f:
    returns: integer
    body: select 1
    grants: {public: [], app_user: [execute]}
    owner: app_admin
  g:
    returns: integer
    body: select 2
"""

PRIVATE = """\
schema: app_private
depends_on: [app]
tables:
  sessions:
    owner: app_admin
    columns:
      id: {type: uuid, primary_key: true}
    grants: {app_user: [select]}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("privileges")
    (root / "specs").mkdir()
    (root / "specs" / "app.yaml").write_text(SPEC)
    (root / "specs" / "private.yaml").write_text(PRIVATE)
    return compile_spec(root)


# (tamper, undo, the rows verify.sql reports while it holds)
TAMPERS = [
    ("GRANT DELETE ON app_public.users TO anon", "REVOKE DELETE ON app_public.users FROM anon",
     [("grant on table app_public.users to anon", "(none)", "DELETE")]),
    ("GRANT UPDATE (bio) ON app_public.users TO anon", "REVOKE UPDATE (bio) ON app_public.users FROM anon",
     [("grant on column app_public.users.bio to anon", "(none)", "UPDATE")]),
    ("REVOKE UPDATE (username) ON app_public.users FROM app_user",
     "GRANT UPDATE (username) ON app_public.users TO app_user",
     [("grant on column app_public.users.username to app_user", "UPDATE", "(none)")]),
    ("REVOKE GRANT OPTION FOR INSERT ON app_public.users FROM app_admin",
     "GRANT INSERT ON app_public.users TO app_admin WITH GRANT OPTION",
     [("grant on table app_public.users to app_admin", "SELECT WITH GRANT OPTION, INSERT WITH GRANT OPTION",
       "SELECT WITH GRANT OPTION, INSERT")]),
    ("GRANT SELECT ON app_public.users TO app_user WITH GRANT OPTION",
     "REVOKE GRANT OPTION FOR SELECT ON app_public.users FROM app_user",
     [("grant on table app_public.users to app_user", "SELECT", "SELECT WITH GRANT OPTION")]),
    ("ALTER FUNCTION app_public.g() OWNER TO app_admin", "ALTER FUNCTION app_public.g() OWNER TO app_owner",
     [("owner of function app_public.g()", "app_owner", "app_admin")]),  # an owner's own privileges are its own
    ("ALTER SCHEMA app_public OWNER TO app_user",
     "ALTER SCHEMA app_public OWNER TO app_owner; GRANT USAGE ON SCHEMA app_public TO app_user",
     [("owner of schema app_public", "app_owner", "app_user"),
      ("grant on schema app_public to app_user", "USAGE", "USAGE, CREATE")]),
    ("ALTER FUNCTION app_public.f() OWNER TO app_owner", "ALTER FUNCTION app_public.f() OWNER TO app_admin",
     [("owner of function app_public.f()", "app_admin", "app_owner")]),
    ("GRANT CREATE ON SCHEMA app_public TO app_user", "REVOKE CREATE ON SCHEMA app_public FROM app_user",
     [("grant on schema app_public to app_user", "USAGE", "USAGE, CREATE")]),
    ("GRANT CREATE ON SCHEMA public TO PUBLIC", "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
     [("grant on schema public to PUBLIC", "USAGE", "USAGE, CREATE")]),
    ("GRANT EXECUTE ON FUNCTION app_public.f() TO PUBLIC", "REVOKE EXECUTE ON FUNCTION app_public.f() FROM PUBLIC",
     [("grant on function app_public.f() to PUBLIC", "(none)", "EXECUTE")]),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_public GRANT DELETE ON TABLES TO anon",
     "ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_public REVOKE DELETE ON TABLES FROM anon",
     [("default privileges for role app_owner in schema app_public on tables to anon", "(none)", "DELETE")]),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_public REVOKE SELECT ON TABLES FROM app_user",
     "ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA app_public GRANT SELECT ON TABLES TO app_user",
     [("default privileges for role app_owner in schema app_public on tables to app_user", "SELECT", "(none)")]),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE app_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC",
     "ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC",
     [("default privileges for role app_owner on functions to PUBLIC", "(none)", "EXECUTE")]),
    ("ALTER DEFAULT PRIVILEGES FOR ROLE app_admin GRANT SELECT ON TABLES TO anon",
     "ALTER DEFAULT PRIVILEGES FOR ROLE app_admin REVOKE SELECT ON TABLES FROM anon",
     [("default privileges for role app_admin on tables to anon", "(none)", "SELECT")]),
]


def test_privileges_are_made_verified_and_rolled_back(conn, project):
    compiled, files = project
    stand_ins(conn, compiled)
    before = inventory(conn)
    public_acl = conn.execute("SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'").fetchone()
    applied(conn, project)
    checks = conn.execute("""
        SELECT has_column_privilege('app_user', 'app_public.users', 'username', 'UPDATE'),
               has_column_privilege('app_user', 'app_public.users', 'id', 'UPDATE'),
               has_column_privilege('anon', 'app_public.users', 'username', 'SELECT'),
               has_column_privilege('anon', 'app_public.users', 'bio', 'SELECT'),
               has_column_privilege('app_user', 'app_public.users', 'bio', 'INSERT WITH GRANT OPTION'),
               has_table_privilege('app_admin', 'app_public.users', 'INSERT WITH GRANT OPTION'),
               has_function_privilege('public', 'app_public.f()', 'EXECUTE'),
               has_function_privilege('app_user', 'app_public.f()', 'EXECUTE'),
               has_function_privilege('public', 'app_public.g()', 'EXECUTE'),
               pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'app_public.users'::regclass)),
               pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'app_private.sessions'::regclass)),
               pg_get_userbyid((SELECT nspowner FROM pg_namespace WHERE nspname = 'app_public')),
               has_schema_privilege('app_admin', 'app_public', 'CREATE'),
               has_schema_privilege('app_user', 'app_public', 'CREATE')""").fetchone()
    assert checks == (True, False, True, False, True, True, False, True, True, "app_owner", "app_admin", "app_owner",
                      True, False)
    for tamper, undo, expected in TAMPERS:
        run_script(conn, tamper, "tamper")
        assert verify(conn, files) == sorted(expected), tamper
        run_script(conn, undo, "undo")
    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before
    assert conn.execute("SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'").fetchone() == public_acl
    assert conn.execute("SELECT count(*) FROM pg_default_acl").fetchone() == (0,)
