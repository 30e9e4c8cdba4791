"""Reference rows against a live database: `schemac drift` reads back the
rows the specs declare (by primary key, values compared as the column's
type reads them), reports a changed value as `different` and a deleted row
as `missing`, and leaves rows the specs do not list alone; `plan
--database-url` upserts only what drifted; `schemac import --rows TABLE`
writes a table's rows as its `rows:`, and nothing else's."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from compiler import api
from compiler.apply import connect, run_script
from compiler.catalog.rows import ReferenceRow
from compiler.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

SPEC = """\
domain: ref
schema: ref
tables:
  config:
    columns:
      key: {type: text, primary_key: true}
      value: text
      enabled: {type: boolean, nullable: false, default: "true"}
      ratio: "numeric(10,4)"
    rows:
      - {key: max_upload_mb, value: "10", ratio: "1.0"}
      - {key: theme, value: null, enabled: false}
  currencies:
    columns:
      code: {type: "char(3)", primary_key: true}
      name: {type: text, nullable: false}
    rows:
      - {code: EUR, name: Euro}
      - {code: USD, name: US Dollar}
  countries:
    columns:
      id: {type: integer, primary_key: true, identity: always}
      code: {type: "char(2)", nullable: false, unique: true}
      currency: {type: "char(3)", nullable: false, references: currencies.code}
      label: {type: text, generated: lower(code)}
    rows:
      - {id: "01", code: DE, currency: EUR}
      - {id: 2, code: US, currency: USD}
  events:
    columns: {id: {type: bigint, primary_key: true}, body: text}
"""


def schemac(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def _drift(root: Path, url: str) -> tuple[int, dict]:
    code, out = schemac("-C", str(root), "drift", "--format", "json", "--database-url", url)
    return code, {d["key"]: d for d in json.loads(out)["differences"]}


def test_drift_reads_the_declared_rows_and_import_writes_the_rows_asked_for(database_url, tmp_path):
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "ref.yaml").write_text(SPEC, encoding="utf-8")
    assert schemac("-C", str(root), "generate")[0] == EXIT_OK
    up = next((root / "generated" / "migrations").iterdir()) / "up.sql"
    with connect(database_url) as conn:
        run_script(conn, up.read_text(encoding="utf-8"), "up.sql", closed=True)
        # rows the specs do not list: the application's, never drift
        conn.execute("INSERT INTO ref.currencies VALUES ('GBP', 'Pound'); INSERT INTO ref.events VALUES (1, 'x')")
    assert _drift(root, database_url) == (EXIT_OK, {})
    code, out = schemac("-C", str(root), "plan", "--database-url", database_url)
    assert (code, out.startswith("no changes")) == (EXIT_OK, True), out

    # import: only the tables --rows names get `rows:`, every row of them (GBP too), the key order kept
    imported = tmp_path / "imported"
    code, out = schemac("import", "--database-url", database_url, "--schema", "ref", "--out", str(imported),
                        "--rows", "ref.currencies", "--rows", "countries", "--rows", "config")
    assert code == EXIT_OK, out
    spec = (imported / "specs" / "ref.yaml").read_text(encoding="utf-8")
    assert "- {code: EUR, name: Euro}\n      - {code: GBP, name: Pound}\n      - {code: USD, name: US Dollar}" in spec
    assert "- {id: 1, code: DE, currency: EUR}\n      - {id: 2, code: US, currency: USD}" in spec
    assert "{key: max_upload_mb, value: 10, enabled: true, ratio: '1.0000'}" in spec
    assert spec.count("rows:") == 3  # not events'
    assert [r.key for r in api.load(imported).catalog.of_kind(ReferenceRow)] == [
        "row:ref.config.max_upload_mb", "row:ref.config.theme", "row:ref.countries.1", "row:ref.countries.2",
        "row:ref.currencies.EUR", "row:ref.currencies.GBP", "row:ref.currencies.USD"]
    assert schemac("-C", str(imported), "drift", "--specs", "--database-url", database_url)[0] == EXIT_OK
    for wrong, message in [("nope", "`nope`: no such table"), ("ref.events.x", "no such table")]:
        code, out = schemac("import", "--database-url", database_url, "--out", str(tmp_path / "x"), "--rows", wrong)
        assert (code, message in out) == (EXIT_USAGE, True), out

    # hand-made changes: a value, a deleted row, a row whose key PostgreSQL reads alike (`01` is 1) kept
    with connect(database_url) as conn:
        conn.execute("UPDATE ref.config SET ratio = 2 WHERE key = 'max_upload_mb'; "
                     "UPDATE ref.currencies SET name = 'Euro ' WHERE code = 'EUR'; "
                     "DELETE FROM ref.countries WHERE id = 2")
    code, found = _drift(root, database_url)
    assert code == EXIT_FAILED
    assert {key: d["kind"] for key, d in found.items()} == {
        "row:ref.config.max_upload_mb": "different", "row:ref.currencies.EUR": "different",
        "row:ref.countries.2": "missing"}
    assert found["row:ref.config.max_upload_mb"]["fields"] == [
        {"field": "values", "expected": ["max_upload_mb", "10", "1.0"], "found": ["max_upload_mb", "10", "2.0000"]}]
    assert found["row:ref.currencies.EUR"]["spec"]["line"] == 18  # its row in the spec
    code, out = schemac("-C", str(root), "plan", "--database-url", database_url)
    assert code == EXIT_OK and out.count("row:ref.") == 3, out
