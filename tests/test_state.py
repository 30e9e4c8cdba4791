"""generated/state.json round-trips: reading it back gives the same catalog."""

from __future__ import annotations

import pytest

from compiler import api
from compiler.catalog.state import catalog_hash, from_json, to_json
from tests.conftest import ROOT

PROJECTS = [ROOT, ROOT / "tests" / "specs" / "features"]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_state_round_trips(project):
    catalog = api.load(project).catalog
    text = to_json(catalog)
    again = from_json(text)
    assert again == catalog
    assert to_json(again) == text
    assert catalog_hash(again) == catalog_hash(catalog)
    kinds = {type(o).__name__ for o in again}
    if project != ROOT:
        assert {"Schema", "Extension", "Enum", "Table", "Constraint", "Index"} <= kinds


def test_empty_catalog_round_trips():
    assert from_json(to_json(api.EMPTY)) == api.EMPTY
