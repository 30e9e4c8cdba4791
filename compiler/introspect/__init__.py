"""A live database read back into the catalog that specs resolve to.

One query per object kind against pg_catalog (templates/introspect/), run in
one read-only REPEATABLE READ transaction with only pg_catalog on the
search_path, so SQL texts come out in PostgreSQL's normal form, fully
qualified. Each kind has a reader (`READERS`, in order): it turns the rows
of its query into catalog objects with the keys resolving specs gives them.
A new kind plugs in with one template and one reader (and its kind in
`AHEAD` when its query needs nothing but the schemas and the server version).

The rows of the kinds in `AHEAD` are fetched ahead, while the readers build
objects, on two connections sharing one snapshot (compiler/introspect/fetch.py).

Objects that extensions own are left to their extension; of the roles, those
the objects name (grants, owners, default privileges, policies).
Dependencies (`depends_on`) are those PostgreSQL records (pg_depend), mapped
to keys of inspected objects.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import Future
from dataclasses import dataclass, field

import psycopg
from psycopg.rows import dict_row

from compiler.apply import connect, failure
from compiler.catalog.objects import Catalog, Column
from compiler.errors import DatabaseError, UsageError
from compiler.gc_pause import with_collector_paused
from compiler.introspect.fetch import fetched_ahead
from compiler.render import introspect as sql

DEPENDENCY = "dependency:"  # a placeholder in depends_on until every object's key is known


@dataclass
class Inspection:
    """What the readers share: the connection, the schemas and server
    version, the objects read so far, and the key of each object by its
    (catalog, oid) for the dependencies PostgreSQL records."""

    conn: psycopg.Connection
    schemas: list[str]
    version: int
    objects: list = field(default_factory=list)
    keys: dict[tuple[str, int], str] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)  # roles to read even when no object names them
    user_types: set[tuple[str, str]] = field(default_factory=set)  # (schema, name) of domains, composite, range types
    ahead: dict[str, Future] = field(default_factory=dict)  # the rows of the kinds fetched ahead
    granted: list[str] = field(default_factory=list)  # schemas whose privileges (to `roles`, PUBLIC) are read too
    every_role: bool = False  # every role's database-wide default privileges, not only those of `roles`

    def rows(self, kind: str, **context) -> list[dict]:
        fetched = None if context else self.ahead.pop(kind, None)
        try:
            return fetched.result() if fetched is not None else self.fetch(kind, **context)
        except psycopg.Error as exc:
            raise failure(exc, self.conn, f"reading the {kind.replace('_', ' ')} of the database: "
                                          f"{_one_line(str(exc))}") from None

    def fetch(self, kind: str, conn: psycopg.Connection | None = None, **context) -> list[dict]:
        text = sql.catalog_query(kind, self.schemas, self.version, **context)
        with (conn or self.conn).cursor(row_factory=dict_row) as cur:  # connections are thread-safe, cursors not
            cur.execute(text.encode("utf-8"), prepare=False)
            return cur.fetchall()

    def register(self, catalog: str, oid: int, key: str) -> None:
        self.keys[(catalog, oid)] = key


def dependencies(raw, only: tuple[str, ...] = ("pg_class", "pg_proc")) -> tuple[str, ...]:
    """Placeholders for the (catalog, oid) pairs a query found; `resolved`
    turns them into keys once every object is read."""
    return tuple(sorted({f"{DEPENDENCY}{c}:{oid}" for c, oid in raw if c in only}))


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.strip().splitlines() if line.strip())


def inspect_url(url: str, schemas: list[str] | None = None, *, require: bool = True,
                roles: list[str] = (), granted: list[str] = (), every_role: bool = False) -> Catalog:
    """The catalog of the database at `url` (its `schemas`, or every schema
    outside PostgreSQL's own and the extensions')."""
    with open_connection(url) as conn:
        return inspect_connection(conn, schemas, require=require, roles=roles, granted=granted,
                                  every_role=every_role)


def open_connection(url: str) -> psycopg.Connection:
    """A connection, or a one-line DatabaseError (exit 3) saying why not."""
    try:
        return connect(url)
    except DatabaseError as exc:
        raise type(exc)(_one_line(str(exc))) from None


@with_collector_paused
def inspect_connection(conn: psycopg.Connection, schemas: list[str] | None = None, *,
                       in_transaction: bool = False, require: bool = True, roles: list[str] = (),
                       granted: list[str] = (), every_role: bool = False) -> Catalog:
    """Read the catalog; in the caller's transaction (`in_transaction`) or
    in a read-only snapshot of its own. With `require`, a schema named in
    `schemas` that does not exist is a usage error; otherwise it is skipped.
    `roles`: roles read besides those the objects name (when they exist);
    `granted`: schemas whose privileges for `roles` and PUBLIC are read
    though their objects are not (one of another project, `public`).
    `every_role`: the database-wide default privileges of every role are
    read (an import: they belong to the database), not only the caller's
    and those of `roles` (drift and plan: the roles the specs name)."""
    try:
        if not in_transaction:
            conn.execute(sql.BEGIN_SNAPSHOT)
        conn.execute(sql.INSPECT_SETTINGS)
        version = conn.execute(sql.SERVER_VERSION).fetchone()[0]
    except psycopg.Error as exc:
        raise failure(exc, conn, f"reading the database: {_one_line(str(exc))}") from None
    try:
        ctx = Inspection(conn, [], version, roles=list(roles), granted=list(granted), every_role=every_role)
        existing = [row["name"] for row in ctx.rows("schemas")]
        if schemas is None:
            ctx.schemas = existing
        else:
            missing = [s for s in schemas if s not in existing]
            if missing and require:
                raise UsageError(f"schema {', '.join(f'`{s}`' for s in missing)} does not exist in the database "
                                 f"(it has: {', '.join(existing) or 'no schema'})")
            ctx.schemas = [s for s in dict.fromkeys(schemas) if s in existing]
        with fetched_ahead(ctx, AHEAD, share_snapshot=not in_transaction):
            for reader in READERS:
                ctx.objects.extend(reader(ctx))
        catalog = Catalog(tuple(resolved(obj, ctx.keys) for obj in ctx.objects))
    finally:
        if not in_transaction and not conn.closed and not conn.broken:
            conn.execute(sql.COMMIT)
    return catalog


def resolved(obj, keys: dict[tuple[str, int], str]):
    """`obj` with its dependency placeholders (and its columns') turned into
    keys of inspected objects; what names no inspected object (a built-in,
    an object of another schema, itself) is dropped."""
    changes = {}
    deps = getattr(obj, "depends_on", None)
    is_column = isinstance(obj, Column)
    if deps and deps[0].startswith(DEPENDENCY):
        own = getattr(obj, "key", None)
        table = getattr(obj, "table_key", None)
        found = set()
        for dep in deps:
            if not dep.startswith(DEPENDENCY):  # a key already (the type an object is built on)
                found.add(dep)
                continue
            catalog, _, oid = dep[len(DEPENDENCY):].partition(":")
            key = keys.get((catalog, int(oid)))
            if key is not None and key not in (own, table) and (not is_column or not key.startswith("table:")):
                found.add(key)
        changes["depends_on"] = tuple(sorted(found))
    columns = getattr(obj, "columns", None)
    if columns and hasattr(columns[0], "depends_on") and any(c.depends_on for c in columns):
        new = tuple(resolved(c, keys) for c in columns)
        if any(a is not b for a, b in zip(new, columns)):
            changes["columns"] = new
    return dataclasses.replace(obj, **changes) if changes else obj


from compiler.introspect import keys, partitions, privileges, routines, security, sequences, tables, user_types  # noqa: E402,E501 - the readers use Inspection

# in order: a reader may use what the readers before it registered (oids, objects)
READERS = (tables.schemas, tables.extensions, tables.enums, user_types.user_types, routines.functions,
           user_types.aggregates, sequences.sequences, tables.tables, partitions.partitioning,
           routines.views,
           keys.constraints, keys.indexes, routines.triggers, security.policies, security.row_security,
           security.grants, privileges.column_grants, privileges.public_schema, privileges.owners,
           privileges.default_privileges, security.roles)

# the kinds whose queries need only the schemas and the server version, in the order the readers ask for them
AHEAD = ("extensions", "enums", "functions", "sequences", "tables", "views", "constraints", "indexes", "triggers",
         "policies", "row_security", "grants")

