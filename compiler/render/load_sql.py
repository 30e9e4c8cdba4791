"""The SQL `schemac import --sql` runs around the files it loads: which of
the roles they name exist, the NOLOGIN roles made for the others, and the
psql meta-command that forbids any other meta-command while they run."""

from __future__ import annotations

from compiler.render.sql import ident, text_array


def existing_roles(names: list[str]) -> str:
    return f"SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY ({text_array(names)}) ORDER BY 1"


def create_roles(names: list[str]) -> str:
    return "".join(f"CREATE ROLE {ident(name)} NOLOGIN;\n" for name in names)


def restrict(key: str) -> str:
    """psql's restricted mode (PostgreSQL 13.22, 14.19, 15.14, 16.10, 17.6, 18 and later): every
    meta-command but `\\unrestrict <key>` is refused, so a file can run SQL and COPY data only."""
    if not key.isalnum():
        raise ValueError("a restrict key is letters and digits")
    return f"\\restrict {key}"
