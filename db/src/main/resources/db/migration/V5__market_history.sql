-- Processing group market-history: every event of every market, with who caused it, for its owner and their
-- auditors. Keyed by (tenant, market, sequence), so a replayed event is inserted once; the key also pages.
CREATE TABLE market_history_event (
    market_id      UUID        NOT NULL,
    sequence       BIGINT      NOT NULL,
    tenant_id      TEXT        NOT NULL,
    type           TEXT        NOT NULL,
    occurred_at    TIMESTAMPTZ NOT NULL,
    actor          TEXT,
    actor_role     TEXT,
    correlation_id TEXT,
    payload        JSONB       NOT NULL,
    PRIMARY KEY (tenant_id, market_id, sequence)
);

ALTER TABLE market_history_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE market_history_event FORCE ROW LEVEL SECURITY;
CREATE POLICY projector_writes_all ON market_history_event FOR ALL TO marketflow_projector
    USING (true) WITH CHECK (true);
CREATE POLICY reader_sees_own_tenant ON market_history_event FOR SELECT TO marketflow_reader
    USING (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON market_history_event TO marketflow_projector;
GRANT SELECT ON market_history_event TO marketflow_reader;
