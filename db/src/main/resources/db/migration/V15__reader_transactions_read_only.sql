-- Every transaction of the reader role is read-only unless it says otherwise: a tenant's single-statement read runs
-- in the implicit transaction PostgreSQL opens for the statements sent before one sync (the tenant's setting and the
-- SELECT), which no client-side read-only flag reaches. The role holds no write grant either; this refuses a write
-- the same way should one ever be granted by mistake. Set for this database only, as V10: roles are cluster-wide.
DO $$
BEGIN
    EXECUTE format('ALTER ROLE marketflow_reader IN DATABASE %I SET default_transaction_read_only = on',
                   current_database());
END
$$;
