-- The least-privilege roles the two sides run under. Roles are cluster-wide, so another database of the same
-- cluster may have made them already; logins and passwords are set at start-up by DatabaseProvisioner.
-- marketflow_command   appends events (command side)
-- marketflow_projector reads events and writes read models, tokens and dead letters (query side)
-- marketflow_reader    reads read models through row-level security (query side)
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['marketflow_command', 'marketflow_projector', 'marketflow_reader'] LOOP
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS',
                               role_name);
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another migration in the same cluster created it at the same moment
        END;
    END LOOP;
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO marketflow_command, marketflow_projector, marketflow_reader',
                   current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO marketflow_command, marketflow_projector, marketflow_reader;
