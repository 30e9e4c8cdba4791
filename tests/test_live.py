"""The live-database commands on a real PostgreSQL: `drift` finds a hand-made
change of every kind and every kind of unmanaged object (and leaves out what
`ignore:` names); `plan` and `generate --database-url` write the migration
that repairs the drift, which `check` accepts and after which drift is gone;
`inspect` prints the catalog; bad input is one line with exit 2 or 3."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import psycopg
import pytest
import yaml
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler.apply import connect, run_script, server_version
from compiler.cli import EXIT_DATABASE, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tests.conftest import ROOT

LIVE = ROOT / "tests" / "live_project"


def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(LIVE, copy)
    return copy


def _migrated(capsys, project: Path, url: str) -> None:
    """The project's first migration generated and applied to `url`."""
    code, out, err = schemac(capsys, "-C", str(project), "generate")
    assert code == EXIT_OK, out + err
    with connect(url) as conn:
        run_script(conn, (project / "generated" / "migrations" / "0001_initial" / "up.sql").read_text(), "up.sql")


def _hand_made(url: str, role: str) -> None:
    statements = [
        # a change of every kind
        "ALTER TYPE shop.order_state ADD VALUE 'lost'",
        "ALTER TABLE shop.orders ALTER COLUMN amount SET DEFAULT 1",
        "ALTER TABLE shop.orders ALTER COLUMN note TYPE varchar(300)",
        "ALTER TABLE shop.customers DROP CONSTRAINT customers_name_check",
        "DROP INDEX shop.orders_customer_id_idx",
        "CREATE OR REPLACE FUNCTION shop.current_customer() RETURNS bigint LANGUAGE sql STABLE AS 'select 0::bigint'",
        "CREATE OR REPLACE VIEW shop.order_totals AS SELECT customer_id, sum(amount) + 0 AS total FROM shop.orders "
        "GROUP BY customer_id",
        "DROP TRIGGER touch ON shop.orders",
        "ALTER POLICY own_orders ON shop.orders USING (true)",
        "ALTER TABLE shop.orders NO FORCE ROW LEVEL SECURITY",
        "REVOKE INSERT ON shop.orders FROM shop_app",
        "COMMENT ON ROLE shop_app IS 'changed by hand'",
        "COMMENT ON TABLE shop.customers IS 'changed by hand'",
        "ALTER SEQUENCE shop.invoice_no INCREMENT BY 5",
        "CREATE SCHEMA ext",
        "ALTER EXTENSION citext SET SCHEMA ext",
        # every kind of unmanaged object
        "CREATE TABLE shop.extra (id integer PRIMARY KEY)",
        "ALTER TABLE shop.orders ADD COLUMN legacy text",
        "CREATE INDEX orders_note_idx ON shop.orders (note)",
        "ALTER TABLE shop.orders ADD CONSTRAINT orders_note_check CHECK (note <> '')",
        "CREATE FUNCTION shop.helper() RETURNS integer LANGUAGE sql AS 'select 1'",
        "CREATE TRIGGER touch_again BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch()",
        "CREATE POLICY no_deletes ON shop.orders FOR DELETE USING (false)",
        "CREATE VIEW shop.extra_view AS SELECT 1 AS one",
        "CREATE SEQUENCE shop.extra_seq",
        "CREATE TYPE shop.mood AS ENUM ('happy')",
        f"DROP ROLE IF EXISTS {role}",
        f"CREATE ROLE {role}",
        f"GRANT SELECT ON shop.customers TO {role}",
        "ALTER TABLE shop.customers ENABLE ROW LEVEL SECURITY",
        # what schemac.yaml's `ignore:` accepts
        "CREATE TABLE shop.tmp_cache (id integer)",
        "ALTER TABLE shop.orders ADD COLUMN scratch_1 integer",
    ]
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _expected(role: str) -> set[tuple[str, str]]:
    return {
        ("different", "enum:shop.order_state"),
        ("different", "column:shop.orders.amount"),
        ("different", "column:shop.orders.note"),
        ("missing", "constraint:shop.customers.customers_name_check"),
        ("missing", "index:shop.orders_customer_id_idx"),
        ("different", "function:shop.current_customer()"),
        ("different", "view:shop.order_totals"),
        ("missing", "trigger:shop.orders.touch"),
        ("different", "policy:shop.orders.own_orders"),
        ("different", "rls:shop.orders"),
        ("different", "grant:table:shop.orders:shop_app"),
        ("different", "role:shop_app"),
        ("different", "table:shop.customers"),
        ("different", "extension:citext"),
        ("different", "sequence:shop.invoice_no"),
        ("different", "column:shop.customers.email"),  # its type moved with the extension
        ("unmanaged", "table:shop.extra"),
        ("unmanaged", "constraint:shop.extra.extra_pkey"),
        ("unmanaged", "column:shop.orders.legacy"),
        ("unmanaged", "index:shop.orders_note_idx"),
        ("unmanaged", "constraint:shop.orders.orders_note_check"),
        ("unmanaged", "function:shop.helper()"),
        ("unmanaged", "trigger:shop.orders.touch_again"),
        ("unmanaged", "policy:shop.orders.no_deletes"),
        ("unmanaged", "view:shop.extra_view"),
        ("unmanaged", "sequence:shop.extra_seq"),
        ("unmanaged", "enum:shop.mood"),
        ("unmanaged", f"grant:table:shop.customers:{role}"),
        ("unmanaged", f"role:{role}"),
        ("unmanaged", "rls:shop.customers"),
    }


def test_drift_finds_every_change_and_plan_repairs_it(capsys, project, database_url):
    _migrated(capsys, project, database_url)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url)
    assert (code, err) == (EXIT_OK, ""), out + err
    assert out.startswith("no drift: the database ") and "generated/state.json (after 0001_initial)" in out

    role = "shop_auditor"
    _hand_made(database_url, role)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url, "--format", "json")
    assert code == EXIT_FAILED, out + err
    report = json.loads(out)
    assert report["drift"] is True
    found = {(d["kind"], d["key"]) for d in report["differences"]}
    assert found == _expected(role)
    by_key = {d["key"]: d for d in report["differences"]}
    assert by_key["column:shop.orders.amount"]["fields"][0]["field"] == "default"
    assert by_key["rls:shop.orders"]["fields"] == [{"field": "forced", "expected": True, "found": False}]
    assert by_key["index:shop.orders_customer_id_idx"]["spec"]["file"].endswith("shop.yaml")

    # the migration that brings the database back to the specs, its destructive steps accepted where CI sees them
    spec = project / "specs" / "shop.yaml"
    spec.write_text(spec.read_text() + "accept_destructive: [enum:shop.order_state:values, column:shop.customers.email:type, "
                    "table:shop.extra, column:shop.orders.legacy, enum:shop.mood, role:shop_auditor, "
                    "sequence:shop.extra_seq]\n"
                    # online mode: what rewrites or reads a table under a lock that blocks writes, accepted too
                    "accept_locks: [enum:shop.order_state:values, table:shop.customers:types(email), "
                    "table:shop.orders:types(note), index:shop.orders_customer_id_idx, index:shop.orders_lower_idx]\n")
    code, out, err = schemac(capsys, "-C", str(project), "plan", "--database-url", database_url)
    assert code == EXIT_OK, out + err
    assert "plan for migration 0002 against the database " in out
    assert "index:shop.orders_customer_id_idx" in out and "table:shop.extra" in out
    assert "table:shop.tmp_cache" not in out and "scratch_1" not in out  # ignored: left alone
    code, out, err = schemac(capsys, "-C", str(project), "generate", "--database-url", database_url,
                             "--name", "repair")
    assert code == EXIT_OK, out + err
    repair = project / "generated" / "migrations" / "0002_repair"
    assert (repair / "base.json").is_file()
    code, out, err = schemac(capsys, "-C", str(project), "check")
    assert code == EXIT_OK, out + err
    code, out, err = schemac(capsys, "-C", str(project), "generate")  # generated/ with a base.json takes the next one
    assert (code, out) == (EXIT_OK, "no changes: the specs match generated/state.json; nothing written\n"), out + err
    with connect(database_url) as conn:
        run_script(conn, (repair / "up.sql").read_text(), "0002_repair/up.sql", closed=True)
    code, out, err = schemac(capsys, "-C", str(project), "drift", "--database-url", database_url, "--specs")
    assert code == EXIT_OK, out + err
    assert "matches the specs" in out


def test_inspect_prints_the_catalog(capsys, project, database_url):
    _migrated(capsys, project, database_url)
    code, out, err = schemac(capsys, "inspect", "--database-url", database_url, "--schema", "shop")
    assert code == EXIT_OK, err
    data = yaml.safe_load(out)
    kinds = {o["object"] for o in data["objects"]}
    assert kinds == {"schema", "enum", "table", "constraint", "index", "function", "trigger", "view", "policy",
                     "row_security", "grant", "role", "extension", "sequence"}
    code, out, err = schemac(capsys, "inspect", "--database-url", database_url, "--format", "json")
    assert code == EXIT_OK, err
    tables = {(o["schema"], o["name"]) for o in json.loads(out)["objects"] if o["object"] == "table"}
    assert tables == {("shop", "customers"), ("shop", "orders")}


def test_a_missing_schema_is_a_usage_error(capsys, database_url):
    code, out, err = schemac(capsys, "inspect", "--database-url", database_url, "--schema", "nowhere")
    assert code == EXIT_USAGE
    assert err.count("\n") == 1 and "schema `nowhere` does not exist in the database" in err


def test_an_unreachable_server_is_one_line_without_the_password(capsys):
    url = "postgresql://someone:Hunter2-secret@127.0.0.1:1/postgres"
    for argv in (["inspect", "--database-url", url], ["drift", "--database-url", url, "--specs"]):
        code, out, err = schemac(capsys, "-C", str(LIVE), *argv)
        assert code == EXIT_DATABASE, out + err
        assert err.startswith("schemac: database error: cannot connect to PostgreSQL") and err.count("\n") == 1
        assert "Hunter2-secret" not in out + err


def test_a_wrong_password_is_one_line_without_the_password(capsys, server_url):
    name, password = f"schemac_inspector_{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    try:
        params = conninfo_to_dict(server_url)
        params.update(user=name, password="Wrong-" + password)
        url = make_conninfo(**params)
        try:
            psycopg.connect(url).close()
            pytest.skip("the server trusts every password (trust authentication)")
        except psycopg.OperationalError:
            pass
        code, out, err = schemac(capsys, "inspect", "--database-url", url)
        assert code == EXIT_DATABASE and err.count("\n") == 1, out + err
        assert password not in out + err and "password authentication failed" in err
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {name}")


def test_a_bad_ignore_pattern_is_a_spec_error(capsys, project):
    (project / "schemac.yaml").write_text("ignore: [tmp_*]\n")
    code, out, err = schemac(capsys, "-C", str(project), "validate")
    assert code == EXIT_FAILED
    assert "`tmp_*` is not an ignore pattern" in err and "kind:schema.name" in err


def test_server_version_is_supported(conn):
    assert server_version(conn) >= 130000
