"""Column definitions and constraint bodies: the fragments every CREATE TABLE,
ALTER TABLE and verify.sql shadow repeats, tens of thousands of times in a big
project. They are formatted here in Python, once per distinct object (cached),
rather than by a Jinja macro per use; templates place them."""

from __future__ import annotations

import re
from functools import lru_cache

from compiler.catalog.objects import Column, Constraint, Index, IndexElement
from compiler.render.sql import default_expression, fk_action, ident, literal, qualified, sql_type


def column_list(names) -> str:
    return ", ".join(ident(n) for n in names)


@lru_cache(maxsize=65536)
def column_definition(c: Column) -> str:
    text = f"{ident(c.name)} {sql_type(c.type)}"
    if c.identity:
        text += f" GENERATED {'ALWAYS' if c.identity == 'always' else 'BY DEFAULT'} AS IDENTITY"
    if c.generated is not None:
        text += f" GENERATED ALWAYS AS ({c.generated}) {'VIRTUAL' if c.virtual else 'STORED'}"
    if not c.nullable:
        text += " NOT NULL"
    if c.default is not None:
        value = default_expression(c.default.expression) if c.default.expression is not None else literal(c.default.enum_label)
        text += f" DEFAULT {value}"
    return text


def copied_value(value: str, before: Column, after: Column) -> str:
    """A column's `value` (SQL over the old row) as a table copy writes it
    into the new column (compiler/ops/table_copy.py): cast to its new type
    when it has one."""
    return value if before.type == after.type else f"CAST({value} AS {sql_type(after.type)})"


def _key_columns(c: Constraint, names, marker: str) -> str:
    """The columns of a key; a temporal key's last one with its marker
    (`valid_at WITHOUT OVERLAPS`, `PERIOD valid_at`)."""
    parts = [ident(n) for n in names]
    if marker == "WITHOUT OVERLAPS":
        parts[-1] += " WITHOUT OVERLAPS"
    elif marker:
        parts[-1] = f"{marker} {parts[-1]}"
    return ", ".join(parts)


@lru_cache(maxsize=65536)
def constraint_body(c: Constraint) -> str:
    overlaps = "WITHOUT OVERLAPS" if c.without_overlaps else ""
    deferrable = (" DEFERRABLE" + (" INITIALLY DEFERRED" if c.initially_deferred else "")) if c.deferrable else ""
    if c.kind == "primary_key":
        return f"PRIMARY KEY ({_key_columns(c, c.columns, overlaps)})"
    if c.kind == "unique":
        return (f"UNIQUE{' NULLS NOT DISTINCT' if c.nulls_not_distinct else ''} "
                f"({_key_columns(c, c.columns, overlaps)})")
    if c.kind == "check":
        return f"CHECK ({c.expression})"
    if c.kind == "exclusion":
        text = f"EXCLUDE USING {ident(c.method)} ({', '.join(index_element(e) for e in c.elements)})"
        if c.where is not None:
            text += f" WHERE ({c.where})"
        return text + deferrable
    period = "PERIOD" if c.period else ""
    text = (f"FOREIGN KEY ({_key_columns(c, c.columns, period)}) REFERENCES {qualified(c.ref_schema, c.ref_table)} "
            f"({_key_columns(c, c.ref_columns, period)})")
    if c.on_update != "no_action":
        text += f" ON UPDATE {fk_action(c.on_update)}"
    if c.on_delete != "no_action":
        text += f" ON DELETE {fk_action(c.on_delete)}"
    return text + deferrable


_BARE_VALUE = re.compile(r"-?[0-9]+(\.[0-9]+)?|true|false|on|off", re.IGNORECASE)


def _parameters(pairs) -> str:
    """`name = value, ...` of storage or operator class parameters: numbers
    and booleans as they are, anything else as a literal."""
    return ", ".join(f"{ident(n)} = {v if _BARE_VALUE.fullmatch(v) else literal(v)}" for n, v in pairs)


def dotted(name: str) -> str:
    """A name written as `name` or `schema.name` (an operator class, a collation)."""
    return ".".join(ident(part) for part in name.split("."))


@lru_cache(maxsize=65536)
def index_element(e: IndexElement) -> str:
    """One element of an index or exclusion constraint:
    `column|(expression) [COLLATE c] [opclass [(params)]] [ASC|DESC] [NULLS FIRST|LAST] [WITH op]`."""
    text = ident(e.column) if e.column is not None else f"({e.expression})"
    if e.collate is not None:
        text += f" COLLATE {dotted(e.collate)}"
    if e.opclass is not None:
        text += f" {dotted(e.opclass)}"
        if e.opclass_params:
            text += f" ({_parameters(e.opclass_params)})"
    if e.order is not None:
        text += f" {e.order.upper()}"
    if e.nulls is not None:
        text += f" NULLS {e.nulls.upper()}"
    if e.operator is not None:
        text += f" WITH {e.operator}"
    return text


def index_definition(i: Index, concurrently: bool = False) -> str:
    """`CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table ... [WHERE (...)]`,
    without the semicolon: the statement of templates/ddl/create_index.sql.j2,
    also written for each shadow index of verify.sql."""
    text = (f"CREATE {'UNIQUE ' if i.unique else ''}INDEX {'CONCURRENTLY ' if concurrently else ''}{ident(i.name)} "
            f"ON {qualified(i.schema, i.table)}")
    if i.method != "btree":
        text += f" USING {ident(i.method)}"
    text += " (" + ", ".join(index_element(e) for e in i.elements) + ")"
    if i.include:
        text += f" INCLUDE ({column_list(i.include)})"
    if i.nulls_not_distinct:
        text += " NULLS NOT DISTINCT"
    if i.parameters:
        text += f" WITH ({_parameters(i.parameters)})"
    if i.where is not None:
        text += f" WHERE ({i.where})"
    return text


def partition_key(key) -> str:
    """`RANGE (col, (expression))` of PARTITION BY."""
    elements = ", ".join(ident(e.column) if e.column is not None else f"({e.expression})" for e in key.elements)
    return f"{key.strategy.upper()} ({elements})"


def partition_bound(bound) -> str:
    """`FOR VALUES ...` or `DEFAULT`: a partition's bound, values as literals."""
    if bound.kind == "default":
        return "DEFAULT"
    if bound.kind == "hash":
        return f"FOR VALUES WITH (MODULUS {int(bound.modulus)}, REMAINDER {int(bound.remainder)})"
    if bound.kind == "list":
        return f"FOR VALUES IN ({', '.join(literal(v) for v in bound.values)})"

    def side(datums) -> str:
        return ", ".join(d.special.upper() if d.special else literal(d.value) for d in datums)
    return f"FOR VALUES FROM ({side(bound.lower)}) TO ({side(bound.upper)})"


def sequence_options(s) -> str:
    """Every option of a Sequence, as CREATE and ALTER SEQUENCE take them:
    written out whole, so the result never depends on PostgreSQL's defaults
    or on what the sequence had before."""
    return (f"AS {s.type} INCREMENT BY {s.increment} MINVALUE {s.min} MAXVALUE {s.max} START WITH {s.start} "
            f"CACHE {s.cache} {'CYCLE' if s.cycle else 'NO CYCLE'}")


def role_name(role: str) -> str:
    """`public` is the PUBLIC pseudo-role, every other name an identifier."""
    return "PUBLIC" if role == "public" else ident(role)


def function_signature(schema: str, name: str, types) -> str:
    return f"{qualified(schema, name)}({', '.join(sql_type(t) for t in types)})"


def function_identity(f) -> str:
    """schema.name(argument types) of a Function, as DROP and COMMENT need it."""
    return function_signature(f.schema, f.name, [a.type for a in f.args if a.mode != "out"])


def argument(a) -> str:
    name = f"{ident(a.name)} " if a.name else ""  # an argument without a name is $1, $2, ... in the body
    text = f"{'' if a.mode == 'in' else a.mode.upper() + ' '}{name}{sql_type(a.type)}"
    return text + (f" DEFAULT {a.default}" if a.default is not None else "")


def returns_clause(r) -> str:
    if r.type is not None:
        return sql_type(r.type)
    if r.setof is not None:
        return f"SETOF {sql_type(r.setof)}"
    return "TABLE (" + ", ".join(f"{ident(n)} {sql_type(t)}" for n, t in r.table) + ")"


def trigger_events(t) -> str:
    parts = []
    for event in t.events:
        text = event.upper()
        if event == "update" and t.update_of:
            text += " OF " + column_list(t.update_of)
        parts.append(text)
    return " OR ".join(parts)
