"""Mutants of the example specs: refused with a located error, or correct on PostgreSQL.

Each mutant is one example spec file with one random edit, the kind an
architect makes by mistake or on purpose: a key dropped, two values swapped,
a name changed (to another plain name, a reserved word, mixed case, a name
with a quote), a name changed consistently everywhere it is spelt, a value
replaced by another value of the same document, an
entry duplicated under a new name. Every mutant must either

- be refused, every error located (file, line from 1, column from 1) and
  none of them an internal error, or
- compile, and then on a real PostgreSQL: up.sql applies, verify.sql
  reports nothing, down.sql applies and the database is as before.

What validates must apply. The mutants are drawn from a fixed seed, so a
failure names a mutant that reproduces: `SCHEMAC_MUTANT_SEED` and
`SCHEMAC_MUTANTS` (how many) choose others for a longer hunt.
"""

from __future__ import annotations

import copy
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from compiler import api
from compiler.apply import connect, run_script
from compiler.database.scratch import scratch_database
from compiler.errors import SpecErrors
from tests.conftest import ROOT
from tests.helpers import inventory, stand_ins, verify

SEED = int(os.environ.get("SCHEMAC_MUTANT_SEED", "20261207"))
COUNT = int(os.environ.get("SCHEMAC_MUTANTS", "300"))
SPECS = ROOT / "specs"

# The units compiled on their own: a domain with what it depends on.
UNITS = (
    ("revenue_verification.yaml",),
    ("verso_deals.yaml",),
    ("realco_core.yaml", "realco_finance.yaml"),
    tuple(sorted(str(p.relative_to(SPECS)) for p in (SPECS / "payments_engine").glob("*.yaml"))),
)
NEW_NAMES = ("renamed", "select", "MixedCase", 'say "hi"', "Übergröße", "user", "x" * 63)


@dataclass(frozen=True)
class Mutant:
    number: int
    unit: tuple[str, ...]
    file: str
    edit: str
    documents: dict[str, str]  # file -> YAML text


def _containers(node, path=()):
    """Every mapping and list of a document with its key path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _containers(value, path + (key,))
    elif isinstance(node, list):
        yield path, node
        for index, value in enumerate(node):
            yield from _containers(value, path + (index,))


def _scalars(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scalars(value)
    else:
        yield node


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "(document)"


def _drop(rng: random.Random, data) -> str | None:
    candidates = [(p, c) for p, c in _containers(data) if c and p]
    if not candidates:
        return None
    path, container = rng.choice(candidates)
    key = rng.choice(list(container) if isinstance(container, dict) else range(len(container)))
    del container[key]
    return f"dropped {_where(path + (key,))}"


def _swap(rng: random.Random, data) -> str | None:
    candidates = [(p, c) for p, c in _containers(data) if len(c) >= 2]
    if not candidates:
        return None
    path, container = rng.choice(candidates)
    keys = list(container) if isinstance(container, dict) else list(range(len(container)))
    a, b = rng.sample(keys, 2)
    container[a], container[b] = container[b], container[a]
    return f"swapped {_where(path + (a,))} and {_where(path + (b,))}"


def _rename(rng: random.Random, data) -> str | None:
    candidates = [(p, c) for p, c in _containers(data) if isinstance(c, dict) and c and len(p) >= 1]
    if not candidates:
        return None
    path, container = rng.choice(candidates)
    old = rng.choice(list(container))
    new = rng.choice(NEW_NAMES)
    if new in container:
        return None
    items = list(container.items())
    container.clear()
    container.update((new if k == old else k, v) for k, v in items)
    return f"renamed {_where(path + (old,))} to {new!r}"


def _replace(rng: random.Random, data) -> str | None:
    values = [v for v in _scalars(data) if isinstance(v, (str, int, float, bool))]
    candidates = [(p, c) for p, c in _containers(data) if c and any(not isinstance(v, (dict, list))
                                                                     for v in (c.values() if isinstance(c, dict) else c))]
    if not candidates or not values:
        return None
    path, container = rng.choice(candidates)
    keys = [k for k, v in (container.items() if isinstance(container, dict) else enumerate(container))
            if not isinstance(v, (dict, list))]
    key = rng.choice(keys)
    new = rng.choice(values)
    if new == container[key]:
        return None
    container[key] = new
    return f"set {_where(path + (key,))} to {new!r}"


def _duplicate(rng: random.Random, data) -> str | None:
    candidates = [(p, c) for p, c in _containers(data) if isinstance(c, dict) and c and len(p) == 1]
    if not candidates:
        return None
    path, container = rng.choice(candidates)
    old = rng.choice(list(container))
    new = f"{old}_copy"
    if new in container:
        return None
    container[new] = copy.deepcopy(container[old])
    return f"copied {_where(path + (old,))} to {new!r}"


_NAMED_SECTIONS = ("tables", "columns", "enums", "functions", "views", "roles", "policies", "triggers", "checks",
                   "mixins")


def _rename_everywhere(rng: random.Random, data) -> str | None:
    """A name changed consistently: the key of a table, column, enum,
    function, view, role, ... and every word of the document that spells it."""
    candidates = [(p, c) for p, c in _containers(data) if isinstance(c, dict) and c and p
                  and p[-1] in _NAMED_SECTIONS]
    if not candidates:
        return None
    path, container = rng.choice(candidates)
    old = rng.choice(list(container))
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(old)):
        return None
    new = f"{old}_{rng.choice(['v2', 'x', 'renamed'])}"
    word = re.compile(rf"(?<![A-Za-z0-9_$]){re.escape(old)}(?![A-Za-z0-9_$])")

    def renamed(node):
        if isinstance(node, dict):
            return {word.sub(new, k) if isinstance(k, str) else k: renamed(v) for k, v in node.items()}
        if isinstance(node, list):
            return [renamed(v) for v in node]
        return word.sub(new, node) if isinstance(node, str) else node

    data.update(renamed(dict(data)))
    return f"renamed {_where(path + (old,))} to {new!r} everywhere"


EDITS = (_drop, _drop, _swap, _rename, _rename_everywhere, _rename_everywhere, _replace, _replace, _duplicate)


def mutant(number: int) -> Mutant:
    rng = random.Random(f"{SEED}-{number}")
    unit = rng.choice(UNITS)
    file = rng.choice(unit)
    while True:
        data = yaml.safe_load((SPECS / file).read_text(encoding="utf-8"))
        edit = rng.choice(EDITS)(rng, data)
        if edit is not None:
            break
    documents = {name: (SPECS / name).read_text(encoding="utf-8") for name in unit}
    documents[file] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return Mutant(number, unit, file, edit, documents)


def _write(tmp_path: Path, m: Mutant) -> list[Path]:
    paths = []
    for name, text in m.documents.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("number", range(COUNT))
def test_mutant_is_refused_with_located_errors_or_applies(server_url, tmp_path, number):
    m = mutant(number)
    label = f"mutant {number} (seed {SEED}) of {m.file}: {m.edit}"
    try:
        compiled = api.load(tmp_path, _write(tmp_path, m))
    except SpecErrors as exc:
        assert exc.errors, label
        unlocated = [e for e in exc.errors if not (e.file and e.line >= 1 and e.column >= 1)]
        assert not unlocated, f"{label}: errors without a location: {unlocated}"
        internal = [e for e in exc.errors if "internal" in e.message.lower()]
        assert not internal, f"{label}: {internal}"
        return
    files = api.migration("0001_mutant", compiled)
    with scratch_database(server_url, prefix="schemac_mutant") as url, connect(url) as conn:
        stand_ins(conn, compiled)
        before = inventory(conn)
        run_script(conn, files.up, f"{label}: up.sql")
        assert verify(conn, files) == [], f"{label}: verify.sql after up.sql"
        run_script(conn, files.down, f"{label}: down.sql")
        assert inventory(conn) == before, f"{label}: down.sql did not leave the database as before"
