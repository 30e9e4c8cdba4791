"""How the inspected tables are partitioned and logged: a partitioned
table's key (`PartitionKey`), a partition's parent and bound
(`PartitionBound`), UNLOGGED. Read after the tables, whose objects it
completes: a partition holds no columns of its own, as in the specs' catalog
(it has its parent's), unless one differs from its parent's. Keys and bounds
are what `pg_get_partkeydef` and `pg_get_expr(relpartbound)` print, read
with PostgreSQL's own parser and scanner; a bound's values are the constants
PostgreSQL prints (`2024-01-01`, `10`), compared with the specs' through
PostgreSQL's normal form."""

from __future__ import annotations

import dataclasses
import json

from pglast import parser

from compiler.catalog.objects import BoundDatum, IndexElement, PartitionBound, PartitionKey, Table
from compiler.introspect import DEPENDENCY
from compiler.render import introspect as sql

_STRATEGIES = {"PARTITION_STRATEGY_RANGE": "range", "PARTITION_STRATEGY_LIST": "list",
               "PARTITION_STRATEGY_HASH": "hash"}
_BOUND_KINDS = {"r": "range", "l": "list", "h": "hash"}


def _statement(text: str, what: str) -> dict:
    try:
        return json.loads(parser.parse_sql_json(text))["stmts"][0]["stmt"]["CreateStmt"]
    except (parser.ParseError, KeyError, IndexError) as exc:
        raise RuntimeError(f"cannot read the {what} PostgreSQL printed: {text!r} ({exc})") from None


def _last_name(names: list | None) -> str | None:
    return names[-1]["String"].get("sval", "") if names else None


def _element_texts(definition: str) -> list[str]:
    """The text of each expression element of `RANGE (a, lower(b) COLLATE "C",
    ((c + 1)))` without its collation and operator class: PostgreSQL prints
    an expression as a function call or in parentheses, so it ends where its
    first parenthesis closes (told by PostgreSQL's scanner). A column's text
    is not used (the parse tree names it)."""
    texts, depth, start, end, closed = [], 0, None, None, False
    for token in parser.scan(definition):
        char = definition[token.start:token.end + 1]
        if depth == 0:
            depth = 1 if char == "(" else 0
            continue
        if depth == 1 and char in (",", ")"):
            texts.append(definition[start:end + 1])
            if char == ")":
                break
            start, end, closed = None, None, False
            continue
        if start is None:
            start = token.start
        if not closed:
            end = token.end
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            closed = depth == 1
    return texts


def partition_key(definition: str) -> PartitionKey:
    """The key `pg_get_partkeydef` prints: `RANGE (created_at)`."""
    spec = _statement(sql.partition_key_statement(definition), "partition key")["partspec"]
    texts = _element_texts(definition)
    elements = []
    for i, item in enumerate(spec["partParams"]):
        elem = item["PartitionElem"]
        collate, opclass = _last_name(elem.get("collation")), _last_name(elem.get("opclass"))
        if "name" in elem:
            elements.append(IndexElement(column=elem["name"], collate=collate, opclass=opclass))
        else:
            elements.append(IndexElement(expression=texts[i], collate=collate, opclass=opclass))
    return PartitionKey(_STRATEGIES[spec["strategy"]], tuple(elements))


def _datum(node: dict) -> BoundDatum | str | None:
    if "ColumnRef" in node:  # MINVALUE, MAXVALUE
        return BoundDatum(special=node["ColumnRef"]["fields"][0]["String"]["sval"].lower())
    const = node["A_Const"]
    if const.get("isnull"):
        return None
    if "ival" in const:
        return str(const["ival"].get("ival", 0))
    if "fval" in const:
        return const["fval"]["fval"]
    if "boolval" in const:
        return "true" if const["boolval"].get("boolval") else "false"
    return const["sval"].get("sval", "")


def _range_side(nodes: list) -> tuple[BoundDatum, ...]:
    data = [_datum(n) for n in nodes]
    return tuple(d if isinstance(d, BoundDatum) else BoundDatum(value=d) for d in data)


def partition_bound(text: str) -> PartitionBound:
    """The bound `pg_get_expr(relpartbound)` prints: `FOR VALUES FROM ('a') TO (MAXVALUE)`, `DEFAULT`."""
    bound = _statement(sql.partition_bound_statement(text), "partition bound")["partbound"]
    if bound.get("is_default"):
        return PartitionBound("default")
    kind = _BOUND_KINDS[bound["strategy"]]
    if kind == "hash":
        return PartitionBound("hash", modulus=bound.get("modulus", 0), remainder=bound.get("remainder", 0))
    if kind == "list":
        return PartitionBound("list", values=tuple(_datum(n) for n in bound.get("listdatums", ())))
    return PartitionBound("range", lower=_range_side(bound["lowerdatums"]), upper=_range_side(bound["upperdatums"]))


def _own_columns(partition: Table, parent: Table | None, oids: tuple[int, int] = (0, 0)) -> tuple:
    """A partition's columns that are not as its parent's (a default or
    NOT NULL set on the partition alone, a comment of its own): none when
    it was made from its parent, as the specs' catalog holds it. Identity is
    left out (before PostgreSQL 17 a partition's column does not take it),
    and so is the comment of a column the partition does not comment:
    PARTITION OF copies no comments. A generated column's expression
    depends on its own table: the partition's copy, on the partition
    (`oids`: the partition's and its parent's), which is the same."""
    if parent is None:
        return ()
    theirs = {c.name: dataclasses.replace(c, identity=None) for c in parent.columns}
    own, parents_oid = (f"{DEPENDENCY}pg_class:{oid}" for oid in oids)

    def as_parent(c):
        mine = dataclasses.replace(c, identity=None)
        if own in mine.depends_on:
            mine = dataclasses.replace(mine, depends_on=tuple(sorted(
                parents_oid if dep == own else dep for dep in mine.depends_on)))
        parents = theirs.get(c.name)
        if parents is not None and mine.comment is None:
            mine = dataclasses.replace(mine, comment=parents.comment)
        return mine == parents

    return tuple(c for c in partition.columns if not as_parent(c))


def partitioning(ctx) -> list:
    """Completes the tables read before: key, parent and bound, UNLOGGED."""
    rows = {row["oid"]: row for row in ctx.rows("partitions")}
    if not rows:
        return []
    oids = {key: oid for (catalog, oid), key in ctx.keys.items() if catalog == "pg_class"}
    tables = {t.key: t for t in ctx.objects if isinstance(t, Table)}
    for i, table in enumerate(ctx.objects):
        row = rows.get(oids.get(table.key)) if isinstance(table, Table) else None
        if row is None:
            continue
        changes = {"unlogged": row["unlogged"]}
        if row["partition_key"] is not None:
            changes["partition_by"] = partition_key(row["partition_key"])
        if row["parent"] is not None:
            same = row["parent_schema"] == table.schema
            parent = tables.get(f"table:{row['parent_schema']}.{row['parent']}")
            own = (oids.get(table.key, 0), oids.get(parent.key, 0) if parent is not None else 0)
            changes.update(columns=_own_columns(table, parent, own), bound=partition_bound(row["bound"]),
                           partition_of=row["parent"] if same else f"{row['parent_schema']}.{row['parent']}")
        ctx.objects[i] = dataclasses.replace(table, **changes)
    return []
