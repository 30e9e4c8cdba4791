"""What PostgreSQL would refuse in a table's expressions, known without a
database, from the parse tree: a constant default of a type the column
cannot take, a function an index or a generated column cannot call (not
IMMUTABLE), an aggregate or window function where PostgreSQL allows none,
and a sequence that nothing defines.

Each check answers only what it can know: a function, type or value it
does not know is left for PostgreSQL to judge."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from compiler.catalog.objects import TypeRef
from compiler.catalog.pg_builtins import AGGREGATES, NOT_IMMUTABLE, WINDOW_FUNCTIONS
from compiler.render.oracle import EXPRESSION_PREFIX, parse_expression

INTEGER_TYPES = ("smallint", "integer", "bigint")
_NUMBERS = INTEGER_TYPES + ("numeric", "real", "double precision", "money", "oid", "regclass", "regtype", "regproc",
                            "regprocedure", "regoper", "regoperator", "regconfig", "regdictionary", "regnamespace",
                            "regrole", "regcollation")
_STRINGS = ("text", "character varying", "character", "name", '"char"')
_BOOLEAN_INPUTS = re.compile(r"^\s*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)\s*$", re.IGNORECASE)
_INTEGER_INPUT = re.compile(r"^\s*[+-]?(\d[\d_]*|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+)\s*$", re.IGNORECASE)
_NUMERIC_INPUT = re.compile(r"^\s*[+-]?((\d[\d_]*(\.\d*)?|\.\d+)(e[+-]?\d+)?|nan|infinity|inf)\s*$", re.IGNORECASE)
_UUID_INPUT = re.compile(r"^\s*\{?[0-9a-f]{4}(-?[0-9a-f]{4}){7}\}?\s*$", re.IGNORECASE)  # a hyphen after any 4 digits


class Problem(NamedTuple):
    offset: int  # into the expression
    message: str
    hint: str


def _nodes(tree, depth: int = 0) -> Iterator[tuple[str, dict]]:
    """(node type, node) of every node of a libpg_query JSON tree."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if isinstance(value, dict) and key[:1].isupper():
                yield key, value
            yield from _nodes(value, depth + 1)
    elif isinstance(tree, list):
        for item in tree:
            yield from _nodes(item, depth + 1)


def _offset(node: dict) -> int:
    return max(0, node.get("location", len(EXPRESSION_PREFIX)) - len(EXPRESSION_PREFIX))


def _builtin_name(call: dict) -> str | None:
    """The name of a call of a built-in function (unqualified or pg_catalog.)."""
    names = [n.get("String", {}).get("sval") for n in call.get("funcname", [])]
    if len(names) == 1 or (len(names) == 2 and names[0] == "pg_catalog"):
        return names[-1]
    return None


@lru_cache(maxsize=16384)
def default_problem(text: str, column_type: TypeRef) -> Problem | None:
    """A default that is one constant PostgreSQL cannot store in the column:
    a number or boolean for a type with no assignment cast from it (`boolean
    DEFAULT 1`), or a quoted text the type's input function rejects ('abc'
    for an integer). Other types and expressions are left to PostgreSQL."""
    _, tree = parse_expression(text)
    if tree is None or "A_Const" not in tree or column_type.kind != "builtin":
        return None
    const = tree["A_Const"]
    name = column_type.name if not column_type.array_dims else f"{column_type.name}[]"
    if "ival" in const or "fval" in const:
        if column_type.array_dims or column_type.name not in _NUMBERS + _STRINGS:
            return Problem(0, f"the default {text} is a number, which a {name} column cannot take",
                           "write a value of the column's type" + (": true or false" if name == "boolean" else ""))
    elif "boolval" in const:
        if column_type.array_dims or column_type.name not in ("boolean",) + _STRINGS:
            return Problem(0, f"the default {text} is a boolean, which a {name} column cannot take",
                           "write a value of the column's type")
    elif "sval" in const and not column_type.array_dims:
        value = const["sval"].get("sval", "")
        pattern = (_INTEGER_INPUT if column_type.name in INTEGER_TYPES else
                   _NUMERIC_INPUT if column_type.name in ("numeric", "real", "double precision") else
                   _BOOLEAN_INPUTS if column_type.name == "boolean" else
                   _UUID_INPUT if column_type.name == "uuid" else None)
        if pattern is not None and not pattern.match(value):
            return Problem(0, f"the default {text} is not a valid {name}: PostgreSQL would refuse it",
                           "write a value of the column's type" +
                           (" (a number is written without quotes)" if column_type.name in _NUMBERS else ""))
    return None


@lru_cache(maxsize=16384)
def expression_problems(text: str, where: str, immutable: bool, sequences: frozenset[str], schema: str
                        ) -> tuple[Problem, ...]:
    """What PostgreSQL refuses in `text`, an expression of kind `where`
    ("the index expression", "the check", ...): calls of built-ins that are
    not immutable when `immutable` (indexes, generated columns), aggregate
    and window functions, and sequences that `sequences` (qualified names)
    lacks in nextval/currval/setval."""
    _, tree = parse_expression(text)
    if tree is None:
        return []
    problems = []
    for kind, node in _nodes({"root": tree}):
        if kind == "SQLValueFunction" and immutable:
            problems.append(Problem(_offset(node), f"{where} reads the current time or user, which is not immutable",
                                    "PostgreSQL accepts only IMMUTABLE functions here"))
        if kind != "FuncCall":
            continue
        name = _builtin_name(node)
        if "over" in node or name in WINDOW_FUNCTIONS:
            problems.append(Problem(_offset(node), f"{where} calls window function `{name or 'a'}`, which "
                                    "PostgreSQL does not allow here", "a window function belongs in a query"))
        elif name in AGGREGATES:
            problems.append(Problem(_offset(node), f"{where} calls aggregate function `{name}`, which PostgreSQL "
                                    "does not allow here", "an aggregate belongs in a query (a view)"))
        elif immutable and name in NOT_IMMUTABLE:
            problems.append(Problem(_offset(node), f"{where} calls `{name}()`, which is not immutable",
                                    "PostgreSQL accepts only IMMUTABLE functions here (`now()` is STABLE, "
                                    "`random()` VOLATILE); compute the value in a column instead"))
        if name in ("nextval", "currval", "setval") and node.get("args"):
            sequence = _sequence_name(node["args"][0])
            if sequence is not None:
                qualified = sequence if "." in sequence else f"{schema}.{sequence}"
                if qualified not in sequences:
                    problems.append(Problem(_offset(node), f"{where} uses sequence `{sequence}`, which the specs "
                                            "do not define",
                                            "declare it under `sequences:` (a name without a schema is in the "
                                            "table's schema), or make the column `serial` or `identity:`"))
    return tuple(problems)


def _sequence_name(argument: dict) -> str | None:
    """'s' or 's'::regclass: the sequence's name, as PostgreSQL reads it
    (unquoted parts folded to lower case); None for anything else."""
    if "TypeCast" in argument:
        names = [n.get("String", {}).get("sval") for n in argument["TypeCast"]["typeName"]["names"]]
        if names[-1] != "regclass":
            return None
        argument = argument["TypeCast"]["arg"]
    value = argument.get("A_Const", {}).get("sval", {}).get("sval") if "A_Const" in argument else None
    if value is None:
        return None
    parts = []
    for part in re.findall(r'"((?:[^"]|"")*)"|([^.]+)', value):
        parts.append(part[0].replace('""', '"') if part[0] else part[1].strip().lower())
    return ".".join(parts)
