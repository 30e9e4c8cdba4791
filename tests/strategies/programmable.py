"""Generated functions, procedures, views, enums and sequences."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.strategies.names import ARGS, ENUM_LABELS, free_text, q, qq, some
from tests.strategies.tables import TableInfo, grants

TRIGGER_BODY = "BEGIN\n  RETURN NEW;\nEND"


@st.composite
def enum(draw) -> dict | list:
    labels = draw(st.lists(st.sampled_from(ENUM_LABELS), min_size=1, max_size=4, unique=True))
    if draw(st.booleans()):
        return labels
    return {"values": labels, "comment": draw(free_text)}


@st.composite
def sequence(draw, roles: list[str], owner: tuple[str, str] | None) -> dict:
    """A sequence with options PostgreSQL takes: bounds that fit the type, start between them."""
    spec: dict = {}
    kind = draw(st.sampled_from(["bigint", "integer", "smallint"]))
    if kind != "bigint":
        spec["type"] = kind
    if draw(st.booleans()):
        spec["increment"] = draw(st.sampled_from([-1, 2, 10]))
    descending = spec.get("increment", 1) < 0
    if draw(st.booleans()):
        spec["min"], spec["max"] = (-1000, -1) if descending else (1, 30000)
        spec["start"] = -5 if descending else 100
    if draw(st.booleans()):
        spec["cache"] = draw(st.sampled_from([1, 20]))
    if draw(st.booleans()):
        spec["cycle"] = True
    if owner is not None and draw(st.booleans()):
        spec["owned_by"] = f"{owner[0]}.{owner[1]}"
    if draw(st.booleans()):
        spec["comment"] = draw(free_text)
    if roles and draw(st.booleans()):
        spec["grants"] = grants(draw, roles, ["usage", "select", "update", "all"], False)
    return spec


@st.composite
def functions(draw, names: list[str], schema: str, tables: list[TableInfo], roles: list[str],
              grant_options: bool) -> tuple[dict, list[str], list[str]]:
    """Functions keyed by `names`: trigger functions, SQL and PL/pgSQL
    functions (some reading tables) and procedures. Also the trigger
    functions' names and the names of functions returning integer that
    take one integer (for views)."""
    result, trigger_functions, callable_ = {}, [], []
    for name in names:
        kind = draw(st.sampled_from(["trigger", "sql", "plpgsql", "procedure", "setof", "table"]))
        arg = draw(st.sampled_from(ARGS))
        spec: dict
        if kind == "trigger":
            spec = {"returns": "trigger", "language": "plpgsql", "body": TRIGGER_BODY}
            trigger_functions.append(f"{schema}.{name}" if draw(st.booleans()) else name)
        elif kind == "sql":
            spec = {"args": [{"name": arg, "type": "integer"}], "returns": "bigint"}
            if tables and draw(st.booleans()):
                table = draw(st.sampled_from(tables))
                spec["body"] = f"select count(*) + {q(arg)} from {qq(table.schema, table.name)}"
                spec["volatility"] = "stable"
            else:
                spec["body"] = f"select {q(arg)}::bigint * 2"
                spec["volatility"] = draw(st.sampled_from(["immutable", "stable", "volatile"]))
                spec["strict"] = draw(st.booleans())
                callable_.append(f"{q(schema)}.{q(name)}")
            if draw(st.booleans()):
                spec["args"][0]["default"] = "0"
        elif kind == "plpgsql":
            declare = ""
            if tables and draw(st.booleans()):
                table = draw(st.sampled_from(tables))
                declare = f"DECLARE\n  r {qq(table.schema, table.name)}%ROWTYPE;\n"
            spec = {"args": [{"name": arg, "type": "integer"}, "text"], "returns": "integer", "language": "plpgsql",
                    "body": f"{declare}BEGIN\n  RETURN {q(arg)} + length($2);\nEND"}
        elif kind == "table":
            spec = {"returns": {"table": {"n": "integer", "Label": "text"}}, "volatility": "immutable",
                    "body": "select 1, 'one'"}
        elif kind == "setof" and tables:
            table = draw(st.sampled_from(tables))
            spec = {"returns": {"setof": f"{table.schema}.{table.name}"}, "volatility": "stable",
                    "body": f"select * from {qq(table.schema, table.name)}"}
        else:
            spec = {"args": [{"name": arg, "type": "text"}], "language": "plpgsql",
                    "body": f"BEGIN\n  RAISE NOTICE '%', {q(arg)};\nEND"}
        if kind != "trigger" and draw(st.integers(0, 3)) == 0:
            spec["security"] = "definer"
            spec["search_path"] = draw(st.sampled_from([[], [schema], [schema, "pg_temp"]]))
        if draw(st.integers(0, 2)) == 0:
            spec["comment"] = draw(free_text)
        if draw(st.booleans()):  # procedures' too, PUBLIC's EXECUTE among them
            spec["grants"] = grants(draw, roles, ["execute"], grant_options)
        result[name] = spec
    return result, trigger_functions, callable_


@st.composite
def views(draw, names: list[str], tables: list[TableInfo], callable_: list[str], roles: list[str],
          earlier: list[str], grant_options: bool) -> dict:
    """Views over one table, a join of two, a function or an earlier view;
    materialized ones with indexes."""
    result = {}
    for name in names:
        kind = draw(st.sampled_from(["one", "join", "function", "view"]))
        spec: dict = {}
        if kind == "join" and len(tables) >= 1:
            left, right = draw(st.sampled_from(tables)), draw(st.sampled_from(tables))
            lc, rc = draw(st.sampled_from(sorted(left.types))), draw(st.sampled_from(sorted(right.types)))
            spec["query"] = (f"select l.{q(lc)} as {q('left ' + lc)}, r.{q(rc)} as {q('right ' + rc)} "
                             f"from {qq(left.schema, left.name)} l cross join {qq(right.schema, right.name)} r")
            columns = ["left " + lc] if left.types[lc].btree else []
        elif kind == "function" and callable_:
            spec["query"] = f"select {draw(st.sampled_from(callable_))}(1) as {q('n')}"
            columns = ["n"]
        elif kind == "view" and earlier:
            spec["query"] = f"select * from {draw(st.sampled_from(earlier))}"
            columns = []
        elif tables:
            table = draw(st.sampled_from(tables))
            chosen = draw(some(sorted(table.types), 1, 3))
            spec["query"] = f"select {', '.join(q(n) for n in chosen)} from {qq(table.schema, table.name)}"
            if draw(st.booleans()):
                spec["query"] += f" where {q(chosen[0])} is not null"
            columns = [n for n in chosen if table.types[n].btree]
        else:
            spec["query"] = "select 1 as one"
            columns = ["one"]
        if draw(st.integers(0, 3)) == 0:
            spec["materialized"] = True
            if columns and draw(st.booleans()):
                spec["indexes"] = [{"columns": [columns[0]], "name": f"{name}_i"}]
            if draw(st.booleans()):
                spec["with_data"] = False
        elif draw(st.booleans()):
            spec["security_invoker"] = True
        if draw(st.integers(0, 2)) == 0:
            spec["comment"] = draw(free_text)
        if draw(st.booleans()):
            spec["grants"] = grants(draw, roles, ["select", "insert", "update", "delete", "all"], grant_options)
        result[name] = spec
    return result
