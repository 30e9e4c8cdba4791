"""One command on many databases (`--targets`, repeated `--database-url`):
each applied and reported, the worst exit code, a database that fails
leaves the others deployed, and no password is stored or printed."""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.cli import main
from compiler.database.scratch import scratch_database
from tests.deploy_project import make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("fleet"))


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def at(url: str) -> list[int]:
    with psycopg.connect(url) as conn:
        return [row[0] for row in conn.execute("SELECT number FROM schemac.migrations ORDER BY number")]


def test_a_fleet_is_deployed_reported_and_fails_alone(project, server_url, tmp_path, monkeypatch, capsys):
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(scratch_database(server_url, prefix="schemac_fleet")) for _ in range(3)]
        missing = make_conninfo(**{**conninfo_to_dict(urls[0]), "dbname": "schemac_fleet_no_such_database",
                                   "password": "s3cr3t-pw"})
        for name, url in zip(("TENANT_A", "TENANT_B", "TENANT_C", "TENANT_GONE"), [*urls, missing]):
            monkeypatch.setenv(f"{name}_URL", url)
        targets = tmp_path / "targets.yaml"
        targets.write_text("targets:\n  a: {url_env: TENANT_A_URL}\n  b: {url_env: TENANT_B_URL}\n"
                           "  c: {url_env: TENANT_C_URL}\n  gone: {url_env: TENANT_GONE_URL}\n")
        code, out, _ = schemac(capsys, "-C", str(project), "apply", "--targets", str(targets), "--jobs", "2", "-q",
                               "--to", "2")
        assert code == 3  # the worst: one database could not be reached
        assert [at(url) for url in urls] == [[1, 2]] * 3
        assert "== gone: database error" in out and "s3cr3t-pw" not in out
        summary = out[out.index("target  "):]
        assert [line.split()[:2] for line in summary.splitlines()[1:5]] == [
            ["a", "ok"], ["b", "ok"], ["c", "ok"], ["gone", "database"]]
        assert "4 database(s): 3 ok, 1 not" in out

        code, out, _ = schemac(capsys, "-C", str(project), "status", "--targets", str(targets), "--target", "a",
                               "--target", "b")
        assert code == 1 and "pending:" in out and "== c" not in out
        code, out, _ = schemac(capsys, "-C", str(project), "apply", "--database-url", "env:TENANT_A_URL",
                               "--database-url", "env:TENANT_B_URL", "-q")
        assert code == 0
        assert [at(url) for url in urls] == [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2]]
        code, out, _ = schemac(capsys, "-C", str(project), "drift", "--targets", str(targets), "--target", "a",
                               "--target", "b")
        assert code == 0 and "== a: ok" in out and "== b: ok" in out and "no drift: the database" in out
        # c is two migrations behind what generated/state.json promises
        code, out, _ = schemac(capsys, "-C", str(project), "drift", "--targets", str(targets), "--target", "c")
        assert code == 1 and "== c: not clean" in out


def test_targets_never_store_passwords(project, tmp_path, monkeypatch, capsys):
    targets = tmp_path / "targets.yaml"
    targets.write_text("targets:\n  a: {url: 'postgresql://deploy:hunter2@db.example/app'}\n")
    code, _, err = schemac(capsys, "-C", str(project), "status", "--targets", str(targets))
    assert code == 2 and "stores a password" in err and "hunter2" not in err
    monkeypatch.delenv("NOT_SET_URL", raising=False)
    code, _, err = schemac(capsys, "-C", str(project), "status", "--database-url", "env:NOT_SET_URL")
    assert code == 2 and "NOT_SET_URL is not set" in err
    targets.write_text("targets:\n  a: {url: 'postgresql://deploy@db.example/app'}\n")
    code, _, err = schemac(capsys, "-C", str(project), "status", "--targets", str(targets), "--target", "zz")
    assert code == 2 and "--target zz: not in" in err
