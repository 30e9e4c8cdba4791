"""The elements of an index or exclusion constraint (a column or an
expression with its collation, operator class and parameters, order and
NULLS placement) and the index's storage parameters: built into catalog
IndexElements, and what PostgreSQL would refuse reported at the spec."""

from __future__ import annotations

from compiler.catalog import expression_types
from compiler.catalog.index_defaults import canonical
from compiler.catalog.index_methods import (
    INCLUDE_METHODS,
    ORDERED_METHODS,
    STORAGE_PARAMETERS,
    default_class_problem,
    opclass_parameters,
    opclass_problem,
    parameters_problem,
    vector_type_problem,
)
from compiler.catalog.objects import IndexElement, TypeRef
from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.keys import parameter_text

# collations every PostgreSQL server has, whatever its operating system and build
PORTABLE_COLLATIONS = ("C", "POSIX", "default", "ucs_basic")
# built-in types that take a collation
COLLATABLE_TYPES = ("text", "character varying", "character", "name")


def expression_origins(spec, origin: Origin) -> list[tuple[Origin, str]]:
    """(origin of the text, text) of each expression of an index spec (the
    item itself in short form, its `expression:` in long form)."""
    result = []
    for i, item in enumerate(spec.expressions):
        at = origin.at("expressions", i)
        result.append((at.at("expression") if at.document.is_mapping(at.path) else at, item.expression))
    return result


def index_texts(indexes, excludes) -> list[tuple[Origin, str, str]]:
    """(origin, text, what it is) of the expressions and predicates of a
    table's indexes and exclusion constraints ((spec, origin) pairs)."""
    texts = []
    for spec, origin in indexes:
        texts += [(at, e, "the index expression") for at, e in expression_origins(spec, origin)]
        if spec.where is not None:
            texts.append((origin.at("where"), spec.where, "the index predicate"))
    for spec, origin in excludes:
        texts += [(origin.at("elements", i, "expression"), e.expression, "the exclusion element")
                  for i, e in enumerate(spec.elements) if e.expression is not None]
        if spec.where is not None:
            texts.append((origin.at("where"), spec.where, "the exclusion predicate"))
    return texts


def index_items(spec, origin: Origin, types: dict, expression_type=None) -> list[tuple]:
    """(spec item, origin of the item, what it is, its type or None) of an
    index spec's columns, then its expressions: what `elements_ok` checks.
    `expression_type(text)`: an expression's type where known offline."""
    return ([(item, origin.at("columns", i), f"column `{item.column}`", types.get(item.column))
             for i, item in enumerate(spec.columns)] +
            [(item, origin.at("expressions", i), f"the expression `{item.expression}`",
              expression_type(item.expression) if expression_type else None)
             for i, item in enumerate(spec.expressions)])


def expression_typer(columns: dict, table: str, own_functions: frozenset[str]):
    """text -> the built-in type of an expression over the table's columns,
    where compiler/catalog/expression_types knows it, else None."""
    scope = expression_types.Scope(columns, frozenset({table}), own_functions)

    def type_of(text: str) -> TypeRef | None:
        found = expression_types.expression_type(text, scope)
        if found is None or found.enum or "." in found.name:
            return None
        name = found.name.removesuffix("[]" * found.name.count("[]"))
        return TypeRef(name, array_dims=found.name.count("[]"))
    return type_of


def build(item, method: str, t: TypeRef | None, operator: str | None = None) -> IndexElement:
    """The catalog element of a spec item (an index column or expression, an
    exclusion element) of an index using `method`, of type `t` (None:
    unknown), its options at their defaults left out (`index_defaults`)."""
    column = getattr(item, "column", None)
    return canonical(IndexElement(
        column=column, expression=getattr(item, "expression", None) if column is None else None,
        collate=item.collate, opclass=item.opclass,
        opclass_params=tuple((n, parameter_text(v)) for n, v in item.opclass_params.items()),
        order=item.order, nulls=item.nulls, operator=operator), method, t)


def elements_ok(method: str, items, installed: set[str], collector: ErrorCollector) -> bool:
    """Each element's options checked against the method and its type:
    `items` are (spec item, origin of the item, what it is, type or None)."""
    ok = True
    for item, at, subject, t in items:
        opclass = item.opclass
        if opclass is None:
            problem = default_class_problem(method, t, installed)
            if problem is not None:
                message = problem[0] if problem[0].startswith("index method") else f"{subject} is {problem[0]}"
                collector.add(at.error(message, problem[1]))
                ok = False
            continue
        problem = opclass_problem(method, opclass, t, installed)
        vector = vector_type_problem(method, opclass, t) if problem is None else None
        if vector is not None:
            problem = (f"{subject} is {vector[0]}", vector[1], "opclass")
        if problem is not None:
            collector.add(at.at(problem[2]).error(problem[0], problem[1]))
            ok = False
        elif item.opclass_params:
            bad = parameters_problem("operator class parameters", opclass_parameters(method, opclass, installed),
                                     item.opclass_params)
            if bad is not None:
                collector.add(at.at("opclass_params", bad[2]).error(bad[0], bad[1]))
                ok = False
    for item, at, _, t in items:
        if item.collate is not None:
            ok &= _collation_ok(item.collate, t, at.at("collate"), collector)
        for key in ("order", "nulls"):
            if getattr(item, key) is not None and method not in ORDERED_METHODS:
                collector.add(at.at(key).error(f"index method `{method}` does not keep an order: PostgreSQL refuses "
                                               f"`{key}` here", f"remove `{key}`; only btree indexes are ordered"))
                ok = False
    return ok


def _collation_ok(name: str, t, at: Origin, collector: ErrorCollector) -> bool:
    if t is not None and t.kind == "builtin" and (t.name not in COLLATABLE_TYPES):
        collector.add(at.error(f"type {t.name}{'[]' * t.array_dims} takes no collation",
                               "remove `collate:`; collations apply to text types"))
        return False
    if name not in PORTABLE_COLLATIONS:
        collector.add(at.error(
            f"collation `{name}` is not one every PostgreSQL server has",
            (suggest(name, PORTABLE_COLLATIONS) + " " if suggest(name, PORTABLE_COLLATIONS) else "") +
            f"schemac accepts the portable collations {', '.join(PORTABLE_COLLATIONS)}: a locale's collation "
            "depends on the server's operating system, which specs cannot check"))
        return False
    return True


def index_options_ok(spec, origin: Origin, collector: ErrorCollector) -> bool:
    """INCLUDE and storage parameters of an index against its method."""
    ok = True
    if spec.include and spec.using not in INCLUDE_METHODS:
        collector.add(origin.at("include").error(
            f"index method `{spec.using}` does not support INCLUDE columns",
            f"remove `include:`, or use {' or '.join(INCLUDE_METHODS)}"))
        ok = False
    problem = parameters_problem("storage parameters", STORAGE_PARAMETERS.get(spec.using), spec.with_)
    if problem is not None:
        collector.add(origin.at("with", problem[2]).error(problem[0], problem[1]))
        ok = False
    return ok


def storage_parameters(spec) -> tuple[tuple[str, str], ...]:
    return tuple((n, parameter_text(v)) for n, v in spec.with_.items())
