"""The RealCo example (seeds 001 and 003), as an evolution on a real PostgreSQL.

examples/realco/ holds three versions of the specs:

1. 1_core: the existing system (`User`, `Offering`, `bank_accounts`);
2. 2_finance: plus the finance & escrow domain of seed 001, money as
   DOUBLE PRECISION as the seed has it;
3. 3_money: money fixed to numeric(18,2), the destructive type changes
   acknowledged by the domain's `accept_destructive:`.

Each migration is planned from the previous catalog, applied and verified;
rows written before the money fix are checked after it (rounded to the
cent), and the last two migrations are rolled back, verified after each.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from compiler import api
from compiler.apply import run_script
from compiler.ops import AlterColumnTypes, Hazard
from compiler.render.migration import render_op
from tests.helpers import verify

ROOT = Path(__file__).resolve().parent.parent / "examples" / "realco"
STAGES = ("1_core", "2_finance", "3_money")

# Every money column of the finance domain: DOUBLE PRECISION in 2_finance, numeric(18,2) in 3_money.
MONEY = {
    ("distribution_allocations", "amount"), ("distribution_allocations", "returnOfCapitalAmount"),
    ("distribution_allocations", "preferredReturnAmount"), ("distribution_allocations", "profitAmount"),
    ("distributions", "totalAmount"), ("distributions", "returnOfCapitalAmount"),
    ("distributions", "preferredReturnAmount"), ("distributions", "profitSplitAmount"),
    ("escrow_accounts", "currentBalance"), ("escrow_accounts", "availableBalance"),
    ("escrow_accounts", "heldBalance"),
    ("escrow_ledger_entries", "amount"), ("escrow_ledger_entries", "balanceAfter"),
    ("investments", "amount"), ("investments", "currentCapitalBalance"), ("investments", "returnedCapital"),
    ("investments", "preferredReturnAccrued"),
    ("transaction_limits", "maxAmount"),
    ("transactions", "amount"), ("transactions", "feeAmount"), ("transactions", "netAmount"),
}

# The enums as seed 001's SQL lists them (not as its counts say).
ENUMS = {
    "TransactionType": ["DEPOSIT", "WITHDRAWAL", "DISTRIBUTION", "CONSTRUCTION_DRAW", "PLATFORM_FEE",
                        "REFERRAL_FEE", "ESCROW_DEPOSIT", "ESCROW_WITHDRAWAL", "REFUND", "TRANSFER"],
    "TransactionStatus": ["INITIATED", "PENDING_APPROVAL", "APPROVED", "QUEUED", "PROCESSING",
                          "PENDING_SETTLEMENT", "SETTLED", "COMPLETED", "FAILED", "CANCELLED", "REVERSED",
                          "PENDING_RETRY"],
    "PaymentMethod": ["ACH", "WIRE", "CHECK", "CREDIT_CARD", "INTERNAL_TRANSFER"],
    "EscrowAccountStatus": ["ACTIVE", "FROZEN", "CLOSED", "LIQUIDATING"],
    "LedgerEntryType": ["DEPOSIT", "WITHDRAWAL", "DISTRIBUTION", "FEE", "REFUND", "ADJUSTMENT", "RECONCILIATION"],
    "DistributionStatus": ["DRAFT", "PENDING_APPROVAL", "APPROVED", "QUEUED", "PROCESSING", "COMPLETED",
                           "PARTIALLY_FAILED", "FAILED", "CANCELLED"],
    "DistributionType": ["RETURN_OF_CAPITAL", "PREFERRED_RETURN", "PROFIT_SPLIT", "SPECIAL"],
    "AllocationStatus": ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"],
    "InvestmentStatus": ["PENDING", "ACTIVE", "COMPLETED", "CANCELLED"],
    "LimitType": ["DAILY_DEPOSIT", "MONTHLY_DEPOSIT", "ANNUAL_INVESTMENT", "PER_TRANSACTION",
                  "ACCREDITED_INVESTOR", "NON_ACCREDITED_INVESTOR"],
}

FINANCE_TABLES = {"transactions", "transaction_webhooks", "escrow_accounts", "escrow_ledger_entries",
                  "distributions", "distribution_allocations", "investments", "transaction_limits",
                  "compliance_checks"}

# The foreign keys of seed 001's SQL: (column of transactions, referenced table, ON DELETE, ON UPDATE).
SEED_FOREIGN_KEYS = {
    ("fromUserId", "User", "n", "c"), ("toUserId", "User", "n", "c"),
    ("fromBankAccountId", "bank_accounts", "n", "c"), ("toBankAccountId", "bank_accounts", "n", "c"),
    ("offeringId", "Offering", "n", "c"), ("escrowAccountId", "escrow_accounts", "n", "c"),
    ("distributionId", "distributions", "n", "c"),
}

ROWS = """
insert into "User" (id, email, name, "updatedAt") values
  ('usr_sponsor', 'sponsor@realco.test', 'Sponsor LLC', now()),
  ('usr_alice', 'alice@example.com', 'Alice Investor', now()),
  ('usr_bob', 'bob@example.com', 'Bob Investor', now());
insert into "Offering" (id, name, "updatedAt") values ('off_maple', 'Maple Street Apartments', now());
insert into bank_accounts (id, "userId", "bankName", "accountNumberLast4", "updatedAt") values
  ('ba_alice', 'usr_alice', 'First Bank', '1234', now()),
  ('ba_escrow', 'usr_sponsor', 'Escrow Trust Bank', '9876', now());
insert into escrow_accounts (id, "offeringId", "bankAccountId", "accountNumber", "currentBalance",
                             "availableBalance", "heldBalance", "updatedAt") values
  ('esc_maple', 'off_maple', 'ba_escrow', 'ESC-0001', 1234.565, 1234.565 - (0.1 + 0.2), 0.1::float8 + 0.2::float8, now());
insert into investments (id, "userId", "offeringId", status, amount, "currentCapitalBalance",
                         "preferredReturnAccrued", "ownershipPercentage", "updatedAt") values
  ('inv_alice', 'usr_alice', 'off_maple', 'ACTIVE', 50000, 50000, 2.675, 0.625, now());
insert into transactions (id, type, "paymentMethod", amount, "feeAmount", "netAmount", "fromUserId",
                          "fromBankAccountId", "toBankAccountId", "offeringId", "escrowAccountId",
                          "idempotencyKey", status, "nextRetryAt", "updatedAt") values
  ('txn_1', 'ESCROW_DEPOSIT', 'ACH', 1234.565, 0.1::float8 + 0.2::float8, 1234.565 - (0.1::float8 + 0.2::float8),
   'usr_alice', 'ba_alice', 'ba_escrow', 'off_maple', 'esc_maple', 'idem-0001', 'PENDING_RETRY',
   '2026-01-22 03:00:00', now()),
  ('txn_2', 'PLATFORM_FEE', 'INTERNAL_TRANSFER', 19.999, 0, 19.999, 'usr_alice', null, null, 'off_maple',
   'esc_maple', 'idem-0002', 'COMPLETED', null, now());
insert into escrow_ledger_entries (id, "escrowAccountId", "transactionId", "entryType", amount, "balanceAfter")
  select 'led_' || i, 'esc_maple', 'txn_1', 'DEPOSIT', 0.1, 0.1 * i from generate_series(1, 10) as i;
insert into transaction_limits (id, "limitType", "maxAmount", "periodDays", "updatedAt") values
  ('lim_reg_cf', 'ANNUAL_INVESTMENT', 124000.005, 365, now());
"""


def _load(stage: str) -> api.Compiled:
    folder = ROOT / stage
    return api.load(folder, sorted(folder.glob("*.yaml")))


def _rows(conn, sql: str, *params) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def _type(conn, table: str, column: str) -> str:
    return _rows(conn, """select format_type(a.atttypid, a.atttypmod) from pg_attribute a
                          where a.attrelid = format('public.%%I', %s::text)::regclass and a.attname = %s""",
                 table, column)[0][0]


@pytest.fixture(scope="module")
def stages():
    return tuple(_load(stage) for stage in STAGES)


def test_stages_share_the_core_domain():
    assert {(ROOT / s / "realco_core.yaml").read_text() for s in STAGES} == {
        (ROOT / "1_core" / "realco_core.yaml").read_text()}


def test_money_plan_is_the_acknowledged_type_changes(stages):
    _, finance, money = stages
    plan = api.plan(finance.catalog, money.catalog)
    merged = [op for op in plan.steps if isinstance(op, AlterColumnTypes)]
    # the checks on money columns are dropped before and validated again after the type change
    assert {op.kind for op in plan.steps if op not in merged} == {
        "DropConstraintForChange", "AddConstraintForChange", "ValidateConstraint"}
    # one step (one ALTER TABLE, one rewrite) per table, with a change per money column
    assert sorted(op.table for op in merged) == sorted({t for t, _ in MONEY})
    type_changes = [change for op in merged for change in op.changes]
    assert {(op.table, op.after.name) for op in type_changes} == MONEY
    for op in type_changes:
        assert op.before.type.name == "double precision", op.key
        assert (op.after.type.name, op.after.type.modifiers) == ("numeric", (18, 2)), op.key
        assert {Hazard.DESTRUCTIVE, Hazard.IRREVERSIBLE, Hazard.REWRITES_TABLE} <= set(op.hazards), op.key
    steps = api.destructive_steps(plan, finance.catalog, money.catalog)
    assert {(s.op.table, s.op.after.name) for s in steps} == MONEY
    assert all(s.acknowledged and not s.dropped for s in steps)
    assert {key for key, _ in money.catalog.accepted_destructive} == {f"column:public.{t}.{c}" for t, c in MONEY}
    assert api.plan(money.catalog, money.catalog).empty
    assert not api.plan(stages[0].catalog, finance.catalog).hazards  # the finance domain only adds


def test_realco_evolution_on_postgresql(conn, stages):
    core, finance, money = stages

    first = api.migration("0001_initial", core)
    run_script(conn, first.up, "0001 up.sql")
    assert verify(conn, first) == []

    second = api.migration("0002_finance_escrow", finance, core.catalog)
    run_script(conn, second.up, "0002 up.sql")
    assert verify(conn, second) == []
    _check_finance_domain(conn)

    run_script(conn, ROWS, "rows")
    # double precision cannot hold cents: ten ledger entries of 0.10 do not sum to 1.00
    assert _rows(conn, "select sum(amount) = 1, sum(amount) from escrow_ledger_entries")[0] == (False, 0.9999999999999999)

    third = api.migration("0003_money_numeric", money, finance.catalog)
    assert all(Hazard.DESTRUCTIVE in op.hazards for op in third.plan.steps if op.kind == "AlterColumnTypes")
    for op in third.plan.steps:
        if op.kind == "AlterColumnTypes":  # every type change of a table in one statement
            assert render_op(op).count("ALTER TABLE") == 1, op.table
    assert all(s.acknowledged for s in api.destructive_steps(third.plan, finance.catalog, money.catalog))
    run_script(conn, third.up, "0003 up.sql")
    assert verify(conn, third) == []
    assert api.plan(money.catalog, money.catalog).empty
    for table, column in MONEY:
        assert _type(conn, table, column) == "numeric(18,2)", (table, column)
    assert _type(conn, "investments", "ownershipPercentage") == "double precision"

    money_rows = """
        select t.id, t.amount, t."feeAmount", t."netAmount", e."currentBalance", e."availableBalance", e."heldBalance"
        from transactions t join escrow_accounts e on e.id = t."escrowAccountId" order by t.id"""
    d = Decimal
    assert _rows(conn, money_rows) == [
        ("txn_1", d("1234.57"), d("0.30"), d("1234.27"), d("1234.57"), d("1234.27"), d("0.30")),
        ("txn_2", d("20.00"), d("0.00"), d("20.00"), d("1234.57"), d("1234.27"), d("0.30")),
    ]
    assert _rows(conn, 'select amount, "preferredReturnAccrued", "ownershipPercentage" from investments') == [
        (d("50000.00"), d("2.68"), 0.625)]
    assert _rows(conn, 'select "maxAmount" from transaction_limits') == [(d("124000.01"),)]
    assert _rows(conn, 'select sum(amount), max("balanceAfter") from escrow_ledger_entries') == [(d("1.00"), d("1.00"))]
    # the retry queue reads the composite index
    assert _rows(conn, """select id from transactions where status = 'PENDING_RETRY' and "nextRetryAt" < now()""") == [
        ("txn_1",)]

    run_script(conn, third.down, "0003 down.sql")
    assert verify(conn, second) == []
    assert _type(conn, "transactions", "amount") == "double precision"
    # irreversible: the values stay rounded to the cent
    assert _rows(conn, 'select amount, "feeAmount" from transactions order by id') == [(1234.57, 0.3), (20.0, 0.0)]

    down_steps = api.plan(finance.catalog, core.catalog)
    assert Hazard.DESTRUCTIVE in down_steps.hazards  # down of 0002 drops the finance domain and its rows
    run_script(conn, second.down, "0002 down.sql")
    assert verify(conn, first) == []
    assert _rows(conn, """select count(*) from pg_class where relnamespace = 'public'::regnamespace
                          and relname = any(%s)""", list(FINANCE_TABLES)) == [(0,)]
    assert _rows(conn, 'select count(*) from "User"') == [(3,)]


def _check_finance_domain(conn) -> None:
    tables = {r[0] for r in _rows(conn, "select tablename from pg_tables where schemaname = 'public'")}
    assert tables == FINANCE_TABLES | {"User", "Offering", "bank_accounts"}
    enums = _rows(conn, """select t.typname, array_agg(e.enumlabel order by e.enumsortorder)
                           from pg_type t join pg_enum e on e.enumtypid = t.oid
                           where t.typnamespace = 'public'::regnamespace group by t.typname""")
    assert dict(enums) == ENUMS
    foreign_keys = _rows(conn, """
        select a.attname, c.confrelid::regclass::text, c.confdeltype, c.confupdtype
        from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.conrelid = 'public.transactions'::regclass and c.contype = 'f'""")
    assert {(col, target.strip('"').removeprefix("public."), d, u) for col, target, d, u in foreign_keys} == SEED_FOREIGN_KEYS
    assert _rows(conn, """select indexdef from pg_indexes where indexname = 'transactions_status_nextRetryAt_idx'""") == [
        ('CREATE INDEX "transactions_status_nextRetryAt_idx" ON public.transactions USING btree (status, "nextRetryAt")',)]
    assert _rows(conn, """select indisunique from pg_index
                          where indexrelid = 'public."transactions_idempotencyKey_key"'::regclass""") == [(True,)]
    for table, column in MONEY:
        assert _type(conn, table, column) == "double precision", (table, column)
