"""Triggers on external tables, transition tables, constraint triggers,
PostgreSQL's own trigger functions and functions with unnamed arguments, on
a real PostgreSQL: made, verified clean, doing what they are for, tampered
with (verify reports it), evolved and taken down again; and what PostgreSQL
refuses of them is a spec error, each rule checked against the server."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.programmable import Trigger
from compiler.errors import DatabaseError, SpecErrors
from compiler.ops import CreateTrigger
from compiler.render.migration import render_op
from tests.helpers import applied, inventory, stand_ins, verify

SPEC = """\
domain: ledger
schema: app
external:
  tables:
    auth.users:
      columns: {id: uuid, email: text}
      triggers:
        on_auth_user_created: {function: handle_new_user, timing: after, events: [insert]}
tables:
  profiles:
    columns:
      id: {type: uuid, primary_key: true}
      email: text
  ledger_lines:
    columns:
      id: {type: integer, primary_key: true}
      entry_id: {type: integer, nullable: false}
      amount: {type: numeric, nullable: false}
    triggers:
      check_balance:
        function: check_balanced
        timing: after
        events: [insert, update]
        constraint: true
        deferrable: initially_deferred
      count_new_lines:
        function: count_lines
        timing: after
        events: [insert]
        for_each: statement
        referencing: {new_table: new_lines}
  line_counts:
    columns:
      n: {type: integer, nullable: false}
  film:
    columns:
      film_id: {type: integer, primary_key: true}
      title: {type: text, nullable: false}
      description: text
      fulltext: tsvector
    triggers:
      film_fulltext_trigger:
        function: tsvector_update_trigger
        timing: before
        events: [insert, update]
        args: [fulltext, pg_catalog.english, title, description]
      film_unchanged:
        function: suppress_redundant_updates_trigger
        timing: before
        events: [update]
functions:
  handle_new_user:
    returns: trigger
    language: plpgsql
    security: definer
    search_path: [app]
    body: |
      BEGIN
        INSERT INTO app.profiles (id, email) VALUES (NEW.id, NEW.email);
        RETURN NEW;
      END
  check_balanced:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        IF (SELECT sum(amount) FROM app.ledger_lines WHERE entry_id = NEW.entry_id) <> 0 THEN
          RAISE EXCEPTION 'entry % does not balance', NEW.entry_id;
        END IF;
        RETURN NULL;
      END
  count_lines:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        INSERT INTO app.line_counts (n) SELECT count(*) FROM new_lines;
        RETURN NULL;
      END
  _group_concat:
    args: [text, text]
    returns: text
    volatility: immutable
    body: |
      SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END
  greet:
    args: [text, {name: punctuation, type: text, default: "'!'"}]
    returns: text
    language: plpgsql
    volatility: immutable
    body: |
      BEGIN
        RETURN 'hello ' || $1 || punctuation;
      END
"""


def _load(tmp_path: Path, text: str, name: str = "specs"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "ledger.yaml").write_text(text, encoding="utf-8")
    return api.load(folder, [folder / "ledger.yaml"])


def _rows(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


def test_sql_of_each_trigger_kind(tmp_path):
    files = api.migration("0001_t", _load(tmp_path, SPEC))
    assert ("CREATE CONSTRAINT TRIGGER check_balance\n    AFTER INSERT OR UPDATE ON app.ledger_lines\n"
            "    DEFERRABLE INITIALLY DEFERRED\n    FOR EACH ROW\n") in files.up
    assert ("CREATE TRIGGER count_new_lines\n    AFTER INSERT ON app.ledger_lines\n"
            "    REFERENCING NEW TABLE AS new_lines\n    FOR EACH STATEMENT\n") in files.up
    assert ("EXECUTE FUNCTION pg_catalog.tsvector_update_trigger('fulltext', 'pg_catalog.english', 'title', "
            "'description');") in files.up
    assert "EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();" in files.up
    assert "CREATE FUNCTION app._group_concat(text, text)\n" in files.up
    assert "CREATE FUNCTION app.greet(text, punctuation text DEFAULT '!')\n" in files.up
    # the trigger on auth.users comes after its function; the table is never made or dropped
    up = files.up
    assert up.index("CREATE FUNCTION app.handle_new_user()") < up.index("CREATE TRIGGER on_auth_user_created")
    assert "TABLE auth.users" not in up and "TABLE auth.users" not in files.down
    assert "DROP TRIGGER on_auth_user_created ON auth.users;" in files.down


def test_trigger_kinds_round_trip_work_and_are_verified(conn, tmp_path):
    compiled = _load(tmp_path, SPEC)
    files = api.migration("0001_t", compiled)
    stand_ins(conn, compiled)
    before = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []

    # the external table's trigger fires
    run_script(conn, "INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-000000000001', 'a@b.c')")
    assert _rows(conn, "SELECT email FROM app.profiles") == [("a@b.c",)]
    # the constraint trigger waits for COMMIT: a balanced entry written line by line passes, an unbalanced fails
    run_script(conn, "BEGIN; INSERT INTO app.ledger_lines VALUES (1, 1, 10); "
                     "INSERT INTO app.ledger_lines VALUES (2, 1, -10); COMMIT;")
    with pytest.raises(DatabaseError, match="entry 2 does not balance"):
        run_script(conn, "BEGIN; INSERT INTO app.ledger_lines VALUES (3, 2, 5); COMMIT;")
    # the transition table holds the statement's rows
    run_script(conn, "BEGIN; INSERT INTO app.ledger_lines VALUES (4, 3, 1), (5, 3, -1); COMMIT;")
    assert _rows(conn, "SELECT n FROM app.line_counts ORDER BY n") == [(1,), (1,), (2,)]
    # pg_catalog's trigger functions
    run_script(conn, "INSERT INTO app.film (film_id, title, description) VALUES (1, 'Academy Dinosaur', 'Epic')")
    assert _rows(conn, "SELECT fulltext::text FROM app.film") == [("'academi':1 'dinosaur':2 'epic':3",)]
    assert _rows(conn, "WITH u AS (UPDATE app.film SET title = title RETURNING 1) SELECT count(*) FROM u") == [(0,)]
    # functions with unnamed arguments
    assert _rows(conn, "SELECT app._group_concat('a', 'b'), app._group_concat(NULL, 'b'), app.greet('you')") == [
        ("a, b", "b", "hello you!")]

    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before
    assert _rows(conn, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass") == [(0,)]
    assert ("trigger on_auth_user_created on auth.users", "present", "missing") in verify(conn, files)
    run_script(conn, "DROP TABLE auth.users")  # the external table itself gone: its trigger is missing
    assert ("trigger on_auth_user_created on auth.users", "present", "missing") in verify(conn, files)


def test_schemac_test_makes_the_external_table_first_and_spec_tests_fire_its_trigger(server_url, tmp_path, capsys):
    from compiler.cli import main
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text("specs: specs\n", encoding="utf-8")
    (root / "specs" / "ledger.yaml").write_text(SPEC + """\
tests:
  signup_makes_a_profile:
    setup: ["INSERT INTO auth.users (id, email) VALUES ('00000000-0000-0000-0000-000000000009', 'x@y.z')"]
    query: SELECT email FROM app.profiles
    expect: [[x@y.z]]
  unbalanced_entry_fails_at_commit:
    setup: ["SET CONSTRAINTS ALL IMMEDIATE"]
    query: INSERT INTO app.ledger_lines VALUES (1, 1, 5)
    expect_error: does not balance
""", encoding="utf-8")
    assert main(["-C", str(root), "test", "--database-url", server_url]) == 0, capsys.readouterr()


# (tamper, its undoing, the rows verify.sql must report)
TAMPERS = [
    ("DROP TRIGGER on_auth_user_created ON auth.users",
     "CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()",
     [("trigger on_auth_user_created on auth.users",
       "AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()", "missing")]),
    ("DROP TRIGGER on_auth_user_created ON auth.users; CREATE TRIGGER on_auth_user_created AFTER INSERT OR UPDATE "
     "OF email ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()",
     "DROP TRIGGER on_auth_user_created ON auth.users; CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users "
     "FOR EACH ROW EXECUTE FUNCTION handle_new_user()",
     [("trigger on_auth_user_created on auth.users",
       "AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()",
       "AFTER INSERT OR UPDATE OF email ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()")]),
    ("ALTER TABLE auth.users DISABLE TRIGGER on_auth_user_created",
     "ALTER TABLE auth.users ENABLE TRIGGER on_auth_user_created",
     [("trigger on_auth_user_created on auth.users state", "enabled", "disabled")]),
    ("DROP TRIGGER check_balance ON app.ledger_lines; CREATE CONSTRAINT TRIGGER check_balance AFTER INSERT OR UPDATE "
     "ON app.ledger_lines DEFERRABLE FOR EACH ROW EXECUTE FUNCTION check_balanced()",
     "DROP TRIGGER check_balance ON app.ledger_lines; CREATE CONSTRAINT TRIGGER check_balance AFTER INSERT OR UPDATE "
     "ON app.ledger_lines DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION check_balanced()",
     [("trigger check_balance on app.ledger_lines",
       "CREATE CONSTRAINT TRIGGER check_balance AFTER INSERT OR UPDATE ON app.ledger_lines DEFERRABLE INITIALLY "
       "DEFERRED FOR EACH ROW EXECUTE FUNCTION check_balanced()",
       "CREATE CONSTRAINT TRIGGER check_balance AFTER INSERT OR UPDATE ON app.ledger_lines DEFERRABLE INITIALLY "
       "IMMEDIATE FOR EACH ROW EXECUTE FUNCTION check_balanced()")]),
    ("DROP TRIGGER count_new_lines ON app.ledger_lines; CREATE TRIGGER count_new_lines AFTER INSERT ON "
     "app.ledger_lines REFERENCING NEW TABLE AS other FOR EACH STATEMENT EXECUTE FUNCTION count_lines()",
     "DROP TRIGGER count_new_lines ON app.ledger_lines; CREATE TRIGGER count_new_lines AFTER INSERT ON "
     "app.ledger_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION count_lines()",
     [("trigger count_new_lines on app.ledger_lines",
       "AFTER INSERT ON app.ledger_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "
       "count_lines()",
       "AFTER INSERT ON app.ledger_lines REFERENCING NEW TABLE AS other FOR EACH STATEMENT EXECUTE FUNCTION "
       "count_lines()")]),
    ("DROP TRIGGER film_fulltext_trigger ON app.film; CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE "
     "ON app.film FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'pg_catalog.simple', 'title')",
     "DROP TRIGGER film_fulltext_trigger ON app.film; CREATE TRIGGER film_fulltext_trigger BEFORE INSERT OR UPDATE "
     "ON app.film FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', 'pg_catalog.english', 'title', "
     "'description')",
     [("trigger film_fulltext_trigger on app.film",
       "BEFORE INSERT OR UPDATE ON app.film FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', "
       "'pg_catalog.english', 'title', 'description')",
       "BEFORE INSERT OR UPDATE ON app.film FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger('fulltext', "
       "'pg_catalog.simple', 'title')")]),
    ("DROP FUNCTION app._group_concat(text, text); CREATE FUNCTION app._group_concat(a text, b text) RETURNS text "
     "LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 "
     "END\n$$",
     "DROP FUNCTION app._group_concat(text, text); CREATE FUNCTION app._group_concat(text, text) RETURNS text "
     "LANGUAGE sql IMMUTABLE AS $$\nSELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || "
     "$2 END\n$$",
     None),  # the argument names: a row naming the function
]


def test_verify_reports_tampered_trigger_kinds(conn, tmp_path):
    compiled = _load(tmp_path, SPEC)
    files = applied(conn, (compiled, api.migration("0001_t", compiled)))
    for tamper, undo, expected in TAMPERS:
        run_script(conn, "SET search_path = app, public; " + tamper, "tamper")
        found = verify(conn, files)
        if expected is None:
            assert found and all(row[0].startswith("function app._group_concat(text, text)") for row in found), found
        else:
            assert found == expected, tamper
        run_script(conn, "SET search_path = app, public; " + undo, "undo")
        assert verify(conn, files) == [], undo


def test_a_trigger_on_an_external_table_with_a_missing_column_is_reported(conn, tmp_path):
    spec = SPEC.replace("events: [insert]}", "events: [update], update_of: [email]}")
    compiled = _load(tmp_path, spec)
    files = applied(conn, (compiled, api.migration("0001_t", compiled)))
    run_script(conn, "ALTER TABLE auth.users RENAME COLUMN email TO mail")
    [(what, expected, found)] = verify(conn, files)
    assert what == "trigger on_auth_user_created on auth.users" and expected == "comparable"
    assert found.startswith("cannot build the expected shape:") and '"email"' in found


EVOLVED = (SPEC
           .replace("events: [insert]}", "events: [insert, update]}")
           .replace("deferrable: initially_deferred", "deferrable: true")
           .replace("referencing: {new_table: new_lines}", "referencing: {new_table: added_lines}")
           .replace("FROM new_lines", "FROM added_lines")
           .replace("args: [fulltext, pg_catalog.english, title, description]",
                    "args: [fulltext, pg_catalog.simple, title]"))


@pytest.mark.parametrize("after_text", [EVOLVED, SPEC.replace(
    "      triggers:\n        on_auth_user_created: {function: handle_new_user, timing: after, events: [insert]}\n",
    "")], ids=["changed", "external-trigger-dropped"])
def test_trigger_kinds_evolve(conn, tmp_path, after_text):
    before = _load(tmp_path, SPEC, "before")
    after = _load(tmp_path, after_text, "after")
    first = applied(conn, (before, api.migration("0001_t", before)))
    step = api.migration("0002_t", after, previous=before.catalog)
    kinds = [(op.kind, op.key) for op in step.plan.steps]
    if after_text is EVOLVED:
        assert ("DropForReplacement", "trigger:auth.users.on_auth_user_created:drop") in kinds
        assert ("CreateReplacement", "trigger:app.ledger_lines.check_balance") in kinds
        assert ("ReplaceFunction", "function:app.count_lines()") in kinds
    else:
        assert kinds == [("DropTrigger", "trigger:auth.users.on_auth_user_created")]
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    assert api.plan(after.catalog, after.catalog).empty
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


def test_adding_a_trigger_to_an_external_table(conn, tmp_path):
    plain = SPEC.replace(
        "      triggers:\n        on_auth_user_created: {function: handle_new_user, timing: after, events: [insert]}\n",
        "")
    before, after = _load(tmp_path, plain, "before"), _load(tmp_path, SPEC, "after")
    first = applied(conn, (before, api.migration("0001_t", before)))
    step = api.migration("0002_t", after, previous=before.catalog)
    assert [(op.kind, op.key) for op in step.plan.steps] == [
        ("CreateTrigger", "trigger:auth.users.on_auth_user_created")]
    assert verify(conn, step) == [("trigger on_auth_user_created on auth.users",
                                   "AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION handle_new_user()",
                                   "missing")]
    run_script(conn, step.up, "up.sql")
    assert verify(conn, step) == []
    run_script(conn, step.down, "down.sql")
    assert verify(conn, first) == []


# ---------------------------------------------------------------- what PostgreSQL refuses

TABLE = """\
domain: d
schema: s
tables:
  t:
    columns: {id: {type: integer, primary_key: true}, a: integer, doc: tsvector, body: text}
    triggers:
      x: %s
functions:
  tf: {returns: trigger, language: plpgsql, body: "BEGIN RETURN NULL; END"}
"""

# (trigger spec, key path of the error under the trigger, words of the message)
REFUSED = [
    ("{function: tf, timing: before, events: [update], for_each: statement, referencing: {old_table: o}}",
     "referencing", "need an AFTER trigger"),
    ("{function: tf, timing: after, events: [insert, update], for_each: statement, referencing: {new_table: n}}",
     "events", "exactly one event"),
    ("{function: tf, timing: after, events: [insert, update], referencing: {new_table: n}}",
     "events", "exactly one event"),
    ("{function: tf, timing: after, events: [update], update_of: [a], for_each: statement, "
     "referencing: {new_table: n}}", "update_of", "cannot have `update_of`"),
    ("{function: tf, timing: after, events: [insert], for_each: statement, referencing: {old_table: o}}",
     "referencing.old_table", "a insert trigger has none"),
    ("{function: tf, timing: after, events: [delete], for_each: statement, referencing: {new_table: n}}",
     "referencing.new_table", "a delete trigger has none"),
    ("{function: tf, timing: after, events: [truncate], for_each: statement, referencing: {new_table: n}}",
     "referencing.new_table", "a truncate trigger has none"),
    ("{function: tf, timing: after, events: [update], for_each: statement, referencing: {old_table: o, new_table: o}}",
     "referencing.new_table", "the same name"),
    ("{function: tf, timing: before, events: [insert], constraint: true}", "timing", "fires AFTER"),
    ("{function: tf, timing: after, events: [insert], for_each: statement, constraint: true}",
     "for_each", "FOR EACH ROW"),
    ("{function: tf, timing: after, events: [insert], constraint: true, referencing: {new_table: n}}",
     "referencing", "cannot have transition tables"),
    ("{function: tf, timing: after, events: [insert], deferrable: true}", "deferrable", "only a constraint trigger"),
    ("{function: tf, timing: after, events: [truncate]}", "events", "no row-level"),
    ("{function: tf, timing: instead_of, events: [insert]}", "timing", "INSTEAD OF"),
    ("{function: tf, timing: after, events: [insert, insert]}", "events", "listed twice"),
]


@pytest.mark.parametrize("trigger, path, words", REFUSED, ids=[r[2] + " " + r[1] for r in REFUSED])
def test_what_postgresql_refuses_of_a_trigger_is_a_spec_error(tmp_path, trigger, path, words):
    with pytest.raises(SpecErrors) as caught:
        _load(tmp_path, TABLE % trigger)
    [error] = caught.value.errors
    assert error.path == "tables.t.triggers.x." + path and words in error.message, (error.path, error.message)
    assert error.line == 7 and error.hint


def test_each_refused_trigger_is_refused_by_postgresql(conn):
    """Each rule of REFUSED is PostgreSQL's: the statement the spec would
    give, rendered without schemac's checks, fails on the server."""
    import yaml
    run_script(conn, "CREATE SCHEMA s; CREATE TABLE s.t (id integer PRIMARY KEY, a integer, doc tsvector, body text);"
                     "CREATE FUNCTION s.tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';")
    for text, _, words in REFUSED:
        spec = yaml.safe_load(text)
        referencing = spec.get("referencing", {})
        deferrable = spec.get("deferrable", False)
        trigger = Trigger("s", "t", "x", "function:s.tf()", "s", "tf", spec["timing"], tuple(spec["events"]),
                          tuple(spec.get("update_of", ())), spec.get("for_each", "row"),
                          old_table=referencing.get("old_table"), new_table=referencing.get("new_table"),
                          constraint=spec.get("constraint", False), deferrable=deferrable is not False)
        with pytest.raises(DatabaseError):
            run_script(conn, render_op(CreateTrigger(trigger)), words)
    assert _rows(conn, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 's.t'::regclass") == [(0,)]


# (spec text, key path of the error, words of the message)
REFUSED_ELSEWHERE = [
    (TABLE % "{function: tsvector_update_trigger, timing: before, events: [insert], args: [doc, pg_catalog.english, "
     "title]}", "tables.t.triggers.x.args[2]", "names column `title`"),
    (TABLE % "{function: tsvector_update_trigger, timing: after, events: [insert], args: [doc, pg_catalog.english, "
     "body]}", "tables.t.triggers.x.timing", "BEFORE INSERT or UPDATE"),
    (TABLE % "{function: tsvector_update_trigger, timing: before, events: [insert], args: [doc]}",
     "tables.t.triggers.x.args", "at least one text column"),
    (TABLE % "{function: suppress_redundant_updates_trigger, timing: before, events: [insert]}",
     "tables.t.triggers.x.events", "BEFORE UPDATE"),
    ((TABLE % "{function: tf, timing: after, events: [insert], constraint: true}").replace("x: ", "t_pkey: "),
     "tables.t.triggers.t_pkey", "same name as constraint `t_pkey`"),
    (TABLE % "{function: tf, timing: after, events: [insert]}" + """\
external:
  tables:
    auth.users:
      columns: {id: uuid}
      triggers:
        u: {function: tf, timing: after, events: [update], update_of: [email]}
""", "external.tables.auth.users.triggers.u.update_of[0]", "column `email` does not exist"),
    (TABLE % "{function: tf, timing: after, events: [insert]}" + """\
external:
  tables:
    auth.users:
      columns: {id: uuid}
      triggers:
        u: {function: tf, timing: after, events: [update], when: NEW.email IS NOT NULL}
""", "external.tables.auth.users.triggers.u.when", "email"),
    (TABLE % "{function: tf, timing: after, events: [insert]}" + """\
external:
  tables:
    pg_catalog.pg_class:
      columns: {oid: oid}
      triggers:
        u: {function: tf, timing: after, events: [update]}
""", "external.tables.pg_catalog.pg_class.triggers", "system relations"),
    (TABLE % "{function: tf, timing: after, events: [insert]}" + """\
  pair: {args: [text, text], returns: text, body: "select $1 || $3"}
""", "functions.pair.body", "reads $3, but the function takes 2 argument(s)"),
]


@pytest.mark.parametrize("text, path, words", REFUSED_ELSEWHERE, ids=[r[2] for r in REFUSED_ELSEWHERE])
def test_what_would_fail_later_is_a_spec_error(tmp_path, text, path, words):
    with pytest.raises(SpecErrors) as caught:
        _load(tmp_path, text)
    [error] = caught.value.errors
    assert error.path == path and words in error.message, (error.path, error.message)
    assert error.hint


def test_builtin_trigger_misuse_fails_on_postgresql(conn):
    """What the built-in trigger functions' checks refuse, PostgreSQL refuses
    when the first row comes."""
    run_script(conn, "CREATE TABLE t (id integer, doc tsvector, body text);"
                     "CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION "
                     "tsvector_update_trigger('doc', 'pg_catalog.english', 'title');"
                     "CREATE TRIGGER b AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
                     "suppress_redundant_updates_trigger();")
    with pytest.raises(DatabaseError, match='column "title" does not exist'):
        run_script(conn, "INSERT INTO t VALUES (1, NULL, 'x')")
    run_script(conn, "DROP TRIGGER a ON t; INSERT INTO t VALUES (1, NULL, 'x')")
    with pytest.raises(DatabaseError, match="must be called before update"):
        run_script(conn, "UPDATE t SET body = 'y'")


def test_unchanged_plan_after_state_round_trip(tmp_path):
    from compiler.catalog.state import from_json, to_json
    compiled = _load(tmp_path, SPEC)
    again = from_json(to_json(compiled.catalog))
    assert api.plan(again, compiled.catalog).empty
    trigger = next(o for o in again if isinstance(o, Trigger) and o.name == "check_balance")
    assert (trigger.constraint, trigger.deferrable, trigger.initially_deferred) == (True, True, True)
    external = next(o for o in again if isinstance(o, Trigger) and o.table == "users")
    assert external.table_key == "external_table:auth.users"
    assert dataclasses.replace(external, relation="table").table_key == "table:auth.users"
