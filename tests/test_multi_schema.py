"""Several schemas in one domain (`schema.name` keys), and domains that use
each other's objects without `depends_on`, both ways: the migration is
ordered by what the objects use, and a real cycle of objects is a spec
error naming them."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.errors import SpecErrors, UsageError
from tests.helpers import inventory, verify

# PostGraphile's starter: app_private.sessions references app_public.users,
# while app_public.current_user_id() reads app_private.sessions.
PUBLIC = """\
domain: accounts
schema: app_public
roles:
  app_user: {}
tables:
  users:
    columns:
      id: {type: integer, primary_key: true, identity: always}
      username: {type: text, nullable: false, unique: true}
    grants: {app_user: [select]}
functions:
  current_user_id:
    returns: integer
    volatility: stable
    body: |
      select user_id from app_private.sessions
      where uuid = nullif(current_setting('jwt.claims.session_id', true), '')::uuid
    grants: {app_user: [execute]}
views:
  me: {query: "select id, username from users where id = current_user_id()"}
"""
PRIVATE = """\
domain: sessions
schema: app_private
tables:
  sessions:
    columns:
      uuid: {type: uuid, primary_key: true, default: gen_random_uuid()}
      user_id: {type: integer, nullable: false, references: users.id, on_delete: cascade}
      created_at: {type: timestamptz, nullable: false, default: now()}
    indexes: [user_id]
"""

# one domain holding objects of two schemas
ONE_DOMAIN = """\
domain: shop
schema: shop
schemas: [shop_private]
roles:
  shopper: {}
enums:
  shop_private.audit_kind: [insert, delete]
tables:
  orders:
    columns:
      id: {type: bigint, primary_key: true}
      total: {type: "numeric(10,2)", nullable: false, check: total >= 0}
    grants: {shopper: [select]}
  shop_private.order_audit:
    columns:
      id: {type: bigint, primary_key: true, identity: always}
      order_id: {type: bigint, nullable: false, references: shop.orders.id}
      kind: {type: audit_kind, nullable: false}     # a bare name: unique among the domain's objects
    unique: [[order_id, kind]]
    indexes: [kind]
  shop_private.orders:
    columns:
      id: {type: bigint, primary_key: true, references: shop.orders.id}
      note: text
views:
  shop_private.audited: {query: "select o.id, a.kind from shop.orders o join shop_private.order_audit a on a.order_id = o.id"}
"""


def _write(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _compiled(tmp_path: Path, files: dict[str, str]):
    return api.load(tmp_path, _write(tmp_path, files))


def _errors(tmp_path: Path, files: dict[str, str]):
    with pytest.raises(SpecErrors) as caught:
        _compiled(tmp_path, files)
    return caught.value.errors


def _query(conn, sql: str) -> list[tuple]:
    return [tuple(r) for r in run_script(conn, sql, "check")[-1].rows]


def test_domains_referencing_each_other_both_ways_compile_in_object_order(conn, tmp_path):
    compiled = _compiled(tmp_path, {"accounts": PUBLIC, "sessions": PRIVATE})
    files = api.migration("0001_postgraphile", compiled)
    keys = [op.key for op in files.plan.steps]
    assert keys.index("table:app_public.users") < keys.index("table:app_private.sessions") \
        < keys.index("function:app_public.current_user_id()") < keys.index("view:app_public.me")
    empty = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    run_script(conn, "INSERT INTO app_public.users (username) VALUES ('ada');"
                     "INSERT INTO app_private.sessions (uuid, user_id) "
                     "VALUES ('00000000-0000-0000-0000-00000000000a', 1)", "rows")
    assert _query(conn, "SELECT set_config('jwt.claims.session_id', '00000000-0000-0000-0000-00000000000a', false);"
                        "SELECT username FROM app_public.me") == [("ada",)]
    run_script(conn, "DELETE FROM app_public.users", "clean")
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == empty


def test_depends_on_both_ways_is_allowed(tmp_path):
    compiled = _compiled(tmp_path, {"accounts": PUBLIC.replace("schema: app_public\n", "schema: app_public\ndepends_on: [sessions]\n"),
                                    "sessions": PRIVATE.replace("schema: app_private\n", "schema: app_private\ndepends_on: [accounts]\n")})
    assert "function:app_public.current_user_id()" in compiled.catalog.by_key()


def test_one_domain_holds_objects_of_several_schemas(conn, tmp_path):
    compiled = _compiled(tmp_path, {"shop": ONE_DOMAIN})
    by_key = compiled.catalog.by_key()
    for key in ("table:shop.orders", "table:shop_private.order_audit", "table:shop_private.orders",
                "enum:shop_private.audit_kind", "view:shop_private.audited",
                "constraint:shop_private.order_audit.order_audit_pkey",
                "constraint:shop_private.order_audit.order_audit_order_id_fkey",
                "constraint:shop_private.order_audit.order_audit_order_id_kind_key",
                "index:shop_private.order_audit_kind_idx", "constraint:shop_private.orders.orders_pkey",
                "constraint:shop.orders.orders_pkey"):
        assert key in by_key, key
    fk = by_key["constraint:shop_private.order_audit.order_audit_order_id_fkey"]
    assert (fk.ref_schema, fk.ref_table) == ("shop", "orders")
    files = api.migration("0001_shop", compiled)
    empty = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    assert _query(conn, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = 'shop_private' AND c.relkind IN ('r', 'v')") == [(3,)]
    run_script(conn, "ALTER TABLE shop_private.orders ADD COLUMN extra integer", "tamper")
    assert verify(conn, files) == [("column shop_private.orders.extra", "absent", "present")]
    run_script(conn, "ALTER TABLE shop_private.orders DROP COLUMN extra", "untamper")
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == empty


def test_a_table_moved_to_another_schema_is_dropped_and_made_again(tmp_path):
    before = _compiled(tmp_path, {"shop": ONE_DOMAIN})
    (tmp_path / "after").mkdir()
    moved = ONE_DOMAIN.replace("  shop_private.orders:\n", "  shop.order_notes:\n")
    after = api.load(tmp_path / "after", _write(tmp_path / "after", {"shop": moved}))
    plan = api.plan(before.catalog, after.catalog)
    kinds = {op.key: op.kind for op in plan.steps}
    assert kinds["table:shop_private.orders"] == "DropTable"
    assert kinds["table:shop.order_notes"] == "CreateTable"
    assert "destructive" in {h.value for h in plan.hazards}


def test_an_unqualified_name_two_schemas_of_a_domain_hold_is_ambiguous(tmp_path):
    errors = _errors(tmp_path, {"shop": ONE_DOMAIN + "  plain: {query: select id from orders}\n"})
    assert [e.message for e in errors] == [
        "the view query uses table or view `orders`, which is ambiguous: shop.orders (shop), shop_private.orders (shop)"]
    assert errors[0].hint == "qualify it with its schema"


def test_a_qualified_key_needs_a_schema_the_migrations_create(tmp_path):
    errors = _errors(tmp_path, {"shop": ONE_DOMAIN.replace("schemas: [shop_private]\n", "")})
    messages = {e.message for e in errors}
    assert "`shop_private.order_audit` would put the table in schema `shop_private`, which no domain creates" in messages
    assert "`shop_private.audit_kind` would put the enum in schema `shop_private`, which no domain creates" in messages


def test_a_cycle_of_objects_across_domains_names_the_objects(tmp_path):
    a = """\
domain: a
schema: a
tables:
  counters:
    columns:
      id: {type: integer, primary_key: true}
      n: {type: integer, default: b.next_n()}
"""
    b = """\
domain: b
schema: b
functions:
  next_n:
    returns: integer
    body: select coalesce(max(n), 0) + 1 from a.counters
"""
    errors = _errors(tmp_path, {"a": a, "b": b})
    assert [(e.file.rsplit("/", 1)[-1], e.message) for e in errors] == [
        ("b.yaml", "objects use each other in a cycle, so none can be created first: "
                   "function:b.next_n() -> table:a.counters -> function:b.next_n()")]
    assert "plpgsql" in errors[0].hint
    # the same function in PL/pgSQL is checked when it runs: no cycle
    fixed = b.replace("    body: select", "    language: plpgsql\n    body: begin return (select") \
        .replace("from a.counters\n", "from a.counters); end\n")
    compiled = _compiled(tmp_path, {"a": a, "b": fixed})
    keys = [op.key for op in api.plan(api.EMPTY, compiled.catalog).steps]
    assert keys.index("function:b.next_n()") < keys.index("table:a.counters")


def test_rows_referencing_each_other_in_a_cycle_are_an_error(tmp_path):
    spec = """\
tables:
  a:
    columns: {id: {type: integer, primary_key: true}, b_id: {type: integer, references: b.id}}
    rows: [{id: 1, b_id: 1}]
  b:
    columns: {id: {type: integer, primary_key: true}, a_id: {type: integer, references: a.id}}
    rows: [{id: 1, a_id: 1}]
"""
    errors = _errors(tmp_path, {"r": spec})
    assert [e.message for e in errors] == ["objects use each other in a cycle, so none can be created first: "
                                           "row:public.a.1 -> row:public.b.1 -> row:public.a.1"]


def test_a_bare_name_two_domains_hold_in_other_schemas_is_ambiguous_in_sql(tmp_path):
    """PostgreSQL finds a bare name in a SQL text by the migration's
    search_path (every managed schema, by name), not by domain: `items` of
    domain `zeta` would be `alpha.items` for PostgreSQL."""
    alpha = "domain: alpha\nschema: alpha\ntables:\n  items: {columns: {id: {type: integer, primary_key: true}}}\n"
    zeta = ("domain: zeta\nschema: zeta\ntables:\n  items: {columns: {id: {type: integer, primary_key: true}}}\n"
            "views:\n  v: {query: select id from items}\n"
            "functions:\n  f: {returns: bigint, search_path: [zeta], body: select count(*) from items}\n")
    errors = _errors(tmp_path, {"alpha": alpha, "zeta": zeta})
    assert [(e.path, e.message) for e in errors] == [
        ("views.v.query", "the view query uses table or view `items`, which is ambiguous: alpha.items (alpha), "
                          "zeta.items (zeta)")]  # the function's own search_path finds zeta.items only
    fixed = zeta.replace("from items}\n", "from zeta.items}\n", 1)
    compiled = _compiled(tmp_path, {"alpha": alpha, "zeta": fixed})
    assert "table:zeta.items" in compiled.catalog.by_key()["view:zeta.v"].depends_on


def test_a_table_moved_with_a_serial_column_is_refused_clearly(tmp_path):
    before = "schema: evo\nschemas: [evo_private]\ntables:\n  t: {columns: {id: {type: serial, primary_key: true}}}\n"
    after = ("schema: evo\nschemas: [evo_private]\ntables:\n  evo_private.t:\n    renamed_from: evo.t\n"
             "    columns: {id: {type: serial, primary_key: true}}\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = api.load(tmp_path / "a", _write(tmp_path / "a", {"evo": before}))
    new = api.load(tmp_path / "b", _write(tmp_path / "b", {"evo": after}))
    with pytest.raises(UsageError) as caught:
        api.plan(old.catalog, new.catalog)
    assert str(caught.value).startswith("table evo.t moves to another schema with a sequence it owns")
