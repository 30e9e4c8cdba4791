"""Functions, views and triggers from pg_catalog."""

from __future__ import annotations

from compiler.catalog.programmable import Argument, Function, Returns, Trigger, View
from compiler.introspect.types import type_ref

_MODES = {"i": "in", "o": "out", "b": "inout", "v": "variadic", "t": "table"}
_VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}

# pg_trigger.tgtype bits
_ROW, _BEFORE, _INSERT, _DELETE, _UPDATE, _TRUNCATE, _INSTEAD = 1, 2, 4, 8, 16, 32, 64


def _search_path(config) -> tuple[str, ...] | None:
    for setting in config or ():
        name, _, value = setting.partition("=")
        if name == "search_path":
            parts = (part.strip() for part in value.split(","))
            return tuple(p[1:-1].replace('""', '"') if p.startswith('"') else p for p in parts if p not in ("", '""'))
    return None


def _returns(row: dict, args: list[dict], user_types: set[tuple[str, str]]) -> Returns | None:
    if row["prokind"] == "p":
        return None
    table = tuple((a["name"], type_ref(a["type"], 0, user_types)) for a in args if a["mode"] == "t")  # RETURNS TABLE (...)
    if table:
        return Returns(table=table)
    returned = type_ref(row["returns"], 0, user_types)
    return Returns(setof=returned) if row["setof"] else Returns(type=returned)


def functions(ctx) -> list:
    from compiler.introspect import dependencies
    result = []
    for row in ctx.rows("functions"):
        args = row["args"]
        arguments = tuple(Argument(name=a["name"], type=type_ref(a["type"], 0, ctx.user_types), default=a["default"], mode=_MODES[a["mode"]])
                          for a in args if a["mode"] != "t")
        function = Function(
            schema=row["schema"], name=row["name"], args=arguments, returns=_returns(row, args, ctx.user_types),
            language=row["language"], body=(row["body"] or "").strip(), volatility=_VOLATILITY[row["volatility"]],
            strict=row["strict"], security="definer" if row["definer"] else "invoker",
            search_path=_search_path(row["config"]), comment=row["comment"],
            depends_on=dependencies(row["depends"]), public_execute=row["public_execute"])
        ctx.register("pg_proc", row["oid"], function.key)
        result.append(function)
    return result


def _security_invoker(options) -> bool:
    for option in options or ():
        name, _, value = option.partition("=")
        if name == "security_invoker":
            return value.lower() in ("true", "on", "1", "yes")
    return False


def views(ctx) -> list:
    from compiler.introspect import dependencies
    rows = ctx.rows("views")
    result = []
    for row in rows:
        view = View(schema=row["schema"], name=row["name"], query=row["query"], materialized=row["materialized"],
                    security_invoker=_security_invoker(row["options"]), comment=row["comment"],
                    depends_on=dependencies(row["depends"]), with_data=row["with_data"])
        ctx.register("pg_class", row["oid"], view.key)
        result.append(view)
    return result


def _events(tgtype: int) -> tuple[str, ...]:
    return tuple(name for bit, name in ((_INSERT, "insert"), (_UPDATE, "update"), (_DELETE, "delete"),
                                        (_TRUNCATE, "truncate")) if tgtype & bit)


def _when(definition: str) -> str | None:
    """The condition of `pg_get_triggerdef`'s `... FOR EACH ROW WHEN (cond)
    EXECUTE FUNCTION f(...)`."""
    for each in (" FOR EACH ROW WHEN (", " FOR EACH STATEMENT WHEN ("):
        start = definition.find(each)
        if start >= 0:
            body = definition[start + len(each):]
            end = body.rfind(") EXECUTE FUNCTION ")
            return body[:end] if end >= 0 else None
    return None


def _args(raw: bytes | None, count: int) -> tuple[str, ...]:
    if not count or raw is None:
        return ()
    return tuple(bytes(raw).decode("utf-8").split("\x00")[:count])


def triggers(ctx) -> list:
    result = []
    for row in ctx.rows("triggers"):
        tgtype = row["type"]
        timing = "instead_of" if tgtype & _INSTEAD else "before" if tgtype & _BEFORE else "after"
        function_key = ctx.keys.get(("pg_proc", row["function_oid"]),
                                    f"function:{row['function_schema']}.{row['function_name']}()")
        result.append(Trigger(
            schema=row["schema"], table=row["table"], name=row["name"], function_key=function_key,
            function_schema=row["function_schema"], function_name=row["function_name"], timing=timing,
            events=_events(tgtype), update_of=tuple(row["update_of"]), for_each="row" if tgtype & _ROW else "statement",
            when=_when(row["definition"]) if row["has_when"] else None, args=_args(row["args"], row["nargs"]),
            old_table=row["old_table"], new_table=row["new_table"], constraint=row["is_constraint"],
            deferrable=row["deferrable"], initially_deferred=row["initially_deferred"]))
    return result
