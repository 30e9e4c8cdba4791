"""`schemac import` of every convergence scenario's `after` state, live:
the state's migration applied to a database, imported, the imported
project's baseline applied to a fresh database, the same catalog (the round
trip of tests/test_import_live.py). Every `after` state round-trips without
a database in tests/test_import_roundtrip.py.

The normal suite runs a sample: the scenarios in the order of a stable hash
of their names, each taken when its state holds a kind of object (see
`object_kinds`) that the ones taken before lack, so that every kind the
scenarios hold is imported live at least once. SCHEMAC_ALL_CONVERGENCE_IMPORTS=1
runs every scenario. A scenario whose state does not round-trip for a known
reason is listed in KNOWN_LIMITATIONS, with the reason, and expected to fail."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import pytest

from compiler import api
from compiler.catalog.objects import Catalog
from tests.helpers import stand_in_script
from tests.test_convergence import FOLDERS, load_scenario
from tests.test_import_live import _server_version, round_trip

ALL = os.environ.get("SCHEMAC_ALL_CONVERGENCE_IMPORTS", "") not in ("", "0")

# scenario -> why its `after` state does not round-trip through a live import (the test expects the failure)
KNOWN_LIMITATIONS: dict[str, str] = {}

# the field that tells kinds of one key prefix apart, and flags that make a kind of their own
_SUBKINDS = {"constraint": "kind", "grant": "object_kind", "owner": "object_kind", "default_privileges": "on"}
_FLAGS = {"table": ("unlogged", "partition_by", "partition_of"), "view": ("materialized",),
          "trigger": ("constraint",), "index": ("unique",)}
_EXTERNAL = ("external_tables", "external_types", "external_functions", "external_roles")


def object_kinds(catalog: Catalog) -> set[str]:
    """The kinds of object a catalog holds: each key prefix (`table`,
    `policy`, ...), a constraint's, grant's, owner's and default privilege's
    own kind, partitioned, partition, UNLOGGED tables, materialized views,
    constraint triggers, unique indexes, procedures, columns by the kind of
    their type and with an identity, generation or default, and each kind
    of `external:` declaration. Reference rows are data: not read."""
    found = set()
    for obj in catalog:
        prefix = obj.key.partition(":")[0]
        if prefix == "row":
            continue
        found.add(prefix)
        if prefix in _SUBKINDS:
            found.add(f"{prefix} {getattr(obj, _SUBKINDS[prefix])}")
        found |= {f"{prefix} {flag}" for flag in _FLAGS.get(prefix, ()) if getattr(obj, flag)}
        if prefix == "function" and obj.returns is None:
            found.add("procedure")
        for column in obj.columns if prefix == "table" else ():
            found.add(f"column of {column.type.kind} type")
            found |= {f"column {part}" for part in ("identity", "generated", "default")
                      if getattr(column, part) is not None}
    return found | {name.replace("_", " ") for name in _EXTERNAL if getattr(catalog, name)}


@cache
def _after(folder: Path) -> api.Compiled:
    return api.load(folder, [folder / "after.yaml"])


def _stable(folder: Path) -> str:
    return hashlib.sha256(folder.name.encode("utf-8")).hexdigest()


# states that show what the examples do not, always in the sample: an extension in its own schema, a
# partitioned table, an exclusion constraint, sequences beside serial columns
ALWAYS = ("050_extension-in-its-own-schema", "620_partitioned-table-created-with-its-partitions",
          "631_exclusion-constraint-added-to-a-table-with-rows", "640_sequence-and-serial-columns-added")


def sample() -> list[Path]:
    """ALWAYS, then the scenarios in the order of their names' hashes, each
    kept when it adds a kind of object the ones kept before lack."""
    kept = [f for f in FOLDERS if f.name in ALWAYS]
    covered = set().union(*(object_kinds(_after(f).catalog) for f in kept))
    for folder in sorted(FOLDERS, key=_stable):
        kinds = object_kinds(_after(folder).catalog)
        if kinds - covered:
            kept.append(folder)
            covered |= kinds
    return sorted(kept)


SAMPLE = sample()
CASES = FOLDERS if ALL else SAMPLE


def test_the_sample_holds_every_kind_of_object_the_scenarios_hold():
    every = set().union(*(object_kinds(_after(f).catalog) for f in FOLDERS))
    sampled = set().union(*(object_kinds(_after(f).catalog) for f in SAMPLE))
    assert sampled == every, f"kinds no sampled scenario holds: {sorted(every - sampled)}"
    assert {"table", "constraint foreign_key", "grant table", "policy", "view materialized"} <= every
    # the suite runs on 2 cores: a sample grown past this wants a finer choice, not more databases
    assert len(SAMPLE) <= 30, f"{len(SAMPLE)} scenarios sampled"
    names = {f.name for f in FOLDERS}
    assert set(KNOWN_LIMITATIONS) <= names and set(ALWAYS) <= names, "a scenario named here is not in tests/convergence"


def _case(folder: Path):
    reason = KNOWN_LIMITATIONS.get(folder.name)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(folder, id=folder.name, marks=marks)


@pytest.mark.parametrize("folder", [_case(f) for f in CASES])
def test_a_convergence_state_round_trips_through_a_live_import(server_url, folder, tmp_path):
    compiled = _after(folder)
    version = _server_version(server_url) // 10000
    needs = max(compiled.project.settings.postgres.min_version, load_scenario(folder).min_server_version or 0)
    if version < needs:
        pytest.skip(f"{folder.name} needs PostgreSQL {needs}")
    files = api.migration("0001_after", compiled)
    round_trip(server_url, compiled, files.up, tmp_path, before=stand_in_script(compiled))

