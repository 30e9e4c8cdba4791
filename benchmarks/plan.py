"""Planning benchmark: the next migration of a large project with a few changes.

Target (issue): a 1,000-table spec with 10 scattered changes is planned and
generated in <= 1 s; the ratio to a full compile of the same spec is reported.

The project is benchmarks/compile.py's synthetic one (imported, not copied:
20 columns, 3 indexes, 2 foreign keys per table, one enum per domain), with a
check constraint added to every 10th table. It is compiled and generated
once (generated/state.json + migrations/0001_initial), then these 10 changes
are made, spread over the spec files:

   1. add a column              t00017.priority integer
   2. drop a column             t00123.notes (destructive: --allow-destructive)
   3. change a type             t00234.score integer -> bigint
   4. add an index              t00345 (code)
   5. change a default          t00456.quantity 0 -> 1
   6. add a check               t00567 quantity_below_max
   7. change a comment          t00678
   8. add a table               t01000, referencing t00999
   9. add an enum value         status_d008 + archived (when the diff supports
                                enum changes; otherwise a second new column,
                                t00789.archived_at timestamptz)
  10. change nullability        t00901.description NOT NULL

and it measures, in one process:

  generate 0002   what `schemac generate --name x --allow-destructive` does:
                  api.load(root) + generated.write_migration(...): read
                  state.json, diff, order, hash, render up/down/verify
                  (verify.sql checks the whole new state, so it is as large
                  as a full compile's), write the 4 files and state.json.
                  Before each run the generated/ folder is reset to just 0001.
  full compile    the same, changed spec compiled into an empty generated/
                  (load + 0001 with every object created): the ratio's base.
  CLI             one `schemac -C <project> generate --name x
                  --allow-destructive` subprocess, wall time (interpreter
                  start and imports included).

Times are the median and the best of --repeat runs (time.perf_counter),
caches cleared before each run as benchmarks/compile.py does. A per-phase
breakdown of one generate follows the table. Nothing is written into the
repository unless --output FILE is given (the markdown table), or --keep
(keeps the temporary project and prints its path).

    .venv/bin/python benchmarks/plan.py
    .venv/bin/python benchmarks/plan.py --tables 1000 --repeat 7
    .venv/bin/python benchmarks/plan.py --profile /tmp/plan.prof   # cProfile one generate 0002
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compile as bench  # benchmarks/compile.py: the synthetic project

from compiler import api, generated
from compiler.catalog import state
from compiler.catalog.hints import hints_of
from compiler.errors import UsageError
from compiler.gc_pause import collector_paused

TARGET_S = 1.0
REPO = Path(__file__).resolve().parent.parent


# -- the project and its changes --------------------------------------------

def _spec_file(root: Path, table: int, per_file: int) -> Path:
    return root / "specs" / f"d{table // per_file:03d}.yaml"


def edit_table(root: Path, table: int, per_file: int, edit) -> None:
    """Apply `edit(block) -> block` to the YAML block of table tNNNNN."""
    path = _spec_file(root, table, per_file)
    text = path.read_text(encoding="utf-8")
    head = f"\n  t{table:05d}:\n"
    start = text.index(head) + 1
    following = re.compile(r"\n  t\d{5}:\n").search(text, start + 1)
    end = following.start() + 1 if following else len(text)
    block = edit(text[start:end])
    assert block != text[start:end], f"edit of t{table:05d} changed nothing"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def _replace(old: str, new: str):
    def edit(block: str) -> str:
        assert old in block, old
        return block.replace(old, new, 1)
    return edit


def add_checks(root: Path, tables: int, per_file: int, every: int = 10) -> None:
    """A check constraint on every `every`-th table (the synthetic project has none)."""
    for i in range(0, tables, every):
        edit_table(root, i, per_file, _replace("    indexes:\n", "    checks:\n"
                                               f"      t{i:05d}_amount_not_negative: amount >= 0\n"
                                               "    indexes:\n"))


def make_project(root: Path, tables: int, per_file: int) -> None:
    bench.synthesise(root, tables, per_file)
    add_checks(root, tables, per_file)


def _t(i: int, tables: int) -> int:
    """Table number i of a 1,000-table project, scaled to `tables`."""
    return i * tables // 1000


def apply_changes(root: Path, tables: int, per_file: int, enum_values: bool) -> list[str]:
    """The 10 scattered changes. Returns their descriptions."""
    done = []

    def change(i: int, what: str, edit) -> None:
        n = _t(i, tables)
        edit_table(root, n, per_file, edit)
        done.append(f"t{n:05d}: {what}")

    change(17, "add column priority integer", _replace("      notes: text\n", "      notes: text\n      priority: integer\n"))
    change(123, "drop column notes", _replace("      notes: text\n", ""))
    change(234, "score integer -> bigint", _replace("      score: integer\n", "      score: bigint\n"))
    change(345, "add index (code)", _replace("    indexes:\n", "    indexes:\n      - code\n"))
    change(456, "quantity default 0 -> 1",
           _replace("quantity: {type: integer, nullable: false, default: 0}", "quantity: {type: integer, nullable: false, default: 1}"))
    change(567, "add check quantity_below_max",
           _replace("    indexes:\n", "    checks:\n      quantity_below_max: quantity < 1000000\n    indexes:\n")
           if _t(567, tables) % 10 else
           _replace("    checks:\n", "    checks:\n      quantity_below_max: quantity < 1000000\n"))
    n = _t(678, tables)
    change(678, "comment changed", _replace(f"    comment: Synthetic table {n}\n", f"    comment: Synthetic table {n}, revised\n"))
    # a new table at the end of the last file, referencing the last table
    last = tables - 1
    path = _spec_file(root, last, per_file)
    enum_name = f"status_d{last // per_file:03d}"
    new_table = bench.table_yaml(tables, enum_name, per_file).replace(f"t{tables - 1 - (tables * 37) % min(tables, per_file):05d}.id",
                                                                     f"t{last:05d}.id")
    path.write_text(path.read_text(encoding="utf-8") + new_table, encoding="utf-8")
    done.append(f"t{tables:05d}: new table (references t{last:05d})")
    if enum_values:
        domain = _t(890, tables) // per_file
        path = root / "specs" / f"d{domain:03d}.yaml"
        old = f"  status_d{domain:03d}: [{', '.join(bench.ENUM_VALUES)}]"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, old[:-1] + ", archived]"), encoding="utf-8")
        done.append(f"status_d{domain:03d}: add enum value archived")
    else:
        change(789, "add column archived_at timestamptz (enum changes not supported yet)",
               _replace("      notes: text\n", "      notes: text\n      archived_at: timestamptz\n"))
    change(901, "description NOT NULL", _replace("      description: text\n", "      description: {type: text, nullable: false}\n"))
    return done


def enum_changes_supported() -> bool:
    """Whether the diff accepts a new value in an existing enum."""
    tmp = Path(tempfile.mkdtemp(prefix="schemac-plan-enum-"))
    try:
        specs = tmp / "specs"
        specs.mkdir()
        spec = specs / "d.yaml"
        spec.write_text("domain: d\nenums:\n  e: [a, b]\ntables:\n  t:\n    columns:\n      id: {type: integer, primary_key: true}\n")
        before = api.load(tmp).catalog
        spec.write_text(spec.read_text().replace("[a, b]", "[a, b, c]"))
        api.plan(before, api.load(tmp).catalog)
        return True
    except UsageError:
        return False
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- the workloads ----------------------------------------------------------

def reset_generated(base: Path, out: Path) -> None:
    """generated/ as it was after 0001: state.json and migrations/0001_initial."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out)


def run_generate(root: Path, out: Path) -> generated.GenerateResult:
    bench.clear_caches()
    compiled = api.load(root)
    result = generated.write_migration(compiled, "x", out=out, allow_destructive=True)
    assert result.directory is not None and result.directory.name.startswith("0002_"), result.directory
    return result


GC_TIME = [0.0, 0.0]  # seconds in the cyclic garbage collector; start of the current collection


def _gc_clock(phase: str, info: dict) -> None:
    if phase == "start":
        GC_TIME[1] = time.perf_counter()
    else:
        GC_TIME[0] += time.perf_counter() - GC_TIME[1]


def timed_runs(repeat: int, fn, prepare=None) -> tuple[list[float], list[float], list[float]]:
    """Wall times of `repeat` runs, their CPU times (process_time: less
    disturbed when other jobs share the CPUs) and the part spent in the cyclic GC."""
    walls, cpus, in_gc = [], [], []
    for _ in range(repeat):
        if prepare:
            prepare()
        state._TEXT.clear()  # a fresh process has no encoded catalog cached
        gc.collect()
        gc.freeze()  # survivors (imports, compiled templates) are not rescanned: as in a fresh process
        GC_TIME[0] = 0.0
        gc.callbacks.append(_gc_clock)
        try:
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - start_cpu)
        finally:
            gc.callbacks.remove(_gc_clock)
        in_gc.append(GC_TIME[0])
    return walls, cpus, in_gc


def cli_generate(root: Path) -> float:
    schemac = Path(sys.executable).with_name("schemac")
    command = [str(schemac)] if schemac.exists() else [sys.executable, "-m", "compiler"]
    start = time.perf_counter()
    done = subprocess.run(command + ["-C", str(root), "generate", "--name", "x", "--allow-destructive"],
                          capture_output=True, text=True, cwd=root, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0 or "0002_x" not in done.stdout:
        raise SystemExit(f"schemac generate failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall


def phases(root: Path, out: Path) -> list[tuple[str, float]]:
    """One generate 0002, step by step as write_migration does it (same calls,
    same caches), each step timed."""
    from compiler.diff import diff
    from compiler.plan import Plan, order
    from compiler.render.migration import render_down, render_up
    from compiler.render.verify import render_verify
    bench.clear_caches()
    state._TEXT.clear()
    rows = []
    gc.collect()
    gc.freeze()
    with collector_paused():
        t = time.perf_counter()

        def lap(label: str) -> None:
            nonlocal t
            now = time.perf_counter()
            rows.append((label, now - t))
            t = now
        compiled = api.load(root)
        lap("load specs (api.load)")
        previous = generated.previous_state(out, compiled.catalog)
        lap("read state.json (from_json, objects unchanged taken from the specs' catalog)")
        ops = diff(previous, compiled.catalog)
        lap("diff")
        steps = order(ops)
        lap("order")
        source_hash = state.catalog_hash(previous)
        lap("hash of the previous state")
        target_hash = state.catalog_hash(compiled.catalog)
        lap("hash of the new state (state.json text already encoded to read the state)")
        plan = Plan(steps, source_hash, target_hash)
        api.destructive_steps(plan, previous, compiled.catalog)
        lap("destructive-step check")
        settings = compiled.project.settings.migrations
        up = render_up("0002_x", plan, settings, previous, compiled.catalog)
        lap("render up.sql")
        down = render_down("0002_x", plan, settings, previous, compiled.catalog)
        lap("render down.sql")
        verify = render_verify("0002_x", compiled.catalog)
        lap("render verify.sql")
        files = api.MigrationFiles(plan, up, down, verify)
        plan_text = generated.plan_json(files, (), hints_of(compiled.catalog))
        state_text = state.to_json(compiled.catalog)
        lap("plan.json + state.json text")
        directory = out / "migrations" / "0002_x"
        for name, text in (("up.sql", up), ("down.sql", down), ("verify.sql", verify), ("plan.json", plan_text)):
            generated.write_file(directory / name, text)
        generated.write_file(out / "state.json", state_text)
        lap("write 5 files")
    return rows


# -- main -------------------------------------------------------------------

def machine() -> str:
    cpu = "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines():
            if line.startswith("Model name:"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {sys.version.split()[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--per-file", type=int, default=100, help="tables per spec file / domain (default 100)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each workload (default 5)")
    parser.add_argument("--no-cli", action="store_true", help="skip the `schemac generate` subprocess run")
    parser.add_argument("--profile", metavar="FILE", help="cProfile one generate 0002 into FILE")
    parser.add_argument("--output", metavar="FILE", help="also write the markdown table into FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print its path")
    args = parser.parse_args(argv)
    tables, per_file = args.tables, args.per_file

    load_before = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    tmp = Path(tempfile.mkdtemp(prefix=f"schemac-plan-{tables}-"))
    try:
        root = tmp / "project"
        make_project(root, tables, per_file)
        out = root / "generated"  # the project's own generated/ folder, so the CLI finds it too
        first = generated.write_migration(api.load(root), None, out=out)
        assert first.directory is not None and first.directory.name == "0001_initial"
        base = tmp / "generated-0001"
        shutil.copytree(out, base)
        changes = apply_changes(root, tables, per_file, enum_changes_supported())
        full_out = tmp / "generated-full"

        def reset() -> None:
            reset_generated(base, out)
        reset()
        result = run_generate(root, out)  # warm-up: imports, templates
        steps = len(result.plan.steps)
        kinds = sorted({op.kind for op in result.plan.steps})
        sizes = {p.name: p.stat().st_size for p in result.files}
        gen, gen_cpu, gen_gc = timed_runs(args.repeat, lambda: run_generate(root, out), reset)

        def full() -> None:
            if full_out.exists():
                shutil.rmtree(full_out)
            bench.run_compile(root, full_out)
        full()  # warm-up
        full_runs, full_cpu, full_gc = timed_runs(args.repeat, full)
        full_steps = len(generated.write_migration(api.load(root), None, out=tmp / "generated-full-2").plan.steps)

        cli = None
        if not args.no_cli:
            reset()
            cli = cli_generate(root)
        reset()
        breakdown = phases(root, out)
        if args.profile:
            import cProfile
            reset()
            profiler = cProfile.Profile()
            profiler.enable()
            run_generate(root, out)
            profiler.disable()
            profiler.dump_stats(args.profile)
            print(f"# profile of one generate 0002 written to {args.profile}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"# kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    load_after = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]

    med, best = statistics.median(gen), min(gen)
    fmed, fbest = statistics.median(full_runs), min(full_runs)
    cmed, cbest = statistics.median(gen_cpu), min(gen_cpu)
    fcmed, fcbest = statistics.median(full_cpu), min(full_cpu)
    lines = [
        f"Changes ({len(changes)}): " + "; ".join(changes) + ".",
        "",
        f"| {tables:,} tables, 10 changes | wall median | wall best | cpu median | cpu best | runs | steps | target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        (f"| generate 0002 (load + state.json + plan + up/down/verify + write), in-process "
         f"| {med:.3f} s | {best:.3f} s | {cmed:.3f} s | {cbest:.3f} s | {args.repeat} | {steps} | <= {TARGET_S:.1f} s: "
         f"{'met' if med <= TARGET_S else 'NOT met'} |"),
        (f"| full compile of the same spec (load + 0001), in-process | {fmed:.3f} s | {fbest:.3f} s "
         f"| {fcmed:.3f} s | {fcbest:.3f} s | {args.repeat} | {full_steps:,} | |"),
        (f"| ratio generate 0002 / full compile | {med / fmed:.2f} | {best / fbest:.2f} | {cmed / fcmed:.2f} "
         f"| {cbest / fcbest:.2f} | | | |"),
    ]
    if cli is not None:
        lines.append(f"| `schemac generate --name x --allow-destructive`, one subprocess (start-up and imports included) "
                     f"| {cli:.3f} s | | | | 1 | | |")
    lines += [
        "",
        f"0002 steps by kind: {', '.join(kinds)}. Files written: "
        + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items()) + ".",
        "",
        "Phases of one generate 0002 (same calls as write_migration, timed one by one):",
        "",
        "| phase | seconds | share |",
        "|---|---:|---:|",
    ]
    total = sum(s for _, s in breakdown)
    lines += [f"| {label} | {s:.3f} | {s / total:.0%} |" for label, s in breakdown]
    lines += [f"| total | {total:.3f} | |", "",
              (f"Machine: {machine()}. Load average before/after: {' '.join(load_before)} / {' '.join(load_after)}. "
               f"All runs: generate {', '.join(f'{t:.3f}' for t in gen)}; full {', '.join(f'{t:.3f}' for t in full_runs)}. "
               f"Of which in the cyclic garbage collector (when compiler.gc_pause lets it run again): "
               f"generate {', '.join(f'{t:.3f}' for t in gen_gc)}; full {', '.join(f'{t:.3f}' for t in full_gc)}.")]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
