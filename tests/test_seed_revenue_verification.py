"""Seed 000 (Octrivium revenue verification): after up.sql, the seed's own
verification queries return what the seed promises."""

from __future__ import annotations

from compiler import api
from compiler.apply import run_script
from compiler.render.harness import external_stand_ins
from tests.conftest import ROOT

SPEC = ROOT / "specs" / "revenue_verification.yaml"
TABLES = {"RevenueConnection", "BankAccount", "BankTransaction", "RevenueRecord", "VerificationLog",
          "ManualUpload", "PayoutSchedule"}
EXPECTED_FOREIGN_KEYS = {
    ("RevenueConnection_businessId_fkey", "RevenueConnection", "businessId", "Business", "id"),
    ("BankAccount_connectionId_fkey", "BankAccount", "connectionId", "RevenueConnection", "id"),
    ("BankTransaction_bankAccountId_fkey", "BankTransaction", "bankAccountId", "BankAccount", "id"),
    ("RevenueRecord_dealId_fkey", "RevenueRecord", "dealId", "Deal", "id"),
    ("RevenueRecord_connectionId_fkey", "RevenueRecord", "connectionId", "RevenueConnection", "id"),
    ("VerificationLog_connectionId_fkey", "VerificationLog", "connectionId", "RevenueConnection", "id"),
}


def _apply(conn):
    compiled = api.load(ROOT, [SPEC])
    files = api.migration("0001_initial", compiled)
    run_script(conn, external_stand_ins(compiled.catalog), "stand-ins")
    run_script(conn, files.up, "up.sql")
    return compiled, files


def test_seed_queries_return_what_the_seed_promises(conn):
    _apply(conn)
    tables = conn.execute("""
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name IN (
            'RevenueConnection', 'BankAccount', 'BankTransaction', 'RevenueRecord',
            'VerificationLog', 'ManualUpload', 'PayoutSchedule')""").fetchall()
    assert {t for (t,) in tables} == TABLES  # "Should return 7 rows."
    enums = conn.execute("""
        SELECT typname FROM pg_type
        WHERE typname IN ('RevenueSourceType', 'AccountingProvider', 'VerificationStatus')""").fetchall()
    assert len(enums) == 3  # "Should return 3 rows."
    foreign_keys = conn.execute("""
        SELECT tc.constraint_name, tc.table_name, kcu.column_name,
               ccu.table_name AS foreign_table_name, ccu.column_name AS foreign_column_name
        FROM information_schema.table_constraints AS tc
        JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name
        JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name
        WHERE tc.constraint_type = 'FOREIGN KEY'
          AND tc.table_name IN ('RevenueConnection', 'BankAccount', 'BankTransaction', 'RevenueRecord',
                                'VerificationLog')""").fetchall()
    assert set(foreign_keys) == EXPECTED_FOREIGN_KEYS


def test_seed_index_names_and_count(conn):
    _apply(conn)
    rows = conn.execute("""
        SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique""", [sorted(TABLES)]).fetchall()
    names = {r for (r,) in rows}
    assert len(names) == 25
    assert {"RevenueConnection_lastSyncAt_idx", "BankTransaction_isRevenue_idx", "PayoutSchedule_scheduledDate_idx",
            "VerificationLog_createdAt_idx", "ManualUpload_dealId_idx"} <= names


def test_seed_test_insert_and_cascade(conn):
    _apply(conn)
    conn.execute("""INSERT INTO "Business" (id) VALUES ('b1')""")
    conn.execute("""
        INSERT INTO "RevenueConnection" (id, "businessId", "sourceType", "createdAt", "updatedAt")
        VALUES (gen_random_uuid()::text, (SELECT id FROM "Business" LIMIT 1), 'BANK_FEED',
                CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""")
    row = conn.execute("""SELECT status::text, "isConnected", "errorCount" FROM "RevenueConnection" """).fetchone()
    assert row == ("PENDING", False, 0)
    conn.execute("""DELETE FROM "Business" WHERE id = 'b1'""")  # ON DELETE CASCADE
    assert conn.execute("""SELECT count(*) FROM "RevenueConnection" """).fetchone() == (0,)
