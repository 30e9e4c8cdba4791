"""The `schemac` command line: what it prints, what it writes, its exit codes.

Most tests call `compiler.cli.main` in this process (fast); one runs the
installed console script to prove the entry point works.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tests.conftest import ROOT
from tests.test_pglast import statement_problems

GOLDEN_CASE = ROOT / "tests" / "golden" / "payments"


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the repository's project (specs and settings), generated/ empty."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(ROOT / "specs", copy / "specs")
    if (ROOT / "schemac.yaml").exists():
        shutil.copy2(ROOT / "schemac.yaml", copy / "schemac.yaml")
    return copy


# --- schemac schema ---------------------------------------------------------------------------

def test_schema_is_json_schema_with_short_forms(capsys):
    code, out, _ = schemac(capsys, "schema")
    assert code == EXIT_OK
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"
    assert "tables" in schema["properties"] and "enums" in schema["properties"]
    defs = schema["$defs"]

    def alternatives(name: str) -> list[dict]:
        assert "anyOf" in defs[name], f"{name} has no short form"
        return defs[name]["anyOf"]

    def allows(name: str, json_type: str) -> bool:
        for option in alternatives(name):
            options = option.get("anyOf", [option])
            if any(o.get("type") == json_type for o in options):
                return True
        return False

    assert allows("ColumnSpec", "string")       # tags: text[]
    assert allows("ColumnSpec", "object")       # {type: text, ...}
    assert allows("EnumSpec", "array")          # Status: [A, B]
    assert allows("IndexSpec", "string")        # - status
    assert allows("IndexSpec", "array")         # - [a, b]
    assert allows("UniqueSpec", "array")
    assert allows("PrimaryKeySpec", "string")
    assert allows("ExternalColumnSpec", "string")
    # every $ref points at a definition that exists
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    assert refs and all(r.startswith("#/$defs/") and r.split("/")[-1] in defs for r in refs)


def test_schema_matches_the_committed_docs(capsys):
    committed = ROOT / "docs" / "spec.schema.json"
    if not committed.exists():
        pytest.skip("docs/spec.schema.json is not in this checkout")
    _, out, _ = schemac(capsys, "schema")
    assert json.loads(out) == json.loads(committed.read_text(encoding="utf-8")), (
        "docs/spec.schema.json is stale: schemac schema > docs/spec.schema.json")


# --- schemac generate -------------------------------------------------------------------------

def test_generate_writes_the_first_migration(project, capsys):
    code, out, err = schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, err
    assert out.startswith("wrote ") and "0001_initial" in out
    written = _files(project / "generated")
    assert set(written) == {"state.json", "migrations/0001_initial/up.sql", "migrations/0001_initial/down.sql",
                            "migrations/0001_initial/verify.sql", "migrations/0001_initial/plan.json",
                            "migrations/0001_initial/state.json", "schemac.sum"}
    assert statement_problems(written["migrations/0001_initial/up.sql"].decode()) == []
    json.loads(written["state.json"])
    json.loads(written["migrations/0001_initial/plan.json"])


def test_generate_into_two_copies_is_byte_identical(project, tmp_path, capsys):
    other = tmp_path / "other"
    shutil.copytree(project, other)
    assert schemac(capsys, "-C", str(project), "generate")[0] == EXIT_OK
    assert schemac(capsys, "-C", str(other), "generate")[0] == EXIT_OK
    assert _files(project / "generated") == _files(other / "generated")


def test_generate_twice_says_no_changes(project, capsys):
    code, _, err = schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, err
    first = _files(project / "generated")
    code, out, err = schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, err
    assert out.startswith("no changes"), out
    assert _files(project / "generated") == first


def test_generate_rejects_a_bad_migration_name(project, capsys):
    assert schemac(capsys, "-C", str(project), "generate", "--name", "Bad Name")[0] == EXIT_USAGE
    assert not (project / "generated").exists()


# --- schemac sql / validate -------------------------------------------------------------------

@pytest.mark.parametrize("script", ["up", "down", "verify"])
def test_sql_prints_sql_and_writes_nothing(project, capsys, script):
    code, out, err = schemac(capsys, "-C", str(project), "sql", script)
    assert code == EXIT_OK, err
    assert "BEGIN;" in out
    assert {"up": "CREATE TABLE", "down": "DROP TABLE", "verify": "DO $"}[script] in out
    assert statement_problems(out) == []
    assert not (project / "generated").exists()


def test_sql_up_of_given_paths(capsys):
    code, out, _ = schemac(capsys, "-C", str(GOLDEN_CASE), "sql", "up", str(GOLDEN_CASE / "spec.yaml"))
    assert code == EXIT_OK
    assert out == (GOLDEN_CASE / "up.sql").read_text(encoding="utf-8").replace("0001_initial", "0001_preview")


def test_validate_reports_counts(capsys):
    code, out, _ = schemac(capsys, "-C", str(ROOT), "validate", "--format", "json")
    assert code == EXIT_OK
    report = json.loads(out)
    assert report["errors"] == [] and report["counts"]["tables"] >= 1


def test_validate_reports_spec_errors_with_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tables:\n  t:\n    columns:\n      id: {type: integr}\n", encoding="utf-8")
    code, out, _ = schemac(capsys, "-C", str(tmp_path), "validate", "--format", "json", str(bad))
    assert code == EXIT_FAILED
    errors = json.loads(out)["errors"]
    assert errors and errors[0]["line"] == 4 and "integr" in errors[0]["message"]


def test_usage_errors_exit_2(tmp_path, capsys):
    assert schemac(capsys)[0] == EXIT_USAGE
    assert schemac(capsys, "frobnicate")[0] == EXIT_USAGE
    assert schemac(capsys, "-C", str(tmp_path / "missing"), "validate")[0] == EXIT_USAGE
    assert schemac(capsys, "sql", "sideways")[0] == EXIT_USAGE


# --- the installed entry point ----------------------------------------------------------------

def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("schemac")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compiler"]


def test_console_script_runs(tmp_path):
    result = subprocess.run([*_console_script(), "-C", str(ROOT), "sql", "up"], capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CREATE TABLE" in result.stdout
    version = subprocess.run([*_console_script(), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("schemac ")


def test_schemac_test_on_the_server(server_url, capsys):
    """`schemac test --database-url`: apply, verify, roll back, re-apply (a database test)."""
    code, out, err = schemac(capsys, "-C", str(GOLDEN_CASE), "test", "--database-url", server_url,
                             str(GOLDEN_CASE / "spec.yaml"))
    assert code == EXIT_OK, out + err
    assert "all steps passed" in out


# --- mistakes on the command line that are not bugs -------------------------------------------

def test_generate_turns_hyphens_into_underscores(project, capsys):
    code, out, err = schemac(capsys, "-C", str(project), "generate", "--name", "first-cut")
    assert code == EXIT_OK, err
    assert [p.name for p in (project / "generated" / "migrations").iterdir()] == ["0001_first_cut"]


def test_a_database_url_that_is_not_one_is_a_usage_error(capsys):
    code, out, err = schemac(capsys, "-C", str(GOLDEN_CASE), "test", "--database-url", "notaurl",
                             str(GOLDEN_CASE / "spec.yaml"))
    assert code == EXIT_USAGE
    assert "--database-url `notaurl` is not a PostgreSQL connection string" in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_reader_that_stops_early_is_not_an_error():
    """`schemac schema | head -1`: the pipe closes; schemac stops quietly."""
    process = subprocess.Popen([*_console_script(), "schema"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # no reader: every write fails with EPIPE
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) in (0, 141), err
    assert err == ""


class _PipeClosedAfter:
    """A stdout whose reader goes away after `lines` lines."""

    def __init__(self, lines: int) -> None:
        self.left = lines

    def write(self, text: str) -> int:
        if self.left <= 0:
            raise BrokenPipeError(32, "Broken pipe")
        self.left -= text.count("\n")
        return len(text)

    def flush(self) -> None:
        if self.left <= 0:
            raise BrokenPipeError(32, "Broken pipe")


def test_schemac_test_into_a_closed_pipe_stops_quietly(server_url, monkeypatch, capsys):
    """`schemac test | head -2` (a database test): no trace, the exit code of a closed pipe."""
    monkeypatch.setattr(sys, "stdout", _PipeClosedAfter(2))
    code = main(["-C", str(GOLDEN_CASE), "test", "--database-url", server_url, str(GOLDEN_CASE / "spec.yaml")])
    assert code == 141
    assert "Traceback" not in capsys.readouterr().err


# --- extensions ---------------------------------------------------------------------------------

EXTENSION_SPEC = """\
extensions: [{name: citext, schema: ext}, pg_trgm]
external: {types: [citext]}
tables:
  people:
    columns:
      id: {type: uuid, primary_key: true}
      email: citext
"""


def test_extensions_install_into_a_named_schema(tmp_path, capsys):
    spec = tmp_path / "people.yaml"
    spec.write_text(EXTENSION_SPEC, encoding="utf-8")
    code, out, err = schemac(capsys, "-C", str(tmp_path), "sql", "up", str(spec))
    assert code == EXIT_OK, err
    assert 'CREATE EXTENSION citext WITH SCHEMA ext;' in out
    assert 'CREATE EXTENSION pg_trgm WITH SCHEMA public;' in out
    assert out.index("CREATE SCHEMA ext;") < out.index("CREATE EXTENSION citext")


def test_extensions_in_their_schema_on_the_server(server_url, tmp_path, capsys):
    spec = tmp_path / "people.yaml"
    spec.write_text(EXTENSION_SPEC, encoding="utf-8")
    code, out, err = schemac(capsys, "-C", str(tmp_path), "test", "--database-url", server_url, str(spec))
    assert code == EXIT_OK, out + err


def test_one_extension_in_two_schemas_is_an_error(tmp_path, capsys):
    spec = tmp_path / "people.yaml"
    spec.write_text("extensions: [citext, {name: citext, schema: ext}]\n" + EXTENSION_SPEC.split("\n", 1)[1])
    code, out, err = schemac(capsys, "-C", str(tmp_path), "validate", str(spec))
    assert code == EXIT_FAILED
    assert "extension `citext` is installed in schema `public`" in err


# --- database errors name the step --------------------------------------------------------------

def test_a_database_error_without_position_names_the_step(conn):
    from compiler.apply import run_script
    from compiler.errors import DatabaseError
    script = ("BEGIN;\n\n-- step 1: CreateTable table:public.a\nCREATE TABLE a (n integer);\n\n"
              "-- step 2: AddConstraint constraint:public.a.a_n_check\nINSERT INTO a VALUES (1 / 0);\nCOMMIT;\n")
    with pytest.raises(DatabaseError) as caught:
        run_script(conn, script, "up.sql")
    assert str(caught.value).startswith(
        "up.sql (line 7, step 2: AddConstraint constraint:public.a.a_n_check): division by zero")
    with pytest.raises(DatabaseError) as caught:
        run_script(conn, script.replace("1 / 0", "nosuch"), "up.sql")
    assert str(caught.value).startswith("up.sql (line 7, step 2: AddConstraint constraint:public.a.a_n_check): "
                                        'column "nosuch" does not exist')
    assert conn.execute("SELECT to_regclass('a')").fetchone() == (None,)  # rolled back
