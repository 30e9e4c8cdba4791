"""Every generated script holds exactly the planned statements, whatever the
names, comments and SQL texts of the specs hold.

For every example project (the repository's specs/, the three stages of
examples/realco/) and for a fixture whose every name, comment, enum label,
role, policy, test title and description is hostile (quotes, semicolons,
`--`, `/*`, `$$`, backslashes, `\\!`, unicode; newlines, `'; DROP ...` and
`\\'` in free text), each of up.sql, verify.sql and down.sql is read twice:

- by PostgreSQL's parser (pglast): no psql meta-command outside quotes and
  comments but schemac's own header line; every `-- step N:` marker is the
  plan's step N, and between two markers lie exactly the statements of that
  step; every other statement is the script's frame (BEGIN, COMMIT, SET);
  the hostile fixture's steps have the statements (kinds and number) of the
  same fixture with plain names;
- by psql itself (`psql -X -L log -f file`, which logs each query it sends),
  run for real, with `standard_conforming_strings` on and off: the queries
  psql sent are, one for one, the statements pglast found, psql exits 0,
  verify.sql reports nothing, no `owned` file appears and no `pwned` or
  `injected` table exists.

Names holding control characters are refused at validate, with a located
error, for every kind of name.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pglast import parser

from compiler import api
from compiler.apply import connect
from compiler.catalog.objects import Catalog
from compiler.errors import SpecErrors
from compiler.render.migration import render_op
from compiler.render.sql import PSQL_HEADER, comment_text, without_psql_header
from tests.conftest import ROOT
from tests.helpers import stand_ins

PSQL = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
REALCO = ROOT / "examples" / "realco"
SETTINGS = ("on", "off")
_QUERY_LOG = re.compile(r"^\*{9} QUERY \*{10}\n(.*?)\n\*{26}\n", re.DOTALL | re.MULTILINE)
_STEP = re.compile(r"^-- step (\d+): (.*?)(?: \(cannot run inside a transaction\))?$", re.MULTILINE)
_PART = re.compile(r", part \d+ of \d+$")
_COMMENTS = ("SQL_COMMENT", "C_COMMENT")


# --- the hostile fixture, and its twin with plain names ---------------------------------------

HOSTILE = {
    "schema": 'Hostile "Schema"; --$$ \\! x',
    "table": 'x"; CREATE TABLE injected (i int); --',
    "child": "t /* c */ $$ \\! touch owned",
    "column": "c\\",
    "column2": "col'; DROP TABLE pwned; --",
    "column3": "ü 📦 \\\\",
    "enum": 'e"\\! touch owned',
    "labels": ["a\\", "b'; DROP TABLE pwned; --", "$$", "\\! touch owned", "/*", "ü \\'"],
    "index": 'i\\x"--',
    "check": "chk\\'; --",
    "unique": "u /* */ \\",
    "fk": "fk$$\\",
    "role": 'r"\\! touch owned',
    "policy": "p'; DROP TABLE pwned; --\\",
    "function": 'f"\\',
    "argument": "a\\",
    "trigger_function": "tf$x$\\",
    "trigger": "trg\\ --",
    "view": 'v"; \\! touch owned',
    "test": "title \\'; DROP TABLE pwned; -- $$",
    "comment": "line 1\nline 2 x\\'; CREATE TABLE pwned (); --\n\\! touch owned\n$$ /* ' \\",
    "description": "a domain\n\\! touch owned\nx\\'; DROP TABLE pwned; --",
}
PLAIN = {key: (["l0", "l1", "l2", "l3", "l4", "l5"] if key == "labels" else
               "plain comment" if key in ("comment", "description") else f"n_{key}")
         for key in HOSTILE}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _fixture(n: dict) -> dict:
    """One spec using every kind of name and free text, named by `n`."""
    c, c2 = _q(n["column"]), _q(n["column2"])
    return {
        "domain": "hostile",
        "description": n["description"],
        "schema": n["schema"],
        "roles": {n["role"]: {"comment": n["comment"]}},
        "schema_grants": {n["schema"]: {n["role"]: ["usage", "create"]}},
        "default_privileges": [{"for_role": n["role"], "schema": n["schema"], "on": "tables",
                                "grants": {"public": ["select"]}}],
        "enums": {n["enum"]: {"values": n["labels"], "comment": n["comment"]}},
        "tables": {
            n["table"]: {
                "comment": n["comment"],
                "columns": {
                    "id": {"type": "integer", "primary_key": True},
                    n["column"]: {"type": "text", "comment": n["comment"],
                                  # under standard_conforming_strings = off, psql would lex 'x\' as
                                  # an open string and run the next line as a meta-command
                                  "check": f"{c} <> 'x\\' OR {c} <> '\n\\! touch owned\n'"},
                    n["column2"]: {"type": n["enum"], "default": n["labels"][1],
                                   "grants": {n["role"]: {"privileges": ["update"], "grant_option": True}}},
                    n["column3"]: {"type": "text", "default": "'\\' || $$'$$"},
                },
                "checks": {n["check"]: f"{c2} <> {_lit(n['labels'][2])}"},
                "unique": [{"columns": [n["column"]], "name": n["unique"], "comment": n["comment"]}],
                "indexes": [{"columns": [n["column2"]], "name": n["index"], "comment": n["comment"],
                             "where": f"{c} <> '--'"}],
                "triggers": {n["trigger"]: {"function": n["trigger_function"], "timing": "before",
                                            "events": ["insert"], "args": [n["comment"]]},
                             # a statement trigger with transition tables (their names are the columns')
                             n["policy"]: {"function": n["trigger_function"], "timing": "after", "events": ["update"],
                                           "for_each": "statement",
                                           "referencing": {"old_table": n["column"], "new_table": n["column2"]}}},
                "rls": {"policies": {n["policy"]: {"to": [n["role"]], "using": f"{c} <> '\\'"}}},
                "grants": {n["role"]: ["select"]},
            },
            n["child"]: {
                "owner": n["role"],
                "columns": {"id": {"type": "integer", "primary_key": True},
                            "parent": {"type": "integer", "nullable": False}},
                "foreign_keys": [{"columns": ["parent"], "references": {"table": n["table"], "columns": ["id"]},
                                  "name": n["fk"], "comment": n["comment"]}],
            },
        },
        "functions": {
            n["function"]: {"args": [{"name": n["argument"], "type": "text"}], "returns": "bigint",
                            "volatility": "stable", "security": "definer", "search_path": [n["schema"]],
                            "comment": n["comment"], "grants": {n["role"]: ["execute"]},
                            "body": f"SELECT count(*) FROM {_q(n['table'])} WHERE {c} = {_q(n['argument'])}"},
            n["trigger_function"]: {"returns": "trigger", "language": "plpgsql",
                                    "body": "BEGIN\n  -- a comment \\' $$\n  RETURN NEW;\nEND"},
        },
        "views": {n["view"]: {"query": f"SELECT id, {c} FROM {_q(n['table'])} WHERE {c} <> '\\'",
                              "comment": n["comment"], "grants": {n["role"]: ["select"]}}},
        "tests": {n["test"]: {"query": f"SELECT count(*) FROM {_q(n['table'])}", "expect": [[0]]}},
    }


def _write(folder: Path, spec: dict, name: str = "hostile.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- reading a script ---------------------------------------------------------------------------

def _tokens(sql: str) -> tuple[str, ...]:
    """A statement as PostgreSQL's scanner reads it: its tokens, comments and a final `;` left out."""
    tokens = [sql[t.start:t.end + 1] for t in parser.scan(sql) if t.name not in _COMMENTS]
    return tuple(tokens[:-1] if tokens and tokens[-1] == ";" else tokens)


def _statements(script: str) -> list[tuple[int, tuple[str, ...]]]:
    """(offset, tokens) of each statement, split by PostgreSQL's parser."""
    sql = without_psql_header(script)
    return [(piece.start, _tokens(sql[piece])) for piece in parser.split(sql, only_slices=True)]


def _kind(tokens: tuple[str, ...]) -> str:
    """The statement's node in PostgreSQL's parse tree (`CreateStmt`, `DoStmt`, ...)."""
    return next(iter(json.loads(parser.parse_sql_json(" ".join(tokens)))["stmts"][0]["stmt"]))


def _meta_commands(script: str) -> list[str]:
    """Lines psql would read as meta-commands, schemac's own header aside:
    a backslash outside quotes and comments, as the scanner sees it."""
    sql = without_psql_header(script)
    return [sql[t.start:].split("\n", 1)[0] for t in parser.scan(sql) if t.name == "ASCII_92"]


def _numbered(ops) -> list[tuple[int, object]]:
    inside = [op for op in ops if not op.after_commit]
    outside = [op for op in ops if op.after_commit]
    return list(enumerate(inside + outside, start=1))


# the statements of the script's frame (templates/bundle/script.sql.j2), by their first tokens
_FRAME = {("SET", "client_encoding"), ("SET", "standard_conforming_strings"), ("BEGIN",), ("COMMIT",), ("SET", "LOCAL"),
          ("SET", "lock_timeout"), ("SET", "statement_timeout"), ("SET", "search_path"), ("RESET", "search_path")}


def _is_frame(tokens: tuple[str, ...]) -> bool:
    return tokens[:1] in _FRAME or tokens[:2] in _FRAME


def check_migration_script(script: str, ops) -> list[tuple[str, tuple[str, ...]]]:
    """Assert that `script` (up.sql or down.sql) holds its header, the frame
    and exactly the statements of `ops`, step by step; return (op kind,
    statement kinds) per step."""
    assert script.split("\n")[:len(PSQL_HEADER)] == list(PSQL_HEADER)
    assert _meta_commands(script) == []
    statements = _statements(script)
    markers = [(m.start(), int(m.group(1)), _PART.sub("", m.group(2))) for m in _STEP.finditer(script)]
    numbered = _numbered(ops)
    steps = [(n, text) for i, (_, n, text) in enumerate(markers) if i == 0 or markers[i - 1][1] != n]
    assert steps == [(n, f"{comment_text(op.kind)} {comment_text(op.key)}") for n, op in numbered]
    ends = [start for start, _, _ in markers[1:]] + [len(script)]
    found_of: dict[int, list] = {}
    for (start, n, _), end in zip(markers, ends):  # a step run in parts (Op.resumable_parts) has a marker per part
        found = [(offset, tokens) for offset, tokens in statements if start < offset < end]
        if dict(numbered)[n].after_commit:  # its own timeouts and search_path, then the part, then search_path reset
            assert all(_is_frame(tokens) for _, tokens in found[:3]), found[:3]
            assert found[-1][1] == ("RESET", "search_path"), found[-1]
            found = found[3:-1]
        elif found and found[-1][1] == ("COMMIT",):  # the frame closes the transaction after the last step
            found = found[:-1]
        found_of.setdefault(n, []).extend(found)
    in_steps = set()
    structure = []
    for n, op in numbered:
        found = found_of[n]
        expected = [tokens for _, tokens in _statements(render_op(op))]
        assert [tokens for _, tokens in found] == expected, f"step of {op.key}"
        in_steps.update(offset for offset, _ in found)
        structure.append((op.kind, tuple(_kind(tokens) for _, tokens in found)))
    frame = [tokens for offset, tokens in statements if offset not in in_steps]
    assert all(_is_frame(tokens) for tokens in frame), frame
    assert frame[:3] == [("SET", "client_encoding", "=", "'UTF8'"), ("SET", "standard_conforming_strings", "=", "on"),
                         ("BEGIN",)]
    assert frame.count(("COMMIT",)) == 1
    return structure


def check_verify_script(script: str) -> list[str]:
    """Assert that verify.sql holds its header and no meta-command; return its statements' kinds."""
    assert script.split("\n")[:len(PSQL_HEADER)] == list(PSQL_HEADER)
    assert _meta_commands(script) == []
    statements = _statements(script)
    assert statements[0][1] == ("SET", "client_encoding", "=", "'UTF8'")
    assert statements[1][1] == ("SET", "standard_conforming_strings", "=", "on")
    assert statements[2][1] == ("BEGIN",) and statements[-1][1] == ("ROLLBACK",)
    return [_kind(tokens) for _, tokens in statements]


# --- running a script with psql -----------------------------------------------------------------

def psql(url: str, script: str, folder: Path, setting: str, name: str) -> tuple[str, list[tuple[str, ...]]]:
    """Run `script` with psql as a DBA would (no -v ON_ERROR_STOP), the
    session's standard_conforming_strings set to `setting`; assert psql
    succeeded and sent exactly the statements pglast finds; return its output."""
    path, log = folder / name, folder / f"{name}.log"
    path.write_text(script, encoding="utf-8")
    log.unlink(missing_ok=True)
    env = {**os.environ, "PGOPTIONS": f"-c standard_conforming_strings={setting}", "PSQLRC": os.devnull}
    done = subprocess.run([PSQL, "-X", "-q", "-At", "-L", str(log), "-d", url, "-f", str(path)],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=300)
    assert done.returncode == 0, f"{name} under standard_conforming_strings={setting}: {done.stderr}"
    assert "ERROR" not in done.stderr, done.stderr
    with open(log, encoding="utf-8", newline="") as logged:  # a carriage return in a name stays one
        sent = [_tokens(query) for query in _QUERY_LOG.findall(logged.read())]
    assert sent == [tokens for _, tokens in _statements(script)], f"{name}: psql sent other statements"
    return done.stdout


def _untouched(conn, folder: Path) -> None:
    assert not (folder / "owned").exists(), "a psql meta-command ran"
    assert conn.execute("SELECT count(*) FROM pg_class WHERE relname IN ('pwned', 'injected')").fetchone() == (0,)


def _setting_takes_effect(url: str, folder: Path) -> None:
    """PGOPTIONS reaches the server: the `off` runs really are under `off`."""
    env = {**os.environ, "PGOPTIONS": "-c standard_conforming_strings=off"}
    done = subprocess.run([PSQL, "-X", "-At", "-d", url, "-c", "SHOW standard_conforming_strings"],
                          capture_output=True, text=True, env=env, cwd=folder, timeout=60)
    assert done.stdout.strip() == "off", done


def run_history(url: str, folder: Path, migrations: list[tuple[api.Compiled, api.MigrationFiles]]) -> None:
    """Apply every migration with psql, verify after each, then roll them all
    back, under both settings; nothing else may run."""
    _setting_takes_effect(url, folder)
    with connect(url) as conn:
        for compiled, _ in migrations:
            stand_ins(conn, compiled)
        for setting in SETTINGS:
            for i, (_, files) in enumerate(migrations):
                psql(url, files.up, folder, setting, f"up{i}.sql")
                assert psql(url, files.verify, folder, setting, f"verify{i}.sql").strip() == "", "verify.sql"
                _untouched(conn, folder)
            for i, (_, files) in reversed(list(enumerate(migrations))):
                psql(url, files.down, folder, setting, f"down{i}.sql")
                _untouched(conn, folder)
            assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s",
                                [HOSTILE["schema"]]).fetchone() == (0,)


def _history(stages: list[api.Compiled]) -> list[tuple[api.Compiled, api.MigrationFiles]]:
    history, previous = [], Catalog()
    for i, compiled in enumerate(stages, start=1):
        history.append((compiled, api.migration(f"{i:04d}_stage", compiled, previous)))
        previous = history[-1][1].plan.state_after
    return history


def _check_files(history) -> list[tuple]:
    shapes = []
    for _, files in history:
        up = check_migration_script(files.up, files.plan.steps)
        down = check_migration_script(files.down, files.plan.reverse_steps())
        shapes.append((up, down, check_verify_script(files.verify)))
    return shapes


# --- the tests ----------------------------------------------------------------------------------

def _example(name: str) -> list[api.Compiled]:
    """The stages of an example project, each compiled."""
    if name == "specs":
        return [api.load(ROOT)]
    stages = ("1_core", "2_finance", "3_money")
    return [api.load(REALCO / s, sorted((REALCO / s).glob("*.yaml"))) for s in stages]


@pytest.mark.parametrize("example", ["specs", "examples/realco"])
def test_example_scripts_hold_exactly_the_planned_statements(example, database_url, tmp_path):
    history = _history(_example(example))
    _check_files(history)
    run_history(database_url, tmp_path, history)


def test_hostile_fixture_scripts_hold_exactly_the_planned_statements(database_url, tmp_path):
    hostile = api.load(tmp_path, [_write(tmp_path / "hostile", _fixture(HOSTILE))])
    plain = api.load(tmp_path, [_write(tmp_path / "plain", _fixture(PLAIN))])
    (hostile_shape,), (plain_shape,) = _check_files(_history([hostile])), _check_files(_history([plain]))
    for hostile_script, plain_script in zip(hostile_shape, plain_shape):
        assert Counter(hostile_script) == Counter(plain_script)  # the same statements, step by step
    assert len(hostile_shape[0]) > 10
    run_history(database_url, tmp_path, _history([hostile]))


def _generated_added(n: dict) -> dict:
    """The fixture with a stored generated column added to its table: online
    mode copies the table (compiler/online/table_copy.py), every name of it
    and of what is made again around it (the view, the foreign key, the
    policy, the triggers, the grants) in the copy's statements."""
    spec = _fixture(n)
    spec["tables"][n["table"]]["columns"][n["column"] + " gen"] = {"type": "text",
                                                                    "generated": f"upper({_q(n['column'])})"}
    return spec


def test_hostile_table_copied_online_holds_exactly_the_planned_statements(database_url, tmp_path):
    stages = {}
    for label, names in (("hostile", HOSTILE), ("plain", PLAIN)):
        stages[label] = [api.load(tmp_path, [_write(tmp_path / label / str(i), spec(names))])
                         for i, spec in enumerate((_fixture, _generated_added))]
    hostile, plain = _history(stages["hostile"]), _history(stages["plain"])
    assert [op.kind for op in hostile[1][1].plan.steps] == ["PrepareTableCopy", "FillTableCopy", "SwapTableCopy"]
    for hostile_shape, plain_shape in zip(_check_files(hostile), _check_files(plain)):
        for hostile_script, plain_script in zip(hostile_shape, plain_shape):
            assert Counter(hostile_script) == Counter(plain_script)
    run_history(database_url, tmp_path, hostile)


def test_hostile_fixture_comments_reach_the_database_exactly(conn, database_url, tmp_path):
    """Under `off`, the comment `x\\'; CREATE TABLE pwned ...` is stored as written."""
    compiled = api.load(tmp_path, [_write(tmp_path, _fixture(HOSTILE))])
    files = api.migration("0001_hostile", compiled)
    psql(database_url, files.up, tmp_path, "off", "up.sql")
    found = conn.execute("""
        SELECT obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relname = %s""", [HOSTILE["schema"], HOSTILE["table"]]).fetchone()
    assert found == (HOSTILE["comment"],)
    labels = [r[0] for r in conn.execute("""
        SELECT e.enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        WHERE t.typname = %s ORDER BY e.enumsortorder""", [HOSTILE["enum"]]).fetchall()]
    assert labels == HOSTILE["labels"]
    _untouched(conn, tmp_path)


# --- defence in depth: a catalog never validated (a state.json edited in a pull request) ---------

BROKEN_OUT = {  # plain name -> a name holding what ends a comment line, then SQL or a meta-command
    "n_table": "x\nCREATE TABLE injected (i int);--",
    "n_enum": "e\n\\! touch owned",
    "n_column": "c\r\\! touch owned",
    "n_index": "i\u2028\\! touch owned\n",
    "n_role": "r\n\\! touch owned",
    "n_policy": "p\n\\! touch owned",
    "n_trigger": "g\n\\! touch owned",
    "n_view": "v\n\\! touch owned",
    "n_function": "f\n\\! touch owned",
    "n_schema": "s\n\\! touch owned",
    "n_child": "t\x0b\\! touch owned\x85",
}


def _renamed(value, names: dict[str, str]):
    """`value` (state data) with every plain name replaced, longest first."""
    if isinstance(value, str):
        for plain in sorted(names, key=len, reverse=True):
            value = value.replace(plain, names[plain])
        return value
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, names) for k, v in value.items()}
    return value


def test_names_with_line_breaks_in_an_unvalidated_catalog_stay_in_their_comments(database_url, tmp_path):
    """Validation refuses such names; the render layer alone must still keep
    them inside identifiers, literals and escaped comment lines."""
    from compiler.catalog import state
    plain = api.load(tmp_path, [_write(tmp_path / "plain", _fixture(PLAIN))])
    catalog = state.from_data(_renamed(state.to_data(plain.catalog), BROKEN_OUT))
    assert "x\nCREATE TABLE injected (i int);--" in {getattr(obj, "name", None) for obj in catalog}
    hostile = api.Compiled(plain.project, catalog, plain.tests)
    (hostile_shape,), (plain_shape,) = _check_files(_history([hostile])), _check_files(_history([plain]))
    for hostile_script, plain_script in zip(hostile_shape, plain_shape):
        assert Counter(hostile_script) == Counter(plain_script)
    files = _history([hostile])[0][1]
    assert "-- step 1: CreateSchema schema:s\\n\\! touch owned\n" in files.up
    assert "\n\\!" not in "".join(line for line in files.up.splitlines(keepends=True) if line.startswith("--"))
    run_history(database_url, tmp_path, _history([hostile]))


# --- control characters in names are refused, located, for every kind of name --------------------

def _named(kind: str, name: str) -> dict:
    """The plain fixture with the name of one `kind` replaced by `name`."""
    names = dict(PLAIN)
    if kind == "label":
        names["labels"] = [*PLAIN["labels"][:-1], name]
    elif kind == "test title":
        names["test"] = name
    else:
        names[kind] = name
    return _fixture(names)


NAME_KINDS = ["schema", "table", "column", "enum", "label", "index", "check", "unique", "fk", "role", "policy",
              "function", "argument", "trigger", "trigger_function", "view", "test title"]


@pytest.mark.parametrize("kind", NAME_KINDS)
@pytest.mark.parametrize("char", ["\n", "\r", "\x1b", "\x7f", "\u2028"])
def test_a_name_with_a_control_character_is_refused_where_it_is_written(tmp_path, kind, char):
    name = f"bad{char}\\! touch owned"
    path = _write(tmp_path, _named(kind, name))
    with pytest.raises(SpecErrors) as raised:
        api.load(tmp_path, [path])
    errors = [e for e in raised.value.errors if "control character" in e.message]
    assert errors, [str(e) for e in raised.value.errors]
    with open(path, encoding="utf-8", newline="") as written_file:  # lines as YAML counts them
        lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", written_file.read())
    for error in errors:
        assert error.file == str(path) and error.path and error.hint
        assert f"U+{ord(char):04X}" in error.message and "\\! touch owned" in error.message
        assert "\n" not in error.message + error.path
        written = lines[error.line - 1][error.column - 1:]
        assert written.startswith(('"bad', "'bad", "bad")), (kind, str(error), written)
    assert not (tmp_path / "owned").exists()


@pytest.mark.parametrize("setting", SETTINGS)
def test_schemac_test_passes_the_hostile_fixture_under_both_settings(server_url, tmp_path, setting):
    """`schemac test` pins the setting on its connection, as the scripts do:
    the specs' SQL (a check comparing with 'x\\', the tests' queries) means
    the same on a server set to `off`."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from compiler import selftest
    compiled = api.load(tmp_path, [_write(tmp_path, _fixture(HOSTILE))])
    files = api.migration("0001_hostile", compiled)
    params = conninfo_to_dict(server_url)
    params["options"] = f"-c standard_conforming_strings={setting}"
    report = selftest.run(files, compiled, make_conninfo(**params))
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    assert any(s.name.startswith("test ") and "DROP TABLE pwned" in s.name for s in report.steps)
    assert not (tmp_path / "owned").exists()
