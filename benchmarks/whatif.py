"""Estimate the gain of candidate optimisations without touching compiler/.

Each variant monkeypatches this process only, then times one compile of a
synthetic project (best of --repeat, caches cleared as in compile.py). The
patches are prototypes of the suggested changes, not drop-in replacements.

    .venv/bin/python benchmarks/whatif.py --tables 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import json
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compile as bench  # noqa: E402

from compiler import api, generated  # noqa: E402
from compiler.catalog import state  # noqa: E402
from compiler.spec import source  # noqa: E402


# -- prototypes ---------------------------------------------------------------

def _child_indexed(node, step):
    """source._child with a per-node index built once (instead of rebuilding
    _pairs' list and set on every step of every locate call)."""
    if isinstance(node, yaml.MappingNode):
        index = node.__dict__.get("_schemac_index")
        if index is None:
            index = {}
            for k, v in source._pairs(node):
                index.setdefault(k.value, (k, v))
            node._schemac_index = index
        return index.get(step)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            return None, node.value[step]
    return None


_FIELDS: dict[type, tuple[str, ...]] = {}


def _encode_fast(value):
    """state._encode with field names cached per class (same output)."""
    cls = type(value)
    names = _FIELDS.get(cls)
    if names is None:
        names = (tuple(f.name for f in dataclasses.fields(cls) if f.name != "source")
                 if dataclasses.is_dataclass(cls) else ())
        _FIELDS[cls] = names
    if names:
        return {n: _encode_fast(getattr(value, n)) for n in names}
    if cls is tuple:
        return [_encode_fast(v) for v in value]
    return value


_MEMO: dict[int, tuple[object, dict]] = {}


def _to_data_once(catalog):
    """state.to_data computed once per catalog (hash and state.json share it)."""
    hit = _MEMO.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        hit = (catalog, ORIGINAL["to_data"](catalog))
        _MEMO[id(catalog)] = hit
    return hit[1]


def _to_json_c_encoder(catalog):
    """state.json written with the C encoder: one object per line instead of
    indent=2 (json's indent forces the pure-Python encoder)."""
    data = state.to_data(catalog)
    dump = lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)  # noqa: E731
    objects = ",\n  ".join(dump(o) for o in data["objects"])
    rest = {k: v for k, v in data.items() if k != "objects"}
    head = dump(rest)[:-1]
    return f'{head}, "objects": [\n  {objects}\n]}}\n'


ORIGINAL = {"_child": source._child, "_encode": state._encode, "to_data": state.to_data,
            "gen_to_json": generated.to_json}


@contextmanager
def patched(*names):
    try:
        if "index" in names:
            source._child = _child_indexed
        if "encode" in names:
            state._encode = _encode_fast
        if "once" in names:
            state.to_data = _to_data_once
        if "cjson" in names:
            generated.to_json = _to_json_c_encoder
        if "nogc" in names:
            gc.disable()
        if "gcthreshold" in names:
            gc.freeze()
            gc.set_threshold(100_000, 50, 100)
        yield
    finally:
        source._child = ORIGINAL["_child"]
        state._encode = ORIGINAL["_encode"]
        state.to_data = ORIGINAL["to_data"]
        generated.to_json = ORIGINAL["gen_to_json"]
        _MEMO.clear()
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)


VARIANTS = [
    ("current code", ()),
    ("A: gc disabled during the compile", ("nogc",)),
    ("A': gc.freeze() + gc.set_threshold(100_000, 50, 100)", ("gcthreshold",)),
    ("B: locate with a per-node key index", ("index",)),
    ("C: state encode with cached fields + to_data once", ("encode", "once")),
    ("D: state.json via the C JSON encoder", ("cjson",)),
    ("B+C+D", ("index", "encode", "once", "cjson")),
    ("A'+B+C+D", ("gcthreshold", "index", "encode", "once", "cjson")),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="schemac-whatif-"))
    try:
        root, out = tmp / "project", tmp / "generated"
        files = bench.synthesise(root, args.tables, args.per_file)
        bench.run_compile(root, out)
        compose, compose_cpu, _ = bench.best_of(5, bench.run_compose, files)
        reference = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        print(f"{args.tables} tables, {args.per_file} per file; compose baseline {compose:.3f} s wall, "
              f"{compose_cpu:.3f} s cpu; best of {args.repeat}\n")
        print("| variant | compile wall (best) | compile cpu (best) | cpu ratio to compose | output identical |")
        print("|---|---:|---:|---:|---|")
        for label, names in VARIANTS:
            with patched(*names):
                best, cpu, _ = bench.best_of(args.repeat, bench.run_compile, root, out)
            now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
            same = "yes" if now == reference else "no: " + ", ".join(str(k) for k in sorted(reference) if now.get(k) != reference[k])
            print(f"| {label} | {best:.3f} s | {cpu:.3f} s | {cpu / compose_cpu:.1f}x | {same} |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
