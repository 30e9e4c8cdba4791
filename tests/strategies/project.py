"""Whole generated projects: schemac.yaml and several domains, each with
its schemas, enums, sequences, tables, functions, views, roles and grants,
plus the kinds switched on in `kinds` (tests/strategies/kinds.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import strategies as st

from tests.strategies import programmable as p
from tests.strategies import tables as t
from tests.strategies import user_types as u
from tests.strategies.kinds import KINDS
from tests.strategies.names import (
    DOMAINS,
    ENUMS,
    FUNCTIONS,
    ROLES,
    SCHEMAS,
    SEQUENCES,
    TABLES,
    VIEWS,
    free_text,
    qq,
    some,
)


@dataclass(frozen=True)
class Project:
    """A generated project: schemac.yaml's settings and one spec per file name."""

    settings: dict
    specs: dict[str, dict]
    roles: tuple[str, ...]  # the managed roles (server-wide: tests drop what a failed run leaves)

    def write(self, root: Path) -> Path:
        (root / "specs").mkdir(parents=True)
        (root / "schemac.yaml").write_text(_dump(self.settings), encoding="utf-8")
        for name, spec in self.specs.items():
            (root / "specs" / name).write_text(_dump(spec), encoding="utf-8")
        return root

    def __str__(self) -> str:
        parts = [f"# schemac.yaml\n{_dump(self.settings)}"]
        parts += [f"# specs/{name}\n{_dump(spec)}" for name, spec in self.specs.items()]
        return "\n".join(parts)


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


@st.composite
def projects(draw, version: int, kinds: frozenset[str] = KINDS) -> Project:
    """A valid project for a server of `version` (server_version_num)."""
    min_version = 18 if version >= 180000 and draw(st.booleans()) else 15
    settings: dict = {"postgres": {"min_version": min_version}}
    if draw(st.booleans()):
        settings["privileges"] = {"functions_executable_by_public": draw(st.booleans())}
    domain_names = draw(some(DOMAINS, 1, 3))
    schemas = draw(some(SCHEMAS, len(domain_names) + 1, len(domain_names) + 2))
    roles = draw(some(ROLES, 0, 3))
    # each domain: its schema (the first may be public) and perhaps one more
    homes, extra = [], []
    pool = list(schemas)
    for number, _ in enumerate(domain_names):
        homes.append("public" if number == 0 and draw(st.booleans()) else pool.pop(0))
    for _ in domain_names:
        extra.append([pool.pop(0)] if pool and draw(st.booleans()) else [])
    specs = [{"domain": name} for name in domain_names]
    for spec, home, more in zip(specs, homes, extra):
        if home != "public" or draw(st.booleans()):
            spec["schema"] = home
        if more:
            spec["schemas"] = more
        if draw(st.integers(0, 2)) == 0:
            spec["description"] = draw(free_text)
    places = [(number, schema) for number, home in enumerate(homes) for schema in [home] + extra[number]]

    def key(number: int, schema: str, name: str) -> str:
        return name if schema == homes[number] else f"{schema}.{name}"

    for number in range(1, len(specs)):
        if draw(st.integers(0, 2)) == 0:
            specs[number]["depends_on"] = [domain_names[draw(st.integers(0, number - 1))]]
    extension_types: list[str] = []
    if draw(st.integers(0, 2)) == 0:  # an extension, its types declared external
        number, schema = draw(st.sampled_from(places))
        specs[number]["extensions"] = ["citext"] if schema == "public" else [{"name": "citext", "schema": schema}]
        specs[number]["external"] = {"types": ["citext"]}
        extension_types.append("citext")
    if roles:
        specs[0]["roles"] = {role: ({"comment": draw(free_text)} if draw(st.booleans()) else {}) for role in roles}
    # enums, anywhere
    enums: list[tuple[str, list[str]]] = []
    for name in draw(some(ENUMS, 0, 2)):
        number, schema = draw(st.sampled_from(places))
        value = draw(p.enum())
        specs[number].setdefault("enums", {})[key(number, schema, name)] = value
        enums.append((name, value if isinstance(value, list) else value["values"]))
    # tables: heads first, so that foreign keys may point anywhere (cycles included)
    infos: list[t.TableInfo] = []
    for name in draw(some(TABLES, 1, 5)):
        number, schema = draw(st.sampled_from(places))
        infos.append(draw(t.table_head(number, schema, name)))
    for info in infos:
        draw(t.table_columns(info, enums, min_version, extension_types))
        draw(t.keys_and_checks(info))
    if "unlogged" in kinds or "partitions" in kinds:
        draw(u.special_tables(infos, kinds))
    for info in infos:
        draw(t.foreign_keys(info, [i for i in infos if not i.unlogged or info.unlogged]))
        draw(t.indexes(info, "index_options" in kinds))
    grant_options = "grant_options" in kinds
    # functions (trigger functions among them) and sequences, per domain
    trigger_functions, callable_ = [], []
    function_names = draw(some(FUNCTIONS, 0, 4))
    for number, spec in enumerate(specs):
        mine = function_names[number::len(specs)]
        if mine:
            made, triggers, more = draw(p.functions(mine, homes[number], infos, roles, grant_options))
            spec["functions"] = made
            trigger_functions += triggers
            callable_ += more
    for number, spec in enumerate(specs):  # a mixin, used by some of the domain's tables
        mine = [i for i in infos if i.domain == number and not i.partitioned]
        if mine and draw(st.integers(0, 2)) == 0:
            spec["mixins"] = {"stamps": draw(t.mixin())}
            for info in draw(st.lists(st.sampled_from(mine), min_size=1, unique_by=id)):
                info.spec["use"] = ["stamps"]
    for info in infos:
        draw(t.triggers(info, trigger_functions))
        draw(t.row_security(info, roles))
        if roles and draw(st.booleans()):
            info.spec["grants"] = t.grants(draw, roles, t.TABLE_PRIVILEGES, grant_options)
        if "column_grants" in kinds and roles:
            draw(u.column_grants(info, roles))
        if draw(st.integers(0, 2)) == 0:
            info.spec["comment"] = draw(free_text)
        specs[info.domain].setdefault("tables", {})[key(info.domain, info.schema, info.name)] = info.spec
    for name in draw(some(SEQUENCES, 0, 2)):
        number = draw(st.integers(0, len(specs) - 1))
        owners = [(i.name, column) for i in infos if i.schema == homes[number] and not i.partitioned
                  for column, ty in i.types.items() if ty.name in ("integer", "bigint")]
        owner = draw(st.sampled_from(owners)) if owners and draw(st.booleans()) else None
        specs[number].setdefault("sequences", {})[name] = draw(p.sequence(roles, owner))
        if infos and draw(st.booleans()):
            _draw_from(draw, infos, homes[number], name)
    # views: each may read the views before it
    earlier: list[str] = []
    for name in draw(some(VIEWS, 0, 3)):
        number, schema = draw(st.sampled_from(places))
        made = draw(p.views([name], infos, callable_, roles, earlier, grant_options))
        specs[number].setdefault("views", {})[key(number, schema, name)] = made[name]
        earlier.append(qq(schema, name))
    # schema grants
    for number, spec in enumerate(specs):
        own = [s for s in [homes[number]] + extra[number] if s != "public"]
        if roles and own and draw(st.booleans()):
            schema = draw(st.sampled_from(own))
            privileges = draw(st.sampled_from([["usage"], ["usage", "create"], ["create"]]))
            spec["schema_grants"] = {schema: {draw(st.sampled_from(roles)): privileges}}
    draw(u.issue_ten_kinds(specs, homes, roles, infos, kinds))
    files = {f"d{number}.yaml": spec for number, spec in enumerate(specs)}
    return Project(settings, files, tuple(roles))


def _draw_from(draw, infos: list[t.TableInfo], schema: str, sequence: str) -> None:
    """A bigint column of a table that draws its default from the sequence."""
    info = draw(st.sampled_from(infos))
    info.spec["columns"]["from seq"] = {"type": "bigint", "default": f"nextval('{qq(schema, sequence)}')"}
