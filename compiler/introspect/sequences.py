"""Sequences from pg_catalog (those of identity columns belong to their column)."""

from __future__ import annotations

from compiler.catalog.objects import Sequence


def sequences(ctx) -> list:
    result = []
    for row in ctx.rows("sequences"):
        owned = (row["owned_table"], row["owned_column"]) if row["owned_table"] and row["owned_schema"] == row["schema"] \
            else ()
        sequence = Sequence(schema=row["schema"], name=row["name"], type=row["type"], start=row["start"],
                            increment=row["increment"], min=row["min"], max=row["max"], cache=row["cache"],
                            cycle=row["cycle"], owned_by=owned, comment=row["comment"])
        ctx.register("pg_class", row["oid"], sequence.key)
        result.append(sequence)
    return result
