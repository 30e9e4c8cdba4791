"""Reference rows (`rows:` of a table) on a real PostgreSQL: made by up.sql,
removed by down.sql, checked by verify.sql, changed by the next migration;
and the spec errors for values PostgreSQL would refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors, UsageError
from tests.helpers import inventory, verify

SPEC = """\
schema: ref
schemas: [ref_private]
enums:
  level: [low, high]
tables:
  config:
    columns:
      key: {type: text, primary_key: true}
      value: text
      lvl: level
      max_mb: integer
      enabled: {type: boolean, nullable: false, default: "false"}
    rls:                        # on, not forced: the migration (the table's owner) writes past the policies
      policies:
        nobody: {using: "false"}
    rows:
      - {key: max_upload_mb, value: "10", lvl: high, max_mb: "010", enabled: yes}
      - {key: theme, value: null}
  ref_private.kinds:
    columns:
      id: {type: integer, primary_key: true, identity: always}
      name: {type: text, nullable: false}
      parent_id: {type: integer, references: ref_private.kinds.id}
    rows:
      - {id: 2, name: child, parent_id: 1}
      - {id: 1, name: root}
  currencies:
    columns:
      code: {type: "char(3)", primary_key: true}
      id: {type: uuid, nullable: false, unique: true}
      rate: "numeric(10,4)"
      meta: jsonb
      since: date
    rows:
      - {code: EUR, id: 6F9619FF-8B86-D011-B42D-00C04FC964FF, rate: "1.0", meta: '{"symbol": "€"}', since: "1999-01-01"}
      - {code: "USD", id: 00000000-0000-0000-0000-000000000001, rate: "1.0850"}
  prices:
    columns:
      id: {type: bigint, primary_key: true}
      currency: {type: "char(3)", nullable: false, references: currencies.code}
    rows:
      - {id: 1, currency: EUR}
"""


def _compile(tmp_path: Path, name: str, text: str):
    folder = tmp_path / name
    folder.mkdir()
    spec = folder / "ref.yaml"
    spec.write_text(text, encoding="utf-8")
    return api.load(folder, [spec])


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


def _errors(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(SpecErrors) as caught:
        _compile(tmp_path, "broken", text)
    return [(e.line, e.path, e.message) for e in caught.value.errors]


def test_rows_are_inserted_verified_tampered_and_removed(conn, tmp_path):
    compiled = _compile(tmp_path, "one", SPEC)
    files = api.migration("0001_rows", compiled)
    keys = [op.key for op in files.plan.steps]
    # a row after the row its foreign key names, and after its table's foreign keys
    assert keys.index("row:ref_private.kinds.1") < keys.index("row:ref_private.kinds.2")
    assert keys.index("row:ref.currencies.EUR") < keys.index("row:ref.prices.1")
    assert "row:ref.config.max_upload_mb" in keys
    empty = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    assert _query(conn, "SELECT key, value, lvl::text, max_mb, enabled FROM ref.config ORDER BY key") == [
        ("max_upload_mb", "10", "high", 10, True), ("theme", None, None, None, False)]
    # identity values given by rows: the sequence continues after them
    assert _query(conn, "INSERT INTO ref_private.kinds (name) VALUES ('new') RETURNING id") == [(3,)]
    run_script(conn, "DELETE FROM ref_private.kinds WHERE id = 3", "clean")
    # tampering: a changed value, a missing row, a NULL made a value
    run_script(conn, "UPDATE ref.config SET value = '11' WHERE key = 'max_upload_mb';"
                     "UPDATE ref.config SET value = 'dark' WHERE key = 'theme';"
                     "DELETE FROM ref.prices; UPDATE ref.currencies SET rate = 1.1 WHERE code = 'USD'", "tamper")
    assert verify(conn, files) == [
        ("row ref.config (key)=(max_upload_mb) value", "10", "11"),
        ("row ref.config (key)=(theme) value", "NULL", "dark"),
        ("row ref.currencies (code)=(USD) rate", "1.0850", "1.1000"),
        ("row ref.prices (id)=(1)", "present", "missing"),
    ]
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == empty
    run_script(conn, files.up, "up.sql again")
    assert verify(conn, files) == []


def test_changed_added_and_removed_rows_are_steps_and_down_undoes_them(conn, tmp_path):
    before = _compile(tmp_path, "before", SPEC)
    after_text = SPEC.replace('value: "10", lvl: high', 'value: "20", lvl: low') \
        .replace("      - {key: theme, value: null}\n", "      - {key: locale, value: en}\n") \
        .replace("      - {id: 1, currency: EUR}\n", "      - {id: 1, currency: USD}\n      - {id: 2, currency: EUR}\n")
    after = _compile(tmp_path, "after", after_text)
    first = api.migration("0001_rows", before)
    step = api.migration("0002_rows", after, previous=before.catalog)
    kinds = {op.key: op.kind for op in step.plan.steps}
    assert kinds == {"row:ref.config.max_upload_mb": "UpdateRow", "row:ref.config.locale": "InsertRow",
                     "row:ref.config.theme": "DeleteRow", "row:ref.prices.1": "UpdateRow",
                     "row:ref.prices.2": "InsertRow"}
    assert not step.plan.hazards
    run_script(conn, first.up, "up.sql 1")
    run_script(conn, step.up, "up.sql 2")
    assert verify(conn, step) == []
    assert _query(conn, "SELECT key, value FROM ref.config ORDER BY key") == [("locale", "en"), ("max_upload_mb", "20")]
    run_script(conn, step.down, "down.sql 2")
    assert verify(conn, first) == []
    # a table dropped with its rows: down.sql makes it and its rows again
    dropped = _compile(tmp_path, "dropped", SPEC.split("  prices:\n")[0])
    drop = api.migration("0002_drop", dropped, previous=before.catalog)
    run_script(conn, drop.up, "drop up.sql")
    assert verify(conn, drop) == []
    run_script(conn, drop.down, "drop down.sql")
    assert verify(conn, first) == []


def test_a_reference_row_needs_its_key_and_values_its_columns_take(tmp_path):
    found = _errors(tmp_path, """\
schema: ref
enums:
  level: [low, high]
tables:
  nokey:
    columns: {a: text}
    rows: [{a: x}]
  forced:
    columns: {id: {type: integer, primary_key: true}}
    rls: {force: true}
    rows: [{id: 1}]
  t:
    columns:
      id: {type: integer, primary_key: true}
      n: smallint
      b: boolean
      u: uuid
      l: level
      v: "varchar(2)"
      j: json
      d: date
      g: {type: integer, generated: id * 2}
      req: {type: text, nullable: false}
      i: {type: integer, identity: always}
      pw: {type: text, sensitive: true}
    rows:
      - {id: 1, n: "40000", b: maybe, u: nope, l: medium, v: abc, j: "{", d: 01/02/2024, req: x}
      - {id: x, req: y}
      - {id: 2, g: "4", nope: 1, i: "3", req: z}
      - {n: "1", req: q}
      - {id: 3, req: null}
      - {id: 4}
      - {id: 5, req: a}
      - {id: 6, req: a, pw: secret}
      - {id: "05", req: again}
""")
    messages = [m for _, _, m in found]
    assert "table `nokey` has `rows:` but no primary key" in messages
    for expected in ("`40000` is out of range for smallint", "`maybe` is not a boolean", "`nope` is not a uuid",
                     "`medium` is not a value of enum ref.level", "`abc` is longer than character varying(2) takes",
                     "`{` is not JSON", "`01/02/2024` is not an ISO date", "`x` is not an integer",
                     "column `g` is generated: PostgreSQL computes its value", "table `t` has no column `nope`",
                     "the row gives no value for primary key column `id`",
                     "column `req` is NOT NULL: the row cannot give it null",
                     "the row gives no value for NOT NULL column(s) req that have no default",
                     "two reference rows of table `t` have the key (id)=(5)",
                     "table `forced` has `rows:` and forced row-level security",
                     "column `pw` is sensitive: its value would be written in up.sql and state.json"):
        assert expected in messages, (expected, messages)
    assert any(m.startswith("column `i` is GENERATED ALWAYS AS IDENTITY and not the primary key") for m in messages)
    assert (27, "tables.t.rows[0].n", "`40000` is out of range for smallint") in found


def test_more_rows_than_the_cap_is_an_error(tmp_path):
    rows = "".join(f"      - {{id: {i}}}\n" for i in range(1001))
    found = _errors(tmp_path, "tables:\n  t:\n    columns: {id: {type: integer, primary_key: true}}\n    rows:\n" + rows)
    assert [m for _, _, m in found] == ["table `t` has 1001 reference rows; at most 1000 are allowed"]


def test_rows_keyed_by_other_columns_after_a_primary_key_change_are_refused(tmp_path):
    before = _compile(tmp_path, "before", SPEC)
    after = _compile(tmp_path, "after", SPEC.replace('      code: {type: "char(3)", primary_key: true}\n      id: {type: uuid, nullable: false, unique: true}',
                                                     '      code: {type: "char(3)", nullable: false, unique: true}\n      id: {type: uuid, primary_key: true}'))
    with pytest.raises(UsageError) as caught:
        api.plan(before.catalog, after.catalog)
    assert str(caught.value).startswith("the reference rows of ref.currencies are keyed by (id) now, by (code) before")
