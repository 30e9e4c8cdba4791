"""Introspection of partitioned and UNLOGGED tables, exclusion constraints,
temporal keys and index element options, on a real PostgreSQL.

Specs with each option are applied, inspected, and must read back with the
structure of the specs' catalog and, through PostgreSQL's normal form,
exactly as it (`in_target_words`). `schemac drift` then finds a hand-made
change of each (a partition detached, a bound changed, an operator class
made another, SET LOGGED, a temporal key made plain) and each unmanaged
partition, exclusion constraint and index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from compiler import api
from compiler.apply import connect, run_script, server_version
from compiler.catalog.objects import BoundDatum, IndexElement, PartitionBound, PartitionKey
from compiler.cli import EXIT_FAILED, EXIT_OK, main
from compiler.introspect import inspect_connection
from compiler.introspect.normal_form import built, in_target_words, managed_schemas, role_names
from compiler.introspect.partitions import partition_bound, partition_key
from compiler.introspect.unread import not_read
from tests.helpers import stand_ins
from tests.live_helpers import structural_differences
from tests.test_index_options import OPTIONS, TEMPORAL_SPEC, VECTORS

PARTITIONS = """\
schema: parts
tables:
  customer:
    columns:
      id: {type: integer, primary_key: true}
    indexes: [{columns: [id], with: {fillfactor: 70, deduplicate_items: off}, name: customer_by_id}]
  payment:
    columns:
      payment_id: {type: integer, nullable: false}
      customer_id: {type: integer, nullable: false, references: customer.id}
      amount: "numeric(5,2)"
      amount_cents: {type: bigint, generated: (amount * 100)::bigint}
      payment_date: {type: timestamptz, nullable: false}
    primary_key: [payment_date, payment_id]
    indexes: [customer_id]
    checks: {payment_amount_positive: amount >= 0}
    partition_by: {range: [payment_date]}
    partitions:
      payment_old: {from: minvalue, to: "2022-01-01 00:00:00+00", comment: Before 2022, indexes: [amount]}
      payment_rest: {default: true}
    partition_series: {every: month, from: "2022-01-01", to: "2022-03-01", name: "payment_p{yyyy}_{mm}"}
  region_sales:
    columns: {region: text, amount: numeric}
    partition_by: {list: [region]}
    partitions:
      region_eu: {in: [de, fr]}
      region_other: {in: [us, null]}
  bucket:
    columns: {id: {type: bigint, primary_key: true}, seq: {type: bigint, identity: always}, n: serial}
    partition_by: {hash: [id]}
    partitions:
      bucket_0: {modulus: 2, remainder: 0}
      bucket_1: {modulus: 2, remainder: 1}
  reading:
    columns:
      m: {type: integer, nullable: false}
      label: text
      taken_on: {type: date, nullable: false}
      source_id: integer
    partition_by: {range: [m, {expression: lower(label)}]}
    partitions:
      reading_low: {from: ["-10", a], to: ["10", minvalue]}
      reading_high:
        from: ["10", a]
        to: ["100", z]
        indexes: [{columns: [{column: taken_on, order: desc}], name: reading_high_recent}]
        foreign_keys: [{columns: [source_id], references: {table: customer, columns: [id]}}]
    indexes:
      - {columns: [{column: m, order: asc, nulls: last, opclass: int4_ops}, {column: label, collate: default}], name: reading_written_defaults}
  daily:
    columns: {at: {type: timestamp, nullable: false}}
    partition_by: {range: [at]}
    partitions:
      daily_jan: {from: "2024-01-01", to: "20240201"}
  events_log:
    unlogged: true
    columns: {id: {type: bigint, primary_key: true}, body: text}
"""

VECTOR_SCHEMA = VECTORS.replace("schema: app", "schema: vec")
TEMPORAL_SCHEMA = TEMPORAL_SPEC.replace("schema: app", "schema: tmp")


def _project(tmp_path: Path, conn) -> tuple[Path, list[str]]:
    """A project of one domain per option kind; those the server cannot hold are left out."""
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    specs = {"parts": PARTITIONS, "options": OPTIONS}
    names = {r[0] for r in conn.execute("SELECT name FROM pg_available_extensions").fetchall()}
    if "vector" in names:
        specs["vectors"] = VECTOR_SCHEMA
    if server_version(conn) >= 180000:
        specs["temporal"] = TEMPORAL_SCHEMA
        (root / "schemac.yaml").write_text("postgres: {min_version: 18}\n")
    else:
        (root / "schemac.yaml").write_text("postgres: {min_version: 15}\n")
    for name, text in specs.items():
        (root / "specs" / f"{name}.yaml").write_text(text)
    return root, sorted(specs)


def _applied(conn, root: Path):
    compiled = api.load(root)
    files = api.migration("0001_test", compiled)
    stand_ins(conn, compiled)
    run_script(conn, files.up, "up.sql", closed=True)
    return files.plan.state_after


def test_partitions_options_and_exclusions_read_back_exactly(database_url, tmp_path):
    with connect(database_url) as conn:
        if server_version(conn) < 150000:
            pytest.skip("needs PostgreSQL 15")
        root, domains = _project(tmp_path, conn)
        state = _applied(conn, root)
        assert not_read(state) == []
        live = inspect_connection(conn, managed_schemas(state), require=False, roles=role_names(state))
    # options the specs write at their defaults (ivfflat's operator class among them) resolve as PostgreSQL keeps them
    assert structural_differences(live, state) == []
    assert state.by_key()["index:parts.reading_written_defaults"].elements == (IndexElement(column="m"),
                                                                               IndexElement(column="label"))
    assert in_target_words(live, built(database_url, state), state) == state

    found = live.by_key()
    # what PostgreSQL holds, in its own words
    assert found["table:parts.payment"].partition_by == PartitionKey("range", (IndexElement(column="payment_date"),))
    assert found["table:parts.reading"].partition_by == PartitionKey(
        "range", (IndexElement(column="m"), IndexElement(expression="lower(label)")))
    assert found["table:parts.payment_p2022_02"].partition_of == "payment"
    assert found["table:parts.payment_p2022_02"].columns == () == found["table:parts.bucket_0"].columns
    assert found["table:parts.payment_rest"].bound == PartitionBound("default")
    assert found["table:parts.region_other"].bound == PartitionBound("list", values=("us", None))
    assert found["table:parts.bucket_1"].bound == PartitionBound("hash", modulus=2, remainder=1)
    assert found["table:parts.reading_low"].bound == PartitionBound(
        "range", (BoundDatum("-10"), BoundDatum("a")), (BoundDatum("10"), BoundDatum(special="minvalue")))
    assert found["table:parts.daily_jan"].bound == PartitionBound(
        "range", (BoundDatum("2024-01-01 00:00:00"),), (BoundDatum("2024-02-01 00:00:00"),))
    assert found["index:parts.reading_written_defaults"].elements == (IndexElement(column="m"),
                                                                      IndexElement(column="label"))
    assert found["table:parts.events_log"].unlogged and not found["table:parts.payment"].unlogged
    # the indexes, keys and checks PostgreSQL copies to the partitions are their parent's
    assert not [k for k in found if k.startswith(("index:parts.payment_p", "constraint:parts.payment_p"))]
    assert "constraint:parts.reading_high.reading_high_source_id_fkey" in found
    assert found["index:parts.reading_high_recent"].elements == (IndexElement(column="taken_on", order="desc"),)
    assert found["index:app.docs_title_sorted"].elements == (
        IndexElement(column="title", collate="C", order="desc", nulls="last"), IndexElement(column="id"))
    assert found["index:app.docs_title_trgm"].elements == (
        IndexElement(column="title", opclass="gist_trgm_ops", opclass_params=(("siglen", "32"),)),)
    assert found["index:app.docs_score_idx"].parameters == (("fillfactor", "70"), ("deduplicate_items", "off"))
    exclusion = found["constraint:app.bookings.bookings_room_during_excl"]
    assert (exclusion.kind, exclusion.method, exclusion.columns, exclusion.initially_deferred) == \
        ("exclusion", "gist", ("room", "during"), True)
    assert [(e.column, e.operator) for e in exclusion.elements] == [("room", "="), ("during", "&&")]
    if "vectors" in domains:
        assert found["index:vec.items_l2"].method == "ivfflat"
        assert found["index:vec.items_l2"].elements[0].opclass is None
        assert found["index:vec.items_embedding_idx"].elements[0].opclass == "vector_cosine_ops"
    if "temporal" in domains:
        assert found["constraint:tmp.rooms.rooms_pkey"].without_overlaps
        assert found["constraint:tmp.stays.stays_room_id_valid_at_fkey"].period


# ---------------------------------------------------------------- drift

def schemac(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


HAND_MADE = [
    # changes
    ("ALTER TABLE parts.payment DETACH PARTITION parts.payment_p2022_02", ("different", "table:parts.payment_p2022_02")),
    ("ALTER TABLE parts.region_sales DETACH PARTITION parts.region_eu; "
     "ALTER TABLE parts.region_sales ATTACH PARTITION parts.region_eu FOR VALUES IN ('de', 'fr', 'it')",
     ("different", "table:parts.region_eu")),
    ("ALTER TABLE parts.events_log SET LOGGED", ("different", "table:parts.events_log")),
    ("DROP INDEX app.docs_lower_idx; CREATE INDEX docs_lower_idx ON app.docs (lower(title) text_ops)",
     ("different", "index:app.docs_lower_idx")),
    ("ALTER INDEX app.docs_score_idx SET (fillfactor = 90)", ("different", "index:app.docs_score_idx")),
    # the same storage parameters in another order are no drift
    ("ALTER INDEX parts.customer_by_id SET (fillfactor = 70)", None),
    ("DROP INDEX app.docs_title_sorted; CREATE INDEX docs_title_sorted ON app.docs (title COLLATE \"C\", id)",
     ("different", "index:app.docs_title_sorted")),
    ("ALTER TABLE app.bookings DROP CONSTRAINT bookings_cleanup_excl; ALTER TABLE app.bookings ADD CONSTRAINT "
     "bookings_cleanup_excl EXCLUDE USING gist (tstzrange(lower(during), upper(during), '[]') WITH =)",
     ("different", "constraint:app.bookings.bookings_cleanup_excl")),
    # unmanaged objects
    ("CREATE TABLE parts.region_asia PARTITION OF parts.region_sales FOR VALUES IN ('jp')",
     ("unmanaged", "table:parts.region_asia")),
    ("ALTER TABLE app.docs ADD CONSTRAINT docs_score_excl EXCLUDE USING gist (score WITH =)",
     ("unmanaged", "constraint:app.docs.docs_score_excl")),
    ("CREATE INDEX reading_low_label_idx ON parts.reading_low (label DESC NULLS LAST)",
     ("unmanaged", "index:parts.reading_low_label_idx")),
    ("CREATE TABLE parts.region_apac PARTITION OF parts.region_sales FOR VALUES IN ('au') PARTITION BY RANGE (amount); "
     "CREATE TABLE parts.region_apac_all PARTITION OF parts.region_apac DEFAULT",
     ("unmanaged", "table:parts.region_apac")),
    ("", ("unmanaged", "table:parts.region_apac_all")),
    # a column of a partition that is no longer as its parent's
    ("ALTER TABLE parts.payment_old ALTER COLUMN amount SET DEFAULT 0", ("unmanaged", "column:parts.payment_old.amount")),
]
TEMPORAL_HAND_MADE = [
    ("ALTER TABLE tmp.rates DROP CONSTRAINT rates_room_id_valid_at_key; "
     "ALTER TABLE tmp.rates ADD CONSTRAINT rates_room_id_valid_at_key UNIQUE (room_id, valid_at)",
     ("different", "constraint:tmp.rates.rates_room_id_valid_at_key")),
]


def test_drift_finds_hand_made_changes_of_partitions_and_index_options(capsys, database_url, tmp_path):
    with connect(database_url) as conn:
        if server_version(conn) < 150000:
            pytest.skip("needs PostgreSQL 15")
        root, domains = _project(tmp_path, conn)
    code, out, err = schemac(capsys, "-C", str(root), "generate")
    assert code == EXIT_OK, out + err
    with connect(database_url) as conn:
        compiled = api.load(root)
        stand_ins(conn, compiled)
        run_script(conn, (root / "generated" / "migrations" / "0001_initial" / "up.sql").read_text(), "up.sql")
    code, out, err = schemac(capsys, "-C", str(root), "drift", "--database-url", database_url)
    assert (code, err) == (EXIT_OK, ""), out + err

    changes = HAND_MADE + (TEMPORAL_HAND_MADE if "temporal" in domains else [])
    with psycopg.connect(database_url, autocommit=True) as conn:
        for statement, _ in changes:
            if statement:
                conn.execute(statement)
    code, out, err = schemac(capsys, "-C", str(root), "drift", "--database-url", database_url, "--format", "json")
    assert code == EXIT_FAILED, out + err
    report = json.loads(out)["differences"]
    # a detached partition is a table of its own: the columns, keys and indexes it had from its parent are now its own
    detached = {(d["kind"], d["key"]) for d in report if ".payment_p2022_02." in d["key"]
                or d["key"].startswith("index:parts.payment_p2022_02_")}
    assert {("unmanaged", "column:parts.payment_p2022_02.payment_date"),
            ("unmanaged", "constraint:parts.payment_p2022_02.payment_p2022_02_pkey"),
            ("unmanaged", "constraint:parts.payment_p2022_02.payment_amount_positive")} <= detached
    assert {kind for kind, _ in detached} == {"unmanaged"}
    assert {(d["kind"], d["key"]) for d in report} - detached == {expected for _, expected in changes if expected}
    fields = {d["key"]: {f["field"]: (f["expected"], f["found"]) for f in d["fields"]} for d in report}
    assert set(fields["table:parts.payment_p2022_02"]) == {"partition_of", "bound"}
    assert fields["table:parts.events_log"] == {"unlogged": (True, False)}
    assert set(fields["index:app.docs_lower_idx"]) == {"elements"}
    assert dict(fields["index:app.docs_score_idx"]["parameters"][1]) == {"fillfactor": "90", "deduplicate_items": "off"}
    if "temporal" in domains:
        assert fields["constraint:tmp.rates.rates_room_id_valid_at_key"] == {"without_overlaps": (True, False)}

    # the migration planned from the live database repairs it all, but a partition's own column: the specs
    # cannot declare one, so plan leaves it (drift keeps naming it; `ignore:` may accept it)
    code, out, err = schemac(capsys, "-C", str(root), "generate", "--database-url", database_url, "--name", "repair",
                             "--allow-destructive")
    assert code == EXIT_OK, out + err
    with connect(database_url) as conn:
        run_script(conn, (root / "generated" / "migrations" / "0002_repair" / "up.sql").read_text(), "repair",
                   closed=True)
    code, out, err = schemac(capsys, "-C", str(root), "drift", "--database-url", database_url, "--format", "json")
    assert code == EXIT_FAILED, out + err
    assert [(d["kind"], d["key"]) for d in json.loads(out)["differences"]] == [
        ("unmanaged", "column:parts.payment_old.amount")]
    shutil.rmtree(root)


# ---------------------------------------------------------------- without a database

def test_keys_and_bounds_postgresql_prints_become_catalog_values():
    assert partition_key('LIST (lower(label) COLLATE "C" text_pattern_ops)') == PartitionKey(
        "list", (IndexElement(expression="lower(label)", collate="C", opclass="text_pattern_ops"),))
    assert partition_key('RANGE ("Taken On", ((a + 1)), lower("größe"), pg_catalog.f((x)::text))') == PartitionKey(
        "range", (IndexElement(column="Taken On"), IndexElement(expression="((a + 1))"),
                  IndexElement(expression='lower("größe")'),
                  IndexElement(expression="pg_catalog.f((x)::text)")))
    assert partition_bound("FOR VALUES IN (0, false, 1.50, '', NULL)") == PartitionBound(
        "list", values=("0", "false", "1.50", "", None))
    assert partition_bound("FOR VALUES FROM ('it''s', MINVALUE) TO (MAXVALUE, MAXVALUE)") == PartitionBound(
        "range", (BoundDatum("it's"), BoundDatum(special="minvalue")),
        (BoundDatum(special="maxvalue"), BoundDatum(special="maxvalue")))
    assert partition_bound("FOR VALUES WITH (modulus 4, remainder 0)") == PartitionBound("hash", modulus=4,
                                                                                       remainder=0)
    assert partition_bound("DEFAULT") == PartitionBound("default")
