"""The specs' behavioural tests (`tests:`) as pgTAP files, one per test,
that pg_prove runs against a deployed database: the same settings, setup,
role and query as `schemac test`, rows compared in PostgreSQL's text output
(`pg_temp.schemac_text_rows`), an expected error matched by its message."""

from __future__ import annotations

import json
import re

from pglast import parser

from compiler.catalog.tests import SpecTest
from compiler.deploy.apply import TOOL
from compiler.render.bundle import pgtap_file


def _transaction_statement(sql: str) -> bool:
    """SAVEPOINT and its kin run as written (PL/pgSQL's EXECUTE refuses them);
    every other setup statement reaches the server as a quoted value."""
    try:
        return all(type(s.stmt).__name__ == "TransactionStmt" for s in parser.parse_sql(sql))
    except Exception:  # noqa: BLE001 - validated specs parse; run anything else quoted
        return False


def _like_pattern(text: str) -> str:
    """`%text%` for ILIKE, its own % and _ taken literally."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "test"


def files(tests: tuple[SpecTest, ...], project: str) -> dict[str, str]:
    from compiler.render.harness import test_settings
    out = {"README.md": pgtap_file("README.md", project=project, tests=tests, tool=TOOL)}
    for i, test in enumerate(tests, 1):
        expected = None
        if test.spec.expect is not None:
            expected = json.dumps([[None if v is None else str(v) for v in row] for row in test.spec.expect],
                                  ensure_ascii=False)
        pattern = _like_pattern(test.spec.expect_error) if test.spec.expect_error is not None else None
        setup = [(s, _transaction_statement(s)) for s in test.spec.setup]
        path = f"tests/{_slug(test.domain)}/{i:03d}_{_slug(test.name)}.sql"
        out[path] = pgtap_file("test.sql", test=test, settings=test_settings(test.schema, test.spec.settings),
                               setup=setup, expected=expected, error_pattern=pattern, tool=TOOL)
    return out
