"""Generated tables: columns, keys, checks, foreign keys (short and long
form), indexes, triggers, row-level security and grants."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from tests.strategies import columns as c
from tests.strategies.names import CHECKS, COLUMNS, POLICIES, TRIGGERS, free_text, literal, q, some

FK_ACTIONS = ("no_action", "restrict", "cascade", "set_null", "set_default")


@dataclass
class TableInfo:
    """What the rest of the project may use of a table: its key, its columns and their types."""

    domain: int
    schema: str
    name: str
    key: list[tuple[str, c.ColumnType]]  # the primary key's columns
    spec: dict = field(default_factory=dict)
    types: dict[str, c.ColumnType] = field(default_factory=dict)  # every column's type
    nullable: dict[str, bool] = field(default_factory=dict)
    generated: set[str] = field(default_factory=set)
    partitioned: bool = False
    unlogged: bool = False

    def ref(self, bare: bool) -> str:
        return self.name if bare else f"{self.schema}.{self.name}"


@st.composite
def table_head(draw, domain: int, schema: str, name: str) -> TableInfo:
    """A table with its primary key: `id` (identity, serial or plain), or two columns."""
    info = TableInfo(domain, schema, name, [])
    columns: dict = {}
    if draw(st.integers(0, 3)) == 0:
        first, second = draw(st.sampled_from(c.KEY_TYPES)), draw(st.sampled_from(c.KEY_TYPES))
        columns["K1"] = {"type": first}
        columns["k 2"] = second
        info.key = [("K1", c.BY_NAME[first]), ("k 2", c.BY_NAME[second])]
        info.spec["primary_key"] = ["K1", "k 2"]
    else:
        kind = draw(st.sampled_from(["plain", "identity", "serial"]))
        if kind == "serial":
            columns["id"] = draw(st.sampled_from(["serial", "bigserial"]))
            key_type = "integer" if columns["id"] == "serial" else "bigint"
        elif kind == "identity":
            key_type = draw(st.sampled_from(c.INTEGERS))
            columns["id"] = {"type": key_type, "primary_key": True,
                             "identity": draw(st.sampled_from(["always", "by_default"]))}
        else:
            key_type = draw(st.sampled_from(c.KEY_TYPES))
            columns["id"] = {"type": key_type, "primary_key": True}
        if kind == "serial":
            info.spec["primary_key"] = ["id"]
        info.key = [("id", c.BY_NAME[key_type])]
    info.spec["columns"] = columns
    for column, t in info.key:
        info.types[column] = t
        info.nullable[column] = False
    return info


@st.composite
def table_columns(draw, info: TableInfo, enums: list[tuple[str, list[str]]], version: int,
                  extension_types: list[str] = ()) -> None:
    """The table's other columns, generated ones among them."""
    types = c.TYPES + tuple(c.enum_type(n, labels) for n, labels in enums) + tuple(
        c.enum_array_type(n) for n, _ in enums) + tuple(c.ColumnType(n) for n in extension_types)
    columns = info.spec["columns"]
    for name in draw(some([n for n in c_names() if n not in columns], 1, 5)):
        spec, t = draw(c.column(name, types))
        columns[name] = spec
        info.types[name] = t
        info.nullable[name] = not (isinstance(spec, dict) and spec.get("nullable") is False)
    integers = [n for n, t in info.types.items() if t.name in c.INTEGERS and n not in info.generated]
    texts = [n for n, t in info.types.items() if t.name == "text"]
    if (integers or texts) and draw(st.integers(0, 2)) == 0:
        name = "Computed"
        if integers:
            source = draw(st.sampled_from(integers))
            expression, t = f"{q(source)} * 2", c.BY_NAME["bigint"]
        else:
            source = draw(st.sampled_from(texts))
            expression, t = f"lower({q(source)})", c.BY_NAME["text"]
        if version >= 180000 and draw(st.booleans()):
            columns[name] = {"type": t.name, "generated": {"expression": expression, "virtual": True}}
        else:
            columns[name] = {"type": t.name, "generated": expression}
        info.types[name] = t
        info.nullable[name] = True
        info.generated.add(name)


@st.composite
def mixin(draw) -> dict:
    """Columns (and an index) a table takes with `use:`."""
    spec: dict = {"columns": {"created at": {"type": "timestamptz", "nullable": False, "default": "now()"},
                              "Secret": {"type": "text", "sensitive": True}}}
    if draw(st.booleans()):
        spec["indexes"] = ["created at"]
    return spec


def c_names() -> list[str]:
    return [n for n in COLUMNS if n not in ("id", "K1", "k 2")]


def _btree_columns(info: TableInfo) -> list[str]:
    return [n for n, t in info.types.items() if t.btree and n not in _virtual(info)]


def _virtual(info: TableInfo) -> set[str]:
    columns = info.spec["columns"]
    return {n for n in info.generated if isinstance(columns[n].get("generated"), dict)}


@st.composite
def keys_and_checks(draw, info: TableInfo) -> None:
    """Unique constraints (column and table level) and checks."""
    candidates = [n for n in _btree_columns(info) if n not in dict(info.key) and n not in info.generated]
    columns = info.spec["columns"]
    taken = {tuple(n for n, _ in info.key)}
    if candidates and draw(st.integers(0, 3)) == 0:
        one = draw(st.sampled_from(candidates))
        if isinstance(columns[one], str):
            columns[one] = {"type": columns[one]}
        columns[one]["unique"] = True
        taken.add((one,))
    unique = []
    for group in draw(st.lists(some(candidates + [n for n, _ in info.key], 1, 2), max_size=2)):
        if tuple(group) in taken:
            continue
        taken.add(tuple(group))
        entry: dict = {"columns": group}
        if draw(st.booleans()):
            entry["nulls_not_distinct"] = True
        if draw(st.integers(0, 3)) == 0:
            entry["comment"] = draw(free_text)
        unique.append(entry if len(entry) > 1 or draw(st.booleans()) else group)
    if unique:
        info.spec["unique"] = unique
    checks = {}
    for name in draw(some(CHECKS, 0, 2)):
        column = draw(st.sampled_from(sorted(info.types)))
        expression = f"{q(column)} IS NOT NULL OR {q(info.key[0][0])} IS NOT NULL"
        checks[name] = expression if draw(st.booleans()) else {"expression": expression}
    if checks:
        info.spec["checks"] = checks


def _matching(info: TableInfo, target: TableInfo) -> list[tuple[str, str]]:
    """(column, target column) pairs of `info` able to reference `target`'s key."""
    return [(n, tn) for tn, tt in target.key for n, t in info.types.items()
            if t.name == tt.name and n not in info.generated]


@st.composite
def foreign_keys(draw, info: TableInfo, tables: list[TableInfo]) -> None:
    """One-column references (`references:`, short form) and multi-column foreign keys,
    to any table of the project (itself included: cycles are allowed)."""
    columns = info.spec["columns"]
    long_form = []
    for number, target in enumerate(draw(st.lists(st.sampled_from(tables), max_size=2))):
        if target.partitioned:
            continue
        on_delete = draw(st.sampled_from(FK_ACTIONS))
        on_update = draw(st.sampled_from(FK_ACTIONS[:3]))
        bare = draw(st.booleans()) and sum(t.name == target.name for t in tables) == 1
        if len(target.key) == 1:
            name = f"fk{number}"
            key_column, key_type = target.key[0]
            spec: dict = {"type": key_type.name, "references": f"{target.ref(bare)}.{key_column}"}
            if on_delete != "no_action" or draw(st.booleans()):
                spec["on_delete"] = on_delete
            if on_update != "no_action":
                spec["on_update"] = on_update
            if on_delete != "set_null" and draw(st.booleans()):
                spec["nullable"] = False
            columns[name] = spec
            info.types[name] = key_type
            info.nullable[name] = spec.get("nullable", True)
            continue
        names = [f"fk{number}a", f"fk{number}b"]
        for name, (_, key_type) in zip(names, target.key):
            columns[name] = key_type.name
            info.types[name] = key_type
            info.nullable[name] = True
        fk: dict = {"columns": names, "references": {"table": target.ref(bare), "columns": [n for n, _ in target.key]}}
        if on_delete != "no_action":
            fk["on_delete"] = on_delete
        if on_update != "no_action":
            fk["on_update"] = on_update
        if draw(st.booleans()):
            fk["deferrable"] = draw(st.sampled_from(["true", "initially_deferred", "false"]))
        if draw(st.integers(0, 2)) == 0:
            fk["name"] = f"{info.name}_ref{number}"
        if draw(st.integers(0, 3)) == 0:
            fk["comment"] = draw(free_text)
        long_form.append(fk)
    if long_form:
        info.spec["foreign_keys"] = long_form


@st.composite
def indexes(draw, info: TableInfo, index_options: bool) -> None:
    """Plain, multi-column, unique, partial and expression indexes, of several methods."""
    plain = [n for n in _btree_columns(info) if n not in _virtual(info)]
    virtual = _virtual(info)
    result, unnamed = [], set()
    for number in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["column", "columns", "unique", "partial", "expression", "method", "include"]))
        name = f"{info.name}_x{number}"
        if kind == "method":
            options = [(n, m) for n, t in info.types.items() if n not in virtual for m in t.methods]
            if not options:
                continue
            column, method = draw(st.sampled_from(options))
            result.append({"columns": [column], "using": method, "name": name})
        elif kind == "expression":
            options = [(n, t.expression) for n, t in info.types.items()
                       if t.expression and n not in virtual]
            if not options:
                continue
            column, expression = draw(st.sampled_from(options))
            entry = {"expressions": [expression.format(c=q(column))], "name": name}
            if not info.partitioned and draw(st.booleans()):
                entry["unique"] = True
            result.append(entry)
        elif plain:
            group = draw(some(plain, 1, 1 if kind == "column" else 2))
            if kind in ("column", "columns") and tuple(group) not in unnamed:
                unnamed.add(tuple(group))
                result.append(group[0] if len(group) == 1 and draw(st.booleans()) else group)
                continue
            entry = {"columns": group, "name": name}
            if kind == "unique" and not info.partitioned:
                entry["unique"] = True
                if draw(st.booleans()):
                    entry["nulls_not_distinct"] = True
            elif kind == "partial":
                entry["where"] = f"{q(group[0])} IS NOT NULL"
            elif kind == "include":
                entry["include"] = [draw(st.sampled_from([n for n in plain if n not in group] or group))]
                if entry["include"][0] in group:
                    del entry["include"]
            if index_options and draw(st.booleans()):
                entry["columns"] = [{"column": group[0], "order": "desc", "nulls": "last"}] + group[1:]  # not the default
                entry["with"] = {"fillfactor": 70}
            if draw(st.integers(0, 3)) == 0:
                entry["comment"] = draw(free_text)
            result.append(entry)
    if result:
        info.spec["indexes"] = result


@st.composite
def triggers(draw, info: TableInfo, trigger_functions: list[str]) -> None:
    """Row and statement triggers calling the project's trigger functions."""
    if not trigger_functions:
        return
    result = {}
    for name in draw(some(TRIGGERS, 0, 2)):
        spec: dict = {"function": draw(st.sampled_from(trigger_functions)),
                      "timing": draw(st.sampled_from(["before", "after"]))}
        for_each = draw(st.sampled_from(["row", "statement"]))
        events = draw(st.lists(st.sampled_from(["insert", "update", "delete"]), min_size=1, max_size=3, unique=True))
        if for_each == "statement" and draw(st.integers(0, 3)) == 0:
            events.append("truncate")
        spec["events"] = events
        if for_each == "statement" or draw(st.booleans()):
            spec["for_each"] = for_each
        if "update" in events and draw(st.booleans()):
            spec["update_of"] = [draw(st.sampled_from(sorted(info.types)))]
        if for_each == "row" and events == ["update"] and draw(st.booleans()):
            column = q(draw(st.sampled_from(sorted(n for n, t in info.types.items() if t.btree))))
            spec["when"] = f"OLD.{column} IS DISTINCT FROM NEW.{column}"
        if draw(st.integers(0, 2)) == 0:
            spec["args"] = draw(st.lists(free_text, max_size=2))
        result[name] = spec
        if (spec["timing"] == "after" and len(events) == 1 and events[0] != "truncate" and "update_of" not in spec
                and not (info.partitioned and for_each == "row") and draw(st.integers(0, 2)) == 0):
            table = {"insert": "new_table", "delete": "old_table", "update": "old_table"}[events[0]]
            spec["referencing"] = {table: "changed rows"}
        elif spec["timing"] == "after" and for_each == "row" and "truncate" not in events and draw(st.integers(0, 3)) == 0:
            spec["constraint"] = True
            spec["deferrable"] = draw(st.sampled_from([True, False, "initially_deferred"]))
    if result:
        info.spec["triggers"] = result


@st.composite
def row_security(draw, info: TableInfo, roles: list[str]) -> None:
    if draw(st.integers(0, 2)):
        return
    rls: dict = {}
    if draw(st.integers(0, 3)) == 0:
        rls["enabled"] = draw(st.booleans())
    if rls.get("enabled", True) and draw(st.booleans()):
        rls["force"] = True
    policies = {}
    for name in draw(some(POLICIES, 0, 2)):
        command = draw(st.sampled_from(["all", "select", "insert", "update", "delete"]))
        column = q(draw(st.sampled_from(sorted(info.types))))
        policy: dict = {"for": command} if command != "all" or draw(st.booleans()) else {}
        if draw(st.booleans()):
            policy["as"] = draw(st.sampled_from(["permissive", "restrictive"]))
        if roles and draw(st.booleans()):
            policy["to"] = draw(some(roles, 1, 2))
        if command != "insert":
            policy["using"] = f"{column} IS NOT NULL"
        if command in ("all", "insert", "update") and (command == "insert" or draw(st.booleans())):
            policy["with_check"] = f"current_setting('app.user', true) IS DISTINCT FROM {literal('nobody')}"
        policies[name] = policy
    if policies:
        rls["policies"] = policies
    info.spec["rls"] = rls


def grants(draw, roles: list[str], privileges: list[str], grant_options: bool, public: bool = True) -> dict:
    """`{role: [privileges]}` for some of `roles` (and PUBLIC)."""
    result = {}
    grantees = roles + (["public"] if public else [])
    for role in draw(some(grantees, 0, 2)) if grantees else ():
        chosen = draw(st.lists(st.sampled_from(privileges), min_size=1, max_size=3, unique=True))
        if "all" in chosen or set(chosen) == set(privileges) - {"all"}:
            chosen = ["all"]  # every privilege listed reads back as `all` (compiler/introspect/security.py)
        if grant_options and role != "public" and draw(st.booleans()):
            result[role] = {"privileges": chosen, "grant_option": True}
        else:
            result[role] = chosen
    return result


TABLE_PRIVILEGES = ["select", "insert", "update", "delete", "truncate", "references", "trigger", "all"]
