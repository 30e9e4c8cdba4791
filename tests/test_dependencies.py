"""Creation order comes from what objects use, read from PostgreSQL's parse
trees: PL/pgSQL declarations (`t%ROWTYPE`), row types in signatures
(`setof t`), and function calls in defaults."""

from __future__ import annotations

from compiler import api, selftest

SPEC = """\
schema: s
tables:
  t:
    columns:
      id: {type: integer, primary_key: true}
      code: {type: text, default: s.next_code()}
    triggers:
      trg: {function: f, timing: after, events: [insert]}
functions:
  f:
    returns: trigger
    language: plpgsql
    body: "DECLARE r t%ROWTYPE; x t.code%TYPE; BEGIN RETURN NULL; END"
  all_t:
    returns: {setof: t}
    language: plpgsql
    body: "BEGIN RETURN; END"
  next_code:
    returns: text
    language: plpgsql
    body: "BEGIN RETURN 'c'; END"
  purge:
    body: delete from t where id < 0
"""


def _steps(tmp_path):
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    compiled = api.load(tmp_path, [spec])
    files = api.migration("0001_test", compiled)
    return compiled, files, [op.key for op in files.plan.steps]


def test_declared_and_signature_types_order_the_functions_after_the_table(tmp_path):
    _, _, keys = _steps(tmp_path)
    assert keys.index("table:s.t") < keys.index("function:s.f()")
    assert keys.index("table:s.t") < keys.index("function:s.all_t()")
    assert keys.index("function:s.next_code()") < keys.index("table:s.t")
    assert keys.index("table:s.t") < keys.index("function:s.purge()")  # a SQL body writing to t


def test_the_ordered_migration_applies_and_rolls_back(tmp_path, server_url):
    compiled, files, _ = _steps(tmp_path)
    report = selftest.run(files, compiled, server_url)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
