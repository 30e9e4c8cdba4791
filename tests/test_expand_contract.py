"""Type changes made online by expand/contract (`using: {online: true}`,
compiler/online/expand_contract.py): proven with psql on real PostgreSQL
on tables with rows enough for several backfill batches, up, verify and
down, and with a writer on a second connection that is never blocked
beyond its lock_timeout; what the recipe cannot do is a spec error at the
`using:` that asked for it."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from compiler.apply import connect
from compiler.cli import main as schemac_main
from compiler.deploy.verification import discrepancies
from compiler.ops.expand_contract import BATCH_ROWS, temporary_name
from tests.helpers import psql_file_ok, spec_migration
from tests.writers import beside_writer

BEFORE = """\
domain: shop
tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
      amount: {type: double precision, nullable: false, default: "0", comment: money}
      status: {type: text, default: "'new'"}
    indexes:
      - {columns: [amount]}
  child:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: integer, references: parent.id, nullable: false}
  event:
    columns:
      id: serial
      at: timestamptz
    primary_key: [id]
"""

AFTER = """\
domain: shop
enums:
  Status: [new, paid]
tables:
  parent:
    columns:
      id: {type: bigint, primary_key: true, using: {online: true}}
      amount:
        type: numeric
        nullable: false
        default: "0"
        comment: money
        using: {online: true, expression: "round(amount::numeric, 2)"}
      status: {type: Status, default: "'new'", using: {online: true}}
    indexes:
      - {columns: [amount]}
  child:
    columns:
      id: {type: integer, primary_key: true}
      parent_id: {type: bigint, references: parent.id, nullable: false, using: {online: true}}
  event:
    columns:
      id: {type: bigserial, using: {online: true}}
      at: timestamptz
    primary_key: [id]
accept_destructive: [column:public.parent.amount:type]
"""

ROWS = 5 * BATCH_ROWS  # several batches of the backfill


@pytest.fixture
def migrations(tmp_path) -> tuple[Path, Path]:
    (tmp_path / "specs").mkdir()
    return spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "types")


def _columns(conn) -> dict[str, str]:
    return dict(conn.execute(
        "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) || "
        "CASE WHEN a.attnotnull THEN ' not null' ELSE '' END FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname IN ('parent', 'child') AND a.attnum > 0 "
        "AND NOT a.attisdropped").fetchall())


def _definitions(conn) -> list[str]:
    """The constraints and indexes of the two tables, and what is left of the recipe (triggers, functions)."""
    rows = conn.execute(
        "SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype <> 'n' AND conrelid IN "
        "('public.parent'::regclass, 'public.child'::regclass) "
        "UNION ALL SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public' "
        "UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal "
        "UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace "
        "ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def _fill(conn) -> None:
    conn.execute(f"INSERT INTO parent (id, amount, status) SELECT g, g * 1.005, CASE WHEN g % 3 = 0 THEN 'paid' "
                 f"ELSE 'new' END FROM generate_series(1, {ROWS}) g")
    conn.execute(f"INSERT INTO child (id, parent_id) SELECT g, {ROWS} + 1 - g FROM generate_series(1, {ROWS}) g")
    conn.execute("INSERT INTO event (at) SELECT now() FROM generate_series(1, 1500)")


def test_the_recipe_runs_after_commit(migrations):
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    assert "ADD COLUMN id_schemac_new bigint" in transaction and "CREATE TRIGGER parent_id_schemac_sync" in transaction
    assert "ALTER COLUMN id TYPE" not in up  # no table rewrite
    assert after.index("DO $") < after.index("CREATE UNIQUE INDEX CONCURRENTLY parent_pkey_schemac_new") \
        < after.index("PRIMARY KEY USING INDEX parent_pkey_schemac_new")
    assert "(SELECT round(amount::numeric, 2) FROM (SELECT NEW.*) AS parent)" in transaction


def test_temporary_names_stay_within_63_bytes():
    long = "é" * 40
    name = temporary_name(long, "schemac_new")
    assert len(name.encode("utf-8")) <= 63 and name.endswith("_schemac_new")
    assert name == temporary_name(long, "schemac_new") != temporary_name("é" * 41, "schemac_new")
    assert temporary_name("id", "schemac_new") == "id_schemac_new"


@pytest.mark.database
def test_up_verify_and_down_with_psql(migrations, database_url):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
        before_columns, before_definitions = _columns(conn), _definitions(conn)
    psql_file_ok(database_url, second / "up.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        assert _columns(conn) == {"parent.id": "bigint not null", "parent.amount": "numeric not null",
                                  "parent.status": '"Status"', "child.id": "integer not null",
                                  "child.parent_id": "bigint not null"}
        definitions = _definitions(conn)
        assert definitions == [
            "child_parent_id_fkey: FOREIGN KEY (parent_id) REFERENCES parent(id)",
            "child_pkey: CREATE UNIQUE INDEX child_pkey ON public.child USING btree (id)",
            "child_pkey: PRIMARY KEY (id)",
            "event_pkey: CREATE UNIQUE INDEX event_pkey ON public.event USING btree (id)",
            "parent_amount_idx: CREATE INDEX parent_amount_idx ON public.parent USING btree (amount)",
            "parent_pkey: CREATE UNIQUE INDEX parent_pkey ON public.parent USING btree (id)",
            "parent_pkey: PRIMARY KEY (id)"]
        converted = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE amount = round((id * 1.005)::numeric, 2) AND status::text = "
            "CASE WHEN id % 3 = 0 THEN 'paid' ELSE 'new' END) FROM parent").fetchone()
        assert converted == (ROWS, ROWS)
        assert conn.execute("SELECT count(*) FROM child JOIN parent ON parent.id = child.parent_id "
                            "WHERE child.id + child.parent_id = %s", (ROWS + 1,)).fetchone()[0] == ROWS
        assert conn.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'child_parent_id_fkey'"
                            ).fetchone()[0]
        assert conn.execute("SELECT col_description('public.parent'::regclass, 3)").fetchone()[0] is None
        assert conn.execute("SELECT description FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid "
                            "AND a.attnum = d.objsubid WHERE a.attname = 'amount'").fetchone()[0] == "money"
        conn.execute("INSERT INTO parent (id) VALUES (%s)", (ROWS + 1,))  # the defaults are back
        assert conn.execute("SELECT amount, status::text FROM parent WHERE id = %s", (ROWS + 1,)).fetchone() \
            == (0, "new")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO parent (id) VALUES (1)")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("INSERT INTO child (id, parent_id) VALUES (%s, %s)", (ROWS + 1, 10 * ROWS))
        conn.execute("DELETE FROM parent WHERE id = %s", (ROWS + 1,))
        # a serial key: its sequence stays owned by the column and draws on
        assert conn.execute("INSERT INTO event (at) VALUES (now()) RETURNING id, pg_typeof(id)::text, "
                            "pg_get_serial_sequence('event', 'id')").fetchone() == (1501, "bigint", "public.event_id_seq")
    psql_file_ok(database_url, second / "down.sql")
    with connect(database_url) as conn:
        assert discrepancies(conn, (first / "verify.sql").read_text(encoding="utf-8")) == []
        assert _columns(conn) == before_columns and _definitions(conn) == before_definitions
        assert conn.execute("SELECT count(*) FILTER (WHERE amount = round((id * 1.005)::numeric, 2)::float8) "
                            "FROM parent").fetchone()[0] == ROWS  # cast back: the rounding stays
    psql_file_ok(database_url, second / "up.sql")  # and up again
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []


def _writes(base: int = 10 * ROWS):
    """A round of the writer: a parent and its child inserted, a parent there updated."""
    def write(conn, n):
        key = base + n
        conn.execute("INSERT INTO parent (id, amount, status) VALUES (%s, %s, 'paid')", (key, key + 0.5))
        conn.execute("INSERT INTO child (id, parent_id) VALUES (%s, %s)", (key, key))
        conn.execute("UPDATE parent SET status = 'paid', amount = id + 0.25 WHERE id = %s", (n * 7 % ROWS + 1,))
        return key
    return write


def _blocked_writer(database_url: str, script: Path) -> list[str]:
    """The failures of a writer while psql runs `script`."""
    writer, _ = beside_writer(database_url, _writes(base=20 * ROWS), lambda: psql_file_ok(database_url, script))
    return writer.failures


@pytest.mark.database
def test_writers_are_never_blocked(migrations, database_url, tmp_path):
    first, second = migrations
    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        _fill(conn)
    # the writer notices a lock held longer than its lock_timeout (so the test below can fail)
    held = tmp_path / "held.sql"
    held.write_text("BEGIN;\nLOCK TABLE parent IN SHARE MODE;\nSELECT pg_sleep(1);\nCOMMIT;\n", encoding="utf-8")
    assert any("LockNotAvailable" in f for f in _blocked_writer(database_url, held))
    writer, during = beside_writer(database_url, _writes(), lambda: psql_file_ok(database_url, second / "up.sql"), settle=0.2)
    assert writer.failures == []
    assert during > 0  # it wrote while up.sql ran
    with connect(database_url) as conn:
        assert discrepancies(conn, (second / "verify.sql").read_text(encoding="utf-8")) == []
        rows = conn.execute("SELECT count(*) FILTER (WHERE amount = id + 0.5 AND status = 'paid' "
                            "AND pg_typeof(id) = 'bigint'::regtype) FROM parent WHERE id = ANY(%s)",
                            (writer.inserted,)).fetchone()[0]
        assert rows == len(writer.inserted)
        assert conn.execute("SELECT count(*) FROM child WHERE parent_id = id AND id = ANY(%s)",
                            (writer.inserted,)).fetchone()[0] == len(writer.inserted)
        updated = conn.execute("SELECT count(*) FROM parent WHERE id <= %s AND amount = id + 0.25", (ROWS,)
                               ).fetchone()[0]
        assert updated > 0


def _errors(tmp_path: Path, after: str, capsys) -> str:
    (tmp_path / "specs").mkdir()
    spec_migration(tmp_path, BEFORE, "initial")
    (tmp_path / "specs" / "shop.yaml").write_text(after, encoding="utf-8")
    assert schemac_main(["-C", str(tmp_path), "generate", "--name", "types"]) != 0
    return capsys.readouterr().err


def test_a_wrong_shape_of_using_is_a_spec_error(tmp_path, capsys):
    err = _errors(tmp_path, BEFORE.replace('{type: text, default: "\'new\'"}',
                                           '{type: text, default: "\'new\'", using: {online: 1, how: fast}}'), capsys)
    assert "shop.yaml:7:" in err and "how" in err
    assert "Traceback" not in err


REFUSED_BEFORE = """\
domain: shop
tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
      amount: double precision
      status: text
  log:
    columns:
      note: integer
views:
  amounts: {query: "select * from parent", materialized: true}
"""

REFUSED_AFTER = """\
domain: shop
tables:
  parent:
    columns:
      id: {type: integer, primary_key: true}
      amount: numeric(12,2)
      status:
        type: varchar(10)
        using: {online: true}
  log:
    columns:
      note:
        type: text
        using: {online: true}
views:
  amounts: {query: "select * from parent", materialized: true}
accept_destructive: [column:public.parent.amount:type]
"""


def test_what_the_recipe_cannot_do_is_a_spec_error_at_using(tmp_path, capsys):
    (tmp_path / "specs").mkdir()
    spec_migration(tmp_path, REFUSED_BEFORE, "initial")
    (tmp_path / "specs" / "shop.yaml").write_text(REFUSED_AFTER, encoding="utf-8")
    assert schemac_main(["-C", str(tmp_path), "generate", "--name", "types"]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    # parent.amount changes without `online`, status with it: at amount
    assert "shop.yaml:6:7: error: `amount` changes type with `status`, which is converted online" in err
    # the view reading status, at its `using:`
    assert "shop.yaml:9:9: error: view:public.amounts uses the columns converted online" in err
    # log has no primary key: it is converted by ranges of pages, no error
    assert "shop.yaml:14:" not in err and "2 error(s)" in err


@pytest.mark.database
def test_schemac_apply_resumes_a_backfill_that_failed(migrations, database_url, capsys):
    """A row the conversion refuses stops the backfill after some batches;
    once it is fixed, `schemac apply` resumes at that step, and the rows
    converted before are not converted again."""
    project = migrations[0].parent.parent.parent
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url, "--to", "1"]) == 0
    with connect(database_url) as conn:
        _fill(conn)
        conn.execute("UPDATE parent SET status = 'lost' WHERE id = %s", (3 * BATCH_ROWS + 1,))
    capsys.readouterr()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) != 0
    assert 'invalid input value for enum "Status": "lost"' in capsys.readouterr().err
    with connect(database_url) as conn:
        done = conn.execute("SELECT count(status_schemac_new) FROM parent").fetchone()[0]
        assert 0 < done < ROWS  # the batches (of pages) before the bad row's stay converted
        conn.execute("UPDATE parent SET status = 'paid' WHERE id = %s", (3 * BATCH_ROWS + 1,))  # the trigger converts
        seen = conn.execute("SELECT id, xmin::text FROM parent WHERE id <= 10 ORDER BY id").fetchall()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) == 0
    with connect(database_url) as conn:
        assert conn.execute("SELECT id, xmin::text FROM parent WHERE id <= 10 ORDER BY id").fetchall() == seen
        assert conn.execute("SELECT count(*) FROM parent WHERE status::text = CASE WHEN id %% 3 = 0 OR id = %s "
                            "THEN 'paid' ELSE 'new' END", (3 * BATCH_ROWS + 1,)).fetchone()[0] == ROWS
        assert discrepancies(conn, (migrations[1] / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT number, steps_outside, steps_outside_done FROM schemac.migrations "
                            "ORDER BY number").fetchall() == [(1, 0, 0), (2, 4, 4)]


@pytest.mark.database
def test_schemac_apply_resumes_after_the_contract_when_a_foreign_key_fails_its_validation(migrations, database_url,
                                                                                          capsys):
    """The contract's transaction and what follows its COMMIT are parts of
    the step run and recorded on their own: a foreign key whose validation
    fails after the swap (a row written around its trigger) is resumed there
    once the row is fixed, without running the done swap again."""
    project = migrations[0].parent.parent.parent
    up = (migrations[1] / "up.sql").read_text(encoding="utf-8")
    assert ":contract, part 1 of 3 (cannot run inside a transaction)" in up
    assert ":contract, part 2 of 3 (cannot run inside a transaction)\n" in up
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url, "--to", "1"]) == 0
    with connect(database_url) as conn:
        _fill(conn)
        with conn.transaction():  # an orphan, written around the foreign key's triggers
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute(f"INSERT INTO child (id, parent_id) VALUES ({ROWS} + 1, -1)")
    capsys.readouterr()
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) != 0
    err = capsys.readouterr().err
    assert "child_parent_id_fkey" in err and "part 2 of 3" in err, err
    with connect(database_url) as conn:
        assert conn.execute("SELECT steps_outside, steps_outside_done FROM schemac.migrations WHERE number = 2"
                            ).fetchone() == (4, 2)  # the backfill and the swap
        assert conn.execute("SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'child'::regclass "
                            "AND attname = 'parent_id'").fetchone()[0] == "bigint"
        conn.execute("DELETE FROM child WHERE parent_id = -1")
    assert schemac_main(["-C", str(project), "apply", "--database-url", database_url]) == 0
    with connect(database_url) as conn:
        assert conn.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'child_parent_id_fkey'"
                            ).fetchone()[0] is True
        assert discrepancies(conn, (migrations[1] / "verify.sql").read_text(encoding="utf-8")) == []
        assert conn.execute("SELECT steps_outside, steps_outside_done FROM schemac.migrations WHERE number = 2"
                            ).fetchone() == (4, 4)
