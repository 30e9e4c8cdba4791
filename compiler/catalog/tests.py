"""Behavioural tests (`tests:`) of the loaded domains, checked at load time.

A test may only switch to a role declared under `roles:` of some domain
(roles belong to the server); its query and setup statements must be SQL that
PostgreSQL parses; its settings must be custom settings (`app.user_id`) or a
known parameter; its expected rows hold scalars only. `schemac test` runs the
collected tests (see compiler/selftest/spec_tests.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.errors import ErrorCollector
from compiler.render.oracle import parse_statements
from compiler.spec.errors import suggest
from compiler.spec.load import LoadedDomain
from compiler.spec.programmable import TestSpec
from compiler.spec.source import SourceDocument

DEFAULT_SCHEMA = "public"

# Parameters a test may set besides custom (dotted) ones. Kept short on purpose.
KNOWN_PARAMETERS = frozenset((
    "application_name", "client_min_messages", "datestyle", "default_transaction_isolation",
    "enable_seqscan", "extra_float_digits", "idle_in_transaction_session_timeout", "intervalstyle",
    "lc_messages", "lc_monetary", "lc_numeric", "lc_time", "lock_timeout", "row_security", "search_path",
    "statement_timeout", "timezone", "work_mem",
))
_CUSTOM_SETTING = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+")
# transaction statements that keep the test inside its transaction (the others would end it, and the rollback)
_SAVEPOINTS = frozenset(("TRANS_STMT_SAVEPOINT", "TRANS_STMT_RELEASE", "TRANS_STMT_ROLLBACK_TO"))


@dataclass(frozen=True)
class SpecTest:
    """One behavioural test, as `schemac test` runs it."""

    domain: str
    name: str
    spec: TestSpec
    schema: str  # the domain's default schema: first on the test's search_path
    file: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.domain}.{self.name}"

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


def collect_tests(domains: list[LoadedDomain], collector: ErrorCollector) -> tuple[SpecTest, ...]:
    """Every test of `domains`, in domain then file order; mistakes go to `collector`."""
    tests: list[SpecTest] = []
    for domain in domains:
        roles = sorted({role for d in domains for part in d.parts for role in part.spec.roles})  # roles are the server's
        schema = next((p.spec.schema_ for p in domain.parts if p.spec.schema_), DEFAULT_SCHEMA)
        seen: dict[str, SourceDocument] = {}
        for part in domain.parts:
            document = part.document
            for name, spec in part.spec.tests.items():
                path = ("tests", name)
                line = document.locate(path, at_key=True)[0]
                if name in seen:
                    first = seen[name]
                    where = f"{first.file}:{first.locate(path, at_key=True)[0]}"
                    collector.add(document.error(path, f"test `{name}` is defined twice in domain `{domain.name}`",
                                                 f"the other definition is at {where}", at_key=True))
                    continue
                seen[name] = document
                if _check(document, path, spec, roles, collector):
                    tests.append(SpecTest(domain.name, name, spec, schema, document.file, line))
    return tuple(tests)


def _check(document: SourceDocument, path: tuple, spec: TestSpec, roles: list[str], collector: ErrorCollector) -> bool:
    errors_before = len(collector.errors)
    if spec.as_role and spec.as_role not in roles:
        collector.add(document.error(path + ("as_role",), f"role `{spec.as_role}` is not declared",
                                     suggest(spec.as_role, roles) or
                                     "declare it under `roles:` of a domain "
                                     "(`managed: false` for a role that exists already)"))
    for key in spec.settings:
        if not (_CUSTOM_SETTING.fullmatch(key) or key.lower() in KNOWN_PARAMETERS):
            if key.lower() in ("role", "session_authorization"):
                hint = "use `as_role:` to run the query as another role"
            else:
                hint = "custom settings have a prefix, e.g. `app.user_id`; " + (
                    suggest(key.lower(), KNOWN_PARAMETERS) or "known parameters: " + ", ".join(sorted(KNOWN_PARAMETERS)))
            collector.add(document.error(path + ("settings", key), f"`{key}` is not a setting a test can set",
                                         hint, at_key=True))
    for i, statement in enumerate(spec.setup):
        _check_sql(document, path + ("setup", i), statement, "the setup statement", collector)
    _check_sql(document, path + ("query",), spec.query, "the query", collector, single=True)
    for i, row in enumerate(spec.expect or []):
        for j, value in enumerate(row):
            if value is not None and not isinstance(value, str):
                collector.add(document.error(path + ("expect", i, j), "an expected value is a scalar (or null)",
                                             "write each row as a list of values, e.g. `[[1, open, null]]`"))
    return len(collector.errors) == errors_before


def _check_sql(document: SourceDocument, path: tuple, sql: str, what: str, collector: ErrorCollector,
               single: bool = False) -> None:
    error, statements = parse_statements(sql)
    if error:
        collector.add(document.error_in_value(path, error[1], f"{what} is not valid SQL: {error[0]}",
                                              "write it exactly as psql would run it"))
        return
    if not statements:
        collector.add(document.error(path, f"{what} holds no statement", "write the SQL to run"))
        return
    if single and len(statements) > 1:
        collector.add(document.error(path, f"{what} holds {len(statements)} statements; a test runs one query",
                                     "move the statements that prepare data into `setup:`"))
    for statement in statements:
        node = statement["stmt"].get("TransactionStmt")
        if node is not None and node.get("kind") not in _SAVEPOINTS:
            collector.add(document.error(path, f"{what} controls the transaction",
                                         "each test runs in its own transaction that is rolled back; "
                                         "remove BEGIN, COMMIT and ROLLBACK (savepoints are fine)"))
            break
