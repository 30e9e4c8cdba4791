"""verify.sql reports exactly what was changed in functions, procedures,
triggers, views, policies, row-level security, roles and grants: apply a spec,
change one thing in the live database, and expect that discrepancy and no
other. Roles belong to the whole server; the `conn` fixture drops the ones a
test created when it drops the test's database."""

from __future__ import annotations

import pytest

from compiler.apply import run_script
from tests.conftest import ROOT
from tests.helpers import applied, compile_spec, verify

PROGRAMMABLE = ROOT / "tests" / "specs" / "programmable"

# A second, small project: a procedure, a table without row-level security, a
# policy whose subquery makes the deparser qualify the table's own columns, and
# a role whose only privilege is one grant.
EXTRAS_SPEC = """\
domain: extras
schema: extras
roles:
  auditor: {}
tables:
  notes:
    columns:
      id: {type: integer, primary_key: true}
      body: {type: text}
    grants:
      auditor: [select]
  labels:
    columns:
      note_id: {type: integer, nullable: false}
      label: {type: text, nullable: false}
    rls:
      policies:
        labels_of_notes:
          for: select
          to: [auditor]
          using: exists (select 1 from notes n where n.id = note_id)
functions:
  purge_notes:
    args: [{name: p_below, type: integer}]
    language: plpgsql
    body: |
      BEGIN
        DELETE FROM notes WHERE id < p_below;
      END
    comment: Removes old notes
"""

# written in PL/pgSQL: schemac does not yet see the table a SQL body's DELETE
# needs, and would create the procedure before it
PURGE_BODY = "BEGIN\n  DELETE FROM notes WHERE id < p_below;\nEND"
CURRENT_USER_BODY = "\nselect nullif(current_setting('app.user_id', true), '')::uuid\n"
TOUCH = "BEFORE UPDATE ON app.deals FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
AUDIT = "AFTER INSERT OR DELETE OR UPDATE OF user_id ON app.memberships FOR EACH ROW EXECUTE FUNCTION audit_row()"
SUMMARY_QUERY = ("select d.id, d.name, count(m.user_id) as members from app.deals d"
                 " left join app.memberships m on m.deal_id = d.id group by d.id, d.name")
SUMMARY_DEF = (" SELECT d.id,\n    d.name,\n    count(m.user_id) AS members\n   FROM (deals d\n"
               "     LEFT JOIN memberships m ON ((m.deal_id = d.id)))\n  GROUP BY d.id, d.name;")
IN_STATUS = 'function app.deals_in_status(app."DealStatus")'
ACCESS = "function app.user_has_deal_access(uuid)"

# (id, tamper SQL, the exact rows verify.sql must report)
CASES = [
    # functions
    ("function body changed",
     "CREATE OR REPLACE FUNCTION app.current_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$\nselect null::uuid\n$$",
     [("function app.current_user_id() body", CURRENT_USER_BODY, "\nselect null::uuid\n")]),
    ("function security definer changed to invoker", "ALTER FUNCTION app.user_has_deal_access(uuid) SECURITY INVOKER",
     [(f"{ACCESS} security", "definer", "invoker")]),
    ("function search_path changed", "ALTER FUNCTION app.user_has_deal_access(uuid) SET search_path = public",
     [(f"{ACCESS} settings", "search_path=app, pg_temp", "search_path=public")]),
    ("function search_path removed", "ALTER FUNCTION app.user_has_deal_access(uuid) RESET search_path",
     [(f"{ACCESS} settings", "search_path=app, pg_temp", "(none)")]),
    ("function volatility changed", "ALTER FUNCTION app.current_user_id() IMMUTABLE",
     [("function app.current_user_id() volatility", "stable", "immutable")]),
    ("function made strict", "ALTER FUNCTION app.audit_row() STRICT",
     [("function app.audit_row() strictness", "called on null input", "strict")]),
    ("function comment added", "COMMENT ON FUNCTION app.audit_row() IS 'audits'",
     [("function app.audit_row() comment", "(none)", "audits")]),
    ("function argument renamed and default changed",
     "SET check_function_bodies = off; DROP FUNCTION app.deals_in_status(app.\"DealStatus\");"
     " CREATE FUNCTION app.deals_in_status(p_state app.\"DealStatus\" DEFAULT 'closed') RETURNS SETOF app.deals"
     " LANGUAGE sql STABLE AS $body$\nselect * from deals where status = p_status\n$body$",
     [(f"{IN_STATUS} arguments", "p_status \"DealStatus\" DEFAULT 'open'::\"DealStatus\"",
       "p_state \"DealStatus\" DEFAULT 'closed'::\"DealStatus\"")]),
    ("function argument types changed",
     "DROP FUNCTION app.deals_in_status(app.\"DealStatus\");"
     " CREATE FUNCTION app.deals_in_status(p_status text) RETURNS SETOF app.deals LANGUAGE sql STABLE"
     " AS $body$\nselect * from app.deals where status::text = p_status\n$body$",
     [(IN_STATUS, "present", "missing"),
      ("function app.deals_in_status(text)", "absent", "present")]),
    ("function return type changed",
     "SET check_function_bodies = off; DROP FUNCTION app.deals_in_status(app.\"DealStatus\");"
     " CREATE FUNCTION app.deals_in_status(p_status app.\"DealStatus\" DEFAULT 'open') RETURNS SETOF app.memberships"
     " LANGUAGE sql STABLE AS $body$\nselect * from deals where status = p_status\n$body$",
     [(f"{IN_STATUS} result", "SETOF deals", "SETOF memberships")]),
    ("function dropped", "DROP FUNCTION app.deals_in_status(app.\"DealStatus\")",
     [(IN_STATUS, "present", "missing")]),
    ("trigger function dropped with its trigger", "DROP FUNCTION app.set_updated_at() CASCADE",
     [("function app.set_updated_at()", "present", "missing"),
      ("trigger touch_updated_at on app.deals", "present", "missing")]),
    # triggers
    ("trigger dropped", "DROP TRIGGER touch_updated_at ON app.deals",
     [("trigger touch_updated_at on app.deals", TOUCH, "missing")]),
    ("trigger recreated with other events",
     "DROP TRIGGER audit_change ON app.memberships;"
     " CREATE TRIGGER audit_change AFTER INSERT OR DELETE ON app.memberships FOR EACH ROW EXECUTE FUNCTION app.audit_row()",
     [("trigger audit_change on app.memberships", AUDIT,
       "AFTER INSERT OR DELETE ON app.memberships FOR EACH ROW EXECUTE FUNCTION audit_row()")]),
    ("trigger given a condition, timing and arguments",
     "DROP TRIGGER touch_updated_at ON app.deals;"
     " CREATE TRIGGER touch_updated_at AFTER UPDATE ON app.deals FOR EACH ROW"
     " WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app.set_updated_at('x')",
     [("trigger touch_updated_at on app.deals", TOUCH,
       "AFTER UPDATE ON app.deals FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name))"
       " EXECUTE FUNCTION set_updated_at('x')")]),
    ("trigger made per statement",
     "DROP TRIGGER audit_change ON app.memberships;"
     " CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OF user_id OR DELETE ON app.memberships"
     " FOR EACH STATEMENT EXECUTE FUNCTION app.audit_row()",
     [("trigger audit_change on app.memberships", AUDIT,
       "AFTER INSERT OR DELETE OR UPDATE OF user_id ON app.memberships FOR EACH STATEMENT EXECUTE FUNCTION audit_row()")]),
    ("trigger disabled", "ALTER TABLE app.deals DISABLE TRIGGER touch_updated_at",
     [("trigger touch_updated_at on app.deals state", "enabled", "disabled")]),
    ("unexpected trigger",
     "CREATE TRIGGER stamp BEFORE INSERT ON app.deals FOR EACH ROW EXECUTE FUNCTION app.set_updated_at()",
     [("trigger stamp on app.deals", "absent",
       "CREATE TRIGGER stamp BEFORE INSERT ON app.deals FOR EACH ROW EXECUTE FUNCTION set_updated_at()")]),
    # row-level security
    ("row level security disabled", "ALTER TABLE app.deals DISABLE ROW LEVEL SECURITY",
     [("table app.deals row level security", "enabled", "disabled")]),
    ("force removed", "ALTER TABLE app.deals NO FORCE ROW LEVEL SECURITY",
     [("table app.deals forced row level security", "forced", "not forced")]),
    ("force added", "ALTER TABLE app.memberships FORCE ROW LEVEL SECURITY",
     [("table app.memberships forced row level security", "not forced", "forced")]),
    # policies
    ("policy using changed", "ALTER POLICY own_rows ON app.memberships USING (user_id = app.current_user_id() OR true)",
     [("policy own_rows on app.memberships using", "(user_id = current_user_id())",
       "((user_id = current_user_id()) OR true)")]),
    ("policy using replaced", "ALTER POLICY members_read ON app.deals USING (true)",
     [("policy members_read on app.deals using", "user_has_deal_access(id)", "true")]),
    ("policy roles changed", "ALTER POLICY staff_all ON app.deals TO app_user, staff",
     [("policy staff_all on app.deals roles", "staff", "app_user, staff")]),
    ("policy made restrictive, for update, with another check",
     "DROP POLICY staff_all ON app.deals; CREATE POLICY staff_all ON app.deals AS RESTRICTIVE FOR UPDATE TO staff"
     " USING (true) WITH CHECK (owner_id IS NOT NULL)",
     [("policy staff_all on app.deals command", "all", "update"),
      ("policy staff_all on app.deals type", "permissive", "restrictive"),
      ("policy staff_all on app.deals with check", "true", "(owner_id IS NOT NULL)")]),
    ("policy with check dropped",
     "DROP POLICY staff_all ON app.deals; CREATE POLICY staff_all ON app.deals TO staff USING (true)",
     [("policy staff_all on app.deals with check", "true", "(none)")]),
    ("policy dropped", "DROP POLICY members_read ON app.deals",
     [("policy members_read on app.deals", "present", "missing")]),
    ("unexpected policy", "CREATE POLICY extra ON app.memberships FOR INSERT TO staff WITH CHECK (true)",
     [("policy extra on app.memberships", "absent", "permissive for insert to staff with check (true)")]),
    # views
    ("view redefined",
     "CREATE OR REPLACE VIEW app.deal_summary WITH (security_invoker = true) AS "
     + SUMMARY_QUERY.replace("count(m.user_id)", "count(m.deal_id)"),
     [("view app.deal_summary definition", SUMMARY_DEF, SUMMARY_DEF.replace("count(m.user_id)", "count(m.deal_id)"))]),
    ("view redefined without its security_invoker option",
     f"CREATE OR REPLACE VIEW app.deal_summary AS {SUMMARY_QUERY}",
     [("view app.deal_summary security_invoker", "true", "false")]),
    ("view security_invoker turned off", "ALTER VIEW app.deal_summary SET (security_invoker = false)",
     [("view app.deal_summary security_invoker", "true", "false")]),
    ("view comment added", "COMMENT ON VIEW app.deal_summary IS 'hello'",
     [("view app.deal_summary comment", "(none)", "hello")]),
    ("view dropped", "DROP VIEW app.deal_summary",
     [("view app.deal_summary", "present", "missing")]),
    ("materialized view replaced by a plain view",
     "DROP MATERIALIZED VIEW app.deal_counts;"
     " CREATE VIEW app.deal_counts AS select status, count(*) as n from app.deals group by status",
     [("materialized view app.deal_counts kind", "materialized view", "view"),
      ("index app.deal_counts_status_idx", "UNIQUE btree (status)", "missing")]),
    ("materialized view index dropped", "DROP INDEX app.deal_counts_status_idx",
     [("index app.deal_counts_status_idx", "UNIQUE btree (status)", "missing")]),
    ("materialized view index made plain",
     "DROP INDEX app.deal_counts_status_idx; CREATE INDEX deal_counts_status_idx ON app.deal_counts (status)",
     [("index app.deal_counts_status_idx", "UNIQUE btree (status)", "btree (status)")]),
    ("extra index on a materialized view", "CREATE INDEX deal_counts_n_idx ON app.deal_counts (n)",
     [("index app.deal_counts_n_idx", "absent", "CREATE INDEX deal_counts_n_idx ON app.deal_counts USING btree (n)")]),
    # roles and grants
    ("role comment changed", "COMMENT ON ROLE app_user IS 'changed'",
     [("role app_user comment", "The application's login role is granted this", "changed")]),
    ("role dropped with what it owned", "DROP OWNED BY staff; DROP ROLE staff",
     [("role staff", "present", "missing"),
      ("policy staff_all on app.deals", "present", "missing")]),
    ("grant revoked", "REVOKE DELETE ON app.deals FROM staff",
     [("grant on table app.deals to staff", "SELECT, INSERT, UPDATE, DELETE", "SELECT, INSERT, UPDATE")]),
    ("every privilege revoked", "REVOKE ALL ON app.deals FROM app_user",
     [("grant on table app.deals to app_user", "SELECT", "(none)")]),
    ("grant with grant option", "GRANT SELECT ON app.deals TO app_user WITH GRANT OPTION",
     [("grant on table app.deals to app_user", "SELECT", "SELECT WITH GRANT OPTION")]),
    ("extra privilege on a view", "GRANT UPDATE ON app.deal_summary TO app_user",
     [("grant on view app.deal_summary to app_user", "SELECT", "SELECT, UPDATE")]),
    ("privilege on a table that grants a role nothing", "GRANT SELECT ON app.memberships TO staff",
     [("grant on table app.memberships to staff", "(none)", "SELECT")]),
    ("execute revoked", "REVOKE EXECUTE ON FUNCTION app.user_has_deal_access(uuid) FROM app_user",
     [(f"grant on {ACCESS} to app_user", "EXECUTE", "(none)")]),
    ("extra execute", "GRANT EXECUTE ON FUNCTION app.current_user_id() TO staff",
     [("grant on function app.current_user_id() to staff", "(none)", "EXECUTE")]),
    ("schema usage revoked", "REVOKE USAGE ON SCHEMA app FROM app_user",
     [("grant on schema app to app_user", "USAGE", "(none)")]),
    ("extra privilege on a schema", "GRANT CREATE ON SCHEMA app TO staff",
     [("grant on schema app to staff", "USAGE", "USAGE, CREATE")]),
]

EXTRAS_CASES = [
    ("procedure body changed",
     "CREATE OR REPLACE PROCEDURE extras.purge_notes(p_below integer) LANGUAGE plpgsql"
     f" AS $$\n{PURGE_BODY.replace('<', '<=')}\n$$",
     [("procedure extras.purge_notes(integer) body", f"\n{PURGE_BODY}\n", f"\n{PURGE_BODY.replace('<', '<=')}\n")]),
    ("procedure made security definer", "ALTER PROCEDURE extras.purge_notes(integer) SECURITY DEFINER",
     [("procedure extras.purge_notes(integer) security", "invoker", "definer")]),
    ("procedure given a search_path", "ALTER PROCEDURE extras.purge_notes(integer) SET search_path = extras",
     [("procedure extras.purge_notes(integer) settings", "(none)", "search_path=extras")]),
    ("procedure comment dropped", "COMMENT ON PROCEDURE extras.purge_notes(integer) IS NULL",
     [("procedure extras.purge_notes(integer) comment", "Removes old notes", "(none)")]),
    ("procedure dropped", "DROP PROCEDURE extras.purge_notes(integer)",
     [("procedure extras.purge_notes(integer)", "present", "missing")]),
    ("procedure replaced by a function",
     "DROP PROCEDURE extras.purge_notes(integer); CREATE FUNCTION extras.purge_notes(p_below integer) RETURNS void"
     f" LANGUAGE plpgsql AS $$\n{PURGE_BODY}\n$$; COMMENT ON FUNCTION extras.purge_notes(integer) IS"
     " 'Removes old notes'",
     [("procedure extras.purge_notes(integer) kind", "procedure", "function"),
      ("procedure extras.purge_notes(integer) arguments", "IN p_below integer", "p_below integer"),
      ("procedure extras.purge_notes(integer) result", "(none)", "void")]),
    ("row level security on a table without it", "ALTER TABLE extras.notes ENABLE ROW LEVEL SECURITY",
     [("table extras.notes row level security", "disabled", "enabled")]),
    ("row level security forced on a table without it", "ALTER TABLE extras.notes FORCE ROW LEVEL SECURITY",
     [("table extras.notes forced row level security", "not forced", "forced")]),
    ("policy with a subquery changed",
     "ALTER POLICY labels_of_notes ON extras.labels USING (exists (select 1 from extras.notes n where n.id > note_id))",
     [("policy labels_of_notes on extras.labels using",
       "(EXISTS ( SELECT 1\n   FROM notes n\n  WHERE (n.id = labels.note_id)))",
       "(EXISTS ( SELECT 1\n   FROM notes n\n  WHERE (n.id > labels.note_id)))")]),
    ("managed role dropped", "DROP OWNED BY auditor; DROP ROLE auditor",
     [("role auditor", "present", "missing"),
      ("policy labels_of_notes on extras.labels", "present", "missing")]),
    ("extra privilege for a managed role", "GRANT INSERT, TRUNCATE ON extras.notes TO auditor",
     [("grant on table extras.notes to auditor", "SELECT", "SELECT, INSERT, TRUNCATE")]),
    ("managed role given privileges on a managed procedure",
     "GRANT EXECUTE ON PROCEDURE extras.purge_notes(integer) TO auditor",
     [("grant on procedure extras.purge_notes(integer) to auditor", "(none)", "EXECUTE")]),
]


@pytest.fixture(scope="module")
def programmable():
    return compile_spec(PROGRAMMABLE)


@pytest.fixture(scope="module")
def extras(tmp_path_factory):
    root = tmp_path_factory.mktemp("extras")
    (root / "schemac.yaml").write_text("postgres: {min_version: 15}\n")
    (root / "specs").mkdir()
    (root / "specs" / "extras.yaml").write_text(EXTRAS_SPEC)
    return compile_spec(root)


@pytest.mark.parametrize(("tamper", "expected"), [pytest.param(sql, rows, id=name) for name, sql, rows in CASES])
def test_verify_reports_exactly_the_tampered_object(conn, programmable, tamper, expected):
    files = applied(conn, programmable)
    run_script(conn, tamper, "tamper")
    assert verify(conn, files) == sorted(expected)


@pytest.mark.parametrize(("tamper", "expected"), [pytest.param(sql, rows, id=name) for name, sql, rows in EXTRAS_CASES])
def test_verify_reports_exactly_the_tampered_extra(conn, extras, tamper, expected):
    files = applied(conn, extras)
    run_script(conn, tamper, "tamper")
    assert verify(conn, files) == sorted(expected)


def test_after_down_verify_reports_the_objects_missing(conn, programmable):
    files = applied(conn, programmable)
    run_script(conn, files.down, "down.sql")
    rows = verify(conn, files)
    assert {found for _, _, found in rows} == {"missing"}
    assert {expected for _, expected, _ in rows} == {"present"}
    objects = {obj for obj, _, _ in rows}
    assert {"schema app", "role app_user", "role staff", 'enum app."DealStatus"', "table app.deals",
            "table app.memberships", "function app.current_user_id()", ACCESS, IN_STATUS,
            "function app.set_updated_at()", "function app.audit_row()", "view app.deal_summary",
            "materialized view app.deal_counts"} == objects


def test_after_down_verify_reports_the_procedure_missing(conn, extras):
    files = applied(conn, extras)
    run_script(conn, files.down, "down.sql")
    assert verify(conn, files) == [("procedure extras.purge_notes(integer)", "present", "missing"),
                                   ("role auditor", "present", "missing"),
                                   ("schema extras", "present", "missing"),
                                   ("table extras.labels", "present", "missing"),
                                   ("table extras.notes", "present", "missing")]
