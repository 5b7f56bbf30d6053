-- Tamper evidence. Each event is chained to the one before it in its aggregate: chain_hash is the SHA-256 of
--   previous chain_hash (empty for sequence 0)
--   || sequence_number as 8 bytes big-endian
--   || length-prefixed payload_type (UTF-8) || length-prefixed payload || length-prefixed meta_data
-- where every length is 4 bytes big-endian. It is computed by PostgreSQL when the event is appended, so no writer
-- can skip it; an edit or a removal anywhere breaks the chain from that sequence on.
-- Each event also records its tenant (a market's owner, a vendor's own id), so that auditors can read the store
-- itself under row-level security.
ALTER TABLE domain_event_entry ADD COLUMN tenant_id TEXT;
ALTER TABLE domain_event_entry ADD COLUMN chain_hash BYTEA;

CREATE FUNCTION event_chain_hash(previous BYTEA, sequence_number BIGINT, payload_type TEXT, payload BYTEA,
                                 meta_data BYTEA) RETURNS BYTEA
    LANGUAGE sql IMMUTABLE AS
$$
SELECT sha256(coalesce(previous, ''::bytea)
              || int8send(sequence_number)
              || int4send(octet_length(convert_to(payload_type, 'UTF8'))) || convert_to(payload_type, 'UTF8')
              || int4send(octet_length(payload)) || payload
              || int4send(coalesce(octet_length(meta_data), 0)) || coalesce(meta_data, ''::bytea))
$$;

CREATE FUNCTION event_tenant(aggregate_type TEXT, aggregate_identifier TEXT, payload BYTEA) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE aggregate_type
           WHEN 'Market' THEN convert_from(payload, 'UTF8')::jsonb #>> '{owner,value}'
           WHEN 'Vendor' THEN aggregate_identifier
       END
$$;

CREATE FUNCTION chain_event() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    previous BYTEA;
BEGIN
    IF NEW.sequence_number > 0 THEN
        SELECT chain_hash INTO previous FROM domain_event_entry
        WHERE aggregate_identifier = NEW.aggregate_identifier AND sequence_number = NEW.sequence_number - 1;
    END IF;
    NEW.chain_hash := event_chain_hash(previous, NEW.sequence_number, NEW.payload_type, NEW.payload, NEW.meta_data);
    NEW.tenant_id := event_tenant(NEW.type, NEW.aggregate_identifier, NEW.payload);
    RETURN NEW;
END
$$;

-- events appended before this migration get their chain now, in order
ALTER TABLE domain_event_entry DISABLE TRIGGER domain_event_entry_append_only;
DO $$
DECLARE
    event RECORD;
    previous BYTEA;
    previous_aggregate TEXT;
BEGIN
    FOR event IN SELECT global_index, aggregate_identifier, sequence_number, type, payload_type, payload, meta_data
                 FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number LOOP
        IF previous_aggregate IS DISTINCT FROM event.aggregate_identifier THEN
            previous := NULL;
            previous_aggregate := event.aggregate_identifier;
        END IF;
        previous := event_chain_hash(previous, event.sequence_number, event.payload_type, event.payload,
                                     event.meta_data);
        UPDATE domain_event_entry
        SET chain_hash = previous,
            tenant_id = event_tenant(event.type, event.aggregate_identifier, event.payload)
        WHERE global_index = event.global_index;
    END LOOP;
END
$$;
ALTER TABLE domain_event_entry ENABLE TRIGGER domain_event_entry_append_only;

CREATE TRIGGER domain_event_entry_chain
    BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION chain_event();

CREATE INDEX domain_event_entry_tenant ON domain_event_entry (tenant_id, aggregate_identifier, sequence_number);

ALTER TABLE domain_event_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE domain_event_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY command_appends ON domain_event_entry FOR INSERT TO marketflow_command WITH CHECK (true);
CREATE POLICY command_reads_all ON domain_event_entry FOR SELECT TO marketflow_command USING (true);
CREATE POLICY projector_reads_all ON domain_event_entry FOR SELECT TO marketflow_projector USING (true);
CREATE POLICY reader_sees_own_tenant ON domain_event_entry FOR SELECT TO marketflow_reader
    USING (tenant_id = current_tenant_id());
GRANT SELECT ON domain_event_entry TO marketflow_reader;
