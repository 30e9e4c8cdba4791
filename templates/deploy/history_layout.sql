-- The deploy history of schemac (layout 1): what `schemac apply` and the psql bundle
-- record, and `schemac status` reads. Created by the first deploy; made under the deploy lock.
DO $schemac$
BEGIN
    IF pg_catalog.to_regnamespace('schemac') IS NULL THEN
        CREATE SCHEMA schemac;
        COMMENT ON SCHEMA schemac IS 'deploy history of schemac: which migrations ran, when, by whom';
    END IF;
END
$schemac$;
CREATE TABLE IF NOT EXISTS schemac.layout (
    version integer PRIMARY KEY,
    installed_at timestamptz NOT NULL DEFAULT now()
);
-- one row per applied migration; a rollback deletes it (events keeps the story)
CREATE TABLE IF NOT EXISTS schemac.migrations (
    number integer PRIMARY KEY,
    name text NOT NULL UNIQUE,
    up_sha256 text NOT NULL,
    down_sha256 text NOT NULL,
    verify_sha256 text NOT NULL,
    source_state text NOT NULL,
    target_state text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    applied_by text NOT NULL DEFAULT CURRENT_USER,
    tool text NOT NULL,
    duration_ms bigint,
    -- steps that cannot run inside the migration's transaction, run one by one after its COMMIT
    steps_outside integer NOT NULL DEFAULT 0,
    steps_outside_done integer NOT NULL DEFAULT 0,
    CHECK (steps_outside_done BETWEEN 0 AND steps_outside)
);
CREATE TABLE IF NOT EXISTS schemac.events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number integer NOT NULL,
    name text NOT NULL,
    action text NOT NULL CHECK (action IN ('apply', 'step', 'rollback')),
    detail text,
    at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    by_role text NOT NULL DEFAULT CURRENT_USER,
    tool text NOT NULL,
    duration_ms bigint
);
INSERT INTO schemac.layout (version) VALUES (1) ON CONFLICT DO NOTHING;
