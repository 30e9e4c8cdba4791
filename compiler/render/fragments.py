"""Column definitions and constraint bodies: the fragments every CREATE TABLE,
ALTER TABLE and verify.sql shadow repeats, tens of thousands of times in a big
project. They are formatted here in Python, once per distinct object (cached),
rather than by a Jinja macro per use; templates place them."""

from __future__ import annotations

from functools import lru_cache

from compiler.catalog.objects import Column, Constraint
from compiler.render.sql import default_expression, fk_action, ident, literal, qualified, sql_type


def column_list(names) -> str:
    return ", ".join(ident(n) for n in names)


@lru_cache(maxsize=65536)
def column_definition(c: Column) -> str:
    text = f"{ident(c.name)} {sql_type(c.type)}"
    if c.identity:
        text += f" GENERATED {'ALWAYS' if c.identity == 'always' else 'BY DEFAULT'} AS IDENTITY"
    if c.generated is not None:
        text += f" GENERATED ALWAYS AS ({c.generated}) STORED"
    if not c.nullable:
        text += " NOT NULL"
    if c.default is not None:
        value = default_expression(c.default.expression) if c.default.expression is not None else literal(c.default.enum_label)
        text += f" DEFAULT {value}"
    return text


@lru_cache(maxsize=65536)
def constraint_body(c: Constraint) -> str:
    if c.kind == "primary_key":
        return f"PRIMARY KEY ({column_list(c.columns)})"
    if c.kind == "unique":
        return f"UNIQUE{' NULLS NOT DISTINCT' if c.nulls_not_distinct else ''} ({column_list(c.columns)})"
    if c.kind == "check":
        return f"CHECK ({c.expression})"
    text = (f"FOREIGN KEY ({column_list(c.columns)}) REFERENCES {qualified(c.ref_schema, c.ref_table)} "
            f"({column_list(c.ref_columns)})")
    if c.on_update != "no_action":
        text += f" ON UPDATE {fk_action(c.on_update)}"
    if c.on_delete != "no_action":
        text += f" ON DELETE {fk_action(c.on_delete)}"
    if c.deferrable:
        text += " DEFERRABLE" + (" INITIALLY DEFERRED" if c.initially_deferred else "")
    return text
