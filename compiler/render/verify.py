"""verify.sql: one row per discrepancy between a database and a catalog.

Tables are compared against *shadow* copies that the script builds from the
catalog in `pg_temp` (same columns, defaults, checks, keys, indexes and
comments, renamed to `schemac_t1`, `schemac_c1`, `schemac_i1`, ...). PostgreSQL
normalises both sides the same way, so a default of `0` on a numeric column or
`amount > 0` in a check compare equal to what the server stored, while any real
change shows. Foreign keys, enums, schemas and extensions need no
normalisation and are compared against literals. The script runs in a
transaction that it rolls back: it leaves nothing behind.
"""

from __future__ import annotations

import dataclasses

from compiler.catalog.objects import Catalog, Constraint, Enum, Extension, Index, Schema, Table
from compiler.ops import AddConstraint, CreateIndex
from compiler.render.env import render
from compiler.render.migration import render_op, search_path
from compiler.render.fragments import column_definition
from compiler.render.sql import FK_ACTION_CODES, FK_ACTIONS, ident, literal, qualified

SHADOW_SCHEMA = "pg_temp"


def _label(kind: str, *parts: str) -> str:
    return f"{kind} " + ".".join(parts)


def render_verify(title: str, catalog: Catalog) -> str:
    by_table: dict[str, list] = {}
    for obj in catalog:
        if isinstance(obj, (Constraint, Index)):
            by_table.setdefault(obj.table_key, []).append(obj)

    tables, shadows, constraints, foreign_keys, indexes = [], [], [], [], []
    counter = {"t": 0, "c": 0, "i": 0}

    def shadow_name(kind: str) -> str:
        counter[kind] += 1
        return f"schemac_{kind}{counter[kind]}"

    for table in catalog.of_kind(Table):
        real = qualified(table.schema, table.name)
        shadow_table = dataclasses.replace(table, schema=SHADOW_SCHEMA, name=shadow_name("t"), columns=())
        tables.append({"object": _label("table", real), "real": real,
                       "shadow": qualified(SHADOW_SCHEMA, shadow_table.name)})
        # generated columns last: ADD COLUMN cannot refer to a column added later
        ordered = sorted(table.columns, key=lambda c: c.generated is not None)
        shadow_ref = qualified(SHADOW_SCHEMA, shadow_table.name)
        pieces = [_piece(f"column {real}.{ident(c.name)}", "column", real, c.name, _shadow_column(shadow_ref, c))
                  for c in ordered]
        for obj in by_table.get(table.key, []):
            if isinstance(obj, Constraint) and obj.kind == "foreign_key":
                foreign_keys.append(_foreign_key(obj, real))
            elif isinstance(obj, Constraint):
                copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table.name, name=shadow_name("c"))
                label = f"constraint {ident(obj.name)} on {real}"
                constraints.append({"object": label, "real_table": real,
                                    "name": obj.name, "shadow_table": qualified(SHADOW_SCHEMA, shadow_table.name),
                                    "shadow_name": copy.name})
                pieces.append(_piece(label, "constraint", real, obj.name, render_op(AddConstraint(copy))))
            else:
                copy = dataclasses.replace(obj, schema=SHADOW_SCHEMA, table=shadow_table.name, name=shadow_name("i"),
                                           concurrently=False)
                label = _label("index", qualified(obj.schema, obj.name))
                indexes.append({"object": label, "real_table": real,
                                "real": qualified(obj.schema, obj.name), "shadow": qualified(SHADOW_SCHEMA, copy.name)})
                pieces.append(_piece(label, "index", real, qualified(obj.schema, obj.name), render_op(CreateIndex(copy))))
        statements = render("verify/shadow_table.sql.j2", shadow={"table": shadow_table, "pieces": pieces})
        shadows.append({"object": tables[-1]["object"], "sql": statements})

    enums = [{"object": _label("enum", qualified(e.schema, e.name)), "name": qualified(e.schema, e.name),
              "values": list(e.values), "comment": e.comment} for e in catalog.of_kind(Enum)]
    schemas = [{"object": f"schema {ident(s.name)}", "name": s.name} for s in catalog.of_kind(Schema)]
    extensions = [{"object": f"extension {ident(x.name)}", "name": x.name} for x in catalog.of_kind(Extension)]
    return render("verify/verify.sql.j2", title=title, search_path=search_path(catalog), shadows=shadows,
                  tables=tables, constraints=constraints, foreign_keys=foreign_keys, indexes=indexes,
                  enums=enums, schemas=schemas, extensions=extensions)


def _piece(label: str, kind: str, real_table: str, real_name: str, sql: str) -> dict:
    """One part of a shadow table: its statements, and the row recorded in
    pg_temp.schemac_unbuildable when they fail."""
    failure = ", ".join(literal(v) for v in (label, kind, real_table, real_name))
    return {"sql": sql, "failure": failure}


def _shadow_column(shadow_table: str, column) -> str:
    sql = f"ALTER TABLE {shadow_table} ADD COLUMN {column_definition(column)};\n"
    if column.comment is not None:
        sql += f"COMMENT ON COLUMN {shadow_table}.{ident(column.name)} IS {literal(column.comment)};\n"
    return sql


def _foreign_key(fk: Constraint, real_table: str) -> dict:
    return {
        "object": f"constraint {ident(fk.name)} on {real_table}",
        "real_table": real_table, "name": fk.name, "columns": list(fk.columns),
        "ref_table": qualified(fk.ref_schema, fk.ref_table), "ref_columns": list(fk.ref_columns),
        "on_update": FK_ACTION_CODES[fk.on_update], "on_delete": FK_ACTION_CODES[fk.on_delete],
        "deferrable": fk.deferrable, "deferred": fk.initially_deferred, "suffix": _foreign_key_suffix(fk),
        "comment": fk.comment,
    }


def _foreign_key_suffix(fk: Constraint) -> str:
    """What pg_get_constraintdef() prints after `REFERENCES table(columns)`."""
    text = ""
    if fk.on_update != "no_action":
        text += f" ON UPDATE {FK_ACTIONS[fk.on_update]}"
    if fk.on_delete != "no_action":
        text += f" ON DELETE {FK_ACTIONS[fk.on_delete]}"
    if fk.deferrable:
        text += " DEFERRABLE"
        if fk.initially_deferred:
            text += " INITIALLY DEFERRED"
    return text
