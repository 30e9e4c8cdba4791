"""Constraints (exclusion constraints and temporal keys among them) and indexes from pg_catalog."""

from __future__ import annotations

from compiler.catalog.objects import Constraint, Index
from compiler.introspect.index_elements import index_elements, options
from compiler.render.sql import FK_ACTION_CODES

_KINDS = {"p": "primary_key", "u": "unique", "c": "check", "f": "foreign_key", "x": "exclusion"}
_ACTIONS = {code: action for action, code in FK_ACTION_CODES.items()}


def constraints(ctx) -> list:
    from compiler.introspect import dependencies
    result = []
    for row in ctx.rows("constraints"):
        kind = _KINDS[row["kind"]]
        fk, exclusion = kind == "foreign_key", kind == "exclusion"
        elements = index_elements(row["elements"], row["definition"], row["operators"]) if exclusion else ()
        result.append(Constraint(
            row["schema"], row["table"], row["name"], kind,
            columns=(tuple(dict.fromkeys(e.column for e in elements if e.column is not None)) if exclusion
                     else tuple(row["columns"]) if kind != "check" else ()),
            expression=row["expression"], nulls_not_distinct=row["nulls_not_distinct"],
            ref_schema=row["ref_schema"] if fk else None, ref_table=row["ref_table"] if fk else None,
            ref_columns=tuple(row["ref_columns"]) if fk else (),
            on_delete=_ACTIONS.get(row["on_delete"], "no_action") if fk else "no_action",
            on_update=_ACTIONS.get(row["on_update"], "no_action") if fk else "no_action",
            deferrable=row["deferrable"], initially_deferred=row["initially_deferred"], comment=row["comment"],
            depends_on=dependencies(row["depends"], only=("pg_proc",)),
            without_overlaps=row["period"] and kind in ("primary_key", "unique"), period=row["period"] and fk,
            method=row["method"], elements=elements, where=row["where"]))
    return result


def indexes(ctx) -> list:
    from compiler.introspect import dependencies
    result = []
    for row in ctx.rows("indexes"):
        result.append(Index(
            row["schema"], row["table"], row["name"], index_elements(row["elements"], row["definition"]),
            unique=row["unique"], method=row["method"], where=row["where"], include=tuple(row["include"]),
            nulls_not_distinct=row["nulls_not_distinct"], comment=row["comment"],
            relation="view" if row["relkind"] == "m" else "table",
            depends_on=dependencies(row["depends"], only=("pg_proc",)), parameters=options(row["parameters"])))
    return result
