"""Enum changes around the objects that depend on the type, without a
database: which new values count as used in the same migration (parse
trees, not text), what a type swap takes down and puts back, and what it
still refuses. Their convergence on PostgreSQL is shown by
tests/convergence/341-349, 368 and 369; type changes share the machinery
(compiler/diff/column_users.py), shown by 361-367 and 370."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.catalog.expressions import mentions, string_literals
from compiler.errors import UsageError
from compiler.ops import ChangeEnumValues


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir(parents=True)
    spec = folder / "evo.yaml"
    spec.write_text("schema: evo\n" + text, encoding="utf-8")
    return api.load(folder, [spec])


def _plan(tmp_path: Path, before: str, after: str):
    return api.plan(_compile(tmp_path, "before", before).catalog, _compile(tmp_path, "after", after).catalog)


ENUM = "enums:\n  Status: {values}\n"
TABLE = ("tables:\n  orders:\n    columns:\n      id: {{type: integer, primary_key: true}}\n"
         "      status: Status\n      note: text\n{extra}")


def _spec(values: str, extra: str = "", rest: str = "") -> str:
    return ENUM.format(values=values) + TABLE.format(extra=extra) + rest


def _swap(plan) -> ChangeEnumValues:
    [op] = [s for s in plan.steps if isinstance(s, ChangeEnumValues)]
    return op


# ---------------------------------------------------------------- a new value used at once

@pytest.mark.parametrize("check, swaps", [
    ("status <> 'DONE'", True),                        # compared with the enum column
    ("status <> 'DONE'::evo.\\\"Status\\\"", True),     # cast to the enum (YAML-escaped quotes)
    ("note <> 'DONE'::text", False),                   # a text value, not the enum's
    ("note <> 'DONE-ish'", False),                     # only a prefix of the label
    ("note <> 'done'", False),                         # labels are case-sensitive
    ("note is not null or status <> 'NEW'", False),    # an existing value
])
def test_a_new_value_in_a_new_check_swaps_only_when_it_is_that_value(tmp_path, check, swaps):
    plan = _plan(tmp_path, _spec("[NEW, OPEN]"),
                 _spec("[NEW, OPEN, DONE]", f"    checks:\n      c: \"{check}\"\n"))
    assert _swap(plan).in_place is not swaps


def test_a_new_value_in_a_sql_function_body_swaps_but_not_in_a_plpgsql_comment(tmp_path):
    def function(language: str, body: str) -> str:
        return f"functions:\n  f:\n    returns: integer\n    language: {language}\n    body: |\n      {body}\n"
    before = _spec("[NEW, OPEN]")
    sql = _plan(tmp_path / "sql", before,
                _spec("[NEW, OPEN, DONE]", rest=function("sql", "select count(*)::int from evo.orders "
                                                                 "where status = 'DONE'")))
    assert not _swap(sql).in_place
    comment = _plan(tmp_path / "comment", before,
                    _spec("[NEW, OPEN, DONE]", rest=function("plpgsql", "BEGIN -- 'DONE' later\n"
                                                                          "      RETURN 1; END")))
    assert _swap(comment).in_place
    literal = _plan(tmp_path / "literal", before,
                    _spec("[NEW, OPEN, DONE]", rest=function("plpgsql", "BEGIN PERFORM 'DONE'; "
                                                                          "RETURN 1; END")))
    assert not _swap(literal).in_place


def test_mentions_reads_parse_trees():
    found = mentions("t.status = 'A'::evo.\"Status\" and note = 'B'::text and x in ('C') and t.* is not null")
    assert found.columns == {"status", "note", "x"}
    assert found.star and "Status" in found.types
    assert found.strings == {("A", "Status"), ("B", "text"), ("C", None)}
    assert mentions("select 'unterminated", statement=True) is None
    using = mentions("select id from orders join labels using (status)", statement=True)
    assert "status" in using.columns and not using.star
    assert mentions("select id from orders natural join labels", statement=True).star
    assert string_literals("BEGIN -- 'no'\n x := 'it''s' || $q$D$q$; END") == {"it's", "D"}


# ---------------------------------------------------------------- what a swap takes down and puts back

def test_the_swap_waits_for_the_drops_of_its_dependents_and_their_creates_wait_for_it(tmp_path):
    views = ("views:\n  v:\n    query: select id, status from orders\n"
             "  w:\n    query: select id from v\n  ids:\n    query: select id from orders\n")
    plan = _plan(tmp_path, _spec("[NEW, OPEN, DONE]", rest=views), _spec("[NEW, DONE, OPEN]", rest=views))
    keys = [s.key for s in plan.steps]
    assert keys == ["view:evo.w:drop", "view:evo.v:drop", "enum:evo.Status:values", "view:evo.v", "view:evo.w"]
    assert _swap(plan).rebuilt == ("view:evo.v", "view:evo.w")
    down = [s.key for s in plan.reverse_steps()]
    assert down == ["view:evo.w:drop", "view:evo.v:drop", "enum:evo.Status:values", "view:evo.v", "view:evo.w"]


def test_nothing_is_rebuilt_when_neither_script_swaps(tmp_path):
    views = "views:\n  v:\n    query: select id, status from orders\n"
    plan = _plan(tmp_path, _spec("[NEW, OPEN]", rest=views), _spec("[NEW, {name: ACTIVE, renamed_from: OPEN}]",
                                                                  rest=views))
    assert [s.kind for s in plan.steps] == ["ChangeEnumValues"]


def test_a_dependent_the_migration_drops_is_dropped_before_the_swap(tmp_path):
    views = ("views:\n  v:\n    query: select id, status from orders\n    grants: {r: [select]}\n"
             "  w:\n    query: select id from v\n")
    plan = _plan(tmp_path, "roles:\n  r: {}\n" + _spec("[NEW, OPEN, DONE]", rest=views),
                 "roles:\n  r: {}\n" + _spec("[NEW, DONE]"))
    keys = [s.key for s in plan.steps]
    assert keys[:3] == ["view:evo.w:drop", "view:evo.v:drop", "enum:evo.Status:values"]
    assert "grant:view:evo.v:r" not in keys and "view:evo.v" not in keys  # the DROP took them along
    dropped = plan.steps[1]
    assert dropped.gone and [g.key for g in dropped.grants] == ["grant:view:evo.v:r"]
    assert [s.key for s in plan.reverse_steps()][-3:] == ["enum:evo.Status:values", "view:evo.v", "view:evo.w"]


def test_a_generated_column_over_the_enum_column_is_refused(tmp_path):
    extra = "      label: {type: text, generated: \"note || 'x'\"}\n"
    before = _spec("[NEW, OPEN, DONE]", extra.replace("note || 'x'", "status = 'NEW'").replace("text", "boolean"))
    after = _spec("[NEW, DONE]", extra.replace("note || 'x'", "status = 'NEW'").replace("text", "boolean"))
    with pytest.raises(UsageError, match=r"generated expressions of column:evo\.orders\.label use the type"):
        _plan(tmp_path, before, after)


def test_views_joining_on_the_column_by_using_or_natural_join_are_rebuilt(tmp_path):
    labels = "  labels:\n    columns:\n      status: {type: Status, primary_key: true}\n      label: text\n"
    views = ("views:\n  u:\n    query: select id, label from orders join labels using (status)\n"
             "  n:\n    query: select id, label from orders natural join labels\n")
    plan = _plan(tmp_path, _spec("[NEW, OPEN, DONE]", labels, views), _spec("[NEW, DONE, OPEN]", labels, views))
    assert _swap(plan).rebuilt == ("view:evo.n", "view:evo.u")


def test_new_objects_using_the_swapped_type_wait_for_the_swap(tmp_path):
    rest = ("functions:\n  f:\n    args: [{name: s, type: Status}]\n    returns: boolean\n    body: select s = 'NEW'\n"
            "views:\n  v:\n    query: select id from orders where status = 'NEW'\n")
    plan = _plan(tmp_path, _spec("[NEW, OPEN, DONE]"), _spec("[NEW, DONE, OPEN]", rest=rest))
    steps = {s.key: s for s in plan.steps}
    assert "enum:evo.Status:values" in steps["function:evo.f(evo.Status)"].requires()
    assert "enum:evo.Status:values" in steps["view:evo.v"].requires()
    assert _swap(plan).provides() == ("enum:evo.Status",)


def test_an_object_in_the_way_of_a_swap_and_a_type_change_is_rebuilt_once(tmp_path):
    views = "views:\n  v:\n    query: select id, status, note from orders\n"
    before = _spec("[NEW, OPEN, DONE]", rest=views)
    after = _spec("[NEW, DONE, OPEN]", rest=views).replace("note: text", "note: varchar(20)")
    plan = _plan(tmp_path, before, after)
    keys = [s.key for s in plan.steps]
    assert keys.count("view:evo.v:drop") == 1 and keys.count("view:evo.v") == 1
    [create] = [s for s in plan.steps if s.key == "view:evo.v"]
    assert set(create.needs) == {"enum:evo.Status:values", "table:evo.orders:types(note)"}
    assert keys.index("view:evo.v") > max(keys.index("enum:evo.Status:values"),
                                          keys.index("table:evo.orders:types(note)"))


def test_down_makes_again_what_it_rebuilds_with_the_values_as_they_were_and_the_names_as_renamed(tmp_path):
    """Down.sql makes the view and the check again after renaming the value
    back and before renaming the column back: with the old label, under the
    column's new name (tests/convergence/350 runs it without the column
    rename)."""
    def spec(values: str, column: str, label: str) -> str:
        renamed = ", renamed_from: status" if column != "status" else ""
        return (f"enums:\n  Status: {values}\n"
                "tables:\n  orders:\n    columns:\n      id: {type: integer, primary_key: true}\n"
                f"      {column}: {{type: Status{renamed}}}\n      note: text\n"
                f"    checks:\n      c: \"{column} <> '{label}' or note is not null\"\n"
                f"views:\n  v:\n    query: select id from orders where {column} = '{label}'\n")
    plan = _plan(tmp_path, spec("[NEW, OPEN, DONE]", "status", "OPEN"),
                 spec("{values: [NEW, {name: ACTIVE, renamed_from: OPEN}], remap: {DONE: NEW}}", "state", "ACTIVE"))
    assert [s.key for s in plan.steps if s.key.startswith(("view:", "constraint:"))] == \
        ["constraint:evo.orders.c:drop", "view:evo.v:drop", "constraint:evo.orders.c",
         "constraint:evo.orders.c:validate", "view:evo.v"]
    down = plan.reverse_steps()
    made = {s.key: s for s in down}  # the reverse of a drop keeps the drop's key
    assert made["view:evo.v"].obj.query == "SELECT id FROM orders WHERE state = 'OPEN'"
    assert made["constraint:evo.orders.c:drop"].constraint.expression == "state <> 'OPEN' OR note IS NOT NULL"
    keys = list(made)
    assert keys.index("enum:evo.Status:values") < keys.index("view:evo.v") < keys.index("column:evo.orders.status:rename")
    assert keys.index("enum:evo.Status:values") < keys.index("constraint:evo.orders.c:drop") \
        < keys.index("column:evo.orders.status:rename")
    up = {s.key: s for s in plan.steps}
    assert up["view:evo.v"].obj.query == "select id from orders where state = 'ACTIVE'"


def test_what_changes_or_goes_and_names_a_value_renamed_in_place_is_made_again_around_the_rename(tmp_path):
    """Down.sql makes the previous versions after renaming the value back:
    a changed check and a dropped view naming it (tests/convergence/351 runs
    a changed view); an unchanged view is renamed with the value by
    PostgreSQL and left alone."""
    def spec(values: str, label: str, check: str, dropped: bool) -> str:
        views = f"  gone:\n    query: select id from orders where status = '{label}'\n" if not dropped else ""
        return _spec(values, f"    checks:\n      c: \"{check}\"\n",
                     f"views:\n  kept:\n    query: select id from orders where status = '{label}'\n{views}")
    plan = _plan(tmp_path, spec("[NEW, OPEN]", "OPEN", "status <> 'OPEN' or note is not null", False),
                 spec("[NEW, {name: ACTIVE, renamed_from: OPEN}]", "ACTIVE", "status <> 'ACTIVE' or id > 0", True))
    keys = [s.key for s in plan.steps]
    assert keys[keys.index("enum:evo.Status:values") - 2:keys.index("enum:evo.Status:values")] == \
        ["constraint:evo.orders.c:drop", "view:evo.gone:drop"]
    assert "view:evo.kept" not in keys and "view:evo.kept:drop" not in keys and "view:evo.gone" not in keys
    assert _swap(plan).rebuilt == ("constraint:evo.orders.c", "view:evo.gone")
    down = [s.key for s in plan.reverse_steps()]  # the reverse of a drop keeps the drop's key
    assert down.index("enum:evo.Status:values") < down.index("view:evo.gone") \
        and down.index("enum:evo.Status:values") < down.index("constraint:evo.orders.c:drop")
