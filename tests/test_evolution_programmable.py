"""Evolution of functions, policies, triggers, RLS flags, grants, roles and
views that exist on both sides, converging on a real PostgreSQL: apply
`before`, apply the migration to `after`, verify `after` clean, plan `after`
against itself empty, apply down, verify `before` clean. Roles belong to the
server; the scratch database fixture drops the roles a test created."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import TypeRef
from compiler.catalog.programmable import (
    Argument,
    Function,
    Grant,
    Policy,
    Returns,
    Trigger,
)
from compiler.diff.programmable import function_changes, policy_changes, trigger_changes
from compiler.errors import UsageError
from compiler.ops import (
    AlterPolicy,
    CreateReplacement,
    DropForReplacement,
    GrantAdded,
    Hazard,
    ReplaceFunction,
    RevokeRemoved,
)
from compiler.render.migration import render_op

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


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    spec = folder / "evo.yaml"
    spec.write_text(_spec(text), encoding="utf-8")
    return api.load(folder, [spec])


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


# ---------------------------------------------------------------- refusals

def test_return_type_change_takes_its_dependents_down_and_puts_them_back(tmp_path):
    def spec(returns, body):
        return (_table("      n: {type: bigint, default: f()}\n") + _function(body, returns)
                + "views:\n  v:\n    query: select f() as x\n")
    before = _compile(tmp_path, "before", spec("integer", "select 1"))
    after = _compile(tmp_path, "after", spec("bigint", "select 1::bigint"))
    plan = api.plan(before.catalog, after.catalog)
    assert [(op.kind, op.key) for op in plan.steps] == [
        ("DropDefaultForChange", "column:evo.t.n:default:drop"), ("DropForReplacement", "view:evo.v:drop"),
        ("DropForReplacement", "function:evo.f():drop"), ("CreateReplacement", "function:evo.f()"),
        ("SetDefaultForChange", "column:evo.t.n:default"), ("CreateReplacement", "view:evo.v")]
    assert [op.reverse().reverse() for op in plan.steps] == list(plan.steps)


def test_function_dropped_and_made_again_under_a_generated_column_is_refused(tmp_path):
    def spec(args):
        return (_table("      n: {type: integer, generated: 'twice(id)'}\n")
                + f"functions:\n  twice:\n    args: {args}\n    returns: integer\n    volatility: immutable\n"
                  "    body: select 2 * a\n")
    before = _compile(tmp_path, "before", spec("[{name: a, type: integer}]"))
    after = _compile(tmp_path, "after", spec("[{name: a, type: integer}, {name: b, type: integer, default: '0'}]"))
    with pytest.raises(UsageError, match=r"column:evo\.t\.n calls function:evo\.twice\(integer\).*"
                                         r"migration of its own"):
        api.plan(before.catalog, after.catalog)


def test_view_read_by_another_view_takes_it_down_and_puts_it_back(tmp_path):
    def spec(query):
        return TABLE + f"views:\n  v:\n    query: {query}\n  w:\n    query: select id from v\n"
    before, after = _compile(tmp_path, "before", spec("select id, owner from t")), \
        _compile(tmp_path, "after", spec("select id from t"))
    plan = api.plan(before.catalog, after.catalog)
    assert [(op.kind, op.key) for op in plan.steps] == [
        ("DropForReplacement", "view:evo.w:drop"), ("DropForReplacement", "view:evo.v:drop"),
        ("CreateReplacement", "view:evo.v"), ("CreateReplacement", "view:evo.w")]


def test_materialized_view_with_dependents_and_changed_indexes_is_refused(tmp_path):
    def spec(query, column):
        return (TABLE + f"views:\n  mv:\n    materialized: true\n    query: {query}\n"
                f"    indexes:\n      - {{columns: [{column}]}}\n  w:\n    query: select id from mv\n")
    before, after = _compile(tmp_path, "before", spec("select id, owner from t", "id")), \
        _compile(tmp_path, "after", spec("select id, owner, 1 as one from t", "owner"))
    with pytest.raises(UsageError, match=r"view:evo\.mv: the materialized view must be dropped.*indexes change"):
        api.plan(before.catalog, after.catalog)


# ---------------------------------------------------------------- ops on their own

INT = TypeRef("integer")


def _trigger_and_policy(events: str, roles: str) -> str:
    return (ROLES + _table(f"    triggers:\n      t_touch: {{function: touch, timing: before, events: {events}}}\n"
                           f"    rls:\n      policies:\n        p: {{to: {roles}, using: 'true'}}\n")
            + "functions:\n" + TOUCH)


def test_trigger_events_and_policy_roles_in_another_order_plan_nothing(tmp_path):
    """PostgreSQL keeps a trigger's events and a policy's roles as sets: the
    same ones written in another order are the same objects (no step)."""
    before = _compile(tmp_path, "before", _trigger_and_policy("[update, insert]", "[evo_writer, evo_reader]"))
    after = _compile(tmp_path, "after", _trigger_and_policy("[insert, update]", "[evo_reader, evo_writer]"))
    assert before.catalog != after.catalog
    assert api.plan(before.catalog, after.catalog).steps == ()
    changed = _compile(tmp_path, "changed", _trigger_and_policy("[insert, delete]", "[evo_reader]"))
    assert {op.key for op in api.plan(before.catalog, changed.catalog).steps} == {
        "trigger:evo.t.t_touch:drop", "trigger:evo.t.t_touch", "policy:evo.t.p:alter"}


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
