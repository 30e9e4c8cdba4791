"""A foreign key added to a partitioned table that exists, online
(compiler/online/partition_foreign_keys.py): PostgreSQL before 18 refuses it
NOT VALID there, so each partition gets it NOT VALID, each is validated
after COMMIT, and the partitioned table's ADD CONSTRAINT then takes the
partitions' validated foreign keys as its own without a scan; from 18 on
(`postgres: {min_version: 18}`) it is added NOT VALID to the partitioned
table and validated after COMMIT. Measured on the server the tests run on
(PostgreSQL 15 and 18), then run with psql beside a writer."""

from __future__ import annotations

import json

import psycopg
import pytest

from compiler.apply import connect, server_version
from compiler.cli import main as schemac_main
from compiler.deploy.verification import discrepancies
from compiler.lock_levels import Lock
from tests.helpers import psql_file_ok, spec_migration
from tests.test_locks import strongest_mode
from tests.writers import beside_writer

_TABLES = ("p.event", "p.event_click", "p.event_view", "p.kinds")
_FK = "FOREIGN KEY (kind) REFERENCES p.kinds (kind)"


def _measured(conn, statement: str) -> dict[str, tuple[Lock | str | None, bool]]:
    """The strongest lock `statement` holds on each table and whether it
    read the table, committed."""
    oids = {t: conn.execute("SELECT %s::regclass::oid", (t,)).fetchone()[0] for t in _TABLES}
    scans = "SELECT pg_stat_get_xact_numscans(%s)"
    held = "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND relation = %s"
    with conn.transaction():
        before = {t: conn.execute(scans, (o,)).fetchone()[0] for t, o in oids.items()}
        conn.execute(statement)
        found = {t: (strongest_mode([r[0] for r in conn.execute(held, (o,)).fetchall()]),
                     conn.execute(scans, (o,)).fetchone()[0] != before[t]) for t, o in oids.items()}
    return found


def test_partitions_validated_one_by_one_give_the_partitioned_table_its_foreign_key_without_a_scan(conn):
    conn.execute("""
        CREATE SCHEMA p;
        CREATE TABLE p.kinds (kind text PRIMARY KEY);
        CREATE TABLE p.event (kind text NOT NULL, payload text) PARTITION BY LIST (kind);
        CREATE TABLE p.event_click PARTITION OF p.event FOR VALUES IN ('click');
        CREATE TABLE p.event_view PARTITION OF p.event FOR VALUES IN ('view');
        INSERT INTO p.kinds VALUES ('click'), ('view');
        INSERT INTO p.event SELECT (ARRAY['click', 'view'])[g % 2 + 1], 'x' FROM generate_series(1, 500) g""")
    conn.commit()
    share_row, share_update, access = Lock.SHARE_ROW_EXCLUSIVE, Lock.SHARE_UPDATE_EXCLUSIVE, Lock.ACCESS_EXCLUSIVE
    on_parent = f"ALTER TABLE p.event ADD CONSTRAINT event_kind_fkey {_FK} NOT VALID"
    if server_version(conn) < 180000:
        with pytest.raises(psycopg.errors.WrongObjectType, match="cannot add NOT VALID foreign key on partitioned"):
            conn.execute(on_parent)
        conn.rollback()
    else:
        assert _measured(conn, on_parent) == {"p.event": (share_row, False), "p.event_click": (share_row, False),
                                              "p.event_view": (share_row, False), "p.kinds": (share_row, False)}
        assert _measured(conn, "ALTER TABLE p.event VALIDATE CONSTRAINT event_kind_fkey")["p.event_view"] == \
            (share_update, True)
        conn.execute("ALTER TABLE p.event DROP CONSTRAINT event_kind_fkey")
        conn.commit()
    for partition in ("event_click", "event_view"):
        add = f"ALTER TABLE p.{partition} ADD CONSTRAINT event_kind_fkey {_FK} NOT VALID"
        assert _measured(conn, add) == {"p.event": (None, False), f"p.{partition}": (share_row, False),
                                        f"p.{'event_view' if partition == 'event_click' else 'event_click'}":
                                            (None, False), "p.kinds": (share_row, False)}
    for partition in ("event_click", "event_view"):
        found = _measured(conn, f"ALTER TABLE p.{partition} VALIDATE CONSTRAINT event_kind_fkey")
        assert found[f"p.{partition}"] == (share_update, True) and found["p.event"] == (None, False)
    found = _measured(conn, f"ALTER TABLE p.event ADD CONSTRAINT event_kind_fkey {_FK}")
    assert found == {"p.event": (share_row, False), "p.event_click": (share_row, False),
                     "p.event_view": (share_row, False), "p.kinds": (access, False)}  # no scan, an instant
    assert conn.execute("SELECT conrelid::regclass::text, convalidated, conparentid <> 0 FROM pg_constraint "
                        "WHERE conname = 'event_kind_fkey' ORDER BY 1").fetchall() == [
        ("p.event", True, False), ("p.event_click", True, True), ("p.event_view", True, True)]
    assert conn.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'p.kinds'::regclass").fetchone()[0] == 2


BEFORE = """\
domain: shop
tables:
  kinds:
    columns:
      kind: {type: text, primary_key: true}
  event:
    columns:
      id: {type: integer, nullable: false}
      kind: {type: text, nullable: false}
      payload: text
    partition_by: {list: [kind]}
    partitions:
      event_click: {in: [click]}
      event_view: {in: [view]}
"""
AFTER = BEFORE.replace("kind: {type: text, nullable: false}", "kind: {type: text, nullable: false, references: kinds.kind}")
ROWS = 20_000


def _write(conn, n):
    """A round of the writer: an event inserted, one there updated."""
    conn.execute("INSERT INTO event VALUES (%s, %s, 'w')", (10 * ROWS + n, ("click", "view")[n % 2]))
    conn.execute("UPDATE event SET payload = 'u' WHERE id = %s", (n * 7 % ROWS + 1,))
    return 10 * ROWS + n


@pytest.mark.parametrize("min_version", [14, 18])
def test_the_form_min_version_allows_with_psql_beside_a_writer(tmp_path, database_url, min_version):
    with connect(database_url) as conn:
        if server_version(conn) < min_version * 10000:
            pytest.skip(f"needs PostgreSQL {min_version}")
    (tmp_path / "specs").mkdir()
    (tmp_path / "schemac.yaml").write_text(f"postgres: {{min_version: {min_version}}}\n", encoding="utf-8")
    first, second = spec_migration(tmp_path, BEFORE, "initial"), spec_migration(tmp_path, AFTER, "fk")
    up = (second / "up.sql").read_text(encoding="utf-8")
    transaction, _, after = up.partition("COMMIT;")
    if min_version < 18:
        assert "ALTER TABLE public.event_view\n    ADD CONSTRAINT event_kind_fkey" in transaction
        assert after.index("VALIDATE CONSTRAINT event_kind_fkey") < after.index("ALTER TABLE public.event\n")
    else:
        assert "ALTER TABLE public.event\n    ADD CONSTRAINT event_kind_fkey" in transaction and \
            "ALTER TABLE public.event VALIDATE CONSTRAINT event_kind_fkey" in after
    assert json.loads((second / "plan.json").read_text(encoding="utf-8"))["postgres_min_version"] == min_version
    assert "postgres_min_version" not in json.loads((first / "plan.json").read_text(encoding="utf-8"))
    # the migration keeps its form when the project's min_version changes later
    (tmp_path / "schemac.yaml").write_text(f"postgres: {{min_version: {18 if min_version < 18 else 14}}}\n", encoding="utf-8")
    assert schemac_main(["-C", str(tmp_path), "check"]) == 0

    psql_file_ok(database_url, first / "up.sql")
    with connect(database_url) as conn:
        conn.execute("INSERT INTO kinds VALUES ('click'), ('view')")
        conn.execute(f"INSERT INTO event SELECT g, (ARRAY['click', 'view'])[g % 2 + 1], 'x' "
                     f"FROM generate_series(1, {ROWS}) g")
    for run, script in enumerate(("up.sql", "down.sql", "up.sql")):
        writer, during = beside_writer(database_url, lambda conn, n, run=run: _write(conn, run * ROWS + n),
                                       lambda script=script: psql_file_ok(database_url, second / script))
        assert writer.failures == [] and during > 0, (script, writer.failures[:3])
        with connect(database_url) as conn:
            verify = (second if script == "up.sql" else first) / "verify.sql"
            assert discrepancies(conn, verify.read_text(encoding="utf-8")) == []
            assert conn.execute("SELECT count(*) FILTER (WHERE convalidated) FROM pg_constraint "
                                "WHERE conname = 'event_kind_fkey'").fetchone()[0] == (3 if script == "up.sql" else 0)
    with connect(database_url) as conn, pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("DELETE FROM kinds WHERE kind = 'view'")
