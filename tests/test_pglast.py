"""Every statement schemac emits parses with PostgreSQL's own parser
(libpg_query through pglast), and so does the PL/pgSQL of every DO block.

Scripts checked: the committed generated/ migrations, the migrations of
specs/, of the golden cases (tests/golden/<case>/spec.yaml and their committed
SQL), and of every spec project or file under tests/specs/. No server needed.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from pglast import ast, parser

from compiler import api
from compiler.render.oracle import split_statements
from compiler.render.sql import without_psql_header
from compiler.spec.load import PROJECT_FILE, SPEC_SUFFIXES
from tests.conftest import ROOT

SCRIPTS = ("up", "down", "verify")
TEST_SPECS = ROOT / "tests" / "specs"
GOLDEN = ROOT / "tests" / "golden"


def _test_spec_sources() -> list[tuple[str, Path, list[Path] | None]]:
    """(id, project root, spec paths or None for the project's own specs)."""
    if not TEST_SPECS.is_dir():
        return []
    found = []
    projects = sorted(p for p in TEST_SPECS.rglob("*")
                      if p.is_dir() and ((p / PROJECT_FILE).is_file() or (p / "specs").is_dir()))
    for project in projects:
        found.append((project.relative_to(ROOT).as_posix(), project, None))
    for path in sorted(TEST_SPECS.rglob("*")):
        if not (path.is_file() and path.suffix in SPEC_SUFFIXES) or path.name == PROJECT_FILE:
            continue
        if any(project in path.parents for project in projects):
            continue  # part of a project compiled as a whole
        found.append((path.relative_to(ROOT).as_posix(), path.parent, [path]))
    return found


SOURCES = [("specs", ROOT, None)]
SOURCES += [(f"tests/golden/{case.name}", case, [case / "spec.yaml"])
            for case in sorted(GOLDEN.glob("*")) if (case / "spec.yaml").is_file()]
SOURCES += _test_spec_sources()
COMMITTED = sorted(p for p in list((ROOT / "generated").rglob("*.sql")) + list(GOLDEN.rglob("*.sql")))


@functools.lru_cache(maxsize=None)
def _compiled_scripts(source_id: str) -> dict[str, str]:
    _, root, paths = next(s for s in SOURCES if s[0] == source_id)
    files = api.migration("0001_initial", api.load(root, paths))
    return {name: getattr(files, name) for name in SCRIPTS}


def statement_problems(sql: str) -> list[str]:
    """Why statements of `sql` do not parse (empty when all parse)."""
    problems = []
    try:
        statements = split_statements(sql)
    except parser.ParseError as exc:
        return [f"the script cannot be split into statements: {exc}"]
    if not statements:
        return ["no statements at all"]
    for number, statement in enumerate(statements, 1):
        try:
            tree = parser.parse_sql(statement)
        except parser.ParseError as exc:
            problems.append(f"statement {number} does not parse ({exc}):\n{statement[:500]}")
            continue
        if len(tree) != 1:
            problems.append(f"statement {number} splits into {len(tree)} statements:\n{statement[:500]}")
            continue
        if isinstance(tree[0].stmt, ast.DoStmt):
            problems.extend(f"statement {number}: {p}" for p in plpgsql_problems(tree[0].stmt))
    try:  # the script as a whole, as psql would send it
        whole = parser.parse_sql(without_psql_header(sql))
    except parser.ParseError as exc:
        problems.append(f"the whole script does not parse: {exc}")
    else:
        if len(whole) != len(statements):
            problems.append(f"the script parses as {len(whole)} statements but splits into {len(statements)}")
    return problems


def _dollar_tag(body: str) -> str:
    tag, n = "$plpgsql$", 0
    while tag in body:
        n += 1
        tag = f"$plpgsql{n}$"
    return tag


def _queries(node) -> list[str]:
    """The SQL statements a PL/pgSQL parse tree runs (PLpgSQL_stmt_execsql)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "PLpgSQL_stmt_execsql":
                found.append(value["sqlstmt"]["PLpgSQL_expr"]["query"])
            found.extend(_queries(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_queries(value))
    return found


def plpgsql_problems(do: ast.DoStmt) -> list[str]:
    """Parse a DO block's body as PL/pgSQL (libpg_query parses functions, so the
    body is wrapped in one), then parse each SQL statement it contains."""
    options = {a.defname: a.arg.sval for a in do.args or ()}
    if options.get("language", "plpgsql") != "plpgsql":
        return []
    body = options["as"]
    tag = _dollar_tag(body)
    function = f"CREATE FUNCTION pg_temp.schemac_do() RETURNS void LANGUAGE plpgsql AS {tag}{body}{tag};"
    try:
        tree = json.loads(parser.parse_plpgsql_json(function))
    except parser.ParseError as exc:
        return [f"DO block is not valid PL/pgSQL ({exc}):\n{body[:500]}"]
    problems = []
    for query in _queries(tree):
        try:
            parser.parse_sql(query)
        except parser.ParseError as exc:
            problems.append(f"statement inside a DO block does not parse ({exc}):\n{query[:500]}")
    return problems


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("source_id", [s[0] for s in SOURCES])
def test_compiled_statements_parse(source_id, script):
    sql = _compiled_scripts(source_id)[script]
    problems = statement_problems(sql)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_committed_statements_parse(path):
    problems = statement_problems(path.read_text(encoding="utf-8"))
    assert not problems, "\n\n".join(problems)


def test_verify_scripts_have_do_blocks_that_parse():
    """verify.sql builds its expected tables in DO blocks: they are checked."""
    sql = _compiled_scripts("specs")["verify"]
    blocks = [s.stmt for s in parser.parse_sql(without_psql_header(sql)) if isinstance(s.stmt, ast.DoStmt)]
    assert blocks, "verify.sql has no DO block any more: is this test still checking PL/pgSQL?"
    for block in blocks:
        assert plpgsql_problems(block) == []


def test_the_checker_catches_mistakes():
    """The checks above would notice broken SQL (guards the guard)."""
    assert statement_problems("SELECT 1;\nSELEC 2;")
    bad_do = parser.parse_sql("DO $$BEGIN CREAT TABLE t (); END$$;")[0].stmt
    assert plpgsql_problems(bad_do)
    unknown_variable = parser.parse_sql("DO $$BEGIN x := 1; END$$;")[0].stmt
    assert plpgsql_problems(unknown_variable)
    assert statement_problems("SELECT 1;") == []
