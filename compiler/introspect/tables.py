"""Schemas, extensions, enums and tables (with their columns) from pg_catalog."""

from __future__ import annotations

import itertools
import operator

from compiler.catalog.objects import Column, ColumnDefault, Enum, Extension, Schema, Table
from compiler.introspect import dependencies  # defined before the package imports its readers
from compiler.introspect.types import enum_label, type_ref

_IDENTITY = {"a": "always", "d": "by_default"}


def schemas(ctx) -> list:
    """A schema other than public is one the specs create."""
    return [Schema(name) for name in ctx.schemas if name != "public"]


def extensions(ctx) -> list:
    return [Extension(name=row["name"], schema=row["schema"]) for row in ctx.rows("extensions")]


def enums(ctx) -> list:
    return [Enum(schema=row["schema"], name=row["name"], values=tuple(row["labels"]), comment=row["comment"])
            for row in ctx.rows("enums")]


def _column(row: dict, comment: str | None, made: dict, user_types: set[tuple[str, str]]) -> Column:
    """The column of `row`. Tables share many columns alike (`id`,
    `created_at`) and a few types: each is made once per inspection (`made`,
    by what it is made from), as catalog objects are never changed."""
    found = (row["column"], row["type_schema"], row["type_name"], row["typtype"], row["type_format"], row["is_array"],
             row["type_relkind"], row["ndims"], row["not_null"], row["expression"], row["generated"], row["identity"],
             comment, tuple(row["functions"] or ()), tuple(row["relations"] or ()))
    column = made.get(found)
    if column is None:
        column = made[found] = _new_column(row, comment, made, user_types)
    return column


def _new_column(row: dict, comment: str | None, made: dict, user_types: set[tuple[str, str]]) -> Column:
    found = ("type", row["type_schema"], row["type_name"], row["typtype"], row["type_format"], row["is_array"],
             row["type_relkind"], row["ndims"])
    t = made.get(found)
    if t is None:
        t = made[found] = type_ref({"schema": row["type_schema"], "name": row["type_name"], "typtype": row["typtype"],
                                    "format": row["type_format"], "array": row["is_array"],
                                    "relkind": row["type_relkind"]}, row["ndims"], user_types)
    expression = row["expression"]
    default = generated = None
    if expression is not None and row["generated"]:
        generated = expression
    elif expression is not None:
        label = enum_label(expression) if t.kind == "enum" and not t.array_dims else None
        default = ColumnDefault(enum_label=label) if label is not None else ColumnDefault(expression)
    # the functions a default calls and the sequences its nextval() names (other relations are not kept)
    depends = dependencies([("pg_proc", oid) for oid in row["functions"] or ()]
                           + [("pg_class", oid) for oid in row["relations"] or ()])
    return Column(name=row["column"], type=t, nullable=not row["not_null"], default=default,
                  identity=_IDENTITY.get(row["identity"]), generated=generated, virtual=row["generated"] == "v",
                  comment=comment, depends_on=depends)


def tables(ctx) -> list:
    result, made = [], {}
    found = ctx.rows("tables")
    found.sort(key=lambda row: (row["oid"], row["num"] or 0))  # by table, columns in attnum order
    for _, rows in itertools.groupby(found, key=operator.itemgetter("oid")):
        rows = list(rows)
        first = rows[0]
        comments = {int(num): text for num, _, text in (c.partition(":") for c in first["column_comments"])}
        columns = tuple(_column(row, comments.get(row["num"]), made, ctx.user_types)
                        for row in rows if row["column"] is not None)
        table = Table(schema=first["schema"], name=first["name"], columns=columns, comment=first["comment"])
        ctx.register("pg_class", first["oid"], table.key)
        result.append(table)
    return result
