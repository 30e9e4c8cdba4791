"""Seed 004 (payments engine): the spec's tenant isolation, audit trail,
double-entry ledger and idempotency hold on a real PostgreSQL.

The migration is applied by a dedicated owner login role (not a superuser), so
the tables are owned the way a service deploys them; the application connects
as a login role that is neither the owner nor a superuser, has no BYPASSRLS,
and is granted the spec's managed role `payments_app`. Both sessions name
their tenant the way the seed says the application does, through
`app.current_tenant_id`.
"""

from __future__ import annotations

import random
import uuid
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb

from compiler import api
from compiler.apply import connect, run_script
from compiler.cli import main as schemac
from tests.conftest import ROOT

SPEC = ROOT / "specs" / "payments_engine"
PASSWORD = "payments-test-secret"

TENANT_TABLES = {
    "audit_log", "tenant_configs", "tenant_api_keys", "payments", "payment_status_history", "debit_order_details",
    "payment_fees", "validation_rules", "validation_results", "fraud_detection_log", "customer_limits",
    "limit_reservations", "transactions", "transaction_events", "ledger_accounts", "ledger_entries",
    "account_balances", "transaction_reversals", "backend_systems", "account_routing", "api_call_log",
    "idempotency_records", "circuit_breaker_state",
}
HIERARCHY_TABLES = {"tenants", "business_units"}
ISOLATION = "((tenant_id)::text = current_setting('app.current_tenant_id'::text, true))"


# -- setup ------------------------------------------------------------------

def _url(database_url: str, user: str) -> str:
    params = conninfo_to_dict(database_url)
    params.update(user=user, password=PASSWORD)
    return make_conninfo(**params)


class Engine:
    """The applied spec: the owner's and the application's login roles."""

    def __init__(self, database_url: str, owner: str, app: str) -> None:
        self.database_url = database_url
        self.owner = owner
        self.app = app

    @contextmanager
    def session(self, user: str, tenant: str | None = None):
        with connect(_url(self.database_url, user)) as session:
            session.execute("SET search_path TO payments, public")
            if tenant is not None:
                use_tenant(session, tenant)
            yield session

    def as_owner(self, tenant: str | None = None):
        return self.session(self.owner, tenant)

    def as_app(self, tenant: str | None = None):
        return self.session(self.app, tenant)


def use_tenant(session: psycopg.Connection, tenant: str) -> None:
    session.execute("SELECT set_config('app.current_tenant_id', %s, false)", [tenant])


@pytest.fixture
def engine(conn, database_url) -> Engine:
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"payments_owner_{suffix}", f"payments_service_{suffix}"
    database = conninfo_to_dict(database_url)["dbname"]
    # The owner may create schemas in this database and the role the spec manages; nothing more.
    conn.execute(f"CREATE ROLE {owner} LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD '{PASSWORD}'")
    conn.execute(f'GRANT CREATE ON DATABASE "{database}" TO {owner}')
    files = api.migration("0001_payments_engine", api.load(ROOT, [SPEC]))
    with connect(_url(database_url, owner)) as owner_conn:
        run_script(owner_conn, files.up, "up.sql")
    # The service's login role: not the owner, not a superuser, no BYPASSRLS; a member of payments_app.
    conn.execute(f"CREATE ROLE {app} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{PASSWORD}'")
    conn.execute(f"GRANT payments_app TO {app}")
    found = conn.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY(%s) ORDER BY rolname",
                         [[owner, app]]).fetchall()
    assert found == [(False, False), (False, False)]
    eng = Engine(database_url, owner, app)
    _seed(eng)
    return eng


def _seed(eng: Engine) -> None:
    """Two tenants with a business unit each, a payment each, and T1's ledger accounts."""
    for tenant in ("T1", "T2"):
        with eng.as_owner(tenant) as owner:  # FORCE: the owner, too, writes only inside its tenant
            owner.execute("INSERT INTO tenants (tenant_id, name) VALUES (%s, %s)", [tenant, f"Tenant {tenant}"])
            owner.execute("INSERT INTO business_units (tenant_id, business_unit_id, name) VALUES (%s, 'B1', 'Retail')",
                          [tenant])
        with eng.as_app(tenant) as app:
            insert_payment(app, tenant, f"P-{tenant}-1", Decimal("100.00") if tenant == "T1" else Decimal("250.00"))


def insert_payment(session: psycopg.Connection, tenant: str, reference: str, amount: Decimal,
                   business_unit: str = "B1") -> uuid.UUID:
    return session.execute(
        """INSERT INTO payments (tenant_id, business_unit_id, payment_reference, payment_type, amount, currency,
                                 debtor_account, creditor_account, customer_id, initiated_by)
           VALUES (%s, %s, %s, 'EFT', %s, 'ZAR', '62001234567', '10023456789', 'C-1', 'pytest')
           RETURNING id""", [tenant, business_unit, reference, amount]).fetchone()[0]


def count(session: psycopg.Connection, table: str) -> int:
    return session.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- the schema -------------------------------------------------------------

def test_every_tenant_table_is_isolated_and_forced(engine, conn):
    rows = conn.execute("""
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner),
               p.polname, p.polcmd, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_policy p ON p.polrelid = c.oid
        WHERE n.nspname = 'payments' AND c.relkind = 'r'""").fetchall()
    assert {r[0] for r in rows} == TENANT_TABLES | HIERARCHY_TABLES
    for table, enabled, forced, owner, policy, command, using, with_check in rows:
        assert (enabled, forced, owner) == (True, True, engine.owner), table
        assert (policy, command, using, with_check) == ("tenant_isolation", "*", ISOLATION, ISOLATION), table
    columns = conn.execute("""
        SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
        FROM information_schema.columns
        WHERE table_schema = 'payments' AND column_name IN ('tenant_id', 'business_unit_id')""").fetchall()
    shapes = {(t, c): (ty, n, nullable) for t, c, ty, n, nullable in columns}
    for table in TENANT_TABLES:
        assert shapes[(table, "tenant_id")] == ("character varying", 20, "NO"), table
        assert shapes[(table, "business_unit_id")] == ("character varying", 30, "NO"), table
    indexed = conn.execute("""
        SELECT t.relname FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'payments'
          AND pg_get_indexdef(i.indexrelid) LIKE '%(tenant_id, business_unit_id)'""").fetchall()
    assert {t for (t,) in indexed} >= TENANT_TABLES


# -- tenant isolation, as the application's login role --------------------

def test_a_tenant_sees_only_its_rows(engine):
    with engine.as_app("T1") as app:
        assert app.execute("SELECT tenant_id, payment_reference FROM payments").fetchall() == [("T1", "P-T1-1")]
        assert app.execute("SELECT tenant_id FROM tenants").fetchall() == [("T1",)]
        assert app.execute("SELECT tenant_id, business_unit_id FROM business_units").fetchall() == [("T1", "B1")]
        assert {t for (t,) in app.execute("SELECT DISTINCT tenant_id FROM audit_log")} == {"T1"}
        assert {t for (t,) in app.execute("SELECT DISTINCT tenant_id FROM payment_status_history")} == {"T1"}
        # naming the other tenant explicitly does not help
        assert app.execute("SELECT count(*) FROM payments WHERE tenant_id = 'T2'").fetchone() == (0,)
        use_tenant(app, "T2")
        assert app.execute("SELECT tenant_id, payment_reference FROM payments").fetchall() == [("T2", "P-T2-1")]


def test_writing_into_another_tenant_is_rejected(engine):
    with engine.as_app("T1") as app:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            insert_payment(app, "T2", "P-T2-forged", Decimal("1.00"))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            app.execute("UPDATE payments SET tenant_id = 'T2' WHERE payment_reference = 'P-T1-1'")
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            app.execute("""INSERT INTO idempotency_records (tenant_id, business_unit_id, idempotency_key, operation,
                                                            request_hash)
                           VALUES ('T2', 'B1', 'K-forged', 'create_payment', repeat('a', 64))""")
        # the other tenant's rows are not there to be updated
        updated = app.execute("UPDATE payments SET remittance_info = 'hijacked' WHERE tenant_id = 'T2'")
        assert updated.rowcount == 0
    with engine.as_app("T2") as app:
        assert app.execute("SELECT remittance_info FROM payments").fetchall() == [(None,)]
        assert count(app, "idempotency_records") == 0


def test_without_a_tenant_setting_nothing_is_visible(engine):
    with engine.as_app() as app:  # a fresh session: app.current_tenant_id was never set
        assert app.execute("SELECT current_setting('app.current_tenant_id', true)").fetchone() == (None,)
        for table in ("tenants", "business_units", "payments", "audit_log", "payment_status_history"):
            assert count(app, table) == 0, table
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            insert_payment(app, "T1", "P-T1-no-context", Decimal("1.00"))
        use_tenant(app, "")  # an empty setting is no tenant either
        assert count(app, "payments") == 0


def test_force_keeps_the_owner_isolated(engine, conn):
    owners = conn.execute("""SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c
                             WHERE c.relnamespace = 'payments'::regnamespace AND c.relkind = 'r'""").fetchall()
    assert owners == [(engine.owner,)]
    with engine.as_owner() as owner:
        assert owner.execute("SELECT current_user").fetchone() == (engine.owner,)
        for table in ("tenants", "payments", "audit_log"):
            assert count(owner, table) == 0, table
        use_tenant(owner, "T1")
        assert owner.execute("SELECT tenant_id FROM payments").fetchall() == [("T1",)]
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            insert_payment(owner, "T2", "P-T2-by-owner", Decimal("1.00"))
    # a superuser (not the owner) bypasses RLS: both tenants' rows are there
    assert conn.execute("SELECT count(*) FROM payments.payments").fetchone() == (2,)


# -- audit trail ------------------------------------------------------------

def test_audit_rows_are_written_by_the_trigger(engine):
    with engine.as_app("T1") as app:
        app.execute("SELECT set_config('app.current_user_id', 'alice', false)")
        payment = insert_payment(app, "T1", "P-T1-audit", Decimal("42.50"))
        app.execute("UPDATE payments SET status = 'VALIDATED' WHERE id = %s", [payment])
        app.execute("UPDATE payments SET status = 'SUBMITTED' WHERE id = %s", [payment])
        rows = app.execute("""SELECT operation::text, old_row ->> 'status', new_row ->> 'status', changed_by, app_user_id
                              FROM audit_log WHERE table_name = 'payments' AND row_id = %s ORDER BY id""",
                           [str(payment)]).fetchall()
        assert rows == [("INSERT", None, "INITIATED", engine.app, "alice"),
                        ("UPDATE", "INITIATED", "VALIDATED", engine.app, "alice"),
                        ("UPDATE", "VALIDATED", "SUBMITTED", engine.app, "alice")]
        history = app.execute("""SELECT from_status::text, to_status::text FROM payment_status_history
                                 WHERE payment_id = %s ORDER BY id""", [payment]).fetchall()
        assert history == [(None, "INITIATED"), ("INITIATED", "VALIDATED"), ("VALIDATED", "SUBMITTED")]
        # the lifecycle is enforced: SUBMITTED cannot go back to INITIATED
        with pytest.raises(errors.CheckViolation, match="cannot change to INITIATED"):
            app.execute("UPDATE payments SET status = 'INITIATED' WHERE id = %s", [payment])
        # sensitive columns are redacted from the trail
        app.execute("""INSERT INTO tenant_api_keys (tenant_id, business_unit_id, key_prefix, key_hash, name)
                       VALUES ('T1', 'B1', 'pk_t1_abc', repeat('f', 64), 'ci')""")
        audited = app.execute("""SELECT new_row FROM audit_log WHERE table_name = 'tenant_api_keys'""").fetchone()[0]
        assert audited["key_prefix"] == "pk_t1_abc" and "key_hash" not in audited
        # the application can read the trail but never write it
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            app.execute("""INSERT INTO audit_log (tenant_id, business_unit_id, table_name, operation)
                           VALUES ('T1', 'B1', 'payments', 'DELETE')""")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            app.execute("DELETE FROM audit_log")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            app.execute("INSERT INTO payment_status_history (tenant_id, business_unit_id, payment_id, to_status) "
                        "VALUES ('T1', 'B1', %s, 'COMPLETED')", [payment])
    with engine.as_owner("T1") as owner:  # the trail is append-only even for its owner
        with pytest.raises(errors.RestrictViolation, match="append-only"):
            owner.execute("UPDATE audit_log SET changed_by = 'nobody'")
        with pytest.raises(errors.RestrictViolation, match="append-only"):
            owner.execute("DELETE FROM audit_log")


# -- double-entry ledger ----------------------------------------------------

ACCOUNTS = [("1000", "ASSET"), ("2000", "LIABILITY"), ("2100", "LIABILITY"), ("4000", "INCOME"), ("5000", "EXPENSE")]


def _ledger_setup(app: psycopg.Connection, tenant: str) -> uuid.UUID:
    for number, kind in ACCOUNTS:
        app.execute("""INSERT INTO ledger_accounts (tenant_id, business_unit_id, account_number, name, account_type,
                                                    currency) VALUES (%s, 'B1', %s, %s, %s, 'ZAR')""",
                    [tenant, number, f"Account {number}", kind])
    return app.execute("""INSERT INTO transactions (tenant_id, business_unit_id, transaction_reference, amount, currency)
                          VALUES (%s, 'B1', %s, 1000.00, 'ZAR') RETURNING id""",
                       [tenant, f"TX-{tenant}-1"]).fetchone()[0]


def _journal(rng: random.Random) -> list[tuple[str, Decimal]]:
    legs = rng.randint(2, 4)
    accounts = rng.sample([a for a, _ in ACCOUNTS], legs)
    amounts = [Decimal(rng.randint(1, 500_000)) / 100 * rng.choice((1, -1)) for _ in range(legs - 1)]
    closing = -sum(amounts)
    if closing == 0:
        amounts[0] += Decimal("0.01")
        closing = -sum(amounts)
    return list(zip(accounts, amounts + [closing]))


def _balances(session: psycopg.Connection) -> dict:
    return {a: (b, n) for a, b, n in session.execute(
        "SELECT account_number, balance, entry_count FROM account_balances ORDER BY 1")}


def test_ledger_balances_equal_the_sum_of_entries(engine):
    rng = random.Random(4004)
    with engine.as_app("T1") as app:
        transaction = _ledger_setup(app, "T1")
        for i in range(60):
            lines = _journal(rng)
            if i % 2:  # through the posting function
                app.execute("SELECT post_journal('B1', %s, %s)", [transaction, Jsonb(
                    [{"account_number": a, "amount": str(m), "currency": "ZAR", "description": f"journal {i}"}
                     for a, m in lines])])
            else:  # or as one multi-row INSERT
                journal = uuid.uuid4()
                values = ", ".join(["('T1', 'B1', %s, %s, %s, %s, 'ZAR')"] * len(lines))
                params = [p for a, m in lines for p in (journal, transaction, a, m)]
                app.execute("INSERT INTO ledger_entries (tenant_id, business_unit_id, journal_id, transaction_id, "
                            f"account_number, amount, currency) VALUES {values}", params)
        # a second tenant posts too; its entries never reach T1's balances
    with engine.as_app("T2") as app:
        transaction2 = _ledger_setup(app, "T2")
        app.execute("SELECT post_journal('B1', %s, %s)", [transaction2, Jsonb(
            [{"account_number": "1000", "amount": "7.00", "currency": "ZAR"},
             {"account_number": "2000", "amount": "-7.00", "currency": "ZAR"}])])
    with engine.as_app("T1") as app:
        mismatches = app.execute("""
            SELECT a.account_number, a.balance, e.total, a.entry_count, e.n
            FROM account_balances a
            FULL JOIN (SELECT tenant_id, account_number, sum(amount) AS total, count(*) AS n
                       FROM ledger_entries GROUP BY 1, 2) e USING (tenant_id, account_number)
            WHERE a.balance IS DISTINCT FROM e.total OR a.entry_count IS DISTINCT FROM e.n""").fetchall()
        assert mismatches == []
        assert app.execute("""SELECT journal_id FROM ledger_entries GROUP BY journal_id, currency
                              HAVING sum(amount) <> 0""").fetchall() == []
        assert app.execute("SELECT (SELECT count(DISTINCT journal_id) FROM ledger_entries), "
                           "(SELECT sum(balance) FROM account_balances)").fetchone() == (60, 0)
        assert app.execute("SELECT DISTINCT tenant_id FROM account_balances").fetchall() == [("T1",)]
        expected: dict[str, Decimal] = {}
        rng = random.Random(4004)
        for _ in range(60):
            for account, amount in _journal(rng):
                expected[account] = expected.get(account, Decimal(0)) + amount
        assert {a: b for a, (b, _) in _balances(app).items()} == expected


def test_an_unbalanced_posting_is_rejected(engine):
    with engine.as_app("T1") as app:
        transaction = _ledger_setup(app, "T1")
        app.execute("SELECT post_journal('B1', %s, %s)", [transaction, Jsonb(
            [{"account_number": "1000", "amount": "100.00", "currency": "ZAR"},
             {"account_number": "2000", "amount": "-100.00", "currency": "ZAR"}])])
        before = _balances(app)
        entries = count(app, "ledger_entries")
        with pytest.raises(errors.CheckViolation, match="unbalanced posting"):
            app.execute("SELECT post_journal('B1', %s, %s)", [transaction, Jsonb(
                [{"account_number": "1000", "amount": "50.00", "currency": "ZAR"},
                 {"account_number": "2000", "amount": "-49.99", "currency": "ZAR"}])])
        with pytest.raises(errors.CheckViolation, match="unbalanced posting"):  # one leg alone
            app.execute("""INSERT INTO ledger_entries (tenant_id, business_unit_id, journal_id, transaction_id,
                                                       account_number, amount, currency)
                           VALUES ('T1', 'B1', gen_random_uuid(), %s, '1000', 10.00, 'ZAR')""", [transaction])
        app.execute("""INSERT INTO ledger_accounts (tenant_id, business_unit_id, account_number, name, account_type,
                                                    currency)
                       VALUES ('T1', 'B1', '1001', 'Dollar cash', 'ASSET', 'USD')""")
        journal = uuid.uuid4()
        with pytest.raises(errors.CheckViolation, match="unbalanced posting"):  # balanced in total, not per currency
            app.execute("""INSERT INTO ledger_entries (tenant_id, business_unit_id, journal_id, transaction_id,
                                                       account_number, amount, currency)
                           VALUES ('T1', 'B1', %s, %s, '1001', 10.00, 'USD'),
                                  ('T1', 'B1', %s, %s, '2000', -10.00, 'ZAR')""",
                        [journal, transaction, journal, transaction])
        with pytest.raises(errors.CheckViolation, match="is in ZAR, not USD"):
            app.execute("SELECT post_journal('B1', %s, %s)", [transaction, Jsonb(
                [{"account_number": "1000", "amount": "5.00", "currency": "USD"},
                 {"account_number": "1001", "amount": "-5.00", "currency": "USD"}])])
        assert _balances(app) == before
        assert count(app, "ledger_entries") == entries
        # balances are the trigger's: the application cannot write them, nor change an entry
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            app.execute("UPDATE account_balances SET balance = balance + 1")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            app.execute("UPDATE ledger_entries SET amount = amount * 2")
    with engine.as_owner("T1") as owner:
        with pytest.raises(errors.RestrictViolation, match="append-only"):
            owner.execute("DELETE FROM ledger_entries")
        with pytest.raises(errors.RestrictViolation, match="append-only"):
            owner.execute("TRUNCATE ledger_entries")


# -- idempotency and circuit breaker ---------------------------------------

def test_a_duplicate_idempotency_key_is_rejected(engine):
    insert = """INSERT INTO idempotency_records (tenant_id, business_unit_id, idempotency_key, operation, request_hash)
                VALUES (%s, 'B1', 'K-1', 'create_payment', repeat(%s, 64))"""
    with engine.as_app("T1") as app:
        app.execute(insert, ["T1", "a"])
        with pytest.raises(errors.UniqueViolation, match="duplicate key"):
            app.execute(insert, ["T1", "b"])
        stored = app.execute("SELECT status::text, expires_at > created_at FROM idempotency_records").fetchall()
        assert stored == [("IN_PROGRESS", True)]
    with engine.as_app("T2") as app:  # keys are unique per tenant
        app.execute(insert, ["T2", "a"])
        assert count(app, "idempotency_records") == 1


def test_circuit_breaker_state_is_consistent(engine):
    with engine.as_owner("T1") as owner:
        system = owner.execute("""INSERT INTO backend_systems (tenant_id, business_unit_id, system_code, name, protocol,
                                                               base_url)
                                  VALUES ('T1', 'B1', 'CORE', 'Core banking', 'REST', 'https://core.example')
                                  RETURNING id""").fetchone()[0]
    with engine.as_app("T1") as app:
        app.execute("INSERT INTO circuit_breaker_state (tenant_id, business_unit_id, backend_system_id) "
                    "VALUES ('T1', 'B1', %s)", [system])
        with pytest.raises(errors.CheckViolation, match="circuit_breaker_state_open_check"):
            app.execute("UPDATE circuit_breaker_state SET state = 'OPEN'")
        app.execute("""UPDATE circuit_breaker_state
                       SET state = 'OPEN', failure_count = 5, opened_at = now(), next_attempt_at = now() + open_duration""")
        assert app.execute("SELECT state::text, failure_count FROM circuit_breaker_state").fetchall() == [("OPEN", 5)]


# -- the spec's own tests ---------------------------------------------------

def test_the_specs_behavioural_tests_pass(server_url, capsys):
    code = schemac(["-C", str(ROOT), "test", "--database-url", server_url, str(SPEC)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "test payments_engine.tenant_cannot_insert_into_another_tenant" in out
    assert "FAIL" not in out
