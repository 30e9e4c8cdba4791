"""Schemas, extensions, enums and tables (with their columns) from pg_catalog."""

from __future__ import annotations

from compiler.catalog.objects import Column, ColumnDefault, Enum, Extension, Schema, Table
from compiler.introspect.types import enum_label, type_ref

_IDENTITY = {"a": "always", "d": "by_default"}


def schemas(ctx) -> list:
    """A schema other than public is one the specs create."""
    return [Schema(name) for name in ctx.schemas if name != "public"]


def extensions(ctx) -> list:
    return [Extension(row["name"], row["schema"]) for row in ctx.rows("extensions")]


def enums(ctx) -> list:
    return [Enum(row["schema"], row["name"], tuple(row["labels"]), row["comment"]) for row in ctx.rows("enums")]


def _column(data: dict) -> Column:
    from compiler.introspect import dependencies
    t = type_ref(data["type"], data["ndims"])
    expression = data["expression"]
    default = generated = None
    if expression is not None and data["generated"]:
        generated = expression
    elif expression is not None:
        label = enum_label(expression) if t.kind == "enum" and not t.array_dims else None
        default = ColumnDefault(enum_label=label) if label is not None else ColumnDefault(expression)
    return Column(data["name"], t, not data["not_null"], default, _IDENTITY.get(data["identity"]), generated,
                  data["comment"], depends_on=dependencies(data["depends"], only=("pg_proc",)))


def tables(ctx) -> list:
    result = []
    for row in ctx.rows("tables"):
        table = Table(row["schema"], row["name"], tuple(_column(c) for c in row["columns"]), row["comment"])
        ctx.register("pg_class", row["oid"], table.key)
        result.append(table)
    return result
