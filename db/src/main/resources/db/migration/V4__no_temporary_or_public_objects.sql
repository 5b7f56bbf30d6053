-- No application role may create objects: a temporary table named like a read model would shadow it for
-- unqualified queries in that session, and a new object in public could be planted for others to read.
-- PUBLIC keeps CONNECT; the roles were granted CONNECT and USAGE explicitly in V1.
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
