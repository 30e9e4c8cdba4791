"""Names that need quoting (reserved words, mixed case, quotes, semicolons,
comment and dollar-quote markers, spaces, unicode, exactly 63 bytes) reach
PostgreSQL byte for byte, nothing else is created, verify is clean and down
leaves nothing. Specs are written by the test; the database is read through
pg_catalog with bound parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compiler.apply import run_script
from compiler.catalog.objects import Constraint, Index, Table
from compiler.errors import SpecErrors
from tests.helpers import compile_spec, inventory, verify

SCHEMA = 'Hostile "Schema"; --$$'
B63_UMLAUT = "ä" * 31 + "x"           # 31 * 2 + 1 = 63 bytes
B63_EMOJI = "📦" * 15 + "abc"          # 15 * 4 + 3 = 63 bytes
B63_ASCII = "n" * 63
B63_SEARCH = "🔎" * 15 + "xyz"
COMMENT = "It's a \"comment\"; DROP TABLE x; -- not really\nsecond line $$ $q$ \\ end"

T_USER, T_SELECT, T_ORDER = "user", "select", "Order Items"
T_QUOTES = 'say "hi"; it\'s --fine $$'
T_UNICODE = "Zahlungsempfänger 💶"
E_STATUS = 'Order "Status"'
E_VALUES = ["order", "it's", 'say "x"', "semi;colon", "--dash", "$$", "Übergabe ✅", B63_UMLAUT]

assert all(len(n.encode()) == 63 for n in (B63_UMLAUT, B63_EMOJI, B63_ASCII, B63_SEARCH))


def _spec() -> dict:
    return {
        "domain": "hostile",
        "schema": SCHEMA,
        "enums": {E_STATUS: {"values": E_VALUES, "comment": COMMENT}},
        "tables": {
            T_USER: {
                "comment": COMMENT,
                "columns": {
                    "select": {"type": "bigint", "primary_key": True, "identity": "always"},
                    "order": {"type": "text", "nullable": False, "unique": True, "comment": COMMENT},
                    "MixedCase": {"type": E_STATUS, "default": "it's"},
                    B63_UMLAUT: {"type": "integer", "check": f'"{B63_UMLAUT}" > 0'},
                    'a"b': {"type": "text", "default": "'x''; --'"},
                    "price$": {"type": "integer", "check": "price$ >= 0"},
                },
            },
            T_SELECT: {
                "columns": {
                    "id": {"type": "bigint", "primary_key": True},
                    "user": {"type": "bigint", "references": f"{T_USER}.select", "on_delete": "cascade"},
                    "semi;colon": "text",
                    B63_EMOJI: "text[]",
                },
                "checks": {'chk "quoted"; --': '"semi;colon" <> \'$$\''},
                "foreign_keys": [{"columns": ["id"], "references": {"table": T_USER, "columns": ["select"]},
                                  "name": "fk 'named'; $$", "comment": COMMENT}],
                "unique": [{"columns": ["semi;colon"], "name": B63_ASCII}],
                "indexes": [
                    {"columns": ["semi;colon"], "name": 'idx "semi;colon"', "comment": COMMENT},
                    {"expressions": ['lower("semi;colon")'], "name": B63_UMLAUT,
                     "where": '"semi;colon" <> \'--\''},
                    {"columns": [B63_EMOJI], "using": "gin", "name": B63_SEARCH},
                ],
            },
            T_ORDER: {
                "columns": {"Line No": {"type": "integer", "primary_key": True},
                            "status": {"type": E_STATUS, "nullable": False, "default": "$$"}},
                "indexes": ["status"],
            },
            T_QUOTES: {"columns": {"$$": {"type": "text", "primary_key": True}, "--": "text"}},
            T_UNICODE: {"columns": {"Empfänger": {"type": "text", "primary_key": True}, "✅": "boolean"}},
            B63_EMOJI: {"columns": {"id": {"type": "integer", "primary_key": True}}},
        },
    }


def _write(tmp_path: Path, spec: dict) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _relations(conn) -> set[tuple[str, str]]:
    return set(conn.execute("""
        SELECT c.relname::text, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s""", [SCHEMA]).fetchall())


def _types(conn) -> set[tuple[str, str]]:
    return set(conn.execute("""
        SELECT t.typname::text, t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = %s AND t.typtype <> 'c' AND t.typelem = 0""", [SCHEMA]).fetchall())


def _constraints(conn) -> set[tuple[str, str]]:
    return set(conn.execute("""
        SELECT c.conname::text, r.relname::text FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = %s AND c.contype IN ('p', 'u', 'c', 'f')""", [SCHEMA]).fetchall())


@pytest.fixture
def hostile(tmp_path):
    return compile_spec(tmp_path, [_write(tmp_path, _spec())])


def test_hostile_names_are_created_exactly(conn, hostile):
    compiled, files = hostile
    catalog = compiled.catalog
    before = inventory(conn)
    run_script(conn, files.up, "up.sql")

    assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [SCHEMA]).fetchone() == (1,)

    # every user-given name, byte for byte
    tables = {T_USER, T_SELECT, T_ORDER, T_QUOTES, T_UNICODE, B63_EMOJI}
    assert {t.name for t in catalog.of_kind(Table)} == tables
    user_indexes = {'idx "semi;colon"', B63_UMLAUT, B63_SEARCH}
    assert user_indexes <= {i.name for i in catalog.of_kind(Index)}

    # relations: exactly the tables, the indexes (also those of keys) and identity sequences
    index_names = {i.name for i in catalog.of_kind(Index)}
    index_names |= {c.name for c in catalog.of_kind(Constraint) if c.kind in ("primary_key", "unique")}
    found = _relations(conn)
    assert {n for n, k in found if k == "r"} == tables
    assert {n for n, k in found if k == "i"} == index_names
    assert {n for n, k in found if k == "S"} == {f"{T_USER}_select_seq"}
    assert {k for _, k in found} == {"r", "i", "S"}

    # types: the enum and each table's row type (arrays aside), nothing else
    assert _types(conn) == {(E_STATUS, "e")}
    row_types = set(conn.execute("""
        SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = %s AND t.typtype = 'c'""", [SCHEMA]).fetchall())
    assert row_types == {(t,) for t in tables}
    labels = [r[0] for r in conn.execute("""
        SELECT e.enumlabel::text FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = %s AND t.typname = %s ORDER BY e.enumsortorder""", [SCHEMA, E_STATUS]).fetchall()]
    assert labels == E_VALUES

    # columns of every table, byte for byte
    for table in catalog.of_kind(Table):
        columns = [r[0] for r in conn.execute("""
            SELECT a.attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""", [SCHEMA, table.name]).fetchall()]
        assert columns == [c.name for c in table.columns]

    # constraints: exactly the catalog's, on the right tables
    expected_constraints = {(c.name, c.table) for c in catalog.of_kind(Constraint)}
    assert _constraints(conn) == expected_constraints
    assert {B63_ASCII, "fk 'named'; $$", 'chk "quoted"; --'} <= {name for name, _ in expected_constraints}

    # comments survive with their quotes, semicolons and newlines
    comments = conn.execute("""
        SELECT obj_description(to_regclass(format('%%I.%%I', %s::text, %s::text)), 'pg_class'),
               obj_description(to_regtype(format('%%I.%%I', %s::text, %s::text)), 'pg_type')""",
                            [SCHEMA, T_USER, SCHEMA, E_STATUS]).fetchone()
    assert comments == (COMMENT, COMMENT)
    fk_comment = conn.execute("""
        SELECT obj_description(c.oid, 'pg_constraint') FROM pg_constraint c WHERE c.conname = %s""",
                              ["fk 'named'; $$"]).fetchone()
    assert fk_comment == (COMMENT,)

    # defaults with quotes work
    conn.execute("SELECT set_config('search_path', format('%%I', %s::text), false)", [SCHEMA])
    row = conn.execute(f"""INSERT INTO {_q(T_USER)} ("order") VALUES ('o') RETURNING "MixedCase"::text, "a""b" """).fetchone()
    assert row == ("it's", "x'; --")
    conn.execute("RESET search_path")

    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [SCHEMA]).fetchone() == (0,)
    assert inventory(conn) == before


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def test_verify_labels_quote_hostile_names_like_postgres(conn, hostile):
    """Labels made by verify.sql (quote_ident) and by the renderer agree with
    the server's own quote_ident()."""
    compiled, files = hostile
    run_script(conn, files.up, "up.sql")

    def quote(name: str) -> str:
        return conn.execute("SELECT quote_ident(%s)", [name]).fetchone()[0]

    table = f"{quote(SCHEMA)}.{quote(T_USER)}"
    conn.execute(f"ALTER TABLE {table} DROP COLUMN {_q(B63_UMLAUT)}, DROP COLUMN {_q('price$')},"
                 f" ADD COLUMN {_q('new; --')} integer")
    checks = [c.name for c in compiled.catalog.of_kind(Constraint) if c.kind == "check" and c.table == T_USER]
    assert len(checks) == 2
    expected = [(f"column {table}.{quote(B63_UMLAUT)}", "present", "missing"),
                (f"column {table}.{quote('new; --')}", "absent", "present"),
                (f"column {table}.{quote('price$')}", "present", "missing")]
    expected += [(f"constraint {quote(name)} on {table}", "CHECK", "missing") for name in checks]
    rows = verify(conn, files)
    assert all(e.startswith("CHECK (") for o, e, f in rows if o.startswith("constraint "))
    assert sorted((o, "CHECK" if e.startswith("CHECK (") else e, f) for o, e, f in rows) == sorted(expected)


def test_hostile_names_selftest(server_url, hostile):
    from compiler import selftest
    compiled, files = hostile
    report = selftest.run(files, compiled, server_url)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]


@pytest.mark.parametrize("where", ["table", "column", "enum", "enum value", "index", "constraint"])
def test_a_64_byte_name_is_rejected(tmp_path, where):
    long_name = "ä" * 32  # 64 bytes, 32 characters
    spec = {"domain": "long", "enums": {"Kind": ["a"]},
            "tables": {"t": {"columns": {"id": {"type": "integer", "primary_key": True}, "c": "text"}}}}
    table = spec["tables"]["t"]
    if where == "table":
        spec["tables"][long_name] = spec["tables"].pop("t")
    elif where == "column":
        table["columns"][long_name] = table["columns"].pop("c")
    elif where == "enum":
        spec["enums"][long_name] = spec["enums"].pop("Kind")
    elif where == "enum value":
        spec["enums"]["Kind"] = ["a", long_name]
    elif where == "index":
        table["indexes"] = [{"columns": ["c"], "name": long_name}]
    else:
        table["checks"] = {long_name: "c <> ''"}
    with pytest.raises(SpecErrors) as raised:
        compile_spec(tmp_path, [_write(tmp_path, spec)])
    assert raised.value.errors
    assert any("63" in e.message for e in raised.value.errors), [str(e) for e in raised.value.errors]
