"""Index access methods a spec may name, and whether each indexed column's
type has a default operator class for the method (specs cannot name
operator classes yet): what PostgreSQL would refuse is refused at validate."""

from __future__ import annotations

from compiler.catalog.pg_builtins import DEFAULT_OPERATOR_CLASSES
from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import IndexSpec

BUILTIN_INDEX_METHODS = ("btree", "hash", "gist", "spgist", "gin", "brin")
# index methods of extensions that index their columns' types with default operator classes
EXTENSION_INDEX_METHODS = {"bloom": "bloom"}
# known methods that need an operator class named (none is the default for their types)
OPERATOR_CLASS_METHODS = {"hnsw": "pgvector", "ivfflat": "pgvector"}


def method_ok(spec: IndexSpec, origin: Origin, installed: set[str], collector: ErrorCollector) -> bool:
    """`using:` must be one of PostgreSQL's built-in index access methods,
    or a method schemac knows from an extension the specs install. Any
    other method (pgvector's hnsw, ...) needs an operator class the specs
    cannot name yet: refused rather than left for PostgreSQL to refuse."""
    if spec.using in BUILTIN_INDEX_METHODS:
        return True
    extension = EXTENSION_INDEX_METHODS.get(spec.using)
    if extension is not None and extension in installed:
        return True
    if extension is not None:
        message = f"index method `{spec.using}` needs extension `{extension}`"
        hint = f"add `{extension}` under `extensions:`"
    elif spec.using in OPERATOR_CLASS_METHODS:
        message = f"index method `{spec.using}` needs an operator class, which specs cannot name yet"
        hint = (f"`{spec.using}` ({OPERATOR_CLASS_METHODS[spec.using]}) has no default operator class for any "
                "type: create this index outside the specs for now")
    else:
        message = f"unknown index method `{spec.using}`"
        hint = " ".join(x for x in (suggest(spec.using, BUILTIN_INDEX_METHODS),
                                    f"PostgreSQL's index methods: {', '.join(BUILTIN_INDEX_METHODS)}; from "
                                    f"extensions schemac knows {', '.join(sorted(EXTENSION_INDEX_METHODS))} (another "
                                    "method may need an operator class, which specs cannot name yet)") if x)
    collector.add(origin.at("using").error(message, hint))
    return False

def operator_classes_ok(spec: IndexSpec, origin: Origin, types: dict, collector: ErrorCollector) -> bool:
    """Each column of a built-in index method must have a default operator
    class for it (a GiST or GIN index on `text` has none). Types from
    extensions are left to PostgreSQL: schemac does not know them."""
    known = DEFAULT_OPERATOR_CLASSES.get(spec.using)
    if known is None:
        return True
    ok = True
    for i, column in enumerate(spec.columns):
        t = types.get(column)
        if t is None or t.kind not in ("builtin", "enum"):
            continue
        name = "anyarray" if t.array_dims else "anyenum" if t.kind == "enum" else t.name
        if name in known:
            continue
        ok = False
        fitting = sorted(m for m, names in DEFAULT_OPERATOR_CLASSES.items() if name in names)
        type_name = f"{t.name}[]" if t.array_dims else t.name
        collector.add(origin.at("columns", i).error(
            f"column `{column}` is {type_name}, which has no default operator class for index method "
            f"`{spec.using}`: PostgreSQL would refuse the index",
            (f"use {' or '.join(f'`{m}`' for m in fitting)}" if fitting else "index an expression instead") +
            ("; trigram search on text needs extension pg_trgm's operator class, which specs cannot name yet"
             if spec.using in ("gist", "gin") and t.name in ("text", "character varying") and not t.array_dims
             else "")))
    return ok
