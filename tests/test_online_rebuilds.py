"""Online mode's indexes and keys rebuilt around a change of the transaction
(compiler/online/rebuilds.py), on real PostgreSQL: around a generated
expression made again on a table online mode cannot copy (convergence
scenario 118: no primary key; 107's table is copied instead) they are built
after COMMIT; around DROP EXPRESSION (108) PostgreSQL keeps them, so they are not
rebuilt; around a function made again with a new signature (423) the
previous function is renamed aside until the index using it is swapped. Each
step after COMMIT can run again, down.sql takes it all back, and writers
(and callers of the function) go on while the builds run."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from compiler.apply import connect, run_script
from compiler.apply.psql import run_psql_file
from compiler.deploy.migrations import split_script
from compiler.render.migration import render_op
from tests.conftest import ROOT
from tests.helpers import psql_file_ok, spec_migration, stand_ins, verify
from tests.live_helpers import assert_reads_back
from tests.test_convergence import Compiled, compile_folder, load_scenario
from tests.writers import beside_writer

CONVERGENCE = ROOT / "tests" / "convergence"
EXPRESSION_CHANGED = "118_generated-expression-changed-on-a-table-without-a-primary-key"  # 107 is copied
EXPRESSION_DROPPED = "108_generated-expression-dropped-keeps-the-values"
EXPRESSION_DROPPED_UNDER_A_KEY = "117_generated-expression-dropped-under-a-unique-key-and-a-check"
FUNCTION_REMADE = "423_function-argument-added-under-a-check-and-a-default"
MORE_ROWS = {  # beyond the scenario's own rows
    EXPRESSION_CHANGED: "INSERT INTO evo.t (id, x) SELECT g, 100 + g FROM generate_series(3, {n}) g",
    EXPRESSION_DROPPED: "INSERT INTO evo.t (id, x) SELECT g, 100 + g FROM generate_series(3, {n}) g",
    EXPRESSION_DROPPED_UNDER_A_KEY: "INSERT INTO evo.t (id, x) SELECT g, 100 + g FROM generate_series(3, {n}) g",
    FUNCTION_REMADE: "INSERT INTO evo.deals (id, amount) SELECT g, g % 1000 FROM generate_series(5, {n}) g",
}
_STORAGE = ("SELECT c.relname, c.relfilenode FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'evo' AND c.relkind IN ('r', 'i') ORDER BY 1")
_LEFTOVERS = ("SELECT (SELECT count(*) FROM pg_class WHERE relname LIKE '%schemac%') "
              "+ (SELECT count(*) FROM pg_proc WHERE proname LIKE '%schemac%')")


def _prepared(conn, name: str, mode: str = "online", rows: int = 2000) -> Compiled:
    """The scenario's `before` applied, with its rows and `rows` more."""
    folder = CONVERGENCE / name
    c = compile_folder(folder, mode)
    stand_ins(conn, c.before)
    run_script(conn, c.first.up, "before: up.sql")
    for statement in load_scenario(folder).rows:
        run_script(conn, statement, "rows")
    run_script(conn, MORE_ROWS[name].format(n=rows), "more rows")
    stand_ins(conn, c.after, besides=c.before)
    return c


def _transaction(c: Compiled) -> str:
    return c.step.up[:c.step.up.index("\nCOMMIT;\n") + len("\nCOMMIT;\n")]


@pytest.mark.parametrize(("name", "kept"), [(EXPRESSION_DROPPED, {"t_y_idx"}),
                                            (EXPRESSION_DROPPED_UNDER_A_KEY, {"t_y_idx", "t_y_key"})])
def test_drop_expression_keeps_the_values_and_the_indexes(conn, name, kept):
    """PostgreSQL's DROP EXPRESSION rewrites nothing: the table, its indexes
    and its unique key's index keep their storage, so online mode leaves them
    alone (transactional mode drops them and builds them again under ACCESS
    EXCLUSIVE, which this test shows too, so that it can fail)."""
    c = _prepared(conn, name)
    untouched = [op for op in c.step.plan.steps if op.kind in ("IndexKeptThroughChange", "KeyKeptThroughChange")]
    assert len(untouched) == 2 * len(kept)  # each one's drop and its making again
    assert all(line.startswith("--") for op in untouched for line in render_op(op).strip().splitlines())
    before = conn.execute(_STORAGE).fetchall()
    run_script(conn, c.step.up, f"{name} up.sql (online)")
    assert conn.execute(_STORAGE).fetchall() == before
    assert verify(conn, c.step) == []
    assert conn.execute("SELECT count(*) FILTER (WHERE y = 2 * x), count(*) FROM evo.t").fetchone() == (2000, 2000)
    run_script(conn, c.step.down, f"{name} down.sql (online)")
    assert verify(conn, c.first) == []

    transactional = compile_folder(CONVERGENCE / name)
    stored = dict(conn.execute(_STORAGE).fetchall())
    run_script(conn, transactional.step.up, f"{name} up.sql (transactional)")
    rebuilt = dict(conn.execute(_STORAGE).fetchall())
    assert {relation for relation, storage in rebuilt.items() if stored[relation] != storage} == kept


@pytest.mark.parametrize("name", [EXPRESSION_CHANGED, FUNCTION_REMADE])
def test_steps_after_commit_resume_and_go_back(conn, name):
    c = _prepared(conn, name)
    after_commit = [op for op in c.step.plan.steps if op.after_commit]
    builds = {EXPRESSION_CHANGED: {"BuildKeyIndex", "AttachKeyIndex", "CreateIndexAfterChange"},
              FUNCTION_REMADE: {"BuildIndexCopy", "DropReplacedIndex", "RenameIndexCopy", "DropFunctionSetAside"}}
    assert builds[name] <= {op.kind for op in after_commit}
    run_script(conn, _transaction(c), f"{name}/up.sql (online), its transaction")
    conn.execute("SET search_path TO evo, public")  # as each step after COMMIT sets it
    for op in after_commit:  # each twice: a step that ran but was not recorded runs again when the migration resumes
        run_script(conn, render_op(op), op.key)
        run_script(conn, render_op(op), f"{op.key} again")
    assert verify(conn, c.step) == []
    assert_reads_back(conn, c.step.plan.state_after)
    assert conn.execute(_LEFTOVERS).fetchone() == (0,)
    run_script(conn, c.step.down, f"{name}/down.sql (online)")
    assert verify(conn, c.first) == []
    assert conn.execute(_LEFTOVERS).fetchone() == (0,)


def _waiting(conn, statement: str, timeout: float = 30) -> None:
    """Wait until a backend runs `statement` and waits for a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE position(%s in query) > 0 "
                        "AND wait_event_type = 'Lock'", (statement,)).fetchone()[0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"no backend waits in {statement}")


def _write(url: str, name: str, n: int) -> None:
    """A row written (and, for 423, the function called) by a session that
    gives up after 200 ms of waiting for a lock."""
    with connect(url) as writer:
        writer.execute("SET lock_timeout = '200ms'")
        if name == FUNCTION_REMADE:
            writer.execute("INSERT INTO evo.deals (id, amount) VALUES (%s, %s)", (n, n % 1000))
            assert writer.execute("SELECT evo.in_range(%s)", (n % 1000,)).fetchone() == (True,)
        else:
            writer.execute("INSERT INTO evo.t (id, x) VALUES (%s, %s)", (n, n))
        writer.commit()


def _run_into(conn, sql: str, errors: list) -> None:
    try:
        run_script(conn, sql, "step")
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


@pytest.mark.parametrize("name", [EXPRESSION_CHANGED, FUNCTION_REMADE])
def test_writes_go_on_while_the_indexes_build_after_commit(conn, database_url, name):
    """Each build after COMMIT is kept waiting (a reader's snapshot holds it)
    while a writer inserts (and calls the function made again): it neither
    waits for a lock nor, in 423, meets two functions of the name. In
    transactional mode the transaction builds them under its lock: the
    writer gives up."""
    c = _prepared(conn, name)
    parts = split_script(c.step.up, "up.sql")
    run_script(conn, parts.transaction + "COMMIT;", "up.sql")
    # between COMMIT and the swap (423) the previous index, on the function set aside, serves the writes
    _write(database_url, name, 1_000_000)
    read = "SELECT count(*) FROM evo.deals" if name == FUNCTION_REMADE else "SELECT count(*) FROM evo.t"
    builds = 0
    with connect(database_url) as watcher, connect(database_url) as blocker:
        for n, step in enumerate(parts.outside):
            statement = next((s for s in ("CREATE INDEX CONCURRENTLY", "CREATE UNIQUE INDEX CONCURRENTLY",
                                          "DROP INDEX CONCURRENTLY IF EXISTS evo.deals_in_range;") if s in step.sql),
                             None)
            if statement is None:
                run_script(conn, step.sql, step.label)
                continue
            blocker.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
            blocker.execute(read)
            errors: list[Exception] = []
            thread = threading.Thread(target=lambda sql=step.sql: _run_into(conn, sql, errors))
            thread.start()
            _waiting(watcher, statement.removesuffix(";"))
            _write(database_url, name, 1_000_001 + n)  # a lock wait would raise after 200 ms
            blocker.execute("ROLLBACK")
            thread.join(timeout=60)
            assert not errors, errors
            builds += 1
    # 118: the unique key's index and the index; 423: the new version built, the previous one dropped
    assert builds == 2
    assert verify(conn, c.step) == []
    run_script(conn, c.step.down, "down.sql (online)")
    assert verify(conn, c.first) == []

    transactional = compile_folder(CONVERGENCE / name)
    run_script(conn, split_script(transactional.step.up, "up.sql").transaction)
    with pytest.raises(psycopg.errors.LockNotAvailable):
        _write(database_url, name, 2_000_000)
    conn.execute("ROLLBACK")


def test_psql_runs_up_and_down_beside_a_writer(conn, database_url, tmp_path):
    """up.sql and down.sql of scenario 423 with psql, while a writer inserts
    rows and calls the function in a loop: no write fails (no lock waited for
    beyond 500 ms, no call made ambiguous by two functions of the name)."""
    c = _prepared(conn, FUNCTION_REMADE, rows=20_000)
    ids = iter(range(1_000_000, 2_000_000))

    def write(writer, _n):
        n = next(ids)
        writer.execute("INSERT INTO evo.deals (id, amount) VALUES (%s, %s)", (n, n % 1000))
        writer.execute("SELECT evo.in_range(%s)", (n % 1000,)).fetchone()
        return n

    for script, files in (("up", c.step), ("down", c.first)):
        path = tmp_path / f"{script}.sql"
        path.write_text(getattr(c.step, script), encoding="utf-8")
        run = None

        def migrate(path=path):
            nonlocal run
            run = run_psql_file(database_url, path)

        writer, written = beside_writer(database_url, write, migrate, settle=0.1)
        assert run.returncode == 0, run.stderr
        assert writer.failures == [] and written > 0, (script, writer.failures[:3])
        assert verify(conn, files) == []


SAME_SIGNATURE_BEFORE = """\
domain: shop
schema: shop
tables:
  deals:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: integer, nullable: false}
    indexes:
      - {name: deals_pos, expressions: ["(pos(amount))"]}
      - {name: deals_both, expressions: ["(pos(amount))", "(neg(amount))"]}
functions:
  pos:
    args: [{name: p, type: integer}]
    returns: boolean
    volatility: immutable
    body: select p > 0
  neg:
    args: [{name: p, type: integer}]
    returns: boolean
    volatility: immutable
    body: select p < 0
"""
# PostgreSQL cannot rename an argument in place: the function is dropped and made again, with its signature
SAME_SIGNATURE_AFTER = SAME_SIGNATURE_BEFORE.replace("name: p, type: integer}]\n    returns: boolean\n"
                                                     "    volatility: immutable\n    body: select p > 0",
                                                     "name: q, type: integer}]\n    returns: boolean\n"
                                                     "    volatility: immutable\n    body: select q > 0")


def test_a_function_made_again_with_its_signature_under_two_indexes(tmp_path, conn, database_url):
    """The previous function set aside while two indexes using it (one also
    using a function that stays) are swapped; down.sql makes it again under
    its name, then builds the previous indexes on it. With psql."""
    assert SAME_SIGNATURE_AFTER != SAME_SIGNATURE_BEFORE
    (tmp_path / "specs").mkdir()
    first = spec_migration(tmp_path, SAME_SIGNATURE_BEFORE, "initial")
    second = spec_migration(tmp_path, SAME_SIGNATURE_AFTER, "argument")
    up = (second / "up.sql").read_text(encoding="utf-8")
    assert "RENAME TO pos_schemac_old;" in up and up.count("CREATE INDEX CONCURRENTLY") == 2
    psql_file_ok(database_url, first / "up.sql")
    conn.execute("INSERT INTO shop.deals SELECT g, g - 50 FROM generate_series(1, 100) g")
    conn.commit()
    _arguments = "SELECT proargnames FROM pg_proc WHERE proname = 'pos'"
    for script, verified, argument in (("up.sql", second, "q"), ("down.sql", first, "p")):
        psql_file_ok(database_url, second / script)
        psql_file_ok(database_url, verified / "verify.sql")
        assert conn.execute(_arguments).fetchall() == [([argument],)]
        assert conn.execute(_LEFTOVERS).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM pg_index WHERE indrelid = 'shop.deals'::regclass "
                            "AND indisvalid").fetchone() == (3,)
        conn.commit()
