"""Partitioned tables and unlogged tables: what PostgreSQL refuses is a spec
error; a spec with every kind of partitioning applies on a real PostgreSQL,
verifies clean, reports tampering, rolls back, and survives state.json."""

from __future__ import annotations

import textwrap

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.catalog.objects import Table
from compiler.catalog.state import from_json, to_json
from compiler.errors import SpecErrors, UsageError
from tests.helpers import compile_spec, inventory, verify

HEAD = "schema: shop\ntables:\n"

PAYMENT = """
  customer:
    columns: {customer_id: {type: integer, primary_key: true}, region: text}
  staff:
    columns: {staff_id: {type: integer, primary_key: true}}
  payment:
    comment: One row per payment
    columns:
      payment_id: {type: integer, identity: always}
      customer_id: {type: integer, nullable: false, references: customer.customer_id}
      staff_id: integer
      amount: "numeric(5,2)"
      payment_date: {type: timestamptz, nullable: false}
    primary_key: [payment_date, payment_id]
    checks: {amount_positive: amount > 0}
    indexes: [customer_id]
    triggers:
      payment_round: {function: round_amount, timing: before, events: [insert, update]}
    rls:
      policies:
        everyone: {for: select, using: "true"}
    grants: {public: [select]}
    partition_by: {range: [payment_date]}
    partitions:
      payment_old:
        from: minvalue
        to: "2022-01-01 00:00:00+00"
        comment: Before the series
        indexes: [amount]
        foreign_keys: [{columns: [staff_id], references: {table: staff, columns: [staff_id]}}]
      payment_rest: {default: true}
    partition_series: {every: month, from: "2022-01-01", to: "2022-04-01", name: "payment_p{yyyy}_{mm}"}
  region_sales:
    columns: {region: text, amount: numeric}
    partition_by: {list: [region]}
    partitions:
      region_eu: {in: [de, fr]}
      region_other: {in: [us, null]}
  bucket:
    columns: {id: {type: bigint, primary_key: true}, name: text}
    partition_by: {hash: [id]}
    partitions:
      bucket_0: {modulus: 2, remainder: 0}
      bucket_1: {modulus: 4, remainder: 1}
      bucket_3: {modulus: 4, remainder: 3}
  by_name:
    columns: {name: text, day: date}
    partition_by: {range: [{expression: lower(name)}, day]}
    partitions:
      by_name_a: {from: [a, minvalue], to: [m, minvalue]}
      by_name_m: {from: [m, "2000-01-01"], to: [maxvalue, maxvalue]}
  events_log:
    unlogged: true
    columns: {id: bigint, body: text}
functions:
  round_amount:
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.amount := round(NEW.amount);
        RETURN NEW;
      END
"""


# (id, tables body, [(key path, part of the message)])
ERRORS = [
    ("primary key without the key column",
     """
     t:
       columns: {id: integer, at: date}
       primary_key: [id]
       partition_by: {range: [at]}
     """, [("tables.t.primary_key", "must include the partition key column `at`")]),
    ("unique index without the key column",
     """
     t:
       columns: {id: integer, at: date}
       indexes: [{columns: [id], unique: true}]
       partition_by: {range: [at]}
     """, [("tables.t.indexes[0]", "must include the partition key column `at`")]),
    ("key by expression with a primary key",
     """
     t:
       columns: {id: {type: integer, primary_key: true}, name: text}
       partition_by: {list: [{expression: lower(name)}]}
     """, [("tables.t.columns.id.primary_key", "partitioned by an expression")]),
    ("index built concurrently on the parent",
     """
     t:
       columns: {id: integer}
       indexes: [{columns: [id], concurrently: true}]
       partition_by: {hash: [id]}
     """, [("tables.t.indexes[0].concurrently", "CONCURRENTLY on a partitioned table")]),
    ("key column without an operator class, and a generated one",
     """
     t:
       columns: {doc: json, total: {type: integer, generated: 1 + 1}}
       partition_by: {range: [doc, total]}
     """, [("tables.t.partition_by.range[0]", "json, which has no default btree operator class"),
           ("tables.t.partition_by.range[1]", "column `total` is generated")]),
    ("unknown key column",
     """
     t:
       columns: {created_at: date}
       partition_by: {range: [created]}
     """, [("tables.t.partition_by.range[0]", "column `created` does not exist")]),
    ("overlapping ranges",
     """
     t:
       columns: {n: integer}
       partition_by: {range: [n]}
       partitions:
         a: {from: "1", to: "10"}
         b: {from: "5", to: "20"}
     """, [("tables.t.partitions.b", "overlaps partition `a`")]),
    ("overlapping date ranges with an open end",
     """
     t:
       columns: {d: date}
       partition_by: {range: [d]}
       partitions:
         old: {from: minvalue, to: "2024-02-01"}
       partition_series: {every: month, from: "2024-01-01", to: "2024-03-01", name: "t_{yyyy}_{mm}"}
     """, [("tables.t.partition_series", "overlaps partition `old`")]),
    ("text ranges that share a bound",
     """
     t:
       columns: {c: text}
       partition_by: {range: [c]}
       partitions:
         a: {from: a, to: m}
         b: {from: a, to: z}
         c: {from: x, to: z}
     """, [("tables.t.partitions.b", "overlaps partition `a`"), ("tables.t.partitions.c", "overlaps partition `b`")]),
    ("timestamptz ranges without an offset that overlap",
     """
     t:
       columns: {at: timestamptz}
       partition_by: {range: [at]}
       partitions:
         a: {from: "2024-01-01", to: "2024-02-01"}
         b: {from: "2024-01-15", to: "2024-03-01"}
         c: {from: "2024-03-01", to: "2024-04-01"}
     """, [("tables.t.partitions.b", "overlaps partition `a`")]),
    ("empty range",
     """
     t:
       columns: {n: integer}
       partition_by: {range: [n]}
       partitions:
         a: {from: "10", to: "10"}
     """, [("tables.t.partitions.a", "this range is empty")]),
    ("a value the key type cannot take",
     """
     t:
       columns: {n: integer}
       partition_by: {range: [n]}
       partitions:
         a: {from: one, to: "10"}
     """, [("tables.t.partitions.a.from", "`one` is not a valid integer")]),
    ("an impossible date",
     """
     t:
       columns: {d: date}
       partition_by: {list: [d]}
       partitions:
         a: {in: ["2024-13-01"]}
     """, [("tables.t.partitions.a.in[0]", "is not a valid date")]),
    ("a label the enum lacks",
     """
     t:
       columns: {s: status}
       partition_by: {list: [s]}
       partitions:
         a: {in: [open, shut]}
     """, [("tables.t.partitions.a.in[1]", "`shut` is not a value of enum status")]),
    ("two defaults",
     """
     t:
       columns: {n: integer}
       partition_by: {list: [n]}
       partitions:
         a: {default: true}
         b: {default: true}
     """, [("tables.t.partitions.b", "a second default partition")]),
    ("list value in two partitions",
     """
     t:
       columns: {c: text}
       partition_by: {list: [c]}
       partitions:
         a: {in: [de, fr]}
         b: {in: [fr, null]}
         c: {in: [null]}
     """, [("tables.t.partitions.b.in[0]", "fr is also in partition `a`"),
           ("tables.t.partitions.c.in[0]", "NULL is also in partition `b`")]),
    ("hash moduli that do not divide",
     """
     t:
       columns: {n: integer}
       partition_by: {hash: [n]}
       partitions:
         a: {modulus: 2, remainder: 0}
         b: {modulus: 3, remainder: 1}
         c: {modulus: 4, remainder: 2}
         d: {default: true}
     """, [("tables.t.partitions.b.modulus", "every modulus must be a factor"),
           ("tables.t.partitions.c", "overlaps partition `a`"),
           ("tables.t.partitions.c.modulus", "partition `b`'s modulus 3"),
           ("tables.t.partitions.d", "cannot have a default partition")]),
    ("remainder not below the modulus",
     """
     t:
       columns: {n: integer}
       partition_by: {hash: [n]}
       partitions:
         a: {modulus: 2, remainder: 2}
     """, [("tables.t.partitions.a.remainder", "must be less than the modulus")]),
    ("bound of another strategy and wrong arity",
     """
     t:
       columns: {n: integer, m: integer}
       partition_by: {range: [n, m]}
       partitions:
         a: {in: ["1"]}
         b: {from: "1", to: ["2", "3"]}
         c: {from: [maxvalue, "1"], to: [maxvalue, maxvalue]}
     """, [("tables.t.partitions.a", "this is a list bound, but the table is partitioned by range"),
           ("tables.t.partitions.b.from", "the partition key has 2 columns; this bound has 1 value"),
           ("tables.t.partitions.c.from[1]", "every value after MAXVALUE must also be MAXVALUE")]),
    ("sub-partitioning",
     """
     t:
       columns: {n: integer}
       partition_by: {range: [n]}
       partitions:
         a: {from: "1", to: "10", partition_by: {hash: [n]}}
     """, [("tables.t.partitions.a.partition_by", "sub-partitioning is not supported yet")]),
    ("partitions without a key",
     """
     t:
       columns: {n: integer}
       partitions:
         a: {from: "1", to: "10"}
     """, [("tables.t.partitions", "`partitions` needs `partition_by`")]),
    ("an unlogged partitioned table",
     """
     t:
       unlogged: true
       columns: {n: integer}
       partition_by: {range: [n]}
     """, [("tables.t.unlogged", "a partitioned table cannot be unlogged")]),
    ("list on two columns",
     """
     t:
       columns: {a: text, b: text}
       partition_by: {list: [a, b]}
     """, [("tables.t.partition_by.list", "list on one column")]),
    ("series on a text key and a series whose names repeat",
     """
     t:
       columns: {c: text}
       partition_by: {range: [c]}
       partition_series: {every: month, from: "2024-01-01", to: "2024-03-01", name: "t_{yyyy}"}
     u:
       columns: {d: date}
       partition_by: {range: [d]}
       partition_series: {every: month, from: "2024-01-01", to: "2024-03-01", name: "u_{yyyy}"}
     """, [("tables.t.partition_series", "one date or timestamp column"),
           ("tables.u.partition_series.name", "the series names two partitions `u_2024`")]),
    ("a logged table referencing an unlogged one",
     """
     cache:
       unlogged: true
       columns: {id: {type: integer, primary_key: true}}
     t:
       columns: {cache_id: {type: integer, references: cache.id}}
     """, [("tables.t.columns.cache_id.references", "references unlogged table `cache`")]),
    ("row trigger with transition tables on the parent",
     """
     t:
       columns: {id: integer, at: date}
       partition_by: {range: [at]}
       triggers:
         audit: {function: audit_rows, timing: after, events: [insert], referencing: {new_table: added}}
     """, [("tables.t.triggers.audit.referencing", "row triggers with transition tables"),
           ("tables.t.triggers.audit.function", "is not defined")]),
]


@pytest.mark.parametrize("body, expected", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_what_postgresql_refuses_is_a_spec_error(tmp_path, body, expected):
    body = "enums: {status: [open, closed]}\n" + HEAD.split("\n", 1)[1] + textwrap.indent(textwrap.dedent(body), "  ")
    root = tmp_path / "p"
    (root / "specs").mkdir(parents=True)
    (root / "schemac.yaml").write_text("specs: specs\n")
    (root / "specs" / "shop.yaml").write_text("schema: shop\n" + body)
    with pytest.raises(SpecErrors) as raised:
        api.load(root)
    found = [(e.path, e.message) for e in raised.value.errors]
    for path, part in expected:
        assert any(p == path and part in m for p, m in found), found
    assert len(found) == len(expected), found
    assert all(e.hint for e in raised.value.errors)


def _write(root, tables: str):
    (root / "specs").mkdir(parents=True, exist_ok=True)
    (root / "schemac.yaml").write_text("specs: specs\n")
    (root / "specs" / "shop.yaml").write_text(HEAD + tables.strip("\n") + "\n")
    return root


def test_state_round_trip_and_unchanged_bytes_without_partitions(tmp_path):
    compiled = api.load(_write(tmp_path / "a", PAYMENT))
    catalog = compiled.catalog
    text = to_json(catalog)
    assert from_json(text) == catalog
    tables = {t.name: t for t in catalog.of_kind(Table)}
    assert tables["payment"].partition_by.strategy == "range"
    assert tables["payment_p2022_03"].bound.upper[0].value == "2022-04-01 00:00:00+00"
    assert tables["payment_old"].bound.lower[0].special == "minvalue"
    assert tables["events_log"].unlogged
    assert '"unlogged"' not in next(line for line in text.splitlines() if '"name": "customer"' in line)
    assert api.plan(from_json(text), catalog).steps == ()


def test_partitioned_tables_apply_verify_and_roll_back(conn, tmp_path):
    compiled, files = compile_spec(_write(tmp_path / "a", PAYMENT))
    before = inventory(conn)
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    rows = run_script(conn, """
        INSERT INTO shop.customer VALUES (1, 'eu');
        INSERT INTO shop.payment (customer_id, amount, payment_date)
            VALUES (1, 1, '2021-05-01 00:00+00'), (1, 2, '2022-02-10 00:00+00'), (1, 3, '2030-01-01 00:00+00');
        INSERT INTO shop.by_name VALUES ('Zed', '2001-01-01');
        SELECT tableoid::regclass::text FROM shop.payment ORDER BY payment_date;
    """, "rows")[-1].rows
    assert [r[0] for r in rows] == ["shop.payment_old", "shop.payment_p2022_02", "shop.payment_rest"]
    rounded = run_script(conn, "INSERT INTO shop.payment (customer_id, amount, payment_date)"
                               " VALUES (1, 2.6, '2022-03-03 00:00+00') RETURNING amount::text", "trigger")[-1].rows
    assert rounded == [("3.00",)]
    run_script(conn, files.down, "down.sql")
    assert inventory(conn) == before


P = "table shop.payment_p2022_02"

# (id, tamper SQL, the rows verify.sql must report, SQL that undoes it)
TAMPERS = [
    ("partition detached", "ALTER TABLE shop.payment DETACH PARTITION shop.payment_p2022_02",
     [(f"{P} partition of", "shop.payment", "(none)")],
     "ALTER TABLE shop.payment ATTACH PARTITION shop.payment_p2022_02"
     " FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00')"),
    ("bound changed",
     "ALTER TABLE shop.payment DETACH PARTITION shop.payment_p2022_02;"
     " ALTER TABLE shop.payment ATTACH PARTITION shop.payment_p2022_02"
     " FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-02-15 00:00:00+00')",
     [(f"{P} partition bound", "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00')",
       "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-02-15 00:00:00+00')")],
     "ALTER TABLE shop.payment DETACH PARTITION shop.payment_p2022_02;"
     " ALTER TABLE shop.payment ATTACH PARTITION shop.payment_p2022_02"
     " FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00')"),
    ("extra partition",
     "ALTER TABLE shop.payment DETACH PARTITION shop.payment_rest;"
     " CREATE TABLE shop.payment_2030 PARTITION OF shop.payment FOR VALUES FROM ('2030-01-01 00:00+00') TO (MAXVALUE)",
     [("table shop.payment_2030", "absent",
       "partition of shop.payment FOR VALUES FROM ('2030-01-01 00:00:00+00') TO (MAXVALUE)"),
      ("table shop.payment_rest partition of", "shop.payment", "(none)")],
     "DROP TABLE shop.payment_2030; ALTER TABLE shop.payment ATTACH PARTITION shop.payment_rest DEFAULT"),
    ("partition dropped", "DROP TABLE shop.region_other",
     [("table shop.region_other", "present", "missing")],
     "CREATE TABLE shop.region_other PARTITION OF shop.region_sales FOR VALUES IN ('us', NULL)"),
    ("partition comment", "COMMENT ON TABLE shop.payment_old IS 'x'",
     [("table shop.payment_old comment", "Before the series", "x")],
     "COMMENT ON TABLE shop.payment_old IS 'Before the series'"),
    ("partition's own foreign key dropped", "ALTER TABLE shop.payment_old DROP CONSTRAINT payment_old_staff_id_fkey",
     [("constraint payment_old_staff_id_fkey on shop.payment_old",
       "FOREIGN KEY (staff_id) REFERENCES staff(staff_id)", "missing")],
     "ALTER TABLE shop.payment_old ADD CONSTRAINT payment_old_staff_id_fkey FOREIGN KEY (staff_id)"
     " REFERENCES shop.staff (staff_id)"),
    ("partition's own index dropped", "DROP INDEX shop.payment_old_amount_idx",
     [("index shop.payment_old_amount_idx", "btree (amount)", "missing")],
     "CREATE INDEX payment_old_amount_idx ON shop.payment_old (amount)"),
    ("index and check made on a partition",
     "CREATE INDEX extra_idx ON shop.bucket_0 (name); ALTER TABLE shop.bucket_0 ADD CONSTRAINT c CHECK (id > 0)",
     [("constraint c on shop.bucket_0", "absent", "CHECK (id > 0)"),
      ("index shop.extra_idx", "absent", "CREATE INDEX extra_idx ON shop.bucket_0 USING btree (name)")],
     "DROP INDEX shop.extra_idx; ALTER TABLE shop.bucket_0 DROP CONSTRAINT c"),
    ("grant on a partition", "GRANT SELECT ON shop.bucket_1 TO PUBLIC",
     [("grant on table shop.bucket_1 to PUBLIC", "(none)", "SELECT")],
     "REVOKE SELECT ON shop.bucket_1 FROM PUBLIC"),
    ("table set logged", "ALTER TABLE shop.events_log SET LOGGED",
     [("table shop.events_log persistence", "unlogged", "logged")],
     "ALTER TABLE shop.events_log SET UNLOGGED"),
    ("table set unlogged", "ALTER TABLE shop.customer SET UNLOGGED",
     [("table shop.customer persistence", "logged", "unlogged")], None),
]


def test_verify_reports_tampered_partitions(conn, tmp_path):
    compiled, files = compile_spec(_write(tmp_path / "a", PAYMENT))
    run_script(conn, files.up, "up.sql")
    assert verify(conn, files) == []
    for name, tamper, expected, undo in TAMPERS:
        if undo is None:  # customer is referenced by payment: PostgreSQL refuses to make it unlogged
            with pytest.raises(Exception, match="logged"):
                run_script(conn, tamper, name)
            continue
        run_script(conn, tamper, name)
        assert verify(conn, files) == sorted(expected), name
        run_script(conn, undo, f"undo {name}")
        assert verify(conn, files) == [], f"after undoing {name}"


def test_partition_key_tampered(conn, tmp_path):
    """A table made again with another key (or not partitioned) is reported."""
    compiled, files = compile_spec(_write(tmp_path / "a", """
  region_sales:
    columns: {region: text, amount: numeric}
    partition_by: {list: [region]}
  plain:
    columns: {n: integer}
"""))
    run_script(conn, files.up, "up.sql")
    run_script(conn, "DROP TABLE shop.region_sales; CREATE TABLE shop.region_sales (region text, amount numeric)"
                     " PARTITION BY RANGE (amount); DROP TABLE shop.plain;"
                     " CREATE TABLE shop.plain (n integer) PARTITION BY HASH (n)", "tamper")
    assert verify(conn, files) == [("table shop.plain kind", "ordinary table", "partitioned table"),
                                   ("table shop.region_sales partition key", "LIST (region)", "RANGE (amount)")]


def test_changes_postgresql_cannot_make_in_place(tmp_path):
    """A new partitioning makes the table again (destructive); what cannot
    be taken down and put back around that, and a key column's new type,
    are refused with what to do instead."""
    before = api.load(_write(tmp_path / "a", """
  t:
    columns: {n: integer, d: date}
    partition_by: {range: [n]}
    partitions:
      t_1: {from: "1", to: "10"}
"""))
    for i, (tables, expected) in enumerate([
        ("""
  t:
    columns: {n: integer, d: date}
    partition_by: {range: [d]}
""", ["RecreateTable", "CreateTable"]),
        ("""
  t:
    columns: {n: integer, d: date}
""", ["RecreateTable", "CreateTable"]),
        ("""
  t:
    columns: {n: bigint, d: date}
    partition_by: {range: [n]}
""", "column n changes type"),
    ]):
        after = api.load(_write(tmp_path / f"b{i}", tables))
        if isinstance(expected, str):
            with pytest.raises(UsageError, match=expected):
                api.plan(before.catalog, after.catalog)
        else:
            plan = api.plan(before.catalog, after.catalog)
            assert [op.kind for op in plan.steps] == expected
            assert "destructive" in {h.value for h in plan.steps[0].hazards}
    with_view = api.load(_write(tmp_path / "c", """
  t:
    columns: {n: integer, d: date}
    partition_by: {range: [n]}
views:
  v: {query: select n from shop.t}
"""))
    after = api.load(_write(tmp_path / "d", """
  t:
    columns: {n: integer, d: date}
views:
  v: {query: select n from shop.t}
"""))
    with pytest.raises(UsageError, match="view:shop.v uses it"):
        api.plan(with_view.catalog, after.catalog)


def test_the_documented_example_compiles(tmp_path):
    """docs/spec-language.md's pagila `payment` example, with the tables it references."""
    import re

    from tests.conftest import ROOT
    text = (ROOT / "docs" / "spec-language.md").read_text()
    section = text[text.index("## Partitioned tables"):text.index("## Generated names")]
    example = re.search(r"```yaml\ntables:\n(.*?)```", section, re.S).group(1)
    root = _write(tmp_path / "doc", """
  customer:
    columns: {customer_id: {type: integer, primary_key: true}}
  staff:
    columns: {staff_id: {type: integer, primary_key: true}}
  rental:
    columns: {rental_id: {type: integer, primary_key: true}}
""" + example)
    tables = {t.name: t for t in api.load(root).catalog.of_kind(Table)}
    assert sorted(n for n, t in tables.items() if t.partition_of == "payment") == [
        "payment_before", "payment_later", *(f"payment_p2022_0{m}" for m in range(1, 8))]


def test_a_renamed_partitioned_table_keeps_its_partitions(tmp_path):
    before = api.load(_write(tmp_path / "a", """
  t:
    columns: {n: integer}
    partition_by: {list: [n]}
    partitions:
      t_1: {in: ["1"]}
"""))
    after = api.load(_write(tmp_path / "b", """
  u:
    renamed_from: t
    columns: {n: integer}
    partition_by: {list: [n]}
    partitions:
      t_1: {in: ["1"], comment: one}
"""))
    plan = api.plan(before.catalog, after.catalog)
    assert [(op.kind, op.key) for op in plan.steps] == [("Rename", "table:shop.u:rename"),
                                                         ("AlterTableComment", "table:shop.t_1:comment")]


def test_renamed_key_columns_keep_the_partitioning(tmp_path):
    """A key column renamed (in a plain key and in a key expression) is a
    rename, not a new partitioning."""
    before = api.load(_write(tmp_path / "a", """
  t:
    columns: {n: integer, name: text}
    partition_by: {range: [n, {expression: lower(name)}]}
    partitions:
      t_1: {from: ["1", a], to: ["10", z]}
"""))
    after = api.load(_write(tmp_path / "b", """
  t:
    columns: {m: {type: integer, renamed_from: n}, label: {type: text, renamed_from: name}}
    partition_by: {range: [m, {expression: lower(label)}]}
    partitions:
      t_1: {from: ["1", a], to: ["10", z]}
"""))
    plan = api.plan(before.catalog, after.catalog)
    assert [op.kind for op in plan.steps] == ["Rename", "Rename"]


def test_a_table_moved_under_another_parent_is_made_again(tmp_path):
    before = api.load(_write(tmp_path / "a", """
  t:
    columns: {n: integer}
    partition_by: {list: [n]}
    partitions:
      t_1: {in: ["1"]}
  u:
    columns: {n: integer}
    partition_by: {list: [n]}
"""))
    after = api.load(_write(tmp_path / "b", """
  t:
    columns: {n: integer}
    partition_by: {list: [n]}
  u:
    columns: {n: integer}
    partition_by: {list: [n]}
    partitions:
      t_1: {in: ["1"]}
"""))
    plan = api.plan(before.catalog, after.catalog)
    assert [(op.kind, op.key) for op in plan.steps] == [("RecreateTable", "table:shop.t_1:drop"),
                                                         ("CreateTable", "table:shop.t_1")]


def test_timestamptz_bounds_with_and_without_offsets_are_not_compared(tmp_path):
    """A bound without an offset is read in the session's TimeZone: its
    order next to one with an offset is left to PostgreSQL."""
    catalog = api.load(_write(tmp_path / "a", """
  t:
    columns: {at: timestamptz}
    partition_by: {range: [at]}
    partitions:
      t_local: {from: "2024-03-01", to: "2024-03-01 12:00+00"}
    partition_series: {every: day, from: "2024-05-01", to: "2024-05-03", name: "t_{yyyy}{mm}{dd}"}
""")).catalog
    assert sorted(t.name for t in catalog.of_kind(Table) if t.partition_of) == ["t_20240501", "t_20240502", "t_local"]


def test_a_unique_index_holding_the_key_column_is_valid(tmp_path):
    """pagila's `payment_uuid_key ON payment (uuid, payment_date)`: the index
    names the key column among others, which PostgreSQL accepts."""
    compiled = api.load(_write(tmp_path, """
  t:
    columns: {id: integer, at: {type: date, nullable: false}, ref: uuid}
    indexes: [{columns: [ref, at], unique: true, name: t_ref_key}]
    partition_by: {range: [at]}
    partitions:
      t_all: {from: minvalue, to: maxvalue}
"""))
    assert {i.name for i in compiled.catalog.indexes} >= {"t_ref_key"}
