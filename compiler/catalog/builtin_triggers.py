"""PostgreSQL's own trigger functions check how they are called only when
they fire: `tsvector_update_trigger(tsvector column, 'config', text column,
...)` must be a BEFORE INSERT or UPDATE row trigger naming columns of its
table, `suppress_redundant_updates_trigger()` a BEFORE UPDATE row trigger.
A trigger that PostgreSQL would create and then fail on the first row is a
spec error here."""

from __future__ import annotations

from compiler.catalog.scope import Origin
from compiler.errors import ErrorCollector
from compiler.spec.errors import suggest
from compiler.spec.programmable import TriggerSpec

# function -> the events it may fire on (always BEFORE, FOR EACH ROW)
_FIRES_ON = {
    "tsvector_update_trigger": ("insert", "update"),
    "tsvector_update_trigger_column": ("insert", "update"),
    "suppress_redundant_updates_trigger": ("update",),
}


def builtin_trigger_fits(collector: ErrorCollector, function: str, spec: TriggerSpec, origin: Origin,
                         column_names) -> bool:
    """Whether a trigger calling pg_catalog's `function` is one the function
    accepts when it fires; reports the first mismatch."""
    events = _FIRES_ON.get(function)
    if events is None:
        return True
    wrong = [e for e in spec.events if e not in events]
    if spec.timing != "before" or spec.for_each != "row" or wrong:
        collector.add(origin.at("timing" if not wrong else "events").error(
            f"`{function}` works only in a BEFORE {' or '.join(e.upper() for e in events)} trigger FOR EACH ROW; "
            "PostgreSQL would make this trigger and fail on the first row",
            f"use `timing: before`, `for_each: row` and `events: [{', '.join(events)}]`"))
        return False
    if function == "suppress_redundant_updates_trigger":
        return True
    if len(spec.args) < 3:
        collector.add(origin.at("args").error(
            f"`{function}` takes the tsvector column, the text search configuration "
            f"{'column ' if function.endswith('_column') else ''}and at least one text column",
            "e.g. `args: [fulltext, pg_catalog.english, title, description]`"))
        return False
    columns = [0] + list(range(2, len(spec.args)))
    if function == "tsvector_update_trigger_column":
        columns.insert(1, 1)
    for i in columns:
        if spec.args[i] not in column_names:
            collector.add(origin.at("args", i).error(
                f"`{function}` names column `{spec.args[i]}`, which this table does not have",
                suggest(spec.args[i], column_names) or f"the arguments of `{function}` are column names; "
                "the second is the text search configuration"))
            return False
    return True
