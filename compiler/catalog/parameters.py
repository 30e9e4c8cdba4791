"""`$1`, `$2`, ... in a SQL function body: the function's input arguments
by position, named or not (`args: [text, text]`). PostgreSQL checks a SQL
body when the function is created and refuses a `$n` beyond its inputs
("there is no parameter $3"), so that is a spec error here."""

from __future__ import annotations

from compiler.catalog.programmable import Function
from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector


def _params(node, found: list) -> None:
    if isinstance(node, dict):
        ref = node.get("ParamRef")
        if isinstance(ref, dict) and "number" in ref:
            found.append((ref["number"], ref.get("location", 0)))
        for value in node.values():
            _params(value, found)
    elif isinstance(node, list):
        for value in node:
            _params(value, found)


def report_parameters(collector: ErrorCollector, origin: Origin, function: Function) -> None:
    """The first `$n` of a SQL body that names no input argument."""
    from compiler.render.oracle import parse_statements
    error, statements = parse_statements(function.body)
    if error:
        return  # reported as a syntax error
    found: list = []
    _params(statements, found)
    inputs = len([a for a in function.args if a.mode != "out"])
    for number, location in sorted(found, key=lambda f: f[1]):
        if number > inputs:
            offset = len(function.body.encode("utf-8")[:location].decode("utf-8", errors="ignore"))
            collector.add(origin.document.error_in_value(
                origin.path + ("body",), offset,
                f"the function body reads ${number}, but the function takes {inputs} argument(s)",
                "$1, $2, ... are the function's arguments in order; add the argument to `args:`, e.g. "
                "`args: [text, text]`"))
            return
