-- The projector reads the vendor data keys it opens FOR SHARE again, holding them until its batch commits. Without
-- the lock, a batch could open a submission under a live key, then the vendor's erasure commit and another segment
-- project VendorErased, blanking the vendor's rows before the batch's insert of that submission was committed: the
-- insert then kept the plaintext. With it, the erasure waits for the batch, whose rows the blanking then finds, or
-- the batch waits for the erasure and finds the key destroyed. PostgreSQL lets only a role with an UPDATE privilege
-- lock a row, so the projector holds one on destroyed_at again, which the trigger refuses it to use.
GRANT UPDATE (destroyed_at) ON vendor_data_key TO marketflow_projector;

CREATE OR REPLACE FUNCTION vendor_data_key_stays_destroyed() RETURNS trigger
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
