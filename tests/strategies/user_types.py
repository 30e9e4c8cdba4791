"""The kinds the spec language gained last (domains, composite and range
types, aggregates, owners, default privileges, partitioned and UNLOGGED
tables, exclusion constraints, column privileges, PUBLIC on schema public),
each generated only when switched on (tests/strategies/kinds.py)."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.strategies import columns as c
from tests.strategies.names import TYPES, free_text, some
from tests.strategies.tables import TableInfo


@st.composite
def special_tables(draw, infos: list[TableInfo], kinds: frozenset[str]) -> None:
    """UNLOGGED tables, and partitioned ones (by range, list or hash) with their partitions."""
    for info in infos:
        if "unlogged" in kinds and draw(st.integers(0, 3)) == 0:
            info.spec["unlogged"] = True
            info.unlogged = True
    if "partitions" not in kinds or not draw(st.booleans()):
        return
    info = draw(st.sampled_from(infos))
    if info.unlogged:
        return
    strategy = draw(st.sampled_from(["range", "list", "hash"]))
    columns = info.spec["columns"]
    columns["part key"] = {"type": "integer", "nullable": False}
    info.types["part key"] = c.BY_NAME["integer"]
    info.nullable["part key"] = False
    key_columns = [n for n, _ in info.key]
    if "primary_key" in info.spec:
        info.spec["primary_key"] = key_columns + ["part key"]
    else:
        columns["id"] = {k: v for k, v in columns["id"].items() if k != "primary_key"}
        info.spec["primary_key"] = ["id", "part key"]
    info.key = [(n, info.types[n]) for n in info.spec["primary_key"]]
    info.spec.pop("unique", None)  # keys without the partition key column are refused
    for column in columns.values():
        if isinstance(column, dict):
            column.pop("unique", None)
    info.spec["partition_by"] = {strategy: ["part key"]}
    name = info.name
    if strategy == "range":
        parts = {f"{name} low": {"from": "minvalue", "to": 0}, f"{name} high": {"from": 0, "to": 1000}}
    elif strategy == "list":
        parts = {f"{name} odd": {"in": [1, 3, 5]}, f"{name} even": {"in": [2, 4, None]}}
    else:
        parts = {f"{name} h{r}": {"modulus": 2, "remainder": r} for r in range(2)}
    if strategy != "hash" and draw(st.booleans()):
        parts[f"{name} rest"] = {"default": True, "comment": draw(free_text)}
    info.spec["partitions"] = parts
    info.partitioned = True


@st.composite
def column_grants(draw, info: TableInfo, roles: list[str]) -> None:
    """A column privilege for a role the table grants nothing to."""
    granted = set(info.spec.get("grants", {}))
    free = [r for r in roles if r not in granted]
    if not free or not draw(st.booleans()):
        return
    name = draw(st.sampled_from(sorted(n for n in info.types if n not in info.generated) or sorted(info.types)))
    column = info.spec["columns"].get(name)
    if isinstance(column, str):
        info.spec["columns"][name] = column = {"type": column}
    if column is None or "generated" in column:
        return
    column["grants"] = {draw(st.sampled_from(free)): draw(some(["select", "update", "insert", "references"], 1, 2))}


@st.composite
def issue_ten_kinds(draw, specs: list[dict], homes: list[str], roles: list[str], infos: list[TableInfo],
                    kinds: frozenset[str]) -> None:
    names = iter(draw(some(TYPES, 4, 4)) + ["tya", "tyb", "tyc", "tyd"])
    first = specs[0]
    used_types: list[str] = []
    if "domains" in kinds and draw(st.booleans()):
        name = next(names)
        first.setdefault("domains", {})[name] = {"type": "integer", "check": "VALUE >= 0", "default": "0",
                                                 "comment": draw(free_text)}
        used_types.append(name)
    if "composite_types" in kinds and draw(st.booleans()):
        name = next(names)
        first.setdefault("types", {})[name] = {"columns": {"street": "text", "Nr": "integer"}}
        used_types.append(name)
    if "range_types" in kinds and draw(st.booleans()):
        name = next(names)
        first.setdefault("types", {})[name] = {"range": {"subtype": "float8", "subtype_diff": "float8mi"}}
        used_types.append(name)
    for name in used_types:
        info = draw(st.sampled_from(infos))
        info.spec["columns"][f"of {name}"] = name
    if "aggregates" in kinds and draw(st.booleans()):
        first["aggregates"] = {"total": {"args": ["integer"], "state_function": "int4pl", "state_type": "integer",
                                         "initial_condition": "0", "parallel": "safe"}}
    if "exclusions" in kinds:
        for info in infos:
            ranges = [n for n, ty in info.types.items() if ty.name in ("int4range", "daterange")]
            if ranges and not info.partitioned and draw(st.booleans()):
                info.spec["exclude"] = [{"elements": [{"column": ranges[0], "with": "&&"}]}]
    if "owners" in kinds and roles and draw(st.booleans()):
        spec, owner = specs[draw(st.integers(0, len(specs) - 1))], draw(st.sampled_from(roles))
        spec["owner"] = owner
        _revoke(spec, owner)  # an owner holds every privilege: a grant to it is an error
    if "default_privileges" in kinds and len(roles) >= 2 and draw(st.booleans()):
        first["default_privileges"] = [
            {"for_role": roles[0], "on": "sequences", "grants": {roles[1]: ["usage"]}}]
    if "public_schema_grants" in kinds and draw(st.booleans()):
        first.setdefault("schema_grants", {})["public"] = {"public": ["usage"]}


def _revoke(node, role: str) -> None:
    """Every grant to `role` under `node` left out."""
    if isinstance(node, dict):
        for key, value in list(node.items()):
            if key in ("grants", "schema_grants") and isinstance(value, dict):
                targets = value.values() if key == "schema_grants" else [value]
                for grants in targets:
                    grants.pop(role, None)
            _revoke(value, role)
    elif isinstance(node, list):
        for value in node:
            _revoke(value, role)
