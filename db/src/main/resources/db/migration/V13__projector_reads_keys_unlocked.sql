-- The projector reads vendor data keys without locking them: every event it opens was sealed by a command that held
-- its key FOR SHARE, so before the vendor's VendorErased, which the projector projects later and which blanks the
-- fields it wrote. It needs no UPDATE privilege to lock rows any more; the trigger still refuses it any change.
REVOKE UPDATE (destroyed_at) ON vendor_data_key FROM marketflow_projector;
