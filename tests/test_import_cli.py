"""`schemac import` as a user runs it: what it writes, its exit codes (0
written; 1 objects the specs cannot express, listed and nothing written
unless --skip-unsupported; 2 usage; 3 database), never writing over a
project unless --force, never printing a password."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply.psql import run_psql
from compiler.cli import EXIT_DATABASE, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent

DATABASE = """
create schema auth;
create table auth.users (id uuid primary key, name text);
create schema sales;
create table sales.customers (id bigint primary key, email text not null unique,
                              user_id uuid references auth.users (id));
create table sales.orders (
    id bigint generated always as identity primary key,
    customer_id bigint not null references sales.customers (id) on delete cascade,
    total numeric(12,2) not null default 0 check (total >= 0)
);
create index on sales.orders (customer_id);
comment on table sales.orders is 'Orders of customers';
create table sales."odd.name" (id integer);
"""


def schemac(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_import_writes_lists_and_refuses(database_url, tmp_path, capsys):
    assert run_psql(database_url, DATABASE).ok
    out = tmp_path / "project"
    code, _, err = schemac(capsys, "import", "--database-url", database_url, "--out", str(out), "--schema", "sales")
    assert code == EXIT_FAILED, err
    assert 'table sales.odd.name: the name `odd.name` holds a dot' in err and "--skip-unsupported" in err
    assert not out.exists()  # nothing written

    code, stdout, err = schemac(capsys, "import", "--database-url", database_url, "--out", str(out),
                                "--schema", "sales", "--skip-unsupported")
    assert code == EXIT_OK, err
    assert "import-report.txt" in stdout
    report = (out / "import-report.txt").read_text()
    assert "table sales.odd.name: the name `odd.name` holds a dot" in report
    spec = (out / "specs" / "sales.yaml").read_text()
    assert "customer_id: {type: bigint, nullable: false, references: customers.id, on_delete: cascade}" in spec
    assert "    indexes: [customer_id]\n" in spec  # the generated name left out
    assert "comment: Orders of customers" in spec
    assert (out / "schemac.yaml").is_file() and (out / "spec.schema.json").is_file()
    # a table of a schema not imported that a foreign key references is declared, with its key
    assert "user_id: {type: uuid, references: users.id}" in spec
    assert "external:\n  tables:\n    auth.users:\n      columns: {id: uuid}\n      unique: [id]\n" in spec
    assert api.load(out).catalog.external_tables[0].key == "external_table:auth.users"
    first = _files(out)

    code, _, err = schemac(capsys, "import", "--database-url", database_url, "--out", str(out),
                           "--schema", "sales", "--skip-unsupported")
    assert code == EXIT_USAGE and "--force" in err
    code, _, err = schemac(capsys, "import", "--database-url", database_url, "--out", str(out),
                           "--schema", "sales", "--skip-unsupported", "--force")
    assert code == EXIT_OK, err
    assert _files(out) == first  # the same database gives the same bytes

    code, _, err = schemac(capsys, "import", "--database-url", database_url, "--out", str(tmp_path / "other"),
                           "--schema", "nowhere")
    assert code == EXIT_USAGE and "schema `nowhere` does not exist" in err


def test_an_unreachable_database_exits_3_without_its_password(tmp_path, capsys):
    url = "postgresql://someone:Hunter2-secret@127.0.0.1:1/postgres"
    code, out, err = schemac(capsys, "import", "--database-url", url, "--out", str(tmp_path / "p"))
    assert code == EXIT_DATABASE, out + err
    assert "Hunter2-secret" not in out + err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv, message", [
    (["import", "--out", "x"], "reads either a database (--database-url URL) or SQL files"),
    (["import", "--database-url", "postgresql://u:Hunter2-secret@[::1:5432/db", "--out", "x"], "u:***@"),
])
def test_usage_mistakes_exit_2(capsys, argv, message):
    code, out, err = schemac(capsys, *argv)
    assert code == EXIT_USAGE and message in err and "Hunter2-secret" not in out + err


def test_import_from_sql_files(server_url, tmp_path, capsys):
    """`--sql` loads a pg_dump into a scratch database on the server, then
    imports it: what the specs cannot express is refused, then listed."""
    dump = ROOT / "tests/fixtures/import_sql/pg_dump/shop-schema.sql"
    out = tmp_path / "imported"
    code = main(["import", "--sql", str(dump), "--scratch-server", server_url, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1 and "owner shop.order_status" in captured.out + captured.err
    assert not out.exists() or not any(out.rglob("*.yaml"))
    code = main(["import", "--sql", str(dump), "--scratch-server", server_url, "--out", str(out),
                 "--skip-unsupported"])
    capsys.readouterr()
    assert code == 0
    assert "owner shop.order_status" in (out / "import-report.txt").read_text()
    assert main(["-C", str(out), "validate"]) == 0
