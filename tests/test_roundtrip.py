"""Every spec of the project (specs/) and of the tests (tests/specs/) survives
the full cycle on a real PostgreSQL: up, verify clean, down, nothing left,
up again, verify clean again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compiler import selftest
from compiler.apply import run_script
from compiler.catalog.objects import Enum, Extension, Schema, Table
from compiler.catalog.programmable import Function, Role, View
from compiler.render.fragments import function_identity
from compiler.render.sql import ident, qualified
from tests.conftest import ROOT
from tests.helpers import compile_spec, inventory, stand_ins, verify

TEST_SPECS = ROOT / "tests" / "specs"


def _cases() -> list:
    """(project root, spec paths or None for the whole project) per spec."""
    specs = {p.stem: p for p in sorted((ROOT / "specs").iterdir()) if p.suffix in (".yaml", ".yml") or p.is_dir()}
    cases = [pytest.param(ROOT, _with_dependencies(p, specs), id=f"specs/{p.name}") for p in specs.values()]
    for entry in sorted(TEST_SPECS.iterdir()):
        if entry.is_dir() and (entry / "schemac.yaml").exists():
            cases.append(pytest.param(entry, None, id=f"tests/specs/{entry.name}"))
        elif entry.suffix in (".yaml", ".yml") or entry.is_dir():
            cases.append(pytest.param(ROOT, [entry], id=f"tests/specs/{entry.name}"))
    return cases


def _with_dependencies(path, specs: dict) -> list:
    """A spec file with the project's domains it `depends_on` (named after their files)."""
    paths = [path]
    if path.is_file():
        for name in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("depends_on", []):
            paths = _with_dependencies(specs[name], specs) + paths
    return list(dict.fromkeys(paths))


CASES = _cases()


def test_there_are_specs_to_test():
    ids = {c.id for c in CASES}
    assert "specs/revenue_verification.yaml" in ids
    assert "tests/specs/features" in ids


@pytest.mark.parametrize(("root", "paths"), CASES)
def test_selftest_cycle_is_ok(server_url, root: Path, paths):
    compiled, files = compile_spec(root, paths)
    report = selftest.run(files, compiled, server_url)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    assert [s.name for s in report.steps][-2:] == ["verify.sql reports no discrepancy again",
                                                  "apply down.sql again (the server is left as found)"]


def _expected_missing(catalog) -> set[tuple[str, str, str]]:
    labels = {f"table {qualified(t.schema, t.name)}" for t in catalog.of_kind(Table)}
    labels |= {f"enum {qualified(e.schema, e.name)}" for e in catalog.of_kind(Enum)}
    labels |= {f"schema {ident(s.name)}" for s in catalog.of_kind(Schema)}
    labels |= {f"extension {ident(x.name)}" for x in catalog.of_kind(Extension)}
    labels |= {f"{'function' if f.returns is not None else 'procedure'} {function_identity(f)}"
               for f in catalog.of_kind(Function)}
    labels |= {f"{'materialized view' if v.materialized else 'view'} {qualified(v.schema, v.name)}"
               for v in catalog.of_kind(View)}
    labels |= {f"role {ident(r.name)}" for r in catalog.of_kind(Role)}
    return {(label, "present", "missing") for label in labels}


@pytest.mark.parametrize(("root", "paths"), CASES)
def test_verify_after_up_and_after_down(conn, root: Path, paths):
    compiled, files = compile_spec(root, paths)
    stand_ins(conn, compiled)
    before = inventory(conn)

    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    assert set(inventory(conn)) > set(before)

    run_script(conn, files.down, "down.sql")
    missing = verify(conn, files)
    assert set(missing) == _expected_missing(compiled.catalog)
    assert len(missing) == len(set(missing))
    assert inventory(conn) == before

    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
