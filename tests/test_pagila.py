"""The pagila example (examples/pagila/) against the schema it was written
from (../shared/corpora/pagila/pagila-schema.sql, a public sample, MIT
licence): the original SQL loaded into one database and the example's up.sql
(run with psql, as a DBA would) into another give the same `pg_dump
--schema-only`, but for the differences examples/pagila/README.md lists, each
with its reason; and `schemac test` passes on the example.

pagila needs PostgreSQL 18 (uuidv7(), a VIRTUAL generated column) and
pgvector: on an older server, or one without pgvector, the tests are skipped
and say why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler import api, selftest
from compiler.apply import connect
from compiler.apply.psql import run_psql
from compiler.database.scratch import scratch_database
from tests.pg_dump_compare import differences, schema_statements

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "pagila"
CORPUS = ROOT.parent / "shared" / "corpora" / "pagila" / "pagila-schema.sql"

# The statements of the original's dump that the example's dump writes
# differently, each matched by a pattern on both sides; examples/pagila/README.md
# gives the reason of each.
KNOWN_DIFFERENCES = {
    # rewards_report is SECURITY DEFINER: schemac refuses a definer without a
    # fixed search_path, so the example's has one.
    "rewards_report search_path": (re.compile(r"^CREATE FUNCTION public\.rewards_report\("),
                                   re.compile(r"^CREATE FUNCTION public\.rewards_report\(.*SET search_path TO 'public', 'pg_temp'", re.S)),
}


def _server_can_hold_pagila(server_url: str) -> str | None:
    """Why the server cannot hold pagila, or None."""
    with connect(server_url) as conn:
        version = conn.execute("select current_setting('server_version_num')::int").fetchone()[0]
        vector = conn.execute("select count(*) from pg_available_extensions where name = 'vector'").fetchone()[0]
    if version < 180000:
        return f"pagila needs PostgreSQL 18 (uuidv7(), VIRTUAL generated columns); the server is {version}"
    if not vector:
        return "pagila needs the vector extension (pgvector), which this server lacks"
    return None


@pytest.fixture(scope="module")
def pagila_server(server_url):
    if not CORPUS.is_file():
        pytest.skip(f"the pagila corpus is not at {CORPUS}")
    reason = _server_can_hold_pagila(server_url)
    if reason:
        pytest.skip(reason)
    return server_url


@pytest.fixture(scope="module")
def example():
    compiled = api.load(EXAMPLE)
    return compiled, api.migration("0001_pagila", compiled)


@pytest.fixture(scope="module")
def dumps(pagila_server, example):
    """(original's statements, example's statements)."""
    _, files = example
    with scratch_database(pagila_server, prefix="pagila_original") as original, \
            scratch_database(pagila_server, prefix="pagila_example") as ours:
        loaded = run_psql(original, CORPUS.read_text(encoding="utf-8"))
        assert loaded.ok, loaded.stderr
        applied = run_psql(ours, files.up)
        assert applied.ok, applied.stderr
        yield schema_statements(original), schema_statements(ours)


def _matches(pattern, statements):
    return [s for s in statements if pattern.search(s)]


def test_the_example_and_the_original_dump_the_same_schema(dumps):
    original, ours = dumps
    only_original, only_ours = differences(original, ours)
    for reason, (theirs, mine) in KNOWN_DIFFERENCES.items():
        expected_theirs, expected_mine = _matches(theirs, only_original), _matches(mine, only_ours)
        assert expected_theirs and expected_mine, f"documented difference no longer seen: {reason}"
        only_original = [s for s in only_original if s not in expected_theirs]
        only_ours = [s for s in only_ours if s not in expected_mine]
    assert only_original == [] and only_ours == [], (
        "statements of one dump only:\n--- original\n" + "\n\n".join(only_original)
        + "\n--- example\n" + "\n\n".join(only_ours))


def test_schemac_test_passes_on_the_example(pagila_server, example):
    compiled, files = example
    report = selftest.run(files, compiled, pagila_server, lambda step: None)
    failed = [(step.name, step.detail[:5]) for step in report.steps if not step.ok]
    assert report.ok, failed
