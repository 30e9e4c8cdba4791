"""SQL files loaded into a scratch database for `schemac import --sql`: a
pg_dump --schema-only file (with its roles and \\restrict lines), a data dump
with COPY, Rails' structure.sql, Prisma's and Flyway's migration folders, each
loaded with psql on a real PostgreSQL; and every way a load goes wrong, as one
line naming the file and line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from compiler.apply import connect
from compiler.catalog.objects import Enum, Index, Table
from compiler.database.load_sql import add_sql_arguments, load_sql, sql_files
from compiler.errors import DatabaseError, DatabaseUnavailable, UsageError
from compiler.introspect import inspect_url
from compiler.introspect.unsupported import unsupported_at
from compiler.render import harness
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "import_sql"


def _rel(paths) -> list[str]:
    return [str(p.relative_to(FIXTURES)) for p in paths]


def _database_exists(server_url: str, url: str) -> bool:
    from psycopg.conninfo import conninfo_to_dict
    name = conninfo_to_dict(url)["dbname"]
    with connect(server_url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _roles(server_url: str) -> set[str]:
    with connect(server_url) as conn:
        return {row[0] for row in conn.execute(harness.list_roles())}


# ---------------------------------------------------------------- which files, in which order

def test_flyway_runs_versions_numerically_then_repeatables_and_leaves_undo_out():
    files, notes = sql_files([FIXTURES / "flyway"])
    assert _rel(files) == ["flyway/sql/V1__create_accounts.sql", "flyway/sql/V1_1__add_account_created.sql",
                           "flyway/sql/V2__add_email.sql", "flyway/sql/V10__index_email.sql",
                           "flyway/sql/R__account_view.sql"]
    assert notes == ["left out Flyway undo script(s): U2__drop_email.sql"]


def test_prisma_runs_its_migration_folders_in_order_from_the_folder_or_its_parent():
    expected = ["prisma/migrations/20240105093000_init/migration.sql",
                "prisma/migrations/20240212154500_add_posts/migration.sql"]
    assert _rel(sql_files([FIXTURES / "prisma" / "migrations"])[0]) == expected
    assert _rel(sql_files([FIXTURES / "prisma"])[0]) == expected


def test_files_run_in_the_order_given(tmp_path):
    one, two = FIXTURES / "rails" / "structure.sql", FIXTURES / "pg_dump" / "shop-schema.sql"
    assert sql_files([two, one]) == ([two, one], [])
    assert sql_files([FIXTURES / "rails"]) == ([one], [])


def test_paths_that_cannot_be_loaded_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match=r"nowhere\.sql: no such file or folder"):
        sql_files([tmp_path / "nowhere.sql"])
    (tmp_path / "a.sql").write_text("select 1;")
    (tmp_path / "b.sql").write_text("select 2;")
    with pytest.raises(UsageError, match="cannot tell in which order to load its 2 .sql files"):
        sql_files([tmp_path])
    (tmp_path / "V1__init.sql").write_text("select 1;")
    with pytest.raises(UsageError, match="a.sql is not a Flyway script name"):
        sql_files([tmp_path])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no .sql file in this folder"):
        sql_files([empty])
    archive = tmp_path / "shop.dump"
    archive.write_bytes(b"PGDMP\x01\x10\x00\x04\x08\x01\x01\x01")
    with pytest.raises(UsageError, match=r"shop\.dump: a pg_dump archive, not SQL: make SQL of it with "
                                         r"`pg_restore --schema-only -f schema\.sql ARCHIVE`"):
        sql_files([archive])
    folder_archive = tmp_path / "shop_dir"
    folder_archive.mkdir()
    (folder_archive / "toc.dat").write_bytes(b"PGDMP")
    with pytest.raises(UsageError, match="shop_dir: a pg_dump archive, not SQL"):
        sql_files([folder_archive])
    twice = tmp_path / "twice"
    twice.mkdir()
    (twice / "V1__a.sql").write_text("select 1;")
    (twice / "V1.0__b.sql").write_text("select 1;")
    with pytest.raises(UsageError, match="V1.0__b.sql and V1__a.sql have the same version|"
                                         "V1__a.sql and V1.0__b.sql have the same version"):
        sql_files([twice])


def test_the_import_command_takes_sql_paths_and_a_scratch_server():
    parser = argparse.ArgumentParser()
    add_sql_arguments(parser)
    args = parser.parse_args(["--sql", "a.sql", "b", "--sql", "c.sql", "--scratch-server", "postgresql://x@h/db"])
    assert args.sql == [Path("a.sql"), Path("b"), Path("c.sql")]
    assert args.scratch_server == "postgresql://x@h/db"
    assert parser.parse_args([]).sql is None


# ---------------------------------------------------------------- loading

def test_a_pg_dump_loads_with_its_roles_made_for_it_and_everything_goes_afterwards(server_url):
    before = _roles(server_url)
    assert not {"shop_owner", "shop_reader"} & before
    with load_sql([FIXTURES / "pg_dump" / "shop-schema.sql", FIXTURES / "pg_dump" / "tags-with-data.sql"],
                  server_url) as loaded:
        assert loaded.created_roles == ("shop_owner", "shop_reader")
        assert loaded.notes == ("created role(s) shop_owner, shop_reader (NOLOGIN) on the scratch server for the "
                                "owners and grants the SQL names; they are dropped with the scratch database",)
        catalog = inspect_url(loaded.url, ["shop", "public"])
        keys = {o.key for o in catalog}
        assert {"table:shop.customers", "table:shop.orders", "enum:shop.order_status", "table:public.tags",
                "index:shop.orders_customer_id_idx", "sequence:shop.customers_id_seq",
                "function:shop.touch_updated_at()", "trigger:shop.orders.orders_touch"} <= keys
        with connect(loaded.url) as conn:
            owners = conn.execute("SELECT relname, pg_get_userbyid(relowner) FROM pg_class WHERE relname IN "
                                  "('customers', 'orders') ORDER BY 1").fetchall()
            assert owners == [("customers", "shop_owner"), ("orders", "shop_owner")]
            assert conn.execute("SELECT has_table_privilege('shop_reader', 'shop.orders', 'SELECT')").fetchone()[0]
            tags = conn.execute("SELECT name, note FROM public.tags ORDER BY name").fetchall()
            assert tags == [("\\restrict", "not a meta-command: COPY data"),
                            ("blue", "a line with a backslash \\ and a tab\tinside"), ("red", None)]
        # what the dump holds beyond the spec language: the enum's owner (sequences follow their table's)
        assert [str(u) for u in unsupported_at(loaded.url, ["shop"])] == [
            "owner shop.order_status: an enum owned by shop_owner is not expressible: enums belong to the role "
            "that runs the migrations"]
        url = loaded.url
    assert not _database_exists(server_url, url)
    assert _roles(server_url) == before


def test_rails_prisma_and_flyway_load(server_url):
    with load_sql([FIXTURES / "rails" / "structure.sql"], server_url) as loaded:
        assert loaded.created_roles == () and loaded.notes == ()
        tables = {t.name for t in inspect_url(loaded.url, ["public"]).of_kind(Table)}
        assert tables == {"ar_internal_metadata", "articles", "schema_migrations", "users"}
    with load_sql([FIXTURES / "prisma" / "migrations"], server_url) as loaded:
        catalog = inspect_url(loaded.url, ["public"])
        assert {t.name for t in catalog.of_kind(Table)} == {"Post", "User"}
        assert [e.values for e in catalog.of_kind(Enum)] == [("USER", "ADMIN")]
    with load_sql([FIXTURES / "flyway"], server_url) as loaded:
        assert loaded.notes == ("left out Flyway undo script(s): U2__drop_email.sql",)
        catalog = inspect_url(loaded.url, ["public"])
        columns = [c.name for t in catalog.of_kind(Table) for c in t.columns]
        assert columns == ["id", "name", "created_at", "email"]
        assert [i.name for i in catalog.of_kind(Index)] == ["account_email_key"]
        assert "view:public.account_emails" in {o.key for o in catalog}


def test_a_dump_that_fails_names_the_file_the_line_and_postgresqls_message(server_url):
    with pytest.raises(DatabaseError) as failed:
        with load_sql([FIXTURES / "broken" / "dump.sql"], server_url):
            pass
    assert str(failed.value).endswith("import_sql/broken/dump.sql:7: type \"no_such_type\" does not exist")
    assert "\n" not in str(failed.value)
    assert not isinstance(failed.value, DatabaseUnavailable)


def test_copy_data_and_settings_postgresql_refuses_say_where(server_url, tmp_path):
    data = tmp_path / "data.sql"
    data.write_text("CREATE TABLE public.t (a integer);\n\nCOPY public.t (a) FROM stdin;\n1\nnot a number\n\\.\n")
    with pytest.raises(DatabaseError) as failed:
        with load_sql([data], server_url):
            pass
    assert str(failed.value) == (f"{data}:5: invalid input syntax for type integer: \"not a number\" "
                                 "(COPY t, line 2, column a: \"not a number\")")
    newer = tmp_path / "newer.sql"
    newer.write_text("SET schemac_no_such_setting = 0;\n")
    with pytest.raises(DatabaseError) as failed:
        with load_sql([newer], server_url):
            pass
    assert str(failed.value) == (f"{newer}:1: unrecognized configuration parameter \"schemac_no_such_setting\" "
                                 "(if the SQL was written for a newer PostgreSQL, load it on one: --scratch-server "
                                 "URL)")


def test_meta_commands_and_other_databases_are_refused_before_anything_runs(server_url, tmp_path):
    witness = Path("/tmp/schemac-load-sql-should-never-exist")
    for name, line, start in (("meta.sql", 2, "a psql meta-command, which schemac does not run"),
                              ("connect.sql", 1, "CREATE or DROP DATABASE, which schemac does not run")):
        with pytest.raises(DatabaseError) as refused:
            with load_sql([FIXTURES / "broken" / name], server_url):
                pass
        assert f"broken/{name}:{line}: {start}" in str(refused.value)
        assert str(refused.value).endswith("; nothing was loaded")
    assert not witness.exists()
    # one psql would run mid-line is refused by psql itself, in restricted mode
    sneaky = tmp_path / "sneaky.sql"
    sneaky.write_text(f"CREATE TABLE public.t (id integer);\nSELECT 1 \\! touch {witness}\n")
    with pytest.raises(DatabaseError, match=r"sneaky\.sql:2: a psql meta-command, which schemac does not run"):
        with load_sql([sneaky], server_url):
            pass
    assert not witness.exists()


def test_an_extension_the_server_lacks_is_named(server_url):
    with pytest.raises(DatabaseError) as missing:
        with load_sql([FIXTURES / "broken" / "extension.sql"], server_url):
            pass
    assert "broken/extension.sql:4: extension \"schemac_no_such_extension\" is not available on the scratch " \
           "server (PostgreSQL " in str(missing.value)
    assert str(missing.value).endswith("): load the SQL on a server that has it (--scratch-server URL)")


def test_the_password_of_the_scratch_server_is_never_printed():
    url = "postgresql://someone:Hunter2-secret@127.0.0.1:1/postgres"
    with pytest.raises(DatabaseUnavailable) as failed:
        with load_sql([FIXTURES / "rails" / "structure.sql"], url):
            pass
    assert "Hunter2-secret" not in str(failed.value)
    assert str(failed.value).startswith("cannot connect to PostgreSQL")


@pytest.mark.skipif(os.environ.get("SCHEMAC_TEST_DATABASE_URL") is not None,
                    reason="the embedded PostgreSQL is the default server; this run tests another one")
def test_without_a_server_the_sql_loads_on_an_embedded_postgresql():
    with load_sql([FIXTURES / "prisma"]) as loaded:
        with connect(loaded.url) as conn:
            assert conn.info.server_version >= 180000
            assert conn.execute("SELECT count(*) FROM pg_class WHERE relname IN ('User', 'Post')").fetchone()[0] == 2


def test_a_real_pg_dump_archive_is_refused_with_how_to_make_sql_of_it(database_url, tmp_path):
    import subprocess

    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from compiler.apply.psql import psql_binary
    pg_dump = Path(psql_binary()).with_name("pg_dump")
    if not pg_dump.is_file():
        pytest.skip("no pg_dump beside psql")
    params = conninfo_to_dict(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if params.get("password"):
        env["PGPASSWORD"] = str(params.pop("password"))
    for form, name in (("custom", "shop.dump"), ("tar", "shop.tar"), ("directory", "shop_dir")):
        target = tmp_path / name
        subprocess.run([str(pg_dump), "--schema-only", f"--format={form}", "-f", str(target),
                        "-d", make_conninfo(**params)], check=True, env=env, capture_output=True)
        with pytest.raises(UsageError, match=f"{name}: a pg_dump archive, not SQL"):
            sql_files([target])
