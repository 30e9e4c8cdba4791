"""Sequences, `serial` columns, VIRTUAL generated columns and materialized
views made WITH NO DATA, on a real PostgreSQL: made by up.sql, verified
clean, tampered with (verify.sql reports it), taken away by down.sql; and
what PostgreSQL would refuse is a spec error."""

from __future__ import annotations

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Catalog
from compiler.catalog.state import to_json
from compiler.errors import SpecErrors
from tests.helpers import applied, compile_spec, inventory, verify

SPEC = """\
schema: app
roles:
  app_user: {}
sequences:
  order_no: {type: bigint, start: 1000, increment: 1, min: 1, max: 99999999, cache: 1, cycle: false,
             owned_by: orders.order_no, comment: Order numbers, grants: {app_user: [usage, select]}}
  countdown: {type: integer, increment: -2, cycle: true, cache: 5}
  shared: {grants: {app_user: [all]}}
  Mixed Case: {type: smallint, owned_by: orders.odd}
tables:
  orders:
    columns:
      id: serial
      order_no: {type: bigint, nullable: false, default: "nextval('order_no')"}
      line: smallserial
      big: bigserial
      ticket: {type: integer, default: "nextval('app.countdown'::regclass)"}
      amount: {type: numeric, nullable: false}
      odd: {type: smallint, default: 'nextval(''"Mixed Case"'')'}
    primary_key: [id]
views:
  order_count: {materialized: true, with_data: false, query: select count(*) as n from orders}
"""


def _project(tmp_path, spec: str, settings: str = "", name: str = "app"):
    (tmp_path / "specs").mkdir(exist_ok=True)
    (tmp_path / "specs" / f"{name}.yaml").write_text(spec)
    if settings:
        (tmp_path / "schemac.yaml").write_text(settings)
    return compile_spec(tmp_path)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return _project(tmp_path_factory.mktemp("sequences"), SPEC)


def test_up_makes_sequences_serial_columns_and_an_empty_materialized_view(conn, project):
    before = inventory(conn)
    files = applied(conn, project)
    assert ("CREATE SEQUENCE app.order_no AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 99999999 START WITH 1000 "
            "CACHE 1 NO CYCLE;") in files.up
    assert "ALTER SEQUENCE app.orders_id_seq OWNED BY app.orders.id;" in files.up
    assert "GRANT SELECT, USAGE ON SEQUENCE app.order_no TO app_user;" in files.up
    rows = run_script(conn, """
        INSERT INTO app.orders (amount) VALUES (1), (2);
        SELECT id, order_no, line, big, ticket, odd FROM app.orders ORDER BY id;
    """, "use")[-1].rows
    assert rows == [(1, 1000, 1, 1, -1, 1), (2, 1001, 2, 2, -3, 2)]
    assert """odd smallint DEFAULT (nextval('app."Mixed Case"'::regclass))""" in files.up
    catalog = run_script(conn, """
        SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
               pg_get_serial_sequence('app.orders', a.attname)
        FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = 'app.orders'::regclass AND a.attname IN ('id', 'line', 'big') ORDER BY a.attnum
    """, "catalog")[-1].rows
    assert catalog == [
        ("id", "integer", True, "nextval('app.orders_id_seq'::regclass)", "app.orders_id_seq"),
        ("line", "smallint", True, "nextval('app.orders_line_seq'::regclass)", "app.orders_line_seq"),
        ("big", "bigint", True, "nextval('app.orders_big_seq'::regclass)", "app.orders_big_seq"),
    ]
    populated = run_script(conn, "SELECT relispopulated FROM pg_class WHERE oid = 'app.order_count'::regclass",
                           "populated")[-1].rows
    assert populated == [(False,)]
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before


TAMPER = [
    ("increment changed", "ALTER SEQUENCE app.order_no INCREMENT BY 5",
     [("sequence app.order_no increment", "1", "5")]),
    ("type and bounds changed", "ALTER SEQUENCE app.countdown AS bigint",
     [("sequence app.countdown minimum", "-2147483648", "-9223372036854775808"),
      ("sequence app.countdown type", "integer", "bigint")]),
    ("cycle and cache", "ALTER SEQUENCE app.countdown NO CYCLE CACHE 1",
     [("sequence app.countdown cache", "5", "1"), ("sequence app.countdown cycle", "true", "false")]),
    ("ownership removed", "ALTER SEQUENCE app.order_no OWNED BY NONE",
     [("sequence app.order_no owned by", "app.orders.order_no", "(none)")]),
    ("ownership moved", "ALTER SEQUENCE app.orders_id_seq OWNED BY app.orders.ticket",
     [("sequence app.orders_id_seq owned by", "app.orders.id", "app.orders.ticket")]),
    ("comment", "COMMENT ON SEQUENCE app.order_no IS 'x'", [("sequence app.order_no comment", "Order numbers", "x")]),
    ("extra privilege on a declared sequence", "GRANT UPDATE ON SEQUENCE app.order_no TO app_user",
     [("grant on sequence app.order_no to app_user", "SELECT, USAGE", "SELECT, UPDATE, USAGE")]),
    ("privilege for PUBLIC on a declared sequence", "GRANT USAGE ON SEQUENCE app.countdown TO PUBLIC",
     [("grant on sequence app.countdown to PUBLIC", "(none)", "USAGE")]),
    ("ALL revoked in part", "REVOKE UPDATE ON SEQUENCE app.shared FROM app_user",
     [("grant on sequence app.shared to app_user", "SELECT, UPDATE, USAGE", "SELECT, USAGE")]),
    ("privilege on a serial column's sequence", "GRANT USAGE ON SEQUENCE app.orders_id_seq TO app_user",
     [("grant on sequence app.orders_id_seq to app_user", "(none)", "USAGE")]),
    ("sequence dropped", "DROP SEQUENCE app.shared", [("sequence app.shared", "present", "missing")]),
    ("serial default dropped", "ALTER TABLE app.orders ALTER id DROP DEFAULT",
     [("column app.orders.id default", "nextval('orders_id_seq'::regclass)", "(none)")]),
]


@pytest.mark.parametrize(("tamper", "expected"), [pytest.param(sql, rows, id=name) for name, sql, rows in TAMPER])
def test_verify_reports_a_tampered_sequence(conn, project, tamper, expected):
    files = applied(conn, project)
    run_script(conn, tamper, "tamper")
    assert verify(conn, files) == sorted(expected)


PG_DUMP_FORM = """\
schema: app
sequences:
  customer_customer_id_seq: {type: integer, owned_by: customer.customer_id}
tables:
  customer:
    columns:
      customer_id: {type: integer, nullable: false, default: "nextval('app.customer_customer_id_seq'::regclass)"}
      name: text
"""

SERIAL_FORM = """\
schema: app
tables:
  customer:
    columns:
      customer_id: serial
      name: text
"""


def test_serial_is_the_same_catalog_as_its_pg_dump_form(tmp_path):
    """`serial` is PostgreSQL's shorthand: a spec written as pg_dump prints
    a serial column (CREATE SEQUENCE ... AS integer, DEFAULT nextval, OWNED
    BY) compiles to the same catalog and state, so either form can follow
    the other without a step."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    dumped, _ = _project(tmp_path / "a", PG_DUMP_FORM)
    serial, _ = _project(tmp_path / "b", SERIAL_FORM)
    assert dumped.catalog == serial.catalog
    assert to_json(dumped.catalog) == to_json(serial.catalog)
    assert api.plan(dumped.catalog, serial.catalog).empty


def _errors(tmp_path, spec: str, settings: str = "") -> list[tuple[str, str]]:
    with pytest.raises(SpecErrors) as raised:
        _project(tmp_path, spec, settings)
    return [(e.path, e.message) for e in raised.value.errors]


REFUSED = [
    ("serial with a default", "columns: {id: {type: serial, default: '1'}}",
     "tables.t.columns.id.default", "has a default already"),
    ("serial nullable", "columns: {id: {type: bigserial, nullable: true}}",
     "tables.t.columns.id.nullable", "is NOT NULL"),
    ("serial identity", "columns: {id: {type: serial, identity: always}}",
     "tables.t.columns.id.identity", "cannot also be an identity column"),
    ("an array of serial", "columns: {id: 'serial[]'}", "tables.t.columns.id.type", "shorthand"),
    ("a sequence nothing makes", "columns: {id: {type: integer, default: \"nextval('nope')\"}}",
     "tables.t.columns.id.default", "sequence `nope`"),
]


@pytest.mark.parametrize(("columns", "path", "message"),
                         [pytest.param(c, p, m, id=name) for name, c, p, m in REFUSED])
def test_what_postgresql_refuses_on_serial_columns_is_a_spec_error(tmp_path, columns, path, message):
    errors = _errors(tmp_path, f"schema: app\ntables:\n  t:\n    {columns}\n")
    assert any(p == path and message in m for p, m in errors), errors


SEQUENCE_REFUSED = [
    ("a type that is not an integer", "{type: text}", "sequences.s.type", "smallint, integer or bigint"),
    ("increment 0", "{increment: 0}", "sequences.s.increment", "cannot be 0"),
    ("start below min", "{min: 10, start: 5}", "sequences.s.start", "outside the sequence's range"),
    ("min above max", "{min: 10, max: 5}", "sequences.s.min", "must be less than"),
    ("max beyond the type", "{type: smallint, max: 40000}", "sequences.s.max", "out of range"),
    ("descending with a positive min and no max", "{increment: -1, min: 5}", "sequences.s.min", "must be less than"),
    ("cache 0", "{cache: 0}", "sequences.s.cache", "at least 1"),
    ("an increment beyond bigint", "{increment: 9223372036854775808}", "sequences.s.increment", "out of range"),
    ("owned by a table the specs do not make", "{owned_by: nope.id}", "sequences.s.owned_by", "table `nope`"),
    ("owned by a column the table lacks", "{owned_by: t.nope}", "sequences.s.owned_by", "column `nope`"),
    ("owned by a table of another schema", "{owned_by: other.t.id}", "sequences.s.owned_by", "its own schema"),
    ("a sequence privilege PostgreSQL lacks", "{grants: {app_user: [insert]}}", "sequences.s.grants.app_user[0]",
     "cannot be granted on a sequence"),
    ("the name of a table", None, "tables.t", "sequence `t`"),
]


@pytest.mark.parametrize(("sequence", "path", "message"),
                         [pytest.param(s, p, m, id=name) for name, s, p, m in SEQUENCE_REFUSED])
def test_what_postgresql_refuses_on_a_sequence_is_a_spec_error(tmp_path, sequence, path, message):
    sequences = f"  s: {sequence}\n" if sequence else "  t: {}\n"
    spec = f"schema: app\nroles: {{app_user: {{}}}}\nsequences:\n{sequences}tables:\n  t:\n    columns: {{id: integer}}\n"
    errors = _errors(tmp_path, spec)
    assert any(p == path and message in m for p, m in errors), errors


VIRTUAL = """\
schema: app
tables:
  invoices:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: numeric, nullable: false}
      fee: {type: numeric, nullable: false}
      net: {type: numeric, generated: {expression: amount - fee, virtual: true}, check: net >= 0}
      gross: {type: numeric, generated: {expression: amount + fee}}
"""


def test_virtual_generated_columns_below_postgresql_18_are_a_spec_error(tmp_path):
    errors = _errors(tmp_path, VIRTUAL)
    assert errors == [("tables.invoices.columns.net.generated.virtual",
                       "VIRTUAL generated columns need PostgreSQL 18; this project targets 14")]


VIRTUAL_REFUSED = [
    ("an index on it", "indexes: [net]", "tables.invoices.indexes[0]", "an index cannot use"),
    ("an index expression reading it", "indexes: [{expressions: [net * 2]}]", "tables.invoices.indexes[0]",
     "an index cannot use"),
    ("a unique constraint on it", "unique: [[net]]", "tables.invoices.unique[0]", "a unique constraint cannot"),
]


@pytest.mark.parametrize(("extra", "path", "message"),
                         [pytest.param(e, p, m, id=name) for name, e, p, m in VIRTUAL_REFUSED])
def test_what_postgresql_refuses_on_a_virtual_column_is_a_spec_error(tmp_path, extra, path, message):
    errors = _errors(tmp_path, VIRTUAL + f"    {extra}\n", "postgres: {min_version: 18}\n")
    assert any(p == path and message in m for p, m in errors), errors


def test_a_virtual_column_may_call_only_built_in_functions(tmp_path):
    spec = VIRTUAL.replace("amount - fee, virtual", "'app.net_of(amount, fee)', virtual") + """\
functions:
  net_of:
    args: [{name: a, type: numeric}, {name: b, type: numeric}]
    returns: numeric
    language: sql
    volatility: immutable
    body: select a - b
"""
    errors = _errors(tmp_path, spec, "postgres: {min_version: 18}\n")
    assert ("tables.invoices.columns.net.generated.expression",
            "a virtual generated column may call only built-in functions, not net_of") in errors


def test_virtual_generated_columns_on_postgresql_18(conn, tmp_path):
    if conn.info.server_version < 180000:
        pytest.skip("VIRTUAL generated columns need PostgreSQL 18")
    project = _project(tmp_path, VIRTUAL, "postgres: {min_version: 18}\n")
    before = inventory(conn)
    files = applied(conn, project)
    assert "net numeric GENERATED ALWAYS AS (amount - fee) VIRTUAL" in files.up
    rows = run_script(conn, """
        INSERT INTO app.invoices (id, amount, fee) VALUES (1, 10, 3);
        SELECT net::text, gross::text, (SELECT attgenerated FROM pg_attribute
                                        WHERE attrelid = 'app.invoices'::regclass AND attname = 'net')::text
        FROM app.invoices
    """, "use")[-1].rows
    assert rows == [("7", "13", "v")]
    run_script(conn, "ALTER TABLE app.invoices DROP COLUMN net; "
                     "ALTER TABLE app.invoices ADD COLUMN net numeric GENERATED ALWAYS AS (amount - fee) STORED",
               "tamper")
    assert verify(conn, files) == [("column app.invoices.net generated", "amount - fee virtual", "amount - fee stored"),
                                   ("constraint invoices_net_check on app.invoices", "CHECK (net >= 0::numeric)",
                                    "missing")]
    run_script(conn, "ALTER TABLE app.invoices DROP COLUMN net; ALTER TABLE app.invoices ADD COLUMN net numeric "
                     "GENERATED ALWAYS AS (amount - fee) VIRTUAL CHECK (net >= 0)", "repair")
    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before


def test_with_data_applies_to_materialized_views_only(tmp_path):
    spec = "schema: app\nviews:\n  v: {with_data: false, query: select 1 as one}\n"
    assert _errors(tmp_path, spec) == [("views.v.with_data", "`with_data` applies to materialized views only")]


PAGILA_CUSTOMER = """\
sequences:
  customer_customer_id_seq: {}
tables:
  customer:
    columns:
      customer_id: {type: integer, nullable: false, default: "nextval('public.customer_customer_id_seq'::regclass)"}
      first_name: {type: text, nullable: false}
    primary_key: [customer_id]
views:
  customer_count: {materialized: true, with_data: false, query: select count(*) as n from customer}
"""


def test_pagilas_customer_table_as_pg_dump_writes_it(conn, tmp_path):
    """pagila's customer: a sequence owned by no column, of the default type
    bigint, and an integer column drawing from it; a materialized view made
    WITH NO DATA, filled by REFRESH."""
    project = _project(tmp_path, PAGILA_CUSTOMER)
    before = inventory(conn)
    files = applied(conn, project)
    assert ("CREATE SEQUENCE public.customer_customer_id_seq AS bigint INCREMENT BY 1 MINVALUE 1 "
            "MAXVALUE 9223372036854775807 START WITH 1 CACHE 1 NO CYCLE;") in files.up
    assert "customer_id integer NOT NULL DEFAULT (nextval('public.customer_customer_id_seq'::regclass))" in files.up
    rows = run_script(conn, """
        INSERT INTO customer (first_name) VALUES ('MARY'), ('PATRICIA');
        REFRESH MATERIALIZED VIEW customer_count;
        SELECT (SELECT n FROM customer_count), max(customer_id) FROM customer
    """, "use")[-1].rows
    assert rows == [(2, 2)]
    assert verify(conn, files) == []
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before


def test_a_default_using_a_sequence_waits_for_it(tmp_path):
    """A default that calls nextval() within an expression (not alone, so
    kept as written) still makes its table wait for the sequence, also in a
    schema whose name sorts later and together with a spec function call."""
    spec = """\
schema: billing
schemas: [zz]
sequences:
  invoice_no: {}
functions:
  prefix: {returns: text, language: sql, volatility: immutable, body: "select 'INV-'"}
  next_invoice: {returns: bigint, language: sql, body: "select nextval('billing.invoice_no')"}
tables:
  invoices:
    columns:
      ref: {type: text, default: "prefix() || nextval('invoice_no')"}
"""
    compiled, files = _project(tmp_path, spec)
    column = compiled.catalog.by_key()["table:billing.invoices"].column("ref")
    assert column.default.expression == "prefix() || nextval('invoice_no')"
    assert column.depends_on == ("function:billing.prefix()", "sequence:billing.invoice_no")
    steps = [s.key for s in api.plan(Catalog(), compiled.catalog).steps]
    assert steps.index("sequence:billing.invoice_no") < steps.index("table:billing.invoices")
    assert steps.index("function:billing.prefix()") < steps.index("table:billing.invoices")
    # a SQL function's body is checked when it is made: nextval('s') needs the sequence by then
    assert steps.index("sequence:billing.invoice_no") < steps.index("function:billing.next_invoice()")


def test_a_generated_column_cannot_read_another(tmp_path):
    spec = VIRTUAL.replace("gross: {type: numeric, generated: {expression: amount + fee}}",
                           "gross: {type: numeric, generated: {expression: net + fee}}")
    assert _errors(tmp_path, spec, "postgres: {min_version: 18}\n") == [
        ("tables.invoices.columns.gross.generated.expression",
         "the generated expression reads generated column `net`, which PostgreSQL does not allow")]


def test_a_name_taken_over_between_a_table_and_a_sequence(tmp_path):
    """Tables and sequences share one namespace: a new sequence taking a
    dropped table's name waits for the table's drop; a sequence that a new
    table replaces is refused clearly (drop it in a migration of its own)."""
    from compiler.errors import UsageError
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    table, _ = _project(tmp_path / "a", "schema: app\ntables:\n  foo:\n    columns: {id: integer}\n")
    sequence, _ = _project(tmp_path / "b", "schema: app\nsequences:\n  foo: {}\n")
    steps = [(s.kind, s.key) for s in api.plan(table.catalog, sequence.catalog).steps]
    assert steps == [("DropTableForChange", "table:app.foo:drop"), ("CreateSequence", "sequence:app.foo")]
    with pytest.raises(UsageError, match="sequence:app.foo is dropped while a new object takes its name"):
        api.plan(sequence.catalog, table.catalog)
