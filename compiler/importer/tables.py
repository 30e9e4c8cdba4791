"""Writers of schemas, extensions, enums, sequences, tables (columns,
partitions), keys, checks, foreign keys, indexes, exclusion constraints and
`external:` declarations, as a person writes them: short forms where they
say the same (`col: text`, `primary_key: true` and `references: t.c` on the
column, `indexes: [col]`), what equals the language's default left out,
names left out where they are the ones schemac generates
(compiler/catalog/names.py), a `serial` column where the catalog is exactly
what `serial` resolves to."""

from __future__ import annotations

from compiler.catalog import names
from compiler.catalog.expressions import leading_function
from compiler.catalog.objects import (
    Column,
    Constraint,
    Enum,
    Extension,
    ExternalTable,
    Index,
    IndexElement,
    Schema,
    Sequence,
    Table,
    TypeRef,
)
from compiler.catalog.sequences import RANGES, nextval_call, serial_sequence_name
from compiler.importer.context import DEFAULT_SCHEMA, Unexpressible, WriteContext, object_kind
from compiler.importer.placement import Placement

_SERIALS = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


# ---------------------------------------------------------------- domains, schemas, extensions, enums

def domain_headers(ctx: WriteContext) -> list[Placement]:
    """`domain:`, `schema:` (and `depends_on:`) of every domain."""
    return [Placement(domain, (), {"domain": domain, "schema": schema,
                                   **({"depends_on": ctx.depends[domain]} if domain in ctx.depends else {})})
            for domain, schema in ctx.schemas.items()]


def schema(obj: Schema, ctx: WriteContext) -> list[Placement]:
    if "." in obj.name:
        raise Unexpressible(f"the schema name `{obj.name}` holds a dot, which a key of the specs reads as `schema.name`")
    return []  # its domain's `schema:` makes it (domain_headers)


def extension(obj: Extension, ctx: WriteContext) -> list[Placement]:
    domain = ctx.domains.get(obj.schema, ctx.external_domain)
    value = {"name": obj.name} if obj.schema == DEFAULT_SCHEMA else {"name": obj.name, "schema": obj.schema}
    return [Placement(domain, ("extensions",), value, append=True, order=obj.name)]


def enum(obj: Enum, ctx: WriteContext) -> list[Placement]:
    domain = ctx.domain_of(obj.schema)
    return [Placement(domain, ("enums", ctx.key_name(domain, obj.schema, obj.name)),
                      _without_none({"values": list(obj.values), "comment": obj.comment}))]


# ---------------------------------------------------------------- sequences

def serial_of(column: Column, table: Table, ctx: WriteContext) -> str | None:
    """`serial` (or smallserial, bigserial) when the column and its sequence
    are exactly what that shorthand resolves to, else None."""
    t = column.type
    if (t.kind != "builtin" or t.array_dims or t.name not in _SERIALS or column.nullable or column.identity
            or column.generated is not None or column.default is None):
        return None
    name = serial_sequence_name(table.name, column.name)
    if column.default.expression != nextval_call(table.schema, name):
        return None
    sequence = ctx.by_key.get(f"sequence:{table.schema}.{name}")
    low, high = RANGES[t.name]
    if not isinstance(sequence, Sequence) or (sequence.type, sequence.start, sequence.increment, sequence.min,
                                              sequence.max, sequence.cache, sequence.cycle, sequence.owned_by,
                                              sequence.comment) != (
            t.name, 1, 1, 1, high, 1, False, (table.name, column.name), None):
        return None
    if "granted" not in ctx.memo:
        ctx.memo["granted"] = {g.on for g in ctx.catalog.objects if object_kind(g) == "grant"}
    if sequence.key in ctx.memo["granted"]:
        return None  # grants on it: the sequence is written under `sequences:`, where they go
    return _SERIALS[t.name]


def _serial_owner(obj: Sequence, ctx: WriteContext) -> bool:
    """Whether the sequence is written as a `serial` column of its table:
    the one `serial` makes, not another sequence owned by that column."""
    if not obj.owned_by or obj.name != serial_sequence_name(*obj.owned_by):
        return False
    table = ctx.by_key.get(f"table:{obj.schema}.{obj.owned_by[0]}")
    column = table.column(obj.owned_by[1]) if isinstance(table, Table) else None
    return column is not None and serial_of(column, table, ctx) is not None


def sequence(obj: Sequence, ctx: WriteContext) -> list[Placement]:
    if _serial_owner(obj, ctx):
        return []
    domain = ctx.domain_of(obj.schema, obj.owned_by[0] if obj.owned_by else None)
    type_low, type_high = RANGES[obj.type]
    ascending = obj.increment > 0
    low = 1 if ascending else type_low
    high = type_high if ascending else -1
    value = {}
    if obj.type != "bigint":
        value["type"] = obj.type
    if obj.start != (obj.min if ascending else obj.max):
        value["start"] = obj.start
    if obj.increment != 1:
        value["increment"] = obj.increment
    if obj.min != low:
        value["min"] = obj.min
    if obj.max != high:
        value["max"] = obj.max
    if obj.cache != 1:
        value["cache"] = obj.cache
    if obj.cycle:
        value["cycle"] = True
    if obj.owned_by:
        table, column = obj.owned_by
        if "." in table or "." in column:
            raise Unexpressible(f"`owned_by: {table}.{column}` holds a name with a dot, which the specs cannot spell")
        value["owned_by"] = f"{table}.{column}"
    if obj.comment is not None:
        value["comment"] = obj.comment
    if not value:
        value["type"] = obj.type  # every option is the default: say what it is
    return [Placement(domain, ("sequences", ctx.key_name(domain, obj.schema, obj.name)), value)]


# ---------------------------------------------------------------- tables and columns

def _table_path(ctx: WriteContext, schema: str, table: str) -> tuple[str, tuple]:
    """(domain, path) of a table's entry, or of a partition's under its parent's `partitions:`."""
    domain = ctx.domain_of(schema, table)
    obj = ctx.by_key.get(f"table:{schema}.{table}")
    if isinstance(obj, Table) and obj.partition_of:
        return domain, ("tables", ctx.key_name(domain, schema, obj.partition_of), "partitions", table)
    return domain, ("tables", ctx.key_name(domain, schema, table))


def _is_partition(ctx: WriteContext, schema: str, table: str) -> bool:
    obj = ctx.by_key.get(f"table:{schema}.{table}")
    return isinstance(obj, Table) and obj.partition_of is not None


def _primary_key(table: Table, ctx: WriteContext) -> Constraint | None:
    return next((c for c in ctx.constraints_of(table.key) if c.kind == "primary_key"), None)


def _enum_default(label: str) -> str:
    """An enum column's default: its label, or the label as a SQL literal
    when the specs would not read the bare label as SQL text (empty, or
    ending in what reads as a `--` comment); PostgreSQL gives both one default."""
    from compiler.render.sql import literal
    from compiler.spec.base import SpecValueError, _ends_open
    try:
        return _ends_open(label) if label else literal(label)
    except SpecValueError:
        return literal(label)


def column_value(column: Column, table: Table, domain: str, ctx: WriteContext, in_key: bool) -> dict:
    serial = serial_of(column, table, ctx)
    if serial is not None:
        return _without_none({"type": serial, "comment": column.comment, "sensitive": column.sensitive or None})
    value: dict = {"type": ctx.type_name(domain, column.type)}
    if not column.nullable and not in_key:
        value["nullable"] = False
    if column.default is not None:
        value["default"] = _enum_default(column.default.enum_label) if column.default.enum_label is not None \
            else column.default.expression
    if column.identity:
        value["identity"] = column.identity
    if column.generated is not None:
        value["generated"] = {"expression": column.generated, "virtual": True} if column.virtual \
            else column.generated
    if column.comment is not None:
        value["comment"] = column.comment
    if column.sensitive:
        value["sensitive"] = True
    return value


def table(obj: Table, ctx: WriteContext) -> list[Placement]:
    if obj.partition_of:
        return _partition(obj, ctx)
    domain = ctx.domain_of(obj.schema, obj.name)
    key = ctx.key_name(domain, obj.schema, obj.name)
    pk = _primary_key(obj, ctx)
    in_key = set(pk.columns) if pk is not None else set()
    value: dict = {"columns": {c.name: column_value(c, obj, domain, ctx, c.name in in_key) for c in obj.columns}}
    if not obj.columns:
        raise Unexpressible("a table without columns cannot be written: the specs need at least one column")
    if obj.comment is not None:
        value["comment"] = obj.comment
    if obj.unlogged:
        value["unlogged"] = True
    if obj.partition_by is not None:
        entries = []
        for element in obj.partition_by.elements:
            if _options_of(element):
                raise Unexpressible("a partition key with a collation or operator class cannot be written in the specs")
            entries.append(element.column if element.column is not None else {"expression": element.expression})
        value["partition_by"] = {obj.partition_by.strategy: entries}
    return [Placement(domain, ("tables", key), value)]


def _bound_value(datum) -> str:
    return datum.special if datum.special is not None else datum.value


def _one_or_list(values: list):
    return values[0] if len(values) == 1 else values


def _partition(obj: Table, ctx: WriteContext) -> list[Placement]:
    domain, path = _table_path(ctx, obj.schema, obj.name)
    bound = obj.bound
    if bound is None:
        raise Unexpressible("a partition without a bound cannot be written")
    if bound.kind == "default":
        value: dict = {"default": True}
    elif bound.kind == "hash":
        value = {"modulus": bound.modulus, "remainder": bound.remainder}
    elif bound.kind == "list":
        value = {"in": list(bound.values)}
    else:
        value = {"from": _one_or_list([_bound_value(d) for d in bound.lower]),
                 "to": _one_or_list([_bound_value(d) for d in bound.upper])}
    if obj.comment is not None:
        value["comment"] = obj.comment
    if obj.columns:
        raise Unexpressible("a partition with columns of its own cannot be written: a partition has its parent's")
    if obj.unlogged:
        raise Unexpressible("an UNLOGGED partition cannot be written in the specs")
    if "." in obj.name:
        raise Unexpressible(f"the partition name `{obj.name}` holds a dot")
    return [Placement(domain, path, value)]


# ---------------------------------------------------------------- constraints

def _options_of(element: IndexElement) -> dict:
    return _without_none({"collate": element.collate, "opclass": element.opclass,
                          "opclass_params": dict(element.opclass_params) or None,
                          "order": element.order, "nulls": element.nulls})


def _deferrable(obj: Constraint) -> str | None:
    if not obj.deferrable:
        return None
    return "initially_deferred" if obj.initially_deferred else "true"


def constraint(obj: Constraint, ctx: WriteContext) -> list[Placement]:
    domain, path = _table_path(ctx, obj.schema, obj.table)
    partition = _is_partition(ctx, obj.schema, obj.table)
    if partition and obj.kind != "foreign_key":
        raise Unexpressible(f"a {obj.kind.replace('_', ' ')} of a partition itself cannot be written in the specs "
                            "(a partition takes its parent's)")
    if obj.kind in ("primary_key", "unique", "check") and obj.deferrable and obj.kind != "unique":
        raise Unexpressible(f"a deferrable {obj.kind.replace('_', ' ')} cannot be written in the specs")
    return {"primary_key": _primary, "unique": _unique, "check": _check, "foreign_key": _foreign_key,
            "exclusion": _exclusion}[obj.kind](obj, ctx, domain, path)


def _primary(obj: Constraint, ctx, domain, path) -> list[Placement]:
    if obj.comment is not None:
        raise Unexpressible("the specs cannot give a primary key a comment")
    generated = obj.name == names.primary_key_name(obj.table)
    if len(obj.columns) == 1 and generated and not obj.without_overlaps:
        return [Placement(domain, path + ("columns", obj.columns[0], "primary_key"), True)]
    value = _without_none({"columns": list(obj.columns), "name": None if generated else obj.name,
                           "without_overlaps": obj.without_overlaps or None})
    return [Placement(domain, path + ("primary_key",), value)]


def _unique(obj: Constraint, ctx, domain, path) -> list[Placement]:
    if obj.deferrable:
        raise Unexpressible("a deferrable unique constraint cannot be written in the specs")
    generated = obj.name == names.unique_name(obj.table, obj.columns)
    if (len(obj.columns) == 1 and generated and not obj.nulls_not_distinct and obj.comment is None
            and not obj.without_overlaps):
        return [Placement(domain, path + ("columns", obj.columns[0], "unique"), True)]
    value = _without_none({"columns": list(obj.columns), "name": None if generated else obj.name,
                           "nulls_not_distinct": obj.nulls_not_distinct or None,
                           "without_overlaps": obj.without_overlaps or None, "comment": obj.comment})
    return [Placement(domain, path + ("unique",), value, append=True, order=obj.key)]


def _check(obj: Constraint, ctx, domain, path) -> list[Placement]:
    if obj.comment is not None:
        raise Unexpressible("the specs cannot give a check constraint a comment")
    table = ctx.by_key.get(f"table:{obj.schema}.{obj.table}")
    columns = [c.name for c in table.columns] if isinstance(table, Table) else []
    owner = next((c for c in columns if names.check_name(obj.table, c) == obj.name), None)
    if owner is not None:
        return [Placement(domain, path + ("columns", owner, "check"), obj.expression)]
    return [Placement(domain, path + ("checks", obj.name), obj.expression)]


def _foreign_key(obj: Constraint, ctx, domain, path) -> list[Placement]:
    known = obj.ref_table_key in ctx.by_key or obj.ref_table_key in ctx.outside or any(
        (t.schema, t.name) == (obj.ref_schema, obj.ref_table) for t in ctx.catalog.external_tables)
    if not known:
        raise Unexpressible(f"it references table {obj.ref_schema}.{obj.ref_table}, which is neither written nor "
                            "known (import its schema too)")
    target = ctx.name(domain, obj.ref_schema, obj.ref_table, "tables")
    generated = obj.name == names.foreign_key_name(obj.table, obj.columns)
    partition = _is_partition(ctx, obj.schema, obj.table)
    if (len(obj.columns) == 1 and generated and not partition and not obj.deferrable and not obj.period
            and obj.comment is None and "." not in obj.ref_columns[0]):
        column = path + ("columns", obj.columns[0])
        placements = [Placement(domain, column + ("references",), f"{target}.{obj.ref_columns[0]}")]
        placements += [Placement(domain, column + (action,), getattr(obj, action))
                       for action in ("on_delete", "on_update") if getattr(obj, action) != "no_action"]
        return placements
    value = _without_none({
        "columns": list(obj.columns), "references": {"table": target, "columns": list(obj.ref_columns)},
        "on_delete": obj.on_delete if obj.on_delete != "no_action" else None,
        "on_update": obj.on_update if obj.on_update != "no_action" else None,
        "deferrable": _deferrable(obj), "period": obj.period or None,
        "name": None if generated else obj.name, "comment": obj.comment})
    return [Placement(domain, path + ("foreign_keys",), value, append=True, order=obj.key)]


def _exclusion(obj: Constraint, ctx, domain, path) -> list[Placement]:
    elements, parts = [], []
    for element in obj.elements:
        target = {"column": element.column} if element.column is not None else {"expression": element.expression}
        elements.append({**target, **_options_of(element), "with": element.operator})
        parts.append(element.column if element.column is not None else leading_function(element.expression) or "expr")
    generated = obj.name == names.object_name(obj.table, names.name_addition(parts), "excl")
    value = _without_none({"elements": elements, "using": obj.method if obj.method != "gist" else None,
                           "where": obj.where, "deferrable": _deferrable(obj),
                           "name": None if generated else obj.name, "comment": obj.comment})
    return [Placement(domain, path + ("exclude",), value, append=True, order=obj.key)]


# ---------------------------------------------------------------- indexes

def index(obj: Index, ctx: WriteContext) -> list[Placement]:
    if obj.relation == "view":
        domain = ctx.domain_of(obj.schema)
        path = ("views", ctx.key_name(domain, obj.schema, obj.table))
    else:
        domain, path = _table_path(ctx, obj.schema, obj.table)
    columns, expressions = [], []
    for element in obj.elements:
        options = _options_of(element)
        if element.column is not None:
            if expressions:
                raise Unexpressible("an index with an expression before a column cannot be written: the specs "
                                    "list an index's columns before its expressions")
            columns.append({"column": element.column, **options} if options else element.column)
        else:
            expressions.append({"expression": element.expression, **options} if options else element.expression)
    parts = [c if isinstance(c, str) else c["column"] for c in columns] + \
        [leading_function(e if isinstance(e, str) else e["expression"]) or "expr" for e in expressions]
    generated = obj.name == names.index_name(obj.table, parts)
    value = _without_none({
        "columns": columns or None, "expressions": expressions or None,
        "name": None if generated else obj.name, "unique": obj.unique or None,
        "using": obj.method if obj.method != "btree" else None, "where": obj.where,
        "include": list(obj.include) or None, "nulls_not_distinct": obj.nulls_not_distinct or None,
        "concurrently": obj.concurrently or None, "with": dict(obj.parameters) or None, "comment": obj.comment})
    return [Placement(domain, path + ("indexes",), value, append=True, order=obj.key)]


# ---------------------------------------------------------------- external objects

def _external_path(ctx: WriteContext, schema: str, name: str) -> tuple[str, tuple]:
    domain = ctx.external_domain
    return domain, ("external", "tables", ctx.key_name(domain, schema, name))


def external_table(obj: ExternalTable, ctx: WriteContext) -> list[Placement]:
    domain, path = _external_path(ctx, obj.schema, obj.name)
    value: dict = {"columns": {c.name: {"type": ctx.type_name(domain, c.type)} for c in obj.columns}}
    if obj.key_columns:
        value["unique"] = [_one_or_list(list(k)) for k in obj.key_columns]
    return [Placement(domain, path, value)]


def outside_tables(ctx: WriteContext) -> list[Placement]:
    """Tables of other schemas that foreign keys reference, declared under
    `external:` with the columns referenced and the key they make."""
    placements = []
    known = {f"table:{t.schema}.{t.name}" for t in ctx.catalog.external_tables}
    for fk in ctx.catalog.constraints:
        if fk.kind != "foreign_key" or fk.ref_table_key in ctx.by_key or fk.ref_table_key in known:
            continue
        target = ctx.outside.get(fk.ref_table_key)
        if target is None:
            continue  # reported by its writer
        domain, path = _external_path(ctx, target.schema, target.name)
        try:
            columns = {c: {"type": ctx.type_name(domain, _column_type(target, c))} for c in fk.ref_columns}
        except Unexpressible as exc:
            ctx.unsupported(fk, str(exc))
            continue
        placements.append(Placement(domain, path + ("columns",), columns))
        placements.append(Placement(domain, path + ("unique",), _one_or_list(list(fk.ref_columns)), append=True,
                                    order=",".join(fk.ref_columns)))
    return _distinct(placements)


def _column_type(table: Table, name: str) -> TypeRef:
    column = table.column(name)
    if column is None:
        raise Unexpressible(f"table {table.schema}.{table.name} has no column {name}")
    return column.type


def _distinct(placements: list[Placement]) -> list[Placement]:
    """Appended items once each (two foreign keys to one key declare it once)."""
    seen, result = set(), []
    for p in placements:
        marker = (p.domain, p.path, repr(p.value), p.append)
        if marker not in seen:
            seen.add(marker)
            result.append(p)
    return result


def external_types(ctx: WriteContext) -> list[Placement]:
    """`external: types:` of each domain: the types of other schemas it
    uses (recorded by `WriteContext.type_name`), and those the catalog
    declares. Run after every other writer."""
    used = {domain: set(types) for domain, types in ctx.external_types_used.items()}
    if ctx.catalog.external_types:
        used.setdefault(ctx.external_domain, set()).update(ctx.catalog.external_types)
    return [Placement(domain, ("external", "types"), sorted(types)) for domain, types in sorted(used.items())]


def _without_none(value: dict) -> dict:
    return {k: v for k, v in value.items() if v is not None}


WRITERS = {Schema: schema, Extension: extension, Enum: enum, Sequence: sequence, Table: table,
           Constraint: constraint, Index: index, ExternalTable: external_table}
CATALOG_WRITERS = (domain_headers, outside_tables)
