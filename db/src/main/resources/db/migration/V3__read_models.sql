-- Read models of the query side, one set of tables per processing group. Every table carries the tenant its rows
-- belong to (the directory is public to any signed-in tenant), and row-level security is enabled and forced:
--   marketflow_projector writes every tenant's rows (it applies events, it answers no caller);
--   marketflow_reader sees only the rows of the tenant set for its transaction, and nothing when none is set.
-- last_sequence is the Market aggregate sequence number of the last event applied to a row: an event at or below it
-- is a replay and changes nothing, which makes every projection idempotent.

-- The tenant a reading transaction acts for: set_config('app.tenant_id', ..., true), empty or unset means none.
CREATE FUNCTION current_tenant_id() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

-- Processing group market-applications: each market's applications, for its owner.
CREATE TABLE market_application_market (
    market_id UUID PRIMARY KEY,
    tenant_id TEXT NOT NULL
);

CREATE TABLE market_application (
    application_id UUID PRIMARY KEY,
    market_id      UUID        NOT NULL,
    tenant_id      TEXT        NOT NULL,
    vendor_id      TEXT        NOT NULL,
    vendor_name    TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    note           TEXT        NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    last_sequence  BIGINT      NOT NULL
);
CREATE INDEX market_application_page ON market_application (tenant_id, market_id, submitted_at DESC, application_id DESC);
CREATE INDEX market_application_status_page
    ON market_application (tenant_id, market_id, status, submitted_at DESC, application_id DESC);

-- Processing group market-counts: each organizer's markets with how many applications are in each status.
CREATE TABLE market_counts (
    market_id     UUID PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    location      TEXT        NOT NULL,
    open          BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    submitted     BIGINT      NOT NULL DEFAULT 0,
    approved      BIGINT      NOT NULL DEFAULT 0,
    rejected      BIGINT      NOT NULL DEFAULT 0,
    waitlisted    BIGINT      NOT NULL DEFAULT 0,
    withdrawn     BIGINT      NOT NULL DEFAULT 0,
    last_sequence BIGINT      NOT NULL
);
CREATE INDEX market_counts_page ON market_counts (tenant_id, created_at DESC, market_id DESC);

-- Processing group vendor-applications: each vendor's own applications.
CREATE TABLE vendor_application (
    application_id UUID PRIMARY KEY,
    tenant_id      TEXT        NOT NULL,
    market_id      UUID        NOT NULL,
    market_name    TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    last_sequence  BIGINT      NOT NULL
);
CREATE INDEX vendor_application_page ON vendor_application (tenant_id, submitted_at DESC, application_id DESC);
CREATE INDEX vendor_application_status_page
    ON vendor_application (tenant_id, status, submitted_at DESC, application_id DESC);

-- Processing group market-directory: the open markets any signed-in user may browse; no owner is kept.
CREATE TABLE directory_market (
    market_id     UUID PRIMARY KEY,
    name          TEXT        NOT NULL,
    location      TEXT        NOT NULL,
    open          BOOLEAN     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_sequence BIGINT      NOT NULL
);
CREATE INDEX directory_market_open_page ON directory_market (created_at DESC, market_id DESC) WHERE open;

DO $$
DECLARE
    tenant_table text;
BEGIN
    FOREACH tenant_table IN ARRAY ARRAY['market_application_market', 'market_application', 'market_counts',
                                        'vendor_application'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('CREATE POLICY projector_writes_all ON %I FOR ALL TO marketflow_projector '
                       'USING (true) WITH CHECK (true)', tenant_table);
        EXECUTE format('CREATE POLICY reader_sees_own_tenant ON %I FOR SELECT TO marketflow_reader '
                       'USING (tenant_id = current_tenant_id())', tenant_table);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO marketflow_projector', tenant_table);
        EXECUTE format('GRANT SELECT ON %I TO marketflow_reader', tenant_table);
    END LOOP;
END
$$;

ALTER TABLE directory_market ENABLE ROW LEVEL SECURITY;
ALTER TABLE directory_market FORCE ROW LEVEL SECURITY;
CREATE POLICY projector_writes_all ON directory_market FOR ALL TO marketflow_projector USING (true) WITH CHECK (true);
CREATE POLICY reader_needs_a_tenant ON directory_market FOR SELECT TO marketflow_reader
    USING (current_tenant_id() IS NOT NULL);
GRANT SELECT, INSERT, UPDATE, DELETE ON directory_market TO marketflow_projector;
GRANT SELECT ON directory_market TO marketflow_reader;

GRANT EXECUTE ON FUNCTION current_tenant_id() TO marketflow_reader;
