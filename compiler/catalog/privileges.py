"""Catalog objects of the privilege model beyond grants: who owns an object
(`Owner`), and the privileges new objects get (`DefaultPrivilege`, ALTER
DEFAULT PRIVILEGES). Grants themselves are `programmable.Grant`."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.catalog.objects import Source, TypeRef, _source

# ALTER DEFAULT PRIVILEGES ... ON <kind>: the privileges each kind has, in PostgreSQL's order
DEFAULT_PRIVILEGE_KINDS = {
    "tables": ("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain"),
    "sequences": ("select", "update", "usage"),
    "functions": ("execute",),
    "types": ("usage",),
    "schemas": ("usage", "create"),
}
# what PostgreSQL gives PUBLIC on new objects of a kind unless revoked (only revocable without IN SCHEMA)
PUBLIC_BY_DEFAULT = {"functions": ("execute",), "types": ("usage",)}


@dataclass(frozen=True)
class Owner:
    """The declared owner of a table, view, function or schema (`on` is its key)."""

    on: str
    object_kind: str  # table | view | materialized view | function | procedure | schema
    schema: str
    name: str
    role: str
    arg_types: tuple[TypeRef, ...] = ()  # for functions: the signature
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"owner:{self.on}"


@dataclass(frozen=True)
class DefaultPrivilege:
    """ALTER DEFAULT PRIVILEGES [FOR ROLE for_role] [IN SCHEMA schema] GRANT
    privileges ON <on> TO role. `for_role` None: the role running the
    migration. Empty `privileges` for PUBLIC on functions or types: PUBLIC's
    built-in EXECUTE (USAGE) revoked."""

    for_role: str | None
    schema: str | None
    on: str  # tables | sequences | functions | types | schemas
    role: str
    privileges: tuple[str, ...]
    grant_option: bool = False
    source: Source | None = _source()

    @property
    def key(self) -> str:
        return f"default_privileges:{self.for_role or '-'}.{self.schema or '-'}.{self.on}:{self.role}"

    @property
    def revokes_builtin(self) -> bool:
        return not self.privileges
