-- A safety net under the pools' own settings, which override these per connection: any session as one of the roles,
-- a pool's or an operator's at a prompt, has a statement cancelled after 10 s and a transaction left idle ended after
-- 20 s. On PostgreSQL 17 and newer every transaction of the command role also ends within 30 s, however busy: an
-- event's place in the global index is taken when it is inserted and its transaction is what keeps that place a gap,
-- so no gap outlives the processors' gap timeout (60 s). Set for this database only: roles are cluster-wide.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['marketflow_command', 'marketflow_projector', 'marketflow_reader'] LOOP
        EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', role_name, current_database(),
                       '10s');
        EXECUTE format('ALTER ROLE %I IN DATABASE %I SET idle_in_transaction_session_timeout = %L', role_name,
                       current_database(), '20s');
    END LOOP;
    IF current_setting('server_version_num')::int >= 170000 THEN
        EXECUTE format('ALTER ROLE marketflow_command IN DATABASE %I SET transaction_timeout = %L',
                       current_database(), '30s');
    END IF;
END
$$;
