"""Fragments of the statements on SQL domains, composite and range types
and aggregates (templates/ddl/*domain*, *_type*, *aggregate*)."""

from __future__ import annotations

from compiler.render.sql import ident, literal, qualified, sql_type


def routine_name(text: str) -> str:
    """A function an aggregate or range names: `schema.name`, or a bare
    built-in's name."""
    schema, _, name = text.rpartition(".")
    return qualified(schema, name) if schema else ident(name)


def aggregate_identity(a) -> str:
    return f"{qualified(a.schema, a.name)}({', '.join(sql_type(t) for t in a.args)})"


def domain_definition(d) -> str:
    """`schema.name AS base [COLLATE c] [DEFAULT e] [NOT NULL] [CONSTRAINT n CHECK (...)]...`."""
    text = f"{qualified(d.schema, d.name)} AS {sql_type(d.base)}"
    if d.collation is not None:
        text += f" COLLATE {ident(d.collation)}"
    if d.default is not None:
        text += f" DEFAULT {d.default}"
    if not d.nullable:
        text += " NOT NULL"
    for c in d.checks:
        text += f"\n    CONSTRAINT {ident(c.name)} CHECK ({c.expression})"
    return text


def attribute_definition(a) -> str:
    return f"{ident(a.name)} {sql_type(a.type)}" + (f" COLLATE {ident(a.collation)}" if a.collation else "")


def range_options(r) -> str:
    options = [f"SUBTYPE = {sql_type(r.subtype)}"]
    if r.subtype_opclass is not None:
        options.append(f"SUBTYPE_OPCLASS = {ident(r.subtype_opclass)}")
    if r.collation is not None:
        options.append(f"COLLATION = {ident(r.collation)}")
    if r.subtype_diff is not None:
        options.append(f"SUBTYPE_DIFF = {routine_name(r.subtype_diff)}")
    return ", ".join(options)


def aggregate_options(a) -> str:
    options = [f"SFUNC = {routine_name(a.state_function)}", f"STYPE = {sql_type(a.state_type)}"]
    if a.final_function is not None:
        options.append(f"FINALFUNC = {routine_name(a.final_function)}")
    if a.combine_function is not None:
        options.append(f"COMBINEFUNC = {routine_name(a.combine_function)}")
    if a.initial_condition is not None:
        options.append(f"INITCOND = {literal(a.initial_condition)}")
    if a.parallel != "unsafe":
        options.append(f"PARALLEL = {a.parallel.upper()}")
    return ",\n    ".join(options)


FILTERS = {"routine_name": routine_name, "aggregate_identity": aggregate_identity,
           "domain_definition": domain_definition, "attribute_definition": attribute_definition,
           "range_options": range_options, "aggregate_options": aggregate_options}
