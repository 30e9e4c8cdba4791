"""verify.sql rows of the privilege model beyond grants: declared owners,
default privileges, and the labels of column privileges."""

from __future__ import annotations

from compiler.catalog.objects import Catalog
from compiler.catalog.privileges import DefaultPrivilege, Owner
from compiler.render.sql import ident

# pg_default_acl.defaclobjtype of each `on:` kind
DEFAULT_ACL_TYPES = {"tables": "r", "sequences": "S", "functions": "f", "types": "T", "schemas": "n"}


def column_label(table_ref: str, column: str) -> str:
    """The label verify.sql gives a column's privileges (as its format('column %s.%I') writes it)."""
    return f"column {table_ref}.{ident(column)}"


def owner_rows(catalog: Catalog, acl_objects: dict[str, dict]) -> list[dict]:
    return [{"target": acl_objects[o.on]["object"], "role": o.role}
            for o in catalog.of_kind(Owner) if o.on in acl_objects]


def default_privilege_rows(catalog: Catalog) -> list[dict]:
    return [{"for_role": d.for_role, "schema": d.schema, "objtype": DEFAULT_ACL_TYPES[d.on], "role": d.role,
             "privileges": [p.upper() for p in d.privileges], "grant_option": d.grant_option}
            for d in catalog.of_kind(DefaultPrivilege)]
