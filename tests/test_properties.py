"""Property tests (hypothesis) of the spec loader and the SQL it leads to.

- Valid spec documents, built from a strategy of enums, tables, columns of many
  types, keys, checks, defaults, indexes and foreign keys (including cycles and
  self references, reserved words and mixed-case names), always load, and
  their migrations are deterministic and parse with PostgreSQL's parser.
- Mutated documents (random keys and values, deleted keys, values of the wrong
  type, random unicode) and raw garbage (random text and bytes) either load or
  raise `SpecErrors`, never any other exception; when a mutated document still
  loads, its migration renders and parses.

No server needed; about ten seconds. SCHEMAC_PROPERTY_EXAMPLES=2000 runs a longer hunt.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from compiler import api
from compiler.errors import SpecErrors
from tests.test_pglast import statement_problems

# SCHEMAC_PROPERTY_EXAMPLES=2000 for a longer hunt; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("SCHEMAC_PROPERTY_EXAMPLES", "120"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])

# --- valid specs --------------------------------------------------------------------------------

# Tables are t<...>, enums e<...>, mixin columns m<...>, columns c<...> or one of the tricky names:
# no prefix overlaps, and no plain name has an underscore, so generated names (`<table>_<col>_idx`)
# cannot collide with tables, enums or each other.
TRICKY_COLUMNS = ["user", "order", "select", "from", "camelCase", "Mixed", "group", "limit", "col with space",
                  "é", "naïve", "x\"q", "end", "type", "default"]
plain = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
table_names = plain.map(lambda s: "t" + s) | st.sampled_from(["tUser", "tOrder", "tÜber"])
column_names = plain.map(lambda s: "c" + s) | st.sampled_from(TRICKY_COLUMNS)
enum_names = plain.map(lambda s: "e" + s) | st.sampled_from(["eStatus", "eKind"])
enum_values = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
    | st.sampled_from(["A", "it's", "yes", "NO", "null", "1", "true", "é", "a b"]),
    min_size=1, max_size=5, unique=True)

# type -> defaults that suit it (SQL text); "check" marks types with an ordering
TYPES = {
    "integer": ["0", "42", "-1"], "bigint": ["0"], "smallint": ["1"], "int": ["7"],
    "numeric(10,2)": ["0", "1.50"], "decimal": ["0"], "real": ["1.5"], "double precision": ["0"],
    "text": ["'x'", "''", "'it''s'"], "varchar(20)": ["'abc'"], "char(3)": ["'abc'"],
    "boolean": ["true", "false"], "date": ["CURRENT_DATE"], "timestamp": ["CURRENT_TIMESTAMP"],
    "timestamptz": ["now()"], "time": ["CURRENT_TIME"], "interval": ["'1 day'"], "uuid": ["gen_random_uuid()"],
    "jsonb": ["'{}'"], "json": ["'[]'"], "bytea": ["'\\x00'"], "inet": ["'127.0.0.1'"], "text[]": ["'{}'"],
    "integer[]": ["'{1,2}'"], "tsvector": [], "int4range": [], "money": [], "macaddr": [], "bit(3)": [],
}
ORDERED = {"integer", "bigint", "smallint", "int", "numeric(10,2)", "decimal", "real", "double precision"}
KEY_TYPES = ["bigint", "integer", "text", "uuid"]
FK_ACTIONS = ["no_action", "restrict", "cascade", "set_null", "set_default"]


def no_nul(text: str) -> bool:
    return "\x00" not in text and bool(text.strip())


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@st.composite
def columns(draw, enums: list[dict]):
    names = draw(st.lists(column_names, min_size=1, max_size=6, unique_by=str.lower))
    result = {}
    for name in names:
        use_enum = enums and draw(st.booleans())
        if use_enum:
            enum = draw(st.sampled_from(enums))
            type_, defaults = enum["name"], enum["values"]
        else:
            type_ = draw(st.sampled_from(sorted(TYPES)))
            defaults = TYPES[type_]
        if draw(st.booleans()) and not use_enum:
            result[name] = type_  # short form
            continue
        column = {"type": type_}
        if draw(st.booleans()):
            column["nullable"] = draw(st.booleans())
        if defaults and draw(st.booleans()):
            column["default"] = draw(st.sampled_from(defaults))
        if type_ in ORDERED and draw(st.integers(0, 3)) == 0:
            column["check"] = f"{q(name)} >= 0"
        if draw(st.integers(0, 4)) == 0 and not use_enum and type_ not in ("json", "tsvector", "money", "bit(3)"):
            column["unique"] = True
        if draw(st.integers(0, 4)) == 0:
            column["comment"] = draw(st.text(min_size=1, max_size=20).filter(no_nul))
        result[name] = column
    return result


@st.composite
def valid_specs(draw):
    enums = [{"name": n, "values": draw(enum_values)}
             for n in draw(st.lists(enum_names, max_size=2, unique_by=str.lower))]
    table_list = draw(st.lists(table_names, min_size=1, max_size=4, unique_by=str.lower))
    key_types = {t: draw(st.sampled_from(KEY_TYPES)) for t in table_list}
    spec: dict = {"domain": "generated"}
    if draw(st.booleans()):
        spec["schema"] = draw(st.sampled_from(["public", "app", "Billing"]))
    if enums:
        spec["enums"] = {e["name"]: e["values"] for e in enums}
    use_mixin = draw(st.booleans())
    if use_mixin:
        spec["mixins"] = {"stamps": {"columns": {
            "mcreated": {"type": "timestamptz", "nullable": False, "default": "now()"},
            "mupdated": "timestamptz"}}}
    tables = {}
    for table in table_list:
        cols = {"id": {"type": key_types[table], "primary_key": True}}
        if key_types[table] in ("bigint", "integer") and draw(st.booleans()):
            cols["id"]["identity"] = draw(st.sampled_from(["always", "by_default"]))
        cols.update(draw(columns(enums)))
        body: dict = {"columns": cols}
        # foreign keys to any table, itself included (cycles are allowed)
        for number, target in enumerate(draw(st.lists(st.sampled_from(table_list), max_size=2))):
            on_delete = draw(st.sampled_from(FK_ACTIONS))
            fk = {"type": key_types[target], "references": f"{target}.id", "on_delete": on_delete}
            fk["nullable"] = True if on_delete == "set_null" else draw(st.booleans())
            cols[f"fk{number}"] = fk
        plain_columns = [c for c, spec_ in cols.items()
                         if c != "id" and (isinstance(spec_, str) or "references" in spec_ or
                                           spec_["type"] not in ("json", "tsvector", "money", "bit(3)"))]
        plain_columns = [c for c in plain_columns
                         if (cols[c] if isinstance(cols[c], str) else cols[c]["type"]) not in ("json",)]
        if plain_columns:
            index_sets = draw(st.lists(st.lists(st.sampled_from(plain_columns), min_size=1, max_size=2, unique=True),
                                       max_size=3, unique_by=tuple))
            indexes = []
            for number, index_columns in enumerate(index_sets):
                kind = draw(st.integers(0, 4))
                if kind == 0:
                    indexes.append(index_columns[0] if len(index_columns) == 1 else index_columns)
                elif kind == 1:
                    indexes.append({"columns": index_columns, "where": f"{q(index_columns[0])} IS NOT NULL"})
                elif kind == 2:
                    indexes.append({"columns": index_columns, "unique": True, "name": f"{table}_u{number}"})
                elif kind == 3:
                    indexes.append({"columns": index_columns, "include": ["id"], "name": f"{table}_inc{number}"})
                else:
                    indexes.append({"expressions": [f"({q(index_columns[0])} IS NULL)"], "name": f"{table}_x{number}"})
            if indexes:
                body["indexes"] = indexes
            if draw(st.integers(0, 3)) == 0:
                body["unique"] = [{"columns": [plain_columns[0], "id"], "name": f"{table}_uq"}]
            if draw(st.integers(0, 3)) == 0:
                body["checks"] = {f"{table}_chk": f"{q(plain_columns[0])} IS NOT NULL OR id IS NOT NULL"}
        if use_mixin and draw(st.booleans()):
            body["use"] = ["stamps"]
        if draw(st.integers(0, 3)) == 0:
            body["comment"] = draw(st.text(min_size=1, max_size=30).filter(no_nul))
        tables[table] = body
    spec["tables"] = tables
    return spec


def _load(text: str | bytes, name: str = "spec.yaml"):
    with tempfile.TemporaryDirectory(prefix="schemac-prop-") as folder:
        path = Path(folder) / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return api.load(Path(folder), [path])


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _assert_migration_parses(compiled) -> None:
    files = api.migration("0001_initial", compiled)
    again = api.migration("0001_initial", compiled)
    assert (files.up, files.down, files.verify) == (again.up, again.down, again.verify), "not deterministic"
    for name in ("up", "down", "verify"):
        problems = statement_problems(getattr(files, name))
        assert not problems, f"{name}.sql:\n" + "\n\n".join(problems)


@SETTINGS
@given(valid_specs())
def test_valid_specs_load_and_their_sql_parses(spec):
    text = _dump(spec)
    try:
        compiled = _load(text)
    except SpecErrors as exc:
        pytest.fail(f"a valid spec was rejected:\n{exc}\n--- spec ---\n{text}")
    assert len(compiled.catalog.tables) == len(spec["tables"])
    _assert_migration_parses(compiled)


# --- mutated specs and garbage ------------------------------------------------------------------

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
    | st.sampled_from(["\x00", "a\x00b", "", "text", "integer", "cascade", "true", "btree", "id", "t.id", "now()",
                       "1 +", "'", "numeric(2000)", "serial", "x" * 70, "ünïcödé", "\u202e", "$$", "$schemac$",
                       "--", "/*"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8), children, max_size=3),
    max_leaves=8)
KEYS = ["tables", "columns", "type", "nullable", "default", "references", "on_delete", "indexes", "unique",
        "primary_key", "checks", "foreign_keys", "enums", "values", "use", "mixins", "external", "schema",
        "depends_on", "where", "expressions", "include", "identity", "generated", "name", "using", "deferrable",
        "extensions", "schemas", "comment", "domain", "override", "nulls_not_distinct", "concurrently"]
keys = st.sampled_from(KEYS) | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10)


def _containers(node, found=None):
    found = [] if found is None else found
    if isinstance(node, (dict, list)):
        found.append(node)
        for child in (node.values() if isinstance(node, dict) else node):
            _containers(child, found)
    return found


@st.composite
def mutated_specs(draw):
    spec = copy.deepcopy(draw(valid_specs()))
    for _ in range(draw(st.integers(1, 4))):
        containers = _containers(spec)
        target = draw(st.sampled_from(containers))
        action = draw(st.sampled_from(["set", "delete", "retype", "add_key"]))
        if isinstance(target, dict):
            if not target or action == "add_key":
                target[draw(keys)] = draw(anything)
                continue
            key = draw(st.sampled_from(list(target)))
            if action == "delete":
                del target[key]
            elif action == "retype":
                target[key] = draw(st.sampled_from([None, 0, 1.5, True, [], {}, "", [target[key]],
                                                    {"x": target[key]}, str(target[key])]))
            else:
                target[key] = draw(anything)
        else:
            if not target or action == "add_key":
                target.append(draw(anything))
                continue
            index = draw(st.integers(0, len(target) - 1))
            if action == "delete":
                del target[index]
            elif action == "retype":
                target[index] = draw(st.sampled_from([None, 0, True, [], {}, [target[index]],
                                                      {"columns": target[index]}]))
            else:
                target[index] = draw(anything)
    return spec


def _load_or_spec_errors(text: str | bytes):
    """Load; SpecErrors is an answer, anything else escapes and fails the test."""
    try:
        return _load(text)
    except SpecErrors as exc:
        assert exc.errors, "SpecErrors without any error"
        for error in exc.errors:
            assert error.line >= 1 and error.column >= 1 and error.message
        return None


@SETTINGS
@given(mutated_specs())
def test_mutated_specs_load_or_raise_spec_errors(spec):
    try:
        text = _dump(spec)
    except yaml.YAMLError:
        assume(False)
        return
    compiled = _load_or_spec_errors(text)
    if compiled is not None:
        _assert_migration_parses(compiled)


@SETTINGS
@given(st.data())
def test_text_mutations_of_valid_specs_load_or_raise_spec_errors(data):
    """Edits of the YAML text itself: deleted, inserted and replaced characters."""
    text = _dump(data.draw(valid_specs()))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 5))
        insert = data.draw(st.sampled_from(["", ":", "-", " ", "\n", "\t", "{", "[", "'", '"', "&a", "*a", "<<: ",
                                            "!!python/object:os.system", "%", "#", "?", "|"])
                           | st.text(max_size=4))
        text = text[:at] + insert + text[at + cut:]
    _load_or_spec_errors(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_garbage_loads_or_raises_spec_errors(garbage):
    _load_or_spec_errors(garbage)


@pytest.mark.parametrize("text", [
    "", "~", "[]", "42", "tables:", "tables: []", "tables: {t: }", "tables: {t: {columns: {}}}",
    "tables: {t: {columns: {id: }}}", "\ufeffdomain: x", "a: !!binary aGVsbG8=",
    "a: &a [*a]", "tables: &t {x: {columns: {id: {type: text, comment: *t}}}}",  # recursive aliases
    "a: &a {b: *a}", "x: &x [&y [*x, *y]]",
    "tables: {t: {columns: {id: !!python/name:os.system int}}}", "- - - -", "? [a]\n: b",
    "tables:\n  t:\n    columns:\n      id: {type: text, default: ''''}\n", "---\na: 1\n---\nb: 2\n",
])
def test_awkward_documents_load_or_raise_spec_errors(text):
    _load_or_spec_errors(text)


# A NUL character (YAML "\\0") cannot be stored in PostgreSQL text and would cut the SQL short:
# it must be rejected as a spec error (or, if ever accepted, survive into SQL that parses).
@pytest.mark.parametrize("text", [
    'tables: {t: {comment: "a\\0b", columns: {id: {type: text, primary_key: true}}}}',
    'tables: {t: {columns: {id: {type: text, primary_key: true, comment: "a\\0b"}}}}',
    'enums: {e: ["a\\0b"]}\ntables: {t: {columns: {id: {type: e, primary_key: true}}}}',
])
def test_nul_characters_are_rejected_or_survive(text):
    compiled = _load_or_spec_errors(text)
    if compiled is not None:
        _assert_migration_parses(compiled)
