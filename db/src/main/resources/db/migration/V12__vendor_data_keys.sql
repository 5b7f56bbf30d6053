-- Crypto-shredding of vendors' personal data. Every personal field is stored encrypted under a data key of its
-- vendor (AES-256-GCM), and the keys are kept here, each wrapped under the key-encryption key the sides are given
-- (MARKETFLOW_KEK). Erasing a vendor sets their wrapped keys to NULL: every stored copy of their personal fields,
-- in events, dead letters and history, stops decrypting, and no stored event changes (the hash chain still holds).
-- A vendor who creates a profile again gets a new generation; old ciphertexts name the generation they need.
CREATE TABLE vendor_data_key (
    vendor_id    TEXT        NOT NULL,
    generation   INT         NOT NULL,
    wrapped_key  BYTEA,
    kek_id       TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    destroyed_at TIMESTAMPTZ,
    PRIMARY KEY (vendor_id, generation),
    CONSTRAINT vendor_data_key_destroyed_has_no_key
        CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL) AND (wrapped_key IS NULL) = (kek_id IS NULL))
);

-- A destroyed key never comes back, a key is never moved to another vendor or generation, the projector changes
-- none, and no application role deletes one.
CREATE FUNCTION vendor_data_key_stays_destroyed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF current_user = 'marketflow_projector' THEN
        RAISE EXCEPTION 'the projector may lock a vendor data key, never change one';
    END IF;
    IF NEW.vendor_id IS DISTINCT FROM OLD.vendor_id OR NEW.generation IS DISTINCT FROM OLD.generation
        OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'a vendor data key keeps its vendor, generation and creation time';
    END IF;
    IF OLD.wrapped_key IS NULL AND NEW.wrapped_key IS NOT NULL THEN
        RAISE EXCEPTION 'a destroyed vendor data key cannot be restored';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER vendor_data_key_stays_destroyed
    BEFORE UPDATE ON vendor_data_key
    FOR EACH ROW EXECUTE FUNCTION vendor_data_key_stays_destroyed();

-- The command role creates keys (a new profile), destroys them (erasure) and re-wraps them (a new KEK); the
-- projector reads them, for its projections and for the query side's reads. The reader reads none: it reaches only
-- its tenant's rows, and a key opens nothing without the ciphertext those rows hold.
--
-- A transaction that writes with a key reads it FOR SHARE, holding the row until it commits: an erasure's UPDATE
-- waits for every transaction still writing with the key, and one that reads it after the erasure's UPDATE waits for
-- the erasure to commit and then reads the destroyed row. PostgreSQL lets only a role with an UPDATE privilege lock
-- a row, so the projector holds one on destroyed_at, which the trigger above refuses it to use.
GRANT SELECT, INSERT ON vendor_data_key TO marketflow_command;
GRANT UPDATE (wrapped_key, kek_id, destroyed_at) ON vendor_data_key TO marketflow_command;
GRANT SELECT, UPDATE (destroyed_at) ON vendor_data_key TO marketflow_projector;

-- Processing group vendor-applications also keeps every stored event about a vendor, for their export: their
-- profile's events and the market events that name them, the payload as stored (personal fields sealed, opened at
-- read time). Keyed by the event's aggregate and sequence, so a replayed event is inserted once.
CREATE TABLE vendor_event (
    tenant_id    TEXT        NOT NULL,
    aggregate_id TEXT        NOT NULL,
    sequence     BIGINT      NOT NULL,
    position     BIGINT,
    type         TEXT        NOT NULL,
    payload_type TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      JSONB       NOT NULL,
    PRIMARY KEY (tenant_id, aggregate_id, sequence)
);

ALTER TABLE vendor_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE vendor_event FORCE ROW LEVEL SECURITY;
CREATE POLICY projector_writes_all ON vendor_event FOR ALL TO marketflow_projector USING (true) WITH CHECK (true);
CREATE POLICY reader_sees_own_tenant ON vendor_event FOR SELECT TO marketflow_reader
    USING (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON vendor_event TO marketflow_projector;
GRANT SELECT ON vendor_event TO marketflow_reader;

-- An erased vendor's applications keep their rows, without the name and note; a name is never empty, only gone.
ALTER TABLE market_application ALTER COLUMN vendor_name DROP NOT NULL;
ALTER TABLE market_application ALTER COLUMN note DROP NOT NULL;
ALTER TABLE market_application ADD CONSTRAINT market_application_vendor_name_is_a_name
    CHECK (vendor_name IS NULL OR vendor_name <> '');

-- The read models a rebuild replaced are kept in marketflow_retired, out of every projection's reach: an erasure's
-- transaction blanks the vendor there too, so that no copy keeps their name or note. Only the command role may call
-- it, and it touches nothing but the retired copy of market_application, if there is one.
CREATE FUNCTION erase_vendor_from_retired_read_models(vendor TEXT) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS
$$
DECLARE
    blanked integer := 0;
BEGIN
    IF to_regclass('marketflow_retired.market_application') IS NOT NULL THEN
        UPDATE marketflow_retired.market_application SET vendor_name = NULL, note = NULL
        WHERE vendor_id = vendor AND (vendor_name IS NOT NULL OR note IS NOT NULL);
        GET DIAGNOSTICS blanked = ROW_COUNT;
    END IF;
    RETURN blanked;
END
$$;
REVOKE ALL ON FUNCTION erase_vendor_from_retired_read_models(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_vendor_from_retired_read_models(TEXT) TO marketflow_command;
