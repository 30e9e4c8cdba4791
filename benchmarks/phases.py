"""Wall-time breakdown of one compile by phase, without a profiler's overhead.

Wraps (monkeypatches, in this process only) the functions that make up
`api.load` + `generated.write_migration` with timers and prints the time spent
in each. Nested phases ("  of which ...") are included in their parent.

    .venv/bin/python benchmarks/phases.py --tables 1000
"""

from __future__ import annotations

import argparse
import functools
import gc
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compile as bench  # noqa: E402  (benchmarks/compile.py)

from compiler import api, generated  # noqa: E402
from compiler.catalog import columns, foreign_keys, tables  # noqa: E402
from compiler.catalog import resolve as resolve_mod
from compiler.spec import load, source  # noqa: E402

TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_active: set[str] = set()


def timed(label, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if label in _active:  # recursion: count the outermost call only
            return fn(*args, **kwargs)
        _active.add(label)
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TOTALS[label] += time.perf_counter() - start
            CALLS[label] += 1
            _active.discard(label)
    return wrapper


def _listed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return list(fn(*args, **kwargs))  # a generator: time its consumption
    return wrapper


class _Validator:
    def __init__(self, cls):
        self.model_validate = timed("load: pydantic DomainSpec.model_validate", cls.model_validate)


PHASES = [
    # (label, owner, attribute)
    ("load: api.load total", api, "load"),
    ("load: read_document (compose + _to_data)", load, "read_document"),
    ("load:   of which yaml.compose_all", source.yaml, "compose_all"),
    ("load:   of which _to_data", source, "_to_data"),
    ("load: pydantic DomainSpec.model_validate", None, None),
    ("load: resolve total", api, "resolve"),
    ("load:   of which TableResolver.resolve", tables.TableResolver, "resolve"),
    ("load:   of which ForeignKeyResolver.resolve", foreign_keys.ForeignKeyResolver, "resolve"),
    ("load:   of which check_names", resolve_mod, "check_names"),
    ("load:   of which SourceDocument.locate (all callers)", source.SourceDocument, "locate"),
    ("load:   of which ColumnResolver.check_expression (pglast + sqlglot)", columns.ColumnResolver, "check_expression"),
    ("load:   of which ColumnResolver.resolve_default", columns.ColumnResolver, "resolve_default"),
    ("load:   of which ColumnResolver.resolve_type", columns.ColumnResolver, "resolve_type"),
    ("generate: write_migration total", generated, "write_migration"),
    ("generate: api.plan total", api, "plan"),
    ("generate:   of which diff", api, "diff"),
    ("generate:   of which order", api, "order"),
    ("generate:   of which catalog_hash (x2)", api, "catalog_hash"),
    ("generate: render_up", api, "render_up"),
    ("generate: render_down", api, "render_down"),
    ("generate: render_verify", api, "render_verify"),
    ("generate: plan_json", generated, "plan_json"),
    ("generate: to_json (state.json)", generated, "to_json"),
    ("generate: write_file (5 files)", generated, "write_file"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source.yaml.compose_all = _listed(source.yaml.compose_all)
    for label, owner, attr in PHASES:
        if owner is not None:
            setattr(owner, attr, timed(label, getattr(owner, attr)))
    load.DomainSpec = _Validator(load.DomainSpec)
    tmp = Path(tempfile.mkdtemp(prefix="schemac-phases-"))
    try:
        root = tmp / "project"
        bench.synthesise(root, args.tables, args.per_file)
        bench.run_compile(root, tmp / "generated")  # warm-up
        best = None
        for _ in range(args.repeat):
            TOTALS.clear()
            CALLS.clear()
            gc.collect()
            start = time.perf_counter()
            bench.run_compile(root, tmp / "generated")
            total = time.perf_counter() - start
            if best is None or total < best[0]:
                best = (total, dict(TOTALS), dict(CALLS))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total, totals, calls = best
    print(f"Phase breakdown, {args.tables} tables, {args.per_file} per file; best of {args.repeat} runs: {total:.3f} s\n")
    print("| phase | seconds | share | calls |")
    print("|---|---:|---:|---:|")
    for label, _, _ in PHASES:
        if label in totals:
            print(f"| {label} | {totals[label]:.3f} | {totals[label] / total:.0%} | {calls[label]:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
