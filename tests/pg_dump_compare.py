"""pg_dump as the outside judge: two databases hold the same schema when
`pg_dump --schema-only` of each gives the same statements.

`schema_statements` runs the pg_dump that ships with the psql the tests use
(the embedded PostgreSQL's, or a distribution's) and returns its statements,
normalised only where a dump says nothing about the schema:

- comment lines, and psql's `\\restrict`/`\\unrestrict` lines (a random key
  per dump, PostgreSQL 18's pg_dump writes them);
- the session preamble (`SET ...`, `SELECT pg_catalog.set_config(...)`),
  which is the same for every dump of one server.

Statements are compared as a sorted list: pg_dump orders objects of equal
rank by their OIDs, which differ between two databases built in different
orders. `differences` gives the statements only one side has.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from pglast import parser
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.apply.psql import psql_binary

_META_LINE = re.compile(r"^\\(un)?restrict\b.*$", re.M)
_SESSION = re.compile(r"^(SET|SELECT pg_catalog\.set_config)\b", re.I)


def pg_dump_binary() -> str:
    psql = psql_binary()
    if psql is None:
        raise FileNotFoundError("no psql (and so no pg_dump) found")
    dump = Path(psql).with_name("pg_dump")
    if not dump.is_file():
        raise FileNotFoundError(f"no pg_dump beside {psql}")
    return str(dump)


def schema_dump(database_url: str, *extra: str) -> str:
    """`pg_dump --schema-only` of the database, as text."""
    params = conninfo_to_dict(database_url)
    password = params.pop("password", None)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    if password is not None:
        env["PGPASSWORD"] = str(password)
    done = subprocess.run([pg_dump_binary(), "--schema-only", "--no-password", *extra, "-d", make_conninfo(**params)],
                          capture_output=True, env=env, timeout=300, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {done.stderr.decode('utf-8', 'replace')}")
    return done.stdout.decode("utf-8")


def statements(dump: str) -> list[str]:
    """The schema statements of a dump, sorted (see the module docstring)."""
    text = _META_LINE.sub("", dump)
    found = []
    for statement in parser.split(text, with_parser=True):
        lines = [line for line in statement.splitlines() if not line.lstrip().startswith("--")]
        cleaned = "\n".join(lines).strip()
        if cleaned and not _SESSION.match(cleaned):
            found.append(cleaned)
    return sorted(found)


def schema_statements(database_url: str) -> list[str]:
    return statements(schema_dump(database_url))


def differences(left: list[str], right: list[str]) -> tuple[list[str], list[str]]:
    """(statements only `left` has, statements only `right` has), as multisets."""
    remaining = list(right)
    only_left = []
    for statement in left:
        if statement in remaining:
            remaining.remove(statement)
        else:
            only_left.append(statement)
    return only_left, remaining
