\set ON_ERROR_STOP on
-- schemac verification after migration 0004_realco_money_numeric
-- Returns one row per discrepancy (object, expected, found); no rows means the
-- database matches the specs. Changes nothing: everything runs in a
-- transaction that is rolled back. With `SET schemac.verify_fails = on` first,
-- a discrepancy is also an error.
-- Run with: psql -q -f verify.sql (the first line makes psql stop at the first error)

SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
BEGIN;
SET LOCAL search_path TO payments, public;
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
-- table payments.account_balances
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t1 ();
COMMENT ON TABLE pg_temp.schemac_t1 IS 'Running balance of a ledger account, maintained by the apply_to_balance trigger of ledger_entries';
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN account_number character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.account_number', 'column', 'payments.account_balances', 'account_number', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.currency', 'column', 'payments.account_balances', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN balance numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.balance', 'column', 'payments.account_balances', 'balance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN entry_count bigint NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.entry_count', 'column', 'payments.account_balances', 'entry_count', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN last_entry_id bigint;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.last_entry_id', 'column', 'payments.account_balances', 'last_entry_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.updated_at', 'column', 'payments.account_balances', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.tenant_id', 'column', 'payments.account_balances', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_balances.business_unit_id', 'column', 'payments.account_balances', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c1 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint account_balances_currency_check on payments.account_balances', 'constraint', 'payments.account_balances', 'account_balances_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c2 CHECK (entry_count >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint account_balances_entry_count_check on payments.account_balances', 'constraint', 'payments.account_balances', 'account_balances_entry_count_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t1
    ADD CONSTRAINT schemac_c3 PRIMARY KEY (tenant_id, account_number);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint account_balances_pkey on payments.account_balances', 'constraint', 'payments.account_balances', 'account_balances_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i1 ON pg_temp.schemac_t1 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.account_balances_tenant_id_business_unit_id_idx', 'index', 'payments.account_balances', 'payments.account_balances_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t1
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.account_balances', 'policy', 'payments.account_balances', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.account_routing
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t2 ();
COMMENT ON TABLE pg_temp.schemac_t2 IS 'Routes account numbers (by prefix, longest first) to a backend system';
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.id', 'column', 'payments.account_routing', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN account_prefix character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.account_prefix', 'column', 'payments.account_routing', 'account_prefix', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN backend_system_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.backend_system_id', 'column', 'payments.account_routing', 'backend_system_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN priority integer NOT NULL DEFAULT 100;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.priority', 'column', 'payments.account_routing', 'priority', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN is_active boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.is_active', 'column', 'payments.account_routing', 'is_active', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.tenant_id', 'column', 'payments.account_routing', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.business_unit_id', 'column', 'payments.account_routing', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.created_at', 'column', 'payments.account_routing', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.account_routing.updated_at', 'column', 'payments.account_routing', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c4 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint account_routing_pkey on payments.account_routing', 'constraint', 'payments.account_routing', 'account_routing_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t2
    ADD CONSTRAINT schemac_c5 UNIQUE (tenant_id, business_unit_id, account_prefix);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint account_routing_tenant_id_business_unit_id_account_prefix_key on payments.account_routing', 'constraint', 'payments.account_routing', 'account_routing_tenant_id_business_unit_id_account_prefix_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i2 ON pg_temp.schemac_t2 (tenant_id, account_prefix) INCLUDE (backend_system_id) WHERE (is_active);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.account_routing_tenant_id_account_prefix_idx', 'index', 'payments.account_routing', 'payments.account_routing_tenant_id_account_prefix_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i3 ON pg_temp.schemac_t2 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.account_routing_tenant_id_business_unit_id_idx', 'index', 'payments.account_routing', 'payments.account_routing_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t2
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.account_routing', 'policy', 'payments.account_routing', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t2
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.account_routing', 'trigger', 'payments.account_routing', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t2
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.account_routing', 'trigger', 'payments.account_routing', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.api_call_log
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t3 ();
COMMENT ON TABLE pg_temp.schemac_t3 IS 'One call to a backend system';
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.id', 'column', 'payments.api_call_log', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN backend_system_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.backend_system_id', 'column', 'payments.api_call_log', 'backend_system_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN operation character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.operation', 'column', 'payments.api_call_log', 'operation', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN correlation_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.correlation_id', 'column', 'payments.api_call_log', 'correlation_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN http_status smallint;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.http_status', 'column', 'payments.api_call_log', 'http_status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN duration_ms integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.duration_ms', 'column', 'payments.api_call_log', 'duration_ms', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN succeeded boolean NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.succeeded', 'column', 'payments.api_call_log', 'succeeded', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN error_code character varying(50);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.error_code', 'column', 'payments.api_call_log', 'error_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN called_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.called_at', 'column', 'payments.api_call_log', 'called_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.tenant_id', 'column', 'payments.api_call_log', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.api_call_log.business_unit_id', 'column', 'payments.api_call_log', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3
    ADD CONSTRAINT schemac_c6 CHECK (duration_ms >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint api_call_log_duration_ms_check on payments.api_call_log', 'constraint', 'payments.api_call_log', 'api_call_log_duration_ms_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3
    ADD CONSTRAINT schemac_c7 CHECK (http_status BETWEEN 100 AND 599);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint api_call_log_http_status_check on payments.api_call_log', 'constraint', 'payments.api_call_log', 'api_call_log_http_status_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t3
    ADD CONSTRAINT schemac_c8 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint api_call_log_pkey on payments.api_call_log', 'constraint', 'payments.api_call_log', 'api_call_log_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i4 ON pg_temp.schemac_t3 USING brin (called_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.api_call_log_called_at_idx', 'index', 'payments.api_call_log', 'payments.api_call_log_called_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i5 ON pg_temp.schemac_t3 (tenant_id, backend_system_id, called_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.api_call_log_tenant_id_backend_system_id_called_at_idx', 'index', 'payments.api_call_log', 'payments.api_call_log_tenant_id_backend_system_id_called_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i6 ON pg_temp.schemac_t3 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.api_call_log_tenant_id_business_unit_id_idx', 'index', 'payments.api_call_log', 'payments.api_call_log_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i7 ON pg_temp.schemac_t3 (tenant_id, correlation_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.api_call_log_tenant_id_correlation_id_idx', 'index', 'payments.api_call_log', 'payments.api_call_log_tenant_id_correlation_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t3
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.api_call_log', 'policy', 'payments.api_call_log', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.audit_log
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t4 ();
COMMENT ON TABLE pg_temp.schemac_t4 IS 'Append-only audit trail of the audited tables, written by the audit_row trigger only';
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.id', 'column', 'payments.audit_log', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN table_name text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.table_name', 'column', 'payments.audit_log', 'table_name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN operation payments.audit_operation NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.operation', 'column', 'payments.audit_log', 'operation', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN row_id text;
COMMENT ON COLUMN pg_temp.schemac_t4.row_id IS 'The audited row''s id (or its key column)';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.row_id', 'column', 'payments.audit_log', 'row_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN old_row jsonb;
COMMENT ON COLUMN pg_temp.schemac_t4.old_row IS 'The row before UPDATE or DELETE; sensitive columns redacted';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.old_row', 'column', 'payments.audit_log', 'old_row', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN new_row jsonb;
COMMENT ON COLUMN pg_temp.schemac_t4.new_row IS 'The row after INSERT or UPDATE; sensitive columns redacted';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.new_row', 'column', 'payments.audit_log', 'new_row', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN changed_by text NOT NULL DEFAULT session_user;
COMMENT ON COLUMN pg_temp.schemac_t4.changed_by IS 'The database login that made the change';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.changed_by', 'column', 'payments.audit_log', 'changed_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN app_user_id text DEFAULT (current_setting('app.current_user_id', true));
COMMENT ON COLUMN pg_temp.schemac_t4.app_user_id IS 'The end user named by the application';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.app_user_id', 'column', 'payments.audit_log', 'app_user_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN transaction_id bigint NOT NULL DEFAULT txid_current();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.transaction_id', 'column', 'payments.audit_log', 'transaction_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN changed_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.changed_at', 'column', 'payments.audit_log', 'changed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.tenant_id', 'column', 'payments.audit_log', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.audit_log.business_unit_id', 'column', 'payments.audit_log', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t4
    ADD CONSTRAINT schemac_c9 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint audit_log_pkey on payments.audit_log', 'constraint', 'payments.audit_log', 'audit_log_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i8 ON pg_temp.schemac_t4 USING brin (changed_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.audit_log_changed_at_idx', 'index', 'payments.audit_log', 'payments.audit_log_changed_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i9 ON pg_temp.schemac_t4 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.audit_log_tenant_id_business_unit_id_idx', 'index', 'payments.audit_log', 'payments.audit_log_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i10 ON pg_temp.schemac_t4 (tenant_id, table_name, row_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.audit_log_tenant_id_table_name_row_id_idx', 'index', 'payments.audit_log', 'payments.audit_log_tenant_id_table_name_row_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t4
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.audit_log', 'policy', 'payments.audit_log', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_change
    BEFORE UPDATE OR DELETE ON pg_temp.schemac_t4
    FOR EACH ROW
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_change on payments.audit_log', 'trigger', 'payments.audit_log', 'forbid_change', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_truncate
    BEFORE TRUNCATE ON pg_temp.schemac_t4
    FOR EACH STATEMENT
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_truncate on payments.audit_log', 'trigger', 'payments.audit_log', 'forbid_truncate', SQLERRM);
END;
END
$schemac$;
-- table payments.backend_systems
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t5 ();
COMMENT ON TABLE pg_temp.schemac_t5 IS 'Core banking and other account systems the adapter calls';
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.id', 'column', 'payments.backend_systems', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN system_code character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.system_code', 'column', 'payments.backend_systems', 'system_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN name character varying(140) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.name', 'column', 'payments.backend_systems', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN protocol payments.backend_protocol NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.protocol', 'column', 'payments.backend_systems', 'protocol', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN base_url text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.base_url', 'column', 'payments.backend_systems', 'base_url', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN timeout_ms integer NOT NULL DEFAULT 5000;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.timeout_ms', 'column', 'payments.backend_systems', 'timeout_ms', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN max_retries smallint NOT NULL DEFAULT 3;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.max_retries', 'column', 'payments.backend_systems', 'max_retries', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN is_active boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.is_active', 'column', 'payments.backend_systems', 'is_active', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.tenant_id', 'column', 'payments.backend_systems', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.business_unit_id', 'column', 'payments.backend_systems', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.created_at', 'column', 'payments.backend_systems', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.backend_systems.updated_at', 'column', 'payments.backend_systems', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c10 CHECK (max_retries BETWEEN 0 AND 10);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint backend_systems_max_retries_check on payments.backend_systems', 'constraint', 'payments.backend_systems', 'backend_systems_max_retries_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c11 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint backend_systems_pkey on payments.backend_systems', 'constraint', 'payments.backend_systems', 'backend_systems_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c12 UNIQUE (tenant_id, system_code);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint backend_systems_tenant_id_system_code_key on payments.backend_systems', 'constraint', 'payments.backend_systems', 'backend_systems_tenant_id_system_code_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t5
    ADD CONSTRAINT schemac_c13 CHECK (timeout_ms BETWEEN 1 AND 120000);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint backend_systems_timeout_ms_check on payments.backend_systems', 'constraint', 'payments.backend_systems', 'backend_systems_timeout_ms_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i11 ON pg_temp.schemac_t5 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.backend_systems_tenant_id_business_unit_id_idx', 'index', 'payments.backend_systems', 'payments.backend_systems_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t5
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.backend_systems', 'policy', 'payments.backend_systems', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t5
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.backend_systems', 'trigger', 'payments.backend_systems', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t5
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.backend_systems', 'trigger', 'payments.backend_systems', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.business_units
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t6 ();
COMMENT ON TABLE pg_temp.schemac_t6 IS 'Level 2 of the tenant hierarchy';
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.tenant_id', 'column', 'payments.business_units', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.business_unit_id', 'column', 'payments.business_units', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN name character varying(200) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.name', 'column', 'payments.business_units', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN status payments.tenant_status NOT NULL DEFAULT 'ACTIVE';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.status', 'column', 'payments.business_units', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.created_at', 'column', 'payments.business_units', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.business_units.updated_at', 'column', 'payments.business_units', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t6
    ADD CONSTRAINT schemac_c14 PRIMARY KEY (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint business_units_pkey on payments.business_units', 'constraint', 'payments.business_units', 'business_units_pkey', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t6
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.business_units', 'policy', 'payments.business_units', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t6
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.business_units', 'trigger', 'payments.business_units', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t6
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.business_units', 'trigger', 'payments.business_units', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.circuit_breaker_state
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t7 ();
COMMENT ON TABLE pg_temp.schemac_t7 IS 'Circuit breaker of a backend system (CLOSED -> OPEN after failure_threshold failures -> HALF_OPEN probe)';
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN backend_system_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.backend_system_id', 'column', 'payments.circuit_breaker_state', 'backend_system_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN state payments.circuit_state NOT NULL DEFAULT 'CLOSED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.state', 'column', 'payments.circuit_breaker_state', 'state', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN failure_count integer NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.failure_count', 'column', 'payments.circuit_breaker_state', 'failure_count', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN success_count integer NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.success_count', 'column', 'payments.circuit_breaker_state', 'success_count', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN failure_threshold integer NOT NULL DEFAULT 5;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.failure_threshold', 'column', 'payments.circuit_breaker_state', 'failure_threshold', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN open_duration interval NOT NULL DEFAULT (interval '30 seconds');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.open_duration', 'column', 'payments.circuit_breaker_state', 'open_duration', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN opened_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.opened_at', 'column', 'payments.circuit_breaker_state', 'opened_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN next_attempt_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.next_attempt_at', 'column', 'payments.circuit_breaker_state', 'next_attempt_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN last_failure_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.last_failure_at', 'column', 'payments.circuit_breaker_state', 'last_failure_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN last_error text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.last_error', 'column', 'payments.circuit_breaker_state', 'last_error', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.updated_at', 'column', 'payments.circuit_breaker_state', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.tenant_id', 'column', 'payments.circuit_breaker_state', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.circuit_breaker_state.business_unit_id', 'column', 'payments.circuit_breaker_state', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c15 CHECK (failure_count >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint circuit_breaker_state_failure_count_check on payments.circuit_breaker_state', 'constraint', 'payments.circuit_breaker_state', 'circuit_breaker_state_failure_count_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c16 CHECK (failure_threshold > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint circuit_breaker_state_failure_threshold_check on payments.circuit_breaker_state', 'constraint', 'payments.circuit_breaker_state', 'circuit_breaker_state_failure_threshold_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c17 CHECK (state = 'CLOSED' OR (opened_at IS NOT NULL AND next_attempt_at IS NOT NULL));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint circuit_breaker_state_open_check on payments.circuit_breaker_state', 'constraint', 'payments.circuit_breaker_state', 'circuit_breaker_state_open_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c18 PRIMARY KEY (tenant_id, backend_system_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint circuit_breaker_state_pkey on payments.circuit_breaker_state', 'constraint', 'payments.circuit_breaker_state', 'circuit_breaker_state_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t7
    ADD CONSTRAINT schemac_c19 CHECK (success_count >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint circuit_breaker_state_success_count_check on payments.circuit_breaker_state', 'constraint', 'payments.circuit_breaker_state', 'circuit_breaker_state_success_count_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i12 ON pg_temp.schemac_t7 (next_attempt_at) WHERE (state = 'OPEN');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.circuit_breaker_state_next_attempt_at_idx', 'index', 'payments.circuit_breaker_state', 'payments.circuit_breaker_state_next_attempt_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i13 ON pg_temp.schemac_t7 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.circuit_breaker_state_tenant_id_business_unit_id_idx', 'index', 'payments.circuit_breaker_state', 'payments.circuit_breaker_state_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t7
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.circuit_breaker_state', 'policy', 'payments.circuit_breaker_state', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t7
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.circuit_breaker_state', 'trigger', 'payments.circuit_breaker_state', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.customer_limits
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t8 ();
COMMENT ON TABLE pg_temp.schemac_t8 IS 'Per customer payment limits; used and reserved amounts can never exceed the limit';
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.id', 'column', 'payments.customer_limits', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN customer_id character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.customer_id', 'column', 'payments.customer_limits', 'customer_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN limit_type payments.limit_type NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.limit_type', 'column', 'payments.customer_limits', 'limit_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.currency', 'column', 'payments.customer_limits', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN limit_amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.limit_amount', 'column', 'payments.customer_limits', 'limit_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN used_amount numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.used_amount', 'column', 'payments.customer_limits', 'used_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN reserved_amount numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.reserved_amount', 'column', 'payments.customer_limits', 'reserved_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN period_start date NOT NULL DEFAULT CURRENT_DATE;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.period_start', 'column', 'payments.customer_limits', 'period_start', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.tenant_id', 'column', 'payments.customer_limits', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.business_unit_id', 'column', 'payments.customer_limits', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.created_at', 'column', 'payments.customer_limits', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.customer_limits.updated_at', 'column', 'payments.customer_limits', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c20 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_currency_check on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c21 CHECK (limit_amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_limit_amount_check on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_limit_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c22 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_pkey on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c23 CHECK (reserved_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_reserved_amount_check on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_reserved_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c24 UNIQUE (tenant_id, customer_id, limit_type, currency, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_tenant_id_customer_id_limit_type_currency_b_key on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_tenant_id_customer_id_limit_type_currency_b_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c25 CHECK (used_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_used_amount_check on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_used_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t8
    ADD CONSTRAINT schemac_c26 CHECK (used_amount + reserved_amount <= limit_amount);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint customer_limits_within_limit on payments.customer_limits', 'constraint', 'payments.customer_limits', 'customer_limits_within_limit', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i14 ON pg_temp.schemac_t8 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.customer_limits_tenant_id_business_unit_id_idx', 'index', 'payments.customer_limits', 'payments.customer_limits_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t8
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.customer_limits', 'policy', 'payments.customer_limits', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t8
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.customer_limits', 'trigger', 'payments.customer_limits', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t8
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.customer_limits', 'trigger', 'payments.customer_limits', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.debit_order_details
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t9 ();
COMMENT ON TABLE pg_temp.schemac_t9 IS 'Mandate data of a DEBIT_ORDER payment';
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.payment_id', 'column', 'payments.debit_order_details', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN mandate_reference character varying(35) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.mandate_reference', 'column', 'payments.debit_order_details', 'mandate_reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN mandate_verified_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.mandate_verified_at', 'column', 'payments.debit_order_details', 'mandate_verified_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN collection_date date NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.collection_date', 'column', 'payments.debit_order_details', 'collection_date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN tracking_days smallint NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.tracking_days', 'column', 'payments.debit_order_details', 'tracking_days', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN debtor_branch_code character varying(6) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.debtor_branch_code', 'column', 'payments.debit_order_details', 'debtor_branch_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.tenant_id', 'column', 'payments.debit_order_details', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.business_unit_id', 'column', 'payments.debit_order_details', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.created_at', 'column', 'payments.debit_order_details', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.debit_order_details.updated_at', 'column', 'payments.debit_order_details', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9
    ADD CONSTRAINT schemac_c27 PRIMARY KEY (tenant_id, payment_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint debit_order_details_pkey on payments.debit_order_details', 'constraint', 'payments.debit_order_details', 'debit_order_details_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t9
    ADD CONSTRAINT schemac_c28 CHECK (tracking_days BETWEEN 0 AND 10);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint debit_order_details_tracking_days_check on payments.debit_order_details', 'constraint', 'payments.debit_order_details', 'debit_order_details_tracking_days_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i15 ON pg_temp.schemac_t9 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.debit_order_details_tenant_id_business_unit_id_idx', 'index', 'payments.debit_order_details', 'payments.debit_order_details_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i16 ON pg_temp.schemac_t9 (tenant_id, mandate_reference);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.debit_order_details_tenant_id_mandate_reference_idx', 'index', 'payments.debit_order_details', 'payments.debit_order_details_tenant_id_mandate_reference_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t9
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.debit_order_details', 'policy', 'payments.debit_order_details', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t9
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.debit_order_details', 'trigger', 'payments.debit_order_details', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t9
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.debit_order_details', 'trigger', 'payments.debit_order_details', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.fraud_detection_log
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t10 ();
COMMENT ON TABLE pg_temp.schemac_t10 IS 'Calls to the fraud scoring provider and their decisions';
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.id', 'column', 'payments.fraud_detection_log', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.payment_id', 'column', 'payments.fraud_detection_log', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN provider character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.provider', 'column', 'payments.fraud_detection_log', 'provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN risk_score numeric(5,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.risk_score', 'column', 'payments.fraud_detection_log', 'risk_score', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN decision payments.fraud_decision NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.decision', 'column', 'payments.fraud_detection_log', 'decision', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN reasons text[] NOT NULL DEFAULT '{}';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.reasons', 'column', 'payments.fraud_detection_log', 'reasons', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN response jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.response', 'column', 'payments.fraud_detection_log', 'response', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN checked_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.checked_at', 'column', 'payments.fraud_detection_log', 'checked_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.tenant_id', 'column', 'payments.fraud_detection_log', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.fraud_detection_log.business_unit_id', 'column', 'payments.fraud_detection_log', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10
    ADD CONSTRAINT schemac_c29 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fraud_detection_log_pkey on payments.fraud_detection_log', 'constraint', 'payments.fraud_detection_log', 'fraud_detection_log_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t10
    ADD CONSTRAINT schemac_c30 CHECK (risk_score BETWEEN 0 AND 100);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fraud_detection_log_risk_score_check on payments.fraud_detection_log', 'constraint', 'payments.fraud_detection_log', 'fraud_detection_log_risk_score_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i17 ON pg_temp.schemac_t10 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.fraud_detection_log_tenant_id_business_unit_id_idx', 'index', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i18 ON pg_temp.schemac_t10 (tenant_id, checked_at) WHERE (decision <> 'ALLOW');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.fraud_detection_log_tenant_id_checked_at_idx', 'index', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_checked_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i19 ON pg_temp.schemac_t10 (tenant_id, payment_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.fraud_detection_log_tenant_id_payment_id_idx', 'index', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_payment_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t10
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.fraud_detection_log', 'policy', 'payments.fraud_detection_log', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.idempotency_records
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t11 ();
COMMENT ON TABLE pg_temp.schemac_t11 IS 'Replay protection: a request with a known key returns the stored response; the same key with another request_hash is a client error.
';
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN idempotency_key character varying(100) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.idempotency_key', 'column', 'payments.idempotency_records', 'idempotency_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN operation character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.operation', 'column', 'payments.idempotency_records', 'operation', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN request_hash character(64) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t11.request_hash IS 'Hex SHA-256 of the canonical request';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.request_hash', 'column', 'payments.idempotency_records', 'request_hash', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN status payments.idempotency_status NOT NULL DEFAULT 'IN_PROGRESS';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.status', 'column', 'payments.idempotency_records', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN resource_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.resource_id', 'column', 'payments.idempotency_records', 'resource_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN response_code smallint;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.response_code', 'column', 'payments.idempotency_records', 'response_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN response_body jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.response_body', 'column', 'payments.idempotency_records', 'response_body', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.created_at', 'column', 'payments.idempotency_records', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN completed_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.completed_at', 'column', 'payments.idempotency_records', 'completed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN expires_at timestamp with time zone NOT NULL DEFAULT (now() + interval '24 hours');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.expires_at', 'column', 'payments.idempotency_records', 'expires_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.tenant_id', 'column', 'payments.idempotency_records', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.idempotency_records.business_unit_id', 'column', 'payments.idempotency_records', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11
    ADD CONSTRAINT schemac_c31 CHECK (status = 'IN_PROGRESS' OR completed_at IS NOT NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint idempotency_records_completed_check on payments.idempotency_records', 'constraint', 'payments.idempotency_records', 'idempotency_records_completed_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11
    ADD CONSTRAINT schemac_c32 CHECK (expires_at > created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint idempotency_records_expiry_check on payments.idempotency_records', 'constraint', 'payments.idempotency_records', 'idempotency_records_expiry_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11
    ADD CONSTRAINT schemac_c33 PRIMARY KEY (tenant_id, idempotency_key);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint idempotency_records_pkey on payments.idempotency_records', 'constraint', 'payments.idempotency_records', 'idempotency_records_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11
    ADD CONSTRAINT schemac_c34 CHECK (request_hash ~ '^[0-9a-f]{64}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint idempotency_records_request_hash_check on payments.idempotency_records', 'constraint', 'payments.idempotency_records', 'idempotency_records_request_hash_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t11
    ADD CONSTRAINT schemac_c35 CHECK (response_code BETWEEN 100 AND 599);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint idempotency_records_response_code_check on payments.idempotency_records', 'constraint', 'payments.idempotency_records', 'idempotency_records_response_code_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i20 ON pg_temp.schemac_t11 (expires_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.idempotency_records_expires_at_idx', 'index', 'payments.idempotency_records', 'payments.idempotency_records_expires_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i21 ON pg_temp.schemac_t11 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.idempotency_records_tenant_id_business_unit_id_idx', 'index', 'payments.idempotency_records', 'payments.idempotency_records_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t11
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.idempotency_records', 'policy', 'payments.idempotency_records', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.ledger_accounts
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t12 ();
COMMENT ON TABLE pg_temp.schemac_t12 IS 'The chart of accounts; one currency per account';
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN account_number character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.account_number', 'column', 'payments.ledger_accounts', 'account_number', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN name character varying(140) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.name', 'column', 'payments.ledger_accounts', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN account_type payments.ledger_account_type NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.account_type', 'column', 'payments.ledger_accounts', 'account_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.currency', 'column', 'payments.ledger_accounts', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN allow_negative boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN pg_temp.schemac_t12.allow_negative IS 'false forbids postings that take the balance below zero';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.allow_negative', 'column', 'payments.ledger_accounts', 'allow_negative', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.tenant_id', 'column', 'payments.ledger_accounts', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.business_unit_id', 'column', 'payments.ledger_accounts', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.created_at', 'column', 'payments.ledger_accounts', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_accounts.updated_at', 'column', 'payments.ledger_accounts', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12
    ADD CONSTRAINT schemac_c36 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint ledger_accounts_currency_check on payments.ledger_accounts', 'constraint', 'payments.ledger_accounts', 'ledger_accounts_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t12
    ADD CONSTRAINT schemac_c37 PRIMARY KEY (tenant_id, account_number);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint ledger_accounts_pkey on payments.ledger_accounts', 'constraint', 'payments.ledger_accounts', 'ledger_accounts_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i22 ON pg_temp.schemac_t12 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.ledger_accounts_tenant_id_business_unit_id_idx', 'index', 'payments.ledger_accounts', 'payments.ledger_accounts_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t12
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.ledger_accounts', 'policy', 'payments.ledger_accounts', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t12
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.ledger_accounts', 'trigger', 'payments.ledger_accounts', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t12
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.ledger_accounts', 'trigger', 'payments.ledger_accounts', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.ledger_entries
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t13 ();
COMMENT ON TABLE pg_temp.schemac_t13 IS 'Double-entry ledger lines, immutable. amount > 0 is a debit, amount < 0 a credit; the lines of a journal sum to zero per currency.
';
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.id', 'column', 'payments.ledger_entries', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN journal_id uuid NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t13.journal_id IS 'One balanced posting';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.journal_id', 'column', 'payments.ledger_entries', 'journal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN transaction_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.transaction_id', 'column', 'payments.ledger_entries', 'transaction_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN account_number character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.account_number', 'column', 'payments.ledger_entries', 'account_number', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.amount', 'column', 'payments.ledger_entries', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.currency', 'column', 'payments.ledger_entries', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN description character varying(140);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.description', 'column', 'payments.ledger_entries', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN value_date date NOT NULL DEFAULT CURRENT_DATE;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.value_date', 'column', 'payments.ledger_entries', 'value_date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN posted_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.posted_at', 'column', 'payments.ledger_entries', 'posted_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.tenant_id', 'column', 'payments.ledger_entries', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.ledger_entries.business_unit_id', 'column', 'payments.ledger_entries', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13
    ADD CONSTRAINT schemac_c38 CHECK (amount <> 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint ledger_entries_amount_check on payments.ledger_entries', 'constraint', 'payments.ledger_entries', 'ledger_entries_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13
    ADD CONSTRAINT schemac_c39 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint ledger_entries_currency_check on payments.ledger_entries', 'constraint', 'payments.ledger_entries', 'ledger_entries_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t13
    ADD CONSTRAINT schemac_c40 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint ledger_entries_pkey on payments.ledger_entries', 'constraint', 'payments.ledger_entries', 'ledger_entries_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i23 ON pg_temp.schemac_t13 (tenant_id, account_number, posted_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.ledger_entries_tenant_id_account_number_posted_at_idx', 'index', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_account_number_posted_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i24 ON pg_temp.schemac_t13 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.ledger_entries_tenant_id_business_unit_id_idx', 'index', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i25 ON pg_temp.schemac_t13 (tenant_id, journal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.ledger_entries_tenant_id_journal_id_idx', 'index', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_journal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i26 ON pg_temp.schemac_t13 (tenant_id, transaction_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.ledger_entries_tenant_id_transaction_id_idx', 'index', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_transaction_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t13
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.ledger_entries', 'policy', 'payments.ledger_entries', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER apply_to_balance
    AFTER INSERT ON pg_temp.schemac_t13
    FOR EACH ROW
    EXECUTE FUNCTION payments.apply_ledger_entry();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger apply_to_balance on payments.ledger_entries', 'trigger', 'payments.ledger_entries', 'apply_to_balance', SQLERRM);
END;
BEGIN
CREATE TRIGGER check_journal_balanced
    AFTER INSERT ON pg_temp.schemac_t13
    FOR EACH ROW
    EXECUTE FUNCTION payments.check_journal_balanced();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger check_journal_balanced on payments.ledger_entries', 'trigger', 'payments.ledger_entries', 'check_journal_balanced', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_change
    BEFORE UPDATE OR DELETE ON pg_temp.schemac_t13
    FOR EACH ROW
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_change on payments.ledger_entries', 'trigger', 'payments.ledger_entries', 'forbid_change', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_truncate
    BEFORE TRUNCATE ON pg_temp.schemac_t13
    FOR EACH STATEMENT
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_truncate on payments.ledger_entries', 'trigger', 'payments.ledger_entries', 'forbid_truncate', SQLERRM);
END;
END
$schemac$;
-- table payments.limit_reservations
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t14 ();
COMMENT ON TABLE pg_temp.schemac_t14 IS 'An amount held against a customer limit while a payment is processed';
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.id', 'column', 'payments.limit_reservations', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN limit_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.limit_id', 'column', 'payments.limit_reservations', 'limit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.payment_id', 'column', 'payments.limit_reservations', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.amount', 'column', 'payments.limit_reservations', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN status payments.reservation_status NOT NULL DEFAULT 'HELD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.status', 'column', 'payments.limit_reservations', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN expires_at timestamp with time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.expires_at', 'column', 'payments.limit_reservations', 'expires_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.tenant_id', 'column', 'payments.limit_reservations', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.business_unit_id', 'column', 'payments.limit_reservations', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.created_at', 'column', 'payments.limit_reservations', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.limit_reservations.updated_at', 'column', 'payments.limit_reservations', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14
    ADD CONSTRAINT schemac_c41 CHECK (amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint limit_reservations_amount_check on payments.limit_reservations', 'constraint', 'payments.limit_reservations', 'limit_reservations_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14
    ADD CONSTRAINT schemac_c42 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint limit_reservations_pkey on payments.limit_reservations', 'constraint', 'payments.limit_reservations', 'limit_reservations_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t14
    ADD CONSTRAINT schemac_c43 UNIQUE (tenant_id, payment_id, limit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint limit_reservations_tenant_id_payment_id_limit_id_key on payments.limit_reservations', 'constraint', 'payments.limit_reservations', 'limit_reservations_tenant_id_payment_id_limit_id_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i27 ON pg_temp.schemac_t14 (expires_at) WHERE (status = 'HELD');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.limit_reservations_expires_at_idx', 'index', 'payments.limit_reservations', 'payments.limit_reservations_expires_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i28 ON pg_temp.schemac_t14 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.limit_reservations_tenant_id_business_unit_id_idx', 'index', 'payments.limit_reservations', 'payments.limit_reservations_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i29 ON pg_temp.schemac_t14 (tenant_id, limit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.limit_reservations_tenant_id_limit_id_idx', 'index', 'payments.limit_reservations', 'payments.limit_reservations_tenant_id_limit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t14
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.limit_reservations', 'policy', 'payments.limit_reservations', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t14
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.limit_reservations', 'trigger', 'payments.limit_reservations', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.payment_fees
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t15 ();
COMMENT ON TABLE pg_temp.schemac_t15 IS 'Fees charged on a payment';
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.id', 'column', 'payments.payment_fees', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.payment_id', 'column', 'payments.payment_fees', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN fee_type character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.fee_type', 'column', 'payments.payment_fees', 'fee_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.amount', 'column', 'payments.payment_fees', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN vat_amount numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.vat_amount', 'column', 'payments.payment_fees', 'vat_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.currency', 'column', 'payments.payment_fees', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.created_at', 'column', 'payments.payment_fees', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.tenant_id', 'column', 'payments.payment_fees', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_fees.business_unit_id', 'column', 'payments.payment_fees', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15
    ADD CONSTRAINT schemac_c44 CHECK (amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payment_fees_amount_check on payments.payment_fees', 'constraint', 'payments.payment_fees', 'payment_fees_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15
    ADD CONSTRAINT schemac_c45 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payment_fees_currency_check on payments.payment_fees', 'constraint', 'payments.payment_fees', 'payment_fees_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15
    ADD CONSTRAINT schemac_c46 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payment_fees_pkey on payments.payment_fees', 'constraint', 'payments.payment_fees', 'payment_fees_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t15
    ADD CONSTRAINT schemac_c47 CHECK (vat_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payment_fees_vat_amount_check on payments.payment_fees', 'constraint', 'payments.payment_fees', 'payment_fees_vat_amount_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i30 ON pg_temp.schemac_t15 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payment_fees_tenant_id_business_unit_id_idx', 'index', 'payments.payment_fees', 'payments.payment_fees_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i31 ON pg_temp.schemac_t15 (tenant_id, payment_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payment_fees_tenant_id_payment_id_idx', 'index', 'payments.payment_fees', 'payments.payment_fees_tenant_id_payment_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t15
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.payment_fees', 'policy', 'payments.payment_fees', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.payment_status_history
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t16 ();
COMMENT ON TABLE pg_temp.schemac_t16 IS 'Every status a payment went through; written by the record_status trigger of payments';
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.id', 'column', 'payments.payment_status_history', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.payment_id', 'column', 'payments.payment_status_history', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN from_status payments.payment_status;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.from_status', 'column', 'payments.payment_status_history', 'from_status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN to_status payments.payment_status NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.to_status', 'column', 'payments.payment_status_history', 'to_status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN reason text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.reason', 'column', 'payments.payment_status_history', 'reason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN changed_by text NOT NULL DEFAULT session_user;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.changed_by', 'column', 'payments.payment_status_history', 'changed_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN changed_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.changed_at', 'column', 'payments.payment_status_history', 'changed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.tenant_id', 'column', 'payments.payment_status_history', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payment_status_history.business_unit_id', 'column', 'payments.payment_status_history', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t16
    ADD CONSTRAINT schemac_c48 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payment_status_history_pkey on payments.payment_status_history', 'constraint', 'payments.payment_status_history', 'payment_status_history_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i32 ON pg_temp.schemac_t16 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payment_status_history_tenant_id_business_unit_id_idx', 'index', 'payments.payment_status_history', 'payments.payment_status_history_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i33 ON pg_temp.schemac_t16 (tenant_id, payment_id, changed_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payment_status_history_tenant_id_payment_id_changed_at_idx', 'index', 'payments.payment_status_history', 'payments.payment_status_history_tenant_id_payment_id_changed_at_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t16
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.payment_status_history', 'policy', 'payments.payment_status_history', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_change
    BEFORE UPDATE OR DELETE ON pg_temp.schemac_t16
    FOR EACH ROW
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_change on payments.payment_status_history', 'trigger', 'payments.payment_status_history', 'forbid_change', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_truncate
    BEFORE TRUNCATE ON pg_temp.schemac_t16
    FOR EACH STATEMENT
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_truncate on payments.payment_status_history', 'trigger', 'payments.payment_status_history', 'forbid_truncate', SQLERRM);
END;
END
$schemac$;
-- table payments.payments
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t17 ();
COMMENT ON TABLE pg_temp.schemac_t17 IS 'One payment instruction';
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.id', 'column', 'payments.payments', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN payment_reference character varying(35) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t17.payment_reference IS 'ISO 20022 end-to-end id';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.payment_reference', 'column', 'payments.payments', 'payment_reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN payment_type payments.payment_type NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.payment_type', 'column', 'payments.payments', 'payment_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN channel payments.payment_channel NOT NULL DEFAULT 'API';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.channel', 'column', 'payments.payments', 'channel', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN status payments.payment_status NOT NULL DEFAULT 'INITIATED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.status', 'column', 'payments.payments', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.amount', 'column', 'payments.payments', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN currency character(3) NOT NULL DEFAULT 'ZAR';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.currency', 'column', 'payments.payments', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN debtor_account character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.debtor_account', 'column', 'payments.payments', 'debtor_account', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN debtor_name character varying(140);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.debtor_name', 'column', 'payments.payments', 'debtor_name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN creditor_account character varying(34) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.creditor_account', 'column', 'payments.payments', 'creditor_account', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN creditor_name character varying(140);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.creditor_name', 'column', 'payments.payments', 'creditor_name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN creditor_agent_bic character varying(11);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.creditor_agent_bic', 'column', 'payments.payments', 'creditor_agent_bic', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN remittance_info character varying(140);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.remittance_info', 'column', 'payments.payments', 'remittance_info', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN requested_execution_date date NOT NULL DEFAULT CURRENT_DATE;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.requested_execution_date', 'column', 'payments.payments', 'requested_execution_date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN customer_id character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.customer_id', 'column', 'payments.payments', 'customer_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN initiated_by character varying(100) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.initiated_by', 'column', 'payments.payments', 'initiated_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN failure_reason text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.failure_reason', 'column', 'payments.payments', 'failure_reason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN completed_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.completed_at', 'column', 'payments.payments', 'completed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.tenant_id', 'column', 'payments.payments', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.business_unit_id', 'column', 'payments.payments', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.created_at', 'column', 'payments.payments', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.payments.updated_at', 'column', 'payments.payments', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c49 CHECK (amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_amount_check on payments.payments', 'constraint', 'payments.payments', 'payments_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c50 CHECK (status NOT IN ('COMPLETED', 'REVERSED') OR completed_at IS NOT NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_completed_at_check on payments.payments', 'constraint', 'payments.payments', 'payments_completed_at_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c51 CHECK (creditor_agent_bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_creditor_agent_bic_check on payments.payments', 'constraint', 'payments.payments', 'payments_creditor_agent_bic_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c52 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_currency_check on payments.payments', 'constraint', 'payments.payments', 'payments_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c53 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_pkey on payments.payments', 'constraint', 'payments.payments', 'payments_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t17
    ADD CONSTRAINT schemac_c54 UNIQUE (tenant_id, payment_reference);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint payments_tenant_id_payment_reference_key on payments.payments', 'constraint', 'payments.payments', 'payments_tenant_id_payment_reference_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i34 ON pg_temp.schemac_t17 USING brin (created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payments_created_at_idx', 'index', 'payments.payments', 'payments.payments_created_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i35 ON pg_temp.schemac_t17 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payments_tenant_id_business_unit_id_idx', 'index', 'payments.payments', 'payments.payments_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i36 ON pg_temp.schemac_t17 (tenant_id, customer_id, created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payments_tenant_id_customer_id_created_at_idx', 'index', 'payments.payments', 'payments.payments_tenant_id_customer_id_created_at_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i37 ON pg_temp.schemac_t17 (tenant_id, status, created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.payments_tenant_id_status_created_at_idx', 'index', 'payments.payments', 'payments.payments_tenant_id_status_created_at_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t17
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.payments', 'policy', 'payments.payments', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t17
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.payments', 'trigger', 'payments.payments', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER check_status_transition
    BEFORE UPDATE OF status ON pg_temp.schemac_t17
    FOR EACH ROW
    EXECUTE FUNCTION payments.check_payment_status_transition();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger check_status_transition on payments.payments', 'trigger', 'payments.payments', 'check_status_transition', SQLERRM);
END;
BEGIN
CREATE TRIGGER record_status
    AFTER INSERT OR UPDATE OF status ON pg_temp.schemac_t17
    FOR EACH ROW
    EXECUTE FUNCTION payments.record_payment_status();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger record_status on payments.payments', 'trigger', 'payments.payments', 'record_status', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t17
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.payments', 'trigger', 'payments.payments', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.tenant_api_keys
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t18 ();
COMMENT ON TABLE pg_temp.schemac_t18 IS 'API keys of a business unit; only a SHA-256 hash is stored';
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.id', 'column', 'payments.tenant_api_keys', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN key_prefix character varying(12) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t18.key_prefix IS 'First characters of the key: shown to users';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.key_prefix', 'column', 'payments.tenant_api_keys', 'key_prefix', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN key_hash character(64) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t18.key_hash IS 'Hex SHA-256 of the key, never the key itself';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.key_hash', 'column', 'payments.tenant_api_keys', 'key_hash', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN name character varying(100) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.name', 'column', 'payments.tenant_api_keys', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN scopes text[] NOT NULL DEFAULT '{}';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.scopes', 'column', 'payments.tenant_api_keys', 'scopes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN rate_limit_per_minute integer NOT NULL DEFAULT 600;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.rate_limit_per_minute', 'column', 'payments.tenant_api_keys', 'rate_limit_per_minute', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN expires_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.expires_at', 'column', 'payments.tenant_api_keys', 'expires_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN last_used_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.last_used_at', 'column', 'payments.tenant_api_keys', 'last_used_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN revoked_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.revoked_at', 'column', 'payments.tenant_api_keys', 'revoked_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.tenant_id', 'column', 'payments.tenant_api_keys', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.business_unit_id', 'column', 'payments.tenant_api_keys', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.created_at', 'column', 'payments.tenant_api_keys', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_api_keys.updated_at', 'column', 'payments.tenant_api_keys', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18
    ADD CONSTRAINT schemac_c55 CHECK (key_hash ~ '^[0-9a-f]{64}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_api_keys_key_hash_check on payments.tenant_api_keys', 'constraint', 'payments.tenant_api_keys', 'tenant_api_keys_key_hash_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18
    ADD CONSTRAINT schemac_c56 UNIQUE (key_prefix);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_api_keys_key_prefix_key on payments.tenant_api_keys', 'constraint', 'payments.tenant_api_keys', 'tenant_api_keys_key_prefix_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18
    ADD CONSTRAINT schemac_c57 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_api_keys_pkey on payments.tenant_api_keys', 'constraint', 'payments.tenant_api_keys', 'tenant_api_keys_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t18
    ADD CONSTRAINT schemac_c58 CHECK (rate_limit_per_minute > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_api_keys_rate_limit_per_minute_check on payments.tenant_api_keys', 'constraint', 'payments.tenant_api_keys', 'tenant_api_keys_rate_limit_per_minute_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i38 ON pg_temp.schemac_t18 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.tenant_api_keys_tenant_id_business_unit_id_idx', 'index', 'payments.tenant_api_keys', 'payments.tenant_api_keys_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i39 ON pg_temp.schemac_t18 (tenant_id, expires_at) WHERE (revoked_at IS NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.tenant_api_keys_tenant_id_expires_at_idx', 'index', 'payments.tenant_api_keys', 'payments.tenant_api_keys_tenant_id_expires_at_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t18
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.tenant_api_keys', 'policy', 'payments.tenant_api_keys', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t18
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row('key_hash');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.tenant_api_keys', 'trigger', 'payments.tenant_api_keys', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t18
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.tenant_api_keys', 'trigger', 'payments.tenant_api_keys', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.tenant_configs
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t19 ();
COMMENT ON TABLE pg_temp.schemac_t19 IS 'Per business unit configuration values';
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.id', 'column', 'payments.tenant_configs', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN config_key character varying(100) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.config_key', 'column', 'payments.tenant_configs', 'config_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN config_value jsonb NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.config_value', 'column', 'payments.tenant_configs', 'config_value', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.tenant_id', 'column', 'payments.tenant_configs', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.business_unit_id', 'column', 'payments.tenant_configs', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.created_at', 'column', 'payments.tenant_configs', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenant_configs.updated_at', 'column', 'payments.tenant_configs', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19
    ADD CONSTRAINT schemac_c59 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_configs_pkey on payments.tenant_configs', 'constraint', 'payments.tenant_configs', 'tenant_configs_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t19
    ADD CONSTRAINT schemac_c60 UNIQUE (tenant_id, config_key, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenant_configs_tenant_id_config_key_business_unit_id_key on payments.tenant_configs', 'constraint', 'payments.tenant_configs', 'tenant_configs_tenant_id_config_key_business_unit_id_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i40 ON pg_temp.schemac_t19 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.tenant_configs_tenant_id_business_unit_id_idx', 'index', 'payments.tenant_configs', 'payments.tenant_configs_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t19
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.tenant_configs', 'policy', 'payments.tenant_configs', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t19
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.tenant_configs', 'trigger', 'payments.tenant_configs', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t19
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.tenant_configs', 'trigger', 'payments.tenant_configs', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.tenants
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t20 ();
COMMENT ON TABLE pg_temp.schemac_t20 IS 'A client institution of the payments engine (level 1 of tenant -> business unit -> customer)';
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.tenant_id', 'column', 'payments.tenants', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN name character varying(200) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.name', 'column', 'payments.tenants', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN status payments.tenant_status NOT NULL DEFAULT 'ACTIVE';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.status', 'column', 'payments.tenants', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN country_code character(2) NOT NULL DEFAULT 'ZA';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.country_code', 'column', 'payments.tenants', 'country_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN default_currency character(3) NOT NULL DEFAULT 'ZAR';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.default_currency', 'column', 'payments.tenants', 'default_currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.created_at', 'column', 'payments.tenants', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.tenants.updated_at', 'column', 'payments.tenants', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20
    ADD CONSTRAINT schemac_c61 CHECK (country_code ~ '^[A-Z]{2}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenants_country_code_check on payments.tenants', 'constraint', 'payments.tenants', 'tenants_country_code_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20
    ADD CONSTRAINT schemac_c62 CHECK (default_currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenants_default_currency_check on payments.tenants', 'constraint', 'payments.tenants', 'tenants_default_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20
    ADD CONSTRAINT schemac_c63 PRIMARY KEY (tenant_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenants_pkey on payments.tenants', 'constraint', 'payments.tenants', 'tenants_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t20
    ADD CONSTRAINT schemac_c64 CHECK (tenant_id ~ '^[A-Z0-9_-]+$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint tenants_tenant_id_check on payments.tenants', 'constraint', 'payments.tenants', 'tenants_tenant_id_check', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t20
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.tenants', 'policy', 'payments.tenants', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t20
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.tenants', 'trigger', 'payments.tenants', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t20
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.tenants', 'trigger', 'payments.tenants', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.transaction_events
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t21 ();
COMMENT ON TABLE pg_temp.schemac_t21 IS 'Event-sourced state changes of a transaction (append-only)';
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.id', 'column', 'payments.transaction_events', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN transaction_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.transaction_id', 'column', 'payments.transaction_events', 'transaction_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN sequence_number integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.sequence_number', 'column', 'payments.transaction_events', 'sequence_number', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN event_type character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.event_type', 'column', 'payments.transaction_events', 'event_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN payload jsonb NOT NULL DEFAULT '{}';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.payload', 'column', 'payments.transaction_events', 'payload', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN occurred_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.occurred_at', 'column', 'payments.transaction_events', 'occurred_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.tenant_id', 'column', 'payments.transaction_events', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_events.business_unit_id', 'column', 'payments.transaction_events', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21
    ADD CONSTRAINT schemac_c65 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_events_pkey on payments.transaction_events', 'constraint', 'payments.transaction_events', 'transaction_events_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21
    ADD CONSTRAINT schemac_c66 CHECK (sequence_number > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_events_sequence_number_check on payments.transaction_events', 'constraint', 'payments.transaction_events', 'transaction_events_sequence_number_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t21
    ADD CONSTRAINT schemac_c67 UNIQUE (tenant_id, transaction_id, sequence_number);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_events_tenant_id_transaction_id_sequence_number_key on payments.transaction_events', 'constraint', 'payments.transaction_events', 'transaction_events_tenant_id_transaction_id_sequence_number_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i41 ON pg_temp.schemac_t21 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.transaction_events_tenant_id_business_unit_id_idx', 'index', 'payments.transaction_events', 'payments.transaction_events_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t21
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.transaction_events', 'policy', 'payments.transaction_events', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_change
    BEFORE UPDATE OR DELETE ON pg_temp.schemac_t21
    FOR EACH ROW
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_change on payments.transaction_events', 'trigger', 'payments.transaction_events', 'forbid_change', SQLERRM);
END;
BEGIN
CREATE TRIGGER forbid_truncate
    BEFORE TRUNCATE ON pg_temp.schemac_t21
    FOR EACH STATEMENT
    EXECUTE FUNCTION payments.forbid_change();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger forbid_truncate on payments.transaction_events', 'trigger', 'payments.transaction_events', 'forbid_truncate', SQLERRM);
END;
END
$schemac$;
-- table payments.transaction_reversals
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t22 ();
COMMENT ON TABLE pg_temp.schemac_t22 IS 'Links a transaction to the transaction that reverses it; a transaction is reversed at most once';
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.id', 'column', 'payments.transaction_reversals', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN original_transaction_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.original_transaction_id', 'column', 'payments.transaction_reversals', 'original_transaction_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN reversal_transaction_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.reversal_transaction_id', 'column', 'payments.transaction_reversals', 'reversal_transaction_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN reason text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.reason', 'column', 'payments.transaction_reversals', 'reason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN requested_by character varying(100) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.requested_by', 'column', 'payments.transaction_reversals', 'requested_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN reversed_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.reversed_at', 'column', 'payments.transaction_reversals', 'reversed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.tenant_id', 'column', 'payments.transaction_reversals', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transaction_reversals.business_unit_id', 'column', 'payments.transaction_reversals', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22
    ADD CONSTRAINT schemac_c68 CHECK (original_transaction_id <> reversal_transaction_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_reversals_distinct on payments.transaction_reversals', 'constraint', 'payments.transaction_reversals', 'transaction_reversals_distinct', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22
    ADD CONSTRAINT schemac_c69 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_reversals_pkey on payments.transaction_reversals', 'constraint', 'payments.transaction_reversals', 'transaction_reversals_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22
    ADD CONSTRAINT schemac_c70 UNIQUE (tenant_id, original_transaction_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_reversals_tenant_id_original_transaction_id_key on payments.transaction_reversals', 'constraint', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_original_transaction_id_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t22
    ADD CONSTRAINT schemac_c71 UNIQUE (tenant_id, reversal_transaction_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_reversals_tenant_id_reversal_transaction_id_key on payments.transaction_reversals', 'constraint', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_reversal_transaction_id_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i42 ON pg_temp.schemac_t22 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.transaction_reversals_tenant_id_business_unit_id_idx', 'index', 'payments.transaction_reversals', 'payments.transaction_reversals_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t22
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.transaction_reversals', 'policy', 'payments.transaction_reversals', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t22
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.transaction_reversals', 'trigger', 'payments.transaction_reversals', 'audit', SQLERRM);
END;
END
$schemac$;
-- table payments.transactions
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t23 ();
COMMENT ON TABLE pg_temp.schemac_t23 IS 'The processing of a payment; its ledger journals reference it';
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.id', 'column', 'payments.transactions', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN payment_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.payment_id', 'column', 'payments.transactions', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN transaction_reference character varying(35) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.transaction_reference', 'column', 'payments.transactions', 'transaction_reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN status payments.transaction_status NOT NULL DEFAULT 'CREATED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.status', 'column', 'payments.transactions', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.amount', 'column', 'payments.transactions', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN currency character(3) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.currency', 'column', 'payments.transactions', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN posted_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.posted_at', 'column', 'payments.transactions', 'posted_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.tenant_id', 'column', 'payments.transactions', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.business_unit_id', 'column', 'payments.transactions', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.created_at', 'column', 'payments.transactions', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.transactions.updated_at', 'column', 'payments.transactions', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23
    ADD CONSTRAINT schemac_c72 CHECK (amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transactions_amount_check on payments.transactions', 'constraint', 'payments.transactions', 'transactions_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23
    ADD CONSTRAINT schemac_c73 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transactions_currency_check on payments.transactions', 'constraint', 'payments.transactions', 'transactions_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23
    ADD CONSTRAINT schemac_c74 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transactions_pkey on payments.transactions', 'constraint', 'payments.transactions', 'transactions_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t23
    ADD CONSTRAINT schemac_c75 UNIQUE (tenant_id, transaction_reference);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transactions_tenant_id_transaction_reference_key on payments.transactions', 'constraint', 'payments.transactions', 'transactions_tenant_id_transaction_reference_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i43 ON pg_temp.schemac_t23 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.transactions_tenant_id_business_unit_id_idx', 'index', 'payments.transactions', 'payments.transactions_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i44 ON pg_temp.schemac_t23 (tenant_id, payment_id) WHERE (payment_id IS NOT NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.transactions_tenant_id_payment_id_idx', 'index', 'payments.transactions', 'payments.transactions_tenant_id_payment_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i45 ON pg_temp.schemac_t23 (tenant_id, status, created_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.transactions_tenant_id_status_created_at_idx', 'index', 'payments.transactions', 'payments.transactions_tenant_id_status_created_at_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t23
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.transactions', 'policy', 'payments.transactions', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t23
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.transactions', 'trigger', 'payments.transactions', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t23
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.transactions', 'trigger', 'payments.transactions', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table payments.validation_results
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t24 ();
COMMENT ON TABLE pg_temp.schemac_t24 IS 'The outcome of one rule on one payment';
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.id', 'column', 'payments.validation_results', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN payment_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.payment_id', 'column', 'payments.validation_results', 'payment_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN rule_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.rule_id', 'column', 'payments.validation_results', 'rule_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN outcome payments.validation_outcome NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.outcome', 'column', 'payments.validation_results', 'outcome', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN message text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.message', 'column', 'payments.validation_results', 'message', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN details jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.details', 'column', 'payments.validation_results', 'details', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN validated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.validated_at', 'column', 'payments.validation_results', 'validated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.tenant_id', 'column', 'payments.validation_results', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_results.business_unit_id', 'column', 'payments.validation_results', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t24
    ADD CONSTRAINT schemac_c76 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint validation_results_pkey on payments.validation_results', 'constraint', 'payments.validation_results', 'validation_results_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i46 ON pg_temp.schemac_t24 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.validation_results_tenant_id_business_unit_id_idx', 'index', 'payments.validation_results', 'payments.validation_results_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i47 ON pg_temp.schemac_t24 (tenant_id, payment_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.validation_results_tenant_id_payment_id_idx', 'index', 'payments.validation_results', 'payments.validation_results_tenant_id_payment_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i48 ON pg_temp.schemac_t24 (tenant_id, rule_id) WHERE (rule_id IS NOT NULL);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.validation_results_tenant_id_rule_id_idx', 'index', 'payments.validation_results', 'payments.validation_results_tenant_id_rule_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t24
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.validation_results', 'policy', 'payments.validation_results', 'tenant_isolation', SQLERRM);
END;
END
$schemac$;
-- table payments.validation_rules
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t25 ();
COMMENT ON TABLE pg_temp.schemac_t25 IS 'Configurable validation rules of a business unit';
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.id', 'column', 'payments.validation_rules', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN rule_code character varying(50) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.rule_code', 'column', 'payments.validation_rules', 'rule_code', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN rule_type payments.validation_rule_type NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.rule_type', 'column', 'payments.validation_rules', 'rule_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN severity payments.validation_severity NOT NULL DEFAULT 'BLOCKING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.severity', 'column', 'payments.validation_rules', 'severity', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN description text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.description', 'column', 'payments.validation_rules', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN config jsonb NOT NULL DEFAULT '{}';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.config', 'column', 'payments.validation_rules', 'config', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN priority integer NOT NULL DEFAULT 100;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.priority', 'column', 'payments.validation_rules', 'priority', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN is_active boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.is_active', 'column', 'payments.validation_rules', 'is_active', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN tenant_id character varying(20) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.tenant_id', 'column', 'payments.validation_rules', 'tenant_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN business_unit_id character varying(30) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.business_unit_id', 'column', 'payments.validation_rules', 'business_unit_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.created_at', 'column', 'payments.validation_rules', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column payments.validation_rules.updated_at', 'column', 'payments.validation_rules', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25
    ADD CONSTRAINT schemac_c77 PRIMARY KEY (tenant_id, id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint validation_rules_pkey on payments.validation_rules', 'constraint', 'payments.validation_rules', 'validation_rules_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t25
    ADD CONSTRAINT schemac_c78 UNIQUE (tenant_id, rule_code, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint validation_rules_tenant_id_rule_code_business_unit_id_key on payments.validation_rules', 'constraint', 'payments.validation_rules', 'validation_rules_tenant_id_rule_code_business_unit_id_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i49 ON pg_temp.schemac_t25 (tenant_id, business_unit_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index payments.validation_rules_tenant_id_business_unit_id_idx', 'index', 'payments.validation_rules', 'payments.validation_rules_tenant_id_business_unit_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY tenant_isolation ON pg_temp.schemac_t25
    AS PERMISSIVE
    FOR ALL
    TO PUBLIC
    USING (tenant_id = current_setting('app.current_tenant_id', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy tenant_isolation on payments.validation_rules', 'policy', 'payments.validation_rules', 'tenant_isolation', SQLERRM);
END;
BEGIN
CREATE TRIGGER audit
    AFTER INSERT OR UPDATE OR DELETE ON pg_temp.schemac_t25
    FOR EACH ROW
    EXECUTE FUNCTION payments.audit_row();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger audit on payments.validation_rules', 'trigger', 'payments.validation_rules', 'audit', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t25
    FOR EACH ROW
    EXECUTE FUNCTION payments.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on payments.validation_rules', 'trigger', 'payments.validation_rules', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public."BankAccount"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t26 ();
COMMENT ON TABLE pg_temp.schemac_t26 IS 'Individual bank accounts linked via Stitch';
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount".id', 'column', 'public."BankAccount"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."connectionId"', 'column', 'public."BankAccount"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "accountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountId"', 'column', 'public."BankAccount"', 'accountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "accountName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountName"', 'column', 'public."BankAccount"', 'accountName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "accountNumber" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountNumber"', 'column', 'public."BankAccount"', 'accountNumber', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "accountType" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."accountType"', 'column', 'public."BankAccount"', 'accountType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "bankName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."bankName"', 'column', 'public."BankAccount"', 'bankName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN currency text DEFAULT 'ZAR';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount".currency', 'column', 'public."BankAccount"', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "currentBalance" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."currentBalance"', 'column', 'public."BankAccount"', 'currentBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "availableBalance" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."availableBalance"', 'column', 'public."BankAccount"', 'availableBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "isActive" boolean DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."isActive"', 'column', 'public."BankAccount"', 'isActive', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."createdAt"', 'column', 'public."BankAccount"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankAccount"."updatedAt"', 'column', 'public."BankAccount"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26
    ADD CONSTRAINT schemac_c79 UNIQUE ("connectionId", "accountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankAccount_connectionId_accountId_key" on public."BankAccount"', 'constraint', 'public."BankAccount"', 'BankAccount_connectionId_accountId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t26
    ADD CONSTRAINT schemac_c80 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankAccount_pkey" on public."BankAccount"', 'constraint', 'public."BankAccount"', 'BankAccount_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i50 ON pg_temp.schemac_t26 ("accountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankAccount_accountId_idx"', 'index', 'public."BankAccount"', 'public."BankAccount_accountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i51 ON pg_temp.schemac_t26 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankAccount_connectionId_idx"', 'index', 'public."BankAccount"', 'public."BankAccount_connectionId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."BankTransaction"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t27 ();
COMMENT ON TABLE pg_temp.schemac_t27 IS 'Transaction history with categorisation';
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".id', 'column', 'public."BankTransaction"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "bankAccountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."bankAccountId"', 'column', 'public."BankTransaction"', 'bankAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "transactionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."transactionId"', 'column', 'public."BankTransaction"', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN date timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".date', 'column', 'public."BankTransaction"', 'date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN description text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".description', 'column', 'public."BankTransaction"', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN amount numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".amount', 'column', 'public."BankTransaction"', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN balance numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".balance', 'column', 'public."BankTransaction"', 'balance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN category text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".category', 'column', 'public."BankTransaction"', 'category', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN reference text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction".reference', 'column', 'public."BankTransaction"', 'reference', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "isRevenue" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isRevenue"', 'column', 'public."BankTransaction"', 'isRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "isExpense" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isExpense"', 'column', 'public."BankTransaction"', 'isExpense', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "isTransfer" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."isTransfer"', 'column', 'public."BankTransaction"', 'isTransfer', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."BankTransaction"."createdAt"', 'column', 'public."BankTransaction"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27
    ADD CONSTRAINT schemac_c81 UNIQUE ("bankAccountId", "transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankTransaction_bankAccountId_transactionId_key" on public."BankTransaction"', 'constraint', 'public."BankTransaction"', 'BankTransaction_bankAccountId_transactionId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t27
    ADD CONSTRAINT schemac_c82 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "BankTransaction_pkey" on public."BankTransaction"', 'constraint', 'public."BankTransaction"', 'BankTransaction_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i52 ON pg_temp.schemac_t27 ("bankAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_bankAccountId_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_bankAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i53 ON pg_temp.schemac_t27 (date);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_date_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_date_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i54 ON pg_temp.schemac_t27 ("isRevenue");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."BankTransaction_isRevenue_idx"', 'index', 'public."BankTransaction"', 'public."BankTransaction_isRevenue_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."ManualUpload"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t28 ();
COMMENT ON TABLE pg_temp.schemac_t28 IS 'Manual document uploads (fallback when no feed is connected)';
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".id', 'column', 'public."ManualUpload"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "businessId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."businessId"', 'column', 'public."ManualUpload"', 'businessId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "dealId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."dealId"', 'column', 'public."ManualUpload"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "fileName" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileName"', 'column', 'public."ManualUpload"', 'fileName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "fileUrl" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileUrl"', 'column', 'public."ManualUpload"', 'fileUrl', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "fileSize" integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."fileSize"', 'column', 'public."ManualUpload"', 'fileSize', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "mimeType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."mimeType"', 'column', 'public."ManualUpload"', 'mimeType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "uploadType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."uploadType"', 'column', 'public."ManualUpload"', 'uploadType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".month', 'column', 'public."ManualUpload"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "extractedRevenue" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."extractedRevenue"', 'column', 'public."ManualUpload"', 'extractedRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "extractedData" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."extractedData"', 'column', 'public."ManualUpload"', 'extractedData', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload".status', 'column', 'public."ManualUpload"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "verifiedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."verifiedAt"', 'column', 'public."ManualUpload"', 'verifiedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "verifiedBy" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."verifiedBy"', 'column', 'public."ManualUpload"', 'verifiedBy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "rejectionReason" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."rejectionReason"', 'column', 'public."ManualUpload"', 'rejectionReason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "businessNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."businessNotes"', 'column', 'public."ManualUpload"', 'businessNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "adminNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."adminNotes"', 'column', 'public."ManualUpload"', 'adminNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."createdAt"', 'column', 'public."ManualUpload"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."ManualUpload"."updatedAt"', 'column', 'public."ManualUpload"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t28
    ADD CONSTRAINT schemac_c83 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "ManualUpload_pkey" on public."ManualUpload"', 'constraint', 'public."ManualUpload"', 'ManualUpload_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i55 ON pg_temp.schemac_t28 ("businessId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_businessId_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_businessId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i56 ON pg_temp.schemac_t28 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_dealId_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i57 ON pg_temp.schemac_t28 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_month_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i58 ON pg_temp.schemac_t28 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."ManualUpload_status_idx"', 'index', 'public."ManualUpload"', 'public."ManualUpload_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."Offering"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t29 ();
COMMENT ON TABLE pg_temp.schemac_t29 IS 'A real estate offering investors subscribe to; Prisma model Offering';
BEGIN
ALTER TABLE pg_temp.schemac_t29 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."Offering".id', 'column', 'public."Offering"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t29 ADD COLUMN name text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."Offering".name', 'column', 'public."Offering"', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t29 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."Offering"."createdAt"', 'column', 'public."Offering"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t29 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."Offering"."updatedAt"', 'column', 'public."Offering"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t29
    ADD CONSTRAINT schemac_c84 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "Offering_pkey" on public."Offering"', 'constraint', 'public."Offering"', 'Offering_pkey', SQLERRM);
END;
END
$schemac$;
-- table public."PayoutSchedule"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t30 ();
COMMENT ON TABLE pg_temp.schemac_t30 IS 'Scheduled investor payouts';
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".id', 'column', 'public."PayoutSchedule"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "dealId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."dealId"', 'column', 'public."PayoutSchedule"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".month', 'column', 'public."PayoutSchedule"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "totalRevenue" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."totalRevenue"', 'column', 'public."PayoutSchedule"', 'totalRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "revenueShareAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."revenueShareAmount"', 'column', 'public."PayoutSchedule"', 'revenueShareAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "platformFee" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."platformFee"', 'column', 'public."PayoutSchedule"', 'platformFee', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "netPayoutAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."netPayoutAmount"', 'column', 'public."PayoutSchedule"', 'netPayoutAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN status text DEFAULT 'SCHEDULED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".status', 'column', 'public."PayoutSchedule"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "scheduledDate" timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."scheduledDate"', 'column', 'public."PayoutSchedule"', 'scheduledDate', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "processedDate" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."processedDate"', 'column', 'public."PayoutSchedule"', 'processedDate', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "isPaused" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."isPaused"', 'column', 'public."PayoutSchedule"', 'isPaused', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "pauseReason" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."pauseReason"', 'column', 'public."PayoutSchedule"', 'pauseReason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "revenueRecordIds" jsonb NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."revenueRecordIds"', 'column', 'public."PayoutSchedule"', 'revenueRecordIds', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "investorCount" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."investorCount"', 'column', 'public."PayoutSchedule"', 'investorCount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN metadata jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule".metadata', 'column', 'public."PayoutSchedule"', 'metadata', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."createdAt"', 'column', 'public."PayoutSchedule"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."PayoutSchedule"."updatedAt"', 'column', 'public."PayoutSchedule"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30
    ADD CONSTRAINT schemac_c85 UNIQUE ("dealId", month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "PayoutSchedule_dealId_month_key" on public."PayoutSchedule"', 'constraint', 'public."PayoutSchedule"', 'PayoutSchedule_dealId_month_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t30
    ADD CONSTRAINT schemac_c86 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "PayoutSchedule_pkey" on public."PayoutSchedule"', 'constraint', 'public."PayoutSchedule"', 'PayoutSchedule_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i59 ON pg_temp.schemac_t30 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_dealId_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i60 ON pg_temp.schemac_t30 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_month_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i61 ON pg_temp.schemac_t30 ("scheduledDate");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_scheduledDate_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_scheduledDate_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i62 ON pg_temp.schemac_t30 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."PayoutSchedule_status_idx"', 'index', 'public."PayoutSchedule"', 'public."PayoutSchedule_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."RevenueConnection"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t31 ();
COMMENT ON TABLE pg_temp.schemac_t31 IS 'OAuth connections to banks and accounting software';
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".id', 'column', 'public."RevenueConnection"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "businessId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."businessId"', 'column', 'public."RevenueConnection"', 'businessId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "sourceType" public."RevenueSourceType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."sourceType"', 'column', 'public."RevenueConnection"', 'sourceType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN provider public."AccountingProvider";
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".provider', 'column', 'public."RevenueConnection"', 'provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "isConnected" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."isConnected"', 'column', 'public."RevenueConnection"', 'isConnected', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection".status', 'column', 'public."RevenueConnection"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "accessToken" text;
COMMENT ON COLUMN pg_temp.schemac_t31."accessToken" IS 'Encrypted by the application (AES-256-GCM); never log';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accessToken"', 'column', 'public."RevenueConnection"', 'accessToken', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "refreshToken" text;
COMMENT ON COLUMN pg_temp.schemac_t31."refreshToken" IS 'Encrypted by the application (AES-256-GCM); never log';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."refreshToken"', 'column', 'public."RevenueConnection"', 'refreshToken', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "tokenExpiresAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."tokenExpiresAt"', 'column', 'public."RevenueConnection"', 'tokenExpiresAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "accountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accountId"', 'column', 'public."RevenueConnection"', 'accountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "accountName" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."accountName"', 'column', 'public."RevenueConnection"', 'accountName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "lastSyncAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastSyncAt"', 'column', 'public."RevenueConnection"', 'lastSyncAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "lastSyncStatus" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastSyncStatus"', 'column', 'public."RevenueConnection"', 'lastSyncStatus', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "lastError" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."lastError"', 'column', 'public."RevenueConnection"', 'lastError', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "errorCount" integer DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."errorCount"', 'column', 'public."RevenueConnection"', 'errorCount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "connectedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."connectedAt"', 'column', 'public."RevenueConnection"', 'connectedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."createdAt"', 'column', 'public."RevenueConnection"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueConnection"."updatedAt"', 'column', 'public."RevenueConnection"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31
    ADD CONSTRAINT schemac_c87 UNIQUE ("businessId", "sourceType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueConnection_businessId_sourceType_key" on public."RevenueConnection"', 'constraint', 'public."RevenueConnection"', 'RevenueConnection_businessId_sourceType_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t31
    ADD CONSTRAINT schemac_c88 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueConnection_pkey" on public."RevenueConnection"', 'constraint', 'public."RevenueConnection"', 'RevenueConnection_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i63 ON pg_temp.schemac_t31 ("businessId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_businessId_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_businessId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i64 ON pg_temp.schemac_t31 ("lastSyncAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_lastSyncAt_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_lastSyncAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i65 ON pg_temp.schemac_t31 ("sourceType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_sourceType_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_sourceType_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i66 ON pg_temp.schemac_t31 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueConnection_status_idx"', 'index', 'public."RevenueConnection"', 'public."RevenueConnection_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."RevenueRecord"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t32 ();
COMMENT ON TABLE pg_temp.schemac_t32 IS 'Verified monthly revenue per deal';
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".id', 'column', 'public."RevenueRecord"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "dealId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."dealId"', 'column', 'public."RevenueRecord"', 'dealId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."connectionId"', 'column', 'public."RevenueRecord"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN month timestamp without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".month', 'column', 'public."RevenueRecord"', 'month', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN year integer NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".year', 'column', 'public."RevenueRecord"', 'year', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "totalRevenue" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."totalRevenue"', 'column', 'public."RevenueRecord"', 'totalRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "verifiedRevenue" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedRevenue"', 'column', 'public."RevenueRecord"', 'verifiedRevenue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "revenueShareAmount" numeric(15,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."revenueShareAmount"', 'column', 'public."RevenueRecord"', 'revenueShareAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "sourceType" public."RevenueSourceType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."sourceType"', 'column', 'public."RevenueRecord"', 'sourceType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "sourceData" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."sourceData"', 'column', 'public."RevenueRecord"', 'sourceData', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN status public."VerificationStatus" DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord".status', 'column', 'public."RevenueRecord"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "hasDiscrepancy" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."hasDiscrepancy"', 'column', 'public."RevenueRecord"', 'hasDiscrepancy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "discrepancyAmount" numeric(15,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."discrepancyAmount"', 'column', 'public."RevenueRecord"', 'discrepancyAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "discrepancyNotes" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."discrepancyNotes"', 'column', 'public."RevenueRecord"', 'discrepancyNotes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "payoutScheduled" boolean DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."payoutScheduled"', 'column', 'public."RevenueRecord"', 'payoutScheduled', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "payoutCompletedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."payoutCompletedAt"', 'column', 'public."RevenueRecord"', 'payoutCompletedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "verifiedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedAt"', 'column', 'public."RevenueRecord"', 'verifiedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "verifiedBy" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."verifiedBy"', 'column', 'public."RevenueRecord"', 'verifiedBy', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."createdAt"', 'column', 'public."RevenueRecord"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32 ADD COLUMN "updatedAt" timestamp without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."RevenueRecord"."updatedAt"', 'column', 'public."RevenueRecord"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32
    ADD CONSTRAINT schemac_c89 UNIQUE ("dealId", "connectionId", month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueRecord_dealId_connectionId_month_key" on public."RevenueRecord"', 'constraint', 'public."RevenueRecord"', 'RevenueRecord_dealId_connectionId_month_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t32
    ADD CONSTRAINT schemac_c90 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "RevenueRecord_pkey" on public."RevenueRecord"', 'constraint', 'public."RevenueRecord"', 'RevenueRecord_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i67 ON pg_temp.schemac_t32 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_connectionId_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_connectionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i68 ON pg_temp.schemac_t32 ("dealId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_dealId_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_dealId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i69 ON pg_temp.schemac_t32 (month);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_month_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_month_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i70 ON pg_temp.schemac_t32 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."RevenueRecord_status_idx"', 'index', 'public."RevenueRecord"', 'public."RevenueRecord_status_idx"', SQLERRM);
END;
END
$schemac$;
-- table public."User"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t33 ();
COMMENT ON TABLE pg_temp.schemac_t33 IS 'A platform user (investor, sponsor or admin); Prisma model User';
BEGIN
ALTER TABLE pg_temp.schemac_t33 ADD COLUMN id text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t33.id IS 'cuid generated by Prisma Client';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."User".id', 'column', 'public."User"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33 ADD COLUMN email text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."User".email', 'column', 'public."User"', 'email', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33 ADD COLUMN name text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."User".name', 'column', 'public."User"', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."User"."createdAt"', 'column', 'public."User"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."User"."updatedAt"', 'column', 'public."User"', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33
    ADD CONSTRAINT schemac_c91 UNIQUE (email);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "User_email_key" on public."User"', 'constraint', 'public."User"', 'User_email_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t33
    ADD CONSTRAINT schemac_c92 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "User_pkey" on public."User"', 'constraint', 'public."User"', 'User_pkey', SQLERRM);
END;
END
$schemac$;
-- table public."VerificationLog"
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t34 ();
COMMENT ON TABLE pg_temp.schemac_t34 IS 'Audit trail of verification events';
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".id', 'column', 'public."VerificationLog"', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "connectionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."connectionId"', 'column', 'public."VerificationLog"', 'connectionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "verificationType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."verificationType"', 'column', 'public."VerificationLog"', 'verificationType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN status text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".status', 'column', 'public."VerificationLog"', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "dataFetched" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."dataFetched"', 'column', 'public."VerificationLog"', 'dataFetched', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN discrepancies jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".discrepancies', 'column', 'public."VerificationLog"', 'discrepancies', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN message text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".message', 'column', 'public."VerificationLog"', 'message', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "errorDetails" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."errorDetails"', 'column', 'public."VerificationLog"', 'errorDetails', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN duration integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog".duration', 'column', 'public."VerificationLog"', 'duration', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "recordsProcessed" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."recordsProcessed"', 'column', 'public."VerificationLog"', 'recordsProcessed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "recordsFailed" integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."recordsFailed"', 'column', 'public."VerificationLog"', 'recordsFailed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34 ADD COLUMN "createdAt" timestamp without time zone DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public."VerificationLog"."createdAt"', 'column', 'public."VerificationLog"', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t34
    ADD CONSTRAINT schemac_c93 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "VerificationLog_pkey" on public."VerificationLog"', 'constraint', 'public."VerificationLog"', 'VerificationLog_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i71 ON pg_temp.schemac_t34 ("connectionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_connectionId_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_connectionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i72 ON pg_temp.schemac_t34 ("createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_createdAt_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i73 ON pg_temp.schemac_t34 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_status_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_status_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i74 ON pg_temp.schemac_t34 ("verificationType");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."VerificationLog_verificationType_idx"', 'index', 'public."VerificationLog"', 'public."VerificationLog_verificationType_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.allocations
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t35 ();
COMMENT ON TABLE pg_temp.schemac_t35 IS 'Units definitively allocated to an investor, from a reservation (fn_finalize_allocation) or by staff';
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.id', 'column', 'public.allocations', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.deal_id', 'column', 'public.allocations', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN investor_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.investor_id', 'column', 'public.allocations', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN reservation_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.reservation_id', 'column', 'public.allocations', 'reservation_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN units numeric(28,8) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.units', 'column', 'public.allocations', 'units', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN unit_price numeric(18,6) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.unit_price', 'column', 'public.allocations', 'unit_price', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN status public.allocation_status NOT NULL DEFAULT 'approved';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.status', 'column', 'public.allocations', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN approved_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.approved_by', 'column', 'public.allocations', 'approved_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN approved_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.approved_at', 'column', 'public.allocations', 'approved_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN settled_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.settled_at', 'column', 'public.allocations', 'settled_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.created_at', 'column', 'public.allocations', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.allocations.updated_at', 'column', 'public.allocations', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35
    ADD CONSTRAINT schemac_c94 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint allocations_pkey on public.allocations', 'constraint', 'public.allocations', 'allocations_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35
    ADD CONSTRAINT schemac_c95 UNIQUE (reservation_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint allocations_reservation_id_key on public.allocations', 'constraint', 'public.allocations', 'allocations_reservation_id_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35
    ADD CONSTRAINT schemac_c96 CHECK (unit_price >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint allocations_unit_price_check on public.allocations', 'constraint', 'public.allocations', 'allocations_unit_price_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t35
    ADD CONSTRAINT schemac_c97 CHECK (units > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint allocations_units_check on public.allocations', 'constraint', 'public.allocations', 'allocations_units_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i75 ON pg_temp.schemac_t35 (deal_id, status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.allocations_deal_id_status_idx', 'index', 'public.allocations', 'public.allocations_deal_id_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i76 ON pg_temp.schemac_t35 (investor_id, deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.allocations_investor_id_deal_id_idx', 'index', 'public.allocations', 'public.allocations_investor_id_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t35
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_linked_to_investor(investor_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.allocations', 'policy', 'public.allocations', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t35
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.allocations', 'policy', 'public.allocations', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t35
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.allocations', 'trigger', 'public.allocations', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.approvals
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t36 ();
COMMENT ON TABLE pg_temp.schemac_t36 IS 'Generic approval queue (commitments, allocations, documents...) with priority and SLA';
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.id', 'column', 'public.approvals', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN entity_type public.approval_entity NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.entity_type', 'column', 'public.approvals', 'entity_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN entity_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.entity_id', 'column', 'public.approvals', 'entity_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN deal_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.deal_id', 'column', 'public.approvals', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN action text NOT NULL DEFAULT 'approve';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.action', 'column', 'public.approvals', 'action', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN status public.approval_status NOT NULL DEFAULT 'pending';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.status', 'column', 'public.approvals', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN priority public.approval_priority NOT NULL DEFAULT 'medium';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.priority', 'column', 'public.approvals', 'priority', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN requested_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.requested_by', 'column', 'public.approvals', 'requested_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN assigned_to uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.assigned_to', 'column', 'public.approvals', 'assigned_to', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN sla_breach_at timestamp with time zone;
COMMENT ON COLUMN pg_temp.schemac_t36.sla_breach_at IS 'When a pending approval breaches its SLA';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.sla_breach_at', 'column', 'public.approvals', 'sla_breach_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN decided_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.decided_by', 'column', 'public.approvals', 'decided_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN decided_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.decided_at', 'column', 'public.approvals', 'decided_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN decision_notes text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.decision_notes', 'column', 'public.approvals', 'decision_notes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.created_at', 'column', 'public.approvals', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.approvals.updated_at', 'column', 'public.approvals', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36
    ADD CONSTRAINT schemac_c98 CHECK ((status = 'pending') = (decided_at is null));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint approvals_decision_recorded on public.approvals', 'constraint', 'public.approvals', 'approvals_decision_recorded', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t36
    ADD CONSTRAINT schemac_c99 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint approvals_pkey on public.approvals', 'constraint', 'public.approvals', 'approvals_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i77 ON pg_temp.schemac_t36 (assigned_to) WHERE (status = 'pending');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.approvals_assigned_to_idx', 'index', 'public.approvals', 'public.approvals_assigned_to_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i78 ON pg_temp.schemac_t36 (deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.approvals_deal_id_idx', 'index', 'public.approvals', 'public.approvals_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i79 ON pg_temp.schemac_t36 (entity_type, entity_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.approvals_entity_type_entity_id_idx', 'index', 'public.approvals', 'public.approvals_entity_type_entity_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i80 ON pg_temp.schemac_t36 (sla_breach_at) WHERE (status = 'pending');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.approvals_pending_sla_idx', 'index', 'public.approvals', 'public.approvals_pending_sla_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i81 ON pg_temp.schemac_t36 (priority, status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.approvals_priority_status_idx', 'index', 'public.approvals', 'public.approvals_priority_status_idx', SQLERRM);
END;
BEGIN
CREATE POLICY member_request ON pg_temp.schemac_t36
    AS PERMISSIVE
    FOR INSERT
    TO verso_user
    WITH CHECK (requested_by = (select auth.uid()) and status = 'pending' and decided_at is null and deal_id is not null and user_has_deal_access(deal_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy member_request on public.approvals', 'policy', 'public.approvals', 'member_request', SQLERRM);
END;
BEGIN
CREATE POLICY requester_read ON pg_temp.schemac_t36
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (requested_by = (select auth.uid()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy requester_read on public.approvals', 'policy', 'public.approvals', 'requester_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t36
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.approvals', 'policy', 'public.approvals', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t36
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.approvals', 'trigger', 'public.approvals', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.bank_accounts
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t37 ();
COMMENT ON TABLE pg_temp.schemac_t37 IS 'A user''s linked bank account (Plaid); Prisma model BankAccount, @@map("bank_accounts")';
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts.id', 'column', 'public.bank_accounts', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "userId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."userId"', 'column', 'public.bank_accounts', 'userId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "bankName" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."bankName"', 'column', 'public.bank_accounts', 'bankName', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "accountNumberLast4" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."accountNumberLast4"', 'column', 'public.bank_accounts', 'accountNumberLast4', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "plaidAccountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."plaidAccountId"', 'column', 'public.bank_accounts', 'plaidAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."createdAt"', 'column', 'public.bank_accounts', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.bank_accounts."updatedAt"', 'column', 'public.bank_accounts', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37
    ADD CONSTRAINT schemac_c100 CHECK ("accountNumberLast4" ~ '^[0-9]{4}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "bank_accounts_accountNumberLast4_check" on public.bank_accounts', 'constraint', 'public.bank_accounts', 'bank_accounts_accountNumberLast4_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37
    ADD CONSTRAINT schemac_c101 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint bank_accounts_pkey on public.bank_accounts', 'constraint', 'public.bank_accounts', 'bank_accounts_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t37
    ADD CONSTRAINT schemac_c102 UNIQUE ("plaidAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "bank_accounts_plaidAccountId_key" on public.bank_accounts', 'constraint', 'public.bank_accounts', 'bank_accounts_plaidAccountId_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i82 ON pg_temp.schemac_t37 ("userId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."bank_accounts_userId_idx"', 'index', 'public.bank_accounts', 'public."bank_accounts_userId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.compliance_checks
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t38 ();
COMMENT ON TABLE pg_temp.schemac_t38 IS 'An OFAC, KYC or AML check of a user, possibly for one transaction; Prisma model ComplianceCheck';
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks.id', 'column', 'public.compliance_checks', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "userId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."userId"', 'column', 'public.compliance_checks', 'userId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "transactionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."transactionId"', 'column', 'public.compliance_checks', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "checkType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."checkType"', 'column', 'public.compliance_checks', 'checkType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN status text NOT NULL DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks.status', 'column', 'public.compliance_checks', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN provider text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks.provider', 'column', 'public.compliance_checks', 'provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN result jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks.result', 'column', 'public.compliance_checks', 'result', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "checkedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."checkedAt"', 'column', 'public.compliance_checks', 'checkedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "expiresAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."expiresAt"', 'column', 'public.compliance_checks', 'expiresAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."createdAt"', 'column', 'public.compliance_checks', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.compliance_checks."updatedAt"', 'column', 'public.compliance_checks', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38
    ADD CONSTRAINT schemac_c103 CHECK ("checkType" in ('OFAC', 'KYC', 'AML'));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "compliance_checks_checkType_check" on public.compliance_checks', 'constraint', 'public.compliance_checks', 'compliance_checks_checkType_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38
    ADD CONSTRAINT schemac_c104 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint compliance_checks_pkey on public.compliance_checks', 'constraint', 'public.compliance_checks', 'compliance_checks_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t38
    ADD CONSTRAINT schemac_c105 CHECK (status in ('PENDING', 'PASSED', 'FAILED', 'REVIEW'));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint compliance_checks_status_check on public.compliance_checks', 'constraint', 'public.compliance_checks', 'compliance_checks_status_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i83 ON pg_temp.schemac_t38 ("checkType", status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."compliance_checks_checkType_status_idx"', 'index', 'public.compliance_checks', 'public."compliance_checks_checkType_status_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i84 ON pg_temp.schemac_t38 ("transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."compliance_checks_transactionId_idx"', 'index', 'public.compliance_checks', 'public."compliance_checks_transactionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i85 ON pg_temp.schemac_t38 ("userId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."compliance_checks_userId_idx"', 'index', 'public.compliance_checks', 'public."compliance_checks_userId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.deal_memberships
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t39 ();
COMMENT ON TABLE pg_temp.schemac_t39 IS 'Who takes part in a deal, and as what; the basis of deal-scoped access';
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.deal_id', 'column', 'public.deal_memberships', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN user_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.user_id', 'column', 'public.deal_memberships', 'user_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN role public.deal_member_role NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.role', 'column', 'public.deal_memberships', 'role', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN investor_id uuid;
COMMENT ON COLUMN pg_temp.schemac_t39.investor_id IS 'The investor an investor member acts for';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.investor_id', 'column', 'public.deal_memberships', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN invited_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.invited_by', 'column', 'public.deal_memberships', 'invited_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN invited_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.invited_at', 'column', 'public.deal_memberships', 'invited_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39 ADD COLUMN accepted_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deal_memberships.accepted_at', 'column', 'public.deal_memberships', 'accepted_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39
    ADD CONSTRAINT schemac_c106 CHECK ((role = 'investor') = (investor_id is not null));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deal_memberships_investor_role on public.deal_memberships', 'constraint', 'public.deal_memberships', 'deal_memberships_investor_role', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t39
    ADD CONSTRAINT schemac_c107 PRIMARY KEY (deal_id, user_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deal_memberships_pkey on public.deal_memberships', 'constraint', 'public.deal_memberships', 'deal_memberships_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i86 ON pg_temp.schemac_t39 (investor_id, user_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.deal_memberships_investor_id_user_id_idx', 'index', 'public.deal_memberships', 'public.deal_memberships_investor_id_user_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i87 ON pg_temp.schemac_t39 (user_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.deal_memberships_user_id_idx', 'index', 'public.deal_memberships', 'public.deal_memberships_user_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_membership_read ON pg_temp.schemac_t39
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_id = (select auth.uid()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_membership_read on public.deal_memberships', 'policy', 'public.deal_memberships', 'own_membership_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t39
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.deal_memberships', 'policy', 'public.deal_memberships', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.deals
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t40 ();
COMMENT ON TABLE pg_temp.schemac_t40 IS 'An investment opportunity; its status moves draft -> open -> allocation_pending -> closed';
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.id', 'column', 'public.deals', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN name text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.name', 'column', 'public.deals', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN deal_type public.deal_type NOT NULL DEFAULT 'equity_secondary';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.deal_type', 'column', 'public.deals', 'deal_type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN status public.deal_status NOT NULL DEFAULT 'draft';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.status', 'column', 'public.deals', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN vehicle_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.vehicle_id', 'column', 'public.deals', 'vehicle_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN company_name text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.company_name', 'column', 'public.deals', 'company_name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN currency character(3) NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.currency', 'column', 'public.deals', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN offer_unit_price numeric(18,6);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.offer_unit_price', 'column', 'public.deals', 'offer_unit_price', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN minimum_investment numeric(18,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.minimum_investment', 'column', 'public.deals', 'minimum_investment', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN target_amount numeric(18,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.target_amount', 'column', 'public.deals', 'target_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN open_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.open_at', 'column', 'public.deals', 'open_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN close_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.close_at', 'column', 'public.deals', 'close_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.created_by', 'column', 'public.deals', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.created_at', 'column', 'public.deals', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.deals.updated_at', 'column', 'public.deals', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c108 CHECK (close_at is null or open_at is null or close_at > open_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_close_after_open on public.deals', 'constraint', 'public.deals', 'deals_close_after_open', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c109 CHECK (currency ~ '^[A-Z]{3}$');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_currency_check on public.deals', 'constraint', 'public.deals', 'deals_currency_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c110 CHECK (minimum_investment >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_minimum_investment_check on public.deals', 'constraint', 'public.deals', 'deals_minimum_investment_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c111 CHECK (offer_unit_price >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_offer_unit_price_check on public.deals', 'constraint', 'public.deals', 'deals_offer_unit_price_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c112 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_pkey on public.deals', 'constraint', 'public.deals', 'deals_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t40
    ADD CONSTRAINT schemac_c113 CHECK (target_amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint deals_target_amount_check on public.deals', 'constraint', 'public.deals', 'deals_target_amount_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i88 ON pg_temp.schemac_t40 (created_by);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.deals_created_by_idx', 'index', 'public.deals', 'public.deals_created_by_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i89 ON pg_temp.schemac_t40 (status, deal_type);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.deals_status_deal_type_idx', 'index', 'public.deals', 'public.deals_status_deal_type_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i90 ON pg_temp.schemac_t40 (vehicle_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.deals_vehicle_id_idx', 'index', 'public.deals', 'public.deals_vehicle_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY members_read ON pg_temp.schemac_t40
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_has_deal_access(id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy members_read on public.deals', 'policy', 'public.deals', 'members_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t40
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.deals', 'policy', 'public.deals', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER enforce_status_workflow
    BEFORE UPDATE OF status ON pg_temp.schemac_t40
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION public.fn_deal_status_transition();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger enforce_status_workflow on public.deals', 'trigger', 'public.deals', 'enforce_status_workflow', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t40
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.deals', 'trigger', 'public.deals', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.distribution_allocations
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t41 ();
COMMENT ON TABLE pg_temp.schemac_t41 IS 'What one investment receives from one distribution; Prisma model DistributionAllocation';
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations.id', 'column', 'public.distribution_allocations', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "distributionId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."distributionId"', 'column', 'public.distribution_allocations', 'distributionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "investmentId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."investmentId"', 'column', 'public.distribution_allocations', 'investmentId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "userId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."userId"', 'column', 'public.distribution_allocations', 'userId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "transactionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."transactionId"', 'column', 'public.distribution_allocations', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN status public."AllocationStatus" NOT NULL DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations.status', 'column', 'public.distribution_allocations', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "ownershipPercentage" double precision NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t41."ownershipPercentage" IS 'A ratio, not money: stays double precision';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."ownershipPercentage"', 'column', 'public.distribution_allocations', 'ownershipPercentage', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "paidAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."paidAt"', 'column', 'public.distribution_allocations', 'paidAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "failureReason" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."failureReason"', 'column', 'public.distribution_allocations', 'failureReason', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."createdAt"', 'column', 'public.distribution_allocations', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."updatedAt"', 'column', 'public.distribution_allocations', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations.amount', 'column', 'public.distribution_allocations', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "preferredReturnAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."preferredReturnAmount"', 'column', 'public.distribution_allocations', 'preferredReturnAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "profitAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."profitAmount"', 'column', 'public.distribution_allocations', 'profitAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41 ADD COLUMN "returnOfCapitalAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distribution_allocations."returnOfCapitalAmount"', 'column', 'public.distribution_allocations', 'returnOfCapitalAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41
    ADD CONSTRAINT schemac_c114 UNIQUE ("distributionId", "investmentId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "distribution_allocations_distributionId_investmentId_key" on public.distribution_allocations', 'constraint', 'public.distribution_allocations', 'distribution_allocations_distributionId_investmentId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t41
    ADD CONSTRAINT schemac_c115 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint distribution_allocations_pkey on public.distribution_allocations', 'constraint', 'public.distribution_allocations', 'distribution_allocations_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i91 ON pg_temp.schemac_t41 ("investmentId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distribution_allocations_investmentId_idx"', 'index', 'public.distribution_allocations', 'public."distribution_allocations_investmentId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i92 ON pg_temp.schemac_t41 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.distribution_allocations_status_idx', 'index', 'public.distribution_allocations', 'public.distribution_allocations_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i93 ON pg_temp.schemac_t41 ("transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distribution_allocations_transactionId_idx"', 'index', 'public.distribution_allocations', 'public."distribution_allocations_transactionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i94 ON pg_temp.schemac_t41 ("userId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distribution_allocations_userId_idx"', 'index', 'public.distribution_allocations', 'public."distribution_allocations_userId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.distributions
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t42 ();
COMMENT ON TABLE pg_temp.schemac_t42 IS 'A return of capital or profit distribution of an offering; Prisma model Distribution';
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions.id', 'column', 'public.distributions', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "offeringId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."offeringId"', 'column', 'public.distributions', 'offeringId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "escrowAccountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."escrowAccountId"', 'column', 'public.distributions', 'escrowAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN type public."DistributionType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions.type', 'column', 'public.distributions', 'type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN status public."DistributionStatus" NOT NULL DEFAULT 'DRAFT';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions.status', 'column', 'public.distributions', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "distributionDate" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."distributionDate"', 'column', 'public.distributions', 'distributionDate', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "approvedById" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."approvedById"', 'column', 'public.distributions', 'approvedById', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "approvedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."approvedAt"', 'column', 'public.distributions', 'approvedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "completedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."completedAt"', 'column', 'public.distributions', 'completedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN notes text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions.notes', 'column', 'public.distributions', 'notes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."createdAt"', 'column', 'public.distributions', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."updatedAt"', 'column', 'public.distributions', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "preferredReturnAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."preferredReturnAmount"', 'column', 'public.distributions', 'preferredReturnAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "profitSplitAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."profitSplitAmount"', 'column', 'public.distributions', 'profitSplitAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "returnOfCapitalAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."returnOfCapitalAmount"', 'column', 'public.distributions', 'returnOfCapitalAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42 ADD COLUMN "totalAmount" numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.distributions."totalAmount"', 'column', 'public.distributions', 'totalAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t42
    ADD CONSTRAINT schemac_c116 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint distributions_pkey on public.distributions', 'constraint', 'public.distributions', 'distributions_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i95 ON pg_temp.schemac_t42 ("approvedById");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distributions_approvedById_idx"', 'index', 'public.distributions', 'public."distributions_approvedById_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i96 ON pg_temp.schemac_t42 ("createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distributions_createdAt_idx"', 'index', 'public.distributions', 'public."distributions_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i97 ON pg_temp.schemac_t42 ("escrowAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distributions_escrowAccountId_idx"', 'index', 'public.distributions', 'public."distributions_escrowAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i98 ON pg_temp.schemac_t42 ("offeringId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."distributions_offeringId_idx"', 'index', 'public.distributions', 'public."distributions_offeringId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i99 ON pg_temp.schemac_t42 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.distributions_status_idx', 'index', 'public.distributions', 'public.distributions_status_idx', SQLERRM);
END;
END
$schemac$;
-- table public.document_packages
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t43 ();
COMMENT ON TABLE pg_temp.schemac_t43 IS 'A set of documents sent for signature, deal-wide (investor_id null) or to one investor';
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.id', 'column', 'public.document_packages', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.deal_id', 'column', 'public.document_packages', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN investor_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.investor_id', 'column', 'public.document_packages', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN kind public.document_kind NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.kind', 'column', 'public.document_packages', 'kind', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN template_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.template_id', 'column', 'public.document_packages', 'template_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN status public.package_status NOT NULL DEFAULT 'draft';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.status', 'column', 'public.document_packages', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN esign_provider text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.esign_provider', 'column', 'public.document_packages', 'esign_provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN esign_envelope_id text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.esign_envelope_id', 'column', 'public.document_packages', 'esign_envelope_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN final_document_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.final_document_id', 'column', 'public.document_packages', 'final_document_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.created_by', 'column', 'public.document_packages', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN sent_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.sent_at', 'column', 'public.document_packages', 'sent_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN completed_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.completed_at', 'column', 'public.document_packages', 'completed_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.created_at', 'column', 'public.document_packages', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_packages.updated_at', 'column', 'public.document_packages', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43
    ADD CONSTRAINT schemac_c117 UNIQUE (esign_envelope_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint document_packages_esign_envelope_id_key on public.document_packages', 'constraint', 'public.document_packages', 'document_packages_esign_envelope_id_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t43
    ADD CONSTRAINT schemac_c118 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint document_packages_pkey on public.document_packages', 'constraint', 'public.document_packages', 'document_packages_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i100 ON pg_temp.schemac_t43 (deal_id, status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.document_packages_deal_id_status_idx', 'index', 'public.document_packages', 'public.document_packages_deal_id_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i101 ON pg_temp.schemac_t43 (final_document_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.document_packages_final_document_id_idx', 'index', 'public.document_packages', 'public.document_packages_final_document_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i102 ON pg_temp.schemac_t43 (investor_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.document_packages_investor_id_idx', 'index', 'public.document_packages', 'public.document_packages_investor_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i103 ON pg_temp.schemac_t43 (template_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.document_packages_template_id_idx', 'index', 'public.document_packages', 'public.document_packages_template_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY members_read ON pg_temp.schemac_t43
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_has_deal_access(deal_id) and (investor_id is null or user_linked_to_investor(investor_id)));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy members_read on public.document_packages', 'policy', 'public.document_packages', 'members_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t43
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.document_packages', 'policy', 'public.document_packages', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t43
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.document_packages', 'trigger', 'public.document_packages', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.document_templates
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t44 ();
COMMENT ON TABLE pg_temp.schemac_t44 IS 'Versioned templates (term sheets, subscription packs...) that staff maintain';
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.id', 'column', 'public.document_templates', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN key text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t44.key IS 'Stable name, e.g. term_sheet_secondary';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.key', 'column', 'public.document_templates', 'key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN version integer NOT NULL DEFAULT 1;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.version', 'column', 'public.document_templates', 'version', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN name text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.name', 'column', 'public.document_templates', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN kind public.document_kind NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.kind', 'column', 'public.document_templates', 'kind', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN storage_path text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.storage_path', 'column', 'public.document_templates', 'storage_path', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN merge_fields jsonb NOT NULL DEFAULT '[]'::jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.merge_fields', 'column', 'public.document_templates', 'merge_fields', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN is_active boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.is_active', 'column', 'public.document_templates', 'is_active', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.created_by', 'column', 'public.document_templates', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.created_at', 'column', 'public.document_templates', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.document_templates.updated_at', 'column', 'public.document_templates', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44
    ADD CONSTRAINT schemac_c119 UNIQUE (key, version);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint document_templates_key_version_key on public.document_templates', 'constraint', 'public.document_templates', 'document_templates_key_version_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44
    ADD CONSTRAINT schemac_c120 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint document_templates_pkey on public.document_templates', 'constraint', 'public.document_templates', 'document_templates_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t44
    ADD CONSTRAINT schemac_c121 CHECK (version > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint document_templates_version_check on public.document_templates', 'constraint', 'public.document_templates', 'document_templates_version_check', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t44
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.document_templates', 'policy', 'public.document_templates', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t44
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.document_templates', 'trigger', 'public.document_templates', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.escrow_accounts
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t45 ();
COMMENT ON TABLE pg_temp.schemac_t45 IS 'The segregated escrow account of one offering; Prisma model EscrowAccount';
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts.id', 'column', 'public.escrow_accounts', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "offeringId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."offeringId"', 'column', 'public.escrow_accounts', 'offeringId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "bankAccountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."bankAccountId"', 'column', 'public.escrow_accounts', 'bankAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "accountNumber" text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t45."accountNumber" IS 'The escrow bank''s account reference';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."accountNumber"', 'column', 'public.escrow_accounts', 'accountNumber', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN status public."EscrowAccountStatus" NOT NULL DEFAULT 'ACTIVE';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts.status', 'column', 'public.escrow_accounts', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN currency text NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts.currency', 'column', 'public.escrow_accounts', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "lastReconciledAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."lastReconciledAt"', 'column', 'public.escrow_accounts', 'lastReconciledAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "frozenAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."frozenAt"', 'column', 'public.escrow_accounts', 'frozenAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "closedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."closedAt"', 'column', 'public.escrow_accounts', 'closedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."createdAt"', 'column', 'public.escrow_accounts', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."updatedAt"', 'column', 'public.escrow_accounts', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "availableBalance" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."availableBalance"', 'column', 'public.escrow_accounts', 'availableBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "currentBalance" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."currentBalance"', 'column', 'public.escrow_accounts', 'currentBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45 ADD COLUMN "heldBalance" numeric(18,2) NOT NULL DEFAULT 0;
COMMENT ON COLUMN pg_temp.schemac_t45."heldBalance" IS 'Held for disputes';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_accounts."heldBalance"', 'column', 'public.escrow_accounts', 'heldBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45
    ADD CONSTRAINT schemac_c122 UNIQUE ("accountNumber");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "escrow_accounts_accountNumber_key" on public.escrow_accounts', 'constraint', 'public.escrow_accounts', 'escrow_accounts_accountNumber_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45
    ADD CONSTRAINT schemac_c123 UNIQUE ("offeringId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "escrow_accounts_offeringId_key" on public.escrow_accounts', 'constraint', 'public.escrow_accounts', 'escrow_accounts_offeringId_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t45
    ADD CONSTRAINT schemac_c124 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint escrow_accounts_pkey on public.escrow_accounts', 'constraint', 'public.escrow_accounts', 'escrow_accounts_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i104 ON pg_temp.schemac_t45 ("bankAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_accounts_bankAccountId_idx"', 'index', 'public.escrow_accounts', 'public."escrow_accounts_bankAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i105 ON pg_temp.schemac_t45 ("lastReconciledAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_accounts_lastReconciledAt_idx"', 'index', 'public.escrow_accounts', 'public."escrow_accounts_lastReconciledAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i106 ON pg_temp.schemac_t45 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.escrow_accounts_status_idx', 'index', 'public.escrow_accounts', 'public.escrow_accounts_status_idx', SQLERRM);
END;
END
$schemac$;
-- table public.escrow_ledger_entries
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t46 ();
COMMENT ON TABLE pg_temp.schemac_t46 IS 'One entry of an escrow account''s ledger, with the balance after it (append-only); Prisma model EscrowLedgerEntry';
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries.id', 'column', 'public.escrow_ledger_entries', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "escrowAccountId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."escrowAccountId"', 'column', 'public.escrow_ledger_entries', 'escrowAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "transactionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."transactionId"', 'column', 'public.escrow_ledger_entries', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "distributionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."distributionId"', 'column', 'public.escrow_ledger_entries', 'distributionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "entryType" public."LedgerEntryType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."entryType"', 'column', 'public.escrow_ledger_entries', 'entryType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN description text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries.description', 'column', 'public.escrow_ledger_entries', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "createdById" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."createdById"', 'column', 'public.escrow_ledger_entries', 'createdById', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."createdAt"', 'column', 'public.escrow_ledger_entries', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN amount numeric(18,2) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t46.amount IS 'Signed: credits to the account > 0, debits < 0';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries.amount', 'column', 'public.escrow_ledger_entries', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46 ADD COLUMN "balanceAfter" numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.escrow_ledger_entries."balanceAfter"', 'column', 'public.escrow_ledger_entries', 'balanceAfter', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t46
    ADD CONSTRAINT schemac_c125 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint escrow_ledger_entries_pkey on public.escrow_ledger_entries', 'constraint', 'public.escrow_ledger_entries', 'escrow_ledger_entries_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i107 ON pg_temp.schemac_t46 ("createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_createdAt_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i108 ON pg_temp.schemac_t46 ("createdById");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_createdById_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_createdById_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i109 ON pg_temp.schemac_t46 ("distributionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_distributionId_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_distributionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i110 ON pg_temp.schemac_t46 ("escrowAccountId", "createdAt");
COMMENT ON INDEX pg_temp.schemac_i110 IS 'An account''s history';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_escrowAccountId_createdAt_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_escrowAccountId_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i111 ON pg_temp.schemac_t46 ("escrowAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_escrowAccountId_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_escrowAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i112 ON pg_temp.schemac_t46 ("transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."escrow_ledger_entries_transactionId_idx"', 'index', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_transactionId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.fee_components
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t47 ();
COMMENT ON TABLE pg_temp.schemac_t47 IS 'One fee of a plan and how it is calculated';
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.id', 'column', 'public.fee_components', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN fee_plan_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.fee_plan_id', 'column', 'public.fee_components', 'fee_plan_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN kind public.fee_kind NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.kind', 'column', 'public.fee_components', 'kind', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN calc_method public.fee_calc_method NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.calc_method', 'column', 'public.fee_components', 'calc_method', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN rate_bps integer;
COMMENT ON COLUMN pg_temp.schemac_t47.rate_bps IS 'Rate in basis points for percentage methods';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.rate_bps', 'column', 'public.fee_components', 'rate_bps', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN flat_amount numeric(18,2);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.flat_amount', 'column', 'public.fee_components', 'flat_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN frequency public.fee_frequency NOT NULL DEFAULT 'one_time';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.frequency', 'column', 'public.fee_components', 'frequency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN hurdle_rate_bps integer;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.hurdle_rate_bps', 'column', 'public.fee_components', 'hurdle_rate_bps', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN notes text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.notes', 'column', 'public.fee_components', 'notes', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_components.created_at', 'column', 'public.fee_components', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47
    ADD CONSTRAINT schemac_c126 CHECK ((calc_method = 'fixed' and flat_amount is not null and rate_bps is null) or (calc_method <> 'fixed' and rate_bps is not null and flat_amount is null));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_components_amount_for_method on public.fee_components', 'constraint', 'public.fee_components', 'fee_components_amount_for_method', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47
    ADD CONSTRAINT schemac_c127 CHECK (flat_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_components_flat_amount_check on public.fee_components', 'constraint', 'public.fee_components', 'fee_components_flat_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47
    ADD CONSTRAINT schemac_c128 CHECK (hurdle_rate_bps between 0 and 10000);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_components_hurdle_rate_bps_check on public.fee_components', 'constraint', 'public.fee_components', 'fee_components_hurdle_rate_bps_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47
    ADD CONSTRAINT schemac_c129 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_components_pkey on public.fee_components', 'constraint', 'public.fee_components', 'fee_components_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t47
    ADD CONSTRAINT schemac_c130 CHECK (rate_bps between 0 and 10000);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_components_rate_bps_check on public.fee_components', 'constraint', 'public.fee_components', 'fee_components_rate_bps_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i113 ON pg_temp.schemac_t47 (fee_plan_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_components_fee_plan_id_idx', 'index', 'public.fee_components', 'public.fee_components_fee_plan_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY members_read ON pg_temp.schemac_t47
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (exists (select 1 from fee_plans p where p.id = fee_plan_id and user_has_deal_access(p.deal_id)));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy members_read on public.fee_components', 'policy', 'public.fee_components', 'members_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t47
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.fee_components', 'policy', 'public.fee_components', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.fee_events
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t48 ();
COMMENT ON TABLE pg_temp.schemac_t48 IS 'A fee accrued to an investor; invoiced at most once';
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.id', 'column', 'public.fee_events', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.deal_id', 'column', 'public.fee_events', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN investor_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.investor_id', 'column', 'public.fee_events', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN fee_component_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.fee_component_id', 'column', 'public.fee_events', 'fee_component_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN allocation_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.allocation_id', 'column', 'public.fee_events', 'allocation_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN event_date date NOT NULL DEFAULT CURRENT_DATE;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.event_date', 'column', 'public.fee_events', 'event_date', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN period_start date;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.period_start', 'column', 'public.fee_events', 'period_start', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN period_end date;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.period_end', 'column', 'public.fee_events', 'period_end', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN base_amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.base_amount', 'column', 'public.fee_events', 'base_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN computed_amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.computed_amount', 'column', 'public.fee_events', 'computed_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN currency character(3) NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.currency', 'column', 'public.fee_events', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN status public.fee_event_status NOT NULL DEFAULT 'accrued';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.status', 'column', 'public.fee_events', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_events.created_at', 'column', 'public.fee_events', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48
    ADD CONSTRAINT schemac_c131 CHECK (base_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_events_base_amount_check on public.fee_events', 'constraint', 'public.fee_events', 'fee_events_base_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48
    ADD CONSTRAINT schemac_c132 CHECK (computed_amount >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_events_computed_amount_check on public.fee_events', 'constraint', 'public.fee_events', 'fee_events_computed_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48
    ADD CONSTRAINT schemac_c133 CHECK (period_end is null or period_start is null or period_end >= period_start);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_events_period_order on public.fee_events', 'constraint', 'public.fee_events', 'fee_events_period_order', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t48
    ADD CONSTRAINT schemac_c134 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_events_pkey on public.fee_events', 'constraint', 'public.fee_events', 'fee_events_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i114 ON pg_temp.schemac_t48 (allocation_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_events_allocation_id_idx', 'index', 'public.fee_events', 'public.fee_events_allocation_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i115 ON pg_temp.schemac_t48 (fee_component_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_events_fee_component_id_idx', 'index', 'public.fee_events', 'public.fee_events_fee_component_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i116 ON pg_temp.schemac_t48 (investor_id, deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_events_investor_id_deal_id_idx', 'index', 'public.fee_events', 'public.fee_events_investor_id_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i117 ON pg_temp.schemac_t48 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_events_status_idx', 'index', 'public.fee_events', 'public.fee_events_status_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t48
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_linked_to_investor(investor_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.fee_events', 'policy', 'public.fee_events', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t48
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.fee_events', 'policy', 'public.fee_events', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.fee_plans
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t49 ();
COMMENT ON TABLE pg_temp.schemac_t49 IS 'A deal''s fee structure offered to investors (e.g. all-in 5%, or 3% + 10% carry)';
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.id', 'column', 'public.fee_plans', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.deal_id', 'column', 'public.fee_plans', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN name text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.name', 'column', 'public.fee_plans', 'name', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN description text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.description', 'column', 'public.fee_plans', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN is_default boolean NOT NULL DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.is_default', 'column', 'public.fee_plans', 'is_default', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN is_active boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.is_active', 'column', 'public.fee_plans', 'is_active', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.created_by', 'column', 'public.fee_plans', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.created_at', 'column', 'public.fee_plans', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.fee_plans.updated_at', 'column', 'public.fee_plans', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49
    ADD CONSTRAINT schemac_c135 UNIQUE (deal_id, name);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_plans_deal_id_name_key on public.fee_plans', 'constraint', 'public.fee_plans', 'fee_plans_deal_id_name_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t49
    ADD CONSTRAINT schemac_c136 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint fee_plans_pkey on public.fee_plans', 'constraint', 'public.fee_plans', 'fee_plans_pkey', SQLERRM);
END;
BEGIN
CREATE UNIQUE INDEX schemac_i118 ON pg_temp.schemac_t49 (deal_id) WHERE (is_default);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.fee_plans_one_default_per_deal', 'index', 'public.fee_plans', 'public.fee_plans_one_default_per_deal', SQLERRM);
END;
BEGIN
CREATE POLICY members_read ON pg_temp.schemac_t49
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_has_deal_access(deal_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy members_read on public.fee_plans', 'policy', 'public.fee_plans', 'members_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t49
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.fee_plans', 'policy', 'public.fee_plans', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t49
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.fee_plans', 'trigger', 'public.fee_plans', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.investments
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t50 ();
COMMENT ON TABLE pg_temp.schemac_t50 IS 'An investor''s stake in an offering, the basis of distribution calculations; Prisma model Investment';
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments.id', 'column', 'public.investments', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "userId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."userId"', 'column', 'public.investments', 'userId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "offeringId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."offeringId"', 'column', 'public.investments', 'offeringId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN status public."InvestmentStatus" NOT NULL DEFAULT 'PENDING';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments.status', 'column', 'public.investments', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "ownershipPercentage" double precision NOT NULL DEFAULT 0;
COMMENT ON COLUMN pg_temp.schemac_t50."ownershipPercentage" IS 'A ratio, not money: stays double precision';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."ownershipPercentage"', 'column', 'public.investments', 'ownershipPercentage', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "investedAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."investedAt"', 'column', 'public.investments', 'investedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."createdAt"', 'column', 'public.investments', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."updatedAt"', 'column', 'public.investments', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN amount numeric(18,2) NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t50.amount IS 'Original investment';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments.amount', 'column', 'public.investments', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "currentCapitalBalance" numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."currentCapitalBalance"', 'column', 'public.investments', 'currentCapitalBalance', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "preferredReturnAccrued" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."preferredReturnAccrued"', 'column', 'public.investments', 'preferredReturnAccrued', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50 ADD COLUMN "returnedCapital" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investments."returnedCapital"', 'column', 'public.investments', 'returnedCapital', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50
    ADD CONSTRAINT schemac_c137 CHECK (amount > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint investments_amount_check on public.investments', 'constraint', 'public.investments', 'investments_amount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t50
    ADD CONSTRAINT schemac_c138 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint investments_pkey on public.investments', 'constraint', 'public.investments', 'investments_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i119 ON pg_temp.schemac_t50 ("offeringId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."investments_offeringId_idx"', 'index', 'public.investments', 'public."investments_offeringId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i120 ON pg_temp.schemac_t50 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.investments_status_idx', 'index', 'public.investments', 'public.investments_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i121 ON pg_temp.schemac_t50 ("userId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."investments_userId_idx"', 'index', 'public.investments', 'public."investments_userId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.investor_users
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t51 ();
COMMENT ON TABLE pg_temp.schemac_t51 IS 'Which signed-in users act for which investor entity';
BEGIN
ALTER TABLE pg_temp.schemac_t51 ADD COLUMN investor_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investor_users.investor_id', 'column', 'public.investor_users', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t51 ADD COLUMN user_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investor_users.user_id', 'column', 'public.investor_users', 'user_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t51 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.investor_users.created_at', 'column', 'public.investor_users', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t51
    ADD CONSTRAINT schemac_c139 PRIMARY KEY (investor_id, user_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint investor_users_pkey on public.investor_users', 'constraint', 'public.investor_users', 'investor_users_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i122 ON pg_temp.schemac_t51 (user_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.investor_users_user_id_idx', 'index', 'public.investor_users', 'public.investor_users_user_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_links_read ON pg_temp.schemac_t51
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_id = (select auth.uid()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_links_read on public.investor_users', 'policy', 'public.investor_users', 'own_links_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t51
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.investor_users', 'policy', 'public.investor_users', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.invite_links
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t52 ();
COMMENT ON TABLE pg_temp.schemac_t52 IS 'Single- or multi-use invitations into a deal, for external participants';
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.id', 'column', 'public.invite_links', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.deal_id', 'column', 'public.invite_links', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN role public.deal_member_role NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.role', 'column', 'public.invite_links', 'role', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN token_hash text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t52.token_hash IS 'SHA-256 of the token; the token itself is never stored';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.token_hash', 'column', 'public.invite_links', 'token_hash', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN max_uses integer NOT NULL DEFAULT 1;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.max_uses', 'column', 'public.invite_links', 'max_uses', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN used_count integer NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.used_count', 'column', 'public.invite_links', 'used_count', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN expires_at timestamp with time zone NOT NULL DEFAULT (now() + interval '7 days');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.expires_at', 'column', 'public.invite_links', 'expires_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN revoked_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.revoked_at', 'column', 'public.invite_links', 'revoked_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.created_by', 'column', 'public.invite_links', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invite_links.created_at', 'column', 'public.invite_links', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52
    ADD CONSTRAINT schemac_c140 CHECK (max_uses > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invite_links_max_uses_check on public.invite_links', 'constraint', 'public.invite_links', 'invite_links_max_uses_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52
    ADD CONSTRAINT schemac_c141 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invite_links_pkey on public.invite_links', 'constraint', 'public.invite_links', 'invite_links_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52
    ADD CONSTRAINT schemac_c142 UNIQUE (token_hash);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invite_links_token_hash_key on public.invite_links', 'constraint', 'public.invite_links', 'invite_links_token_hash_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52
    ADD CONSTRAINT schemac_c143 CHECK (used_count >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invite_links_used_count_check on public.invite_links', 'constraint', 'public.invite_links', 'invite_links_used_count_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t52
    ADD CONSTRAINT schemac_c144 CHECK (used_count <= max_uses);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invite_links_uses_within_max on public.invite_links', 'constraint', 'public.invite_links', 'invite_links_uses_within_max', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i123 ON pg_temp.schemac_t52 (deal_id) WHERE (revoked_at is null);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.invite_links_deal_id_idx', 'index', 'public.invite_links', 'public.invite_links_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t52
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.invite_links', 'policy', 'public.invite_links', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.invoice_lines
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t53 ();
COMMENT ON TABLE pg_temp.schemac_t53 IS 'One line of an invoice, usually one fee event';
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.id', 'column', 'public.invoice_lines', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN invoice_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.invoice_id', 'column', 'public.invoice_lines', 'invoice_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN fee_event_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.fee_event_id', 'column', 'public.invoice_lines', 'fee_event_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN description text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.description', 'column', 'public.invoice_lines', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN quantity numeric(18,6) NOT NULL DEFAULT 1;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.quantity', 'column', 'public.invoice_lines', 'quantity', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN unit_amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.unit_amount', 'column', 'public.invoice_lines', 'unit_amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoice_lines.amount', 'column', 'public.invoice_lines', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53
    ADD CONSTRAINT schemac_c145 CHECK (amount = round(quantity * unit_amount, 2));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoice_lines_amount_matches on public.invoice_lines', 'constraint', 'public.invoice_lines', 'invoice_lines_amount_matches', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53
    ADD CONSTRAINT schemac_c146 UNIQUE (fee_event_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoice_lines_fee_event_id_key on public.invoice_lines', 'constraint', 'public.invoice_lines', 'invoice_lines_fee_event_id_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53
    ADD CONSTRAINT schemac_c147 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoice_lines_pkey on public.invoice_lines', 'constraint', 'public.invoice_lines', 'invoice_lines_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t53
    ADD CONSTRAINT schemac_c148 CHECK (quantity > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoice_lines_quantity_check on public.invoice_lines', 'constraint', 'public.invoice_lines', 'invoice_lines_quantity_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i124 ON pg_temp.schemac_t53 (invoice_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.invoice_lines_invoice_id_idx', 'index', 'public.invoice_lines', 'public.invoice_lines_invoice_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t53
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (exists (select 1 from invoices i where i.id = invoice_id and user_linked_to_investor(i.investor_id)));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.invoice_lines', 'policy', 'public.invoice_lines', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t53
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.invoice_lines', 'policy', 'public.invoice_lines', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.invoices
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t54 ();
COMMENT ON TABLE pg_temp.schemac_t54 IS 'An invoice to an investor, built from fee events';
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.id', 'column', 'public.invoices', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN invoice_number text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.invoice_number', 'column', 'public.invoices', 'invoice_number', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN investor_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.investor_id', 'column', 'public.invoices', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN deal_id uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.deal_id', 'column', 'public.invoices', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN currency character(3) NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.currency', 'column', 'public.invoices', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN subtotal numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.subtotal', 'column', 'public.invoices', 'subtotal', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN tax numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.tax', 'column', 'public.invoices', 'tax', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN amount_paid numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.amount_paid', 'column', 'public.invoices', 'amount_paid', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN status public.invoice_status NOT NULL DEFAULT 'draft';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.status', 'column', 'public.invoices', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN issued_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.issued_at', 'column', 'public.invoices', 'issued_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN due_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.due_at', 'column', 'public.invoices', 'due_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN paid_at timestamp with time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.paid_at', 'column', 'public.invoices', 'paid_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.created_at', 'column', 'public.invoices', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.updated_at', 'column', 'public.invoices', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54 ADD COLUMN total numeric(18,2) GENERATED ALWAYS AS (subtotal + tax) STORED;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.invoices.total', 'column', 'public.invoices', 'total', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c149 CHECK (amount_paid >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_amount_paid_check on public.invoices', 'constraint', 'public.invoices', 'invoices_amount_paid_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c150 CHECK (due_at is null or issued_at is null or due_at >= issued_at);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_due_after_issue on public.invoices', 'constraint', 'public.invoices', 'invoices_due_after_issue', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c151 UNIQUE (invoice_number);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_invoice_number_key on public.invoices', 'constraint', 'public.invoices', 'invoices_invoice_number_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c152 CHECK (status <> 'paid' or (paid_at is not null and amount_paid >= subtotal + tax));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_paid_in_full on public.invoices', 'constraint', 'public.invoices', 'invoices_paid_in_full', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c153 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_pkey on public.invoices', 'constraint', 'public.invoices', 'invoices_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c154 CHECK (subtotal >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_subtotal_check on public.invoices', 'constraint', 'public.invoices', 'invoices_subtotal_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t54
    ADD CONSTRAINT schemac_c155 CHECK (tax >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint invoices_tax_check on public.invoices', 'constraint', 'public.invoices', 'invoices_tax_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i125 ON pg_temp.schemac_t54 (deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.invoices_deal_id_idx', 'index', 'public.invoices', 'public.invoices_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i126 ON pg_temp.schemac_t54 (investor_id, deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.invoices_investor_id_deal_id_idx', 'index', 'public.invoices', 'public.invoices_investor_id_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i127 ON pg_temp.schemac_t54 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.invoices_status_idx', 'index', 'public.invoices', 'public.invoices_status_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t54
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_linked_to_investor(investor_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.invoices', 'policy', 'public.invoices', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t54
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.invoices', 'policy', 'public.invoices', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t54
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.invoices', 'trigger', 'public.invoices', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.reservation_lot_items
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t55 ();
COMMENT ON TABLE pg_temp.schemac_t55 IS 'The units each lot contributed to a reservation (returned to the lot when it expires)';
BEGIN
ALTER TABLE pg_temp.schemac_t55 ADD COLUMN reservation_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservation_lot_items.reservation_id', 'column', 'public.reservation_lot_items', 'reservation_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t55 ADD COLUMN lot_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservation_lot_items.lot_id', 'column', 'public.reservation_lot_items', 'lot_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t55 ADD COLUMN units numeric(28,8) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservation_lot_items.units', 'column', 'public.reservation_lot_items', 'units', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t55
    ADD CONSTRAINT schemac_c156 PRIMARY KEY (reservation_id, lot_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint reservation_lot_items_pkey on public.reservation_lot_items', 'constraint', 'public.reservation_lot_items', 'reservation_lot_items_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t55
    ADD CONSTRAINT schemac_c157 CHECK (units > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint reservation_lot_items_units_check on public.reservation_lot_items', 'constraint', 'public.reservation_lot_items', 'reservation_lot_items_units_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i128 ON pg_temp.schemac_t55 (lot_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.reservation_lot_items_lot_id_idx', 'index', 'public.reservation_lot_items', 'public.reservation_lot_items_lot_id_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t55
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (exists (select 1 from reservations r where r.id = reservation_id and user_linked_to_investor(r.investor_id)));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.reservation_lot_items', 'policy', 'public.reservation_lot_items', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t55
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.reservation_lot_items', 'policy', 'public.reservation_lot_items', 'staff_all', SQLERRM);
END;
END
$schemac$;
-- table public.reservations
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t56 ();
COMMENT ON TABLE pg_temp.schemac_t56 IS 'A time-limited hold on units; pending until approved (allocated), expired or cancelled';
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.id', 'column', 'public.reservations', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.deal_id', 'column', 'public.reservations', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN investor_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.investor_id', 'column', 'public.reservations', 'investor_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN requested_units numeric(28,8) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.requested_units', 'column', 'public.reservations', 'requested_units', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN proposed_unit_price numeric(18,6) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.proposed_unit_price', 'column', 'public.reservations', 'proposed_unit_price', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN status public.reservation_status NOT NULL DEFAULT 'pending';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.status', 'column', 'public.reservations', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN expires_at timestamp with time zone NOT NULL DEFAULT (now() + interval '30 minutes');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.expires_at', 'column', 'public.reservations', 'expires_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN created_by uuid;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.created_by', 'column', 'public.reservations', 'created_by', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.created_at', 'column', 'public.reservations', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.reservations.updated_at', 'column', 'public.reservations', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56
    ADD CONSTRAINT schemac_c158 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint reservations_pkey on public.reservations', 'constraint', 'public.reservations', 'reservations_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56
    ADD CONSTRAINT schemac_c159 CHECK (proposed_unit_price >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint reservations_proposed_unit_price_check on public.reservations', 'constraint', 'public.reservations', 'reservations_proposed_unit_price_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t56
    ADD CONSTRAINT schemac_c160 CHECK (requested_units > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint reservations_requested_units_check on public.reservations', 'constraint', 'public.reservations', 'reservations_requested_units_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i129 ON pg_temp.schemac_t56 (deal_id, status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.reservations_deal_id_status_idx', 'index', 'public.reservations', 'public.reservations_deal_id_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i130 ON pg_temp.schemac_t56 (investor_id, deal_id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.reservations_investor_id_deal_id_idx', 'index', 'public.reservations', 'public.reservations_investor_id_deal_id_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i131 ON pg_temp.schemac_t56 (expires_at) WHERE (status = 'pending');
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.reservations_pending_expiry_idx', 'index', 'public.reservations', 'public.reservations_pending_expiry_idx', SQLERRM);
END;
BEGIN
CREATE POLICY own_investor_read ON pg_temp.schemac_t56
    AS PERMISSIVE
    FOR SELECT
    TO verso_user
    USING (user_linked_to_investor(investor_id));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy own_investor_read on public.reservations', 'policy', 'public.reservations', 'own_investor_read', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t56
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.reservations', 'policy', 'public.reservations', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t56
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.reservations', 'trigger', 'public.reservations', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.share_lots
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t57 ();
COMMENT ON TABLE pg_temp.schemac_t57 IS 'Inventory a deal can sell; units_remaining is decremented atomically by fn_reserve_inventory';
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.id', 'column', 'public.share_lots', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN deal_id uuid NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.deal_id', 'column', 'public.share_lots', 'deal_id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN source text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t57.source IS 'Where the units come from (seller, primary issue, SPV)';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.source', 'column', 'public.share_lots', 'source', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN counterparty text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.counterparty', 'column', 'public.share_lots', 'counterparty', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN units_total numeric(28,8) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.units_total', 'column', 'public.share_lots', 'units_total', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN units_remaining numeric(28,8) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.units_remaining', 'column', 'public.share_lots', 'units_remaining', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN unit_cost numeric(18,6) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.unit_cost', 'column', 'public.share_lots', 'unit_cost', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN currency character(3) NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.currency', 'column', 'public.share_lots', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN status public.lot_status NOT NULL DEFAULT 'available';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.status', 'column', 'public.share_lots', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN acquired_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.acquired_at', 'column', 'public.share_lots', 'acquired_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN lockup_until date;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.lockup_until', 'column', 'public.share_lots', 'lockup_until', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN created_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.created_at', 'column', 'public.share_lots', 'created_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57 ADD COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.share_lots.updated_at', 'column', 'public.share_lots', 'updated_at', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57
    ADD CONSTRAINT schemac_c161 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint share_lots_pkey on public.share_lots', 'constraint', 'public.share_lots', 'share_lots_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57
    ADD CONSTRAINT schemac_c162 CHECK (unit_cost >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint share_lots_unit_cost_check on public.share_lots', 'constraint', 'public.share_lots', 'share_lots_unit_cost_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57
    ADD CONSTRAINT schemac_c163 CHECK (units_remaining >= 0 and units_remaining <= units_total);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint share_lots_units_remaining_in_range on public.share_lots', 'constraint', 'public.share_lots', 'share_lots_units_remaining_in_range', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t57
    ADD CONSTRAINT schemac_c164 CHECK (units_total > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint share_lots_units_total_check on public.share_lots', 'constraint', 'public.share_lots', 'share_lots_units_total_check', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i132 ON pg_temp.schemac_t57 (deal_id, acquired_at) WHERE (status = 'available' and units_remaining > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.share_lots_available_idx', 'index', 'public.share_lots', 'public.share_lots_available_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i133 ON pg_temp.schemac_t57 (deal_id, status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.share_lots_deal_id_status_idx', 'index', 'public.share_lots', 'public.share_lots_deal_id_status_idx', SQLERRM);
END;
BEGIN
CREATE POLICY staff_all ON pg_temp.schemac_t57
    AS PERMISSIVE
    FOR ALL
    TO verso_user
    USING ((select user_is_staff()))
    WITH CHECK ((select user_is_staff()));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('policy staff_all on public.share_lots', 'policy', 'public.share_lots', 'staff_all', SQLERRM);
END;
BEGIN
CREATE TRIGGER set_updated_at
    BEFORE UPDATE ON pg_temp.schemac_t57
    FOR EACH ROW
    EXECUTE FUNCTION public.set_updated_at();
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('trigger set_updated_at on public.share_lots', 'trigger', 'public.share_lots', 'set_updated_at', SQLERRM);
END;
END
$schemac$;
-- table public.transaction_limits
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t58 ();
COMMENT ON TABLE pg_temp.schemac_t58 IS 'A configurable limit (SEC Reg CF and platform rules); platform-wide when userId is null; Prisma model TransactionLimit';
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits.id', 'column', 'public.transaction_limits', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "limitType" public."LimitType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."limitType"', 'column', 'public.transaction_limits', 'limitType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "userId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."userId"', 'column', 'public.transaction_limits', 'userId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "periodDays" integer;
COMMENT ON COLUMN pg_temp.schemac_t58."periodDays" IS 'The rolling window; null for a per-transaction limit';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."periodDays"', 'column', 'public.transaction_limits', 'periodDays', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "isActive" boolean NOT NULL DEFAULT true;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."isActive"', 'column', 'public.transaction_limits', 'isActive', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN description text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits.description', 'column', 'public.transaction_limits', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."createdAt"', 'column', 'public.transaction_limits', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."updatedAt"', 'column', 'public.transaction_limits', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58 ADD COLUMN "maxAmount" numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_limits."maxAmount"', 'column', 'public.transaction_limits', 'maxAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58
    ADD CONSTRAINT schemac_c165 CHECK ("maxAmount" > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transaction_limits_maxAmount_check" on public.transaction_limits', 'constraint', 'public.transaction_limits', 'transaction_limits_maxAmount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58
    ADD CONSTRAINT schemac_c166 CHECK ("periodDays" > 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transaction_limits_periodDays_check" on public.transaction_limits', 'constraint', 'public.transaction_limits', 'transaction_limits_periodDays_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t58
    ADD CONSTRAINT schemac_c167 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_limits_pkey on public.transaction_limits', 'constraint', 'public.transaction_limits', 'transaction_limits_pkey', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i134 ON pg_temp.schemac_t58 ("limitType", "isActive");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transaction_limits_limitType_isActive_idx"', 'index', 'public.transaction_limits', 'public."transaction_limits_limitType_isActive_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i135 ON pg_temp.schemac_t58 ("userId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transaction_limits_userId_idx"', 'index', 'public.transaction_limits', 'public."transaction_limits_userId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.transaction_webhooks
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t59 ();
COMMENT ON TABLE pg_temp.schemac_t59 IS 'A Stripe or Plaid webhook event, stored once per provider event; Prisma model TransactionWebhook';
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks.id', 'column', 'public.transaction_webhooks', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN provider text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks.provider', 'column', 'public.transaction_webhooks', 'provider', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "eventId" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."eventId"', 'column', 'public.transaction_webhooks', 'eventId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "eventType" text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."eventType"', 'column', 'public.transaction_webhooks', 'eventType', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "transactionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."transactionId"', 'column', 'public.transaction_webhooks', 'transactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN payload jsonb NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks.payload', 'column', 'public.transaction_webhooks', 'payload', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "signatureVerified" boolean NOT NULL DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."signatureVerified"', 'column', 'public.transaction_webhooks', 'signatureVerified', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN processed boolean NOT NULL DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks.processed', 'column', 'public.transaction_webhooks', 'processed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "processedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."processedAt"', 'column', 'public.transaction_webhooks', 'processedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "errorMessage" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."errorMessage"', 'column', 'public.transaction_webhooks', 'errorMessage', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transaction_webhooks."createdAt"', 'column', 'public.transaction_webhooks', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59
    ADD CONSTRAINT schemac_c168 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_webhooks_pkey on public.transaction_webhooks', 'constraint', 'public.transaction_webhooks', 'transaction_webhooks_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59
    ADD CONSTRAINT schemac_c169 CHECK (provider in ('STRIPE', 'PLAID'));
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transaction_webhooks_provider_check on public.transaction_webhooks', 'constraint', 'public.transaction_webhooks', 'transaction_webhooks_provider_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t59
    ADD CONSTRAINT schemac_c170 UNIQUE (provider, "eventId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transaction_webhooks_provider_eventId_key" on public.transaction_webhooks', 'constraint', 'public.transaction_webhooks', 'transaction_webhooks_provider_eventId_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i136 ON pg_temp.schemac_t59 (processed, "createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transaction_webhooks_processed_createdAt_idx"', 'index', 'public.transaction_webhooks', 'public."transaction_webhooks_processed_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i137 ON pg_temp.schemac_t59 ("transactionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transaction_webhooks_transactionId_idx"', 'index', 'public.transaction_webhooks', 'public."transaction_webhooks_transactionId_idx"', SQLERRM);
END;
END
$schemac$;
-- table public.transactions
DO $schemac$
BEGIN
CREATE TABLE pg_temp.schemac_t60 ();
COMMENT ON TABLE pg_temp.schemac_t60 IS 'A money movement with its state machine and retry queue; Prisma model Transaction (seed 001''s SQL)';
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN id text NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.id', 'column', 'public.transactions', 'id', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN type public."TransactionType" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.type', 'column', 'public.transactions', 'type', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN status public."TransactionStatus" NOT NULL DEFAULT 'INITIATED';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.status', 'column', 'public.transactions', 'status', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "paymentMethod" public."PaymentMethod" NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."paymentMethod"', 'column', 'public.transactions', 'paymentMethod', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN currency text NOT NULL DEFAULT 'USD';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.currency', 'column', 'public.transactions', 'currency', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "fromUserId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."fromUserId"', 'column', 'public.transactions', 'fromUserId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "toUserId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."toUserId"', 'column', 'public.transactions', 'toUserId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "fromBankAccountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."fromBankAccountId"', 'column', 'public.transactions', 'fromBankAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "toBankAccountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."toBankAccountId"', 'column', 'public.transactions', 'toBankAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "offeringId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."offeringId"', 'column', 'public.transactions', 'offeringId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "escrowAccountId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."escrowAccountId"', 'column', 'public.transactions', 'escrowAccountId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "distributionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."distributionId"', 'column', 'public.transactions', 'distributionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "stripePaymentIntentId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."stripePaymentIntentId"', 'column', 'public.transactions', 'stripePaymentIntentId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "stripeChargeId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."stripeChargeId"', 'column', 'public.transactions', 'stripeChargeId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "stripeTransferId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."stripeTransferId"', 'column', 'public.transactions', 'stripeTransferId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "plaidTransactionId" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."plaidTransactionId"', 'column', 'public.transactions', 'plaidTransactionId', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "idempotencyKey" text NOT NULL;
COMMENT ON COLUMN pg_temp.schemac_t60."idempotencyKey" IS 'One transaction per client request';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."idempotencyKey"', 'column', 'public.transactions', 'idempotencyKey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN description text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.description', 'column', 'public.transactions', 'description', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "internalMemo" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."internalMemo"', 'column', 'public.transactions', 'internalMemo', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "failureCode" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."failureCode"', 'column', 'public.transactions', 'failureCode', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "failureMessage" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."failureMessage"', 'column', 'public.transactions', 'failureMessage', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "retryCount" integer NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."retryCount"', 'column', 'public.transactions', 'retryCount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "maxRetries" integer NOT NULL DEFAULT 3;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."maxRetries"', 'column', 'public.transactions', 'maxRetries', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "nextRetryAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."nextRetryAt"', 'column', 'public.transactions', 'nextRetryAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "approvedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."approvedAt"', 'column', 'public.transactions', 'approvedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "processedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."processedAt"', 'column', 'public.transactions', 'processedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "settledAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."settledAt"', 'column', 'public.transactions', 'settledAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "completedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."completedAt"', 'column', 'public.transactions', 'completedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "failedAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."failedAt"', 'column', 'public.transactions', 'failedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "cancelledAt" timestamp(3) without time zone;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."cancelledAt"', 'column', 'public.transactions', 'cancelledAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "ipAddress" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."ipAddress"', 'column', 'public.transactions', 'ipAddress', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "userAgent" text;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."userAgent"', 'column', 'public.transactions', 'userAgent', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "complianceCheckPassed" boolean NOT NULL DEFAULT false;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."complianceCheckPassed"', 'column', 'public.transactions', 'complianceCheckPassed', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "complianceCheckData" jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."complianceCheckData"', 'column', 'public.transactions', 'complianceCheckData', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN metadata jsonb;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.metadata', 'column', 'public.transactions', 'metadata', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "createdAt" timestamp(3) without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."createdAt"', 'column', 'public.transactions', 'createdAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "updatedAt" timestamp(3) without time zone NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."updatedAt"', 'column', 'public.transactions', 'updatedAt', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN amount numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions.amount', 'column', 'public.transactions', 'amount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "feeAmount" numeric(18,2) NOT NULL DEFAULT 0;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."feeAmount"', 'column', 'public.transactions', 'feeAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60 ADD COLUMN "netAmount" numeric(18,2) NOT NULL;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('column public.transactions."netAmount"', 'column', 'public.transactions', 'netAmount', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60
    ADD CONSTRAINT schemac_c171 CHECK ("feeAmount" >= 0);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transactions_feeAmount_check" on public.transactions', 'constraint', 'public.transactions', 'transactions_feeAmount_check', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60
    ADD CONSTRAINT schemac_c172 UNIQUE ("idempotencyKey");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transactions_idempotencyKey_key" on public.transactions', 'constraint', 'public.transactions', 'transactions_idempotencyKey_key', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60
    ADD CONSTRAINT schemac_c173 PRIMARY KEY (id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint transactions_pkey on public.transactions', 'constraint', 'public.transactions', 'transactions_pkey', SQLERRM);
END;
BEGIN
ALTER TABLE pg_temp.schemac_t60
    ADD CONSTRAINT schemac_c174 UNIQUE ("stripePaymentIntentId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('constraint "transactions_stripePaymentIntentId_key" on public.transactions', 'constraint', 'public.transactions', 'transactions_stripePaymentIntentId_key', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i138 ON pg_temp.schemac_t60 ("createdAt");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_createdAt_idx"', 'index', 'public.transactions', 'public."transactions_createdAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i139 ON pg_temp.schemac_t60 ("distributionId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_distributionId_idx"', 'index', 'public.transactions', 'public."transactions_distributionId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i140 ON pg_temp.schemac_t60 ("escrowAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_escrowAccountId_idx"', 'index', 'public.transactions', 'public."transactions_escrowAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i141 ON pg_temp.schemac_t60 ("fromBankAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_fromBankAccountId_idx"', 'index', 'public.transactions', 'public."transactions_fromBankAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i142 ON pg_temp.schemac_t60 ("fromUserId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_fromUserId_idx"', 'index', 'public.transactions', 'public."transactions_fromUserId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i143 ON pg_temp.schemac_t60 ("offeringId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_offeringId_idx"', 'index', 'public.transactions', 'public."transactions_offeringId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i144 ON pg_temp.schemac_t60 (status);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.transactions_status_idx', 'index', 'public.transactions', 'public.transactions_status_idx', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i145 ON pg_temp.schemac_t60 (status, "nextRetryAt");
COMMENT ON INDEX pg_temp.schemac_i145 IS 'The retry queue (status = PENDING_RETRY and nextRetryAt due)';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_status_nextRetryAt_idx"', 'index', 'public.transactions', 'public."transactions_status_nextRetryAt_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i146 ON pg_temp.schemac_t60 ("stripePaymentIntentId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_stripePaymentIntentId_idx"', 'index', 'public.transactions', 'public."transactions_stripePaymentIntentId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i147 ON pg_temp.schemac_t60 ("toBankAccountId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_toBankAccountId_idx"', 'index', 'public.transactions', 'public."transactions_toBankAccountId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i148 ON pg_temp.schemac_t60 ("toUserId");
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public."transactions_toUserId_idx"', 'index', 'public.transactions', 'public."transactions_toUserId_idx"', SQLERRM);
END;
BEGIN
CREATE INDEX schemac_i149 ON pg_temp.schemac_t60 (type);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('index public.transactions_type_idx', 'index', 'public.transactions', 'public.transactions_type_idx', SQLERRM);
END;
END
$schemac$;
-- functions and procedures
DO $schemac$
BEGIN
BEGIN
CREATE FUNCTION pg_temp.schemac_f1()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = payments, pg_temp
AS $body$
DECLARE
  account record;
  new_balance numeric(18,2);
BEGIN
  SELECT a.business_unit_id, a.currency, a.allow_negative INTO account FROM ledger_accounts a
   WHERE a.tenant_id = NEW.tenant_id AND a.account_number = NEW.account_number;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'ledger account % is not visible to tenant %', NEW.account_number, NEW.tenant_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF account.currency <> NEW.currency THEN
    RAISE EXCEPTION 'ledger account % is in %, not %', NEW.account_number, account.currency, NEW.currency
      USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO account_balances AS b (tenant_id, business_unit_id, account_number, currency, balance,
                                     entry_count, last_entry_id)
  VALUES (NEW.tenant_id, account.business_unit_id, NEW.account_number, NEW.currency, NEW.amount, 1, NEW.id)
  ON CONFLICT (tenant_id, account_number) DO UPDATE
     SET balance = b.balance + EXCLUDED.balance,
         entry_count = b.entry_count + 1,
         last_entry_id = greatest(b.last_entry_id, EXCLUDED.last_entry_id),
         updated_at = now()
  RETURNING balance INTO new_balance;
  IF new_balance < 0 AND NOT account.allow_negative THEN
    RAISE EXCEPTION 'posting to ledger account % would overdraw it (balance %)', NEW.account_number, new_balance
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f1() IS 'Adds a new ledger entry to its account''s balance. SECURITY DEFINER: the application role may read account_balances but never write it.
';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f1() FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.apply_ledger_entry()', 'function', 'payments', 'apply_ledger_entry', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f2()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = payments, pg_temp
AS $body$
DECLARE
  old_doc jsonb;
  new_doc jsonb;
  doc jsonb;
  i integer;
BEGIN
  IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW); END IF;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    old_doc := old_doc - TG_ARGV[i];
    new_doc := new_doc - TG_ARGV[i];
  END LOOP;
  doc := coalesce(new_doc, old_doc);
  INSERT INTO audit_log (tenant_id, business_unit_id, table_name, operation, row_id, old_row, new_row)
  VALUES (doc ->> 'tenant_id', coalesce(doc ->> 'business_unit_id', '*'), TG_TABLE_NAME,
          TG_OP::audit_operation, coalesce(doc ->> 'id', doc ->> 'business_unit_id', doc ->> 'tenant_id'),
          old_doc, new_doc);
  RETURN NULL;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f2() IS 'Audit trigger: one audit_log row per changed row. SECURITY DEFINER so the application role needs no write privilege on audit_log; the row still passes audit_log''s tenant policy. Trigger arguments name columns to redact.
';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f2() FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.audit_row()', 'function', 'payments', 'audit_row', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f3()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
DECLARE
  unbalanced record;
BEGIN
  SELECT currency, sum(amount) AS total INTO unbalanced
    FROM ledger_entries
   WHERE tenant_id = NEW.tenant_id AND journal_id = NEW.journal_id
   GROUP BY currency
  HAVING sum(amount) <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'unbalanced posting: journal % sums to % %', NEW.journal_id, unbalanced.total, unbalanced.currency
      USING ERRCODE = 'check_violation',
            HINT = 'debits (amount > 0) and credits (amount < 0) of a journal must sum to zero, in one INSERT or post_journal()';
  END IF;
  RETURN NULL;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f3() IS 'Refuses an unbalanced posting. An AFTER ROW trigger runs when the whole inserting statement is done, so the journal''s lines are checked together.
';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.check_journal_balanced()', 'function', 'payments', 'check_journal_balanced', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f4()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
DECLARE
  allowed boolean;
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  allowed := CASE OLD.status
      WHEN 'INITIATED'  THEN NEW.status IN ('VALIDATED', 'VALIDATION_FAILED', 'CANCELLED', 'FAILED')
      WHEN 'VALIDATED'  THEN NEW.status IN ('SUBMITTED', 'CANCELLED', 'FAILED')
      WHEN 'SUBMITTED'  THEN NEW.status IN ('PROCESSING', 'COMPLETED', 'FAILED')
      WHEN 'PROCESSING' THEN NEW.status IN ('COMPLETED', 'FAILED')
      WHEN 'COMPLETED'  THEN NEW.status = 'REVERSED'
      ELSE false
    END;
  IF NOT allowed THEN
    RAISE EXCEPTION 'payment %: status % cannot change to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status = 'COMPLETED' AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  END IF;
  RETURN NEW;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f4() IS 'Refuses a payment status change that the payment lifecycle does not allow';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.check_payment_status_transition()', 'function', 'payments', 'check_payment_status_transition', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f5()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'post a correcting entry instead';
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f5() IS 'Refuses UPDATE, DELETE and TRUNCATE on append-only tables';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.forbid_change()', 'function', 'payments', 'forbid_change', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f6(p_business_unit_id character varying, p_transaction_id uuid, p_lines jsonb)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
DECLARE
  journal uuid := gen_random_uuid();
  tenant varchar(20) := current_setting('app.current_tenant_id', true);
BEGIN
  IF tenant IS NULL OR tenant = '' THEN
    RAISE EXCEPTION 'post_journal needs app.current_tenant_id' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' OR jsonb_array_length(p_lines) < 2 THEN
    RAISE EXCEPTION 'a journal needs at least two lines' USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO ledger_entries (tenant_id, business_unit_id, journal_id, transaction_id, account_number,
                              amount, currency, description)
  SELECT tenant, p_business_unit_id, journal, p_transaction_id, line ->> 'account_number',
         (line ->> 'amount')::numeric(18,2), line ->> 'currency', line ->> 'description'
    FROM jsonb_array_elements(p_lines) AS line;
  RETURN journal;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f6(character varying, uuid, jsonb) IS 'Posts one balanced journal for the current tenant and returns its id. p_lines is a JSON array of {"account_number", "amount", "currency", "description"}.
';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.post_journal(character varying, uuid, jsonb)', 'function', 'payments', 'post_journal', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f7()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = payments, pg_temp
AS $body$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  INSERT INTO payment_status_history (tenant_id, business_unit_id, payment_id, from_status, to_status, reason)
  VALUES (NEW.tenant_id, NEW.business_unit_id, NEW.id,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status, NEW.failure_reason);
  RETURN NULL;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f7() IS 'Writes payment_status_history (SECURITY DEFINER; the application cannot write history itself)';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f7() FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.record_payment_status()', 'function', 'payments', 'record_payment_status', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f8()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$body$;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function payments.set_updated_at()', 'function', 'payments', 'set_updated_at', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f9()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
BEGIN
  IF (OLD.status, NEW.status) IN (('draft', 'open'), ('open', 'allocation_pending'),
                                  ('allocation_pending', 'open'), ('allocation_pending', 'closed')) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'deal % cannot move from % to %', OLD.id, OLD.status, NEW.status
    USING ERRCODE = 'check_violation', HINT = 'draft -> open -> allocation_pending -> closed';
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f9() IS 'Deals move draft -> open -> allocation_pending -> closed (allocation_pending may reopen)';
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.fn_deal_status_transition()', 'function', 'public', 'fn_deal_status_transition', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f10()
RETURNS integer
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
DECLARE
  v_expired integer;
BEGIN
  -- one expiry run at a time; reservations themselves never wait on it (they skip locked lots)
  PERFORM pg_advisory_xact_lock(hashtext('verso.fn_expire_reservations'));
  WITH expired AS (
    UPDATE reservations r SET status = 'expired'
    WHERE r.status = 'pending' AND r.expires_at <= now()
    RETURNING r.id
  ), returned AS (
    SELECT i.lot_id, sum(i.units) AS units
    FROM reservation_lot_items i JOIN expired e ON e.id = i.reservation_id
    GROUP BY i.lot_id
  ), restored AS (
    UPDATE share_lots l SET units_remaining = l.units_remaining + returned.units
    FROM returned WHERE l.id = returned.lot_id
    RETURNING l.id
  )
  SELECT count(*) INTO v_expired FROM expired;
  RETURN v_expired;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f10() IS 'Expires pending reservations past expires_at and returns their units to their lots; returns how many expired';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f10() FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.fn_expire_reservations()', 'function', 'public', 'fn_expire_reservations', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f11(p_reservation_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
DECLARE
  v_reservation record;  -- not reservations%ROWTYPE: see the description, (i)
  v_allocation_id uuid;
BEGIN
  IF NOT user_is_staff() THEN
    RAISE EXCEPTION 'only staff finalize allocations' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT * INTO v_reservation FROM reservations WHERE id = p_reservation_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'reservation % does not exist', p_reservation_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_reservation.status <> 'pending' OR v_reservation.expires_at <= now() THEN
    RAISE EXCEPTION 'reservation % is % and cannot be allocated', p_reservation_id,
      CASE WHEN v_reservation.status = 'pending' THEN 'expired' ELSE v_reservation.status::text END
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  INSERT INTO allocations (deal_id, investor_id, reservation_id, units, unit_price, status, approved_by, approved_at)
  VALUES (v_reservation.deal_id, v_reservation.investor_id, v_reservation.id, v_reservation.requested_units,
          v_reservation.proposed_unit_price, 'approved', auth.uid(), now())
  RETURNING id INTO v_allocation_id;
  UPDATE reservations SET status = 'approved' WHERE id = p_reservation_id;
  RETURN v_allocation_id;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f11(uuid) IS 'Staff turn a pending, unexpired reservation into an allocation; returns the allocation id';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f11(uuid) FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.fn_finalize_allocation(uuid)', 'function', 'public', 'fn_finalize_allocation', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f12(p_deal_id uuid)
RETURNS jsonb
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
select jsonb_build_object(
         'deal_id', d.id,
         'lots', l.lots,
         'units_total', l.units_total,
         'units_remaining', l.units_remaining,
         'units_reserved', r.units_reserved,
         'units_allocated', a.units_allocated,
         'utilization_percent',
           case when l.units_total > 0
                then round(100 * (l.units_total - l.units_remaining) / l.units_total, 2) else 0 end)
from deals d
cross join lateral (select count(*) as lots, coalesce(sum(units_total), 0) as units_total,
                           coalesce(sum(units_remaining), 0) as units_remaining
                    from share_lots where deal_id = d.id and status = 'available') l
cross join lateral (select coalesce(sum(requested_units), 0) as units_reserved
                    from reservations where deal_id = d.id and status = 'pending') r
cross join lateral (select coalesce(sum(units), 0) as units_allocated
                    from allocations where deal_id = d.id and status <> 'cancelled') a
where d.id = p_deal_id and (user_is_staff() or user_has_deal_access(p_deal_id))
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f12(uuid) IS 'Inventory of a deal as jsonb (units, reserved, allocated, utilization_percent); null without access';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f12(uuid) FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.fn_get_deal_inventory(uuid)', 'function', 'public', 'fn_get_deal_inventory', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f13(p_deal_id uuid, p_investor_id uuid, p_requested_units numeric, p_proposed_unit_price numeric, p_hold_minutes integer DEFAULT 30)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
DECLARE
  v_reservation_id uuid;
  v_needed numeric := p_requested_units;
  v_take numeric;
  v_lot record;
BEGIN
  IF p_requested_units IS NULL OR p_requested_units <= 0 THEN
    RAISE EXCEPTION 'requested units must be positive, got %', p_requested_units USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_proposed_unit_price IS NULL OR p_proposed_unit_price < 0 THEN
    RAISE EXCEPTION 'unit price must not be negative, got %', p_proposed_unit_price USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_hold_minutes IS NULL OR p_hold_minutes NOT BETWEEN 1 AND 1440 THEN
    RAISE EXCEPTION 'hold must be 1 to 1440 minutes, got %', p_hold_minutes USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT (user_is_staff() OR (user_has_deal_access(p_deal_id) AND user_linked_to_investor(p_investor_id))) THEN
    RAISE EXCEPTION 'not allowed to reserve in deal % for investor %', p_deal_id, p_investor_id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM 1 FROM deals d WHERE d.id = p_deal_id AND d.status = 'open';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'deal % is not open for reservations', p_deal_id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  INSERT INTO reservations (deal_id, investor_id, requested_units, proposed_unit_price, expires_at, created_by)
  VALUES (p_deal_id, p_investor_id, p_requested_units, p_proposed_unit_price,
          now() + make_interval(mins => p_hold_minutes), auth.uid())
  RETURNING id INTO v_reservation_id;

  FOR v_lot IN
    SELECT l.id, l.units_remaining FROM share_lots l
    WHERE l.deal_id = p_deal_id AND l.status = 'available' AND l.units_remaining > 0
    ORDER BY l.acquired_at, l.id
    FOR UPDATE SKIP LOCKED
  LOOP
    v_take := least(v_lot.units_remaining, v_needed);
    UPDATE share_lots SET units_remaining = units_remaining - v_take WHERE id = v_lot.id;
    INSERT INTO reservation_lot_items (reservation_id, lot_id, units) VALUES (v_reservation_id, v_lot.id, v_take);
    v_needed := v_needed - v_take;
    EXIT WHEN v_needed = 0;
  END LOOP;

  IF v_needed > 0 THEN
    RAISE EXCEPTION 'insufficient inventory in deal %: % units requested, % free', p_deal_id,
      p_requested_units, p_requested_units - v_needed
      USING ERRCODE = 'P0001', HINT = 'lots being reserved by others are skipped; retry or request fewer units';
  END IF;
  RETURN v_reservation_id;
END
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f13(uuid, uuid, numeric, numeric, integer) IS 'Holds units of an open deal for an investor without ever overselling: available lots are locked FOR UPDATE SKIP LOCKED (oldest first) and decremented; raises when not enough units are free. Staff, or a deal member linked to the investor, may reserve.';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f13(uuid, uuid, numeric, numeric, integer) FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', 'function', 'public', 'fn_reserve_inventory', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f14()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$body$;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.set_updated_at()', 'function', 'public', 'set_updated_at', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f15(p_deal_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
select exists (select 1 from deal_memberships m
               where m.deal_id = p_deal_id and m.user_id = auth.uid())
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f15(uuid) IS 'Whether the signed-in user is a member of the deal';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f15(uuid) FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.user_has_deal_access(uuid)', 'function', 'public', 'user_has_deal_access', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f16()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
select exists (select 1 from profiles p
               where p.id = auth.uid() and p.role in ('staff_admin', 'staff_ops', 'staff_rm'))
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f16() IS 'Whether the signed-in user is VERSO staff (profiles.role staff_*)';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f16() FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.user_is_staff()', 'function', 'public', 'user_is_staff', SQLERRM);
END;
BEGIN
CREATE FUNCTION pg_temp.schemac_f17(p_investor_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = public, pg_temp
AS $body$
select exists (select 1 from investor_users iu
               where iu.investor_id = p_investor_id and iu.user_id = auth.uid())
$body$;
COMMENT ON FUNCTION pg_temp.schemac_f17(uuid) IS 'Whether the signed-in user acts for the investor';
REVOKE EXECUTE ON FUNCTION pg_temp.schemac_f17(uuid) FROM PUBLIC;
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('function public.user_linked_to_investor(uuid)', 'function', 'public', 'user_linked_to_investor', SQLERRM);
END;
END
$schemac$;
-- views
DO $schemac$
BEGIN
BEGIN
CREATE VIEW pg_temp.schemac_v1 AS
select d.id, d.name, d.deal_type, d.status, d.currency, d.offer_unit_price,
       coalesce(l.units_total, 0) as units_total,
       coalesce(l.units_remaining, 0) as units_remaining,
       coalesce(r.pending_reservations, 0) as pending_reservations,
       coalesce(r.units_reserved, 0) as units_reserved,
       coalesce(a.allocations, 0) as allocations,
       coalesce(a.units_allocated, 0) as units_allocated,
       coalesce(m.members, 0) as members
from deals d
left join (select deal_id, sum(units_total) as units_total, sum(units_remaining) as units_remaining
           from share_lots where status = 'available' group by deal_id) l on l.deal_id = d.id
left join (select deal_id, count(*) as pending_reservations, sum(requested_units) as units_reserved
           from reservations where status = 'pending' group by deal_id) r on r.deal_id = d.id
left join (select deal_id, count(*) as allocations, sum(units) as units_allocated
           from allocations where status <> 'cancelled' group by deal_id) a on a.deal_id = d.id
left join (select deal_id, count(*) as members from deal_memberships group by deal_id) m on m.deal_id = d.id
where user_is_staff() or user_has_deal_access(d.id);
EXCEPTION WHEN others THEN
    INSERT INTO pg_temp.schemac_unbuildable VALUES ('view public.v_deal_summary', 'view', 'public.v_deal_summary', 'public.v_deal_summary', SQLERRM);
END;
END
$schemac$;

-- Every difference, kept for the check at the end.
CREATE TEMPORARY TABLE schemac_discrepancy ON COMMIT DROP AS
WITH expected_table(object, real_name, shadow_name, rls_enabled, rls_forced, partitioned, unlogged) AS (
    VALUES
        ('table payments.account_balances', 'payments.account_balances', 'pg_temp.schemac_t1', true, true, false, false),
        ('table payments.account_routing', 'payments.account_routing', 'pg_temp.schemac_t2', true, true, false, false),
        ('table payments.api_call_log', 'payments.api_call_log', 'pg_temp.schemac_t3', true, true, false, false),
        ('table payments.audit_log', 'payments.audit_log', 'pg_temp.schemac_t4', true, true, false, false),
        ('table payments.backend_systems', 'payments.backend_systems', 'pg_temp.schemac_t5', true, true, false, false),
        ('table payments.business_units', 'payments.business_units', 'pg_temp.schemac_t6', true, true, false, false),
        ('table payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'pg_temp.schemac_t7', true, true, false, false),
        ('table payments.customer_limits', 'payments.customer_limits', 'pg_temp.schemac_t8', true, true, false, false),
        ('table payments.debit_order_details', 'payments.debit_order_details', 'pg_temp.schemac_t9', true, true, false, false),
        ('table payments.fraud_detection_log', 'payments.fraud_detection_log', 'pg_temp.schemac_t10', true, true, false, false),
        ('table payments.idempotency_records', 'payments.idempotency_records', 'pg_temp.schemac_t11', true, true, false, false),
        ('table payments.ledger_accounts', 'payments.ledger_accounts', 'pg_temp.schemac_t12', true, true, false, false),
        ('table payments.ledger_entries', 'payments.ledger_entries', 'pg_temp.schemac_t13', true, true, false, false),
        ('table payments.limit_reservations', 'payments.limit_reservations', 'pg_temp.schemac_t14', true, true, false, false),
        ('table payments.payment_fees', 'payments.payment_fees', 'pg_temp.schemac_t15', true, true, false, false),
        ('table payments.payment_status_history', 'payments.payment_status_history', 'pg_temp.schemac_t16', true, true, false, false),
        ('table payments.payments', 'payments.payments', 'pg_temp.schemac_t17', true, true, false, false),
        ('table payments.tenant_api_keys', 'payments.tenant_api_keys', 'pg_temp.schemac_t18', true, true, false, false),
        ('table payments.tenant_configs', 'payments.tenant_configs', 'pg_temp.schemac_t19', true, true, false, false),
        ('table payments.tenants', 'payments.tenants', 'pg_temp.schemac_t20', true, true, false, false),
        ('table payments.transaction_events', 'payments.transaction_events', 'pg_temp.schemac_t21', true, true, false, false),
        ('table payments.transaction_reversals', 'payments.transaction_reversals', 'pg_temp.schemac_t22', true, true, false, false),
        ('table payments.transactions', 'payments.transactions', 'pg_temp.schemac_t23', true, true, false, false),
        ('table payments.validation_results', 'payments.validation_results', 'pg_temp.schemac_t24', true, true, false, false),
        ('table payments.validation_rules', 'payments.validation_rules', 'pg_temp.schemac_t25', true, true, false, false),
        ('table public."BankAccount"', 'public."BankAccount"', 'pg_temp.schemac_t26', false, false, false, false),
        ('table public."BankTransaction"', 'public."BankTransaction"', 'pg_temp.schemac_t27', false, false, false, false),
        ('table public."ManualUpload"', 'public."ManualUpload"', 'pg_temp.schemac_t28', false, false, false, false),
        ('table public."Offering"', 'public."Offering"', 'pg_temp.schemac_t29', false, false, false, false),
        ('table public."PayoutSchedule"', 'public."PayoutSchedule"', 'pg_temp.schemac_t30', false, false, false, false),
        ('table public."RevenueConnection"', 'public."RevenueConnection"', 'pg_temp.schemac_t31', false, false, false, false),
        ('table public."RevenueRecord"', 'public."RevenueRecord"', 'pg_temp.schemac_t32', false, false, false, false),
        ('table public."User"', 'public."User"', 'pg_temp.schemac_t33', false, false, false, false),
        ('table public."VerificationLog"', 'public."VerificationLog"', 'pg_temp.schemac_t34', false, false, false, false),
        ('table public.allocations', 'public.allocations', 'pg_temp.schemac_t35', true, false, false, false),
        ('table public.approvals', 'public.approvals', 'pg_temp.schemac_t36', true, false, false, false),
        ('table public.bank_accounts', 'public.bank_accounts', 'pg_temp.schemac_t37', false, false, false, false),
        ('table public.compliance_checks', 'public.compliance_checks', 'pg_temp.schemac_t38', false, false, false, false),
        ('table public.deal_memberships', 'public.deal_memberships', 'pg_temp.schemac_t39', true, false, false, false),
        ('table public.deals', 'public.deals', 'pg_temp.schemac_t40', true, false, false, false),
        ('table public.distribution_allocations', 'public.distribution_allocations', 'pg_temp.schemac_t41', false, false, false, false),
        ('table public.distributions', 'public.distributions', 'pg_temp.schemac_t42', false, false, false, false),
        ('table public.document_packages', 'public.document_packages', 'pg_temp.schemac_t43', true, false, false, false),
        ('table public.document_templates', 'public.document_templates', 'pg_temp.schemac_t44', true, false, false, false),
        ('table public.escrow_accounts', 'public.escrow_accounts', 'pg_temp.schemac_t45', false, false, false, false),
        ('table public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'pg_temp.schemac_t46', false, false, false, false),
        ('table public.fee_components', 'public.fee_components', 'pg_temp.schemac_t47', true, false, false, false),
        ('table public.fee_events', 'public.fee_events', 'pg_temp.schemac_t48', true, false, false, false),
        ('table public.fee_plans', 'public.fee_plans', 'pg_temp.schemac_t49', true, false, false, false),
        ('table public.investments', 'public.investments', 'pg_temp.schemac_t50', false, false, false, false),
        ('table public.investor_users', 'public.investor_users', 'pg_temp.schemac_t51', true, false, false, false),
        ('table public.invite_links', 'public.invite_links', 'pg_temp.schemac_t52', true, false, false, false),
        ('table public.invoice_lines', 'public.invoice_lines', 'pg_temp.schemac_t53', true, false, false, false),
        ('table public.invoices', 'public.invoices', 'pg_temp.schemac_t54', true, false, false, false),
        ('table public.reservation_lot_items', 'public.reservation_lot_items', 'pg_temp.schemac_t55', true, false, false, false),
        ('table public.reservations', 'public.reservations', 'pg_temp.schemac_t56', true, false, false, false),
        ('table public.share_lots', 'public.share_lots', 'pg_temp.schemac_t57', true, false, false, false),
        ('table public.transaction_limits', 'public.transaction_limits', 'pg_temp.schemac_t58', false, false, false, false),
        ('table public.transaction_webhooks', 'public.transaction_webhooks', 'pg_temp.schemac_t59', false, false, false, false),
        ('table public.transactions', 'public.transactions', 'pg_temp.schemac_t60', false, false, false, false)
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
        ('constraint account_balances_currency_check on payments.account_balances', 'payments.account_balances', 'account_balances_currency_check', 'pg_temp.schemac_t1', 'schemac_c1'),
        ('constraint account_balances_entry_count_check on payments.account_balances', 'payments.account_balances', 'account_balances_entry_count_check', 'pg_temp.schemac_t1', 'schemac_c2'),
        ('constraint account_balances_pkey on payments.account_balances', 'payments.account_balances', 'account_balances_pkey', 'pg_temp.schemac_t1', 'schemac_c3'),
        ('constraint account_routing_pkey on payments.account_routing', 'payments.account_routing', 'account_routing_pkey', 'pg_temp.schemac_t2', 'schemac_c4'),
        ('constraint account_routing_tenant_id_business_unit_id_account_prefix_key on payments.account_routing', 'payments.account_routing', 'account_routing_tenant_id_business_unit_id_account_prefix_key', 'pg_temp.schemac_t2', 'schemac_c5'),
        ('constraint api_call_log_duration_ms_check on payments.api_call_log', 'payments.api_call_log', 'api_call_log_duration_ms_check', 'pg_temp.schemac_t3', 'schemac_c6'),
        ('constraint api_call_log_http_status_check on payments.api_call_log', 'payments.api_call_log', 'api_call_log_http_status_check', 'pg_temp.schemac_t3', 'schemac_c7'),
        ('constraint api_call_log_pkey on payments.api_call_log', 'payments.api_call_log', 'api_call_log_pkey', 'pg_temp.schemac_t3', 'schemac_c8'),
        ('constraint audit_log_pkey on payments.audit_log', 'payments.audit_log', 'audit_log_pkey', 'pg_temp.schemac_t4', 'schemac_c9'),
        ('constraint backend_systems_max_retries_check on payments.backend_systems', 'payments.backend_systems', 'backend_systems_max_retries_check', 'pg_temp.schemac_t5', 'schemac_c10'),
        ('constraint backend_systems_pkey on payments.backend_systems', 'payments.backend_systems', 'backend_systems_pkey', 'pg_temp.schemac_t5', 'schemac_c11'),
        ('constraint backend_systems_tenant_id_system_code_key on payments.backend_systems', 'payments.backend_systems', 'backend_systems_tenant_id_system_code_key', 'pg_temp.schemac_t5', 'schemac_c12'),
        ('constraint backend_systems_timeout_ms_check on payments.backend_systems', 'payments.backend_systems', 'backend_systems_timeout_ms_check', 'pg_temp.schemac_t5', 'schemac_c13'),
        ('constraint business_units_pkey on payments.business_units', 'payments.business_units', 'business_units_pkey', 'pg_temp.schemac_t6', 'schemac_c14'),
        ('constraint circuit_breaker_state_failure_count_check on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_failure_count_check', 'pg_temp.schemac_t7', 'schemac_c15'),
        ('constraint circuit_breaker_state_failure_threshold_check on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_failure_threshold_check', 'pg_temp.schemac_t7', 'schemac_c16'),
        ('constraint circuit_breaker_state_open_check on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_open_check', 'pg_temp.schemac_t7', 'schemac_c17'),
        ('constraint circuit_breaker_state_pkey on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_pkey', 'pg_temp.schemac_t7', 'schemac_c18'),
        ('constraint circuit_breaker_state_success_count_check on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_success_count_check', 'pg_temp.schemac_t7', 'schemac_c19'),
        ('constraint customer_limits_currency_check on payments.customer_limits', 'payments.customer_limits', 'customer_limits_currency_check', 'pg_temp.schemac_t8', 'schemac_c20'),
        ('constraint customer_limits_limit_amount_check on payments.customer_limits', 'payments.customer_limits', 'customer_limits_limit_amount_check', 'pg_temp.schemac_t8', 'schemac_c21'),
        ('constraint customer_limits_pkey on payments.customer_limits', 'payments.customer_limits', 'customer_limits_pkey', 'pg_temp.schemac_t8', 'schemac_c22'),
        ('constraint customer_limits_reserved_amount_check on payments.customer_limits', 'payments.customer_limits', 'customer_limits_reserved_amount_check', 'pg_temp.schemac_t8', 'schemac_c23'),
        ('constraint customer_limits_tenant_id_customer_id_limit_type_currency_b_key on payments.customer_limits', 'payments.customer_limits', 'customer_limits_tenant_id_customer_id_limit_type_currency_b_key', 'pg_temp.schemac_t8', 'schemac_c24'),
        ('constraint customer_limits_used_amount_check on payments.customer_limits', 'payments.customer_limits', 'customer_limits_used_amount_check', 'pg_temp.schemac_t8', 'schemac_c25'),
        ('constraint customer_limits_within_limit on payments.customer_limits', 'payments.customer_limits', 'customer_limits_within_limit', 'pg_temp.schemac_t8', 'schemac_c26'),
        ('constraint debit_order_details_pkey on payments.debit_order_details', 'payments.debit_order_details', 'debit_order_details_pkey', 'pg_temp.schemac_t9', 'schemac_c27'),
        ('constraint debit_order_details_tracking_days_check on payments.debit_order_details', 'payments.debit_order_details', 'debit_order_details_tracking_days_check', 'pg_temp.schemac_t9', 'schemac_c28'),
        ('constraint fraud_detection_log_pkey on payments.fraud_detection_log', 'payments.fraud_detection_log', 'fraud_detection_log_pkey', 'pg_temp.schemac_t10', 'schemac_c29'),
        ('constraint fraud_detection_log_risk_score_check on payments.fraud_detection_log', 'payments.fraud_detection_log', 'fraud_detection_log_risk_score_check', 'pg_temp.schemac_t10', 'schemac_c30'),
        ('constraint idempotency_records_completed_check on payments.idempotency_records', 'payments.idempotency_records', 'idempotency_records_completed_check', 'pg_temp.schemac_t11', 'schemac_c31'),
        ('constraint idempotency_records_expiry_check on payments.idempotency_records', 'payments.idempotency_records', 'idempotency_records_expiry_check', 'pg_temp.schemac_t11', 'schemac_c32'),
        ('constraint idempotency_records_pkey on payments.idempotency_records', 'payments.idempotency_records', 'idempotency_records_pkey', 'pg_temp.schemac_t11', 'schemac_c33'),
        ('constraint idempotency_records_request_hash_check on payments.idempotency_records', 'payments.idempotency_records', 'idempotency_records_request_hash_check', 'pg_temp.schemac_t11', 'schemac_c34'),
        ('constraint idempotency_records_response_code_check on payments.idempotency_records', 'payments.idempotency_records', 'idempotency_records_response_code_check', 'pg_temp.schemac_t11', 'schemac_c35'),
        ('constraint ledger_accounts_currency_check on payments.ledger_accounts', 'payments.ledger_accounts', 'ledger_accounts_currency_check', 'pg_temp.schemac_t12', 'schemac_c36'),
        ('constraint ledger_accounts_pkey on payments.ledger_accounts', 'payments.ledger_accounts', 'ledger_accounts_pkey', 'pg_temp.schemac_t12', 'schemac_c37'),
        ('constraint ledger_entries_amount_check on payments.ledger_entries', 'payments.ledger_entries', 'ledger_entries_amount_check', 'pg_temp.schemac_t13', 'schemac_c38'),
        ('constraint ledger_entries_currency_check on payments.ledger_entries', 'payments.ledger_entries', 'ledger_entries_currency_check', 'pg_temp.schemac_t13', 'schemac_c39'),
        ('constraint ledger_entries_pkey on payments.ledger_entries', 'payments.ledger_entries', 'ledger_entries_pkey', 'pg_temp.schemac_t13', 'schemac_c40'),
        ('constraint limit_reservations_amount_check on payments.limit_reservations', 'payments.limit_reservations', 'limit_reservations_amount_check', 'pg_temp.schemac_t14', 'schemac_c41'),
        ('constraint limit_reservations_pkey on payments.limit_reservations', 'payments.limit_reservations', 'limit_reservations_pkey', 'pg_temp.schemac_t14', 'schemac_c42'),
        ('constraint limit_reservations_tenant_id_payment_id_limit_id_key on payments.limit_reservations', 'payments.limit_reservations', 'limit_reservations_tenant_id_payment_id_limit_id_key', 'pg_temp.schemac_t14', 'schemac_c43'),
        ('constraint payment_fees_amount_check on payments.payment_fees', 'payments.payment_fees', 'payment_fees_amount_check', 'pg_temp.schemac_t15', 'schemac_c44'),
        ('constraint payment_fees_currency_check on payments.payment_fees', 'payments.payment_fees', 'payment_fees_currency_check', 'pg_temp.schemac_t15', 'schemac_c45'),
        ('constraint payment_fees_pkey on payments.payment_fees', 'payments.payment_fees', 'payment_fees_pkey', 'pg_temp.schemac_t15', 'schemac_c46'),
        ('constraint payment_fees_vat_amount_check on payments.payment_fees', 'payments.payment_fees', 'payment_fees_vat_amount_check', 'pg_temp.schemac_t15', 'schemac_c47'),
        ('constraint payment_status_history_pkey on payments.payment_status_history', 'payments.payment_status_history', 'payment_status_history_pkey', 'pg_temp.schemac_t16', 'schemac_c48'),
        ('constraint payments_amount_check on payments.payments', 'payments.payments', 'payments_amount_check', 'pg_temp.schemac_t17', 'schemac_c49'),
        ('constraint payments_completed_at_check on payments.payments', 'payments.payments', 'payments_completed_at_check', 'pg_temp.schemac_t17', 'schemac_c50'),
        ('constraint payments_creditor_agent_bic_check on payments.payments', 'payments.payments', 'payments_creditor_agent_bic_check', 'pg_temp.schemac_t17', 'schemac_c51'),
        ('constraint payments_currency_check on payments.payments', 'payments.payments', 'payments_currency_check', 'pg_temp.schemac_t17', 'schemac_c52'),
        ('constraint payments_pkey on payments.payments', 'payments.payments', 'payments_pkey', 'pg_temp.schemac_t17', 'schemac_c53'),
        ('constraint payments_tenant_id_payment_reference_key on payments.payments', 'payments.payments', 'payments_tenant_id_payment_reference_key', 'pg_temp.schemac_t17', 'schemac_c54'),
        ('constraint tenant_api_keys_key_hash_check on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_api_keys_key_hash_check', 'pg_temp.schemac_t18', 'schemac_c55'),
        ('constraint tenant_api_keys_key_prefix_key on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_api_keys_key_prefix_key', 'pg_temp.schemac_t18', 'schemac_c56'),
        ('constraint tenant_api_keys_pkey on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_api_keys_pkey', 'pg_temp.schemac_t18', 'schemac_c57'),
        ('constraint tenant_api_keys_rate_limit_per_minute_check on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_api_keys_rate_limit_per_minute_check', 'pg_temp.schemac_t18', 'schemac_c58'),
        ('constraint tenant_configs_pkey on payments.tenant_configs', 'payments.tenant_configs', 'tenant_configs_pkey', 'pg_temp.schemac_t19', 'schemac_c59'),
        ('constraint tenant_configs_tenant_id_config_key_business_unit_id_key on payments.tenant_configs', 'payments.tenant_configs', 'tenant_configs_tenant_id_config_key_business_unit_id_key', 'pg_temp.schemac_t19', 'schemac_c60'),
        ('constraint tenants_country_code_check on payments.tenants', 'payments.tenants', 'tenants_country_code_check', 'pg_temp.schemac_t20', 'schemac_c61'),
        ('constraint tenants_default_currency_check on payments.tenants', 'payments.tenants', 'tenants_default_currency_check', 'pg_temp.schemac_t20', 'schemac_c62'),
        ('constraint tenants_pkey on payments.tenants', 'payments.tenants', 'tenants_pkey', 'pg_temp.schemac_t20', 'schemac_c63'),
        ('constraint tenants_tenant_id_check on payments.tenants', 'payments.tenants', 'tenants_tenant_id_check', 'pg_temp.schemac_t20', 'schemac_c64'),
        ('constraint transaction_events_pkey on payments.transaction_events', 'payments.transaction_events', 'transaction_events_pkey', 'pg_temp.schemac_t21', 'schemac_c65'),
        ('constraint transaction_events_sequence_number_check on payments.transaction_events', 'payments.transaction_events', 'transaction_events_sequence_number_check', 'pg_temp.schemac_t21', 'schemac_c66'),
        ('constraint transaction_events_tenant_id_transaction_id_sequence_number_key on payments.transaction_events', 'payments.transaction_events', 'transaction_events_tenant_id_transaction_id_sequence_number_key', 'pg_temp.schemac_t21', 'schemac_c67'),
        ('constraint transaction_reversals_distinct on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_distinct', 'pg_temp.schemac_t22', 'schemac_c68'),
        ('constraint transaction_reversals_pkey on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_pkey', 'pg_temp.schemac_t22', 'schemac_c69'),
        ('constraint transaction_reversals_tenant_id_original_transaction_id_key on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_original_transaction_id_key', 'pg_temp.schemac_t22', 'schemac_c70'),
        ('constraint transaction_reversals_tenant_id_reversal_transaction_id_key on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_reversal_transaction_id_key', 'pg_temp.schemac_t22', 'schemac_c71'),
        ('constraint transactions_amount_check on payments.transactions', 'payments.transactions', 'transactions_amount_check', 'pg_temp.schemac_t23', 'schemac_c72'),
        ('constraint transactions_currency_check on payments.transactions', 'payments.transactions', 'transactions_currency_check', 'pg_temp.schemac_t23', 'schemac_c73'),
        ('constraint transactions_pkey on payments.transactions', 'payments.transactions', 'transactions_pkey', 'pg_temp.schemac_t23', 'schemac_c74'),
        ('constraint transactions_tenant_id_transaction_reference_key on payments.transactions', 'payments.transactions', 'transactions_tenant_id_transaction_reference_key', 'pg_temp.schemac_t23', 'schemac_c75'),
        ('constraint validation_results_pkey on payments.validation_results', 'payments.validation_results', 'validation_results_pkey', 'pg_temp.schemac_t24', 'schemac_c76'),
        ('constraint validation_rules_pkey on payments.validation_rules', 'payments.validation_rules', 'validation_rules_pkey', 'pg_temp.schemac_t25', 'schemac_c77'),
        ('constraint validation_rules_tenant_id_rule_code_business_unit_id_key on payments.validation_rules', 'payments.validation_rules', 'validation_rules_tenant_id_rule_code_business_unit_id_key', 'pg_temp.schemac_t25', 'schemac_c78'),
        ('constraint "BankAccount_connectionId_accountId_key" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_connectionId_accountId_key', 'pg_temp.schemac_t26', 'schemac_c79'),
        ('constraint "BankAccount_pkey" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_pkey', 'pg_temp.schemac_t26', 'schemac_c80'),
        ('constraint "BankTransaction_bankAccountId_transactionId_key" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_bankAccountId_transactionId_key', 'pg_temp.schemac_t27', 'schemac_c81'),
        ('constraint "BankTransaction_pkey" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_pkey', 'pg_temp.schemac_t27', 'schemac_c82'),
        ('constraint "ManualUpload_pkey" on public."ManualUpload"', 'public."ManualUpload"', 'ManualUpload_pkey', 'pg_temp.schemac_t28', 'schemac_c83'),
        ('constraint "Offering_pkey" on public."Offering"', 'public."Offering"', 'Offering_pkey', 'pg_temp.schemac_t29', 'schemac_c84'),
        ('constraint "PayoutSchedule_dealId_month_key" on public."PayoutSchedule"', 'public."PayoutSchedule"', 'PayoutSchedule_dealId_month_key', 'pg_temp.schemac_t30', 'schemac_c85'),
        ('constraint "PayoutSchedule_pkey" on public."PayoutSchedule"', 'public."PayoutSchedule"', 'PayoutSchedule_pkey', 'pg_temp.schemac_t30', 'schemac_c86'),
        ('constraint "RevenueConnection_businessId_sourceType_key" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_businessId_sourceType_key', 'pg_temp.schemac_t31', 'schemac_c87'),
        ('constraint "RevenueConnection_pkey" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_pkey', 'pg_temp.schemac_t31', 'schemac_c88'),
        ('constraint "RevenueRecord_dealId_connectionId_month_key" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_dealId_connectionId_month_key', 'pg_temp.schemac_t32', 'schemac_c89'),
        ('constraint "RevenueRecord_pkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_pkey', 'pg_temp.schemac_t32', 'schemac_c90'),
        ('constraint "User_email_key" on public."User"', 'public."User"', 'User_email_key', 'pg_temp.schemac_t33', 'schemac_c91'),
        ('constraint "User_pkey" on public."User"', 'public."User"', 'User_pkey', 'pg_temp.schemac_t33', 'schemac_c92'),
        ('constraint "VerificationLog_pkey" on public."VerificationLog"', 'public."VerificationLog"', 'VerificationLog_pkey', 'pg_temp.schemac_t34', 'schemac_c93'),
        ('constraint allocations_pkey on public.allocations', 'public.allocations', 'allocations_pkey', 'pg_temp.schemac_t35', 'schemac_c94'),
        ('constraint allocations_reservation_id_key on public.allocations', 'public.allocations', 'allocations_reservation_id_key', 'pg_temp.schemac_t35', 'schemac_c95'),
        ('constraint allocations_unit_price_check on public.allocations', 'public.allocations', 'allocations_unit_price_check', 'pg_temp.schemac_t35', 'schemac_c96'),
        ('constraint allocations_units_check on public.allocations', 'public.allocations', 'allocations_units_check', 'pg_temp.schemac_t35', 'schemac_c97'),
        ('constraint approvals_decision_recorded on public.approvals', 'public.approvals', 'approvals_decision_recorded', 'pg_temp.schemac_t36', 'schemac_c98'),
        ('constraint approvals_pkey on public.approvals', 'public.approvals', 'approvals_pkey', 'pg_temp.schemac_t36', 'schemac_c99'),
        ('constraint "bank_accounts_accountNumberLast4_check" on public.bank_accounts', 'public.bank_accounts', 'bank_accounts_accountNumberLast4_check', 'pg_temp.schemac_t37', 'schemac_c100'),
        ('constraint bank_accounts_pkey on public.bank_accounts', 'public.bank_accounts', 'bank_accounts_pkey', 'pg_temp.schemac_t37', 'schemac_c101'),
        ('constraint "bank_accounts_plaidAccountId_key" on public.bank_accounts', 'public.bank_accounts', 'bank_accounts_plaidAccountId_key', 'pg_temp.schemac_t37', 'schemac_c102'),
        ('constraint "compliance_checks_checkType_check" on public.compliance_checks', 'public.compliance_checks', 'compliance_checks_checkType_check', 'pg_temp.schemac_t38', 'schemac_c103'),
        ('constraint compliance_checks_pkey on public.compliance_checks', 'public.compliance_checks', 'compliance_checks_pkey', 'pg_temp.schemac_t38', 'schemac_c104'),
        ('constraint compliance_checks_status_check on public.compliance_checks', 'public.compliance_checks', 'compliance_checks_status_check', 'pg_temp.schemac_t38', 'schemac_c105'),
        ('constraint deal_memberships_investor_role on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_investor_role', 'pg_temp.schemac_t39', 'schemac_c106'),
        ('constraint deal_memberships_pkey on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_pkey', 'pg_temp.schemac_t39', 'schemac_c107'),
        ('constraint deals_close_after_open on public.deals', 'public.deals', 'deals_close_after_open', 'pg_temp.schemac_t40', 'schemac_c108'),
        ('constraint deals_currency_check on public.deals', 'public.deals', 'deals_currency_check', 'pg_temp.schemac_t40', 'schemac_c109'),
        ('constraint deals_minimum_investment_check on public.deals', 'public.deals', 'deals_minimum_investment_check', 'pg_temp.schemac_t40', 'schemac_c110'),
        ('constraint deals_offer_unit_price_check on public.deals', 'public.deals', 'deals_offer_unit_price_check', 'pg_temp.schemac_t40', 'schemac_c111'),
        ('constraint deals_pkey on public.deals', 'public.deals', 'deals_pkey', 'pg_temp.schemac_t40', 'schemac_c112'),
        ('constraint deals_target_amount_check on public.deals', 'public.deals', 'deals_target_amount_check', 'pg_temp.schemac_t40', 'schemac_c113'),
        ('constraint "distribution_allocations_distributionId_investmentId_key" on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_distributionId_investmentId_key', 'pg_temp.schemac_t41', 'schemac_c114'),
        ('constraint distribution_allocations_pkey on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_pkey', 'pg_temp.schemac_t41', 'schemac_c115'),
        ('constraint distributions_pkey on public.distributions', 'public.distributions', 'distributions_pkey', 'pg_temp.schemac_t42', 'schemac_c116'),
        ('constraint document_packages_esign_envelope_id_key on public.document_packages', 'public.document_packages', 'document_packages_esign_envelope_id_key', 'pg_temp.schemac_t43', 'schemac_c117'),
        ('constraint document_packages_pkey on public.document_packages', 'public.document_packages', 'document_packages_pkey', 'pg_temp.schemac_t43', 'schemac_c118'),
        ('constraint document_templates_key_version_key on public.document_templates', 'public.document_templates', 'document_templates_key_version_key', 'pg_temp.schemac_t44', 'schemac_c119'),
        ('constraint document_templates_pkey on public.document_templates', 'public.document_templates', 'document_templates_pkey', 'pg_temp.schemac_t44', 'schemac_c120'),
        ('constraint document_templates_version_check on public.document_templates', 'public.document_templates', 'document_templates_version_check', 'pg_temp.schemac_t44', 'schemac_c121'),
        ('constraint "escrow_accounts_accountNumber_key" on public.escrow_accounts', 'public.escrow_accounts', 'escrow_accounts_accountNumber_key', 'pg_temp.schemac_t45', 'schemac_c122'),
        ('constraint "escrow_accounts_offeringId_key" on public.escrow_accounts', 'public.escrow_accounts', 'escrow_accounts_offeringId_key', 'pg_temp.schemac_t45', 'schemac_c123'),
        ('constraint escrow_accounts_pkey on public.escrow_accounts', 'public.escrow_accounts', 'escrow_accounts_pkey', 'pg_temp.schemac_t45', 'schemac_c124'),
        ('constraint escrow_ledger_entries_pkey on public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'escrow_ledger_entries_pkey', 'pg_temp.schemac_t46', 'schemac_c125'),
        ('constraint fee_components_amount_for_method on public.fee_components', 'public.fee_components', 'fee_components_amount_for_method', 'pg_temp.schemac_t47', 'schemac_c126'),
        ('constraint fee_components_flat_amount_check on public.fee_components', 'public.fee_components', 'fee_components_flat_amount_check', 'pg_temp.schemac_t47', 'schemac_c127'),
        ('constraint fee_components_hurdle_rate_bps_check on public.fee_components', 'public.fee_components', 'fee_components_hurdle_rate_bps_check', 'pg_temp.schemac_t47', 'schemac_c128'),
        ('constraint fee_components_pkey on public.fee_components', 'public.fee_components', 'fee_components_pkey', 'pg_temp.schemac_t47', 'schemac_c129'),
        ('constraint fee_components_rate_bps_check on public.fee_components', 'public.fee_components', 'fee_components_rate_bps_check', 'pg_temp.schemac_t47', 'schemac_c130'),
        ('constraint fee_events_base_amount_check on public.fee_events', 'public.fee_events', 'fee_events_base_amount_check', 'pg_temp.schemac_t48', 'schemac_c131'),
        ('constraint fee_events_computed_amount_check on public.fee_events', 'public.fee_events', 'fee_events_computed_amount_check', 'pg_temp.schemac_t48', 'schemac_c132'),
        ('constraint fee_events_period_order on public.fee_events', 'public.fee_events', 'fee_events_period_order', 'pg_temp.schemac_t48', 'schemac_c133'),
        ('constraint fee_events_pkey on public.fee_events', 'public.fee_events', 'fee_events_pkey', 'pg_temp.schemac_t48', 'schemac_c134'),
        ('constraint fee_plans_deal_id_name_key on public.fee_plans', 'public.fee_plans', 'fee_plans_deal_id_name_key', 'pg_temp.schemac_t49', 'schemac_c135'),
        ('constraint fee_plans_pkey on public.fee_plans', 'public.fee_plans', 'fee_plans_pkey', 'pg_temp.schemac_t49', 'schemac_c136'),
        ('constraint investments_amount_check on public.investments', 'public.investments', 'investments_amount_check', 'pg_temp.schemac_t50', 'schemac_c137'),
        ('constraint investments_pkey on public.investments', 'public.investments', 'investments_pkey', 'pg_temp.schemac_t50', 'schemac_c138'),
        ('constraint investor_users_pkey on public.investor_users', 'public.investor_users', 'investor_users_pkey', 'pg_temp.schemac_t51', 'schemac_c139'),
        ('constraint invite_links_max_uses_check on public.invite_links', 'public.invite_links', 'invite_links_max_uses_check', 'pg_temp.schemac_t52', 'schemac_c140'),
        ('constraint invite_links_pkey on public.invite_links', 'public.invite_links', 'invite_links_pkey', 'pg_temp.schemac_t52', 'schemac_c141'),
        ('constraint invite_links_token_hash_key on public.invite_links', 'public.invite_links', 'invite_links_token_hash_key', 'pg_temp.schemac_t52', 'schemac_c142'),
        ('constraint invite_links_used_count_check on public.invite_links', 'public.invite_links', 'invite_links_used_count_check', 'pg_temp.schemac_t52', 'schemac_c143'),
        ('constraint invite_links_uses_within_max on public.invite_links', 'public.invite_links', 'invite_links_uses_within_max', 'pg_temp.schemac_t52', 'schemac_c144'),
        ('constraint invoice_lines_amount_matches on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_amount_matches', 'pg_temp.schemac_t53', 'schemac_c145'),
        ('constraint invoice_lines_fee_event_id_key on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_fee_event_id_key', 'pg_temp.schemac_t53', 'schemac_c146'),
        ('constraint invoice_lines_pkey on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_pkey', 'pg_temp.schemac_t53', 'schemac_c147'),
        ('constraint invoice_lines_quantity_check on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_quantity_check', 'pg_temp.schemac_t53', 'schemac_c148'),
        ('constraint invoices_amount_paid_check on public.invoices', 'public.invoices', 'invoices_amount_paid_check', 'pg_temp.schemac_t54', 'schemac_c149'),
        ('constraint invoices_due_after_issue on public.invoices', 'public.invoices', 'invoices_due_after_issue', 'pg_temp.schemac_t54', 'schemac_c150'),
        ('constraint invoices_invoice_number_key on public.invoices', 'public.invoices', 'invoices_invoice_number_key', 'pg_temp.schemac_t54', 'schemac_c151'),
        ('constraint invoices_paid_in_full on public.invoices', 'public.invoices', 'invoices_paid_in_full', 'pg_temp.schemac_t54', 'schemac_c152'),
        ('constraint invoices_pkey on public.invoices', 'public.invoices', 'invoices_pkey', 'pg_temp.schemac_t54', 'schemac_c153'),
        ('constraint invoices_subtotal_check on public.invoices', 'public.invoices', 'invoices_subtotal_check', 'pg_temp.schemac_t54', 'schemac_c154'),
        ('constraint invoices_tax_check on public.invoices', 'public.invoices', 'invoices_tax_check', 'pg_temp.schemac_t54', 'schemac_c155'),
        ('constraint reservation_lot_items_pkey on public.reservation_lot_items', 'public.reservation_lot_items', 'reservation_lot_items_pkey', 'pg_temp.schemac_t55', 'schemac_c156'),
        ('constraint reservation_lot_items_units_check on public.reservation_lot_items', 'public.reservation_lot_items', 'reservation_lot_items_units_check', 'pg_temp.schemac_t55', 'schemac_c157'),
        ('constraint reservations_pkey on public.reservations', 'public.reservations', 'reservations_pkey', 'pg_temp.schemac_t56', 'schemac_c158'),
        ('constraint reservations_proposed_unit_price_check on public.reservations', 'public.reservations', 'reservations_proposed_unit_price_check', 'pg_temp.schemac_t56', 'schemac_c159'),
        ('constraint reservations_requested_units_check on public.reservations', 'public.reservations', 'reservations_requested_units_check', 'pg_temp.schemac_t56', 'schemac_c160'),
        ('constraint share_lots_pkey on public.share_lots', 'public.share_lots', 'share_lots_pkey', 'pg_temp.schemac_t57', 'schemac_c161'),
        ('constraint share_lots_unit_cost_check on public.share_lots', 'public.share_lots', 'share_lots_unit_cost_check', 'pg_temp.schemac_t57', 'schemac_c162'),
        ('constraint share_lots_units_remaining_in_range on public.share_lots', 'public.share_lots', 'share_lots_units_remaining_in_range', 'pg_temp.schemac_t57', 'schemac_c163'),
        ('constraint share_lots_units_total_check on public.share_lots', 'public.share_lots', 'share_lots_units_total_check', 'pg_temp.schemac_t57', 'schemac_c164'),
        ('constraint "transaction_limits_maxAmount_check" on public.transaction_limits', 'public.transaction_limits', 'transaction_limits_maxAmount_check', 'pg_temp.schemac_t58', 'schemac_c165'),
        ('constraint "transaction_limits_periodDays_check" on public.transaction_limits', 'public.transaction_limits', 'transaction_limits_periodDays_check', 'pg_temp.schemac_t58', 'schemac_c166'),
        ('constraint transaction_limits_pkey on public.transaction_limits', 'public.transaction_limits', 'transaction_limits_pkey', 'pg_temp.schemac_t58', 'schemac_c167'),
        ('constraint transaction_webhooks_pkey on public.transaction_webhooks', 'public.transaction_webhooks', 'transaction_webhooks_pkey', 'pg_temp.schemac_t59', 'schemac_c168'),
        ('constraint transaction_webhooks_provider_check on public.transaction_webhooks', 'public.transaction_webhooks', 'transaction_webhooks_provider_check', 'pg_temp.schemac_t59', 'schemac_c169'),
        ('constraint "transaction_webhooks_provider_eventId_key" on public.transaction_webhooks', 'public.transaction_webhooks', 'transaction_webhooks_provider_eventId_key', 'pg_temp.schemac_t59', 'schemac_c170'),
        ('constraint "transactions_feeAmount_check" on public.transactions', 'public.transactions', 'transactions_feeAmount_check', 'pg_temp.schemac_t60', 'schemac_c171'),
        ('constraint "transactions_idempotencyKey_key" on public.transactions', 'public.transactions', 'transactions_idempotencyKey_key', 'pg_temp.schemac_t60', 'schemac_c172'),
        ('constraint transactions_pkey on public.transactions', 'public.transactions', 'transactions_pkey', 'pg_temp.schemac_t60', 'schemac_c173'),
        ('constraint "transactions_stripePaymentIntentId_key" on public.transactions', 'public.transactions', 'transactions_stripePaymentIntentId_key', 'pg_temp.schemac_t60', 'schemac_c174')
),
expected_fk(object, real_table, name, columns, ref_table, ref_columns, on_update, on_delete, is_deferrable, is_deferred, suffix, comment, period) AS (
    VALUES
        ('constraint account_balances_tenant_id_account_number_fkey on payments.account_balances', 'payments.account_balances', 'account_balances_tenant_id_account_number_fkey', ARRAY['tenant_id', 'account_number']::text[], 'payments.ledger_accounts', ARRAY['tenant_id', 'account_number']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint account_routing_tenant_id_backend_system_id_fkey on payments.account_routing', 'payments.account_routing', 'account_routing_tenant_id_backend_system_id_fkey', ARRAY['tenant_id', 'backend_system_id']::text[], 'payments.backend_systems', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint api_call_log_tenant_id_backend_system_id_fkey on payments.api_call_log', 'payments.api_call_log', 'api_call_log_tenant_id_backend_system_id_fkey', ARRAY['tenant_id', 'backend_system_id']::text[], 'payments.backend_systems', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint backend_systems_tenant_id_business_unit_id_fkey on payments.backend_systems', 'payments.backend_systems', 'backend_systems_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint business_units_tenant_id_fkey on payments.business_units', 'payments.business_units', 'business_units_tenant_id_fkey', ARRAY['tenant_id']::text[], 'payments.tenants', ARRAY['tenant_id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint circuit_breaker_state_tenant_id_backend_system_id_fkey on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'circuit_breaker_state_tenant_id_backend_system_id_fkey', ARRAY['tenant_id', 'backend_system_id']::text[], 'payments.backend_systems', ARRAY['tenant_id', 'id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint customer_limits_tenant_id_business_unit_id_fkey on payments.customer_limits', 'payments.customer_limits', 'customer_limits_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint debit_order_details_tenant_id_payment_id_fkey on payments.debit_order_details', 'payments.debit_order_details', 'debit_order_details_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint fraud_detection_log_tenant_id_payment_id_fkey on payments.fraud_detection_log', 'payments.fraud_detection_log', 'fraud_detection_log_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint ledger_accounts_tenant_id_business_unit_id_fkey on payments.ledger_accounts', 'payments.ledger_accounts', 'ledger_accounts_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint ledger_entries_tenant_id_account_number_fkey on payments.ledger_entries', 'payments.ledger_entries', 'ledger_entries_tenant_id_account_number_fkey', ARRAY['tenant_id', 'account_number']::text[], 'payments.ledger_accounts', ARRAY['tenant_id', 'account_number']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint ledger_entries_tenant_id_transaction_id_fkey on payments.ledger_entries', 'payments.ledger_entries', 'ledger_entries_tenant_id_transaction_id_fkey', ARRAY['tenant_id', 'transaction_id']::text[], 'payments.transactions', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint limit_reservations_tenant_id_limit_id_fkey on payments.limit_reservations', 'payments.limit_reservations', 'limit_reservations_tenant_id_limit_id_fkey', ARRAY['tenant_id', 'limit_id']::text[], 'payments.customer_limits', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint limit_reservations_tenant_id_payment_id_fkey on payments.limit_reservations', 'payments.limit_reservations', 'limit_reservations_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint payment_fees_tenant_id_payment_id_fkey on payments.payment_fees', 'payments.payment_fees', 'payment_fees_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint payment_status_history_tenant_id_payment_id_fkey on payments.payment_status_history', 'payments.payment_status_history', 'payment_status_history_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint payments_tenant_id_business_unit_id_fkey on payments.payments', 'payments.payments', 'payments_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint tenant_api_keys_tenant_id_business_unit_id_fkey on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_api_keys_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint tenant_configs_tenant_id_business_unit_id_fkey on payments.tenant_configs', 'payments.tenant_configs', 'tenant_configs_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint transaction_events_tenant_id_transaction_id_fkey on payments.transaction_events', 'payments.transaction_events', 'transaction_events_tenant_id_transaction_id_fkey', ARRAY['tenant_id', 'transaction_id']::text[], 'payments.transactions', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint transaction_reversals_tenant_id_original_transaction_id_fkey on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_original_transaction_id_fkey', ARRAY['tenant_id', 'original_transaction_id']::text[], 'payments.transactions', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint transaction_reversals_tenant_id_reversal_transaction_id_fkey on payments.transaction_reversals', 'payments.transaction_reversals', 'transaction_reversals_tenant_id_reversal_transaction_id_fkey', ARRAY['tenant_id', 'reversal_transaction_id']::text[], 'payments.transactions', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint transactions_tenant_id_business_unit_id_fkey on payments.transactions', 'payments.transactions', 'transactions_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint transactions_tenant_id_payment_id_fkey on payments.transactions', 'payments.transactions', 'transactions_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint validation_results_tenant_id_payment_id_fkey on payments.validation_results', 'payments.validation_results', 'validation_results_tenant_id_payment_id_fkey', ARRAY['tenant_id', 'payment_id']::text[], 'payments.payments', ARRAY['tenant_id', 'id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint validation_results_tenant_id_rule_id_fkey on payments.validation_results', 'payments.validation_results', 'validation_results_tenant_id_rule_id_fkey', ARRAY['tenant_id', 'rule_id']::text[], 'payments.validation_rules', ARRAY['tenant_id', 'id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint validation_rules_tenant_id_business_unit_id_fkey on payments.validation_rules', 'payments.validation_rules', 'validation_rules_tenant_id_business_unit_id_fkey', ARRAY['tenant_id', 'business_unit_id']::text[], 'payments.business_units', ARRAY['tenant_id', 'business_unit_id']::text[], 'a', 'a', false, false, '', NULL::text, false),
        ('constraint "BankAccount_connectionId_fkey" on public."BankAccount"', 'public."BankAccount"', 'BankAccount_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "BankTransaction_bankAccountId_fkey" on public."BankTransaction"', 'public."BankTransaction"', 'BankTransaction_bankAccountId_fkey', ARRAY['bankAccountId']::text[], 'public."BankAccount"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "RevenueConnection_businessId_fkey" on public."RevenueConnection"', 'public."RevenueConnection"', 'RevenueConnection_businessId_fkey', ARRAY['businessId']::text[], 'public."Business"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "RevenueRecord_connectionId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "RevenueRecord_dealId_fkey" on public."RevenueRecord"', 'public."RevenueRecord"', 'RevenueRecord_dealId_fkey', ARRAY['dealId']::text[], 'public."Deal"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "VerificationLog_connectionId_fkey" on public."VerificationLog"', 'public."VerificationLog"', 'VerificationLog_connectionId_fkey', ARRAY['connectionId']::text[], 'public."RevenueConnection"', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint allocations_approved_by_fkey on public.allocations', 'public.allocations', 'allocations_approved_by_fkey', ARRAY['approved_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint allocations_deal_id_fkey on public.allocations', 'public.allocations', 'allocations_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint allocations_investor_id_fkey on public.allocations', 'public.allocations', 'allocations_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint allocations_reservation_id_fkey on public.allocations', 'public.allocations', 'allocations_reservation_id_fkey', ARRAY['reservation_id']::text[], 'public.reservations', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint approvals_assigned_to_fkey on public.approvals', 'public.approvals', 'approvals_assigned_to_fkey', ARRAY['assigned_to']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint approvals_deal_id_fkey on public.approvals', 'public.approvals', 'approvals_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint approvals_decided_by_fkey on public.approvals', 'public.approvals', 'approvals_decided_by_fkey', ARRAY['decided_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint approvals_requested_by_fkey on public.approvals', 'public.approvals', 'approvals_requested_by_fkey', ARRAY['requested_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint "bank_accounts_userId_fkey" on public.bank_accounts', 'public.bank_accounts', 'bank_accounts_userId_fkey', ARRAY['userId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'c', false, false, ' ON UPDATE CASCADE ON DELETE CASCADE', NULL::text, false),
        ('constraint "compliance_checks_transactionId_fkey" on public.compliance_checks', 'public.compliance_checks', 'compliance_checks_transactionId_fkey', ARRAY['transactionId']::text[], 'public.transactions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "compliance_checks_userId_fkey" on public.compliance_checks', 'public.compliance_checks', 'compliance_checks_userId_fkey', ARRAY['userId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'c', false, false, ' ON UPDATE CASCADE ON DELETE CASCADE', NULL::text, false),
        ('constraint deal_memberships_deal_id_fkey on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint deal_memberships_investor_id_user_id_fkey on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_investor_id_user_id_fkey', ARRAY['investor_id', 'user_id']::text[], 'public.investor_users', ARRAY['investor_id', 'user_id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint deal_memberships_invited_by_fkey on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_invited_by_fkey', ARRAY['invited_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint deal_memberships_user_id_fkey on public.deal_memberships', 'public.deal_memberships', 'deal_memberships_user_id_fkey', ARRAY['user_id']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint deals_created_by_fkey on public.deals', 'public.deals', 'deals_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint deals_vehicle_id_fkey on public.deals', 'public.deals', 'deals_vehicle_id_fkey', ARRAY['vehicle_id']::text[], 'public.vehicles', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint "distribution_allocations_distributionId_fkey" on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_distributionId_fkey', ARRAY['distributionId']::text[], 'public.distributions', ARRAY['id']::text[], 'c', 'c', false, false, ' ON UPDATE CASCADE ON DELETE CASCADE', NULL::text, false),
        ('constraint "distribution_allocations_investmentId_fkey" on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_investmentId_fkey', ARRAY['investmentId']::text[], 'public.investments', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "distribution_allocations_transactionId_fkey" on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_transactionId_fkey', ARRAY['transactionId']::text[], 'public.transactions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "distribution_allocations_userId_fkey" on public.distribution_allocations', 'public.distribution_allocations', 'distribution_allocations_userId_fkey', ARRAY['userId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "distributions_approvedById_fkey" on public.distributions', 'public.distributions', 'distributions_approvedById_fkey', ARRAY['approvedById']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "distributions_escrowAccountId_fkey" on public.distributions', 'public.distributions', 'distributions_escrowAccountId_fkey', ARRAY['escrowAccountId']::text[], 'public.escrow_accounts', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "distributions_offeringId_fkey" on public.distributions', 'public.distributions', 'distributions_offeringId_fkey', ARRAY['offeringId']::text[], 'public."Offering"', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint document_packages_created_by_fkey on public.document_packages', 'public.document_packages', 'document_packages_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint document_packages_deal_id_fkey on public.document_packages', 'public.document_packages', 'document_packages_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint document_packages_final_document_id_fkey on public.document_packages', 'public.document_packages', 'document_packages_final_document_id_fkey', ARRAY['final_document_id']::text[], 'public.documents', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint document_packages_investor_id_fkey on public.document_packages', 'public.document_packages', 'document_packages_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint document_packages_template_id_fkey on public.document_packages', 'public.document_packages', 'document_packages_template_id_fkey', ARRAY['template_id']::text[], 'public.document_templates', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint document_templates_created_by_fkey on public.document_templates', 'public.document_templates', 'document_templates_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint "escrow_accounts_bankAccountId_fkey" on public.escrow_accounts', 'public.escrow_accounts', 'escrow_accounts_bankAccountId_fkey', ARRAY['bankAccountId']::text[], 'public.bank_accounts', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "escrow_accounts_offeringId_fkey" on public.escrow_accounts', 'public.escrow_accounts', 'escrow_accounts_offeringId_fkey', ARRAY['offeringId']::text[], 'public."Offering"', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "escrow_ledger_entries_createdById_fkey" on public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'escrow_ledger_entries_createdById_fkey', ARRAY['createdById']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "escrow_ledger_entries_distributionId_fkey" on public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'escrow_ledger_entries_distributionId_fkey', ARRAY['distributionId']::text[], 'public.distributions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "escrow_ledger_entries_escrowAccountId_fkey" on public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'escrow_ledger_entries_escrowAccountId_fkey', ARRAY['escrowAccountId']::text[], 'public.escrow_accounts', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "escrow_ledger_entries_transactionId_fkey" on public.escrow_ledger_entries', 'public.escrow_ledger_entries', 'escrow_ledger_entries_transactionId_fkey', ARRAY['transactionId']::text[], 'public.transactions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint fee_components_fee_plan_id_fkey on public.fee_components', 'public.fee_components', 'fee_components_fee_plan_id_fkey', ARRAY['fee_plan_id']::text[], 'public.fee_plans', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint fee_events_allocation_id_fkey on public.fee_events', 'public.fee_events', 'fee_events_allocation_id_fkey', ARRAY['allocation_id']::text[], 'public.allocations', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint fee_events_deal_id_fkey on public.fee_events', 'public.fee_events', 'fee_events_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint fee_events_fee_component_id_fkey on public.fee_events', 'public.fee_events', 'fee_events_fee_component_id_fkey', ARRAY['fee_component_id']::text[], 'public.fee_components', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint fee_events_investor_id_fkey on public.fee_events', 'public.fee_events', 'fee_events_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint fee_plans_created_by_fkey on public.fee_plans', 'public.fee_plans', 'fee_plans_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint fee_plans_deal_id_fkey on public.fee_plans', 'public.fee_plans', 'fee_plans_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint "investments_offeringId_fkey" on public.investments', 'public.investments', 'investments_offeringId_fkey', ARRAY['offeringId']::text[], 'public."Offering"', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint "investments_userId_fkey" on public.investments', 'public.investments', 'investments_userId_fkey', ARRAY['userId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'r', false, false, ' ON UPDATE CASCADE ON DELETE RESTRICT', NULL::text, false),
        ('constraint investor_users_investor_id_fkey on public.investor_users', 'public.investor_users', 'investor_users_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint investor_users_user_id_fkey on public.investor_users', 'public.investor_users', 'investor_users_user_id_fkey', ARRAY['user_id']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint invite_links_created_by_fkey on public.invite_links', 'public.invite_links', 'invite_links_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint invite_links_deal_id_fkey on public.invite_links', 'public.invite_links', 'invite_links_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint invoice_lines_fee_event_id_fkey on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_fee_event_id_fkey', ARRAY['fee_event_id']::text[], 'public.fee_events', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint invoice_lines_invoice_id_fkey on public.invoice_lines', 'public.invoice_lines', 'invoice_lines_invoice_id_fkey', ARRAY['invoice_id']::text[], 'public.invoices', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint invoices_deal_id_fkey on public.invoices', 'public.invoices', 'invoices_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint invoices_investor_id_fkey on public.invoices', 'public.invoices', 'invoices_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint reservation_lot_items_lot_id_fkey on public.reservation_lot_items', 'public.reservation_lot_items', 'reservation_lot_items_lot_id_fkey', ARRAY['lot_id']::text[], 'public.share_lots', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint reservation_lot_items_reservation_id_fkey on public.reservation_lot_items', 'public.reservation_lot_items', 'reservation_lot_items_reservation_id_fkey', ARRAY['reservation_id']::text[], 'public.reservations', ARRAY['id']::text[], 'a', 'c', false, false, ' ON DELETE CASCADE', NULL::text, false),
        ('constraint reservations_created_by_fkey on public.reservations', 'public.reservations', 'reservations_created_by_fkey', ARRAY['created_by']::text[], 'public.profiles', ARRAY['id']::text[], 'a', 'n', false, false, ' ON DELETE SET NULL', NULL::text, false),
        ('constraint reservations_deal_id_fkey on public.reservations', 'public.reservations', 'reservations_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint reservations_investor_id_fkey on public.reservations', 'public.reservations', 'reservations_investor_id_fkey', ARRAY['investor_id']::text[], 'public.investors', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint share_lots_deal_id_fkey on public.share_lots', 'public.share_lots', 'share_lots_deal_id_fkey', ARRAY['deal_id']::text[], 'public.deals', ARRAY['id']::text[], 'a', 'r', false, false, ' ON DELETE RESTRICT', NULL::text, false),
        ('constraint "transaction_limits_userId_fkey" on public.transaction_limits', 'public.transaction_limits', 'transaction_limits_userId_fkey', ARRAY['userId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'c', false, false, ' ON UPDATE CASCADE ON DELETE CASCADE', NULL::text, false),
        ('constraint "transaction_webhooks_transactionId_fkey" on public.transaction_webhooks', 'public.transaction_webhooks', 'transaction_webhooks_transactionId_fkey', ARRAY['transactionId']::text[], 'public.transactions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_distributionId_fkey" on public.transactions', 'public.transactions', 'transactions_distributionId_fkey', ARRAY['distributionId']::text[], 'public.distributions', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_escrowAccountId_fkey" on public.transactions', 'public.transactions', 'transactions_escrowAccountId_fkey', ARRAY['escrowAccountId']::text[], 'public.escrow_accounts', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_fromBankAccountId_fkey" on public.transactions', 'public.transactions', 'transactions_fromBankAccountId_fkey', ARRAY['fromBankAccountId']::text[], 'public.bank_accounts', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_fromUserId_fkey" on public.transactions', 'public.transactions', 'transactions_fromUserId_fkey', ARRAY['fromUserId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_offeringId_fkey" on public.transactions', 'public.transactions', 'transactions_offeringId_fkey', ARRAY['offeringId']::text[], 'public."Offering"', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_toBankAccountId_fkey" on public.transactions', 'public.transactions', 'transactions_toBankAccountId_fkey', ARRAY['toBankAccountId']::text[], 'public.bank_accounts', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false),
        ('constraint "transactions_toUserId_fkey" on public.transactions', 'public.transactions', 'transactions_toUserId_fkey', ARRAY['toUserId']::text[], 'public."User"', ARRAY['id']::text[], 'c', 'n', false, false, ' ON UPDATE CASCADE ON DELETE SET NULL', NULL::text, false)
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
        ('index payments.account_balances_tenant_id_business_unit_id_idx', 'payments.account_balances', 'payments.account_balances_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i1'),
        ('index payments.account_routing_tenant_id_account_prefix_idx', 'payments.account_routing', 'payments.account_routing_tenant_id_account_prefix_idx', 'pg_temp.schemac_i2'),
        ('index payments.account_routing_tenant_id_business_unit_id_idx', 'payments.account_routing', 'payments.account_routing_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i3'),
        ('index payments.api_call_log_called_at_idx', 'payments.api_call_log', 'payments.api_call_log_called_at_idx', 'pg_temp.schemac_i4'),
        ('index payments.api_call_log_tenant_id_backend_system_id_called_at_idx', 'payments.api_call_log', 'payments.api_call_log_tenant_id_backend_system_id_called_at_idx', 'pg_temp.schemac_i5'),
        ('index payments.api_call_log_tenant_id_business_unit_id_idx', 'payments.api_call_log', 'payments.api_call_log_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i6'),
        ('index payments.api_call_log_tenant_id_correlation_id_idx', 'payments.api_call_log', 'payments.api_call_log_tenant_id_correlation_id_idx', 'pg_temp.schemac_i7'),
        ('index payments.audit_log_changed_at_idx', 'payments.audit_log', 'payments.audit_log_changed_at_idx', 'pg_temp.schemac_i8'),
        ('index payments.audit_log_tenant_id_business_unit_id_idx', 'payments.audit_log', 'payments.audit_log_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i9'),
        ('index payments.audit_log_tenant_id_table_name_row_id_idx', 'payments.audit_log', 'payments.audit_log_tenant_id_table_name_row_id_idx', 'pg_temp.schemac_i10'),
        ('index payments.backend_systems_tenant_id_business_unit_id_idx', 'payments.backend_systems', 'payments.backend_systems_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i11'),
        ('index payments.circuit_breaker_state_next_attempt_at_idx', 'payments.circuit_breaker_state', 'payments.circuit_breaker_state_next_attempt_at_idx', 'pg_temp.schemac_i12'),
        ('index payments.circuit_breaker_state_tenant_id_business_unit_id_idx', 'payments.circuit_breaker_state', 'payments.circuit_breaker_state_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i13'),
        ('index payments.customer_limits_tenant_id_business_unit_id_idx', 'payments.customer_limits', 'payments.customer_limits_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i14'),
        ('index payments.debit_order_details_tenant_id_business_unit_id_idx', 'payments.debit_order_details', 'payments.debit_order_details_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i15'),
        ('index payments.debit_order_details_tenant_id_mandate_reference_idx', 'payments.debit_order_details', 'payments.debit_order_details_tenant_id_mandate_reference_idx', 'pg_temp.schemac_i16'),
        ('index payments.fraud_detection_log_tenant_id_business_unit_id_idx', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i17'),
        ('index payments.fraud_detection_log_tenant_id_checked_at_idx', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_checked_at_idx', 'pg_temp.schemac_i18'),
        ('index payments.fraud_detection_log_tenant_id_payment_id_idx', 'payments.fraud_detection_log', 'payments.fraud_detection_log_tenant_id_payment_id_idx', 'pg_temp.schemac_i19'),
        ('index payments.idempotency_records_expires_at_idx', 'payments.idempotency_records', 'payments.idempotency_records_expires_at_idx', 'pg_temp.schemac_i20'),
        ('index payments.idempotency_records_tenant_id_business_unit_id_idx', 'payments.idempotency_records', 'payments.idempotency_records_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i21'),
        ('index payments.ledger_accounts_tenant_id_business_unit_id_idx', 'payments.ledger_accounts', 'payments.ledger_accounts_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i22'),
        ('index payments.ledger_entries_tenant_id_account_number_posted_at_idx', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_account_number_posted_at_idx', 'pg_temp.schemac_i23'),
        ('index payments.ledger_entries_tenant_id_business_unit_id_idx', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i24'),
        ('index payments.ledger_entries_tenant_id_journal_id_idx', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_journal_id_idx', 'pg_temp.schemac_i25'),
        ('index payments.ledger_entries_tenant_id_transaction_id_idx', 'payments.ledger_entries', 'payments.ledger_entries_tenant_id_transaction_id_idx', 'pg_temp.schemac_i26'),
        ('index payments.limit_reservations_expires_at_idx', 'payments.limit_reservations', 'payments.limit_reservations_expires_at_idx', 'pg_temp.schemac_i27'),
        ('index payments.limit_reservations_tenant_id_business_unit_id_idx', 'payments.limit_reservations', 'payments.limit_reservations_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i28'),
        ('index payments.limit_reservations_tenant_id_limit_id_idx', 'payments.limit_reservations', 'payments.limit_reservations_tenant_id_limit_id_idx', 'pg_temp.schemac_i29'),
        ('index payments.payment_fees_tenant_id_business_unit_id_idx', 'payments.payment_fees', 'payments.payment_fees_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i30'),
        ('index payments.payment_fees_tenant_id_payment_id_idx', 'payments.payment_fees', 'payments.payment_fees_tenant_id_payment_id_idx', 'pg_temp.schemac_i31'),
        ('index payments.payment_status_history_tenant_id_business_unit_id_idx', 'payments.payment_status_history', 'payments.payment_status_history_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i32'),
        ('index payments.payment_status_history_tenant_id_payment_id_changed_at_idx', 'payments.payment_status_history', 'payments.payment_status_history_tenant_id_payment_id_changed_at_idx', 'pg_temp.schemac_i33'),
        ('index payments.payments_created_at_idx', 'payments.payments', 'payments.payments_created_at_idx', 'pg_temp.schemac_i34'),
        ('index payments.payments_tenant_id_business_unit_id_idx', 'payments.payments', 'payments.payments_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i35'),
        ('index payments.payments_tenant_id_customer_id_created_at_idx', 'payments.payments', 'payments.payments_tenant_id_customer_id_created_at_idx', 'pg_temp.schemac_i36'),
        ('index payments.payments_tenant_id_status_created_at_idx', 'payments.payments', 'payments.payments_tenant_id_status_created_at_idx', 'pg_temp.schemac_i37'),
        ('index payments.tenant_api_keys_tenant_id_business_unit_id_idx', 'payments.tenant_api_keys', 'payments.tenant_api_keys_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i38'),
        ('index payments.tenant_api_keys_tenant_id_expires_at_idx', 'payments.tenant_api_keys', 'payments.tenant_api_keys_tenant_id_expires_at_idx', 'pg_temp.schemac_i39'),
        ('index payments.tenant_configs_tenant_id_business_unit_id_idx', 'payments.tenant_configs', 'payments.tenant_configs_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i40'),
        ('index payments.transaction_events_tenant_id_business_unit_id_idx', 'payments.transaction_events', 'payments.transaction_events_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i41'),
        ('index payments.transaction_reversals_tenant_id_business_unit_id_idx', 'payments.transaction_reversals', 'payments.transaction_reversals_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i42'),
        ('index payments.transactions_tenant_id_business_unit_id_idx', 'payments.transactions', 'payments.transactions_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i43'),
        ('index payments.transactions_tenant_id_payment_id_idx', 'payments.transactions', 'payments.transactions_tenant_id_payment_id_idx', 'pg_temp.schemac_i44'),
        ('index payments.transactions_tenant_id_status_created_at_idx', 'payments.transactions', 'payments.transactions_tenant_id_status_created_at_idx', 'pg_temp.schemac_i45'),
        ('index payments.validation_results_tenant_id_business_unit_id_idx', 'payments.validation_results', 'payments.validation_results_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i46'),
        ('index payments.validation_results_tenant_id_payment_id_idx', 'payments.validation_results', 'payments.validation_results_tenant_id_payment_id_idx', 'pg_temp.schemac_i47'),
        ('index payments.validation_results_tenant_id_rule_id_idx', 'payments.validation_results', 'payments.validation_results_tenant_id_rule_id_idx', 'pg_temp.schemac_i48'),
        ('index payments.validation_rules_tenant_id_business_unit_id_idx', 'payments.validation_rules', 'payments.validation_rules_tenant_id_business_unit_id_idx', 'pg_temp.schemac_i49'),
        ('index public."BankAccount_accountId_idx"', 'public."BankAccount"', 'public."BankAccount_accountId_idx"', 'pg_temp.schemac_i50'),
        ('index public."BankAccount_connectionId_idx"', 'public."BankAccount"', 'public."BankAccount_connectionId_idx"', 'pg_temp.schemac_i51'),
        ('index public."BankTransaction_bankAccountId_idx"', 'public."BankTransaction"', 'public."BankTransaction_bankAccountId_idx"', 'pg_temp.schemac_i52'),
        ('index public."BankTransaction_date_idx"', 'public."BankTransaction"', 'public."BankTransaction_date_idx"', 'pg_temp.schemac_i53'),
        ('index public."BankTransaction_isRevenue_idx"', 'public."BankTransaction"', 'public."BankTransaction_isRevenue_idx"', 'pg_temp.schemac_i54'),
        ('index public."ManualUpload_businessId_idx"', 'public."ManualUpload"', 'public."ManualUpload_businessId_idx"', 'pg_temp.schemac_i55'),
        ('index public."ManualUpload_dealId_idx"', 'public."ManualUpload"', 'public."ManualUpload_dealId_idx"', 'pg_temp.schemac_i56'),
        ('index public."ManualUpload_month_idx"', 'public."ManualUpload"', 'public."ManualUpload_month_idx"', 'pg_temp.schemac_i57'),
        ('index public."ManualUpload_status_idx"', 'public."ManualUpload"', 'public."ManualUpload_status_idx"', 'pg_temp.schemac_i58'),
        ('index public."PayoutSchedule_dealId_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_dealId_idx"', 'pg_temp.schemac_i59'),
        ('index public."PayoutSchedule_month_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_month_idx"', 'pg_temp.schemac_i60'),
        ('index public."PayoutSchedule_scheduledDate_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_scheduledDate_idx"', 'pg_temp.schemac_i61'),
        ('index public."PayoutSchedule_status_idx"', 'public."PayoutSchedule"', 'public."PayoutSchedule_status_idx"', 'pg_temp.schemac_i62'),
        ('index public."RevenueConnection_businessId_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_businessId_idx"', 'pg_temp.schemac_i63'),
        ('index public."RevenueConnection_lastSyncAt_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_lastSyncAt_idx"', 'pg_temp.schemac_i64'),
        ('index public."RevenueConnection_sourceType_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_sourceType_idx"', 'pg_temp.schemac_i65'),
        ('index public."RevenueConnection_status_idx"', 'public."RevenueConnection"', 'public."RevenueConnection_status_idx"', 'pg_temp.schemac_i66'),
        ('index public."RevenueRecord_connectionId_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_connectionId_idx"', 'pg_temp.schemac_i67'),
        ('index public."RevenueRecord_dealId_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_dealId_idx"', 'pg_temp.schemac_i68'),
        ('index public."RevenueRecord_month_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_month_idx"', 'pg_temp.schemac_i69'),
        ('index public."RevenueRecord_status_idx"', 'public."RevenueRecord"', 'public."RevenueRecord_status_idx"', 'pg_temp.schemac_i70'),
        ('index public."VerificationLog_connectionId_idx"', 'public."VerificationLog"', 'public."VerificationLog_connectionId_idx"', 'pg_temp.schemac_i71'),
        ('index public."VerificationLog_createdAt_idx"', 'public."VerificationLog"', 'public."VerificationLog_createdAt_idx"', 'pg_temp.schemac_i72'),
        ('index public."VerificationLog_status_idx"', 'public."VerificationLog"', 'public."VerificationLog_status_idx"', 'pg_temp.schemac_i73'),
        ('index public."VerificationLog_verificationType_idx"', 'public."VerificationLog"', 'public."VerificationLog_verificationType_idx"', 'pg_temp.schemac_i74'),
        ('index public.allocations_deal_id_status_idx', 'public.allocations', 'public.allocations_deal_id_status_idx', 'pg_temp.schemac_i75'),
        ('index public.allocations_investor_id_deal_id_idx', 'public.allocations', 'public.allocations_investor_id_deal_id_idx', 'pg_temp.schemac_i76'),
        ('index public.approvals_assigned_to_idx', 'public.approvals', 'public.approvals_assigned_to_idx', 'pg_temp.schemac_i77'),
        ('index public.approvals_deal_id_idx', 'public.approvals', 'public.approvals_deal_id_idx', 'pg_temp.schemac_i78'),
        ('index public.approvals_entity_type_entity_id_idx', 'public.approvals', 'public.approvals_entity_type_entity_id_idx', 'pg_temp.schemac_i79'),
        ('index public.approvals_pending_sla_idx', 'public.approvals', 'public.approvals_pending_sla_idx', 'pg_temp.schemac_i80'),
        ('index public.approvals_priority_status_idx', 'public.approvals', 'public.approvals_priority_status_idx', 'pg_temp.schemac_i81'),
        ('index public."bank_accounts_userId_idx"', 'public.bank_accounts', 'public."bank_accounts_userId_idx"', 'pg_temp.schemac_i82'),
        ('index public."compliance_checks_checkType_status_idx"', 'public.compliance_checks', 'public."compliance_checks_checkType_status_idx"', 'pg_temp.schemac_i83'),
        ('index public."compliance_checks_transactionId_idx"', 'public.compliance_checks', 'public."compliance_checks_transactionId_idx"', 'pg_temp.schemac_i84'),
        ('index public."compliance_checks_userId_idx"', 'public.compliance_checks', 'public."compliance_checks_userId_idx"', 'pg_temp.schemac_i85'),
        ('index public.deal_memberships_investor_id_user_id_idx', 'public.deal_memberships', 'public.deal_memberships_investor_id_user_id_idx', 'pg_temp.schemac_i86'),
        ('index public.deal_memberships_user_id_idx', 'public.deal_memberships', 'public.deal_memberships_user_id_idx', 'pg_temp.schemac_i87'),
        ('index public.deals_created_by_idx', 'public.deals', 'public.deals_created_by_idx', 'pg_temp.schemac_i88'),
        ('index public.deals_status_deal_type_idx', 'public.deals', 'public.deals_status_deal_type_idx', 'pg_temp.schemac_i89'),
        ('index public.deals_vehicle_id_idx', 'public.deals', 'public.deals_vehicle_id_idx', 'pg_temp.schemac_i90'),
        ('index public."distribution_allocations_investmentId_idx"', 'public.distribution_allocations', 'public."distribution_allocations_investmentId_idx"', 'pg_temp.schemac_i91'),
        ('index public.distribution_allocations_status_idx', 'public.distribution_allocations', 'public.distribution_allocations_status_idx', 'pg_temp.schemac_i92'),
        ('index public."distribution_allocations_transactionId_idx"', 'public.distribution_allocations', 'public."distribution_allocations_transactionId_idx"', 'pg_temp.schemac_i93'),
        ('index public."distribution_allocations_userId_idx"', 'public.distribution_allocations', 'public."distribution_allocations_userId_idx"', 'pg_temp.schemac_i94'),
        ('index public."distributions_approvedById_idx"', 'public.distributions', 'public."distributions_approvedById_idx"', 'pg_temp.schemac_i95'),
        ('index public."distributions_createdAt_idx"', 'public.distributions', 'public."distributions_createdAt_idx"', 'pg_temp.schemac_i96'),
        ('index public."distributions_escrowAccountId_idx"', 'public.distributions', 'public."distributions_escrowAccountId_idx"', 'pg_temp.schemac_i97'),
        ('index public."distributions_offeringId_idx"', 'public.distributions', 'public."distributions_offeringId_idx"', 'pg_temp.schemac_i98'),
        ('index public.distributions_status_idx', 'public.distributions', 'public.distributions_status_idx', 'pg_temp.schemac_i99'),
        ('index public.document_packages_deal_id_status_idx', 'public.document_packages', 'public.document_packages_deal_id_status_idx', 'pg_temp.schemac_i100'),
        ('index public.document_packages_final_document_id_idx', 'public.document_packages', 'public.document_packages_final_document_id_idx', 'pg_temp.schemac_i101'),
        ('index public.document_packages_investor_id_idx', 'public.document_packages', 'public.document_packages_investor_id_idx', 'pg_temp.schemac_i102'),
        ('index public.document_packages_template_id_idx', 'public.document_packages', 'public.document_packages_template_id_idx', 'pg_temp.schemac_i103'),
        ('index public."escrow_accounts_bankAccountId_idx"', 'public.escrow_accounts', 'public."escrow_accounts_bankAccountId_idx"', 'pg_temp.schemac_i104'),
        ('index public."escrow_accounts_lastReconciledAt_idx"', 'public.escrow_accounts', 'public."escrow_accounts_lastReconciledAt_idx"', 'pg_temp.schemac_i105'),
        ('index public.escrow_accounts_status_idx', 'public.escrow_accounts', 'public.escrow_accounts_status_idx', 'pg_temp.schemac_i106'),
        ('index public."escrow_ledger_entries_createdAt_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_createdAt_idx"', 'pg_temp.schemac_i107'),
        ('index public."escrow_ledger_entries_createdById_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_createdById_idx"', 'pg_temp.schemac_i108'),
        ('index public."escrow_ledger_entries_distributionId_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_distributionId_idx"', 'pg_temp.schemac_i109'),
        ('index public."escrow_ledger_entries_escrowAccountId_createdAt_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_escrowAccountId_createdAt_idx"', 'pg_temp.schemac_i110'),
        ('index public."escrow_ledger_entries_escrowAccountId_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_escrowAccountId_idx"', 'pg_temp.schemac_i111'),
        ('index public."escrow_ledger_entries_transactionId_idx"', 'public.escrow_ledger_entries', 'public."escrow_ledger_entries_transactionId_idx"', 'pg_temp.schemac_i112'),
        ('index public.fee_components_fee_plan_id_idx', 'public.fee_components', 'public.fee_components_fee_plan_id_idx', 'pg_temp.schemac_i113'),
        ('index public.fee_events_allocation_id_idx', 'public.fee_events', 'public.fee_events_allocation_id_idx', 'pg_temp.schemac_i114'),
        ('index public.fee_events_fee_component_id_idx', 'public.fee_events', 'public.fee_events_fee_component_id_idx', 'pg_temp.schemac_i115'),
        ('index public.fee_events_investor_id_deal_id_idx', 'public.fee_events', 'public.fee_events_investor_id_deal_id_idx', 'pg_temp.schemac_i116'),
        ('index public.fee_events_status_idx', 'public.fee_events', 'public.fee_events_status_idx', 'pg_temp.schemac_i117'),
        ('index public.fee_plans_one_default_per_deal', 'public.fee_plans', 'public.fee_plans_one_default_per_deal', 'pg_temp.schemac_i118'),
        ('index public."investments_offeringId_idx"', 'public.investments', 'public."investments_offeringId_idx"', 'pg_temp.schemac_i119'),
        ('index public.investments_status_idx', 'public.investments', 'public.investments_status_idx', 'pg_temp.schemac_i120'),
        ('index public."investments_userId_idx"', 'public.investments', 'public."investments_userId_idx"', 'pg_temp.schemac_i121'),
        ('index public.investor_users_user_id_idx', 'public.investor_users', 'public.investor_users_user_id_idx', 'pg_temp.schemac_i122'),
        ('index public.invite_links_deal_id_idx', 'public.invite_links', 'public.invite_links_deal_id_idx', 'pg_temp.schemac_i123'),
        ('index public.invoice_lines_invoice_id_idx', 'public.invoice_lines', 'public.invoice_lines_invoice_id_idx', 'pg_temp.schemac_i124'),
        ('index public.invoices_deal_id_idx', 'public.invoices', 'public.invoices_deal_id_idx', 'pg_temp.schemac_i125'),
        ('index public.invoices_investor_id_deal_id_idx', 'public.invoices', 'public.invoices_investor_id_deal_id_idx', 'pg_temp.schemac_i126'),
        ('index public.invoices_status_idx', 'public.invoices', 'public.invoices_status_idx', 'pg_temp.schemac_i127'),
        ('index public.reservation_lot_items_lot_id_idx', 'public.reservation_lot_items', 'public.reservation_lot_items_lot_id_idx', 'pg_temp.schemac_i128'),
        ('index public.reservations_deal_id_status_idx', 'public.reservations', 'public.reservations_deal_id_status_idx', 'pg_temp.schemac_i129'),
        ('index public.reservations_investor_id_deal_id_idx', 'public.reservations', 'public.reservations_investor_id_deal_id_idx', 'pg_temp.schemac_i130'),
        ('index public.reservations_pending_expiry_idx', 'public.reservations', 'public.reservations_pending_expiry_idx', 'pg_temp.schemac_i131'),
        ('index public.share_lots_available_idx', 'public.share_lots', 'public.share_lots_available_idx', 'pg_temp.schemac_i132'),
        ('index public.share_lots_deal_id_status_idx', 'public.share_lots', 'public.share_lots_deal_id_status_idx', 'pg_temp.schemac_i133'),
        ('index public."transaction_limits_limitType_isActive_idx"', 'public.transaction_limits', 'public."transaction_limits_limitType_isActive_idx"', 'pg_temp.schemac_i134'),
        ('index public."transaction_limits_userId_idx"', 'public.transaction_limits', 'public."transaction_limits_userId_idx"', 'pg_temp.schemac_i135'),
        ('index public."transaction_webhooks_processed_createdAt_idx"', 'public.transaction_webhooks', 'public."transaction_webhooks_processed_createdAt_idx"', 'pg_temp.schemac_i136'),
        ('index public."transaction_webhooks_transactionId_idx"', 'public.transaction_webhooks', 'public."transaction_webhooks_transactionId_idx"', 'pg_temp.schemac_i137'),
        ('index public."transactions_createdAt_idx"', 'public.transactions', 'public."transactions_createdAt_idx"', 'pg_temp.schemac_i138'),
        ('index public."transactions_distributionId_idx"', 'public.transactions', 'public."transactions_distributionId_idx"', 'pg_temp.schemac_i139'),
        ('index public."transactions_escrowAccountId_idx"', 'public.transactions', 'public."transactions_escrowAccountId_idx"', 'pg_temp.schemac_i140'),
        ('index public."transactions_fromBankAccountId_idx"', 'public.transactions', 'public."transactions_fromBankAccountId_idx"', 'pg_temp.schemac_i141'),
        ('index public."transactions_fromUserId_idx"', 'public.transactions', 'public."transactions_fromUserId_idx"', 'pg_temp.schemac_i142'),
        ('index public."transactions_offeringId_idx"', 'public.transactions', 'public."transactions_offeringId_idx"', 'pg_temp.schemac_i143'),
        ('index public.transactions_status_idx', 'public.transactions', 'public.transactions_status_idx', 'pg_temp.schemac_i144'),
        ('index public."transactions_status_nextRetryAt_idx"', 'public.transactions', 'public."transactions_status_nextRetryAt_idx"', 'pg_temp.schemac_i145'),
        ('index public."transactions_stripePaymentIntentId_idx"', 'public.transactions', 'public."transactions_stripePaymentIntentId_idx"', 'pg_temp.schemac_i146'),
        ('index public."transactions_toBankAccountId_idx"', 'public.transactions', 'public."transactions_toBankAccountId_idx"', 'pg_temp.schemac_i147'),
        ('index public."transactions_toUserId_idx"', 'public.transactions', 'public."transactions_toUserId_idx"', 'pg_temp.schemac_i148'),
        ('index public.transactions_type_idx', 'public.transactions', 'public.transactions_type_idx', 'pg_temp.schemac_i149')
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
    VALUES
        ('view public.v_deal_summary', 'public.v_deal_summary', 'pg_temp.schemac_v1', false, false, 'One row per deal the caller may see (staff see all) with inventory and pipeline aggregates'::text)
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
    VALUES
        ('trigger audit on payments.account_routing', 'payments.account_routing', 'audit', 'pg_temp.schemac_t2', false),
        ('trigger set_updated_at on payments.account_routing', 'payments.account_routing', 'set_updated_at', 'pg_temp.schemac_t2', false),
        ('trigger forbid_change on payments.audit_log', 'payments.audit_log', 'forbid_change', 'pg_temp.schemac_t4', false),
        ('trigger forbid_truncate on payments.audit_log', 'payments.audit_log', 'forbid_truncate', 'pg_temp.schemac_t4', false),
        ('trigger audit on payments.backend_systems', 'payments.backend_systems', 'audit', 'pg_temp.schemac_t5', false),
        ('trigger set_updated_at on payments.backend_systems', 'payments.backend_systems', 'set_updated_at', 'pg_temp.schemac_t5', false),
        ('trigger audit on payments.business_units', 'payments.business_units', 'audit', 'pg_temp.schemac_t6', false),
        ('trigger set_updated_at on payments.business_units', 'payments.business_units', 'set_updated_at', 'pg_temp.schemac_t6', false),
        ('trigger set_updated_at on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'set_updated_at', 'pg_temp.schemac_t7', false),
        ('trigger audit on payments.customer_limits', 'payments.customer_limits', 'audit', 'pg_temp.schemac_t8', false),
        ('trigger set_updated_at on payments.customer_limits', 'payments.customer_limits', 'set_updated_at', 'pg_temp.schemac_t8', false),
        ('trigger audit on payments.debit_order_details', 'payments.debit_order_details', 'audit', 'pg_temp.schemac_t9', false),
        ('trigger set_updated_at on payments.debit_order_details', 'payments.debit_order_details', 'set_updated_at', 'pg_temp.schemac_t9', false),
        ('trigger audit on payments.ledger_accounts', 'payments.ledger_accounts', 'audit', 'pg_temp.schemac_t12', false),
        ('trigger set_updated_at on payments.ledger_accounts', 'payments.ledger_accounts', 'set_updated_at', 'pg_temp.schemac_t12', false),
        ('trigger apply_to_balance on payments.ledger_entries', 'payments.ledger_entries', 'apply_to_balance', 'pg_temp.schemac_t13', false),
        ('trigger check_journal_balanced on payments.ledger_entries', 'payments.ledger_entries', 'check_journal_balanced', 'pg_temp.schemac_t13', false),
        ('trigger forbid_change on payments.ledger_entries', 'payments.ledger_entries', 'forbid_change', 'pg_temp.schemac_t13', false),
        ('trigger forbid_truncate on payments.ledger_entries', 'payments.ledger_entries', 'forbid_truncate', 'pg_temp.schemac_t13', false),
        ('trigger set_updated_at on payments.limit_reservations', 'payments.limit_reservations', 'set_updated_at', 'pg_temp.schemac_t14', false),
        ('trigger forbid_change on payments.payment_status_history', 'payments.payment_status_history', 'forbid_change', 'pg_temp.schemac_t16', false),
        ('trigger forbid_truncate on payments.payment_status_history', 'payments.payment_status_history', 'forbid_truncate', 'pg_temp.schemac_t16', false),
        ('trigger audit on payments.payments', 'payments.payments', 'audit', 'pg_temp.schemac_t17', false),
        ('trigger check_status_transition on payments.payments', 'payments.payments', 'check_status_transition', 'pg_temp.schemac_t17', false),
        ('trigger record_status on payments.payments', 'payments.payments', 'record_status', 'pg_temp.schemac_t17', false),
        ('trigger set_updated_at on payments.payments', 'payments.payments', 'set_updated_at', 'pg_temp.schemac_t17', false),
        ('trigger audit on payments.tenant_api_keys', 'payments.tenant_api_keys', 'audit', 'pg_temp.schemac_t18', false),
        ('trigger set_updated_at on payments.tenant_api_keys', 'payments.tenant_api_keys', 'set_updated_at', 'pg_temp.schemac_t18', false),
        ('trigger audit on payments.tenant_configs', 'payments.tenant_configs', 'audit', 'pg_temp.schemac_t19', false),
        ('trigger set_updated_at on payments.tenant_configs', 'payments.tenant_configs', 'set_updated_at', 'pg_temp.schemac_t19', false),
        ('trigger audit on payments.tenants', 'payments.tenants', 'audit', 'pg_temp.schemac_t20', false),
        ('trigger set_updated_at on payments.tenants', 'payments.tenants', 'set_updated_at', 'pg_temp.schemac_t20', false),
        ('trigger forbid_change on payments.transaction_events', 'payments.transaction_events', 'forbid_change', 'pg_temp.schemac_t21', false),
        ('trigger forbid_truncate on payments.transaction_events', 'payments.transaction_events', 'forbid_truncate', 'pg_temp.schemac_t21', false),
        ('trigger audit on payments.transaction_reversals', 'payments.transaction_reversals', 'audit', 'pg_temp.schemac_t22', false),
        ('trigger audit on payments.transactions', 'payments.transactions', 'audit', 'pg_temp.schemac_t23', false),
        ('trigger set_updated_at on payments.transactions', 'payments.transactions', 'set_updated_at', 'pg_temp.schemac_t23', false),
        ('trigger audit on payments.validation_rules', 'payments.validation_rules', 'audit', 'pg_temp.schemac_t25', false),
        ('trigger set_updated_at on payments.validation_rules', 'payments.validation_rules', 'set_updated_at', 'pg_temp.schemac_t25', false),
        ('trigger set_updated_at on public.allocations', 'public.allocations', 'set_updated_at', 'pg_temp.schemac_t35', false),
        ('trigger set_updated_at on public.approvals', 'public.approvals', 'set_updated_at', 'pg_temp.schemac_t36', false),
        ('trigger enforce_status_workflow on public.deals', 'public.deals', 'enforce_status_workflow', 'pg_temp.schemac_t40', false),
        ('trigger set_updated_at on public.deals', 'public.deals', 'set_updated_at', 'pg_temp.schemac_t40', false),
        ('trigger set_updated_at on public.document_packages', 'public.document_packages', 'set_updated_at', 'pg_temp.schemac_t43', false),
        ('trigger set_updated_at on public.document_templates', 'public.document_templates', 'set_updated_at', 'pg_temp.schemac_t44', false),
        ('trigger set_updated_at on public.fee_plans', 'public.fee_plans', 'set_updated_at', 'pg_temp.schemac_t49', false),
        ('trigger set_updated_at on public.invoices', 'public.invoices', 'set_updated_at', 'pg_temp.schemac_t54', false),
        ('trigger set_updated_at on public.reservations', 'public.reservations', 'set_updated_at', 'pg_temp.schemac_t56', false),
        ('trigger set_updated_at on public.share_lots', 'public.share_lots', 'set_updated_at', 'pg_temp.schemac_t57', false)
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
    VALUES
        ('policy tenant_isolation on payments.account_balances', 'payments.account_balances', 'tenant_isolation', 'pg_temp.schemac_t1'),
        ('policy tenant_isolation on payments.account_routing', 'payments.account_routing', 'tenant_isolation', 'pg_temp.schemac_t2'),
        ('policy tenant_isolation on payments.api_call_log', 'payments.api_call_log', 'tenant_isolation', 'pg_temp.schemac_t3'),
        ('policy tenant_isolation on payments.audit_log', 'payments.audit_log', 'tenant_isolation', 'pg_temp.schemac_t4'),
        ('policy tenant_isolation on payments.backend_systems', 'payments.backend_systems', 'tenant_isolation', 'pg_temp.schemac_t5'),
        ('policy tenant_isolation on payments.business_units', 'payments.business_units', 'tenant_isolation', 'pg_temp.schemac_t6'),
        ('policy tenant_isolation on payments.circuit_breaker_state', 'payments.circuit_breaker_state', 'tenant_isolation', 'pg_temp.schemac_t7'),
        ('policy tenant_isolation on payments.customer_limits', 'payments.customer_limits', 'tenant_isolation', 'pg_temp.schemac_t8'),
        ('policy tenant_isolation on payments.debit_order_details', 'payments.debit_order_details', 'tenant_isolation', 'pg_temp.schemac_t9'),
        ('policy tenant_isolation on payments.fraud_detection_log', 'payments.fraud_detection_log', 'tenant_isolation', 'pg_temp.schemac_t10'),
        ('policy tenant_isolation on payments.idempotency_records', 'payments.idempotency_records', 'tenant_isolation', 'pg_temp.schemac_t11'),
        ('policy tenant_isolation on payments.ledger_accounts', 'payments.ledger_accounts', 'tenant_isolation', 'pg_temp.schemac_t12'),
        ('policy tenant_isolation on payments.ledger_entries', 'payments.ledger_entries', 'tenant_isolation', 'pg_temp.schemac_t13'),
        ('policy tenant_isolation on payments.limit_reservations', 'payments.limit_reservations', 'tenant_isolation', 'pg_temp.schemac_t14'),
        ('policy tenant_isolation on payments.payment_fees', 'payments.payment_fees', 'tenant_isolation', 'pg_temp.schemac_t15'),
        ('policy tenant_isolation on payments.payment_status_history', 'payments.payment_status_history', 'tenant_isolation', 'pg_temp.schemac_t16'),
        ('policy tenant_isolation on payments.payments', 'payments.payments', 'tenant_isolation', 'pg_temp.schemac_t17'),
        ('policy tenant_isolation on payments.tenant_api_keys', 'payments.tenant_api_keys', 'tenant_isolation', 'pg_temp.schemac_t18'),
        ('policy tenant_isolation on payments.tenant_configs', 'payments.tenant_configs', 'tenant_isolation', 'pg_temp.schemac_t19'),
        ('policy tenant_isolation on payments.tenants', 'payments.tenants', 'tenant_isolation', 'pg_temp.schemac_t20'),
        ('policy tenant_isolation on payments.transaction_events', 'payments.transaction_events', 'tenant_isolation', 'pg_temp.schemac_t21'),
        ('policy tenant_isolation on payments.transaction_reversals', 'payments.transaction_reversals', 'tenant_isolation', 'pg_temp.schemac_t22'),
        ('policy tenant_isolation on payments.transactions', 'payments.transactions', 'tenant_isolation', 'pg_temp.schemac_t23'),
        ('policy tenant_isolation on payments.validation_results', 'payments.validation_results', 'tenant_isolation', 'pg_temp.schemac_t24'),
        ('policy tenant_isolation on payments.validation_rules', 'payments.validation_rules', 'tenant_isolation', 'pg_temp.schemac_t25'),
        ('policy own_investor_read on public.allocations', 'public.allocations', 'own_investor_read', 'pg_temp.schemac_t35'),
        ('policy staff_all on public.allocations', 'public.allocations', 'staff_all', 'pg_temp.schemac_t35'),
        ('policy member_request on public.approvals', 'public.approvals', 'member_request', 'pg_temp.schemac_t36'),
        ('policy requester_read on public.approvals', 'public.approvals', 'requester_read', 'pg_temp.schemac_t36'),
        ('policy staff_all on public.approvals', 'public.approvals', 'staff_all', 'pg_temp.schemac_t36'),
        ('policy own_membership_read on public.deal_memberships', 'public.deal_memberships', 'own_membership_read', 'pg_temp.schemac_t39'),
        ('policy staff_all on public.deal_memberships', 'public.deal_memberships', 'staff_all', 'pg_temp.schemac_t39'),
        ('policy members_read on public.deals', 'public.deals', 'members_read', 'pg_temp.schemac_t40'),
        ('policy staff_all on public.deals', 'public.deals', 'staff_all', 'pg_temp.schemac_t40'),
        ('policy members_read on public.document_packages', 'public.document_packages', 'members_read', 'pg_temp.schemac_t43'),
        ('policy staff_all on public.document_packages', 'public.document_packages', 'staff_all', 'pg_temp.schemac_t43'),
        ('policy staff_all on public.document_templates', 'public.document_templates', 'staff_all', 'pg_temp.schemac_t44'),
        ('policy members_read on public.fee_components', 'public.fee_components', 'members_read', 'pg_temp.schemac_t47'),
        ('policy staff_all on public.fee_components', 'public.fee_components', 'staff_all', 'pg_temp.schemac_t47'),
        ('policy own_investor_read on public.fee_events', 'public.fee_events', 'own_investor_read', 'pg_temp.schemac_t48'),
        ('policy staff_all on public.fee_events', 'public.fee_events', 'staff_all', 'pg_temp.schemac_t48'),
        ('policy members_read on public.fee_plans', 'public.fee_plans', 'members_read', 'pg_temp.schemac_t49'),
        ('policy staff_all on public.fee_plans', 'public.fee_plans', 'staff_all', 'pg_temp.schemac_t49'),
        ('policy own_links_read on public.investor_users', 'public.investor_users', 'own_links_read', 'pg_temp.schemac_t51'),
        ('policy staff_all on public.investor_users', 'public.investor_users', 'staff_all', 'pg_temp.schemac_t51'),
        ('policy staff_all on public.invite_links', 'public.invite_links', 'staff_all', 'pg_temp.schemac_t52'),
        ('policy own_investor_read on public.invoice_lines', 'public.invoice_lines', 'own_investor_read', 'pg_temp.schemac_t53'),
        ('policy staff_all on public.invoice_lines', 'public.invoice_lines', 'staff_all', 'pg_temp.schemac_t53'),
        ('policy own_investor_read on public.invoices', 'public.invoices', 'own_investor_read', 'pg_temp.schemac_t54'),
        ('policy staff_all on public.invoices', 'public.invoices', 'staff_all', 'pg_temp.schemac_t54'),
        ('policy own_investor_read on public.reservation_lot_items', 'public.reservation_lot_items', 'own_investor_read', 'pg_temp.schemac_t55'),
        ('policy staff_all on public.reservation_lot_items', 'public.reservation_lot_items', 'staff_all', 'pg_temp.schemac_t55'),
        ('policy own_investor_read on public.reservations', 'public.reservations', 'own_investor_read', 'pg_temp.schemac_t56'),
        ('policy staff_all on public.reservations', 'public.reservations', 'staff_all', 'pg_temp.schemac_t56'),
        ('policy staff_all on public.share_lots', 'public.share_lots', 'staff_all', 'pg_temp.schemac_t57')
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
    VALUES
        ('function payments.apply_ledger_entry()', 'function:payments.apply_ledger_entry()', 'payments', 'apply_ledger_entry', 'schemac_f1'),
        ('function payments.audit_row()', 'function:payments.audit_row()', 'payments', 'audit_row', 'schemac_f2'),
        ('function payments.check_journal_balanced()', 'function:payments.check_journal_balanced()', 'payments', 'check_journal_balanced', 'schemac_f3'),
        ('function payments.check_payment_status_transition()', 'function:payments.check_payment_status_transition()', 'payments', 'check_payment_status_transition', 'schemac_f4'),
        ('function payments.forbid_change()', 'function:payments.forbid_change()', 'payments', 'forbid_change', 'schemac_f5'),
        ('function payments.post_journal(character varying, uuid, jsonb)', 'function:payments.post_journal(character varying, uuid, jsonb)', 'payments', 'post_journal', 'schemac_f6'),
        ('function payments.record_payment_status()', 'function:payments.record_payment_status()', 'payments', 'record_payment_status', 'schemac_f7'),
        ('function payments.set_updated_at()', 'function:payments.set_updated_at()', 'payments', 'set_updated_at', 'schemac_f8'),
        ('function public.fn_deal_status_transition()', 'function:public.fn_deal_status_transition()', 'public', 'fn_deal_status_transition', 'schemac_f9'),
        ('function public.fn_expire_reservations()', 'function:public.fn_expire_reservations()', 'public', 'fn_expire_reservations', 'schemac_f10'),
        ('function public.fn_finalize_allocation(uuid)', 'function:public.fn_finalize_allocation(uuid)', 'public', 'fn_finalize_allocation', 'schemac_f11'),
        ('function public.fn_get_deal_inventory(uuid)', 'function:public.fn_get_deal_inventory(uuid)', 'public', 'fn_get_deal_inventory', 'schemac_f12'),
        ('function public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', 'function:public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', 'public', 'fn_reserve_inventory', 'schemac_f13'),
        ('function public.set_updated_at()', 'function:public.set_updated_at()', 'public', 'set_updated_at', 'schemac_f14'),
        ('function public.user_has_deal_access(uuid)', 'function:public.user_has_deal_access(uuid)', 'public', 'user_has_deal_access', 'schemac_f15'),
        ('function public.user_is_staff()', 'function:public.user_is_staff()', 'public', 'user_is_staff', 'schemac_f16'),
        ('function public.user_linked_to_investor(uuid)', 'function:public.user_linked_to_investor(uuid)', 'public', 'user_linked_to_investor', 'schemac_f17')
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
    VALUES
        ('role payments_app', 'payments_app', 'Granted to the payments services'' login roles; subject to tenant RLS'::text),
        ('role verso_service', 'verso_service', 'Back-office jobs (reservation expiry cron)'::text),
        ('role verso_user', 'verso_user', 'Signed-in end users (investors, lawyers, bankers and staff); grant to Supabase''s authenticated'::text)
),
expected_acl_object(object, kind, ref, managed) AS (
    -- what grants are checked on: kind relation (ref: its name), function (ref: its key in f), schema (ref: its name);
    -- managed: made by the specs (not a schema of another project that a grant names)
    VALUES
        ('function payments.apply_ledger_entry()', 'function', 'function:payments.apply_ledger_entry()', true),
        ('function payments.audit_row()', 'function', 'function:payments.audit_row()', true),
        ('function payments.check_journal_balanced()', 'function', 'function:payments.check_journal_balanced()', true),
        ('function payments.check_payment_status_transition()', 'function', 'function:payments.check_payment_status_transition()', true),
        ('function payments.forbid_change()', 'function', 'function:payments.forbid_change()', true),
        ('function payments.post_journal(character varying, uuid, jsonb)', 'function', 'function:payments.post_journal(character varying, uuid, jsonb)', true),
        ('function payments.record_payment_status()', 'function', 'function:payments.record_payment_status()', true),
        ('function payments.set_updated_at()', 'function', 'function:payments.set_updated_at()', true),
        ('function public.fn_deal_status_transition()', 'function', 'function:public.fn_deal_status_transition()', true),
        ('function public.fn_expire_reservations()', 'function', 'function:public.fn_expire_reservations()', true),
        ('function public.fn_finalize_allocation(uuid)', 'function', 'function:public.fn_finalize_allocation(uuid)', true),
        ('function public.fn_get_deal_inventory(uuid)', 'function', 'function:public.fn_get_deal_inventory(uuid)', true),
        ('function public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', 'function', 'function:public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', true),
        ('function public.set_updated_at()', 'function', 'function:public.set_updated_at()', true),
        ('function public.user_has_deal_access(uuid)', 'function', 'function:public.user_has_deal_access(uuid)', true),
        ('function public.user_is_staff()', 'function', 'function:public.user_is_staff()', true),
        ('function public.user_linked_to_investor(uuid)', 'function', 'function:public.user_linked_to_investor(uuid)', true),
        ('schema payments', 'schema', 'payments', true),
        ('table payments.account_balances', 'relation', 'payments.account_balances', true),
        ('table payments.account_routing', 'relation', 'payments.account_routing', true),
        ('table payments.api_call_log', 'relation', 'payments.api_call_log', true),
        ('table payments.audit_log', 'relation', 'payments.audit_log', true),
        ('table payments.backend_systems', 'relation', 'payments.backend_systems', true),
        ('table payments.business_units', 'relation', 'payments.business_units', true),
        ('table payments.circuit_breaker_state', 'relation', 'payments.circuit_breaker_state', true),
        ('table payments.customer_limits', 'relation', 'payments.customer_limits', true),
        ('table payments.debit_order_details', 'relation', 'payments.debit_order_details', true),
        ('table payments.fraud_detection_log', 'relation', 'payments.fraud_detection_log', true),
        ('table payments.idempotency_records', 'relation', 'payments.idempotency_records', true),
        ('table payments.ledger_accounts', 'relation', 'payments.ledger_accounts', true),
        ('table payments.ledger_entries', 'relation', 'payments.ledger_entries', true),
        ('table payments.limit_reservations', 'relation', 'payments.limit_reservations', true),
        ('table payments.payment_fees', 'relation', 'payments.payment_fees', true),
        ('table payments.payment_status_history', 'relation', 'payments.payment_status_history', true),
        ('table payments.payments', 'relation', 'payments.payments', true),
        ('table payments.tenant_api_keys', 'relation', 'payments.tenant_api_keys', true),
        ('table payments.tenant_configs', 'relation', 'payments.tenant_configs', true),
        ('table payments.tenants', 'relation', 'payments.tenants', true),
        ('table payments.transaction_events', 'relation', 'payments.transaction_events', true),
        ('table payments.transaction_reversals', 'relation', 'payments.transaction_reversals', true),
        ('table payments.transactions', 'relation', 'payments.transactions', true),
        ('table payments.validation_results', 'relation', 'payments.validation_results', true),
        ('table payments.validation_rules', 'relation', 'payments.validation_rules', true),
        ('table public."BankAccount"', 'relation', 'public."BankAccount"', true),
        ('table public."BankTransaction"', 'relation', 'public."BankTransaction"', true),
        ('table public."ManualUpload"', 'relation', 'public."ManualUpload"', true),
        ('table public."Offering"', 'relation', 'public."Offering"', true),
        ('table public."PayoutSchedule"', 'relation', 'public."PayoutSchedule"', true),
        ('table public."RevenueConnection"', 'relation', 'public."RevenueConnection"', true),
        ('table public."RevenueRecord"', 'relation', 'public."RevenueRecord"', true),
        ('table public."User"', 'relation', 'public."User"', true),
        ('table public."VerificationLog"', 'relation', 'public."VerificationLog"', true),
        ('table public.allocations', 'relation', 'public.allocations', true),
        ('table public.approvals', 'relation', 'public.approvals', true),
        ('table public.bank_accounts', 'relation', 'public.bank_accounts', true),
        ('table public.compliance_checks', 'relation', 'public.compliance_checks', true),
        ('table public.deal_memberships', 'relation', 'public.deal_memberships', true),
        ('table public.deals', 'relation', 'public.deals', true),
        ('table public.distribution_allocations', 'relation', 'public.distribution_allocations', true),
        ('table public.distributions', 'relation', 'public.distributions', true),
        ('table public.document_packages', 'relation', 'public.document_packages', true),
        ('table public.document_templates', 'relation', 'public.document_templates', true),
        ('table public.escrow_accounts', 'relation', 'public.escrow_accounts', true),
        ('table public.escrow_ledger_entries', 'relation', 'public.escrow_ledger_entries', true),
        ('table public.fee_components', 'relation', 'public.fee_components', true),
        ('table public.fee_events', 'relation', 'public.fee_events', true),
        ('table public.fee_plans', 'relation', 'public.fee_plans', true),
        ('table public.investments', 'relation', 'public.investments', true),
        ('table public.investor_users', 'relation', 'public.investor_users', true),
        ('table public.invite_links', 'relation', 'public.invite_links', true),
        ('table public.invoice_lines', 'relation', 'public.invoice_lines', true),
        ('table public.invoices', 'relation', 'public.invoices', true),
        ('table public.reservation_lot_items', 'relation', 'public.reservation_lot_items', true),
        ('table public.reservations', 'relation', 'public.reservations', true),
        ('table public.share_lots', 'relation', 'public.share_lots', true),
        ('table public.transaction_limits', 'relation', 'public.transaction_limits', true),
        ('table public.transaction_webhooks', 'relation', 'public.transaction_webhooks', true),
        ('table public.transactions', 'relation', 'public.transactions', true),
        ('view public.v_deal_summary', 'relation', 'public.v_deal_summary', true)
),
expected_grant(target, role, privileges, grant_option) AS (
    VALUES
        ('function payments.post_journal(character varying, uuid, jsonb)', 'payments_app', ARRAY['EXECUTE']::text[], false),
        ('function public.fn_expire_reservations()', 'verso_service', ARRAY['EXECUTE']::text[], false),
        ('function public.fn_finalize_allocation(uuid)', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('function public.fn_get_deal_inventory(uuid)', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('function public.fn_reserve_inventory(uuid, uuid, numeric, numeric, integer)', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('function public.user_has_deal_access(uuid)', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('function public.user_is_staff()', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('function public.user_linked_to_investor(uuid)', 'verso_user', ARRAY['EXECUTE']::text[], false),
        ('schema payments', 'payments_app', ARRAY['USAGE']::text[], false),
        ('table payments.account_balances', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.account_routing', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.api_call_log', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.audit_log', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.backend_systems', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.business_units', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.circuit_breaker_state', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.customer_limits', 'payments_app', ARRAY['SELECT', 'UPDATE']::text[], false),
        ('table payments.debit_order_details', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.fraud_detection_log', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.idempotency_records', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table payments.ledger_accounts', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.ledger_entries', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.limit_reservations', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.payment_fees', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.payment_status_history', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.payments', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.tenant_api_keys', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.tenant_configs', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.tenants', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table payments.transaction_events', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.transaction_reversals', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.transactions', 'payments_app', ARRAY['SELECT', 'INSERT', 'UPDATE']::text[], false),
        ('table payments.validation_results', 'payments_app', ARRAY['SELECT', 'INSERT']::text[], false),
        ('table payments.validation_rules', 'payments_app', ARRAY['SELECT']::text[], false),
        ('table public.allocations', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.approvals', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.deal_memberships', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.deals', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.document_packages', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.document_templates', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.fee_components', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.fee_events', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.fee_plans', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.investor_users', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.invite_links', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.invoice_lines', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.invoices', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.reservation_lot_items', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.reservations', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('table public.share_lots', 'verso_user', ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']::text[], false),
        ('view public.v_deal_summary', 'verso_user', ARRAY['SELECT']::text[], false),
        ('function payments.check_journal_balanced()', 'public', ARRAY['EXECUTE']::text[], false),
        ('function payments.check_payment_status_transition()', 'public', ARRAY['EXECUTE']::text[], false),
        ('function payments.forbid_change()', 'public', ARRAY['EXECUTE']::text[], false),
        ('function payments.post_journal(character varying, uuid, jsonb)', 'public', ARRAY['EXECUTE']::text[], false),
        ('function payments.set_updated_at()', 'public', ARRAY['EXECUTE']::text[], false),
        ('function public.fn_deal_status_transition()', 'public', ARRAY['EXECUTE']::text[], false),
        ('function public.set_updated_at()', 'public', ARRAY['EXECUTE']::text[], false)
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
        ('enum payments.audit_operation', 'payments.audit_operation', ARRAY['INSERT', 'UPDATE', 'DELETE']::text[], NULL::text),
        ('enum payments.backend_protocol', 'payments.backend_protocol', ARRAY['REST', 'SOAP', 'ISO8583', 'ISO20022', 'MQ']::text[], NULL::text),
        ('enum payments.circuit_state', 'payments.circuit_state', ARRAY['CLOSED', 'OPEN', 'HALF_OPEN']::text[], NULL::text),
        ('enum payments.fraud_decision', 'payments.fraud_decision', ARRAY['ALLOW', 'REVIEW', 'BLOCK']::text[], NULL::text),
        ('enum payments.idempotency_status', 'payments.idempotency_status', ARRAY['IN_PROGRESS', 'COMPLETED', 'FAILED']::text[], NULL::text),
        ('enum payments.ledger_account_type', 'payments.ledger_account_type', ARRAY['ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE']::text[], NULL::text),
        ('enum payments.limit_type', 'payments.limit_type', ARRAY['PER_TRANSACTION', 'DAILY', 'MONTHLY']::text[], NULL::text),
        ('enum payments.payment_channel', 'payments.payment_channel', ARRAY['API', 'WEB', 'MOBILE', 'BATCH', 'BRANCH']::text[], NULL::text),
        ('enum payments.payment_status', 'payments.payment_status', ARRAY['INITIATED', 'VALIDATED', 'VALIDATION_FAILED', 'SUBMITTED', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED', 'REVERSED']::text[], NULL::text),
        ('enum payments.payment_type', 'payments.payment_type', ARRAY['EFT', 'RTC', 'PAYSHAP', 'RTGS', 'DEBIT_ORDER', 'CARD', 'WALLET']::text[], NULL::text),
        ('enum payments.reservation_status', 'payments.reservation_status', ARRAY['HELD', 'CONSUMED', 'RELEASED', 'EXPIRED']::text[], NULL::text),
        ('enum payments.tenant_status', 'payments.tenant_status', ARRAY['ACTIVE', 'SUSPENDED', 'CLOSED']::text[], NULL::text),
        ('enum payments.transaction_status', 'payments.transaction_status', ARRAY['CREATED', 'PROCESSING', 'POSTED', 'FAILED', 'REVERSED']::text[], NULL::text),
        ('enum payments.validation_outcome', 'payments.validation_outcome', ARRAY['PASSED', 'WARNING', 'FAILED', 'SKIPPED']::text[], NULL::text),
        ('enum payments.validation_rule_type', 'payments.validation_rule_type', ARRAY['FORMAT', 'BUSINESS', 'LIMIT', 'VELOCITY', 'FRAUD', 'SANCTIONS']::text[], NULL::text),
        ('enum payments.validation_severity', 'payments.validation_severity', ARRAY['INFO', 'WARNING', 'BLOCKING']::text[], NULL::text),
        ('enum public."AccountingProvider"', 'public."AccountingProvider"', ARRAY['SAGE_BUSINESS_CLOUD', 'XERO', 'QUICKBOOKS_ONLINE', 'ZOHO_BOOKS']::text[], NULL::text),
        ('enum public."AllocationStatus"', 'public."AllocationStatus"', ARRAY['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'CANCELLED']::text[], NULL::text),
        ('enum public."DistributionStatus"', 'public."DistributionStatus"', ARRAY['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'QUEUED', 'PROCESSING', 'COMPLETED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED']::text[], NULL::text),
        ('enum public."DistributionType"', 'public."DistributionType"', ARRAY['RETURN_OF_CAPITAL', 'PREFERRED_RETURN', 'PROFIT_SPLIT', 'SPECIAL']::text[], NULL::text),
        ('enum public."EscrowAccountStatus"', 'public."EscrowAccountStatus"', ARRAY['ACTIVE', 'FROZEN', 'CLOSED', 'LIQUIDATING']::text[], NULL::text),
        ('enum public."InvestmentStatus"', 'public."InvestmentStatus"', ARRAY['PENDING', 'ACTIVE', 'COMPLETED', 'CANCELLED']::text[], NULL::text),
        ('enum public."LedgerEntryType"', 'public."LedgerEntryType"', ARRAY['DEPOSIT', 'WITHDRAWAL', 'DISTRIBUTION', 'FEE', 'REFUND', 'ADJUSTMENT', 'RECONCILIATION']::text[], NULL::text),
        ('enum public."LimitType"', 'public."LimitType"', ARRAY['DAILY_DEPOSIT', 'MONTHLY_DEPOSIT', 'ANNUAL_INVESTMENT', 'PER_TRANSACTION', 'ACCREDITED_INVESTOR', 'NON_ACCREDITED_INVESTOR']::text[], NULL::text),
        ('enum public."PaymentMethod"', 'public."PaymentMethod"', ARRAY['ACH', 'WIRE', 'CHECK', 'CREDIT_CARD', 'INTERNAL_TRANSFER']::text[], NULL::text),
        ('enum public."RevenueSourceType"', 'public."RevenueSourceType"', ARRAY['BANK_FEED', 'ACCOUNTING', 'MANUAL_UPLOAD']::text[], NULL::text),
        ('enum public."TransactionStatus"', 'public."TransactionStatus"', ARRAY['INITIATED', 'PENDING_APPROVAL', 'APPROVED', 'QUEUED', 'PROCESSING', 'PENDING_SETTLEMENT', 'SETTLED', 'COMPLETED', 'FAILED', 'CANCELLED', 'REVERSED', 'PENDING_RETRY']::text[], 'INITIATED -> PENDING_APPROVAL -> APPROVED -> QUEUED -> PROCESSING -> PENDING_SETTLEMENT -> SETTLED -> COMPLETED; FAILED may go to PENDING_RETRY'::text),
        ('enum public."TransactionType"', 'public."TransactionType"', ARRAY['DEPOSIT', 'WITHDRAWAL', 'DISTRIBUTION', 'CONSTRUCTION_DRAW', 'PLATFORM_FEE', 'REFERRAL_FEE', 'ESCROW_DEPOSIT', 'ESCROW_WITHDRAWAL', 'REFUND', 'TRANSFER']::text[], NULL::text),
        ('enum public."VerificationStatus"', 'public."VerificationStatus"', ARRAY['PENDING', 'VERIFIED', 'FLAGGED', 'FAILED', 'DISCONNECTED']::text[], NULL::text),
        ('enum public.allocation_status', 'public.allocation_status', ARRAY['approved', 'settled', 'cancelled']::text[], NULL::text),
        ('enum public.approval_entity', 'public.approval_entity', ARRAY['commitment', 'reservation', 'allocation', 'document', 'fee_plan', 'invite']::text[], NULL::text),
        ('enum public.approval_priority', 'public.approval_priority', ARRAY['low', 'medium', 'high', 'critical']::text[], NULL::text),
        ('enum public.approval_status', 'public.approval_status', ARRAY['pending', 'approved', 'rejected', 'cancelled']::text[], NULL::text),
        ('enum public.deal_member_role', 'public.deal_member_role', ARRAY['investor', 'lawyer', 'banker', 'staff']::text[], NULL::text),
        ('enum public.deal_status', 'public.deal_status', ARRAY['draft', 'open', 'allocation_pending', 'closed']::text[], 'draft -> open -> allocation_pending -> closed'::text),
        ('enum public.deal_type', 'public.deal_type', ARRAY['equity_secondary', 'equity_primary', 'credit', 'real_estate', 'fund', 'other']::text[], NULL::text),
        ('enum public.document_kind', 'public.document_kind', ARRAY['term_sheet', 'subscription_agreement', 'nda', 'side_letter', 'kyc_pack', 'closing_set', 'other']::text[], NULL::text),
        ('enum public.fee_calc_method', 'public.fee_calc_method', ARRAY['percent_of_investment', 'percent_per_annum', 'percent_of_profit', 'per_unit_spread', 'fixed']::text[], NULL::text),
        ('enum public.fee_event_status', 'public.fee_event_status', ARRAY['accrued', 'invoiced', 'voided']::text[], NULL::text),
        ('enum public.fee_frequency', 'public.fee_frequency', ARRAY['one_time', 'monthly', 'quarterly', 'annual', 'on_exit']::text[], NULL::text),
        ('enum public.fee_kind', 'public.fee_kind', ARRAY['subscription', 'management', 'performance', 'spread_markup', 'flat', 'other']::text[], NULL::text),
        ('enum public.invoice_status', 'public.invoice_status', ARRAY['draft', 'sent', 'partially_paid', 'paid', 'cancelled']::text[], NULL::text),
        ('enum public.lot_status', 'public.lot_status', ARRAY['available', 'withdrawn']::text[], NULL::text),
        ('enum public.package_status', 'public.package_status', ARRAY['draft', 'sent', 'partially_signed', 'completed', 'voided']::text[], NULL::text),
        ('enum public.reservation_status', 'public.reservation_status', ARRAY['pending', 'approved', 'expired', 'cancelled']::text[], NULL::text)
),
expected_schema(object, name) AS (
    VALUES
        ('schema payments', 'payments')
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
