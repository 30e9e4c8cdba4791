"""Enum changes around the objects that depend on the type, without a
database: which new values count as used in the same migration (parse
trees, not text), what a type swap takes down and puts back, and what it
still refuses. Their convergence on PostgreSQL is shown by
tests/convergence/341-349."""

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


def test_a_dependent_the_migration_drops_is_refused(tmp_path):
    views = "views:\n  v:\n    query: select id, status from orders\n"
    with pytest.raises(UsageError, match=r"enum evo\.Status: .*type swap; view:evo\.v must be dropped before it, "
                                         r"and this migration drops them: drop them in a migration of their own"):
        _plan(tmp_path, _spec("[NEW, OPEN, DONE]", rest=views), _spec("[NEW, DONE]"))


def test_a_generated_column_over_the_enum_column_is_refused(tmp_path):
    extra = "      label: {type: text, generated: \"note || 'x'\"}\n"
    before = _spec("[NEW, OPEN, DONE]", extra.replace("note || 'x'", "status = 'NEW'").replace("text", "boolean"))
    after = _spec("[NEW, DONE]", extra.replace("note || 'x'", "status = 'NEW'").replace("text", "boolean"))
    with pytest.raises(UsageError, match=r"generated expressions of column:evo\.orders\.label use the type"):
        _plan(tmp_path, before, after)
