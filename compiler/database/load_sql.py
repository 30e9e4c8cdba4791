"""SQL files loaded into a scratch database, for `schemac import --sql`.

What teams have instead of a live database: a `pg_dump --schema-only` (plain)
file, Rails' `db/structure.sql`, Prisma's `migrations/<timestamp>_<name>/
migration.sql` folders, Flyway's `V<version>__<description>.sql` scripts.
`load_sql` makes a fresh database (on the embedded PostgreSQL, or on a
server given by an admin URL), runs the files in order with psql itself
(`psql -X -q -v ON_ERROR_STOP=1 -f`: dumps hold COPY data and pg_dump's
`\\restrict` lines), yields the database's URL, and drops it afterwards.

- psql runs each file in restricted mode (`\\restrict`): no meta-command of
  the file runs (a dump cannot reach the shell with `\\!`, or another
  database with `\\connect`), but pg_dump's own `\\restrict KEY` first and
  `\\unrestrict KEY` last lines, which are left out.
- Roles the files name (OWNER TO, GRANT, REVOKE, policies, default
  privileges, SET ROLE) that the server lacks are created NOLOGIN before
  loading, so owners and grants come through as the dump says; they are
  dropped with the scratch database. `LoadedSql.notes` says so.
- An extension the server cannot install is an error naming it and the file
  line, before anything runs.
- A file that fails: one line, `file:line: PostgreSQL's message` (exit 3); a
  path that does not exist or a folder whose order cannot be told: a usage
  error (exit 2). The password of the server URL is never printed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.apply import connect, run_script
from compiler.apply.psql import psql_binary
from compiler.database.sql_args import add_sql_arguments  # noqa: F401 - its home before
from compiler.errors import DatabaseError, DatabaseUnavailable, UsageError
from compiler.redact import masked
from compiler.render import load_sql as sql

SCRATCH_PREFIX = "schemac_import"


@dataclass(frozen=True)
class LoadedSql:
    url: str  # the scratch database holding what the files made (dropped when the context ends)
    files: tuple[Path, ...]  # in the order they ran
    created_roles: tuple[str, ...] = ()  # made NOLOGIN on the server because the files name them
    notes: tuple[str, ...] = ()  # what to tell the user about the load


# ---------------------------------------------------------------- which files, in which order

_FLYWAY_VERSIONED = re.compile(r"^V(?P<version>\d+(?:[._]\d+)*)__(?P<description>.+)\.sql$")
_FLYWAY_REPEATABLE = re.compile(r"^R__(?P<description>.+)\.sql$")
_FLYWAY_UNDO = re.compile(r"^U\d+(?:[._]\d+)*__.+\.sql$")


def sql_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The files to run, in order, and notes about what was left out. A file
    is taken as it is; a folder is a Prisma migrations folder
    (`<timestamp>_<name>/migration.sql`, by folder name), a Flyway folder
    (`V<version>__*.sql` by version, V2 before V10, then `R__*.sql` by
    description; undo scripts `U*` left out) or a folder of one .sql file."""
    if not paths:
        raise UsageError("--sql needs a file or folder")
    files: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if path.is_file() or path.is_dir() and (path / "toc.dat").is_file():
            _refuse_archive(path)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            found, note = _folder_files(path)
            files.extend(found)
            notes.extend(note)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return files, notes


def _refuse_archive(path: Path) -> None:
    """pg_dump's custom, tar and directory formats are archives for
    pg_restore, not SQL: say how to make SQL of them."""
    if path.is_dir():
        archive = True
    else:
        with path.open("rb") as file:
            head = file.read(512)
        archive = head.startswith(b"PGDMP") or head[257:262] == b"ustar"
    if archive:
        raise UsageError(f"{path}: a pg_dump archive, not SQL: make SQL of it with `pg_restore --schema-only -f "
                         "schema.sql ARCHIVE` (or dump with --format=plain) and import that")


def _folder_files(folder: Path) -> tuple[list[Path], list[str]]:
    prisma = folder / "migrations" if not any(folder.glob("*/migration.sql")) else folder
    migrations = sorted(prisma.glob("*/migration.sql"), key=lambda p: p.parent.name)
    if migrations:
        return migrations, []
    scripts = sorted(p for p in folder.rglob("*.sql") if p.is_file())
    if any(_FLYWAY_VERSIONED.match(p.name) or _FLYWAY_REPEATABLE.match(p.name) for p in scripts):
        return _flyway(folder, scripts)
    if len(scripts) == 1:
        return scripts, []
    if not scripts:
        raise UsageError(f"{folder}: no .sql file in this folder (nor Prisma's <timestamp>_<name>/migration.sql)")
    raise UsageError(f"{folder}: cannot tell in which order to load its {len(scripts)} .sql files: name them in "
                     "order (--sql a.sql b.sql), or use Flyway's names (V1__init.sql) or Prisma's folders "
                     "(<timestamp>_<name>/migration.sql)")


def _flyway(folder: Path, scripts: list[Path]) -> tuple[list[Path], list[str]]:
    versioned: dict[tuple[int, ...], Path] = {}
    repeatable, undo, other = [], [], []
    for path in scripts:
        if match := _FLYWAY_VERSIONED.match(path.name):
            version = tuple(int(part) for part in re.split(r"[._]", match["version"]))
            while len(version) > 1 and version[-1] == 0:  # 1.0 is 1, as Flyway compares versions
                version = version[:-1]
            if version in versioned:
                raise UsageError(f"{folder}: {versioned[version].name} and {path.name} have the same version")
            versioned[version] = path
        elif match := _FLYWAY_REPEATABLE.match(path.name):
            repeatable.append((match["description"], path))
        elif _FLYWAY_UNDO.match(path.name):
            undo.append(path)
        else:
            other.append(path)
    if other:
        raise UsageError(f"{folder}: {other[0].name} is not a Flyway script name (V<version>__<description>.sql or "
                         "R__<description>.sql), so when it runs is unknown")
    files = [versioned[v] for v in sorted(versioned)] + [p for _, p in sorted(repeatable)]
    notes = [f"left out Flyway undo script(s): {', '.join(p.name for p in undo)}"] if undo else []
    return files, notes


# ---------------------------------------------------------------- what the files need from the server

_META_LINE = re.compile(r"^\s*\\")
_COPY_FROM_STDIN = re.compile(r"^\s*COPY\b[^;]*\bFROM\s+stdin\b[^;]*;\s*$", re.IGNORECASE)
# the words of every statement that names a role, an extension or a database (the others are not parsed)
_MAY_NAME = re.compile(r"\b(?:OWNER|GRANT|REVOKE|POLICY|AUTHORIZATION|ROLE|USER|EXTENSION|DATABASE|SET)\b",
                       re.IGNORECASE)
_PG_DUMP_RESTRICT = re.compile(r"^\\(?:un)?restrict [A-Za-z0-9]+\s*$")


def _sql_only(text: str) -> tuple[str, list[int]]:
    """`text` with psql meta-command lines and COPY data blanked, line count
    kept: what PostgreSQL's parser may read to learn which roles and
    extensions the file names (the server still judges the file itself);
    and the numbers of the meta-command lines."""
    lines = text.split("\n")
    meta = []
    in_copy = False
    for n, line in enumerate(lines):
        if in_copy:
            in_copy = line.rstrip("\r") != "\\."
            lines[n] = ""
        elif _META_LINE.match(line):
            meta.append(n + 1)
            lines[n] = ""
        elif _COPY_FROM_STDIN.match(line):
            in_copy = True
    return "\n".join(lines), meta


@dataclass(frozen=True)
class _Needs:
    roles: dict[str, tuple[Path, int]]  # role -> where it is first named
    created_roles: frozenset[str]  # roles the files create themselves
    extensions: dict[str, tuple[Path, int]]
    refused: list[tuple[Path, int, str]]  # what would reach beyond the scratch database: where, and why not


def _needs(files: list[Path]) -> _Needs:
    from pglast import parser

    roles: dict[str, tuple[Path, int]] = {}
    created: set[str] = set()
    extensions: dict[str, tuple[Path, int]] = {}
    refused: list[tuple[Path, int, str]] = []

    def walk(node, where) -> None:
        """PostgreSQL's parse tree (as JSON): the roles, extensions and databases a statement names."""
        if isinstance(node, list):
            for item in node:
                walk(item, where)
            return
        if not isinstance(node, dict):
            return
        if node.get("roletype") == "ROLESPEC_CSTRING" and node.get("rolename"):  # a role by name
            roles.setdefault(node["rolename"], where)
        for kind, body in node.items():
            if kind == "GrantRoleStmt":
                for granted in body.get("granted_roles", ()):
                    name = granted.get("AccessPriv", {}).get("priv_name")
                    if name:
                        roles.setdefault(name, where)
            elif kind == "VariableSetStmt" and body.get("name") in ("role", "session_authorization"):
                for arg in body.get("args", ()):
                    value = arg.get("A_Const", {}).get("sval", {}).get("sval")
                    if value and value.lower() != "none":
                        roles.setdefault(value, where)
            elif kind == "CreateRoleStmt":
                created.add(body.get("role"))
            elif kind == "CreateExtensionStmt":
                extensions.setdefault(body.get("extname"), where)
            elif kind in ("CreatedbStmt", "DropdbStmt"):
                refused.append((*where, _OTHER_DATABASE))
            walk(body, where)

    for path in files:
        raw = _without_pg_dump_restrict(path.read_bytes()).decode("utf-8", "replace")
        text, meta = _sql_only(raw)
        refused.extend((path, line, _META_COMMAND) for line in meta)
        try:
            pieces = list(parser.split(text, with_parser=False, only_slices=True))
        except Exception:  # noqa: BLE001 - pglast's scanner refused it: psql and the server will judge
            continue
        line_at, offset = 1, 0  # lines counted as the pieces go, not from the top each time
        for piece in pieces:
            line_at += text.count("\n", offset, piece.start)
            offset = piece.start
            statement = text[piece.start:piece.stop]
            start = _code_start(statement)
            if not _MAY_NAME.search(statement, start):  # pg_dump's comments name owners too
                continue
            try:
                tree = json.loads(parser.parse_sql_json(statement))
            except Exception:  # noqa: BLE001 - a statement pglast cannot parse is left to the server
                continue
            walk(tree.get("stmts", []), (path, line_at + statement.count("\n", 0, start)))
    return _Needs(roles, frozenset(created), extensions, sorted(refused, key=lambda r: (files.index(r[0]), r[1])))


_LEADING_COMMENTS = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/)*", re.DOTALL)


def _code_start(statement: str) -> int:
    """Where a statement's code begins, after the blanks and comments before it."""
    return _LEADING_COMMENTS.match(statement).end()


_META_COMMAND = ("a psql meta-command, which schemac does not run: the SQL may hold statements, COPY data and "
                 "pg_dump's \\restrict lines (a dump made with --create connects to another database: dump without "
                 "it)")
_OTHER_DATABASE = ("CREATE or DROP DATABASE, which schemac does not run: the SQL is loaded into a scratch database "
                   "(a dump made with --create makes its own: dump without it)")


def _display(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(Path.cwd()))
    return str(path)


# ---------------------------------------------------------------- loading

@contextlib.contextmanager
def load_sql(paths: Sequence[Path], server_url: str | None = None, *,
             prefix: str = SCRATCH_PREFIX) -> Iterator[LoadedSql]:
    """A scratch database holding what the SQL files (or folders, see
    `sql_files`) make, loaded in order; dropped, with the roles made for it,
    when the context ends. `server_url`: an admin URL of the server to make it
    on (default: an embedded PostgreSQL started for the occasion)."""
    files, notes = sql_files(paths)
    binary = psql_binary()
    if binary is None:
        raise UsageError("loading SQL files needs psql: install postgresql-client, or set SCHEMAC_PSQL")
    needs = _needs(files)
    if needs.refused:
        path, line, why = needs.refused[0]
        raise DatabaseError(f"{_display(path)}:{line}: {why}; nothing was loaded")
    if server_url is None:
        from compiler.database.embedded import embedded_server
        with embedded_server() as embedded:
            with _loaded(files, notes, needs, embedded, binary, prefix) as loaded:
                yield loaded
        return
    with _loaded(files, notes, needs, server_url, binary, prefix) as loaded:
        yield loaded


@contextlib.contextmanager
def _loaded(files, notes, needs: _Needs, server_url: str, binary: str, prefix: str) -> Iterator[LoadedSql]:
    with contextlib.ExitStack() as stack:
        try:  # only the load's own errors: the password of the server URL is masked in them
            from compiler.database.scratch import scratch_database  # the compiler behind it, only when loading
            url = stack.enter_context(scratch_database(server_url, prefix=prefix))
            created = _prepare(url, needs)
            for path in files:
                _run_file(binary, url, path)
        except DatabaseError as exc:
            raise type(exc)(masked(str(exc), server_url)) from None
        if created:
            notes = [*notes, f"created role(s) {', '.join(created)} (NOLOGIN) on the scratch server for the owners "
                             "and grants the SQL names; they are dropped with the scratch database"]
        yield LoadedSql(url, tuple(files), tuple(created), tuple(notes))


def _prepare(url: str, needs: _Needs) -> list[str]:
    """Check the extensions; create the missing roles. The roles made."""
    with connect(url) as conn:
        from compiler.render import harness
        available = {row[0] for row in run_script(conn, harness.available_extensions(), "extensions")[-1].rows}
        for name, (path, line) in sorted(needs.extensions.items(), key=lambda item: (str(item[1][0]), item[1][1])):
            if name not in available:
                version = conn.info.server_version // 10000
                raise DatabaseError(f"{_display(path)}:{line}: extension \"{name}\" is not available on the scratch "
                                    f"server (PostgreSQL {version}): load the SQL on a server that has it "
                                    "(--scratch-server URL)")
        wanted = sorted(set(needs.roles) - needs.created_roles)
        if not wanted:
            return []
        results = run_script(conn, sql.existing_roles(wanted), "roles")
        existing = {row[0] for row in results[-1].rows} if results else set()
        missing = [role for role in wanted if role not in existing]
        if missing:
            try:
                run_script(conn, sql.create_roles(missing), "roles the SQL names")
            except DatabaseError as exc:
                raise type(exc)(f"creating the role(s) the SQL names ({', '.join(missing)}) on the scratch server: "
                                f"{exc}") from None
        return missing


_PSQL_ERROR = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+): (?:ERROR|FATAL|error):\s+(?P<message>.*)$")
_PSQL_STATEMENT = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+): STATEMENT:  ")
_STATEMENT_LINE = re.compile(r"^LINE (\d+): ")


def _run_file(binary: str, url: str, path: Path) -> None:
    """Run one file with psql in restricted mode; a failure is a one-line DatabaseError."""
    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["PGOPTIONS"] = "-c client_min_messages=warning -c synchronous_commit=off"  # a scratch database
    if password is not None:
        env["PGPASSWORD"] = str(password)
    key = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="schemac-load-") as folder:
        copy = Path(folder) / "input.sql"
        copy.write_bytes(_without_pg_dump_restrict(path.read_bytes()))
        command = [binary, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "ECHO=errors", "-d", make_conninfo(**params),
                   "-c", sql.restrict(key), "-f", str(copy)]
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise _failure(path, done.stderr.decode("utf-8", "replace"))


def _without_pg_dump_restrict(data: bytes) -> bytes:
    """pg_dump's `\\restrict KEY` (its first command) and `\\unrestrict KEY`
    (its last) blanked, keeping the line count: schemac restricts psql itself."""
    lines = data.split(b"\n")
    text_lines = [line.decode("utf-8", "replace") for line in lines]
    meaningful = [n for n, line in enumerate(text_lines) if line.strip() and not line.lstrip().startswith("--")]
    for n in (meaningful[:1] + meaningful[-1:]) if meaningful else []:
        if _PG_DUMP_RESTRICT.match(text_lines[n]):
            lines[n] = b""
    return b"\n".join(lines)


def _failure(path: Path, stderr: str) -> DatabaseError | UsageError:
    lines = stderr.splitlines()
    for n, text in enumerate(lines):
        found = _PSQL_ERROR.match(text)
        if not found:
            continue
        message = found["message"].strip()
        line = _error_line(int(found["line"]), lines[n + 1:])
        if "backslash commands are restricted" in message:
            message = _META_COMMAND
        elif "unrecognized configuration parameter" in message:
            message += " (if the SQL was written for a newer PostgreSQL, load it on one: --scratch-server URL)"
        context = next((c[len("CONTEXT:  "):] for c in lines[n + 1:] if c.startswith("CONTEXT:  COPY ")), None)
        if context:
            message += f" ({context})"
            line = _copy_data_line(path, line, context)
        return DatabaseError(f"{_display(path)}:{line}: {message}")
    if "invalid command \\restrict" in stderr:
        return UsageError("this psql cannot forbid the meta-commands of the files it loads (\\restrict needs psql "
                          "13.22, 14.19, 15.14, 16.10, 17.6, 18 or later): install a newer postgresql-client, or "
                          "set SCHEMAC_PSQL to one")
    if "connection to server" in stderr or stderr.startswith("psql: error:"):
        return DatabaseUnavailable(f"{_display(path)}: psql could not connect: {_one_line(stderr)}")
    return DatabaseError(f"{_display(path)}: psql failed: {_one_line(stderr) or 'no message'}")


_COPY_CONTEXT_LINE = re.compile(r"^COPY [^,]+, line (\d+)")


def _copy_data_line(path: Path, reported: int, context: str) -> int:
    """The file line of the COPY data row PostgreSQL refused (`COPY t, line
    k`): psql reports where the data ends; the row is the k-th after the
    nearest `COPY ... FROM stdin;` above it."""
    row = _COPY_CONTEXT_LINE.match(context)
    if not row:
        return reported
    lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    for n in range(min(reported, len(lines)) - 1, -1, -1):
        if _COPY_FROM_STDIN.match(lines[n]):
            return n + 1 + int(row.group(1))
    return reported


def _error_line(end: int, after: list[str]) -> int:
    """The file line of the error: psql names the line where the failing
    statement ends; PostgreSQL's `LINE n:` counts within the statement,
    which `ECHO=errors` prints after it (`STATEMENT:  ...`)."""
    within = next((int(m.group(1)) for m in map(_STATEMENT_LINE.match, after) if m), None)
    for n, text in enumerate(after):
        if _PSQL_STATEMENT.match(text):
            statement = after[n:]  # the statement runs to the end of what psql printed
            start = end - len(statement) + 1
            line = start + (within - 1 if within else 0)
            return line if 1 <= line <= end else end
    return end


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.strip().splitlines() if line.strip())
