"""Deploy benchmark: `schemac apply` of a project's migrations against
`psql -f` of the same files, on the same server, in one run.

Migration sets: the example project's generated/ (the repository root), and
with --tables N,M... (--tables-repeat runs each) the synthetic project of benchmarks/compile.py with N
tables (100 per spec file, a check on every 10th table) in two migrations:
0001 creates it all, 0002 is benchmarks/plan.py's ten scattered changes.

For each set and repeat, a fresh database gets the stand-ins of the
project's external objects; then, taking turns:

  psql      `psql -X -q -f` of the files schemac apply runs: each
            migration's up.sql in order, then the last one's verify.sql (one
            psql process per file, as a DBA runs them)
  apply     `schemac -C PROJECT apply -q` as a command (one process, the
            interpreter's start-up and imports included; the console script
            beside this interpreter, as a user runs it, else `python -m
            compiler`): the deploy lock, the history (created, checked, one
            row per migration in its transaction), each migration, and the
            verify.sql of the migration reached
  apply, no verify
            the same in-process minus that last verification
            (compiler.deploy.apply with the verification stubbed out), set
            against psql of the up.sql files alone

Before measuring, compiler/'s modules are byte-compiled (compileall), as
they are where schemac runs for its users: Python caches a module's
bytecode in __pycache__ at its first import (and pip compiles what it
installs), unless the environment sets PYTHONDONTWRITEBYTECODE, as this
machine does: there every run would compile schemac's own modules from
source again (~20 ms of start-up), a cost of the machine, not of deploying.

And, once per repeat, what no Python command can go below: `python -c pass`
and `python -c "import psycopg"` (the driver schemac talks to PostgreSQL
with). Wall time (time.perf_counter), best of --repeat; and the least CPU seconds
each cost, here and in every process of the server (benchmarks/inspect.py's
counters: psql's processes, the schemac command and the backends all
counted), the steadier figure on a shared machine. The server is the
embedded PostgreSQL 18 unless --database-url names one; roles the
migrations create are dropped after each run (they belong to the server).

    .venv/bin/python benchmarks/apply.py
    .venv/bin/python benchmarks/apply.py --repeat 5 --tables 100,1000 --tables-repeat 2
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# this file's folder comes first on sys.path, and benchmarks/inspect.py there shadows the standard library's
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from psycopg.conninfo import conninfo_to_dict, make_conninfo  # noqa: E402

from compiler import api  # noqa: E402
from compiler.apply import connect, run_script  # noqa: E402
from compiler.apply.psql import psql_binary  # noqa: E402
from compiler.catalog.programmable import Role  # noqa: E402
from compiler.database.scratch import scratch_database  # noqa: E402
from compiler.deploy import apply as deploy  # noqa: E402
from compiler.deploy.migrations import local_migrations  # noqa: E402
from compiler.deploy.progress import Progress  # noqa: E402
from compiler.render import harness  # noqa: E402

ROOT = _HERE.parent


def _drop_roles(server: str, roles: list[str]) -> None:
    with connect(server) as conn:
        for role in roles:
            conn.execute(harness.drop_role(role))


@contextlib.contextmanager
def _fresh(server: str, stand_ins: str):
    with scratch_database(server, prefix="schemac_bench") as url:
        with connect(url) as conn:
            if stand_ins:
                run_script(conn, stand_ins, "stand-ins")
        yield url


def _psql(url: str, files: list[Path]) -> float:
    params = conninfo_to_dict(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if "password" in params:
        env["PGPASSWORD"] = str(params.pop("password"))
    started = time.perf_counter()
    for path in files:
        subprocess.run([psql_binary(), "-X", "-q", "-d", make_conninfo(**params), "-f", str(path)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _schemac() -> list[str]:
    """The `schemac` command a user runs: the console script of this environment."""
    script = Path(sys.executable).with_name("schemac")
    return [str(script)] if script.exists() else [sys.executable, "-m", "compiler"]


def _apply_command(url: str, project: Path) -> float:
    env = {**os.environ, "SCHEMAC_BENCH_URL": url}
    started = time.perf_counter()
    subprocess.run([*_schemac(), "-C", str(project), "apply", "-q",
                    "--database-url", "env:SCHEMAC_BENCH_URL"], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _apply_without_verify(url: str, project: Path) -> float:
    original = deploy.drift_rows
    deploy.drift_rows = lambda conn, migration: []
    try:
        with connect(url) as conn:
            started = time.perf_counter()
            deploy.apply(conn, project / "generated", progress=Progress(quiet=True))
            return time.perf_counter() - started
    finally:
        deploy.drift_rows = original


def _python(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def _synthetic(root: Path, tables: int) -> Path:
    """benchmarks/plan.py's project of `tables` tables, its two migrations generated."""
    spec = importlib.util.spec_from_file_location("bench_plan", _HERE / "plan.py")
    plan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plan)  # it puts benchmarks/ first on sys.path, to import compile.py
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    from compiler.cli import main as schemac
    plan.make_project(root, tables, 100)
    with contextlib.redirect_stdout(io.StringIO()):
        assert schemac(["-C", str(root), "generate", "--name", "initial"]) == 0
        plan.apply_changes(root, tables, 100, plan.enum_changes_supported())
        assert schemac(["-C", str(root), "generate", "--name", "changes", "--allow-destructive"]) == 0
    return root


def _cpu_meters(server: str):
    """benchmarks/inspect.py's CPU counters: this process and its children
    (psql, the schemac command), and every process of the server."""
    spec = importlib.util.spec_from_file_location("bench_inspect", _HERE / "inspect.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with connect(server) as conn:
        return module.own_cpu, module.server_cpu_of(conn)


def measure(server: str, project: Path, repeat: int) -> dict:
    own_cpu, server_cpu = _cpu_meters(server)
    compiled = api.load(project)
    stand_ins = harness.external_stand_ins(compiled.catalog)
    roles = sorted(r.name for r in compiled.catalog.of_kind(Role))
    migrations = local_migrations(project / "generated")
    ups = [m.directory / "up.sql" for m in migrations]
    runs = {"psql": lambda url: _psql(url, [*ups, migrations[-1].directory / "verify.sql"]),
            "psql_up": lambda url: _psql(url, ups),
            "apply": lambda url: _apply_command(url, project),
            "no_verify": lambda url: _apply_without_verify(url, project)}
    times = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            with _fresh(server, stand_ins) as url:
                before = own_cpu() + (server_cpu() if server_cpu else 0)
                times[name].append(run(url))
                cpu[name].append(own_cpu() + (server_cpu() if server_cpu else 0) - before)
            _drop_roles(server, roles)
    return {"migrations": len(migrations), "steps": sum(len(m.plan["steps"]) for m in migrations),
            "sql_bytes": sum(p.stat().st_size for p in ups), **{name: min(t) for name, t in times.items()},
            "cpu": {name: min(t) for name, t in cpu.items()} if server_cpu else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the project whose generated/ is applied")
    parser.add_argument("--tables", default="", help="also synthetic projects of these sizes, e.g. 100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tables-repeat", type=int, default=1,
                        help="runs of each synthetic set (a 1,000-table verify.sql alone takes minutes)")
    parser.add_argument("--database-url", help="server to measure on (default: an embedded PostgreSQL 18)")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "compiler", quiet=1)  # see the docstring: bytecode as an installed schemac has it
    project = args.project.resolve()
    sets = [("example project" if project == ROOT else str(args.project), lambda: project)]
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="schemac-bench-apply-")))
        for tables in [int(n) for n in args.tables.split(",") if n]:
            sets.append((f"synthetic, {tables:,} tables", lambda n=tables: _synthetic(work / f"t{n}", n)))
        server = args.database_url
        if server is None:
            from compiler.database.embedded import embedded_server
            server = stack.enter_context(embedded_server())
        floor = {"pass": min(_python("pass") for _ in range(args.repeat * 3)),
                 "psycopg": min(_python("import psycopg") for _ in range(args.repeat * 3))}
        print(f"`python -c pass` {floor['pass']:.3f} s, `python -c \"import psycopg\"` {floor['psycopg']:.3f} s "
              f"(best of {args.repeat * 3})")
        print("| migrations | up.sql | runs | psql -f: each up.sql, last verify.sql | schemac apply -q | ratio "
              "| psql -f: each up.sql | apply without verify (in-process) | ratio | CPU: psql | apply | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        for n, (label, make) in enumerate(sets):
            repeat = args.repeat if n == 0 else args.tables_repeat
            r = measure(server, make(), repeat)
            print(f"| {label}: {r['migrations']} migrations, {r['steps']:,} steps | {r['sql_bytes'] / 1024:,.0f} KiB "
                  f"| {repeat} | {r['psql']:.2f} s | {r['apply']:.2f} s | {r['apply'] / r['psql']:.2f} "
                  f"| {r['psql_up']:.2f} s | {r['no_verify']:.2f} s | {r['no_verify'] / r['psql_up']:.2f} "
                  + (f"| {r['cpu']['psql']:.2f} s | {r['cpu']['apply']:.2f} s | {r['cpu']['apply'] / r['cpu']['psql']:.2f} |"
                     if r["cpu"] else "| n/a | n/a | |"), flush=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
