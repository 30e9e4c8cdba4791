"""Online mode for partitions (compiler/online/partitions.py): a partition
made beside a default partition, and a changed bound, scan no table under
ACCESS EXCLUSIVE: the checks stating the bound are validated after COMMIT
(SHARE UPDATE EXCLUSIVE), and PostgreSQL proves the bound from them when
the partition is made or attached again.

tests/test_locks.py measures the lock of every step (after COMMIT: the lock
it asks for first); the scans of the steps after COMMIT, which another
session cannot see, are measured here, each step in its form inside a
transaction of its own."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from compiler.apply import connect, run_script
from compiler.cli import main as schemac_main
from compiler.deploy.verification import discrepancies
from compiler.errors import DatabaseError
from compiler.plan.locks import step_locks
from compiler.render.migration import render_op, search_path
from tests.helpers import psql_file_ok, stand_ins, verify
from tests.test_convergence import compile_folder, load_scenario
from tests.test_locks import CONVERGENCE, _relations, _storage

SCENARIOS = ("621_partition-added-and-partition-dropped", "622_partition-bounds-changed")


def _before(conn, name: str, rows: tuple[str, ...] = ()):
    """The scenario's `before` applied with its rows (and `rows`); its online compilation."""
    c = compile_folder(CONVERGENCE / name, "online")
    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in (*load_scenario(CONVERGENCE / name).rows, *rows):
        run_script(conn, statement, "rows")
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.SQL(search_path(c.before.catalog, c.after.catalog))))
    return c


def _scanned(conn, step) -> bool:
    """Whether the step, run in a transaction of its own, read a table sequentially."""
    relations = _relations(conn)
    with conn.transaction():
        before = _storage(conn, relations)
        conn.execute(render_op(step).encode("utf-8"), prepare=False)
        after = _storage(conn, relations)
    return any(before[oid][1] != after[oid][1] for oid in before.keys() & after.keys())


@pytest.mark.parametrize("name", SCENARIOS)
def test_steps_after_commit_scan_only_where_the_plan_says(conn, name):
    c = _before(conn, name)
    steps = c.step.plan.steps
    outside = [op for op in steps if op.after_commit]
    kinds = {op.kind for op in outside}
    assert {"ValidateBoundCheck", "DropBoundCheck"} <= kinds and kinds & {"CreatePartitionFromCheck",
                                                                          "SwapPartitionBound"}
    assert not {"CreatePartitionBesideDefault", "AlterPartitionBound"} & {op.kind for op in steps}
    for op in steps:
        if not op.after_commit:
            with conn.transaction():
                conn.execute(render_op(op).encode("utf-8"), prepare=False)
    expected = step_locks(steps)
    found = {op.key: _scanned(conn, op.in_transaction()) for op in outside}
    assert found == {op.key: expected[op.key].rows == "scan" for op in outside}
    # what PostgreSQL would have scanned under ACCESS EXCLUSIVE, it proved from the checks
    assert not any(found[op.key] for op in outside if op.kind in ("CreatePartitionFromCheck", "SwapPartitionBound"))
    assert verify(conn, c.step) == []


def test_rows_of_the_new_partition_in_the_default_one_stop_the_migration_and_stay(database_url):
    """A row of the new partition's bound in the default partition: the
    transactional form fails as a whole; online, its check's VALIDATE fails
    after COMMIT, the row stays in the default partition, no partition is
    made, and new rows of the bound are refused until it is; once the row is
    moved away the steps run again to the end."""
    name = SCENARIOS[0]
    with connect(database_url) as conn:
        c = _before(conn, name, ("INSERT INTO evo.measurement VALUES (9, '2024-03-15')",))
        with pytest.raises(DatabaseError, match="updated partition constraint for default partition"):
            run_script(conn, compile_folder(CONVERGENCE / name).step.up, "transactional up.sql")
        with pytest.raises(DatabaseError, match=r'step 3: ValidateBoundCheck .*check constraint "schemac_bound_measurement_2024_03_\w+" of relation '
                                 r'"measurement_rest" is violated by some row'):
            run_script(conn, c.step.up, "online up.sql")
        place = "SELECT tableoid::regclass::text FROM evo.measurement WHERE id = %s"
        assert conn.execute(place, (9,)).fetchall() == [("measurement_rest",)]
        assert conn.execute("SELECT to_regclass('evo.measurement_2024_03')").fetchone() == (None,)
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO evo.measurement VALUES (10, '2024-03-20')")
        conn.execute("DELETE FROM evo.measurement WHERE id = 9")  # the user moves the row away
        outside = [op for op in c.step.plan.steps if op.after_commit]
        for op in outside:  # `schemac apply` resumes at the VALIDATE; a step done but not recorded runs again
            run_script(conn, render_op(op), op.key)
            run_script(conn, render_op(op), f"{op.key} again")
        conn.execute("INSERT INTO evo.measurement VALUES (10, '2024-03-20')")
        assert conn.execute(place, (10,)).fetchall() == [("measurement_2024_03",)]
        assert verify(conn, c.step) == []
        run_script(conn, "DELETE FROM evo.measurement WHERE id = 10", "rows")
        run_script(conn, c.step.down, "online down.sql")
        assert verify(conn, c.first) == []


def test_a_list_bound_with_null_and_a_range_from_minvalue_are_proved(conn):
    """The checks of the other shapes of bound PostgreSQL proves without a
    scan: a list holding NULL, and a range open below, beside a default."""
    conn.execute("""
        CREATE SCHEMA b;
        CREATE TABLE b.l (v integer) PARTITION BY LIST (v);
        CREATE TABLE b.l1 PARTITION OF b.l FOR VALUES IN (1, 2);
        CREATE TABLE b.ld PARTITION OF b.l DEFAULT;
        CREATE TABLE b.r (d date) PARTITION BY RANGE (d);
        CREATE TABLE b.rd PARTITION OF b.r DEFAULT;
        INSERT INTO b.l VALUES (1), (3); INSERT INTO b.r VALUES ('2030-01-01')""")
    from compiler.catalog.objects import BoundDatum, PartitionBound
    from compiler.ops.online_partitions import AddBoundCheck, ValidateBoundCheck

    list_bound = PartitionBound("list", values=(None, "1", "2", "4"))
    range_bound = PartitionBound("range", lower=(BoundDatum(special="minvalue"),), upper=(BoundDatum("2024-01-01"),))
    cases = [  # the checks (table holding it, partition, key column, bound, negated), then the statements proved
        ([("l1", "l1", "v", list_bound, False), ("ld", "l1", "v", list_bound, True)],
         ["ALTER TABLE b.l DETACH PARTITION b.l1", "ALTER TABLE b.l ATTACH PARTITION b.l1 FOR VALUES IN (NULL, 1, 2, 4)"]),
        ([("rd", "r1", "d", range_bound, True)],
         ["CREATE TABLE b.r1 PARTITION OF b.r FOR VALUES FROM (MINVALUE) TO ('2024-01-01')"]),
    ]
    for checks, statements in cases:
        for table, partition, column, bound, negated in checks:
            fields = dict(schema="b", table=table, partition=partition, check=f"{table}_bound", column=column,
                          bound=bound, negated=negated)
            for op in (AddBoundCheck(**fields), ValidateBoundCheck(**fields)):
                run_script(conn, render_op(op), op.key)
        relations = _relations(conn)
        with conn.transaction():
            before = _storage(conn, relations)
            for statement in statements:
                conn.execute(statement)
            after = _storage(conn, relations)
        assert [oid for oid in before if before[oid][1] != after[oid][1]] == [], statements
    # without the checks, the same statements scan (so the test can fail)
    conn.execute("ALTER TABLE b.l DETACH PARTITION b.l1; ALTER TABLE b.l1 DROP CONSTRAINT l1_bound")
    with conn.transaction():
        before = _storage(conn, relations)
        conn.execute("ALTER TABLE b.l ATTACH PARTITION b.l1 FOR VALUES IN (NULL, 1, 2, 4)")
        after = _storage(conn, relations)
    assert [oid for oid in before if before[oid][1] != after[oid][1]] != []


BEFORE = """\
domain: evo
schema: evo
tables:
  measurement:
    columns:
      id: {type: integer, nullable: false}
      taken_on: {type: date, nullable: false}
    primary_key: [id, taken_on]
    partition_by: {range: [taken_on]}
    partitions:
      measurement_rest: {default: true}
      measurement_2024_01: {from: "2024-01-01", to: "2024-02-01"}
  shop:
    columns:
      country: text
    partition_by: {list: [country]}
    partitions:
      shop_eu: {in: [de, fr]}
      shop_rest: {default: true}
"""

AFTER = BEFORE.replace('      measurement_2024_01: {from: "2024-01-01", to: "2024-02-01"}\n',
                       '      measurement_2024_01: {from: "2024-01-01", to: "2024-02-01"}\n'
                       '      measurement_2024_02: {from: "2024-02-01", to: "2024-03-01"}\n'
                       ).replace("[de, fr]", "[de, fr, it]")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "specs").mkdir()
    for text, name in ((BEFORE, "initial"), (AFTER, "partitions")):
        (tmp_path / "specs" / "evo.yaml").write_text(text, encoding="utf-8")
        assert schemac_main(["-C", str(tmp_path), "generate", "--name", name]) == 0
    return tmp_path


def _migrations(project: Path) -> list[Path]:
    return sorted((project / "generated" / "migrations").iterdir())


def test_up_verify_and_down_with_psql(project, database_url):
    first, second = _migrations(project)
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert "Online mode" in up and "SwapPartitionBound" in up and "CreatePartitionFromCheck" in up
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute("INSERT INTO evo.measurement VALUES (1, '2024-01-10'), (2, '2023-05-01')")
        conn.execute("INSERT INTO evo.shop VALUES ('de'), ('us'), (NULL)")
    psql_file_ok(database_url, second / "up.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        conn.execute("INSERT INTO evo.measurement VALUES (3, '2024-02-10'); INSERT INTO evo.shop VALUES ('it')")
        where = "SELECT tableoid::regclass::text FROM evo.{} ORDER BY 1"
        assert conn.execute(where.format("measurement")).fetchall() == [
            ("evo.measurement_2024_01",), ("evo.measurement_2024_02",), ("evo.measurement_rest",)]
        assert conn.execute(where.format("shop")).fetchall() == [
            ("evo.shop_eu",), ("evo.shop_eu",), ("evo.shop_rest",), ("evo.shop_rest",)]
        assert conn.execute("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'schemac_bound_%'").fetchone() == (0,)
        conn.execute("DELETE FROM evo.measurement WHERE id = 3; DELETE FROM evo.shop WHERE country = 'it'")
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []


def test_schemac_apply_stops_at_rows_of_the_new_bound_and_resumes(project, database_url, capsys):
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url, "--to", "1"]) == 0
    with connect(database_url) as conn:
        conn.execute("INSERT INTO evo.measurement VALUES (7, '2024-02-07'); INSERT INTO evo.shop VALUES ('it')")
    capsys.readouterr()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) != 0
    assert "is violated by some row" in capsys.readouterr().err
    with connect(database_url) as conn:
        kept = conn.execute("SELECT tableoid::regclass::text, id FROM evo.measurement").fetchall()
        assert kept == [("evo.measurement_rest", 7)]  # nothing moved, nothing lost
        conn.execute("CREATE TABLE moved AS SELECT * FROM evo.measurement WHERE id = 7")
        conn.execute("DELETE FROM evo.measurement WHERE id = 7")
        conn.execute("DELETE FROM evo.shop WHERE country = 'it'")
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) == 0
    with connect(database_url) as conn:
        conn.execute("INSERT INTO evo.measurement SELECT * FROM moved")
        assert conn.execute("SELECT tableoid::regclass::text FROM evo.measurement").fetchall() == [
            ("evo.measurement_2024_02",)]
        second = _migrations(project)[1]
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        done = conn.execute("SELECT steps_outside, steps_outside_done FROM schemac.migrations WHERE number = 2")
        steps = done.fetchone()
        assert steps[0] == steps[1] > 0
