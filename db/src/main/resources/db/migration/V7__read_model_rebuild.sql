-- Rebuilding read models from the events without taking the live ones away: the rows are replayed into fresh copies
-- in schema marketflow_rebuild while the live tables keep serving, and the copies replace them only when complete.
-- The replaced tables are kept in marketflow_retired until the next rebuild, to compare or to restore by hand.
--
-- A copy is the live table's exact twin: same columns, keys and index names, same row-level security, policies and
-- grants, so nothing about a table's safety changes when it is swapped. These functions run as the admin role that
-- owns the schema (they are no SECURITY DEFINER: nobody else may execute them).
CREATE SCHEMA marketflow_rebuild;
CREATE SCHEMA marketflow_retired;
-- the projector writes the copies exactly as it writes the live tables; it may create nothing there
GRANT USAGE ON SCHEMA marketflow_rebuild TO marketflow_projector;

-- CREATE INDEX statement for index_oid, made on schema target_schema's table of the same name instead.
CREATE FUNCTION rebuild_index_definition(index_oid oid, read_model_table text, target_schema text) RETURNS text
    LANGUAGE sql STABLE AS
$$ SELECT replace(pg_get_indexdef(index_oid), ' ON public.' || quote_ident(read_model_table) || ' ',
                  ' ON ' || quote_ident(target_schema) || '.' || quote_ident(read_model_table) || ' ') $$;

-- Empty copies of the live tables in marketflow_rebuild, with their keys (ON CONFLICT needs them while rows go in),
-- row-level security, policies and grants. Other indexes come with rebuild_index, once the rows are in.
CREATE FUNCTION rebuild_prepare(read_model_tables text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    read_model_table text;
    live             regclass;
    copy             text;
    key              record;
    policy           record;
    privilege        record;
BEGIN
    FOREACH read_model_table IN ARRAY read_model_tables LOOP
        live := format('public.%I', read_model_table)::regclass;
        copy := format('marketflow_rebuild.%I', read_model_table);
        EXECUTE format('DROP TABLE IF EXISTS %s', copy);
        EXECUTE format('CREATE TABLE %s (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED '
                       'INCLUDING IDENTITY INCLUDING STORAGE)', copy, live);
        FOR key IN SELECT c.conname, c.contype, i.relname AS index_name, c.conindid
                   FROM pg_constraint c JOIN pg_class i ON i.oid = c.conindid
                   WHERE c.conrelid = live AND c.contype IN ('p', 'u') LOOP
            EXECUTE rebuild_index_definition(key.conindid, read_model_table, 'marketflow_rebuild');
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s USING INDEX %I', copy, key.conname,
                           CASE key.contype WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, key.index_name);
        END LOOP;
        IF (SELECT relrowsecurity FROM pg_class WHERE oid = live) THEN
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', copy);
        END IF;
        IF (SELECT relforcerowsecurity FROM pg_class WHERE oid = live) THEN
            EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', copy);
        END IF;
        FOR policy IN SELECT policyname, permissive, roles, cmd, qual, with_check FROM pg_policies
                      WHERE schemaname = 'public' AND tablename = read_model_table LOOP
            EXECUTE format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', policy.policyname, copy,
                           policy.permissive, policy.cmd,
                           (SELECT string_agg(quote_ident(r), ', ') FROM unnest(policy.roles) r),
                           coalesce(' USING (' || policy.qual || ')', ''),
                           coalesce(' WITH CHECK (' || policy.with_check || ')', ''));
        END LOOP;
        FOR privilege IN SELECT a.privilege_type,
                                CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END AS grantee
                         FROM pg_class c, aclexplode(c.relacl) a
                         WHERE c.oid = live AND a.grantee <> c.relowner LOOP
            EXECUTE format('GRANT %s ON %s TO %s', privilege.privilege_type, copy, privilege.grantee);
        END LOOP;
    END LOOP;
END
$$;

-- The copies' remaining indexes, under the live names, and fresh planner statistics: built once over the loaded rows
-- rather than kept up row by row while they load.
CREATE FUNCTION rebuild_index(read_model_tables text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    read_model_table text;
    index            record;
BEGIN
    FOREACH read_model_table IN ARRAY read_model_tables LOOP
        FOR index IN SELECT x.indexrelid FROM pg_index x
                     WHERE x.indrelid = format('public.%I', read_model_table)::regclass
                       AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid) LOOP
            EXECUTE rebuild_index_definition(index.indexrelid, read_model_table, 'marketflow_rebuild');
        END LOOP;
        EXECUTE format('ANALYZE marketflow_rebuild.%I', read_model_table);
    END LOOP;
END
$$;

-- Holds off the live tables' writers (not their readers) until the caller's transaction ends, so that the copies can
-- take in the last events before the swap without the live tables moving past them.
CREATE FUNCTION rebuild_lock(read_model_tables text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('LOCK TABLE %s IN EXCLUSIVE MODE',
                   (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(read_model_tables) t));
END
$$;

-- Puts the copies in place of the live tables, in the caller's transaction: the live ones move to
-- marketflow_retired (replacing those of the previous rebuild). Statements waiting on a live table's lock resolve its
-- name again once they get it, so they go on against the copy.
CREATE FUNCTION rebuild_swap(read_model_tables text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    read_model_table text;
BEGIN
    FOREACH read_model_table IN ARRAY read_model_tables LOOP
        EXECUTE format('DROP TABLE IF EXISTS marketflow_retired.%I', read_model_table);
        EXECUTE format('ALTER TABLE public.%I SET SCHEMA marketflow_retired', read_model_table);
        EXECUTE format('ALTER TABLE marketflow_rebuild.%I SET SCHEMA public', read_model_table);
    END LOOP;
END
$$;

REVOKE EXECUTE ON FUNCTION rebuild_index_definition(oid, text, text), rebuild_prepare(text[]), rebuild_index(text[]),
    rebuild_lock(text[]), rebuild_swap(text[]) FROM PUBLIC;
