"""The lock a plan says each step takes (compiler/plan/locks.py, from each
op's `table_locks`) is the lock PostgreSQL takes.

Convergence scenarios (tests/convergence/), planned in transactional and
in online mode, chosen so that every step kind runs, with each lock it can take, on tables that exist before it: the
`before` specs are applied with rows, then up.sql's steps run one by one,
and then down.sql's. A step of the transaction runs in a transaction of its
own; before its COMMIT, pg_locks of the same session gives the strongest lock
it holds on the tables and views that existed before the script
(`strongest_mode`), which must equal the plan's; and whether it rewrote a
table (a new relfilenode) or read one whole (its sequential scans in the
transaction, `pg_stat_get_xact_numscans`), which must equal what the plan
says of its rows where it takes a lock. A step after COMMIT cannot
run in a transaction: another session holds ACCESS EXCLUSIVE on every table
while it runs, and the lock it waits for is read from pg_locks (the first
table lock it asks for; a concurrent build asks for no stronger one later).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from psycopg import sql

from compiler.apply import connect, run_script, server_version
from compiler.lock_levels import Lock
from compiler.ops.base import Op
from compiler.plan.locks import step_locks
from compiler.render.migration import render_op, search_path
from tests.conftest import ROOT
from tests.helpers import stand_ins
from tests.test_convergence import compile_folder, load_scenario

CONVERGENCE = ROOT / "tests" / "convergence"

# chosen so that every kind of step runs with every lock it takes in some scenario (up or down)
SCENARIOS = (
    "004_add-enum-column-with-its-new-enum", "009_change-default-expression", "012_comments-of-table-and-column",
    "016_text-to-bounded-varchar-and-not-null-together", "022_index-change-built-concurrently",
    "023_index-comment-only", "032_constraint-comment-only", "035_policy-using-change", "036_policy-command-change",
    "038_rls-force-toggled", "041_view-comment-change", "043_role-comment-change",
    "044_create-table-referencing-an-existing-one", "050_extension-in-its-own-schema",
    "052_create-index-concurrently-on-existing-table", "056_drop-check-and-foreign-key",
    "072_enable-rls-with-a-policy", "076_create-role-and-grant", "081_create-self-referencing-table",
    "083_column-marked-sensitive-is-a-recorded-step-without-sql", "101_identity-added-to-a-column-with-rows", "119_identity-added-to-a-not-null-column-without-an-index",
    "109_plain-column-made-generated", "215_enum-comment-change",
    "335_extension-moved-to-its-own-schema-keeps-citext-values",
    "381_enum-swap-rebuilds-a-foreign-key-whose-key-is-replaced", "387_table-replaced-by-a-view-of-the-same-name",
    "423_function-argument-added-under-a-check-and-a-default",
    "107_generated-expression-changed-with-its-index-and-unique-key", "108_generated-expression-dropped-keeps-the-values",
    "117_generated-expression-dropped-under-a-unique-key-and-a-check",
    "464_grant-revoked-on-a-view-rebuilt-around-a-column-type-change", "560_owners-set-changed-and-handed-back",
    "561_default-privileges-added-changed-and-removed", "562_column-privileges-and-grant-option-changed",
    "601_reference-rows-added-changed-and-removed", "605_table-moved-to-another-schema-keeps-its-rows",
    "640_sequence-and-serial-columns-added", "059_add-identity-column", "060_add-generated-column",
    "621_partition-added-and-partition-dropped", "622_partition-bounds-changed", "623_tables-set-unlogged-and-logged",
    "625_partitioning-changed-tables-made-again", "641_sequence-options-comment-and-owner-changed",
    "680_trigger-added-to-an-external-table", "682_constraint-trigger-deferral-and-transition-table-changed",
    "700_create-domain-composite-and-range-types-and-an-aggregate",
    "702_domain-checks-default-not-null-and-comment-change", "703_composite-type-attributes-added-dropped-and-retyped",
    "704_range-type-redefined-while-nothing-uses-it", "705_aggregate-replaced-and-its-comment-changed",
    "710_type-changes-online-by-expand-contract", "761_foreign-key-and-not-null-validated-after-commit-beside-a-dropped-column",
    "707_range-type-subtype-changed-with-its-columns-converted", "030_unique-constraint-columns-change",
    "751_primary-key-gains-a-not-null-column",
    "207_remove-enum-value-with-remap", "709_composite-attribute-retyped-under-a-column",
    "344_enum-value-removed-under-checks-and-partial-indexes",
    "112_unique-constraint-referenced-by-a-foreign-key-changes",
    "384_unique-index-replaced-by-a-unique-constraint-of-the-same-name",
    "385_unique-constraint-under-a-foreign-key-replaced-by-a-unique-index-of-the-same-name",
    "216_type-change-rebuilds-the-checks-on-the-column", "484_composite-foreign-key-rebuilt-around-one-column-type-change",
    "361_type-change-under-a-view-a-view-over-it-and-a-grant", "363_type-change-under-policies",
    "501_rename-and-type-change-under-a-renamed-partial-index",  # online: an index rebuilt after COMMIT
    "342_enum-reordered-under-a-function-its-view-and-a-trigger", "364_type-change-under-triggers-when-and-update-of",
    "348_enum-value-removed-under-a-materialized-view-with-its-index",
    "362_type-change-under-a-materialized-view-with-its-index",
    "306_type-changes-with-a-renamed-column", "382_check-rebuilt-around-an-enum-swap-and-a-type-change",
    "624_partition-comment-own-index-and-foreign-keys",
    "627_foreign-key-added-not-valid-to-a-partitioned-table-on-postgresql-18",
    "031_primary-key-columns-change",
    "118_generated-expression-changed-on-a-table-without-a-primary-key",  # online: not copied, indexes rebuilt
    "632_exclusion-constraint-predicate-and-deferrable-changed",  # online: the table copied both ways
    "637_exclusion-constraint-added-under-views-and-a-referencing-table",  # online: views and a foreign key around a copy
    "706_domain-base-type-changed-with-its-columns-converted",  # online: a domain made anew, its table copied to it
)

MODES = ("transactional", "online")

# kinds of Op that never run as a step of their own
NOT_STEPS = {
    "AlterColumnType": "one column's part of AlterColumnTypes, whose lock is measured",
}

_MODES = {"ShareUpdateExclusiveLock": Lock.SHARE_UPDATE_EXCLUSIVE, "ShareLock": Lock.SHARE,
          "ShareRowExclusiveLock": Lock.SHARE_ROW_EXCLUSIVE, "AccessExclusiveLock": Lock.ACCESS_EXCLUSIVE}
_WEAK = {"AccessShareLock", "RowShareLock", "RowExclusiveLock"}  # block no reader or writer

# the relations of the test's schemas that a step may lock: tables (plain, partitioned) and views
_RELATIONS = """
SELECT c.oid, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
"""
_HELD = "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND relation = ANY(%s)"
_STORAGE = ("SELECT oid, relfilenode, pg_stat_get_xact_numscans(oid) FROM pg_class "
            "WHERE oid = ANY(%s) AND relkind IN ('r', 'm')")
_WAITING = "SELECT mode FROM pg_locks WHERE pid = %s AND NOT granted AND relation = ANY(%s)"


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _kinds() -> set[str]:
    import compiler.ops.partitions  # noqa: F401  (kinds only down.sql makes)
    import compiler.ops.relations  # noqa: F401
    return {c.__name__ for c in _subclasses(Op) if not c.__name__.startswith("_")}


def strongest_mode(modes: list[str]) -> Lock | str | None:
    """The strongest lock of `modes` as a `Lock`; None when all block no one;
    a mode schemac does not name (EXCLUSIVE) as its text, so that it never
    equals a plan's lock."""
    unknown = [m for m in modes if m not in _MODES and m not in _WEAK]
    if unknown:
        return unknown[0]
    locks = [_MODES[m] for m in modes if m in _MODES]
    return max(locks, key=lambda lock: lock.rank) if locks else None


def test_every_op_class_says_which_tables_it_locks():
    """`table_locks` written for every kind of step (a class of its own or
    one it inherits below Op): never the silent default of Op."""
    silent = sorted(c.__name__ for c in _subclasses(Op) if not c.__name__.startswith("_")
                    and not any("table_locks" in vars(k) for k in c.__mro__[:c.__mro__.index(Op)]))
    assert not silent, f"step kinds without table_locks: {silent}"


def test_the_scenarios_run_every_kind_of_step():
    ran = set()
    for name in SCENARIOS:
        for mode in MODES:
            plan = compile_folder(CONVERGENCE / name, mode).step.plan
            ran |= {type(op).__name__ for op in (*plan.steps, *plan.reverse_steps())}
    assert ran | set(NOT_STEPS) == _kinds(), sorted(_kinds() - ran - set(NOT_STEPS))


# steps after COMMIT whose first statement takes a lock that blocks no one before a later one takes the
# lock of the plan: the harness sees only the first lock a step waits for, so for these it accepts none,
# as long as the plan's lock blocks no writer either
FIRST_LOCK_WEAK = {
    "ConvertColumnRows": "its batches take row locks before the index builds take SHARE UPDATE EXCLUSIVE",
}
# steps after COMMIT that lock one table before taking the plan's stronger lock on another: the harness
# accepts a weaker first lock; tests/test_online_partition_foreign_keys.py measures each in a transaction
FIRST_LOCK_OF_SEVERAL = {
    "AddPartitionedForeignKey": "SHARE ROW EXCLUSIVE on the partitioned table first, then ACCESS EXCLUSIVE on the "
                                "referenced table (the partitions' triggers there are dropped)",
}


def _relations(conn) -> list[int]:
    return [row[0] for row in conn.execute(_RELATIONS).fetchall()]


def _storage(conn, relations: list[int]) -> dict[int, tuple[int, int]]:
    """(relfilenode, sequential scans in this transaction) of each relation still there."""
    return {row[0]: (row[1], row[2]) for row in conn.execute(_STORAGE, (relations,)).fetchall()}


def _in_transaction(conn, op: Op, relations: list[int]) -> tuple[Lock | str | None, str | None]:
    """The strongest lock the step holds before COMMIT, and what it did to
    the rows: `rewrite` (a table got a new relfilenode), `scan` (a table was
    read sequentially) or None."""
    with conn.transaction():
        before = _storage(conn, relations)
        conn.execute(render_op(op).encode("utf-8"), prepare=False)
        lock = strongest_mode([row[0] for row in conn.execute(_HELD, (relations,)).fetchall()])
        after = _storage(conn, relations)
    common = before.keys() & after.keys()
    if any(before[oid][0] != after[oid][0] for oid in common):
        return lock, "rewrite"
    return lock, "scan" if any(before[oid][1] != after[oid][1] for oid in common) else None


def _after_commit(conn, url: str, op: Op, relations: list[int]) -> Lock | str | None:
    """The lock the step asks for while another session holds every table."""
    tables = [row[0] for row in conn.execute(_RELATIONS).fetchall() if row[1] in ("r", "p")]
    failure: list[BaseException] = []
    with connect(url) as holder:
        with holder.transaction():
            for oid in tables:
                name = holder.execute("SELECT %s::regclass::text", (oid,)).fetchone()[0]
                holder.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.SQL(name)))

            def run() -> None:
                try:
                    run_script(conn, render_op(op), op.key)  # statement by statement, as psql sends them
                except BaseException as exc:  # noqa: BLE001 - reported by the test
                    failure.append(exc)

            worker = threading.Thread(target=run)
            worker.start()
            deadline, modes = time.monotonic() + 20, []
            while worker.is_alive() and not modes and time.monotonic() < deadline:
                modes = [row[0] for row in holder.execute(_WAITING, (conn.info.backend_pid, relations)).fetchall()]
                time.sleep(0.02)
        worker.join(30)
    assert not worker.is_alive(), f"{op.key} did not finish"
    assert not failure, f"{op.key}: {failure[0]}"
    return strongest_mode(modes)


def _run_steps(conn, url: str, steps: tuple[Op, ...], path: str, label: str) -> list[str]:
    """Run `steps` as a script runs them (the transaction's, then those after
    COMMIT); the steps whose measured lock differs from the plan's."""
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.SQL(path)))
    conn.execute("SET check_function_bodies = off")
    relations = _relations(conn)
    expected = step_locks(steps)
    wrong = []
    for op in [s for s in steps if not s.after_commit] + [s for s in steps if s.after_commit]:
        plan = expected[op.key]
        if op.after_commit:  # rows not measured: no other session sees this one's scans
            found, rows = _after_commit(conn, url, op, relations), plan.rows
        else:
            found, rows = _in_transaction(conn, op, relations)
        if op.after_commit and op.kind in FIRST_LOCK_WEAK and found is None and plan.lock is not None \
                and not plan.lock.blocks_writes:
            found = plan.lock  # see FIRST_LOCK_WEAK: the lock it takes first blocks no one
        if op.after_commit and op.kind in FIRST_LOCK_OF_SEVERAL and isinstance(found, Lock) \
                and plan.lock is not None and found.rank <= plan.lock.rank:
            found = plan.lock  # see FIRST_LOCK_OF_SEVERAL
        if found != plan.lock:
            wrong.append(f"{label} {op.kind} {op.key}: plan says {plan.lock}, PostgreSQL took {found}")
        # a scan matters under a lock that blocks someone (an upsert may read a small table whole)
        if plan.lock is not None and rows != plan.rows:
            wrong.append(f"{label} {op.kind} {op.key}: plan says rows {plan.rows}, PostgreSQL did {rows}")
    return wrong


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", SCENARIOS)
def test_each_step_takes_the_lock_its_plan_says(database_url, name, mode):
    folder: Path = CONVERGENCE / name
    scenario = load_scenario(folder)
    c = compile_folder(folder, mode)
    if mode == "online" and c.step.plan.steps == compile_folder(folder).step.plan.steps:
        pytest.skip("online mode plans the same steps")
    with connect(database_url) as conn:
        if scenario.min_server_version and server_version(conn) < scenario.min_server_version * 10000:
            pytest.skip(f"needs PostgreSQL {scenario.min_server_version}")
        stand_ins(conn, c.before)
        run_script(conn, c.first.up, "before: up.sql")
        for statement in scenario.rows:
            run_script(conn, statement, "rows")
        stand_ins(conn, c.after, besides=c.before)
        path = search_path(c.before.catalog, c.after.catalog)
        wrong = _run_steps(conn, database_url, c.step.plan.steps, path, "up")
        wrong += _run_steps(conn, database_url, c.step.plan.reverse_steps(), path, "down")
    assert not wrong, "\n".join(wrong)


def test_a_default_that_may_be_volatile_is_known_from_its_parse_tree():
    from compiler.ops.volatility import may_be_volatile
    assert [may_be_volatile(e) for e in ("now()", "CURRENT_TIMESTAMP", "0", "lower('A')", "'x'::text",
                                         "pg_catalog.now()")] == [False] * 6
    # volatile built-ins, functions whose volatility is not known here, and what does not parse
    assert [may_be_volatile(e) for e in ("nextval('s'::regclass)", "gen_random_uuid()", "random() * 2",
                                         "app.next_code()", "(")] == [True] * 5
