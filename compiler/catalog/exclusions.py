"""Exclusion constraints (EXCLUDE USING gist (room_id WITH =, during WITH &&))
and the rules of PostgreSQL 18's temporal keys (PRIMARY KEY / UNIQUE ...
WITHOUT OVERLAPS, FOREIGN KEY ... PERIOD) that one table's spec can tell."""

from __future__ import annotations

from compiler.catalog import names
from compiler.catalog.expressions import leading_function
from compiler.catalog.index_elements import build, elements_ok, expression_typer
from compiler.catalog.index_methods import EXCLUSION_METHODS, type_key
from compiler.catalog.objects import Constraint, TypeRef
from compiler.catalog.pg_builtins import DEFAULT_OPERATOR_CLASSES
from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.keys import ExclusionSpec

# built-in operators an exclusion may compare with (PostgreSQL wants them commutative)
COMMUTATIVE_OPERATORS = ("=", "<>", "&&", "~=", "-|-")
TEMPORAL_VERSION = 18
_RANGE_OPERATORS = ("=", "&&", "-|-")
_GEOMETRIC = {"box": ("&&", "~="), "polygon": ("&&", "~="), "circle": ("&&", "~="), "point": ("~=",)}


def _operator_problem(method: str, operator: str, t: TypeRef | None, installed: set[str]) -> str | None:
    """Why `operator` cannot compare a built-in type's values in an exclusion
    of `method` (its operator family lacks it), or None (fine, or unknown)."""
    if method in ("btree", "hash"):
        return None if operator == "=" else f"a {method} exclusion compares with `=` only"
    if t is None or t.kind not in ("builtin", "enum") or t.array_dims or method not in ("gist", "spgist"):
        return None
    if t.name.endswith("range"):
        allowed = _RANGE_OPERATORS
    elif t.name in _GEOMETRIC:
        allowed = _GEOMETRIC[t.name]
    elif type_key(t) not in DEFAULT_OPERATOR_CLASSES["gist"] and method == "gist":
        allowed = ("=", "<>")  # btree_gist's scalars
    else:
        return None
    return None if operator in allowed else (f"{t.name} in a {method} exclusion compares with "
                                             f"{', '.join(f'`{a}`' for a in allowed)}, not `{operator}`")


def _needs_btree_gist(t: TypeRef | None, installed: set[str]) -> bool:
    """A scalar built-in type in a GiST index needs btree_gist's operator classes."""
    key = type_key(t)
    return (key is not None and not t.array_dims and key not in DEFAULT_OPERATOR_CLASSES["gist"]
            and "btree_gist" not in installed)


def exclusion(spec: ExclusionSpec, origin: Origin, schema: str, table: str, column_names: dict, types: dict,
              installed: set[str], collector: ErrorCollector, resolver, source) -> Constraint | None:
    """The exclusion constraint of `spec`, or None after reporting what
    PostgreSQL would refuse; `resolver` (a ColumnResolver) judges its
    expressions and predicate against the table's columns."""
    def check_expression(text: str, at: Origin, what: str) -> bool:
        if not resolver.check_expression(text, at, column_names, what):
            return False
        return what != "the exclusion predicate" or resolver.check_types(
            text, at, column_names, what, qualifiers=frozenset({table}))

    ok = True
    typer = expression_typer(column_names, table, resolver.own_functions)
    if spec.using not in EXCLUSION_METHODS:
        collector.add(origin.at("using").error(
            f"index method `{spec.using}` cannot back an exclusion constraint",
            f"use {', '.join(EXCLUSION_METHODS)} (gist for ranges and overlaps, with btree_gist for scalars)"))
        return None
    items = []
    for i, element in enumerate(spec.elements):
        at = origin.at("elements", i)
        if element.column is not None and element.column not in column_names:
            collector.add(at.at("column").error(f"column `{element.column}` does not exist in this table",
                                                suggest(element.column, column_names) or
                                                f"columns of this table: {', '.join(column_names)}"))
            ok = False
            continue
        if element.expression is not None:
            ok &= check_expression(element.expression, at.at("expression"), "the exclusion element")
        if element.with_ not in COMMUTATIVE_OPERATORS and not installed:
            collector.add(at.at("with").error(
                f"`{element.with_}` is not an operator an exclusion constraint can compare with",
                f"use one of {', '.join(COMMUTATIVE_OPERATORS)} (the operator must be commutative); an "
                "extension's operator needs its extension under `extensions:`"))
            ok = False
            continue
        t = types.get(element.column) if element.column is not None else None
        problem = _operator_problem(spec.using, element.with_, t, installed) if element.opclass is None else None
        if problem is not None:
            collector.add(at.at("with").error(f"{problem}: PostgreSQL would refuse the constraint",
                                              "compare with an operator of the column's operator class"))
            ok = False
            continue
        if spec.using == "gist" and element.opclass is None and _needs_btree_gist(t, installed):
            collector.add(at.error(
                f"`{element.column} WITH {element.with_}` in a GiST exclusion needs extension btree_gist: "
                f"{t.name} has no GiST operator class of its own",
                "add `btree_gist` under `extensions:` (it gives scalar types GiST operator classes)"))
            ok = False
            continue
        subject = f"column `{element.column}`" if element.column else f"the expression `{element.expression}`"
        items.append((element, at, subject, t if element.column else typer(element.expression)))
    if ok:
        ok = elements_ok(spec.using, items, installed, collector)
    if spec.where is not None:
        ok &= check_expression(spec.where, origin.at("where"), "the exclusion predicate")
    if not ok:
        return None
    elements = tuple(build(e, spec.using, types.get(e.column) if e.column is not None else typer(e.expression),
                           e.with_) for e in spec.elements)
    parts = [e.column if e.column is not None else leading_function(e.expression) or "expr" for e in spec.elements]
    columns = tuple(dict.fromkeys(e.column for e in spec.elements if e.column is not None))
    return Constraint(schema, table, spec.name or names.object_name(table, names.name_addition(parts), "excl"),
                      "exclusion", columns, method=spec.using, elements=elements, where=spec.where,
                      deferrable=spec.deferrable != "false", initially_deferred=spec.deferrable == "initially_deferred",
                      comment=spec.comment, source=source, renamed_from=spec.renamed_from)


def temporal_key_ok(columns, types: dict, origin: Origin, min_version: int, installed: set[str],
                    collector: ErrorCollector, what: str = "WITHOUT OVERLAPS") -> bool:
    """A key WITHOUT OVERLAPS (or a foreign key with PERIOD, `what`): PostgreSQL
    18, at least two columns, the last a range or multirange, the others
    indexable by GiST (scalars through btree_gist)."""
    key = "without_overlaps" if what == "WITHOUT OVERLAPS" else "period"
    if min_version < TEMPORAL_VERSION:
        collector.add(origin.at(key).error(
            f"{what} needs PostgreSQL {TEMPORAL_VERSION}; this project targets {min_version}",
            f"raise `postgres: {{min_version: {TEMPORAL_VERSION}}}` in schemac.yaml, or remove `{key}`"))
        return False
    if len(columns) < 2:
        collector.add(origin.at(key).error(f"a key {what} needs at least two columns",
                                           "list the key's columns first and the range column last"))
        return False
    last = types.get(columns[-1])
    if last is not None and last.kind == "builtin" and (last.array_dims or not last.name.endswith(("range", "multirange"))):
        collector.add(origin.at("columns", len(columns) - 1).error(
            f"column `{columns[-1]}` is {last.name}{'[]' * last.array_dims}, not a range or multirange: "
            f"{what} applies to the last column, which must be one",
            "make the last column a range (e.g. daterange, tstzrange) or list the range column last"))
        return False
    if key == "without_overlaps":
        scalars = [c for c in columns[:-1] if _needs_btree_gist(types.get(c), installed)]
        if scalars:
            collector.add(origin.at(key).error(
                f"a key {what} is a GiST index, and {', '.join(f'`{c}`' for c in scalars)} need extension btree_gist "
                "to be in one", "add `btree_gist` under `extensions:`"))
            return False
    return True
