"""Index access methods a spec may name, what each of them takes (order,
INCLUDE, storage parameters), and the operator classes of each: whether a
column's type has a default operator class for the method, and whether a
named operator class exists for it and takes the column's type. Built-in
operator classes are known offline (compiler/catalog/pg_builtins.py); an
extension's are known by name for the extensions schemac knows, and any
other is left to PostgreSQL when the specs install an extension. What
PostgreSQL would refuse is refused at validate."""

from __future__ import annotations

import re

from compiler.catalog.pg_builtins import DEFAULT_OPERATOR_CLASSES, OPERATOR_CLASS_OPTIONS, OPERATOR_CLASSES
from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.models import IndexSpec

BUILTIN_INDEX_METHODS = ("btree", "hash", "gist", "spgist", "gin", "brin")
# index methods of extensions schemac knows -> the extension
EXTENSION_INDEX_METHODS = {"bloom": "bloom", "hnsw": "vector", "ivfflat": "vector"}
# methods with no default operator class for any type: an element must name one
OPERATOR_CLASS_REQUIRED = ("hnsw",)
ORDERED_METHODS = ("btree",)  # ASC/DESC, NULLS FIRST/LAST (amcanorder)
INCLUDE_METHODS = ("btree", "gist", "spgist")  # INCLUDE (amcaninclude)
EXCLUSION_METHODS = ("btree", "hash", "gist", "spgist")  # amgettuple: what EXCLUDE USING takes

_VECTOR = {f"{t}_{d}_ops" for t in ("vector", "halfvec", "sparsevec") for d in ("l2", "ip", "cosine", "l1")}
# operator classes of extensions schemac knows: extension -> method -> names
EXTENSION_OPERATOR_CLASSES = {
    "pg_trgm": {"gin": frozenset({"gin_trgm_ops"}), "gist": frozenset({"gist_trgm_ops"})},
    "vector": {"hnsw": frozenset(_VECTOR | {"bit_hamming_ops", "bit_jaccard_ops"}),
               "ivfflat": frozenset({"vector_l2_ops", "vector_ip_ops", "vector_cosine_ops", "halfvec_l2_ops",
                                     "halfvec_ip_ops", "halfvec_cosine_ops", "bit_hamming_ops"})},
    "btree_gist": {"gist": frozenset(f"gist_{t}_ops" for t in (
        "bit", "bool", "bpchar", "bytea", "cash", "cidr", "date", "enum", "float4", "float8", "inet", "int2", "int4",
        "int8", "interval", "macaddr8", "macaddr", "numeric", "oid", "text", "time", "timestamp", "timestamptz",
        "timetz", "uuid", "vbit"))},
}

# storage parameters (WITH (...)) per method: name -> ("int", low, high) | ("bool",) | ("enum", words)
_FILLFACTOR = ("int", 10, 100)
STORAGE_PARAMETERS = {
    "btree": {"fillfactor": _FILLFACTOR, "deduplicate_items": ("bool",)},
    "hash": {"fillfactor": _FILLFACTOR},
    "gist": {"fillfactor": _FILLFACTOR, "buffering": ("enum", ("auto", "on", "off"))},
    "spgist": {"fillfactor": _FILLFACTOR},
    "gin": {"fastupdate": ("bool",), "gin_pending_list_limit": ("int", 64, 2147483647)},
    "brin": {"pages_per_range": ("int", 1, 131072), "autosummarize": ("bool",)},
    "hnsw": {"m": ("int", 2, 100), "ef_construction": ("int", 4, 1000)},
    "ivfflat": {"lists": ("int", 1, 32768)},
    "bloom": {"length": ("int", 1, 4096), **{f"col{i}": ("int", 1, 4095) for i in range(1, 33)}},
}
# operator class parameters: (method, suffix or name) -> parameters
_SIGLEN = {"siglen": ("int", 1, 2024)}
OPERATOR_CLASS_PARAMETERS = {
    ("gist", "tsvector_ops"): _SIGLEN,
    ("gist", "gist_trgm_ops"): _SIGLEN,
    ("brin", "_minmax_multi_ops"): {"values_per_range": ("int", 8, 256)},
    ("brin", "_bloom_ops"): {"n_distinct_per_range": ("real", -1.0, None),
                             "false_positive_rate": ("real", 0.0001, 0.25)},
}
_BOOL_WORDS = ("true", "false", "on", "off", "yes", "no", "1", "0")
_INT = re.compile(r"^[+-]?[0-9]+$")
_REAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")


def method_ok(spec: IndexSpec, origin: Origin, installed: set[str], collector: ErrorCollector) -> bool:
    """`using:` must be one of PostgreSQL's built-in index access methods,
    or a method schemac knows from an extension the specs install."""
    if spec.using in BUILTIN_INDEX_METHODS:
        return True
    extension = EXTENSION_INDEX_METHODS.get(spec.using)
    if extension is not None and extension in installed:
        return True
    if extension is not None:
        message = f"index method `{spec.using}` needs extension `{extension}`"
        hint = f"add `{extension}` under `extensions:`"
    else:
        message = f"unknown index method `{spec.using}`"
        hint = " ".join(x for x in (suggest(spec.using, BUILTIN_INDEX_METHODS + tuple(EXTENSION_INDEX_METHODS)),
                                    f"PostgreSQL's index methods: {', '.join(BUILTIN_INDEX_METHODS)}; from "
                                    f"extensions schemac knows: {', '.join(sorted(EXTENSION_INDEX_METHODS))}") if x)
    collector.add(origin.at("using").error(message, hint))
    return False


def type_key(t) -> str | None:
    """The name a built-in or enum type is known by in pg_builtins (arrays as
    anyarray, enums as anyenum); None for types schemac does not know."""
    if t is None or t.kind not in ("builtin", "enum"):
        return None
    return "anyarray" if t.array_dims else "anyenum" if t.kind == "enum" else t.name


def _type_text(t) -> str:
    return f"{t.name}{'[]' * t.array_dims}"


_VECTOR_TYPES = ("vector", "halfvec", "sparsevec", "bit")


def vector_type_problem(method: str, opclass: str | None, t) -> tuple[str, str] | None:
    """pgvector's methods index its vector types and bit, each with the
    operator classes named after the type (`halfvec_l2_ops` for halfvec)."""
    if method not in ("hnsw", "ivfflat") or t is None or t.array_dims:
        return None
    if t.kind == "builtin" and t.name != "bit":
        return (f"{_type_text(t)}, which index method `{method}` cannot index: PostgreSQL would refuse the index",
                "pgvector indexes columns of types vector, halfvec, sparsevec and bit")
    name = (opclass or "").rpartition(".")[2]
    if t.name in _VECTOR_TYPES and name and name.split("_")[0] in _VECTOR_TYPES and not name.startswith(f"{t.name}_"):
        fitting = sorted(n for n in EXTENSION_OPERATOR_CLASSES["vector"][method] if n.startswith(f"{t.name}_"))
        return (f"{t.name}, which operator class `{name}` does not take", f"operator classes of `{method}` for "
                f"{t.name}: {', '.join(fitting) or 'none'}")
    return None


def default_class_problem(method: str, t, installed: set[str]) -> tuple[str, str] | None:
    """(message, hint) when a column of type `t` has no default operator
    class for `method` (and so needs one named), else None."""
    problem = vector_type_problem(method, None, t)
    if problem is not None:
        return problem
    if method in OPERATOR_CLASS_REQUIRED:  # whatever the type: the message names the method
        names = sorted(EXTENSION_OPERATOR_CLASSES["vector"][method])
        own = [n for n in names if t is not None and n.startswith(f"{t.name}_")]
        return (f"index method `{method}` has no default operator class: name one with `opclass:`",
                f"pgvector's operator classes for {t.name if own else method}: {', '.join(own or names)}")
    name = type_key(t)
    known = DEFAULT_OPERATOR_CLASSES.get(method)
    if known is None or name is None or name in known:
        return None
    if method == "gist" and "btree_gist" in installed and not t.array_dims:
        return None  # btree_gist gives scalars GiST operator classes
    fitting = sorted(m for m, names in DEFAULT_OPERATOR_CLASSES.items() if name in names)
    hint = f"use {' or '.join(f'`{m}`' for m in fitting)}" if fitting else "index an expression instead"
    if method in ("gist", "gin") and t.name in ("text", "character varying") and not t.array_dims:
        hint += f"; for trigram search name pg_trgm's `opclass: {method}_trgm_ops` (extension pg_trgm)"
    elif method == "gist" and not t.array_dims:
        hint += "; extension btree_gist gives scalar types GiST operator classes (add it under `extensions:`)"
    return (f"{_type_text(t)}, which has no default operator class for index method `{method}`: PostgreSQL "
            "would refuse the index", hint)


def opclass_problem(method: str, opclass: str, t, installed: set[str]) -> tuple[str, str, str] | None:
    """(message, hint, key to blame) when operator class `opclass` cannot
    index a value of type `t` (None: unknown) with `method`."""
    name = opclass.rpartition(".")[2]
    builtin = OPERATOR_CLASSES.get(method)
    if builtin is not None and name in builtin:
        key = type_key(t)
        if key is None or key in builtin[name]:
            return None
        fitting = sorted(c for c, types in builtin.items() if key in types)
        return (f"operator class `{name}` of `{method}` does not take {_type_text(t)}",
                f"operator classes of `{method}` for {_type_text(t)}: {', '.join(fitting)}" if fitting else
                f"`{method}` has no built-in operator class for {_type_text(t)}", "opclass")
    for extension, methods in EXTENSION_OPERATOR_CLASSES.items():
        if name in methods.get(method, ()):
            if extension in installed:
                return None
            return (f"operator class `{name}` comes from extension `{extension}`",
                    f"add `{extension}` under `extensions:`", "opclass")
    if installed:
        return None  # an extension's operator class: PostgreSQL knows
    elsewhere = sorted(m for m, classes in OPERATOR_CLASSES.items() if name in classes)
    if elsewhere:
        return (f"operator class `{name}` belongs to index method {' and '.join(f'`{m}`' for m in elsewhere)}, "
                f"not `{method}`", f"write `using: {elsewhere[0]}`, or name an operator class of `{method}`", "opclass")
    choices = sorted(builtin or ())
    key = type_key(t)
    fitting = [c for c in choices if key is not None and key in builtin[c]]
    hint = suggest(name, choices) or (f"operator classes of `{method}` for {_type_text(t)}: {', '.join(fitting)}"
                                      if fitting else f"operator classes of `{method}`: {', '.join(choices)}")
    return (f"unknown operator class `{name}` for index method `{method}`",
            hint + "; an extension's operator class needs its extension under `extensions:`", "opclass")


def parameters_problem(kind: str, known: dict | None, given: dict) -> tuple[str, str, str] | None:
    """(message, hint, parameter to blame) for an unknown parameter or a value
    out of its range; `known` None: not known offline (left to PostgreSQL)."""
    if known is None:
        return None
    for name, value in given.items():
        rule = known.get(name)
        if rule is None:
            hint = suggest(name, known) or (f"{kind} here: {', '.join(sorted(known))}" if known else
                                            f"this takes no {kind}")
            return f"unknown {kind[:-1]} `{name}`", hint, name
        text = str(value).strip().lower() if not isinstance(value, bool) else ("true" if value else "false")
        problem = _value_problem(rule, text)
        if problem:
            return f"`{name}: {value}` {problem}", "write a value PostgreSQL accepts", name
    return None


def _value_problem(rule: tuple, text: str) -> str | None:
    if rule[0] == "bool":
        return None if text in _BOOL_WORDS else "is not a boolean (true or false)"
    if rule[0] == "enum":
        return None if text in rule[1] else f"must be one of {', '.join(rule[1])}"
    pattern = _INT if rule[0] == "int" else _REAL
    if not pattern.match(text):
        return "is not an integer" if rule[0] == "int" else "is not a number"
    number = int(text) if rule[0] == "int" else float(text)
    low, high = rule[1], rule[2]
    if number < low or (high is not None and number > high):
        return f"is out of range ({low} to {high})" if high is not None else f"must be at least {low}"
    return None


def opclass_parameters(method: str, opclass: str, installed: set[str]) -> dict | None:
    """The parameters an operator class takes ({} none), None when not known
    offline (an extension's)."""
    name = opclass.rpartition(".")[2]
    for (m, suffix), params in OPERATOR_CLASS_PARAMETERS.items():
        if m == method and name.endswith(suffix) and (suffix == name or suffix.startswith("_")):
            return params
    if name in OPERATOR_CLASSES.get(method, {}):
        return {} if (method, name) not in OPERATOR_CLASS_OPTIONS else None
    return None
