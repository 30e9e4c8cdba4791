"""VERSO deals (specs/verso_deals.yaml, seed 002) on a real PostgreSQL, used
the way the application uses it: through a LOGIN role that is neither
superuser nor BYPASSRLS and is granted `verso_user` (and `verso_service`, the
expiry cron's role), signed in by setting `auth.uid`, the setting the
harness's stand-in for Supabase's external `auth.uid()` returns.

Proves the seed's four access rules (deal-scoped access, investor isolation,
staff see all, external lawyers see only their deal), that
fn_reserve_inventory never oversells under real concurrency, and that
fn_expire_reservations gives expired units back to their lots.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import psycopg
import pytest
import yaml
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from compiler import api, selftest
from compiler.apply import connect, run_script
from tests.conftest import ROOT
from tests.helpers import compile_spec, stand_ins

SPEC = ROOT / "specs" / "verso_deals.yaml"

STAFF = "11111111-1111-1111-1111-111111111111"
USER_A = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"  # acts for INVESTOR_A; member of DEAL_1
USER_B = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"  # acts for INVESTOR_B; member of DEAL_1 and DEAL_2
LAWYER = "cccccccc-cccc-cccc-cccc-cccccccccccc"  # external lawyer on DEAL_1 only
INVESTOR_A = "a0000000-0000-0000-0000-000000000001"
INVESTOR_B = "b0000000-0000-0000-0000-000000000001"
DEAL_1 = "d0000000-0000-0000-0000-000000000001"  # Revolut Secondary, one lot of 100 units
DEAL_2 = "d0000000-0000-0000-0000-000000000002"  # Luxembourg RE, one lot of 50 units

EXTERNAL_TABLES = {"profiles", "investors", "vehicles", "documents"}


def _spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def _seed_statements() -> list[str]:
    """The fixture data the spec's own `tests:` use (one source of truth)."""
    return _spec()["tests"]["investor_sees_only_member_deals"]["setup"]


@pytest.fixture(scope="module")
def migration():
    return compile_spec(ROOT, [SPEC])


@dataclass
class Verso:
    owner: psycopg.Connection
    owner_url: str
    login_url: str
    sessions: list[psycopg.Connection] = field(default_factory=list)

    def session(self, user: str | None) -> psycopg.Connection:
        """A new connection as the login role, signed in as `user` (None: anonymous)."""
        conn = psycopg.connect(self.login_url, autocommit=True, connect_timeout=10)
        self.sessions.append(conn)
        if user is not None:
            conn.execute("SELECT set_config('auth.uid', %s, false)", (user,))
        return conn

    def owner_value(self, query: str, params=()):
        return self.owner.execute(query, params).fetchone()[0]


@pytest.fixture
def verso(database_url, migration):
    compiled, files = migration
    login = f"verso_login_{uuid.uuid4().hex[:12]}"
    password = uuid.uuid4().hex
    owner = connect(database_url)
    env = None
    try:
        stand_ins(owner, compiled)  # external tables and auth.uid(), before up.sql
        run_script(owner, files.up, "up.sql")
        for statement in _seed_statements():
            owner.execute(statement)
        owner.execute(sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT "
                              "PASSWORD {}").format(sql.Identifier(login), sql.Literal(password)))
        owner.execute(sql.SQL("GRANT verso_user, verso_service TO {}").format(sql.Identifier(login)))
        # Supabase grants USAGE on its auth schema to `authenticated`; the stand-in's schema is the harness's
        owner.execute(sql.SQL("GRANT USAGE ON SCHEMA auth TO {}").format(sql.Identifier(login)))
        params = conninfo_to_dict(database_url)
        params.update(user=login, password=password)
        env = Verso(owner, database_url, make_conninfo(**params))
        yield env
    finally:
        for conn in env.sessions if env else []:
            conn.close()
        try:
            if env is not None:
                owner.execute(sql.SQL("REVOKE USAGE ON SCHEMA auth FROM {}").format(sql.Identifier(login)))
            owner.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(login)))
            run_script(owner, files.down, "down.sql")  # drops verso_user and verso_service (server-wide)
        finally:
            owner.close()  # scratch_database drops any role still left when it drops the database


def _column(conn, query: str, params=()) -> list:
    return [row[0] for row in conn.execute(query, params).fetchall()]


# -- the login role really is unprivileged ---------------------------------------------------------------


def test_login_role_is_neither_owner_nor_superuser_nor_bypassrls(verso):
    conn = verso.session(USER_A)
    row = conn.execute("SELECT r.rolsuper, r.rolbypassrls, current_user = "
                       "(SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'deals') "
                       "FROM pg_roles r WHERE r.rolname = current_user").fetchone()
    assert row == (False, False, False)
    assert conn.execute("SELECT auth.uid()").fetchone()[0] == uuid.UUID(USER_A)


def test_every_table_has_row_level_security(verso):
    rows = verso.owner.execute(
        "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1").fetchall()
    ours = {name: enabled for name, enabled in rows if name not in EXTERNAL_TABLES}
    assert set(ours) == set(_spec()["tables"])
    assert [name for name, enabled in ours.items() if not enabled] == []


def test_anonymous_sees_nothing(verso):
    conn = verso.session(None)
    for table in _spec()["tables"]:
        assert conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0] == 0, table
    assert _column(conn, "SELECT name FROM v_deal_summary") == []


# -- rule 1 and 2: deal-scoped access, investor isolation -------------------------------------------------


def test_investor_sees_only_member_deals_and_own_reservations(verso):
    a, b = verso.session(USER_A), verso.session(USER_B)
    assert _column(a, "SELECT id::text FROM deals") == [DEAL_1]
    assert sorted(_column(b, "SELECT id::text FROM deals")) == [DEAL_1, DEAL_2]

    assert _column(a, "SELECT DISTINCT investor_id::text FROM reservations") == [INVESTOR_A]
    assert _column(b, "SELECT DISTINCT investor_id::text FROM reservations") == [INVESTOR_B]
    # B's reservation exists on A's deal, but A can neither see nor touch it
    assert verso.owner_value("SELECT count(*) FROM reservations WHERE investor_id = %s", (INVESTOR_B,)) == 1
    assert a.execute("UPDATE reservations SET status = 'cancelled' WHERE investor_id = %s",
                     (INVESTOR_B,)).rowcount == 0
    assert verso.owner_value("SELECT status::text FROM reservations WHERE investor_id = %s", (INVESTOR_B,)) == "pending"

    # deal-wide documents of their deals, plus their own investor's documents only
    assert a.execute("SELECT count(*) FROM document_packages WHERE investor_id IS NULL").fetchone()[0] == 1
    assert _column(a, "SELECT DISTINCT investor_id::text FROM document_packages WHERE investor_id IS NOT NULL") \
        == [INVESTOR_A]
    assert _column(b, "SELECT DISTINCT investor_id::text FROM document_packages WHERE investor_id IS NOT NULL") == []
    # own memberships and investor links only; lot costs are staff-only
    assert _column(a, "SELECT user_id::text FROM deal_memberships") == [USER_A]
    assert _column(a, "SELECT investor_id::text FROM investor_users") == [INVESTOR_A]
    assert a.execute("SELECT count(*) FROM share_lots").fetchone()[0] == 0


def test_investor_cannot_write_around_the_functions(verso):
    a = verso.session(USER_A)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        a.execute("INSERT INTO deals (name) VALUES ('Mine')")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        a.execute("INSERT INTO reservations (deal_id, investor_id, requested_units, proposed_unit_price) "
                  "VALUES (%s, %s, 1, 1)", (DEAL_1, INVESTOR_A))
    assert a.execute("UPDATE share_lots SET units_remaining = units_total").rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not allowed to reserve"):
        a.execute("SELECT fn_reserve_inventory(%s, %s, 1, 10)", (DEAL_2, INVESTOR_A))  # not a member of DEAL_2
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not allowed to reserve"):
        a.execute("SELECT fn_reserve_inventory(%s, %s, 1, 10)", (DEAL_1, INVESTOR_B))  # not linked to B
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only staff"):
        a.execute("SELECT fn_finalize_allocation(id) FROM reservations")


# -- rule 3: staff see all ----------------------------------------------------------------------------------


def test_staff_see_every_row_of_every_table(verso):
    staff = verso.session(STAFF)
    verso.owner.execute("SELECT fn_reserve_inventory(%s, %s, 7, 28.5) FROM (SELECT set_config("
                        "'auth.uid', %s, false)) s", (DEAL_2, INVESTOR_B, STAFF))
    for table in _spec()["tables"]:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        everything = verso.owner.execute(query).fetchone()[0]
        assert staff.execute(query).fetchone()[0] == everything, table
    assert sorted(_column(staff, "SELECT id::text FROM v_deal_summary")) == [DEAL_1, DEAL_2]
    # and manage them: the deal workflow moves forward only
    staff.execute("UPDATE deals SET status = 'allocation_pending' WHERE id = %s", (DEAL_2,))
    with pytest.raises(psycopg.errors.CheckViolation, match="cannot move from allocation_pending to draft"):
        staff.execute("UPDATE deals SET status = 'draft' WHERE id = %s", (DEAL_2,))


# -- rule 4: external lawyers and bankers see only their deal ---------------------------------------------


def test_external_lawyer_sees_only_their_deal(verso):
    verso.owner.execute("INSERT INTO fee_plans (deal_id, name) VALUES (%s, 'All-in 5%%'), (%s, '3%% + 10%% carry')",
                        (DEAL_1, DEAL_2))
    lawyer = verso.session(LAWYER)
    assert _column(lawyer, "SELECT id::text FROM deals") == [DEAL_1]
    assert _column(lawyer, "SELECT DISTINCT deal_id::text FROM fee_plans") == [DEAL_1]
    assert _column(lawyer, "SELECT id::text FROM v_deal_summary") == [DEAL_1]
    assert lawyer.execute("SELECT fn_get_deal_inventory(%s) IS NOT NULL, fn_get_deal_inventory(%s) IS NULL",
                          (DEAL_1, DEAL_2)).fetchone() == (True, True)
    # the deal's shared documents, not any investor's
    assert lawyer.execute("SELECT count(*), count(*) FILTER (WHERE deal_id = %s AND investor_id IS NULL) "
                          "FROM document_packages", (DEAL_1,)).fetchone() == (1, 1)
    for table in ("reservations", "reservation_lot_items", "allocations", "fee_events", "invoices", "invoice_lines",
                  "share_lots", "invite_links", "investor_users"):
        assert lawyer.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0] == 0, \
            table
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not allowed to reserve"):
        lawyer.execute("SELECT fn_reserve_inventory(%s, %s, 1, 10)", (DEAL_1, INVESTOR_A))


# -- no oversell under real concurrency -----------------------------------------------------------------------

CONCURRENT_DEAL = "d0000000-0000-0000-0000-0000000000c0"
LOT_SIZES = (37, 50, 13, 64, 21, 15, 9, 41)  # 250 units in 8 lots
WORKERS = 12
DEADLINE_SECONDS = 120
# a worker stops once it holds this many units, so selling out takes at least
# ceil(250 / (25 + 9)) = 8 workers whatever the scheduling (one fast thread
# cannot buy everything before the others start)
WORKER_CAP = 25


def _concurrent_setup(owner) -> list[tuple[str, str]]:
    """A deal with LOT_SIZES lots and WORKERS investor users, each a member acting for its own investor."""
    owner.execute("INSERT INTO deals (id, name, status) VALUES (%s, 'Hot deal', 'open')", (CONCURRENT_DEAL,))
    for n, size in enumerate(LOT_SIZES):
        owner.execute("INSERT INTO share_lots (deal_id, source, units_total, units_remaining, unit_cost, acquired_at) "
                      "VALUES (%s, %s, %s, %s, 10, now() - make_interval(days => %s))",
                      (CONCURRENT_DEAL, f"seller {n}", size, size, n))
    workers = []
    for n in range(WORKERS):
        user, investor = str(uuid.uuid4()), str(uuid.uuid4())
        owner.execute("INSERT INTO profiles (id, role) VALUES (%s, 'investor')", (user,))
        owner.execute("INSERT INTO investors (id) VALUES (%s)", (investor,))
        owner.execute("INSERT INTO investor_users (investor_id, user_id) VALUES (%s, %s)", (investor, user))
        owner.execute("INSERT INTO deal_memberships (deal_id, user_id, role, investor_id) "
                      "VALUES (%s, %s, 'investor', %s)", (CONCURRENT_DEAL, user, investor))
        workers.append((user, investor))
    return workers


def test_no_oversell_under_concurrent_reservations(verso):
    workers = _concurrent_setup(verso.owner)
    total = sum(LOT_SIZES)
    sessions = [verso.session(user) for user, _ in workers]  # each worker its own connection
    start = threading.Barrier(WORKERS + 1)
    done = threading.Event()
    reserved: list[tuple[str, Decimal]] = []  # (investor, units) of each reservation made
    errors: list[BaseException] = []
    violations: list[tuple] = []
    lock = threading.Lock()
    deadline = time.monotonic() + DEADLINE_SECONDS
    in_flight = [0, 0]  # reservations running now, the most ever running at once

    def reserve(conn: psycopg.Connection, investor: str, units: int) -> None:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        try:
            conn.execute("SELECT fn_reserve_inventory(%s, %s, %s, 28.5)", (CONCURRENT_DEAL, investor, units))
        finally:
            with lock:
                in_flight[0] -= 1

    def worker(conn: psycopg.Connection, investor: str, seed: int) -> None:
        rng = random.Random(seed)
        mine = 0
        try:
            start.wait()
            units = rng.randint(1, 9)
            while time.monotonic() < deadline:
                if mine >= WORKER_CAP:
                    return
                try:
                    reserve(conn, investor, units)
                except psycopg.errors.RaiseException as exc:
                    if "insufficient inventory" not in str(exc):
                        raise
                    # not enough free units: really sold out, or lots held by concurrent reservations were skipped
                    free = conn.execute("SELECT (fn_get_deal_inventory(%s) ->> 'units_remaining')::numeric",
                                        (CONCURRENT_DEAL,)).fetchone()[0]
                    if free == 0:
                        return
                    units = rng.randint(1, max(1, min(9, int(free))))
                    time.sleep(rng.random() / 200)
                    continue
                with lock:
                    reserved.append((investor, Decimal(units)))
                mine += units
                units = rng.randint(1, 9)
            raise TimeoutError("worker did not sell out before the deadline")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            with lock:
                errors.append(exc)

    def monitor() -> None:
        """Sampled while the workers run: no lot below zero, and units never appear or vanish."""
        with connect(verso.owner_url) as conn:  # its own connection: the test's is used by the main thread
            while not done.is_set():
                row = conn.execute(
                    "SELECT min(l.units_remaining), sum(l.units_remaining), "
                    "       (SELECT coalesce(sum(requested_units), 0) FROM reservations WHERE deal_id = %s) "
                    "FROM share_lots l WHERE l.deal_id = %s", (CONCURRENT_DEAL, CONCURRENT_DEAL)).fetchone()
                if row[0] < 0 or row[1] + row[2] != total:
                    violations.append(row)
                time.sleep(0.005)

    threads = [threading.Thread(target=worker, args=(conn, investor, n))
               for n, (conn, (_, investor)) in enumerate(zip(sessions, workers))]
    watcher = threading.Thread(target=monitor)
    for thread in threads:
        thread.start()
    watcher.start()
    start.wait()
    for thread in threads:
        thread.join(DEADLINE_SECONDS + 30)
    done.set()
    watcher.join(30)

    assert not any(isinstance(e, psycopg.errors.DeadlockDetected) for e in errors), errors
    assert errors == []
    assert violations == []
    assert sum(units for _, units in reserved) == total  # every unit sold, none twice
    assert len({investor for investor, _ in reserved}) >= 8  # see WORKER_CAP
    assert in_flight[1] > 1, "no two reservations ever ran at once: the test did not exercise concurrency"
    owner = verso.owner
    assert owner.execute("SELECT sum(requested_units), count(*) FROM reservations WHERE deal_id = %s",
                         (CONCURRENT_DEAL,)).fetchone() == (total, len(reserved))
    assert _column(owner, "SELECT DISTINCT units_remaining FROM share_lots WHERE deal_id = %s",
                   (CONCURRENT_DEAL,)) == [0]
    # each lot gave exactly its units, and each reservation got exactly what it asked for
    assert owner.execute(
        "SELECT count(*) FROM share_lots l WHERE l.deal_id = %s AND l.units_total <> "
        "(SELECT coalesce(sum(i.units), 0) FROM reservation_lot_items i WHERE i.lot_id = l.id)",
        (CONCURRENT_DEAL,)).fetchone()[0] == 0
    assert owner.execute(
        "SELECT count(*) FROM reservations r WHERE r.deal_id = %s AND r.requested_units <> "
        "(SELECT sum(i.units) FROM reservation_lot_items i WHERE i.reservation_id = r.id)",
        (CONCURRENT_DEAL,)).fetchone()[0] == 0
    # and each investor sees exactly its own reservations
    for conn, (_, investor) in zip(sessions[:3], workers[:3]):
        assert _column(conn, "SELECT DISTINCT investor_id::text FROM reservations") in ([investor], [])


# -- expiry and finalization ------------------------------------------------------------------------------------


def test_expired_reservations_give_their_units_back(verso):
    a, staff = verso.session(USER_A), verso.session(STAFF)
    lot = "SELECT units_remaining FROM share_lots WHERE deal_id = %s"
    assert verso.owner_value(lot, (DEAL_1,)) == 100
    stale = a.execute("SELECT fn_reserve_inventory(%s, %s, 30, 28.5)", (DEAL_1, INVESTOR_A)).fetchone()[0]
    kept = a.execute("SELECT fn_reserve_inventory(%s, %s, 20, 28.5, 60)", (DEAL_1, INVESTOR_A)).fetchone()[0]
    assert verso.owner_value(lot, (DEAL_1,)) == 50
    with pytest.raises(psycopg.errors.RaiseException, match="insufficient inventory"):
        a.execute("SELECT fn_reserve_inventory(%s, %s, 51, 28.5)", (DEAL_1, INVESTOR_A))
    assert verso.owner_value(lot, (DEAL_1,)) == 50  # a refused reservation changes nothing

    # nothing is due yet
    assert a.execute("SELECT fn_expire_reservations()").fetchone()[0] == 0
    verso.owner.execute("UPDATE reservations SET expires_at = now() - interval '1 minute' WHERE id = %s", (stale,))
    assert a.execute("SELECT fn_expire_reservations()").fetchone()[0] == 1
    assert verso.owner_value(lot, (DEAL_1,)) == 80
    statuses = dict(verso.owner.execute("SELECT id, status::text FROM reservations WHERE id IN (%s, %s)",
                                        (stale, kept)).fetchall())
    assert statuses == {stale: "expired", kept: "pending"}
    assert a.execute("SELECT fn_expire_reservations()").fetchone()[0] == 0  # idempotent
    assert verso.owner_value(lot, (DEAL_1,)) == 80

    # an expired reservation cannot be allocated; a live one can, and only its investor sees the allocation
    with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="expired"):
        staff.execute("SELECT fn_finalize_allocation(%s)", (stale,))
    allocation = staff.execute("SELECT fn_finalize_allocation(%s)", (kept,)).fetchone()[0]
    assert verso.owner_value("SELECT status::text FROM reservations WHERE id = %s", (kept,)) == "approved"
    assert _column(a, "SELECT id FROM allocations") == [allocation]
    assert _column(verso.session(USER_B), "SELECT id FROM allocations") == []
    # allocated units stay sold when the expiry job runs again
    verso.owner.execute("UPDATE reservations SET expires_at = now() - interval '1 minute' WHERE id = %s", (kept,))
    assert a.execute("SELECT fn_expire_reservations()").fetchone()[0] == 0
    assert verso.owner_value(lot, (DEAL_1,)) == 80
    inventory = a.execute("SELECT fn_get_deal_inventory(%s)", (DEAL_1,)).fetchone()[0]
    assert (inventory["units_remaining"], inventory["units_allocated"], inventory["units_reserved"]) == (80, 20, 15)


# -- the spec's own behavioural tests, through `schemac test` --------------------------------------------------


def test_schemac_test_passes_with_the_specs_behavioural_tests(server_url):
    compiled = api.load(ROOT, [SPEC])
    report = selftest.run(api.migration("0001_test", compiled), compiled, server_url)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    ran = sorted(s.name.removeprefix("test verso_deals.") for s in report.steps if s.name.startswith("test verso_deals."))
    assert ran == sorted(_spec()["tests"])
