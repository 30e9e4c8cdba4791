"""`schemac test` first asks the server whether it can install the
extensions the specs declare: one it cannot is a failed step naming the
spec line and how to test on a server that has it (the embedded PostgreSQL
lacks pgcrypto and uuid-ossp), instead of a CREATE EXTENSION error halfway
through up.sql."""

from __future__ import annotations

from compiler import api, selftest


def _project(root, extensions: str):
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "shop.yaml").write_text(
        f"domain: shop\nextensions: {extensions}\ntables:\n  t:\n    columns: {{id: {{type: integer, primary_key: true}}}}\n")
    compiled = api.load(root)
    return compiled, api.migration("0001_test", compiled)


def test_an_extension_the_server_lacks_is_named_with_its_spec_line(server_url, tmp_path):
    compiled, files = _project(tmp_path, "[citext, schemac_no_such_extension]")
    report = selftest.run(files, compiled, server_url)
    first = report.steps[0]
    assert not report.ok and len(report.steps) == 1
    assert first.name == "the server has the extensions the specs install"
    assert len(first.detail) == 1
    assert "'schemac_no_such_extension'" in first.detail[0]
    assert "specs/shop.yaml:2:" in first.detail[0] and "--database-url" in first.detail[0]


def test_extensions_the_server_has_pass_the_check(server_url, tmp_path):
    compiled, files = _project(tmp_path, "[citext]")
    report = selftest.run(files, compiled, server_url)
    assert report.steps[0].name == "the server has the extensions the specs install" and report.steps[0].ok
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
