"""`schemac import` is the inverse of resolving: every catalog the
repository's specs resolve to (specs/, the examples, every convergence
scenario's `after`), written as specs and resolved again, is the same
catalog, object by object. No database needed.

Kinds whose writers schemac does not have yet are reported by the import
(never dropped silently) and left out of the comparison, with what stands
on them; anything else reported is a failure, since every catalog of specs
can be written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler import api
from compiler.catalog.programmable import Role
from tests.conftest import ROOT
from tests.import_helpers import catalog_differences, settings_of, write_project

NOT_YET = "schemac import cannot write this kind yet"


def _projects() -> list[tuple[str, Path, list[Path] | None]]:
    found = [("examples/pagila", ROOT / "examples" / "pagila", None),
             ("tests/live_project", ROOT / "tests" / "live_project", None),
             ("tests/import_programmable", ROOT / "tests" / "import_programmable", None),
             ("specs/payments_engine", ROOT, [ROOT / "specs" / "payments_engine"])]
    found += [(f"tests/specs/{p.name}", p, None) for p in sorted((ROOT / "tests" / "specs").iterdir())
              if (p / "schemac.yaml").is_file()]
    found += [(f"specs/{name}", ROOT, [ROOT / "specs" / name])
              for name in ("realco_core.yaml", "revenue_verification.yaml", "verso_deals.yaml")]
    found += [(f"examples/realco/{p.name}", p, sorted(p.glob("*.yaml")))
              for p in sorted((ROOT / "examples" / "realco").iterdir()) if p.is_dir()]
    found += [(f"convergence/{p.name}", p, [p / "after.yaml"])
              for p in sorted((ROOT / "tests" / "convergence").iterdir()) if (p / "after.yaml").is_file()]
    return found


PROJECTS = _projects()


def _needed(reason: str) -> str | None:
    """The key an object was not written for, when that is why."""
    found = re.match(r"^it needs (.+), which is not written$", reason)
    return found.group(1) if found else None


def roundtrip_problems(compiled: api.Compiled, folder: Path, group: str = "schema") -> list[str]:
    """What differs between the catalog and the catalog of its import, and
    what the import reported that it could have written."""
    result = write_project(compiled.catalog, folder, settings=settings_of(compiled), group=group)
    skipped = {f"{u.kind}:{u.name}" for u in result.unsupported}
    problems = [f"not written: {u.line()}" for u in result.unsupported
                if u.reason != NOT_YET and _needed(u.reason) not in skipped]
    again = api.load(folder)
    # roles are written as roles that exist already (`managed: false`, compiler/importer/security.py)
    roles = {r.name for r in compiled.catalog.of_kind(Role)} | set(compiled.catalog.external_roles)
    problems += [f"role {name} not declared" for name in sorted(roles - set(again.catalog.external_roles))]
    return problems + catalog_differences(compiled.catalog, again.catalog,
                                          skip=lambda key: key in skipped or key.startswith("role:"),
                                          names=("external_types", "external_tables"))


@pytest.mark.parametrize("name, root, paths", PROJECTS, ids=[p[0] for p in PROJECTS])
def test_written_specs_resolve_to_the_same_catalog(name, root, paths, tmp_path):
    problems = roundtrip_problems(api.load(root, paths), tmp_path)
    assert not problems, f"{name}: the import differs from the catalog:\n" + "\n".join(problems)


def test_two_imports_are_byte_identical(tmp_path):
    from compiler.importer import import_catalog
    compiled = api.load(ROOT / "examples" / "pagila")
    catalog = compiled.catalog
    first, second = import_catalog(catalog), import_catalog(catalog)
    assert first.files == second.files and first.unsupported == second.unsupported
    # and the import of the import is the import: the written form is a fixed point
    write_project(catalog, tmp_path, settings=settings_of(compiled))
    assert import_catalog(api.load(tmp_path).catalog).files["specs/public.yaml"] == first.files["specs/public.yaml"]


WHOLE_PROJECTS = [p for p in PROJECTS if not p[0].startswith("convergence/")]


@pytest.mark.parametrize("name, root, paths", WHOLE_PROJECTS, ids=[p[0] for p in WHOLE_PROJECTS])
def test_specs_grouped_by_table_prefix_resolve_to_the_same_catalog(name, root, paths, tmp_path):
    problems = roundtrip_problems(api.load(root, paths), tmp_path, group="prefix")
    assert not problems, f"{name}: the import differs from the catalog:\n" + "\n".join(problems)


def test_tables_sharing_a_prefix_get_a_domain_of_their_own():
    from compiler.importer import import_catalog
    files = import_catalog(api.load(ROOT / "examples" / "pagila").catalog, group="prefix").files
    assert {"specs/public.yaml", "specs/film.yaml"} <= set(files)
    film = files["specs/film.yaml"]
    assert "domain: film\nschema: public\ndepends_on: [public]\n" in film
    assert "\n  film_actor:\n" in film and "\n  film_category:\n" in film and "\n  actor:\n" not in film


def test_a_qualified_type_of_an_extension_keeps_its_modifiers_in_the_migration():
    """What an import writes for pgvector's `vector(20)` read from a database
    (`public.vector(20)`, declared under `external: types:`) is created with its dimensions."""
    from compiler.catalog.objects import TypeRef
    from compiler.render.sql import sql_type
    assert sql_type(TypeRef("vector", "public", (20,), 0, "external")) == "public.vector(20)"
    assert sql_type(TypeRef("vector", None, (20,), 1, "external")) == "vector(20)[]"
