-- schemac verification after migration 0001_initial
-- Returns one row per discrepancy (object, expected, found); no rows means the
-- database matches the specs. Changes nothing: everything runs in a
-- transaction that is rolled back.
-- Run with: psql -q -v ON_ERROR_STOP=1 -f verify.sql

BEGIN;
SET LOCAL search_path TO public;

-- The expected shape of each table, built by PostgreSQL itself as temporary
-- copies, so that types and expressions compare in the server's normal form.
-- A piece (column, constraint, index) that cannot be built is recorded here
-- and reported, while the rest of its table is still compared.
CREATE TEMPORARY TABLE schemac_unbuildable (object text, kind text, real_table text, real_name text, reason text) ON COMMIT DROP;
-- table public."BankAccount"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t1 ();
COMMENT ON TABLE pg_temp.schemac_t1 IS 'Individual bank accounts linked via Stitch';
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount".id', 'column', 'public."BankAccount"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."connectionId"', 'column', 'public."BankAccount"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "accountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountId"', 'column', 'public."BankAccount"', 'accountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "accountName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountName"', 'column', 'public."BankAccount"', 'accountName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "accountNumber" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountNumber"', 'column', 'public."BankAccount"', 'accountNumber', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "accountType" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountType"', 'column', 'public."BankAccount"', 'accountType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "bankName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."bankName"', 'column', 'public."BankAccount"', 'bankName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN currency text DEFAULT 'ZAR';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount".currency', 'column', 'public."BankAccount"', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "currentBalance" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."currentBalance"', 'column', 'public."BankAccount"', 'currentBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "availableBalance" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."availableBalance"', 'column', 'public."BankAccount"', 'availableBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "isActive" boolean DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."isActive"', 'column', 'public."BankAccount"', 'isActive', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."createdAt"', 'column', 'public."BankAccount"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."updatedAt"', 'column', 'public."BankAccount"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c1 UNIQUE ("connectionId", "accountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankAccount_connectionId_accountId_key" on public."BankAccount"', 'constraint', 'public."BankAccount"', 'BankAccount_connectionId_accountId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c2 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankAccount_pkey" on public."BankAccount"', 'constraint', 'public."BankAccount"', 'BankAccount_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i1 ON pg_temp.schemac_t1 ("accountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankAccount_accountId_idx"', 'index', 'public."BankAccount"', 'public."BankAccount_accountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i2 ON pg_temp.schemac_t1 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankAccount_connectionId_idx"', 'index', 'public."BankAccount"', 'public."BankAccount_connectionId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."BankTransaction"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t2 ();
COMMENT ON TABLE pg_temp.schemac_t2 IS 'Transaction history with categorisation';
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".id', 'column', 'public."BankTransaction"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "bankAccountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."bankAccountId"', 'column', 'public."BankTransaction"', 'bankAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "transactionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."transactionId"', 'column', 'public."BankTransaction"', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN date timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".date', 'column', 'public."BankTransaction"', 'date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN description text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".description', 'column', 'public."BankTransaction"', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN amount numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".amount', 'column', 'public."BankTransaction"', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN balance numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".balance', 'column', 'public."BankTransaction"', 'balance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN category text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".category', 'column', 'public."BankTransaction"', 'category', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN reference text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".reference', 'column', 'public."BankTransaction"', 'reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "isRevenue" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isRevenue"', 'column', 'public."BankTransaction"', 'isRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "isExpense" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isExpense"', 'column', 'public."BankTransaction"', 'isExpense', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "isTransfer" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isTransfer"', 'column', 'public."BankTransaction"', 'isTransfer', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."createdAt"', 'column', 'public."BankTransaction"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c3 UNIQUE ("bankAccountId", "transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankTransaction_bankAccountId_transactionId_key" on public."BankTransaction"', 'constraint', 'public."BankTransaction"', 'BankTransaction_bankAccountId_transactionId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c4 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankTransaction_pkey" on public."BankTransaction"', 'constraint', 'public."BankTransaction"', 'BankTransaction_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i3 ON pg_temp.schemac_t2 ("bankAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_bankAccountId_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_bankAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i4 ON pg_temp.schemac_t2 (date);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_date_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_date_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i5 ON pg_temp.schemac_t2 ("isRevenue");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_isRevenue_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_isRevenue_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."ManualUpload"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t3 ();
COMMENT ON TABLE pg_temp.schemac_t3 IS 'Manual document uploads (fallback when no feed is connected)';
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".id', 'column', 'public."ManualUpload"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "businessId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."businessId"', 'column', 'public."ManualUpload"', 'businessId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "dealId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."dealId"', 'column', 'public."ManualUpload"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "fileName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileName"', 'column', 'public."ManualUpload"', 'fileName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "fileUrl" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileUrl"', 'column', 'public."ManualUpload"', 'fileUrl', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "fileSize" integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileSize"', 'column', 'public."ManualUpload"', 'fileSize', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "mimeType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."mimeType"', 'column', 'public."ManualUpload"', 'mimeType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "uploadType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."uploadType"', 'column', 'public."ManualUpload"', 'uploadType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".month', 'column', 'public."ManualUpload"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "extractedRevenue" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."extractedRevenue"', 'column', 'public."ManualUpload"', 'extractedRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "extractedData" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."extractedData"', 'column', 'public."ManualUpload"', 'extractedData', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".status', 'column', 'public."ManualUpload"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "verifiedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."verifiedAt"', 'column', 'public."ManualUpload"', 'verifiedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "verifiedBy" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."verifiedBy"', 'column', 'public."ManualUpload"', 'verifiedBy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "rejectionReason" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."rejectionReason"', 'column', 'public."ManualUpload"', 'rejectionReason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "businessNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."businessNotes"', 'column', 'public."ManualUpload"', 'businessNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "adminNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."adminNotes"', 'column', 'public."ManualUpload"', 'adminNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."createdAt"', 'column', 'public."ManualUpload"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."updatedAt"', 'column', 'public."ManualUpload"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3
    ADD CONSTRAINT schemac_c5 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "ManualUpload_pkey" on public."ManualUpload"', 'constraint', 'public."ManualUpload"', 'ManualUpload_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i6 ON pg_temp.schemac_t3 ("businessId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_businessId_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_businessId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i7 ON pg_temp.schemac_t3 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_dealId_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i8 ON pg_temp.schemac_t3 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_month_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i9 ON pg_temp.schemac_t3 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_status_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."PayoutSchedule"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t4 ();
COMMENT ON TABLE pg_temp.schemac_t4 IS 'Scheduled investor payouts';
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".id', 'column', 'public."PayoutSchedule"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "dealId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."dealId"', 'column', 'public."PayoutSchedule"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".month', 'column', 'public."PayoutSchedule"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "totalRevenue" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."totalRevenue"', 'column', 'public."PayoutSchedule"', 'totalRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "revenueShareAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."revenueShareAmount"', 'column', 'public."PayoutSchedule"', 'revenueShareAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "platformFee" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."platformFee"', 'column', 'public."PayoutSchedule"', 'platformFee', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "netPayoutAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."netPayoutAmount"', 'column', 'public."PayoutSchedule"', 'netPayoutAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN status text DEFAULT 'SCHEDULED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".status', 'column', 'public."PayoutSchedule"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "scheduledDate" timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."scheduledDate"', 'column', 'public."PayoutSchedule"', 'scheduledDate', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "processedDate" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."processedDate"', 'column', 'public."PayoutSchedule"', 'processedDate', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "isPaused" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."isPaused"', 'column', 'public."PayoutSchedule"', 'isPaused', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "pauseReason" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."pauseReason"', 'column', 'public."PayoutSchedule"', 'pauseReason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "revenueRecordIds" jsonb NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."revenueRecordIds"', 'column', 'public."PayoutSchedule"', 'revenueRecordIds', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "investorCount" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."investorCount"', 'column', 'public."PayoutSchedule"', 'investorCount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN metadata jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".metadata', 'column', 'public."PayoutSchedule"', 'metadata', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."createdAt"', 'column', 'public."PayoutSchedule"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."updatedAt"', 'column', 'public."PayoutSchedule"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4
    ADD CONSTRAINT schemac_c6 UNIQUE ("dealId", month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "PayoutSchedule_dealId_month_key" on public."PayoutSchedule"', 'constraint', 'public."PayoutSchedule"', 'PayoutSchedule_dealId_month_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4
    ADD CONSTRAINT schemac_c7 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "PayoutSchedule_pkey" on public."PayoutSchedule"', 'constraint', 'public."PayoutSchedule"', 'PayoutSchedule_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i10 ON pg_temp.schemac_t4 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_dealId_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i11 ON pg_temp.schemac_t4 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_month_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i12 ON pg_temp.schemac_t4 ("scheduledDate");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_scheduledDate_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_scheduledDate_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i13 ON pg_temp.schemac_t4 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_status_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."RevenueConnection"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t5 ();
COMMENT ON TABLE pg_temp.schemac_t5 IS 'OAuth connections to banks and accounting software';
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".id', 'column', 'public."RevenueConnection"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "businessId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."businessId"', 'column', 'public."RevenueConnection"', 'businessId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "sourceType" public."RevenueSourceType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."sourceType"', 'column', 'public."RevenueConnection"', 'sourceType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN provider public."AccountingProvider";
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".provider', 'column', 'public."RevenueConnection"', 'provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "isConnected" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."isConnected"', 'column', 'public."RevenueConnection"', 'isConnected', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".status', 'column', 'public."RevenueConnection"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "accessToken" text;
COMMENT ON COLUMN pg_temp.schemac_t5."accessToken" IS 'Encrypted by the application (AES-256-GCM); never log';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accessToken"', 'column', 'public."RevenueConnection"', 'accessToken', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "refreshToken" text;
COMMENT ON COLUMN pg_temp.schemac_t5."refreshToken" IS 'Encrypted by the application (AES-256-GCM); never log';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."refreshToken"', 'column', 'public."RevenueConnection"', 'refreshToken', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "tokenExpiresAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."tokenExpiresAt"', 'column', 'public."RevenueConnection"', 'tokenExpiresAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "accountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accountId"', 'column', 'public."RevenueConnection"', 'accountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "accountName" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accountName"', 'column', 'public."RevenueConnection"', 'accountName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "lastSyncAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastSyncAt"', 'column', 'public."RevenueConnection"', 'lastSyncAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "lastSyncStatus" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastSyncStatus"', 'column', 'public."RevenueConnection"', 'lastSyncStatus', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "lastError" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastError"', 'column', 'public."RevenueConnection"', 'lastError', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "errorCount" integer DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."errorCount"', 'column', 'public."RevenueConnection"', 'errorCount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "connectedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."connectedAt"', 'column', 'public."RevenueConnection"', 'connectedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."createdAt"', 'column', 'public."RevenueConnection"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."updatedAt"', 'column', 'public."RevenueConnection"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c8 UNIQUE ("businessId", "sourceType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueConnection_businessId_sourceType_key" on public."RevenueConnection"', 'constraint', 'public."RevenueConnection"', 'RevenueConnection_businessId_sourceType_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c9 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueConnection_pkey" on public."RevenueConnection"', 'constraint', 'public."RevenueConnection"', 'RevenueConnection_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i14 ON pg_temp.schemac_t5 ("businessId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_businessId_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_businessId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i15 ON pg_temp.schemac_t5 ("lastSyncAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_lastSyncAt_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_lastSyncAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i16 ON pg_temp.schemac_t5 ("sourceType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_sourceType_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_sourceType_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i17 ON pg_temp.schemac_t5 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_status_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."RevenueRecord"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t6 ();
COMMENT ON TABLE pg_temp.schemac_t6 IS 'Verified monthly revenue per deal';
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".id', 'column', 'public."RevenueRecord"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "dealId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."dealId"', 'column', 'public."RevenueRecord"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."connectionId"', 'column', 'public."RevenueRecord"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".month', 'column', 'public."RevenueRecord"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN year integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".year', 'column', 'public."RevenueRecord"', 'year', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "totalRevenue" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."totalRevenue"', 'column', 'public."RevenueRecord"', 'totalRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "verifiedRevenue" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedRevenue"', 'column', 'public."RevenueRecord"', 'verifiedRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "revenueShareAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."revenueShareAmount"', 'column', 'public."RevenueRecord"', 'revenueShareAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "sourceType" public."RevenueSourceType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."sourceType"', 'column', 'public."RevenueRecord"', 'sourceType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "sourceData" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."sourceData"', 'column', 'public."RevenueRecord"', 'sourceData', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".status', 'column', 'public."RevenueRecord"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "hasDiscrepancy" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."hasDiscrepancy"', 'column', 'public."RevenueRecord"', 'hasDiscrepancy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "discrepancyAmount" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."discrepancyAmount"', 'column', 'public."RevenueRecord"', 'discrepancyAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "discrepancyNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."discrepancyNotes"', 'column', 'public."RevenueRecord"', 'discrepancyNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "payoutScheduled" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."payoutScheduled"', 'column', 'public."RevenueRecord"', 'payoutScheduled', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "payoutCompletedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."payoutCompletedAt"', 'column', 'public."RevenueRecord"', 'payoutCompletedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "verifiedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedAt"', 'column', 'public."RevenueRecord"', 'verifiedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "verifiedBy" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedBy"', 'column', 'public."RevenueRecord"', 'verifiedBy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."createdAt"', 'column', 'public."RevenueRecord"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."updatedAt"', 'column', 'public."RevenueRecord"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6
    ADD CONSTRAINT schemac_c10 UNIQUE ("dealId", "connectionId", month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueRecord_dealId_connectionId_month_key" on public."RevenueRecord"', 'constraint', 'public."RevenueRecord"', 'RevenueRecord_dealId_connectionId_month_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6
    ADD CONSTRAINT schemac_c11 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueRecord_pkey" on public."RevenueRecord"', 'constraint', 'public."RevenueRecord"', 'RevenueRecord_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i18 ON pg_temp.schemac_t6 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_connectionId_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_connectionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i19 ON pg_temp.schemac_t6 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_dealId_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i20 ON pg_temp.schemac_t6 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_month_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i21 ON pg_temp.schemac_t6 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_status_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."VerificationLog"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t7 ();
COMMENT ON TABLE pg_temp.schemac_t7 IS 'Audit trail of verification events';
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".id', 'column', 'public."VerificationLog"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."connectionId"', 'column', 'public."VerificationLog"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "verificationType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."verificationType"', 'column', 'public."VerificationLog"', 'verificationType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN status text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".status', 'column', 'public."VerificationLog"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "dataFetched" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."dataFetched"', 'column', 'public."VerificationLog"', 'dataFetched', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN discrepancies jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".discrepancies', 'column', 'public."VerificationLog"', 'discrepancies', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN message text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".message', 'column', 'public."VerificationLog"', 'message', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "errorDetails" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."errorDetails"', 'column', 'public."VerificationLog"', 'errorDetails', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN duration integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".duration', 'column', 'public."VerificationLog"', 'duration', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "recordsProcessed" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."recordsProcessed"', 'column', 'public."VerificationLog"', 'recordsProcessed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "recordsFailed" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."recordsFailed"', 'column', 'public."VerificationLog"', 'recordsFailed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."createdAt"', 'column', 'public."VerificationLog"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c12 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "VerificationLog_pkey" on public."VerificationLog"', 'constraint', 'public."VerificationLog"', 'VerificationLog_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i22 ON pg_temp.schemac_t7 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_connectionId_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_connectionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i23 ON pg_temp.schemac_t7 ("createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_createdAt_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i24 ON pg_temp.schemac_t7 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_status_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_status_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i25 ON pg_temp.schemac_t7 ("verificationType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_verificationType_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_verificationType_idx"', SQLERRM);
END;
END
$schemac$;

WITH expected_table(object, real_name, shadow_name) AS (
    VALUES
        ('table public."BankAccount"', 'public."BankAccount"', 'pg_temp.schemac_t1'),
        ('table public."BankTransaction"', 'public."BankTransaction"', 'pg_temp.schemac_t2'),
        ('table public."ManualUpload"', 'public."ManualUpload"', 'pg_temp.schemac_t3'),
        ('table public."PayoutSchedule"', 'public."PayoutSchedule"', 'pg_temp.schemac_t4'),
        ('table public."RevenueConnection"', 'public."RevenueConnection"', 'pg_temp.schemac_t5'),
        ('table public."RevenueRecord"', 'public."RevenueRecord"', 'pg_temp.schemac_t6'),
        ('table public."VerificationLog"', 'public."VerificationLog"', 'pg_temp.schemac_t7')

),
t AS (
    SELECT e.object, e.real_name, to_regclass(e.real_name) AS real_oid, to_regclass(e.shadow_name) AS shadow_oid
    FROM expected_table e
),
attribute AS (
    SELECT a.attrelid, a.attname, p.aspect, p.value
    FROM t
    JOIN pg_attribute a ON a.attrelid IN (t.real_oid, t.shadow_oid) AND a.attnum > 0 AND NOT a.attisdropped
    CROSS JOIN LATERAL (VALUES
        ('type', format_type(a.atttypid, a.atttypmod)),
        ('nullability', CASE WHEN a.attnotnull THEN 'not null' ELSE 'nullable' END),
        ('default', (SELECT pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d
                     WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated = '')),
        ('identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END),
        ('generated', (SELECT format('%s %s', pg_get_expr(d.adbin, d.adrelid, true),
                                     CASE a.attgenerated WHEN 's' THEN 'stored' ELSE 'virtual' END)
                       FROM pg_attrdef d
                       WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated <> '')),
        ('collation', (SELECT l.collname::text FROM pg_collation l
                       WHERE l.oid = a.attcollation AND a.attcollation <> 0)),
        ('comment', col_description(a.attrelid, a.attnum))
    ) AS p(aspect, value)
),
expected_constraint(object, real_table, name, shadow_table, shadow_name) AS (
    VALUES
        ('constraint "BankAccount_connectionId_accountId_key" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_connectionId_accountId_key', 'pg_temp.schemac_t1', 'schemac_c1'),
        ('constraint "BankAccount_pkey" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_pkey', 'pg_temp.schemac_t1', 'schemac_c2'),
        ('constraint "BankTransaction_bankAccountId_transactionId_key" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_bankAccountId_transactionId_key', 'pg_temp.schemac_t2', 'schemac_c3'),
        ('constraint "BankTransaction_pkey" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_pkey', 'pg_temp.schemac_t2', 'schemac_c4'),
        ('constraint "ManualUpload_pkey" on public."ManualUpload"', 'public."ManualUpload"', 'ManualUpload_pkey', 'pg_temp.schemac_t3', 'schemac_c5'),
        ('constraint "PayoutSchedule_dealId_month_key" on public."PayoutSchedule"', 'public."PayoutSchedule"', 'PayoutSchedule_dealId_month_key', 'pg_temp.schemac_t4', 'schemac_c6'),
        ('constraint "PayoutSchedule_pkey" on public."PayoutSchedule"', 'public."PayoutSchedule"', 'PayoutSchedule_pkey', 'pg_temp.schemac_t4', 'schemac_c7'),
        ('constraint "RevenueConnection_businessId_sourceType_key" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_businessId_sourceType_key', 'pg_temp.schemac_t5', 'schemac_c8'),
        ('constraint "RevenueConnection_pkey" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_pkey', 'pg_temp.schemac_t5', 'schemac_c9'),
        ('constraint "RevenueRecord_dealId_connectionId_month_key" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_dealId_connectionId_month_key', 'pg_temp.schemac_t6', 'schemac_c10'),
        ('constraint "RevenueRecord_pkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_pkey', 'pg_temp.schemac_t6', 'schemac_c11'),
        ('constraint "VerificationLog_pkey" on public."VerificationLog"', 'public."VerificationLog"', 'VerificationLog_pkey', 'pg_temp.schemac_t7', 'schemac_c12')

),
expected_fk(object, real_table, name, columns, ref_table, ref_columns, on_update, on_delete, is_deferrable, is_deferred, suffix, comment) AS (
    VALUES
        ('constraint "BankAccount_connectionId_fkey" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text),
        ('constraint "BankTransaction_bankAccountId_fkey" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_bankAccountId_fkey', ARRAY['bankAccountId']::text[], 'public."BankAccount"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueConnection_businessId_fkey" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_businessId_fkey', ARRAY['businessId']::text[], 'public."Business"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueRecord_connectionId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueRecord_dealId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_dealId_fkey', ARRAY['dealId']::text[], 'public."Deal"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text),
        ('constraint "VerificationLog_connectionId_fkey" on public."VerificationLog"', 'public."VerificationLog"', 'VerificationLog_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text)

),
expected_foreign_key AS (
    -- the definition as pg_get_constraintdef() prints it, so both sides read alike
    SELECT e.*,
           format('FOREIGN KEY (%s) REFERENCES %s(%s)%s',
                  (SELECT string_agg(quote_ident(x), ', ' ORDER BY n) FROM unnest(e.columns) WITH ORDINALITY AS u(x, n)),
                  coalesce(to_regclass(e.ref_table)::text, e.ref_table),
                  (SELECT string_agg(quote_ident(x), ', ' ORDER BY n) FROM unnest(e.ref_columns) WITH ORDINALITY AS u(x, n)),
                  e.suffix) AS definition
    FROM expected_fk e
),
expected_index(object, real_table, real_name, shadow_name) AS (
    VALUES
        ('index public."BankAccount_accountId_idx"', 'public."BankAccount"', 'public."BankAccount_accountId_idx"', 'pg_temp.schemac_i1'),
        ('index public."BankAccount_connectionId_idx"', 'public."BankAccount"', 'public."BankAccount_connectionId_idx"', 'pg_temp.schemac_i2'),
        ('index public."BankTransaction_bankAccountId_idx"', 'public."BankTransaction"', 'public."BankTransaction_bankAccountId_idx"', 'pg_temp.schemac_i3'),
        ('index public."BankTransaction_date_idx"', 'public."BankTransaction"', 'public."BankTransaction_date_idx"', 'pg_temp.schemac_i4'),
        ('index public."BankTransaction_isRevenue_idx"', 'public."BankTransaction"', 'public."BankTransaction_isRevenue_idx"', 'pg_temp.schemac_i5'),
        ('index public."ManualUpload_businessId_idx"', 'public."ManualUpload"', 'public."ManualUpload_businessId_idx"', 'pg_temp.schemac_i6'),
        ('index public."ManualUpload_dealId_idx"', 'public."ManualUpload"', 'public."ManualUpload_dealId_idx"', 'pg_temp.schemac_i7'),
        ('index public."ManualUpload_month_idx"', 'public."ManualUpload"', 'public."ManualUpload_month_idx"', 'pg_temp.schemac_i8'),
        ('index public."ManualUpload_status_idx"', 'public."ManualUpload"', 'public."ManualUpload_status_idx"', 'pg_temp.schemac_i9'),
        ('index public."PayoutSchedule_dealId_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_dealId_idx"', 'pg_temp.schemac_i10'),
        ('index public."PayoutSchedule_month_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_month_idx"', 'pg_temp.schemac_i11'),
        ('index public."PayoutSchedule_scheduledDate_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_scheduledDate_idx"', 'pg_temp.schemac_i12'),
        ('index public."PayoutSchedule_status_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_status_idx"', 'pg_temp.schemac_i13'),
        ('index public."RevenueConnection_businessId_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_businessId_idx"', 'pg_temp.schemac_i14'),
        ('index public."RevenueConnection_lastSyncAt_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_lastSyncAt_idx"', 'pg_temp.schemac_i15'),
        ('index public."RevenueConnection_sourceType_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_sourceType_idx"', 'pg_temp.schemac_i16'),
        ('index public."RevenueConnection_status_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_status_idx"', 'pg_temp.schemac_i17'),
        ('index public."RevenueRecord_connectionId_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_connectionId_idx"', 'pg_temp.schemac_i18'),
        ('index public."RevenueRecord_dealId_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_dealId_idx"', 'pg_temp.schemac_i19'),
        ('index public."RevenueRecord_month_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_month_idx"', 'pg_temp.schemac_i20'),
        ('index public."RevenueRecord_status_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_status_idx"', 'pg_temp.schemac_i21'),
        ('index public."VerificationLog_connectionId_idx"', 'public."VerificationLog"', 'public."VerificationLog_connectionId_idx"', 'pg_temp.schemac_i22'),
        ('index public."VerificationLog_createdAt_idx"', 'public."VerificationLog"', 'public."VerificationLog_createdAt_idx"', 'pg_temp.schemac_i23'),
        ('index public."VerificationLog_status_idx"', 'public."VerificationLog"', 'public."VerificationLog_status_idx"', 'pg_temp.schemac_i24'),
        ('index public."VerificationLog_verificationType_idx"', 'public."VerificationLog"', 'public."VerificationLog_verificationType_idx"', 'pg_temp.schemac_i25')

),
index_shape AS (
    -- everything pg_get_indexdef says after the index and table names
    SELECT i.indexrelid,
           CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END
           || substr(pg_get_indexdef(i.indexrelid),
                     length(format('CREATE %sINDEX %s ON %s%s.%s USING ',
                                   CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END, quote_ident(ic.relname),
                                   CASE WHEN tc.relkind = 'p' THEN 'ONLY ' ELSE '' END,
                                   CASE WHEN tn.oid = pg_my_temp_schema() THEN 'pg_temp' ELSE quote_ident(tn.nspname) END,
                                   quote_ident(tc.relname))) + 1) AS shape
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
    WHERE i.indrelid IN (SELECT real_oid FROM t UNION ALL SELECT shadow_oid FROM t)
),
expected_enum(object, type_name, labels, comment) AS (
    VALUES
        ('enum public."AccountingProvider"', 'public."AccountingProvider"', ARRAY['SAGE_BUSINESS_CLOUD', 'XERO', 'QUICKBOOKS_ONLINE', 'ZOHO_BOOKS']::text[], NULL::text),
        ('enum public."RevenueSourceType"', 'public."RevenueSourceType"', ARRAY['BANK_FEED', 'ACCOUNTING', 'MANUAL_UPLOAD']::text[], NULL::text),
        ('enum public."VerificationStatus"', 'public."VerificationStatus"', ARRAY['PENDING', 'VERIFIED', 'FLAGGED', 'FAILED', 'DISCONNECTED']::text[], NULL::text)

),
expected_schema(object, name) AS (
    SELECT NULL::text, NULL::text WHERE false

),
expected_extension(object, name) AS (
    SELECT NULL::text, NULL::text WHERE false

),
discrepancy(object, expected, found) AS (
    SELECT object, 'present', 'missing' FROM expected_schema e
    WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = e.name)
    UNION ALL
    SELECT object, 'present', 'missing' FROM expected_extension e
    WHERE NOT EXISTS (SELECT 1 FROM pg_extension x WHERE x.extname = e.name)
    UNION ALL
    SELECT object, 'present', 'missing' FROM expected_enum WHERE to_regtype(type_name) IS NULL
    UNION ALL
    SELECT e.object || ' values', e.labels::text,
           ARRAY(SELECT l.enumlabel::text FROM pg_enum l WHERE l.enumtypid = to_regtype(e.type_name) ORDER BY l.enumsortorder)::text
    FROM expected_enum e
    WHERE to_regtype(e.type_name) IS NOT NULL
      AND e.labels <> ARRAY(SELECT l.enumlabel::text FROM pg_enum l WHERE l.enumtypid = to_regtype(e.type_name) ORDER BY l.enumsortorder)
    UNION ALL
    SELECT e.object || ' comment', coalesce(e.comment, '(none)'), coalesce(obj_description(to_regtype(e.type_name), 'pg_type'), '(none)')
    FROM expected_enum e
    WHERE to_regtype(e.type_name) IS NOT NULL AND e.comment IS DISTINCT FROM obj_description(to_regtype(e.type_name), 'pg_type')
    UNION ALL
    SELECT object, 'present', 'missing' FROM t WHERE real_oid IS NULL
    UNION ALL
    SELECT t.object || ' kind', 'ordinary table', CASE c.relkind WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
        WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'relkind ' || c.relkind::text END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relkind <> 'r'
    UNION ALL
    SELECT t.object || ' persistence', 'logged', CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'temporary' END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relpersistence <> 'p'
    UNION ALL
    SELECT u.object, CASE WHEN u.present THEN 'comparable' ELSE 'present' END,
           CASE WHEN u.present THEN 'cannot build the expected shape: ' || u.reason ELSE 'missing' END
    FROM (
        SELECT u.object, u.reason, CASE u.kind
            WHEN 'column' THEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass(u.real_table)
                                       AND a.attname = u.real_name AND a.attnum > 0 AND NOT a.attisdropped)
            WHEN 'constraint' THEN EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = to_regclass(u.real_table)
                                           AND c.conname = u.real_name)
            ELSE to_regclass(u.real_name) IS NOT NULL END AS present
        FROM pg_temp.schemac_unbuildable u
        WHERE to_regclass(u.real_table) IS NOT NULL
    ) AS u
    UNION ALL
    SELECT t.object || ' comment', coalesce(obj_description(t.shadow_oid, 'pg_class'), '(none)'),
           coalesce(obj_description(t.real_oid, 'pg_class'), '(none)')
    FROM t
    WHERE t.real_oid IS NOT NULL AND t.shadow_oid IS NOT NULL
      AND obj_description(t.shadow_oid, 'pg_class') IS DISTINCT FROM obj_description(t.real_oid, 'pg_class')
    UNION ALL
    SELECT format('column %s.%s', t.real_name, quote_ident(s.attname)), 'present', 'missing'
    FROM t JOIN pg_attribute s ON s.attrelid = t.shadow_oid AND s.attnum > 0 AND NOT s.attisdropped
    WHERE t.real_oid IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_attribute r WHERE r.attrelid = t.real_oid AND r.attname = s.attname AND NOT r.attisdropped)
    UNION ALL
    SELECT format('column %s.%s', t.real_name, quote_ident(r.attname)), 'absent', 'present'
    FROM t JOIN pg_attribute r ON r.attrelid = t.real_oid AND r.attnum > 0 AND NOT r.attisdropped
    WHERE t.shadow_oid IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_attribute s WHERE s.attrelid = t.shadow_oid AND s.attname = r.attname AND NOT s.attisdropped)
    UNION ALL
    SELECT format('column %s.%s %s', t.real_name, quote_ident(s.attname), s.aspect),
           coalesce(s.value, '(none)'), coalesce(r.value, '(none)')
    FROM t
    JOIN attribute s ON s.attrelid = t.shadow_oid
    JOIN attribute r ON r.attrelid = t.real_oid AND r.attname = s.attname AND r.aspect = s.aspect
    WHERE s.value IS DISTINCT FROM r.value
    UNION ALL
    SELECT e.object, pg_get_constraintdef(s.oid, true), coalesce(pg_get_constraintdef(r.oid, true), 'missing')
    FROM expected_constraint e
    JOIN pg_constraint s ON s.conrelid = to_regclass(e.shadow_table) AND s.conname = e.shadow_name
    LEFT JOIN pg_constraint r ON r.conrelid = to_regclass(e.real_table) AND r.conname = e.name
    WHERE to_regclass(e.real_table) IS NOT NULL
      AND (r.oid IS NULL OR r.contype <> s.contype OR pg_get_constraintdef(r.oid, true) <> pg_get_constraintdef(s.oid, true))
    UNION ALL
    SELECT e.object || ' comment', coalesce(obj_description(s.oid, 'pg_constraint'), '(none)'),
           coalesce(obj_description(r.oid, 'pg_constraint'), '(none)')
    FROM expected_constraint e
    JOIN pg_constraint s ON s.conrelid = to_regclass(e.shadow_table) AND s.conname = e.shadow_name
    JOIN pg_constraint r ON r.conrelid = to_regclass(e.real_table) AND r.conname = e.name
    WHERE obj_description(s.oid, 'pg_constraint') IS DISTINCT FROM obj_description(r.oid, 'pg_constraint')
    UNION ALL
    SELECT e.object, e.definition, coalesce(pg_get_constraintdef(c.oid, true), 'missing')
    FROM expected_foreign_key e
    LEFT JOIN pg_constraint c ON c.conrelid = to_regclass(e.real_table) AND c.conname = e.name AND c.contype = 'f'
    WHERE to_regclass(e.real_table) IS NOT NULL AND (
        c.oid IS NULL
        OR c.confrelid IS DISTINCT FROM to_regclass(e.ref_table)
        OR ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) <> e.columns
        OR ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) <> e.ref_columns
        OR c.confupdtype::text <> e.on_update OR c.confdeltype::text <> e.on_delete
        OR c.condeferrable <> e.is_deferrable OR c.condeferred <> e.is_deferred
        OR pg_get_constraintdef(c.oid, true) <> e.definition)
    UNION ALL
    SELECT e.object || ' comment', coalesce(e.comment, '(none)'), coalesce(obj_description(c.oid, 'pg_constraint'), '(none)')
    FROM expected_foreign_key e
    JOIN pg_constraint c ON c.conrelid = to_regclass(e.real_table) AND c.conname = e.name AND c.contype = 'f'
    WHERE e.comment IS DISTINCT FROM obj_description(c.oid, 'pg_constraint')
    UNION ALL
    SELECT format('constraint %s on %s', quote_ident(c.conname), t.real_name), 'absent', pg_get_constraintdef(c.oid, true)
    FROM t JOIN pg_constraint c ON c.conrelid = t.real_oid AND c.contype IN ('p', 'u', 'c', 'f', 'x')
    WHERE NOT EXISTS (SELECT 1 FROM expected_constraint e WHERE e.real_table = t.real_name AND e.name = c.conname)
      AND NOT EXISTS (SELECT 1 FROM expected_foreign_key e WHERE e.real_table = t.real_name AND e.name = c.conname)
    UNION ALL
    SELECT e.object, s.shape, coalesce(r.shape, 'missing')
    FROM expected_index e
    JOIN index_shape s ON s.indexrelid = to_regclass(e.shadow_name)
    LEFT JOIN index_shape r ON r.indexrelid = to_regclass(e.real_name)
    WHERE to_regclass(e.real_table) IS NOT NULL AND r.shape IS DISTINCT FROM s.shape
    UNION ALL
    SELECT e.object || ' comment', coalesce(obj_description(to_regclass(e.shadow_name), 'pg_class'), '(none)'),
           coalesce(obj_description(to_regclass(e.real_name), 'pg_class'), '(none)')
    FROM expected_index e
    WHERE to_regclass(e.real_name) IS NOT NULL AND to_regclass(e.shadow_name) IS NOT NULL
      AND obj_description(to_regclass(e.shadow_name), 'pg_class') IS DISTINCT FROM obj_description(to_regclass(e.real_name), 'pg_class')
    UNION ALL
    SELECT e.object || ' validity', 'valid', 'invalid (a failed CREATE INDEX CONCURRENTLY?)'
    FROM expected_index e JOIN pg_index i ON i.indexrelid = to_regclass(e.real_name)
    WHERE to_regclass(e.real_table) IS NOT NULL AND NOT i.indisvalid
    UNION ALL
    SELECT format('index %s.%s', quote_ident(n.nspname), quote_ident(ic.relname)), 'absent', pg_get_indexdef(i.indexrelid)
    FROM t
    JOIN pg_index i ON i.indrelid = t.real_oid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
      AND NOT EXISTS (SELECT 1 FROM expected_index e WHERE to_regclass(e.real_name) = i.indexrelid)
)
SELECT object, expected, found FROM discrepancy ORDER BY object, expected, found;

ROLLBACK;
