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

import psycopg
import pytest
from psycopg import sql

from compiler.apply import connect, run_script
from compiler.errors import DatabaseError
from compiler.plan.locks import step_locks
from compiler.render.migration import render_op, search_path
from tests.helpers import stand_ins, verify
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
