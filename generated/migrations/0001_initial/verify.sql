-- schemac verification after migration 0001_initial
-- Returns one row per discrepancy (object, expected, found); no rows means the
-- database matches the specs. Changes nothing: everything runs in a
-- transaction that is rolled back.
-- Run with: psql -q -v ON_ERROR_STOP=1 -f verify.sql

BEGIN;
SET LOCAL search_path TO public;

-- The expected shape of each table, built by PostgreSQL itself as temporary
-- copies, so that types and expressions compare in the server's normal form.
CREATE TEMPORARY TABLE schemac_unbuildable (object text, reason text) ON COMMIT DROP;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t1 (
    id text NOT NULL,
    "connectionId" text NOT NULL,
    "accountId" text NOT NULL,
    "accountName" text NOT NULL,
    "accountNumber" text,
    "accountType" text,
    "bankName" text NOT NULL,
    currency text DEFAULT 'ZAR',
    "currentBalance" numeric(15,2),
    "availableBalance" numeric(15,2),
    "isActive" boolean DEFAULT true,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp without time zone,
    CONSTRAINT schemac_c1 UNIQUE ("connectionId", "accountId"),
    CONSTRAINT schemac_c2 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t1 IS 'Individual bank accounts linked via Stitch';
CREATE INDEX schemac_i1 ON pg_temp.schemac_t1 ("accountId");
CREATE INDEX schemac_i2 ON pg_temp.schemac_t1 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."BankAccount"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t2 (
    id text NOT NULL,
    "bankAccountId" text NOT NULL,
    "transactionId" text NOT NULL,
    date timestamp without time zone NOT NULL,
    description text NOT NULL,
    amount numeric(15,2) NOT NULL,
    balance numeric(15,2),
    category text,
    reference text,
    "isRevenue" boolean DEFAULT false,
    "isExpense" boolean DEFAULT false,
    "isTransfer" boolean DEFAULT false,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT schemac_c3 UNIQUE ("bankAccountId", "transactionId"),
    CONSTRAINT schemac_c4 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t2 IS 'Transaction history with categorisation';
CREATE INDEX schemac_i3 ON pg_temp.schemac_t2 ("bankAccountId");
CREATE INDEX schemac_i4 ON pg_temp.schemac_t2 (date);
CREATE INDEX schemac_i5 ON pg_temp.schemac_t2 ("isRevenue");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."BankTransaction"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t3 (
    id text NOT NULL,
    "businessId" text NOT NULL,
    "dealId" text,
    "fileName" text NOT NULL,
    "fileUrl" text NOT NULL,
    "fileSize" integer NOT NULL,
    "mimeType" text NOT NULL,
    "uploadType" text NOT NULL,
    month timestamp without time zone NOT NULL,
    "extractedRevenue" numeric(15,2),
    "extractedData" jsonb,
    status public."VerificationStatus" DEFAULT 'PENDING',
    "verifiedAt" timestamp without time zone,
    "verifiedBy" text,
    "rejectionReason" text,
    "businessNotes" text,
    "adminNotes" text,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp without time zone,
    CONSTRAINT schemac_c5 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t3 IS 'Manual document uploads (fallback when no feed is connected)';
CREATE INDEX schemac_i6 ON pg_temp.schemac_t3 ("businessId");
CREATE INDEX schemac_i7 ON pg_temp.schemac_t3 ("dealId");
CREATE INDEX schemac_i8 ON pg_temp.schemac_t3 (month);
CREATE INDEX schemac_i9 ON pg_temp.schemac_t3 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."ManualUpload"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t4 (
    id text NOT NULL,
    "dealId" text NOT NULL,
    month timestamp without time zone NOT NULL,
    "totalRevenue" numeric(15,2) NOT NULL,
    "revenueShareAmount" numeric(15,2) NOT NULL,
    "platformFee" numeric(15,2) NOT NULL,
    "netPayoutAmount" numeric(15,2) NOT NULL,
    status text DEFAULT 'SCHEDULED',
    "scheduledDate" timestamp without time zone NOT NULL,
    "processedDate" timestamp without time zone,
    "isPaused" boolean DEFAULT false,
    "pauseReason" text,
    "revenueRecordIds" jsonb NOT NULL,
    "investorCount" integer,
    metadata jsonb,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp without time zone,
    CONSTRAINT schemac_c6 UNIQUE ("dealId", month),
    CONSTRAINT schemac_c7 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t4 IS 'Scheduled investor payouts';
CREATE INDEX schemac_i10 ON pg_temp.schemac_t4 ("dealId");
CREATE INDEX schemac_i11 ON pg_temp.schemac_t4 (month);
CREATE INDEX schemac_i12 ON pg_temp.schemac_t4 ("scheduledDate");
CREATE INDEX schemac_i13 ON pg_temp.schemac_t4 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."PayoutSchedule"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t5 (
    id text NOT NULL,
    "businessId" text NOT NULL,
    "sourceType" public."RevenueSourceType" NOT NULL,
    provider public."AccountingProvider",
    "isConnected" boolean DEFAULT false,
    status public."VerificationStatus" DEFAULT 'PENDING',
    "accessToken" text,
    "refreshToken" text,
    "tokenExpiresAt" timestamp without time zone,
    "accountId" text,
    "accountName" text,
    "lastSyncAt" timestamp without time zone,
    "lastSyncStatus" text,
    "lastError" text,
    "errorCount" integer DEFAULT 0,
    "connectedAt" timestamp without time zone,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp without time zone,
    CONSTRAINT schemac_c8 UNIQUE ("businessId", "sourceType"),
    CONSTRAINT schemac_c9 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t5 IS 'OAuth connections to banks and accounting software';
COMMENT ON COLUMN pg_temp.schemac_t5."accessToken" IS 'Encrypted by the application (AES-256-GCM); never log';
COMMENT ON COLUMN pg_temp.schemac_t5."refreshToken" IS 'Encrypted by the application (AES-256-GCM); never log';
CREATE INDEX schemac_i14 ON pg_temp.schemac_t5 ("businessId");
CREATE INDEX schemac_i15 ON pg_temp.schemac_t5 ("lastSyncAt");
CREATE INDEX schemac_i16 ON pg_temp.schemac_t5 ("sourceType");
CREATE INDEX schemac_i17 ON pg_temp.schemac_t5 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."RevenueConnection"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t6 (
    id text NOT NULL,
    "dealId" text NOT NULL,
    "connectionId" text NOT NULL,
    month timestamp without time zone NOT NULL,
    year integer NOT NULL,
    "totalRevenue" numeric(15,2) NOT NULL,
    "verifiedRevenue" numeric(15,2),
    "revenueShareAmount" numeric(15,2) NOT NULL,
    "sourceType" public."RevenueSourceType" NOT NULL,
    "sourceData" jsonb,
    status public."VerificationStatus" DEFAULT 'PENDING',
    "hasDiscrepancy" boolean DEFAULT false,
    "discrepancyAmount" numeric(15,2),
    "discrepancyNotes" text,
    "payoutScheduled" boolean DEFAULT false,
    "payoutCompletedAt" timestamp without time zone,
    "verifiedAt" timestamp without time zone,
    "verifiedBy" text,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" timestamp without time zone,
    CONSTRAINT schemac_c10 UNIQUE ("dealId", "connectionId", month),
    CONSTRAINT schemac_c11 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t6 IS 'Verified monthly revenue per deal';
CREATE INDEX schemac_i18 ON pg_temp.schemac_t6 ("connectionId");
CREATE INDEX schemac_i19 ON pg_temp.schemac_t6 ("dealId");
CREATE INDEX schemac_i20 ON pg_temp.schemac_t6 (month);
CREATE INDEX schemac_i21 ON pg_temp.schemac_t6 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."RevenueRecord"', SQLERRM);
END
$schemac$;
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t7 (
    id text NOT NULL,
    "connectionId" text NOT NULL,
    "verificationType" text NOT NULL,
    status text NOT NULL,
    "dataFetched" jsonb,
    discrepancies jsonb,
    message text,
    "errorDetails" text,
    duration integer,
    "recordsProcessed" integer,
    "recordsFailed" integer,
    "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT schemac_c12 PRIMARY KEY (id)
);
COMMENT ON TABLE pg_temp.schemac_t7 IS 'Audit trail of verification events';
CREATE INDEX schemac_i22 ON pg_temp.schemac_t7 ("connectionId");
CREATE INDEX schemac_i23 ON pg_temp.schemac_t7 ("createdAt");
CREATE INDEX schemac_i24 ON pg_temp.schemac_t7 (status);
CREATE INDEX schemac_i25 ON pg_temp.schemac_t7 ("verificationType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('table public."VerificationLog"', SQLERRM);
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
        ('generated', (SELECT pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d
                       WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated <> '')),
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
expected_foreign_key(object, real_table, name, columns, ref_table, ref_columns, on_update, on_delete, is_deferrable, is_deferred, definition, comment) AS (
    VALUES
        ('constraint "BankAccount_connectionId_fkey" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("connectionId") REFERENCES public."RevenueConnection" (id) ON DELETE CASCADE', NULL::text),
        ('constraint "BankTransaction_bankAccountId_fkey" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_bankAccountId_fkey', ARRAY['bankAccountId']::text[], 'public."BankAccount"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("bankAccountId") REFERENCES public."BankAccount" (id) ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueConnection_businessId_fkey" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_businessId_fkey', ARRAY['businessId']::text[], 'public."Business"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("businessId") REFERENCES public."Business" (id) ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueRecord_connectionId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("connectionId") REFERENCES public."RevenueConnection" (id) ON DELETE CASCADE', NULL::text),
        ('constraint "RevenueRecord_dealId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_dealId_fkey', ARRAY['dealId']::text[], 'public."Deal"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("dealId") REFERENCES public."Deal" (id) ON DELETE CASCADE', NULL::text),
        ('constraint "VerificationLog_connectionId_fkey" on public."VerificationLog"', 'public."VerificationLog"', 'VerificationLog_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, 'FOREIGN KEY ("connectionId") REFERENCES public."RevenueConnection" (id) ON DELETE CASCADE', NULL::text)

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
    SELECT u.object, 'comparable', 'cannot build the expected shape: ' || u.reason
    FROM pg_temp.schemac_unbuildable u JOIN t ON t.object = u.object WHERE t.real_oid IS NOT NULL
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
        OR c.condeferrable <> e.is_deferrable OR c.condeferred <> e.is_deferred)
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
