"""Evolution of functions, policies, triggers, RLS flags, grants, roles and
views that exist on both sides, converging on a real PostgreSQL: apply
`before`, apply the migration to `after`, verify `after` clean, plan `after`
against itself empty, apply down, verify `before` clean. Roles belong to the
server; the scratch database fixture drops the roles a test created."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import TypeRef
from compiler.catalog.programmable import Argument, Function, Grant, Policy, Returns, Trigger
from compiler.diff.programmable import function_changes, policy_changes, trigger_changes
from compiler.errors import UsageError
from compiler.ops import (
    AlterPolicy, CreateReplacement, DropForReplacement, GrantAdded, Hazard, ReplaceFunction, RevokeRemoved,
)
from compiler.render.migration import render_op
from tests.helpers import verify

H = Hazard


def _spec(body: str) -> str:
    return "schema: evo\n" + body


ROLES = "roles:\n  evo_reader: {}\n  evo_writer: {}\n"
TABLE = "tables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n      owner: text\n"


def _table(extra: str = "") -> str:
    return TABLE + extra


def _function(body: str, returns: str = "integer", extra: str = "") -> str:
    return f"functions:\n  f:\n    returns: {returns}\n    body: {body}\n{extra}"


TOUCH = ("  touch:\n    returns: trigger\n    language: plpgsql\n    body: |\n"
         "      BEGIN\n        NEW.owner := coalesce(NEW.owner, 'nobody');\n        RETURN NEW;\n      END\n")


def _trigger(events: str) -> str:
    return (_table(f"    triggers:\n      t_touch: {{function: touch, timing: before, events: {events}}}\n")
            + "functions:\n" + TOUCH)


def _policies(policy: str, force: bool = False) -> str:
    return ROLES + _table(f"    rls:\n      force: {'true' if force else 'false'}\n"
                          f"      policies:\n        p: {policy}\n")


def _grants(privileges: str) -> str:
    return ROLES + _table(f"    grants:\n      evo_reader: {privileges}\n")


def _view(query: str, comment: str) -> str:
    return (ROLES + TABLE + "views:\n  v:\n"
            f"    query: {query}\n    comment: {comment}\n    grants: {{evo_reader: [select]}}\n")


def _matview(query: str) -> str:
    return (TABLE + "views:\n  mv:\n    materialized: true\n"
            f"    query: {query}\n    indexes:\n      - {{columns: [id], unique: true}}\n")


@dataclass
class Scenario:
    id: str
    before: str
    after: str
    steps: list[str]  # op kinds of the plan, in order
    hazards: set[Hazard] = field(default_factory=set)
    rows: list[str] = field(default_factory=list)  # inserted after `before`
    check: str | None = None  # a query run after up
    expect: list[tuple] | None = None
    check_down: str | None = None  # a query run after down
    expect_down: list[tuple] | None = None
    in_up: list[str] = field(default_factory=list)  # text up.sql must hold
    in_down: list[str] = field(default_factory=list)  # text down.sql must hold


SCENARIOS = [
    Scenario(
        "function-body-change",
        before=ROLES + _function("select 1", extra="    comment: One\n    grants: {evo_reader: [execute]}\n"),
        after=ROLES + _function("select 2", extra="    grants: {evo_reader: [execute]}\n"),
        steps=["ReplaceFunction"],
        check="SELECT evo.f(), prosrc FROM pg_proc WHERE oid = 'evo.f()'::regprocedure",
        expect=[(2, "\nselect 2\n")],
        check_down="SELECT evo.f(), prosrc, obj_description('evo.f()'::regprocedure, 'pg_proc') "
                   "FROM pg_proc WHERE oid = 'evo.f()'::regprocedure",
        expect_down=[(1, "\nselect 1\n", "One")],
        in_up=["CREATE OR REPLACE FUNCTION evo.f()", "COMMENT ON FUNCTION evo.f() IS NULL;"],
        in_down=["CREATE OR REPLACE FUNCTION evo.f()", "select 1"],
    ),
    Scenario(
        "function-return-type-change-keeps-its-grants",
        before=ROLES + _function("select 1", extra="    grants: {evo_reader: [execute]}\n"),
        after=ROLES + _function("select 2::bigint", returns="bigint",
                                extra="    grants: {evo_reader: [execute]}\n"),
        steps=["DropForReplacement", "CreateReplacement"],
        check="SELECT pg_typeof(evo.f())::text, has_function_privilege('evo_reader', 'evo.f()', 'EXECUTE')",
        expect=[("bigint", True)],
        check_down="SELECT pg_typeof(evo.f())::text, has_function_privilege('evo_reader', 'evo.f()', 'EXECUTE')",
        expect_down=[("integer", True)],
        in_up=["DROP FUNCTION evo.f();\n", "CREATE FUNCTION evo.f()"],
    ),
    Scenario(
        "policy-using-change",
        before=_policies("{for: select, to: [evo_reader], using: owner = current_user}"),
        after=_policies("{for: select, to: [evo_reader, evo_writer], using: owner = session_user}"),
        steps=["AlterPolicy"],
        check="SELECT qual, roles::text FROM pg_policies WHERE policyname = 'p'",
        expect=[("(owner = SESSION_USER)", "{evo_reader,evo_writer}")],
        check_down="SELECT qual, roles::text FROM pg_policies WHERE policyname = 'p'",
        expect_down=[("(owner = CURRENT_USER)", "{evo_reader}")],
        in_up=["ALTER POLICY p ON evo.t\n    TO evo_reader, evo_writer\n    USING (owner = session_user);"],
        in_down=["ALTER POLICY p ON evo.t\n    TO evo_reader\n    USING (owner = current_user);"],
    ),
    Scenario(
        "policy-command-change",
        before=_policies("{for: select, to: [evo_reader], using: owner = current_user}"),
        after=_policies("{for: all, to: [evo_reader], using: owner = current_user, "
                        "with_check: owner = current_user}"),
        steps=["DropForReplacement", "CreateReplacement"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK},
        check="SELECT cmd FROM pg_policies WHERE policyname = 'p'",
        expect=[("ALL",)],
        check_down="SELECT cmd, with_check FROM pg_policies WHERE policyname = 'p'",
        expect_down=[("SELECT", None)],
    ),
    Scenario(
        "trigger-event-change",
        before=_trigger("[update]"),
        after=_trigger("[insert, update]"),
        steps=["DropForReplacement", "CreateReplacement"],
        hazards={H.ACCESS_EXCLUSIVE_LOCK},
        check="INSERT INTO evo.t (id) VALUES (1); SELECT owner FROM evo.t",
        expect=[("nobody",)],
        check_down="INSERT INTO evo.t (id) VALUES (2); SELECT owner FROM evo.t WHERE id = 2",
        expect_down=[(None,)],
    ),
    Scenario(
        "rls-force-toggled",
        before=_policies("{to: [evo_reader], using: 'true'}"),
        after=_policies("{to: [evo_reader], using: 'true'}", force=True),
        steps=["AlterRowSecurity"],
        check="SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'evo.t'::regclass",
        expect=[(True, True)],
        check_down="SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = 'evo.t'::regclass",
        expect_down=[(True, False)],
        in_up=["ALTER TABLE evo.t FORCE ROW LEVEL SECURITY;"],
        in_down=["ALTER TABLE evo.t NO FORCE ROW LEVEL SECURITY;"],
    ),
    Scenario(
        "grant-privilege-added-and-removed",
        before=_grants("[select, insert]"),
        after=_grants("[select, update]"),
        steps=["GrantAdded", "RevokeRemoved"],
        check="SELECT has_table_privilege('evo_reader', 'evo.t', 'SELECT'), "
              "has_table_privilege('evo_reader', 'evo.t', 'INSERT'), "
              "has_table_privilege('evo_reader', 'evo.t', 'UPDATE')",
        expect=[(True, False, True)],
        check_down="SELECT has_table_privilege('evo_reader', 'evo.t', 'SELECT'), "
                   "has_table_privilege('evo_reader', 'evo.t', 'INSERT'), "
                   "has_table_privilege('evo_reader', 'evo.t', 'UPDATE')",
        expect_down=[(True, True, False)],
        in_up=["GRANT UPDATE ON TABLE evo.t TO evo_reader;", "REVOKE INSERT ON TABLE evo.t FROM evo_reader;"],
    ),
    Scenario(
        "view-query-change",
        before=_view("select id from t", "Ids"),
        after=_view("select id, owner from t", "Ids and owners"),
        steps=["DropForReplacement", "CreateReplacement"],
        rows=["INSERT INTO evo.t VALUES (1, 'ann')"],
        check="SELECT * FROM evo.v",
        expect=[(1, "ann")],
        check_down="SELECT *, has_table_privilege('evo_reader', 'evo.v', 'SELECT') FROM evo.v",
        expect_down=[(1, True)],
        in_up=["DROP VIEW evo.v;\n", "GRANT SELECT ON TABLE evo.v TO evo_reader;"],
    ),
    Scenario(
        "view-comment-change",
        before=_view("select id from t", "Ids"),
        after=_view("select id from t", "Identifiers"),
        steps=["AlterViewComment"],
        check="SELECT obj_description('evo.v'::regclass, 'pg_class')",
        expect=[("Identifiers",)],
    ),
    Scenario(
        "materialized-view-query-change-keeps-its-index",
        before=_matview("select id from t"),
        after=_matview("select id, owner from t"),
        steps=["DropForReplacement", "CreateReplacement"],
        rows=["INSERT INTO evo.t VALUES (1, 'ann')"],
        check="SELECT * FROM evo.mv",
        expect=[(1, "ann")],
    ),
    Scenario(
        "role-comment-change",
        before="roles:\n  evo_reader: {comment: Reads}\n" + TABLE,
        after="roles:\n  evo_reader: {comment: Reads everything}\n" + TABLE,
        steps=["AlterRoleComment"],
        check="SELECT shobj_description('evo_reader'::regrole, 'pg_authid')",
        expect=[("Reads everything",)],
        check_down="SELECT shobj_description('evo_reader'::regrole, 'pg_authid')",
        expect_down=[("Reads",)],
    ),
]


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    spec = folder / "evo.yaml"
    spec.write_text(_spec(text), encoding="utf-8")
    return api.load(folder, [spec])


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_plan_steps_and_hazards(tmp_path, s: Scenario):
    before, after = _compile(tmp_path, "before", s.before), _compile(tmp_path, "after", s.after)
    plan = api.plan(before.catalog, after.catalog)
    assert [op.kind for op in plan.steps] == s.steps
    assert set(plan.hazards) == s.hazards
    assert plan.reversible
    assert api.plan(after.catalog, after.catalog).empty
    assert [op.kind for op in api.plan(after.catalog, before.catalog).steps]  # and back again


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_converges_on_postgresql(conn, tmp_path, s: Scenario):
    before, after = _compile(tmp_path, "before", s.before), _compile(tmp_path, "after", s.after)
    first = api.migration("0001_before", before)
    run_script(conn, first.up, "before up.sql")
    assert verify(conn, first) == []
    for row in s.rows:
        run_script(conn, row, "rows")

    step = api.migration("0002_after", after, previous=before.catalog)
    assert [op.kind for op in step.plan.steps] == s.steps
    for text in s.in_up:
        assert text in step.up
    for text in s.in_down:
        assert text in step.down
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert api.plan(after.catalog, after.catalog).empty
    if s.check:
        assert _query(conn, s.check) == s.expect

    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []
    if s.check_down:
        assert _query(conn, s.check_down) == s.expect_down


# ---------------------------------------------------------------- refusals

def test_return_type_change_of_a_function_with_dependents_is_refused(tmp_path):
    def spec(returns, body):
        return (_table("      n: {type: bigint, default: f()}\n") + _function(body, returns)
                + "views:\n  v:\n    query: select f() as x\n")
    before = _compile(tmp_path, "before", spec("integer", "select 1"))
    after = _compile(tmp_path, "after", spec("bigint", "select 1::bigint"))
    with pytest.raises(UsageError, match=r"function:evo\.f\(\): its return type changed.*"
                                         r"\(table:evo\.t, view:evo\.v\).*does not drop and re-create dependents"):
        api.plan(before.catalog, after.catalog)


def test_view_read_by_another_view_is_refused(tmp_path):
    def spec(query):
        return TABLE + f"views:\n  v:\n    query: {query}\n  w:\n    query: select id from v\n"
    before, after = _compile(tmp_path, "before", spec("select id from t")), \
        _compile(tmp_path, "after", spec("select id, owner from t"))
    with pytest.raises(UsageError, match=r"view:evo\.v: its definition changed.*\(view:evo\.w\)"):
        api.plan(before.catalog, after.catalog)


# ---------------------------------------------------------------- ops on their own

INT = TypeRef("integer")


def test_replace_function_reverses_to_the_old_body():
    old = Function("s", "f", (Argument("a", INT),), Returns(INT), "sql", "select a")
    new = Function("s", "f", (Argument("a", INT),), Returns(INT), "sql", "select a + 1")
    [op] = function_changes(old, new)
    assert op == ReplaceFunction(old, new) and op.key == "function:s.f(integer)"
    assert op.reverse() == ReplaceFunction(new, old) and op.reverse().reverse() == op
    assert "select a\n$body$" in render_op(op.reverse())
    renamed_arg = Function("s", "f", (Argument("b", INT),), Returns(INT), "sql", "select b")
    assert [o.kind for o in function_changes(old, renamed_arg)] == ["DropForReplacement", "CreateReplacement"]


def test_replacement_keys_are_distinct_and_reverse_exactly():
    old = Trigger("s", "t", "tr", "function:s.f()", "s", "f", "before", ("update",))
    new = Trigger("s", "t", "tr", "function:s.f()", "s", "f", "before", ("insert", "update"))
    drop, create = trigger_changes(old, new)
    assert (drop.key, create.key) == ("trigger:s.t.tr:drop", "trigger:s.t.tr")
    assert "trigger:s.t.tr:drop" in create.requires()
    assert drop.reverse() == CreateReplacement(old) and create.reverse() == DropForReplacement(new)
    assert render_op(drop) == "DROP TRIGGER tr ON s.t;\n"


def test_policy_alters_in_place_only_where_postgresql_can():
    p = Policy("s", "t", "p", "select", roles=("r",), using="a = 1")
    assert policy_changes(p, Policy("s", "t", "p", "select", roles=("r",), using="a = 2")) == [
        AlterPolicy(p, Policy("s", "t", "p", "select", roles=("r",), using="a = 2"))]
    for other in (Policy("s", "t", "p", "all", roles=("r",), using="a = 1"),
                  Policy("s", "t", "p", "select", permissive=False, roles=("r",), using="a = 1"),
                  Policy("s", "t", "p", "select", roles=("r",))):  # a USING clause cannot be removed
        assert [o.kind for o in policy_changes(p, other)] == ["DropForReplacement", "CreateReplacement"]


def test_grant_changes_grant_and_revoke_only_the_difference():
    from compiler.diff.programmable import grant_changes
    before = Grant("table:s.t", "table", "s", "t", "r", ("select", "insert"))
    after = Grant("table:s.t", "table", "s", "t", "r", ("select", "update"))
    add, revoke = grant_changes(before, after)
    assert add == GrantAdded(Grant("table:s.t", "table", "s", "t", "r", ("update",)))
    assert revoke == RevokeRemoved(Grant("table:s.t", "table", "s", "t", "r", ("insert",)))
    assert add.key != revoke.key and add.reverse() == RevokeRemoved(add.grant)
    assert grant_changes(before, Grant("table:s.t", "table", "s", "t", "r", ("insert", "select"))) == []
