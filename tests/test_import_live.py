"""`schemac import` on a real PostgreSQL, the acceptance of the import:
a database built by an example project's up.sql (applied with psql, as a
DBA would) is imported (`schemac import --database-url`), the imported
project generates its baseline (`schemac generate`), which applied to an
empty database gives the same catalog as the first, object by object, and
the same `pg_dump --schema-only` (normalised by tests/pg_dump_compare.py).

Objects the import reports it cannot write (kinds whose writers schemac
does not have yet, listed in import-report.txt) are left out of the
catalog comparison; the pg_dump comparison needs none left out, and every
kind read (compiler/introspect/unread.py), so it is made when both hold."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from compiler import api, cli
from compiler.apply import connect
from compiler.apply.psql import run_psql
from compiler.catalog.programmable import Role
from compiler.database.scratch import scratch_database
from compiler.introspect import inspect_url
from compiler.introspect.normal_form import granted_schemas, managed_schemas
from compiler.introspect.unread import not_read
from compiler.render import harness
from tests.conftest import ROOT
from tests.helpers import stand_in_script
from tests.import_helpers import catalog_differences
from tests.pg_dump_compare import differences, schema_statements

EXAMPLES = [
    ("tests/live_project", ROOT / "tests" / "live_project", None),
    ("specs/payments_engine", ROOT, [ROOT / "specs" / "payments_engine"]),
    ("specs/verso_deals", ROOT, [ROOT / "specs" / "verso_deals.yaml"]),
    ("specs/revenue_verification", ROOT, [ROOT / "specs" / "revenue_verification.yaml"]),
    ("examples/realco", ROOT / "examples" / "realco" / "3_money",
     sorted((ROOT / "examples" / "realco" / "3_money").glob("*.yaml"))),
    ("tests/specs/features", ROOT / "tests" / "specs" / "features", None),
    ("tests/specs/programmable", ROOT / "tests" / "specs" / "programmable", None),
]


def _server_version(url: str) -> int:
    with connect(url) as conn:
        return conn.info.server_version


def _psql(url: str, script: str) -> None:
    if script:
        run = run_psql(url, script)
        assert run.ok, run.stderr


def import_project(source: str, out: Path, schemas: list[str], group: str = "schema") -> str:
    """`schemac import` of `source` into `out`; the report's text ('' when all was written)."""
    argv = ["import", "--database-url", source, "--out", str(out), "--skip-unsupported", "--group", group]
    for schema in schemas:
        argv += ["--schema", schema]
    assert cli.main(argv) == 0
    report = out / "import-report.txt"
    return report.read_text(encoding="utf-8") if report.exists() else ""


def reported_keys(report: str) -> set[str]:
    """The keys of the objects an import report lists (`kind name: why`)."""
    keys = set()
    for line in report.splitlines():
        if line and not line.startswith("#"):
            kind, _, rest = line.partition(" ")
            keys.add(f"{kind}:{rest.split(': ', 1)[0]}")
    return keys


def baseline(project: Path) -> str:
    """`schemac generate` in the imported project: the up.sql of its first migration."""
    assert cli.main(["-C", str(project), "generate", "--name", "baseline"]) == 0
    (folder,) = (project / "generated" / "migrations").iterdir()
    return (folder / "up.sql").read_text(encoding="utf-8")


def outside_stand_ins(compiled: api.Compiled) -> str:
    """The stand-ins of the external objects outside the managed schemas:
    those inside are read, imported and made by the imported project."""
    schemas = managed_schemas(compiled.catalog)
    catalog = dataclasses.replace(
        compiled.catalog, external_tables=tuple(t for t in compiled.catalog.external_tables if t.schema not in schemas),
        external_functions=tuple(f for f in compiled.catalog.external_functions if f.schema not in schemas))
    return harness.external_stand_ins(catalog)


def _bodies_unrecorded(catalog):
    """PostgreSQL records no dependencies of a function body (but a
    SQL-standard one's), which the specs read from its parse tree: left out."""
    from compiler.catalog.programmable import Function
    return dataclasses.replace(catalog, objects=tuple(dataclasses.replace(o, depends_on=())
                                                      if isinstance(o, Function) else o for o in catalog.objects))


def _calls_as_recorded(resolved, recorded):
    """`resolved` (the specs' catalog) with the dependencies of each object
    on functions as `recorded` (the database's) has them where they differ
    only by overloads: the specs resolve a call by the function's name, so
    depend on each overload of it; PostgreSQL records the one it chose."""
    def overloads(key: str) -> str:
        return key.partition("(")[0] if key.startswith("function:") else key

    found = recorded.by_key()

    def as_recorded(obj):
        other = found.get(getattr(obj, "key", None))
        deps = getattr(obj, "depends_on", ())
        if other is None or not deps or set(deps) == set(other.depends_on):
            return obj
        same = set(other.depends_on) <= set(deps) and {overloads(k) for k in deps} == {
            overloads(k) for k in other.depends_on}
        return dataclasses.replace(obj, depends_on=other.depends_on) if same else obj
    return dataclasses.replace(resolved, objects=tuple(as_recorded(o) for o in resolved.objects))


def round_trip(server_url: str, compiled: api.Compiled, up: str, tmp_path: Path, before: str = "",
               group: str = "schema") -> None:
    """`up` (after `before`: stand-ins) applied, imported, generated and
    applied again (after the stand-ins the import does not make): the same catalog."""
    # the schemas of the objects, and those the specs grant privileges on (`public`): a team imports both
    schemas = sorted(set(managed_schemas(compiled.catalog)) | set(granted_schemas(compiled.catalog)))
    project = tmp_path / "imported"
    with scratch_database(server_url, prefix="import_source") as source:
        _psql(source, before)
        _psql(source, up)
        report = import_project(source, project, schemas, group)
        first = inspect_url(source, schemas, require=False, every_role=True)  # as the import reads
        skipped = reported_keys(report)
        resolved = api.load(project).catalog  # the specs say what the database holds, in its own words
        # roles are declared as existing already (`managed: false`): the server has them
        found = catalog_differences(_bodies_unrecorded(first),
                                    _bodies_unrecorded(_calls_as_recorded(resolved, first)), skip=lambda key: key in skipped or key.startswith("role:"), names=())
        found += [f"role {r.name} not declared" for r in first.of_kind(Role) if r.name not in resolved.external_roles]
        assert not found, "the imported specs resolve to another catalog:\n" + "\n".join(found)
        with scratch_database(server_url, prefix="import_target") as target:
            _psql(target, outside_stand_ins(compiled) if before else "")
            _psql(target, baseline(project))
            second = inspect_url(target, schemas, require=False, every_role=True)
            found = catalog_differences(first, second, skip=lambda key: key in skipped, names=())
            assert not found, "the imported project builds another catalog:\n" + "\n".join(found)
            assert skipped or first.objects, "nothing was imported"
            if not skipped:  # the adoption path: the database imported is the baseline's state already
                assert cli.main(["-C", str(project), "drift", "--database-url", source]) == 0
            if not skipped and not not_read(compiled.catalog):
                only_source, only_target = differences(schema_statements(source), schema_statements(target))
                assert only_source == [] and only_target == [], (
                    "statements of one dump only:\n--- source\n" + "\n\n".join(only_source)
                    + "\n--- imported\n" + "\n\n".join(only_target))


@pytest.mark.parametrize("name, root, paths, group", [(*e, "schema") for e in EXAMPLES] + [
    ("specs/payments_engine by prefix", ROOT, [ROOT / "specs" / "payments_engine"], "prefix")],
    ids=[e[0] for e in EXAMPLES] + ["specs/payments_engine by prefix"])
def test_an_example_database_round_trips_through_import(server_url, name, root, paths, group, tmp_path):
    compiled = api.load(root, paths)
    needs = compiled.project.settings.postgres.min_version
    if _server_version(server_url) // 10000 < needs:
        pytest.skip(f"{name} needs PostgreSQL {needs}")
    files = api.migration("0001_example", compiled)
    round_trip(server_url, compiled, files.up, tmp_path, before=stand_in_script(compiled), group=group)


# every convergence scenario's `after` state (a sample in the normal suite): tests/test_import_convergence.py


PAGILA = next((folder / "shared" / "corpora" / "pagila" / "pagila-schema.sql" for folder in ROOT.parents
               if (folder / "shared" / "corpora" / "pagila").is_dir()),
              ROOT.parent / "shared" / "corpora" / "pagila" / "pagila-schema.sql")


def test_the_pagila_dump_round_trips_through_import(server_url, tmp_path):
    """pagila's own pg_dump (a public sample, MIT licence) loaded with psql,
    then imported, generated and applied again."""
    if not PAGILA.is_file():
        pytest.skip(f"the pagila corpus is not at {PAGILA}")
    from tests.test_pagila import _server_can_hold_pagila
    reason = _server_can_hold_pagila(server_url)
    if reason:
        pytest.skip(reason)
    compiled = api.load(ROOT / "examples" / "pagila")  # the schemas pagila uses, and what is not read yet
    unread = not_read(compiled.catalog)
    if unread:
        pytest.skip("schemac does not read these from a database yet, so pagila cannot be imported whole: "
                    + "; ".join(unread))
    round_trip(server_url, compiled, PAGILA.read_text(encoding="utf-8"), tmp_path)
