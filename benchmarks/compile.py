"""Compile-time benchmark: synthetic spec projects of N tables.

For each size it measures, in one process:

  compose   the baseline: yaml.compose(text, Loader=yaml.CSafeLoader) over the
            same spec files (libyaml, the floor for anything that keeps nodes)
  compile   compiler.api.load(root) + compiler.generated.write_migration(...)
            into a fresh temporary generated/ folder (up/down/verify/plan/state)

Wall time is the best of --repeat runs (time.perf_counter). Peak memory is
measured in one extra, untimed run under tracemalloc (peak of Python heap
allocations traced during that run; tracemalloc slows the code, which is why
it is kept out of the timed runs). RSS high-water (ru_maxrss) of the whole
process is printed at the end for reference.

Layout of a synthetic project: one domain per file, 100 tables per file
(specs/d000.yaml, specs/d001.yaml, ...). Domain dK `depends_on` dK-1. Each
table has 20 columns, 3 indexes (single, composite, and
a partial index whose predicate differs per table (`deleted_at IS NULL AND
quantity > <i>`), 2 foreign keys to earlier tables (the previous table, and one up to
--per-file tables back, so possibly in the previous domain). Use --per-file to change
the split (e.g. --per-file 5000 puts everything in one file).

    .venv/bin/python benchmarks/compile.py
    .venv/bin/python benchmarks/compile.py --sizes 100,1000 --repeat 5
    .venv/bin/python benchmarks/compile.py --sizes 1000 --profile 1000.prof
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

from compiler import api, generated

ENUM_VALUES = ["draft", "active", "suspended", "closed"]


# -- synthesis --------------------------------------------------------------

def table_yaml(i: int, enum_name: str, per_file: int) -> str:
    name = f"t{i:05d}"
    lines = [f"  {name}:", f"    comment: Synthetic table {i}", "    columns:",
             "      id: {type: uuid, primary_key: true, default: gen_random_uuid()}"]
    if i > 0:
        parent_a = i - 1
        parent_b = i - 1 - (i * 37) % min(i, per_file)  # this domain or the previous one
        lines.append(f"      parent_a_id: {{type: uuid, nullable: false, references: t{parent_a:05d}.id, on_delete: cascade}}")
        lines.append(f"      parent_b_id: {{type: uuid, references: t{parent_b:05d}.id}}")
    else:
        lines.append("      parent_a_id: {type: uuid, nullable: false}")
        lines.append("      parent_b_id: uuid")
    lines += [
        "      name: {type: text, nullable: false}",
        "      description: text",
        "      code: {type: text, nullable: false, comment: Business code}",
        "      quantity: {type: integer, nullable: false, default: 0}",
        "      position: integer",
        '      amount: {type: "numeric(18,2)", nullable: false, default: 0}',
        '      tax: "numeric(18,2)"',
        "      created_at: {type: timestamptz, nullable: false, default: now()}",
        "      updated_at: {type: timestamptz, nullable: false, default: now()}",
        "      deleted_at: timestamptz",
        "      is_active: {type: boolean, nullable: false, default: false}",
        "      is_archived: {type: boolean, default: false}",
        f"      status: {{type: {enum_name}, nullable: false, default: draft}}",
        "      notes: text",
        "      external_ref: text",
        "      score: integer",
        '      balance: {type: "numeric(18,2)", default: 0}',
        "    indexes:",
        "      - name",
        "      - [parent_a_id, created_at]",
        f"      - {{columns: [status], where: deleted_at IS NULL AND quantity > {i}}}",
    ]
    return "\n".join(lines) + "\n"


def synthesise(root: Path, tables: int, per_file: int) -> list[Path]:
    specs = root / "specs"
    specs.mkdir(parents=True)
    files = []
    for d, start in enumerate(range(0, tables, per_file)):
        domain = f"d{d:03d}"
        enum_name = f"status_{domain}"
        head = [f"domain: {domain}", f"description: Synthetic domain {d}"]
        if d > 0:
            head.append(f"depends_on: [d{d - 1:03d}]")
        head += ["enums:", f"  {enum_name}: [{', '.join(ENUM_VALUES)}]", "tables:"]
        body = "".join(table_yaml(i, enum_name, per_file) for i in range(start, min(start + per_file, tables)))
        path = specs / f"{domain}.yaml"
        path.write_text("\n".join(head) + "\n" + body, encoding="utf-8")
        files.append(path)
    return files


# -- the two workloads ------------------------------------------------------

def run_compose(files: list[Path]) -> None:
    for path in files:
        yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def clear_caches() -> None:
    """Empty every memo cache of schemac's modules (each `functools.lru_cache`
    and the state.json text cache), so every timed run pays for parsing and
    encoding like a fresh `schemac generate` process would. The Jinja
    environment (compiled templates, a constant cost) stays cached."""
    from compiler.catalog import hints, state
    from compiler.render import env
    for name, module in list(sys.modules.items()):
        if name == "compiler" or name.startswith("compiler."):
            for value in list(vars(module).values()):
                if (callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info")
                        and value is not env.environment):
                    value.cache_clear()
    state._TEXT.clear()
    state._LINES.clear()
    hints._LAST[:] = [None, {}]


def run_compile(root: Path, out: Path) -> object:
    clear_caches()
    if out.exists():
        shutil.rmtree(out)
    compiled = api.load(root)
    result = generated.write_migration(compiled, None, out=out)
    assert result.directory is not None, "the migration came out empty"
    return result


def best_of(repeat: int, fn, *args) -> tuple[float, float, list[float]]:
    """Best wall time (perf_counter), best CPU time of this process
    (process_time: less disturbed when other jobs share the CPUs), all walls."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        gc.freeze()  # what survives (imports, compiled templates) is not rescanned: as in a fresh process
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(*args)
        cpus.append(time.process_time() - start_cpu)
        walls.append(time.perf_counter() - start)
    return min(walls), min(cpus), walls


def traced_peak(fn, *args) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn(*args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# -- main -------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated table counts")
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed runs per size (default: 3, and 2 for sizes >= 5000)")
    parser.add_argument("--per-file", type=int, default=100, help="tables per spec file / domain (default 100)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--profile", metavar="FILE", help="cProfile one compile of the largest size into FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print their paths")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    rows = []
    for size in sizes:
        repeat = args.repeat or (3 if size < 5000 else 2)
        tmp = Path(tempfile.mkdtemp(prefix=f"schemac-bench-{size}-"))
        try:
            root = tmp / "project"
            files = synthesise(root, size, args.per_file)
            out = tmp / "generated"
            spec_bytes = sum(f.stat().st_size for f in files)
            run_compile(root, out)  # warm-up: imports, template compilation, sqlglot/pglast caches
            compose_s, compose_cpu, _ = best_of(max(repeat, 5), run_compose, files)  # cheap, and noisy: take more runs
            compile_s, compile_cpu, compile_all = best_of(repeat, run_compile, root, out)
            output_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            compose_peak = compile_peak = None
            if not args.no_memory:
                compose_peak = traced_peak(run_compose, files)
                compile_peak = traced_peak(run_compile, root, out)
            rows.append(dict(size=size, files=len(files), spec_bytes=spec_bytes, out_bytes=output_bytes,
                             repeat=repeat, compose=compose_s, compile=compile_s, compose_cpu=compose_cpu, compile_cpu=compile_cpu, runs=compile_all,
                             compose_peak=compose_peak, compile_peak=compile_peak))
            print(f"# {size} tables: compose {compose_s:.3f}s (cpu {compose_cpu:.3f}), compile {compile_s:.3f}s (cpu {compile_cpu:.3f}) "
                  f"(runs {', '.join(f'{t:.3f}' for t in compile_all)})", file=sys.stderr, flush=True)
            if args.profile and size == max(sizes):
                import cProfile
                profiler = cProfile.Profile()
                profiler.enable()
                run_compile(root, out)
                profiler.disable()
                profiler.dump_stats(args.profile)
                print(f"# profile of one {size}-table compile written to {args.profile}", file=sys.stderr)
        finally:
            if args.keep:
                print(f"# kept {tmp}", file=sys.stderr)
            else:
                shutil.rmtree(tmp, ignore_errors=True)

    mib = 1024 * 1024
    print("| tables | files | spec size | compose, wall (cpu) | compile = load + write_migration, wall (cpu) "
          "| ratio to compose, wall (cpu) | compile per table, wall (cpu) | compose peak | compile peak | runs |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        peaks = (f"{r['compose_peak'] / mib:.1f} MiB", f"{r['compile_peak'] / mib:.1f} MiB") if r["compile_peak"] else ("-", "-")
        print(f"| {r['size']:,} | {r['files']} | {r['spec_bytes'] / mib:.2f} MiB | {r['compose']:.3f} s ({r['compose_cpu']:.3f}) "
              f"| {r['compile']:.3f} s ({r['compile_cpu']:.3f}) "
              f"| {r['compile'] / r['compose']:.1f}x ({r['compile_cpu'] / r['compose_cpu']:.1f}x) "
              f"| {r['compile'] / r['size'] * 1000:.2f} ms ({r['compile_cpu'] / r['size'] * 1000:.2f}) "
              f"| {peaks[0]} | {peaks[1]} | {r['repeat']} |")
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"\nBest of `runs` timed runs (compose: at least 5). Peaks: tracemalloc peak of traced Python allocations in one "
          f"extra untimed run (compose is per file, its trees are dropped after each file). "
          f"Load average before/after: {' '.join(load_before)} / {' '.join(load_after)}.")
    print(f"\nProcess RSS high-water (ru_maxrss): {maxrss_mib():.0f} MiB. "
          f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__}).")
    if len(rows) > 1:
        base = rows[0]
        scale = ", ".join(f"{r['size'] // base['size']}x tables -> {r['compile'] / base['compile']:.1f}x wall, "
                          f"{r['compile_cpu'] / base['compile_cpu']:.1f}x cpu" for r in rows[1:])
        print(f"Scaling vs {base['size']} tables: {scale}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
