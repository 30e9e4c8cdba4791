"""Deploy benchmark: `schemac apply` of the example project's migrations
against `psql -f` of the same up.sql files, on the same server, in one run.

For each repeat, two fresh databases get the stand-ins of the project's
external objects; then

  psql      `psql -X -q -f` of the files schemac apply runs: each
            migration's up.sql in order, then the last one's verify.sql (one
            psql process per file, as a DBA runs them)
  apply     `schemac apply` as a command (one process): the deploy lock, the
            history (created, checked, one row per migration in its
            transaction), each migration statement by statement, and the
            verify.sql of the migration reached
  apply, no verify
            the same minus that last verification (measured in-process:
            compiler.deploy.apply with the verification stubbed out), to
            show what the verification costs
  ratio     apply / psql; the run without the verification is set against
            psql of the up.sql files alone

Wall time (time.perf_counter), best of --repeat. The server is the embedded
PostgreSQL 18 unless --database-url names one; roles the migrations create
are dropped after each run (they belong to the server).

    .venv/bin/python benchmarks/apply.py
    .venv/bin/python benchmarks/apply.py --repeat 5 --project examples/realco
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
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


def _apply_command(url: str, project: Path) -> float:
    env = {**os.environ, "SCHEMAC_BENCH_URL": url}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "compiler", "-C", str(project), "apply", "-q",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT, help="the project whose generated/ is applied")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="server to measure on (default: an embedded PostgreSQL 18)")
    args = parser.parse_args()
    project = args.project.resolve()
    compiled = api.load(project)
    stand_ins = harness.external_stand_ins(compiled.catalog)
    roles = sorted(r.name for r in compiled.catalog.of_kind(Role))
    migrations = local_migrations(project / "generated")
    with contextlib.ExitStack() as stack:
        server = args.database_url
        if server is None:
            from compiler.database.embedded import embedded_server
            server = stack.enter_context(embedded_server())
        ups = [m.directory / "up.sql" for m in migrations]
        runs = {"psql": lambda url: _psql(url, [*ups, migrations[-1].directory / "verify.sql"]),
                "psql_up": lambda url: _psql(url, ups),
                "apply": lambda url: _apply_command(url, project),
                "no_verify": lambda url: _apply_without_verify(url, project)}
        best = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, run in runs.items():
                with _fresh(server, stand_ins) as url:
                    best[name].append(run(url))
                _drop_roles(server, roles)
    psql, psql_up, apply, no_verify = (min(best[k]) for k in ("psql", "psql_up", "apply", "no_verify"))
    steps = sum(len(m.plan["steps"]) for m in migrations)
    print(f"{len(migrations)} migrations, {steps} steps, best of {args.repeat}")
    print("| | wall time | ratio |")
    print("|---|---:|---:|")
    print(f"| psql -f of each up.sql, then the last verify.sql | {psql:.2f} s | 1.00 |")
    print(f"| schemac apply (one command: lock, history, up, verify after) | {apply:.2f} s | {apply / psql:.2f} |")
    print(f"| psql -f of each up.sql | {psql_up:.2f} s | 1.00 |")
    print(f"| schemac apply without the final verify (in-process) | {no_verify:.2f} s | {no_verify / psql_up:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
