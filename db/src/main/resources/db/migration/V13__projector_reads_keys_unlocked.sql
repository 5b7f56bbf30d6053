-- The projector reads vendor data keys without locking them: every event it opens was sealed by a command that held
-- its key FOR SHARE, so before the vendor's VendorErased, which the projector projects later and which blanks the
-- fields it wrote. It needs no UPDATE privilege to lock rows any more, and without one it can change no key: the
-- trigger's own refusal of the projector goes with the privilege.
REVOKE UPDATE (destroyed_at) ON vendor_data_key FROM marketflow_projector;

CREATE OR REPLACE FUNCTION vendor_data_key_stays_destroyed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
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
