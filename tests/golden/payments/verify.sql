\set ON_ERROR_STOP on
-- schemac verification after migration 0001_initial
-- Returns one row per discrepancy (object, expected, found); no rows means the
-- database matches the specs. Changes nothing: everything runs in a
-- transaction that is rolled back. With `SET schemac.verify_fails = on` first,
-- a discrepancy is also an error.
-- Run with: psql -q -f verify.sql (the first line makes psql stop at the first error)

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;
SET LOCAL search_path TO billing, public;
-- Shadow functions are compared by their stored text: their bodies are not
-- checked when they are built, so a body naming a dropped table still builds.
SET LOCAL check_function_bodies = off;

-- The expected shape of each table, function and view, built by PostgreSQL
-- itself as temporary copies, so that types and expressions compare in the
-- server's normal form. A piece (column, constraint, index, trigger, policy,
-- function, view) that cannot be built is recorded here and reported, while
-- the rest is still compared. `parent` is the real table (a function's
-- schema), `name` the real object's name.
CREATE TEMPORARY TABLE schemac_unbuildable (object text, kind text, parent text, name text, reason text) ON COMMIT DROP;
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

-- Every difference, kept for the check at the end.
CREATE TEMPORARY TABLE schemac_discrepancy ON COMMIT DROP AS
WITH expected_table(object, real_name, shadow_name, rls_enabled, rls_forced, partitioned, unlogged) AS (
    VALUES
        ('table billing.customers', 'billing.customers', 'pg_temp.schemac_t1', false, false, false, false),
        ('table billing.payments', 'billing.payments', 'pg_temp.schemac_t2', false, false, false, false)
),
t AS (
    SELECT e.object, e.real_name, e.rls_enabled, e.rls_forced, e.partitioned, e.unlogged,
           to_regclass(e.real_name) AS real_oid, to_regclass(e.shadow_name) AS shadow_oid
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
expected_fk(object, real_table, name, columns, ref_table, ref_columns, on_update, on_delete, is_deferrable, is_deferred, suffix, comment, period) AS (
    VALUES
        ('constraint payments_customer_id_fkey on billing.payments', 'billing.payments', 'payments_customer_id_fkey', ARRAY['customer_id']::text[], 'billing.customers', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false)
),
expected_foreign_key AS (
    -- the definition as pg_get_constraintdef() prints it, so both sides read alike (a temporal key's last
    -- columns with PERIOD)
    SELECT e.*,
           format('FOREIGN KEY (%s) REFERENCES %s(%s)%s',
                  (SELECT string_agg(CASE WHEN e.period AND n = cardinality(e.columns) THEN 'PERIOD ' ELSE '' END
                                     || quote_ident(x), ', ' ORDER BY n) FROM unnest(e.columns) WITH ORDINALITY AS u(x, n)),
                  coalesce(to_regclass(e.ref_table)::text, e.ref_table),
                  (SELECT string_agg(CASE WHEN e.period AND n = cardinality(e.ref_columns) THEN 'PERIOD ' ELSE '' END
                                     || quote_ident(x), ', ' ORDER BY n) FROM unnest(e.ref_columns) WITH ORDINALITY AS u(x, n)),
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
       OR i.indexrelid IN (SELECT to_regclass(real_name) FROM expected_index UNION ALL SELECT to_regclass(shadow_name) FROM expected_index)
),
expected_view(object, real_name, shadow_name, materialized, security_invoker, comment) AS (
    SELECT NULL::text, NULL::text, NULL::text, NULL::boolean, NULL::boolean, NULL::text WHERE false
),
v AS (
    SELECT e.*, to_regclass(e.real_name) AS real_oid, to_regclass(e.shadow_name) AS shadow_oid
    FROM expected_view e
),
indexed_relation(real_name, real_oid) AS (
    SELECT real_name, real_oid FROM t WHERE real_oid IS NOT NULL
    UNION ALL
    SELECT real_name, real_oid FROM v WHERE real_oid IS NOT NULL
),
expected_trigger(object, real_table, name, shadow_table, external) AS (
    SELECT NULL::text, NULL::text, NULL::text, NULL::text, NULL::boolean WHERE false
),
trigger_table(real_name, oid) AS (
    -- the tables whose triggers are compared (the specs' and the external tables the specs put triggers on),
    -- real and shadow, each with the real table's name
    SELECT real_name, real_oid FROM t WHERE real_oid IS NOT NULL
    UNION
    SELECT real_name, shadow_oid FROM t WHERE shadow_oid IS NOT NULL
    UNION
    SELECT e.real_table, x.oid
    FROM expected_trigger e CROSS JOIN LATERAL (VALUES (to_regclass(e.real_table)), (to_regclass(e.shadow_table))) AS x(oid)
    WHERE e.external AND x.oid IS NOT NULL
),
trigger_shape AS (
    -- pg_get_triggerdef after `CREATE TRIGGER name`, the shadow table's name put back to the real one
    SELECT g.oid, g.tgrelid, g.tgname, g.tgenabled,
           CASE WHEN left(d.def, length(d.prefix)) = d.prefix THEN substr(d.def, length(d.prefix) + 1) ELSE d.def END AS shape
    FROM trigger_table t
    JOIN pg_trigger g ON g.tgrelid = t.oid AND NOT g.tgisinternal
    JOIN pg_class c ON c.oid = g.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL (
        SELECT pg_get_triggerdef(g.oid) AS raw, 'CREATE TRIGGER ' || quote_ident(g.tgname) || ' ' AS prefix,
               format(' ON %s.%s ', CASE WHEN n.oid = pg_my_temp_schema() THEN 'pg_temp' ELSE quote_ident(n.nspname) END,
                      quote_ident(c.relname)) AS on_clause
    ) AS x
    CROSS JOIN LATERAL (
        SELECT x.prefix, CASE WHEN strpos(x.raw, x.on_clause) > 0
                              THEN overlay(x.raw PLACING ' ON ' || t.real_name || ' ' FROM strpos(x.raw, x.on_clause) FOR length(x.on_clause))
                              ELSE x.raw END AS def
    ) AS d
),
expected_policy(object, real_table, name, shadow_table) AS (
    SELECT NULL::text, NULL::text, NULL::text, NULL::text WHERE false
),
policy_aspect AS (
    -- a subquery makes the deparser qualify the policy's own columns with its
    -- table's name: the shadow's name is put back to the real one
    SELECT p.polrelid, p.polname, x.aspect,
           CASE WHEN p.polrelid = t.shadow_oid AND x.aspect IN ('using', 'with check') AND rc.oid IS NOT NULL
                THEN replace(x.value, quote_ident(sc.relname) || '.', quote_ident(rc.relname) || '.')
                ELSE x.value END AS value
    FROM t
    JOIN pg_policy p ON p.polrelid IN (t.real_oid, t.shadow_oid)
    LEFT JOIN pg_class sc ON sc.oid = t.shadow_oid
    LEFT JOIN pg_class rc ON rc.oid = t.real_oid
    CROSS JOIN LATERAL (VALUES
        ('command', CASE p.polcmd WHEN '*' THEN 'all' WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert'
                                  WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' END),
        ('type', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END),
        ('roles', (SELECT string_agg(r.name, ', ' ORDER BY r.name)
                   FROM (SELECT CASE WHEN u.role = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(u.role)) END AS name
                         FROM unnest(p.polroles) AS u(role)) AS r)),
        ('using', pg_get_expr(p.polqual, p.polrelid)),
        ('with check', pg_get_expr(p.polwithcheck, p.polrelid))
    ) AS x(aspect, value)
),
expected_function(object, key, schema_name, name, shadow_name) AS (
    SELECT NULL::text, NULL::text, NULL::text, NULL::text, NULL::text WHERE false
),
f AS (
    -- the real routine is the one with the shadow's argument types
    SELECT e.*, s.oid AS shadow_oid,
           (SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = e.schema_name AND p.proname = e.name AND p.proargtypes = s.proargtypes) AS real_oid
    FROM expected_function e
    LEFT JOIN pg_proc s ON s.pronamespace = pg_my_temp_schema() AND s.proname = e.shadow_name
),
routine_aspect AS (
    SELECT p.oid, x.aspect, x.value
    FROM pg_proc p
    CROSS JOIN LATERAL (VALUES
        ('kind', CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                                WHEN 'w' THEN 'window function' END),
        ('language', (SELECT l.lanname::text FROM pg_language l WHERE l.oid = p.prolang)),
        ('arguments', pg_get_function_arguments(p.oid)),
        ('result', pg_get_function_result(p.oid)),
        ('volatility', CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END),
        ('strictness', CASE WHEN p.proisstrict THEN 'strict' ELSE 'called on null input' END),
        ('security', CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END),
        ('leakproof', CASE WHEN p.proleakproof THEN 'leakproof' ELSE 'not leakproof' END),
        ('parallel', CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END),
        ('settings', array_to_string(p.proconfig, '; ')),
        ('body', CASE WHEN p.prosqlbody IS NULL THEN p.prosrc ELSE pg_get_function_sqlbody(p.oid) END),
        ('comment', obj_description(p.oid, 'pg_proc'))
    ) AS x(aspect, value)
    WHERE p.oid IN (SELECT real_oid FROM f UNION ALL SELECT shadow_oid FROM f)
),
expected_role(object, name, comment) AS (
    SELECT NULL::text, NULL::text, NULL::text WHERE false
),
expected_acl_object(object, kind, ref, managed) AS (
    -- what grants are checked on: kind relation (ref: its name), function (ref: its key in f), schema (ref: its name);
    -- managed: made by the specs (not a schema of another project that a grant names)
    VALUES
        ('schema billing', 'schema', 'billing', true),
        ('table billing.customers', 'relation', 'billing.customers', true),
        ('table billing.payments', 'relation', 'billing.payments', true)
),
expected_grant(target, role, privileges, grant_option) AS (
    SELECT NULL::text, NULL::text, NULL::text[], NULL::boolean WHERE false
),
privilege_order(privilege_type, position) AS (
    SELECT * FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER',
                               'MAINTAIN', 'EXECUTE', 'USAGE', 'CREATE']) WITH ORDINALITY
),
all_privileges(kind, privileges) AS (
    -- what GRANT ALL gives on this server (PostgreSQL 17 added MAINTAIN): an owner's default privileges
    SELECT k.kind, ARRAY(SELECT a.privilege_type FROM aclexplode(acldefault(k.code, 10::oid)) AS a
                         JOIN privilege_order o USING (privilege_type) WHERE a.grantee = 10 ORDER BY o.position)
    FROM (VALUES ('relation', 'r'::"char"), ('function', 'f'::"char"), ('schema', 'n'::"char"),
                 ('sequence', 's'::"char")) AS k(kind, code)
),
expected_privileges(target, role, privileges) AS (
    -- `ALL` stands for what it gives here; a grant option is written after each privilege
    SELECT g.target, g.role,
           ARRAY(SELECT p || CASE WHEN g.grant_option THEN ' WITH GRANT OPTION' ELSE '' END
                 FROM unnest(CASE WHEN g.privileges = ARRAY['ALL'] THEN coalesce(ap.privileges, g.privileges)
                                  ELSE g.privileges END) WITH ORDINALITY AS x(p, n) ORDER BY n)
    FROM expected_grant g
    LEFT JOIN expected_acl_object e ON e.object = g.target
    LEFT JOIN all_privileges ap ON ap.kind = e.kind
),
acl_target(object, acl, owner, managed) AS (
    SELECT e.object, coalesce(c.relacl, acldefault('r', c.relowner)), c.relowner, e.managed
    FROM expected_acl_object e JOIN pg_class c ON c.oid = CASE WHEN e.kind = 'relation' THEN to_regclass(e.ref) END
    UNION ALL
    SELECT e.object, coalesce(p.proacl, acldefault('f', p.proowner)), p.proowner, e.managed
    FROM expected_acl_object e JOIN f ON e.kind = 'function' AND f.key = e.ref JOIN pg_proc p ON p.oid = f.real_oid
    UNION ALL
    SELECT e.object, coalesce(n.nspacl, acldefault('n', n.nspowner)), n.nspowner, e.managed
    FROM expected_acl_object e JOIN pg_namespace n ON e.kind = 'schema' AND n.nspname = e.ref
    UNION ALL
    -- the columns of tables and views: column privileges (no column has any by default)
    SELECT format('column %s.%I', e.ref, at.attname), at.attacl, c.relowner, e.managed
    FROM expected_acl_object e
    JOIN pg_class c ON e.kind = 'relation' AND c.oid = to_regclass(e.ref)
    JOIN pg_attribute at ON at.attrelid = c.oid AND at.attnum > 0 AND NOT at.attisdropped
    UNION ALL
    -- the sequences of the specs
    SELECT e.object, coalesce(c.relacl, acldefault('s', c.relowner)), c.relowner, e.managed
    FROM expected_acl_object e JOIN pg_class c ON c.oid = CASE WHEN e.kind = 'sequence' THEN to_regclass(e.ref) END
    UNION ALL
    -- the sequences of identity and serial columns: the specs grant nothing on them
    SELECT format('sequence %I.%I', sn.nspname, s.relname), coalesce(s.relacl, acldefault('s', s.relowner)), s.relowner,
           e.managed
    FROM expected_acl_object e
    JOIN pg_depend d ON e.kind = 'relation' AND d.refobjid = to_regclass(e.ref) AND d.refclassid = 'pg_class'::regclass
         AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
    JOIN pg_namespace sn ON sn.oid = s.relnamespace
    WHERE NOT EXISTS (SELECT 1 FROM expected_acl_object x WHERE x.kind = 'sequence' AND to_regclass(x.ref) = s.oid)
),
other_known_role(name) AS (
    -- declared roles that exist already (managed: false), and PUBLIC: what they hold on managed objects is checked too
    VALUES
        ('public')
),
grant_pair(object, role) AS (
    -- every declared role and PUBLIC on every managed object (it may hold only what is granted; an object's
    -- owner holds what PostgreSQL gives it), and every granted role
    SELECT a.object, r.name FROM acl_target a CROSS JOIN expected_role r LEFT JOIN pg_roles o ON o.rolname = r.name
    WHERE o.oid IS DISTINCT FROM a.owner
    UNION
    SELECT a.object, k.name FROM acl_target a CROSS JOIN other_known_role k LEFT JOIN pg_roles o ON o.rolname = k.name
    WHERE a.managed AND o.oid IS DISTINCT FROM a.owner
    UNION
    SELECT g.target, g.role FROM expected_grant g WHERE EXISTS (SELECT 1 FROM acl_target a WHERE a.object = g.target)
),
privilege_set AS (
    SELECT p.object, p.role,
           (SELECT nullif(array_to_string(g.privileges, ', '), '') FROM expected_privileges g
            WHERE g.target = p.object AND g.role = p.role) AS expected,
           (SELECT string_agg(x.privilege, ', ' ORDER BY x.position, x.privilege)
            FROM (SELECT DISTINCT a.privilege_type || CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS privilege,
                         o.position
                  FROM acl_target t CROSS JOIN LATERAL aclexplode(t.acl) AS a
                  LEFT JOIN privilege_order o ON o.privilege_type = a.privilege_type
                  WHERE t.object = p.object AND a.grantee = coalesce(r.oid, 0)) AS x) AS found
    FROM grant_pair p
    LEFT JOIN pg_roles r ON r.rolname = p.role
    WHERE p.role = 'public' OR r.oid IS NOT NULL
),
expected_owner(target, role) AS (
    -- the declared owners (objects without one may be owned by whoever made them)
    SELECT NULL::text, NULL::text WHERE false
),
expected_default_acl(for_role, schema_name, objtype, role, privileges, grant_option) AS (
    -- ALTER DEFAULT PRIVILEGES of the specs; no for_role: the role running the migrations (and this script)
    SELECT NULL::text, NULL::text, NULL::text, NULL::text, NULL::text[], NULL::boolean WHERE false
),
default_acl_scope(role_oid, nsp_oid, objtype) AS (
    -- each entry the specs declare, and each that exists for a role they know or the one running this
    SELECT r.oid, coalesce(n.oid, 0::oid), e.objtype::"char"
    FROM expected_default_acl e
    JOIN pg_roles r ON r.rolname = coalesce(e.for_role, current_user)
    LEFT JOIN pg_namespace n ON n.nspname = e.schema_name
    WHERE e.schema_name IS NULL OR n.oid IS NOT NULL
    UNION
    SELECT d.defaclrole, d.defaclnamespace, d.defaclobjtype
    FROM pg_default_acl d
    WHERE pg_get_userbyid(d.defaclrole) IN (SELECT name FROM expected_role UNION SELECT name FROM other_known_role
                                            UNION SELECT coalesce(for_role, current_user) FROM expected_default_acl
                                            UNION SELECT current_user)
),
default_acl(object, role_oid, nsp_oid, objtype, acl) AS (
    -- with no entry, a role's new objects get PostgreSQL's built-in privileges (database-wide) or none more (in a schema)
    SELECT format('default privileges for role %I%s on %s', pg_get_userbyid(s.role_oid),
                  CASE WHEN s.nsp_oid = 0 THEN '' ELSE format(' in schema %I', n.nspname) END,
                  CASE s.objtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                 WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END),
           s.role_oid, s.nsp_oid, s.objtype,
           coalesce(d.defaclacl, CASE WHEN s.nsp_oid = 0 THEN acldefault(CASE s.objtype WHEN 'S' THEN 's'::"char"
                                                                                       ELSE s.objtype END, s.role_oid)
                                      END)
    FROM default_acl_scope s
    LEFT JOIN pg_namespace n ON n.oid = s.nsp_oid
    LEFT JOIN pg_default_acl d ON d.defaclrole = s.role_oid AND d.defaclnamespace = s.nsp_oid
                              AND d.defaclobjtype = s.objtype
),
default_acl_set AS (
    SELECT a.object, g.role,
           (SELECT CASE WHEN e.privileges IS NULL THEN
                       CASE WHEN a.nsp_oid = 0 AND g.role = 'public' AND a.objtype = 'f' THEN 'EXECUTE'
                            WHEN a.nsp_oid = 0 AND g.role = 'public' AND a.objtype = 'T' THEN 'USAGE' END
                   ELSE nullif(array_to_string(ARRAY(
                       SELECT p || CASE WHEN e.grant_option THEN ' WITH GRANT OPTION' ELSE '' END
                       FROM unnest(CASE WHEN e.privileges = ARRAY['ALL'] THEN ap.privileges ELSE e.privileges END)
                            WITH ORDINALITY AS x(p, n) ORDER BY n), ', '), '') END
            FROM (SELECT 1) AS one
            LEFT JOIN expected_default_acl e
                   ON pg_get_userbyid(a.role_oid) = coalesce(e.for_role, current_user) AND e.objtype::"char" = a.objtype
                  AND coalesce((SELECT n.oid FROM pg_namespace n WHERE n.nspname = e.schema_name), 0) = a.nsp_oid
                  AND e.role = g.role
            LEFT JOIN all_privileges ap ON ap.kind = 'relation') AS expected,
           (SELECT string_agg(x.privilege, ', ' ORDER BY x.position, x.privilege)
            FROM (SELECT DISTINCT ai.privilege_type || CASE WHEN ai.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
                                  AS privilege, o.position
                  FROM aclexplode(a.acl) AS ai
                  LEFT JOIN privilege_order o ON o.privilege_type = ai.privilege_type
                  WHERE ai.grantee = coalesce(r.oid, 0)) AS x) AS found
    FROM default_acl a
    CROSS JOIN (SELECT name AS role FROM expected_role UNION SELECT name FROM other_known_role
                UNION SELECT role FROM expected_default_acl) AS g
    LEFT JOIN pg_roles r ON r.rolname = g.role
    WHERE (g.role = 'public' OR r.oid IS NOT NULL) AND r.oid IS DISTINCT FROM a.role_oid
),
expected_sequence(object, real_name, type_name, start_value, increment_by, min_value, max_value, cache_size, cycles,
                  owner, comment) AS (
    SELECT NULL::text, NULL::text, NULL::text, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint, NULL::boolean, NULL::text, NULL::text WHERE false
),
sq AS (
    SELECT e.*, s.seqrelid AS oid, s.seqtypid, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
           (SELECT format('%I.%I.%I', n.nspname, c.relname, a.attname)
            FROM pg_depend d
            JOIN pg_class c ON c.oid = d.refobjid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.refclassid = 'pg_class'::regclass
              AND d.deptype = 'a') AS found_owner
    FROM expected_sequence e
    LEFT JOIN pg_sequence s ON s.seqrelid = to_regclass(e.real_name)
),
sequence_aspect(object, aspect, expected, found) AS (
    -- pg_sequence, ownership (OWNED BY: an automatic dependency on the column) and the comment
    SELECT sq.object, x.aspect, x.expected, x.found
    FROM sq
    CROSS JOIN LATERAL (VALUES
        ('type', sq.type_name, format_type(sq.seqtypid, NULL)),
        ('start', sq.start_value::text, sq.seqstart::text),
        ('increment', sq.increment_by::text, sq.seqincrement::text),
        ('minimum', sq.min_value::text, sq.seqmin::text),
        ('maximum', sq.max_value::text, sq.seqmax::text),
        ('cache', sq.cache_size::text, sq.seqcache::text),
        ('cycle', sq.cycles::text, sq.seqcycle::text),
        ('owned by', sq.owner, coalesce(sq.found_owner, '(none)')),
        ('comment', coalesce(sq.comment, '(none)'), coalesce(obj_description(sq.oid, 'pg_class'), '(none)'))
    ) AS x(aspect, expected, found)
    WHERE sq.oid IS NOT NULL
),
expected_enum(object, type_name, labels, comment) AS (
    VALUES
        ('enum billing."PaymentStatus"', 'billing."PaymentStatus"', ARRAY['INITIATED', 'SETTLED', 'FAILED']::text[], NULL::text)
),
expected_schema(object, name) AS (
    VALUES
        ('schema billing', 'billing')
),
expected_extension(object, name, schema_name) AS (
    SELECT NULL::text, NULL::text, NULL::text WHERE false
),
discrepancy(object, expected, found) AS (
    SELECT object, 'present', 'missing' FROM expected_role e
    WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = e.name)
    UNION ALL
    SELECT e.object || ' comment', coalesce(e.comment, '(none)'), coalesce(shobj_description(r.oid, 'pg_authid'), '(none)')
    FROM expected_role e JOIN pg_roles r ON r.rolname = e.name
    WHERE e.comment IS DISTINCT FROM shobj_description(r.oid, 'pg_authid')
    UNION ALL
    SELECT object, 'present', 'missing' FROM expected_schema e
    WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = e.name)
    UNION ALL
    SELECT object, 'present', 'missing' FROM expected_extension e
    WHERE NOT EXISTS (SELECT 1 FROM pg_extension x WHERE x.extname = e.name)
    UNION ALL
    SELECT e.object || ' schema', e.schema_name, n.nspname::text
    FROM expected_extension e
    JOIN pg_extension x ON x.extname = e.name
    JOIN pg_namespace n ON n.oid = x.extnamespace
    WHERE n.nspname <> e.schema_name
    UNION ALL
    SELECT object, 'present', 'missing' FROM sq WHERE oid IS NULL
    UNION ALL
    SELECT object || ' ' || aspect, expected, found FROM sequence_aspect WHERE expected IS DISTINCT FROM found
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
    SELECT t.object || ' kind', CASE WHEN t.partitioned THEN 'partitioned table' ELSE 'ordinary table' END,
        CASE c.relkind WHEN 'r' THEN 'ordinary table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
        WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'relkind ' || c.relkind::text END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relkind <> CASE WHEN t.partitioned THEN 'p' ELSE 'r' END
    UNION ALL
    SELECT t.object || ' persistence', CASE WHEN t.unlogged THEN 'unlogged' ELSE 'logged' END,
        CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 'p' THEN 'logged' ELSE 'temporary' END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relpersistence <> CASE WHEN t.unlogged THEN 'u' ELSE 'p' END
    UNION ALL
    SELECT t.object || ' row level security', CASE WHEN t.rls_enabled THEN 'enabled' ELSE 'disabled' END,
           CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relrowsecurity <> t.rls_enabled
    UNION ALL
    SELECT t.object || ' forced row level security', CASE WHEN t.rls_forced THEN 'forced' ELSE 'not forced' END,
           CASE WHEN c.relforcerowsecurity THEN 'forced' ELSE 'not forced' END
    FROM t JOIN pg_class c ON c.oid = t.real_oid WHERE c.relforcerowsecurity <> t.rls_forced
    UNION ALL
    SELECT u.object, CASE WHEN u.present THEN 'comparable' ELSE 'present' END,
           CASE WHEN u.present THEN 'cannot build the expected shape: ' || u.reason ELSE 'missing' END
    FROM (
        SELECT u.object, u.reason, CASE u.kind
            WHEN 'column' THEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass(u.parent)
                                       AND a.attname = u.name AND a.attnum > 0 AND NOT a.attisdropped)
            WHEN 'constraint' THEN EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = to_regclass(u.parent)
                                           AND c.conname = u.name)
            WHEN 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = to_regclass(u.parent)
                                        AND g.tgname = u.name)
            WHEN 'policy' THEN EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = to_regclass(u.parent)
                                       AND p.polname = u.name)
            WHEN 'function' THEN EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                         WHERE n.nspname = u.parent AND p.proname = u.name)
            ELSE to_regclass(u.name) IS NOT NULL END AS present
        FROM pg_temp.schemac_unbuildable u
        -- a missing table or view is reported once, as missing; a function has no table
        WHERE u.kind = 'function' OR to_regclass(u.parent) IS NOT NULL
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
    -- a trigger on an external table that is not there (the specs' tables are reported missing themselves)
    SELECT e.object, 'present', 'missing' FROM expected_trigger e WHERE e.external AND to_regclass(e.real_table) IS NULL
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
    FROM indexed_relation t
    JOIN pg_index i ON i.indrelid = t.real_oid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
    WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
      AND NOT EXISTS (SELECT 1 FROM expected_index e WHERE to_regclass(e.real_name) = i.indexrelid)
      -- a partition's part of its parent's index is checked on the parent
      AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
    UNION ALL
    SELECT e.object, s.shape, coalesce(r.shape, 'missing')
    FROM expected_trigger e
    JOIN trigger_shape s ON s.tgrelid = to_regclass(e.shadow_table) AND s.tgname = e.name
    LEFT JOIN trigger_shape r ON r.tgrelid = to_regclass(e.real_table) AND r.tgname = e.name
    WHERE to_regclass(e.real_table) IS NOT NULL AND r.shape IS DISTINCT FROM s.shape
    UNION ALL
    SELECT e.object || ' state', s.state, r.state
    FROM expected_trigger e
    JOIN trigger_shape sg ON sg.tgrelid = to_regclass(e.shadow_table) AND sg.tgname = e.name
    JOIN trigger_shape rg ON rg.tgrelid = to_regclass(e.real_table) AND rg.tgname = e.name
    CROSS JOIN LATERAL (
        SELECT CASE g.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas only'
                                WHEN 'A' THEN 'enabled always' END AS state
        FROM (VALUES (sg.tgenabled)) AS g(tgenabled)) AS s
    CROSS JOIN LATERAL (
        SELECT CASE g.tgenabled WHEN 'O' THEN 'enabled' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'enabled on replicas only'
                                WHEN 'A' THEN 'enabled always' END AS state
        FROM (VALUES (rg.tgenabled)) AS g(tgenabled)) AS r
    WHERE sg.tgenabled <> rg.tgenabled
    UNION ALL
    SELECT format('trigger %s on %s', quote_ident(g.tgname), t.real_name), 'absent', pg_get_triggerdef(g.oid)
    FROM t JOIN pg_trigger g ON g.tgrelid = t.real_oid AND NOT g.tgisinternal
    WHERE NOT EXISTS (SELECT 1 FROM expected_trigger e WHERE e.real_table = t.real_name AND e.name = g.tgname)
    UNION ALL
    SELECT e.object, 'present', 'missing'
    FROM expected_policy e
    JOIN pg_policy s ON s.polrelid = to_regclass(e.shadow_table) AND s.polname = e.name
    WHERE to_regclass(e.real_table) IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM pg_policy r WHERE r.polrelid = to_regclass(e.real_table) AND r.polname = e.name)
    UNION ALL
    SELECT e.object || ' ' || s.aspect, coalesce(s.value, '(none)'), coalesce(r.value, '(none)')
    FROM expected_policy e
    JOIN policy_aspect s ON s.polrelid = to_regclass(e.shadow_table) AND s.polname = e.name
    JOIN policy_aspect r ON r.polrelid = to_regclass(e.real_table) AND r.polname = e.name AND r.aspect = s.aspect
    WHERE s.value IS DISTINCT FROM r.value
    UNION ALL
    SELECT format('policy %s on %s', quote_ident(p.polname), t.real_name), 'absent',
           format('%s for %s to %s', a.type, a.command, a.roles)
           || coalesce(' using (' || a.qual || ')', '') || coalesce(' with check (' || a.with_check || ')', '')
    FROM t
    JOIN pg_policy p ON p.polrelid = t.real_oid
    CROSS JOIN LATERAL (
        SELECT max(x.value) FILTER (WHERE x.aspect = 'type') AS type, max(x.value) FILTER (WHERE x.aspect = 'command') AS command,
               max(x.value) FILTER (WHERE x.aspect = 'roles') AS roles, max(x.value) FILTER (WHERE x.aspect = 'using') AS qual,
               max(x.value) FILTER (WHERE x.aspect = 'with check') AS with_check
        FROM policy_aspect x WHERE x.polrelid = p.polrelid AND x.polname = p.polname) AS a
    WHERE NOT EXISTS (SELECT 1 FROM expected_policy e WHERE e.real_table = t.real_name AND e.name = p.polname)
    UNION ALL
    SELECT object, 'present', 'missing' FROM f WHERE shadow_oid IS NOT NULL AND real_oid IS NULL
    UNION ALL
    SELECT f.object || ' ' || s.aspect, coalesce(s.value, '(none)'), coalesce(r.value, '(none)')
    FROM f
    JOIN routine_aspect s ON s.oid = f.shadow_oid
    JOIN routine_aspect r ON r.oid = f.real_oid AND r.aspect = s.aspect
    WHERE s.value IS DISTINCT FROM r.value
    UNION ALL
    -- another routine under a managed routine's name (its arguments changed, or an extra overload)
    SELECT format('%s %s.%s(%s)', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, quote_ident(n.nspname),
                  quote_ident(p.proname), oidvectortypes(p.proargtypes)), 'absent', 'present'
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE EXISTS (SELECT 1 FROM expected_function e WHERE e.schema_name = n.nspname AND e.name = p.proname)
      AND NOT EXISTS (SELECT 1 FROM f WHERE f.real_oid = p.oid)
      AND NOT EXISTS (SELECT 1 FROM pg_temp.schemac_unbuildable u WHERE u.kind = 'function' AND u.parent = n.nspname
                      AND u.name = p.proname)
    UNION ALL
    SELECT object, 'present', 'missing' FROM v WHERE real_oid IS NULL
    UNION ALL
    SELECT v.object || ' kind', CASE WHEN v.materialized THEN 'materialized view' ELSE 'view' END,
           CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
               WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'relkind ' || c.relkind::text END
    FROM v JOIN pg_class c ON c.oid = v.real_oid
    WHERE c.relkind <> CASE WHEN v.materialized THEN 'm' ELSE 'v' END
    UNION ALL
    SELECT v.object || ' definition', pg_get_viewdef(v.shadow_oid), pg_get_viewdef(v.real_oid)
    FROM v JOIN pg_class c ON c.oid = v.real_oid AND c.relkind IN ('v', 'm')
    WHERE v.shadow_oid IS NOT NULL AND pg_get_viewdef(v.shadow_oid) <> pg_get_viewdef(v.real_oid)
    UNION ALL
    SELECT v.object || ' security_invoker', v.security_invoker::text, o.security_invoker::text
    FROM v
    JOIN pg_class c ON c.oid = v.real_oid AND c.relkind IN ('v', 'm')
    CROSS JOIN LATERAL (
        SELECT coalesce((SELECT x.option_value::boolean FROM pg_options_to_table(c.reloptions) AS x
                         WHERE x.option_name = 'security_invoker'), false) AS security_invoker) AS o
    WHERE o.security_invoker <> v.security_invoker
    UNION ALL
    SELECT v.object || ' comment', coalesce(v.comment, '(none)'), coalesce(obj_description(v.real_oid, 'pg_class'), '(none)')
    FROM v
    WHERE v.real_oid IS NOT NULL AND v.comment IS DISTINCT FROM obj_description(v.real_oid, 'pg_class')
    UNION ALL
    SELECT format('grant on %s to %s', p.object, CASE WHEN p.role = 'public' THEN 'PUBLIC' ELSE quote_ident(p.role) END),
           coalesce(p.expected, '(none)'), coalesce(p.found, '(none)')
    FROM privilege_set p
    WHERE p.expected IS DISTINCT FROM p.found
    UNION ALL
    SELECT format('%s to %s', p.object, CASE WHEN p.role = 'public' THEN 'PUBLIC' ELSE quote_ident(p.role) END),
           coalesce(p.expected, '(none)'), coalesce(p.found, '(none)')
    FROM default_acl_set p
    WHERE p.expected IS DISTINCT FROM p.found
    UNION ALL
    SELECT format('owner of %s', o.target), quote_ident(o.role), coalesce(quote_ident(pg_get_userbyid(a.owner)), '(none)')
    FROM expected_owner o JOIN acl_target a ON a.object = o.target
    WHERE pg_get_userbyid(a.owner) IS DISTINCT FROM o.role
)
SELECT object, expected, found FROM discrepancy;

SELECT object, expected, found FROM pg_temp.schemac_discrepancy ORDER BY object, expected, found;

-- After `SET schemac.verify_fails = on` (a Sqitch verify script, the psql bundle's check before it
-- deploys), a difference is an error, so that the caller stops.
DO $schemac$
BEGIN
    IF pg_catalog.current_setting('schemac.verify_fails', true) = 'on'
       AND EXISTS (SELECT FROM pg_temp.schemac_discrepancy) THEN
        RAISE EXCEPTION 'the database differs from what its migration promises in % place(s), listed above',
            (SELECT count(*) FROM pg_temp.schemac_discrepancy);
    END IF;
END
$schemac$;

ROLLBACK;
