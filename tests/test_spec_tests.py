"""Behavioural tests (`tests:` in specs): checked at load time, run by
`schemac test` each in a transaction that is rolled back."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compiler import api, selftest
from compiler.apply import run_script
from compiler.catalog.tests import SpecTest
from compiler.cli import main
from compiler.errors import SpecErrors
from compiler.selftest.spec_tests import run_test
from compiler.spec import programmable
from tests.conftest import ROOT

SHOP = """\
domain: shop
schema: shop
roles:
  spec_tests_clerk: {}
tables:
  items:
    columns:
      id: {type: integer, primary_key: true}
      name: {type: text, nullable: false}
      active: {type: boolean, nullable: false, default: "true"}
      note: {type: text}
    grants:
      spec_tests_clerk: [select]
"""


def _project(tmp_path: Path, tests_yaml: str, spec: str = SHOP) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text(spec + "tests:\n" + textwrap.indent(textwrap.dedent(tests_yaml), "  "))
    return tmp_path


def _errors(tmp_path: Path, tests_yaml: str, spec: str = SHOP) -> list:
    with pytest.raises(SpecErrors) as caught:
        api.load(_project(tmp_path, tests_yaml, spec))
    return caught.value.errors


def _test(query: str, **fields) -> SpecTest:
    return SpecTest("shop", "t", programmable.TestSpec(query=query, **fields), "shop", "specs/shop.yaml", 1)


@pytest.fixture
def shop(conn, tmp_path):
    """A connection to a database holding the shop schema (no roles: those belong to the whole server)."""
    spec = SHOP.replace("roles:\n  spec_tests_clerk: {}\n", "").replace("    grants:\n      spec_tests_clerk: [select]\n", "")
    compiled = api.load(_project(tmp_path, "{}\n", spec))
    run_script(conn, api.migration("0001_test", compiled).up, "up.sql")
    return conn


# --- load time -----------------------------------------------------------------------------------------------

def test_tests_are_collected_with_their_location(tmp_path):
    compiled = api.load(_project(tmp_path, """\
        one:
          query: select 1
          expect: [[1]]
        two:
          as_role: spec_tests_clerk
          settings: {app.user_id: u1, statement_timeout: 5s}
          query: select 1
          expect_error: nope
        """))
    assert [(t.label, t.line, t.schema) for t in compiled.tests] == [("shop.one", 15, "shop"), ("shop.two", 18, "shop")]
    assert compiled.tests[0].location.endswith("shop.yaml:15")
    assert compiled.tests[1].spec.settings == {"app.user_id": "u1", "statement_timeout": "5s"}


def test_the_programmable_spec_has_tests():
    compiled = api.load(ROOT / "tests" / "specs" / "programmable")
    assert len(compiled.tests) >= 8
    assert {t.spec.as_role for t in compiled.tests} >= {"app_user", "staff"}


def test_undeclared_as_role_is_a_spec_error(tmp_path):
    errors = _errors(tmp_path, """\
        t:
          as_role: spec_tests_clerc
          query: select 1
          expect: [[1]]
        """)
    assert [(e.line, e.column, e.path) for e in errors] == [(16, 14, "tests.t.as_role")]
    assert "role `spec_tests_clerc` is not declared" in errors[0].message
    assert "spec_tests_clerk" in errors[0].hint


def test_roles_of_a_dependency_are_visible(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "base.yaml").write_text("roles:\n  spec_tests_reader: {managed: false}\n")
    (tmp_path / "specs" / "shop.yaml").write_text(textwrap.dedent("""\
        depends_on: [base]
        tests:
          t: {as_role: spec_tests_reader, query: select 1, expect: [[1]]}
        """))
    assert [t.spec.as_role for t in api.load(tmp_path).tests] == ["spec_tests_reader"]


def test_unparsable_query_is_a_spec_error_at_its_line(tmp_path):
    errors = _errors(tmp_path, """\
        t:
          query: selec count(*) from items
          expect: [[0]]
        """)
    assert [(e.line, e.column, e.path) for e in errors] == [(16, 12, "tests.t.query")]
    assert "the query is not valid SQL" in errors[0].message


def test_bad_setup_settings_and_transaction_control_are_spec_errors(tmp_path):
    errors = _errors(tmp_path, """\
        t:
          setup:
            - insert into items (id, name) values (1, 'a')
            - insert into items values (
          settings: {user_id: u1, role: x}
          query: select 1; commit
          expect: [[1]]
        """)
    found = sorted((e.line, e.path, e.message.split(":")[0]) for e in errors)
    assert found == [
        (18, "tests.t.setup[1]", "the setup statement is not valid SQL"),
        (19, "tests.t.settings.role", "`role` is not a setting a test can set"),
        (19, "tests.t.settings.user_id", "`user_id` is not a setting a test can set"),
        (20, "tests.t.query", "the query controls the transaction"),
        (20, "tests.t.query", "the query holds 2 statements; a test runs one query"),
    ]
    assert "as_role" in next(e.hint for e in errors if e.path == "tests.t.settings.role")


def test_test_errors_are_collected_with_the_other_errors(tmp_path):
    errors = _errors(tmp_path, """\
        t: {as_role: nobody, query: select 1, expect: [[1]]}
        """, SHOP.replace("type: integer", "type: integr"))
    assert {e.path for e in errors} == {"tables.items.columns.id.type", "tests.t.as_role"}


# --- running ------------------------------------------------------------------------------------------------

def test_rows_compare_in_text_form(shop):
    setup = ["insert into items (id, name, active) values (1, 'a', true), (2, 'b', false)"]
    assert run_test(shop, _test("select id, name, active, note from items order by id", setup=setup,
                                expect=[["1", "a", "true", None], ["2", "b", "false", None]])) == []
    assert run_test(shop, _test("select 1.50::numeric, '{1,2}'::int[], null", expect=[["1.50", "{1,2}", None]])) == []
    assert run_test(shop, _test("insert into items (id, name) values (3, 'c')", expect=[])) == []


def test_failing_expect_shows_expected_and_found(shop):
    setup = ["insert into items (id, name) values (1, 'a'), (2, 'b')"]
    problems = run_test(shop, _test("select id, name from items order by id", setup=setup, expect=[["1", "a"]]))
    assert problems == ["at specs/shop.yaml:1", "expected 1 row(s):", "  [1, a]", "found 2 row(s):", "  [1, a]", "  [2, b]"]
    problems = run_test(shop, _test("select * from nowhere", expect=[["1"]]))
    assert problems[-1] == 'found the error: query: relation "nowhere" does not exist'


def test_expect_error(shop):
    setup = ["insert into items (id, name) values (1, 'a')"]
    duplicate = "insert into items (id, name) values (1, 'again')"
    assert run_test(shop, _test(duplicate, setup=setup, expect_error="DUPLICATE KEY")) == []
    # a failing setup statement counts too
    assert run_test(shop, _test("select 1", setup=setup + [duplicate], expect_error="duplicate key")) == []
    problems = run_test(shop, _test(duplicate, setup=setup, expect_error="row-level security"))
    assert problems[1:] == ["expected an error containing `row-level security`",
                            'found the error: query: duplicate key value violates unique constraint "items_pkey"']
    problems = run_test(shop, _test("select name from items", setup=setup, expect_error="permission denied"))
    assert problems[1:] == ["expected an error containing `permission denied`",
                            "found no error; the query returned 1 row(s)", "  [a]"]


def test_settings_and_search_path_are_local_to_the_test(shop):
    assert run_test(shop, _test("select current_setting('app.user_id'), current_setting('search_path')",
                                settings={"app.user_id": "u1"}, expect=[["u1", "shop, public"]])) == []
    row = run_script(shop, "SELECT current_setting('app.user_id', true), current_setting('search_path')")[-1].rows[0]
    assert row[0] in (None, "") and row[1] != "shop, public"


def test_a_tests_rows_are_gone_afterwards(shop):
    setup = ["insert into items (id, name) values (1, 'a'), (2, 'b')"]
    assert run_test(shop, _test("update items set name = 'z' where id = 1 returning name", setup=setup,
                                expect=[["z"]])) == []
    assert run_test(shop, _test("select count(*) from items", setup=setup, expect=[["99"]]))  # fails, still rolled back
    assert run_test(shop, _test("select 1", setup=setup, expect_error="x"))
    assert run_script(shop, "SELECT count(*) FROM shop.items")[-1].rows == [(0,)]
    assert shop.info.transaction_status.name == "IDLE"


# --- schemac test ---------------------------------------------------------------------------------------------

def test_schemac_test_runs_the_programmable_tests(server_url):
    compiled = api.load(ROOT / "tests" / "specs" / "programmable")
    report = selftest.run(api.migration("0001_test", compiled), compiled, server_url)
    names = [s.name for s in report.steps]
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    tests = [n for n in names if n.startswith("test deals.")]
    assert len(tests) == len(compiled.tests)
    # after the first clean verify; the proof that no data was left follows them
    assert names.index(tests[0]) == names.index("verify.sql reports no discrepancy") + 1
    assert names[names.index(tests[-1]) + 1] == "the tests left no data behind"


def test_schemac_test_fails_on_a_failing_expectation(tmp_path, server_url, capsys):
    root = _project(tmp_path, """\
        clerk_reads_items:
          setup: ["insert into items (id, name) values (1, 'a'), (2, 'b')"]
          as_role: spec_tests_clerk
          query: select name from items order by id
          expect: [[a], [b]]
        clerk_cannot_write:
          as_role: spec_tests_clerk
          query: insert into items (id, name) values (3, 'c')
          expect_error: permission denied for table items
        wrong:
          setup: ["insert into items (id, name) values (1, 'a')"]
          query: select name, active from items
          expect: [[b, false]]
        """)
    assert main(["-C", str(root), "test", "--database-url", server_url]) == 1
    out = capsys.readouterr().out
    assert "ok   test shop.clerk_reads_items" in out
    assert "ok   test shop.clerk_cannot_write" in out
    assert "FAIL test shop.wrong" in out
    assert "expected 1 row(s):\n           [b, false]\n         found 1 row(s):\n           [a, true]" in out
    assert "ok   the tests left no data behind" in out
    assert "ok   apply down.sql again" in out  # the run goes on, and leaves the server as found


def test_a_test_defined_twice_in_a_domain_folder_is_a_spec_error(tmp_path):
    folder = tmp_path / "specs" / "shop"
    folder.mkdir(parents=True)
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text("tests:\n  t: {query: select 1, expect: [[1]]}\n")
    with pytest.raises(SpecErrors) as caught:
        api.load(tmp_path)
    [error] = caught.value.errors
    assert error.file.endswith("b.yaml") and error.line == 2 and "defined twice" in error.message
    assert "a.yaml:2" in error.hint
