"""The privilege model on a real PostgreSQL: column privileges, WITH GRANT
OPTION, owners, schema privileges (the `public` schema too), default
privileges and the `functions_executable_by_public` setting. up.sql gives
exactly what the specs say (verify is clean), verify reports what is missing
and what is extra, and down.sql leaves the database as it was."""

from __future__ import annotations

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors
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


BROKEN = """\
schema: app
owner: nobody
roles:
  app_user: {}
  app_owner: {}
  auditor: {}
schema_grants:
  app: {app_user: [usage, select], public: {privileges: [usage], grant_option: true}}
default_privileges:
  - {on: sequences, grants: {app_user: [usage]}}
  - {for_role: app_owner, schema: app, on: functions, grants: {public: []}}
  - {for_role: app_owner, on: tables, grants: {app_user: [execute]}}
  - {for_role: public, on: tables, grants: {app_user: [select]}}
tables:
  t:
    owner: app_owner
    columns:
      id: {type: integer, primary_key: true, grants: {auditor: [select]}}
      name: {type: text, grants: {app_user: [select, all]}}
      note: {type: text, grants: {app_user: [delete]}}
    grants:
      app_user: [select, usage, maintain]
      app_owner: [select]
      auditor: [select]
functions:
  f:
    returns: integer
    body: select 1
    owner: public
    grants: {app_user: [execute, update]}
"""


def test_what_postgresql_refuses_is_a_spec_error_at_its_place(tmp_path):
    """Every mistake of one run, each at its line and column: a privilege the
    object kind lacks, PUBLIC as an owner or with a grant option, an owner
    or role nobody declares, default privileges PostgreSQL cannot hold, a
    grant to the owner, a column privilege the table grants already."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "app.yaml").write_text(BROKEN)
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path)
    found = [(e.line, e.column, e.path, e.message) for e in caught.value.errors]
    assert found == [
        (2, 8, "owner", "role `nobody` is not declared"),
        (8, 27, "schema_grants.app.app_user[1]", "`select` cannot be granted on a schema"),
        (8, 80, "schema_grants.app.public.grant_option", "PUBLIC cannot be given the grant option"),
        (10, 5, "default_privileges[0]", "default privileges on sequences need `for_role`"),
        (11, 64, "default_privileges[1].grants.public",
         "PUBLIC's default EXECUTE on functions can only be revoked for all schemas"),
        (12, 59, "default_privileges[2].grants.app_user[0]", "`execute` is not a privilege of tables"),
        (13, 16, "default_privileges[3].for_role", "PUBLIC cannot own an object"),
        (18, 55, "tables.t.columns.id.grants.auditor",
         "role `auditor` is granted select on the whole table already, so on column `id` too"),
        (19, 54, "tables.t.columns.name.grants.app_user[1]", "`all` cannot be granted on a column"),
        (20, 46, "tables.t.columns.note.grants.app_user[0]", "`delete` cannot be granted on a column"),
        (22, 26, "tables.t.grants.app_user[1]", "`usage` cannot be granted on a table"),
        (22, 33, "tables.t.grants.app_user[2]", "`maintain` cannot be granted on a table"),
        (23, 7, "tables.t.grants.app_owner", "role `app_owner` owns table app.t and holds every privilege on it"),
        (29, 12, "functions.f.owner", "PUBLIC cannot own an object"),
        (30, 34, "functions.f.grants.app_user[1]", "`update` cannot be granted on a function or procedure"),
    ]
    assert all(e.hint for e in caught.value.errors)


SECURE = """\
schema: app
roles:
  reader: {}
default_privileges:
  - {schema: app, on: tables, grants: {reader: [select]}}   # the role running the migrations
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
functions:
  closed:
    returns: integer
    body: select 1
  open:
    returns: integer
    body: select 2
    grants: {public: [execute]}
  tidy:
    body: select 1
    grants: {reader: [execute]}   # GRANT EXECUTE ON PROCEDURE
"""


def test_the_secure_preset_and_the_migration_roles_own_default_privileges(conn, tmp_path):
    """`functions_executable_by_public: false` revokes PUBLIC's EXECUTE from
    every function and procedure that does not grant it; default privileges
    without `for_role` hold for the specs' own tables as for later ones."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "app.yaml").write_text(SECURE)
    (tmp_path / "schemac.yaml").write_text("privileges: {functions_executable_by_public: false}\n")
    compiled, files = compile_spec(tmp_path)
    assert "GRANT SELECT ON TABLE app.t TO reader;" in files.up
    assert "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO reader;" in files.up
    assert "REVOKE EXECUTE ON PROCEDURE app.tidy() FROM PUBLIC;" in files.up
    assert "GRANT EXECUTE ON PROCEDURE app.tidy() TO reader;" in files.up
    applied(conn, (compiled, files))
    assert conn.execute("""
        SELECT has_function_privilege('public', 'app.closed()', 'EXECUTE'),
               has_function_privilege('public', 'app.open()', 'EXECUTE'),
               has_function_privilege('public', 'app.tidy()', 'EXECUTE'),
               has_function_privilege('reader', 'app.tidy()', 'EXECUTE')""").fetchone() == (False, True, False, True)
    run_script(conn, "CREATE TABLE app.later (id integer); GRANT EXECUTE ON FUNCTION app.closed() TO PUBLIC",
               "tamper")
    assert conn.execute("SELECT has_table_privilege('reader', 'app.later', 'SELECT')").fetchone() == (True,)
    assert verify(conn, files) == [("grant on function app.closed() to PUBLIC", "(none)", "EXECUTE")]
    run_script(conn, "DROP TABLE app.later; REVOKE EXECUTE ON FUNCTION app.closed() FROM PUBLIC", "undo")
    run_script(conn, files.down, "down.sql")
    assert conn.execute("SELECT count(*) FROM pg_default_acl").fetchone() == (0,)
