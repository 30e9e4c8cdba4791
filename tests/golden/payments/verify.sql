-- schemac verification after migration 0001_initial
-- Returns one row per discrepancy (object, expected, found); no rows means the
-- database matches the specs. Changes nothing: everything runs in a
-- transaction that is rolled back.
-- Run with: psql -q -v ON_ERROR_STOP=1 -f verify.sql

BEGIN;
SET LOCAL search_path TO billing, public;

-- The expected shape of each table, built by PostgreSQL itself as temporary
-- copies, so that types and expressions compare in the server's normal form.
-- A piece (column, constraint, index) that cannot be built is recorded here
-- and reported, while the rest of its table is still compared.
CREATE TEMPORARY TABLE schemac_unbuildable (object text, kind text, real_table text, real_name text, reason text) ON COMMIT DROP;
-- table billing.customers
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t1 ();
COMMENT ON TABLE pg_temp.schemac_t1 IS 'People who pay';
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.customers.id', 'column', 'billing.customers', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN email character varying(320) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.customers.email', 'column', 'billing.customers', 'email', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN tags text[];
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.customers.tags', 'column', 'billing.customers', 'tags', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c1 UNIQUE (email);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customers_email_key on billing.customers', 'constraint', 'billing.customers', 'customers_email_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c2 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customers_pkey on billing.customers', 'constraint', 'billing.customers', 'customers_pkey', SQLERRM);
END;
BEGIN
CREATE UNIQUE INDEX schemac_i1 ON pg_temp.schemac_t1 ((lower(email)));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index billing.customers_email_lower_key', 'index', 'billing.customers', 'billing.customers_email_lower_key', SQLERRM);
END;
END
$schemac$;
-- table billing.payments
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t2 ();
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.id', 'column', 'billing.payments', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN customer_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.customer_id', 'column', 'billing.payments', 'customer_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.amount', 'column', 'billing.payments', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN fee numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.fee', 'column', 'billing.payments', 'fee', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN status billing."PaymentStatus" NOT NULL DEFAULT 'INITIATED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.status', 'column', 'billing.payments', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN reference text;
COMMENT ON COLUMN pg_temp.schemac_t2.reference IS 'Bank reference; may contain ''quotes''';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.reference', 'column', 'billing.payments', 'reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.created_at', 'column', 'billing.payments', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN total numeric(18,2) GENERATED ALWAYS AS (amount + fee) STORED;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column billing.payments.total', 'column', 'billing.payments', 'total', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c3 CHECK (fee <= amount);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_not_above_amount on billing.payments', 'constraint', 'billing.payments', 'fee_not_above_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c4 CHECK (amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_amount_check on billing.payments', 'constraint', 'billing.payments', 'payments_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c5 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_pkey on billing.payments', 'constraint', 'billing.payments', 'payments_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i2 ON pg_temp.schemac_t2 USING brin (created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index billing.payments_created_at_idx', 'index', 'billing.payments', 'billing.payments_created_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i3 ON pg_temp.schemac_t2 (customer_id, created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index billing.payments_customer_id_created_at_idx', 'index', 'billing.payments', 'billing.payments_customer_id_created_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i4 ON pg_temp.schemac_t2 (customer_id) INCLUDE (amount) WHERE (status <> 'SETTLED');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index billing.payments_customer_id_idx', 'index', 'billing.payments', 'billing.payments_customer_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i5 ON pg_temp.schemac_t2 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index billing.payments_status_idx', 'index', 'billing.payments', 'billing.payments_status_idx', SQLERRM);
END;
END
$schemac$;

WITH expected_table(object, real_name, shadow_name) AS (
    VALUES
        ('table billing.customers', 'billing.customers', 'pg_temp.schemac_t1'),
        ('table billing.payments', 'billing.payments', 'pg_temp.schemac_t2')

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
        ('constraint customers_email_key on billing.customers', 'billing.customers', 'customers_email_key', 'pg_temp.schemac_t1', 'schemac_c1'),
        ('constraint customers_pkey on billing.customers', 'billing.customers', 'customers_pkey', 'pg_temp.schemac_t1', 'schemac_c2'),
        ('constraint fee_not_above_amount on billing.payments', 'billing.payments', 'fee_not_above_amount', 'pg_temp.schemac_t2', 'schemac_c3'),
        ('constraint payments_amount_check on billing.payments', 'billing.payments', 'payments_amount_check', 'pg_temp.schemac_t2', 'schemac_c4'),
        ('constraint payments_pkey on billing.payments', 'billing.payments', 'payments_pkey', 'pg_temp.schemac_t2', 'schemac_c5')

),
expected_fk(object, real_table, name, columns, ref_table, ref_columns, on_update, on_delete, is_deferrable, is_deferred, suffix, comment) AS (
    VALUES
        ('constraint payments_customer_id_fkey on billing.payments', 'billing.payments', 'payments_customer_id_fkey', ARRAY['customer_id']::text[], 'billing.customers', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text)

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
        ('index billing.customers_email_lower_key', 'billing.customers', 'billing.customers_email_lower_key', 'pg_temp.schemac_i1'),
        ('index billing.payments_created_at_idx', 'billing.payments', 'billing.payments_created_at_idx', 'pg_temp.schemac_i2'),
        ('index billing.payments_customer_id_created_at_idx', 'billing.payments', 'billing.payments_customer_id_created_at_idx', 'pg_temp.schemac_i3'),
        ('index billing.payments_customer_id_idx', 'billing.payments', 'billing.payments_customer_id_idx', 'pg_temp.schemac_i4'),
        ('index billing.payments_status_idx', 'billing.payments', 'billing.payments_status_idx', 'pg_temp.schemac_i5')

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
        ('enum billing."PaymentStatus"', 'billing."PaymentStatus"', ARRAY['INITIATED', 'SETTLED', 'FAILED']::text[], NULL::text)

),
expected_schema(object, name) AS (
    VALUES
        ('schema billing', 'billing')

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
