package io.marketflow.query.safety;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The database safety net read from the PostgreSQL catalog, for whatever tables, views and functions exist: each
 * check answers the violations it finds, one readable line each, so a new object cannot escape by not being listed.
 *
 * <p>Tenant data is every relation of a user schema with a {@code tenant_id} column, plus the few public read
 * models in {@link #PUBLIC_READ_MODELS} (read by any signed-in tenant, no tenant column).
 */
final class CatalogChecks {

    /** Read models without a tenant column that any signed-in tenant may read: RLS still needs a tenant to be set. */
    static final Set<String> PUBLIC_READ_MODELS = Set.of("public.directory_market");

    static final String READER = "marketflow_reader";
    static final List<String> APPLICATION_ROLES = List.of("marketflow_command", "marketflow_projector", READER);

    /** Schemas that hold the application's objects: everything but PostgreSQL's own. */
    private static final String USER_SCHEMA = "(n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')";

    /** Relations holding tenant data, as {@code schema.name}. */
    private static final String TENANT_DATA = """
            SELECT c.oid
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE %s AND c.relkind IN ('r', 'p', 'm', 'f')
              AND (EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND a.attnum > 0 AND NOT a.attisdropped)
                   OR quote_ident(n.nspname) || '.' || quote_ident(c.relname) = ANY (?))
            """.formatted(USER_SCHEMA);

    /** A catalog whose objects have an owner: what it holds, how to name one, and its owner column. */
    private record Owned(String kind, String catalog, String name, String ownerColumn) {
    }

    private static final List<Owned> OWNER_COLUMNS = List.of(
            new Owned("relation", "pg_class", "o.oid::regclass::text", "relowner"),
            new Owned("function", "pg_proc", "o.oid::regprocedure::text", "proowner"),
            new Owned("schema", "pg_namespace", "o.nspname", "nspowner"),
            new Owned("type", "pg_type", "o.oid::regtype::text", "typowner"),
            new Owned("database", "pg_database", "o.datname", "datdba"),
            new Owned("operator", "pg_operator", "o.oid::regoperator::text", "oprowner"),
            new Owned("collation", "pg_collation", "o.collname", "collowner"),
            new Owned("conversion", "pg_conversion", "o.conname", "conowner"),
            new Owned("extension", "pg_extension", "o.extname", "extowner"),
            new Owned("language", "pg_language", "o.lanname", "lanowner"),
            new Owned("operator class", "pg_opclass", "o.opcname", "opcowner"),
            new Owned("operator family", "pg_opfamily", "o.opfname", "opfowner"),
            new Owned("text search configuration", "pg_ts_config", "o.cfgname", "cfgowner"),
            new Owned("text search dictionary", "pg_ts_dict", "o.dictname", "dictowner"),
            new Owned("event trigger", "pg_event_trigger", "o.evtname", "evtowner"),
            new Owned("foreign data wrapper", "pg_foreign_data_wrapper", "o.fdwname", "fdwowner"),
            new Owned("server", "pg_foreign_server", "o.srvname", "srvowner"),
            new Owned("statistics", "pg_statistic_ext", "o.stxname", "stxowner"),
            new Owned("large object", "pg_largeobject_metadata", "o.oid::text", "lomowner"),
            new Owned("publication", "pg_publication", "o.pubname", "pubowner"),
            new Owned("tablespace", "pg_tablespace", "o.spcname", "spcowner"),
            new Owned("default privileges of", "pg_default_acl", "o.defaclobjtype::text", "defaclrole"));

    private final Connection connection;

    CatalogChecks(Connection connection) {
        this.connection = connection;
    }

    /** Names of the relations holding tenant data; a sanity check that the catalog query finds them. */
    List<String> tenantDataRelations() throws SQLException {
        return strings("SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid IN (" + TENANT_DATA + ") ORDER BY 1",
                publicReadModels());
    }

    /** Names of the tables and sequences of the user schemas that hold no tenant data. */
    List<String> otherRelations() throws SQLException {
        return strings("""
                SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE %s AND c.relkind IN ('r', 'p', 'm', 'f', 'S') AND c.oid NOT IN (%s) ORDER BY 1
                """.formatted(USER_SCHEMA, TENANT_DATA), publicReadModels());
    }

    /**
     * Every relation with tenant data is a table with row-level security enabled and forced, has a SELECT policy
     * for the reader, and every such policy depends on the tenant set for the transaction (so it fails closed when
     * none is set), by the {@code tenant_id} column where there is one. The reader may do nothing there but SELECT.
     */
    List<String> tenantDataWithoutRowLevelSecurity() throws SQLException {
        return strings("""
                WITH reader AS (SELECT oid FROM pg_roles WHERE rolname = '%2$s'),
                tenant_data AS (%1$s),
                policies AS (
                    SELECT p.polrelid, p.polname, p.polpermissive, pg_get_expr(p.polqual, p.polrelid) AS qual
                    FROM pg_policy p, reader
                    WHERE (reader.oid = ANY (p.polroles) OR 0 = ANY (p.polroles)) AND p.polcmd IN ('r', '*'))
                SELECT c.oid::regclass::text || ': ' || problem
                FROM pg_class c
                JOIN tenant_data t ON t.oid = c.oid
                CROSS JOIN LATERAL (
                    SELECT 'is a ' || CASE c.relkind WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
                                      ELSE c.relkind::text END || ', which row-level security cannot protect'
                    WHERE c.relkind NOT IN ('r', 'p')
                    UNION ALL SELECT 'row-level security is not enabled' WHERE NOT c.relrowsecurity
                    UNION ALL SELECT 'row-level security is not forced' WHERE NOT c.relforcerowsecurity
                    UNION ALL SELECT 'no SELECT policy for %2$s'
                    WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.polrelid = c.oid AND p.polpermissive)
                    UNION ALL SELECT 'policy ' || p.polname || ' of %2$s does not depend on current_tenant_id(): '
                                     || coalesce(p.qual, 'no USING clause')
                    FROM policies p
                    WHERE p.polrelid = c.oid AND p.polpermissive
                      AND coalesce(p.qual, '') NOT LIKE '%%current_tenant_id()%%'
                    UNION ALL SELECT 'policy ' || p.polname || ' of %2$s does not compare tenant_id: ' || p.qual
                    FROM policies p
                    WHERE p.polrelid = c.oid AND p.polpermissive
                      AND EXISTS (SELECT 1 FROM pg_attribute a
                                  WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                      AND replace(coalesce(p.qual, ''), 'current_tenant_id()', '') !~ '\\mtenant_id\\M'
                    UNION ALL SELECT '%2$s may ' || lower(privilege)
                    FROM unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) privilege
                    WHERE has_table_privilege('%2$s', c.oid, privilege)
                    UNION ALL SELECT '%2$s may ' || lower(privilege) || ' some of its columns'
                    FROM unnest(ARRAY['INSERT', 'UPDATE', 'REFERENCES']) privilege
                    WHERE has_any_column_privilege('%2$s', c.oid, privilege)
                ) problems(problem)
                ORDER BY 1
                """.formatted(TENANT_DATA, READER), publicReadModels());
    }

    /** The reader can neither read nor change any table or sequence without tenant data (events, tokens, ...). */
    List<String> otherRelationsTheReaderCanReach() throws SQLException {
        return strings("""
                SELECT c.oid::regclass::text || ': ' || problem
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN LATERAL (
                    SELECT '%3$s may ' || lower(privilege)
                    FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                                      'TRIGGER']) privilege
                    WHERE c.relkind <> 'S' AND has_table_privilege('%3$s', c.oid, privilege)
                    UNION ALL SELECT '%3$s may ' || lower(privilege) || ' some of its columns'
                    FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) privilege
                    WHERE c.relkind <> 'S' AND has_any_column_privilege('%3$s', c.oid, privilege)
                    UNION ALL SELECT '%3$s may use the sequence (' || lower(privilege) || ')'
                    FROM unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) privilege
                    WHERE c.relkind = 'S' AND has_sequence_privilege('%3$s', c.oid, privilege)
                ) problems(problem)
                WHERE %1$s AND c.relkind IN ('r', 'p', 'm', 'f', 'S') AND c.oid NOT IN (%2$s)
                ORDER BY 1
                """.formatted(USER_SCHEMA, TENANT_DATA, READER), publicReadModels());
    }

    /**
     * No view reads a table under row-level security with its owner's rights: a view either runs as its caller
     * ({@code security_invoker}) or reads, through any views it reads, no table with row-level security. A view the
     * reader may SELECT must run as its caller whatever it reads.
     */
    List<String> viewsBypassingRowLevelSecurity() throws SQLException {
        return strings("""
                WITH RECURSIVE views AS (
                    SELECT c.oid,
                           coalesce((SELECT option_value::boolean FROM pg_options_to_table(c.reloptions)
                                     WHERE option_name = 'security_invoker'), false) AS invoker
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE %s AND c.relkind = 'v'),
                reads(view_oid, rel) AS (
                    SELECT r.ev_class, d.refobjid
                    FROM pg_rewrite r
                    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                    AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
                    WHERE r.ev_class IN (SELECT oid FROM views)
                    UNION
                    SELECT reads.view_oid, d.refobjid
                    FROM reads
                    JOIN pg_class inner_view ON inner_view.oid = reads.rel AND inner_view.relkind IN ('v', 'm')
                    JOIN pg_rewrite r ON r.ev_class = inner_view.oid
                    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                    AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class)
                SELECT v.oid::regclass::text || ': runs as its owner and reads ' || t.oid::regclass::text
                       || ', which has row-level security'
                FROM views v JOIN reads ON reads.view_oid = v.oid JOIN pg_class t ON t.oid = reads.rel
                WHERE NOT v.invoker AND t.relrowsecurity
                UNION
                SELECT v.oid::regclass::text || ': %s may read it, and it runs as its owner'
                FROM views v
                WHERE NOT v.invoker AND (has_table_privilege('%2$s', v.oid, 'SELECT')
                                         OR has_any_column_privilege('%2$s', v.oid, 'SELECT'))
                ORDER BY 1
                """.formatted(USER_SCHEMA, READER));
    }

    /** Objects the reader owns, in any database of the cluster and in every catalog with an owner column. */
    List<String> objectsOwnedByTheReader() throws SQLException {
        return strings("""
                WITH reader AS (SELECT oid FROM pg_roles WHERE rolname = '%s')
                SELECT 'owner of ' || coalesce(CASE WHEN d.dbid IN (0, (SELECT oid FROM pg_database
                                                                          WHERE datname = current_database()))
                                                    THEN pg_describe_object(d.classid, d.objid, d.objsubid) END,
                                               d.classid::regclass::text || ' ' || d.objid)
                       || ' (in database ' || coalesce((SELECT datname FROM pg_database WHERE oid = d.dbid), 'shared')
                       || ')'
                FROM pg_shdepend d, reader
                WHERE d.refclassid = 'pg_authid'::regclass AND d.refobjid = reader.oid AND d.deptype = 'o'
                %s
                ORDER BY 1
                """.formatted(READER, OWNER_COLUMNS.stream()
                .map(owned -> "UNION SELECT 'owner of %s ' || %s FROM %s o, reader WHERE o.%s = reader.oid"
                        .formatted(owned.kind(), owned.name(), owned.catalog(), owned.ownerColumn()))
                .collect(Collectors.joining("\n"))));
    }

    /** Attributes and memberships of the application roles that would lift them above their grants. */
    List<String> privilegedApplicationRoles() throws SQLException {
        List<String> problems = strings("""
                SELECT r.rolname || ': ' || problem
                FROM pg_roles r
                CROSS JOIN LATERAL (
                    SELECT 'is superuser' WHERE r.rolsuper
                    UNION ALL SELECT 'has BYPASSRLS' WHERE r.rolbypassrls
                    UNION ALL SELECT 'has CREATEROLE' WHERE r.rolcreaterole
                    UNION ALL SELECT 'has CREATEDB' WHERE r.rolcreatedb
                    UNION ALL SELECT 'has REPLICATION' WHERE r.rolreplication
                    UNION ALL SELECT 'is a member of ' || g.rolname
                    FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid
                    UNION ALL SELECT 'may create objects in database ' || current_database()
                    WHERE has_database_privilege(r.oid, current_database(), 'CREATE')
                    UNION ALL SELECT 'may create temporary tables in database ' || current_database()
                    WHERE has_database_privilege(r.oid, current_database(), 'TEMPORARY')
                    UNION ALL SELECT 'may create objects in schema ' || n.nspname
                    FROM pg_namespace n WHERE %s AND has_schema_privilege(r.oid, n.oid, 'CREATE')
                ) problems(problem)
                WHERE r.rolname = ANY (?)
                ORDER BY 1
                """.formatted(USER_SCHEMA), APPLICATION_ROLES.toArray(String[]::new));
        List<String> found = strings("SELECT rolname FROM pg_roles WHERE rolname = ANY (?) ORDER BY 1",
                APPLICATION_ROLES.toArray(String[]::new));
        APPLICATION_ROLES.stream().filter(role -> !found.contains(role))
                .forEach(role -> problems.add(role + ": does not exist"));
        return problems;
    }

    /**
     * Functions of the user schemas that could leak rows past a policy: LEAKPROOF ones (the planner may run them
     * before the policy's filter), and SECURITY DEFINER ones the reader may call (they read with their owner's rights).
     */
    List<String> functionsThatCanLeak() throws SQLException {
        return strings("""
                SELECT p.oid::regprocedure::text || ': ' || problem
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                CROSS JOIN LATERAL (
                    SELECT 'is LEAKPROOF' WHERE p.proleakproof
                    UNION ALL SELECT 'is SECURITY DEFINER and %s may execute it'
                    WHERE p.prosecdef AND has_function_privilege('%s', p.oid, 'EXECUTE')
                ) problems(problem)
                WHERE %s
                ORDER BY 1
                """.formatted(READER, READER, USER_SCHEMA));
    }

    /**
     * Unique and exclusion constraints (and unique indexes) and foreign keys on tenant data must include
     * {@code tenant_id} or be one uuid column (ids the server makes): a constraint spanning tenants on anything a
     * caller chooses would answer a conflict where another tenant's object exists, and a not-found where it does not.
     */
    List<String> constraintsSpanningTenants() throws SQLException {
        return strings("""
                WITH tenant_data AS (%s),
                keys(description, relid, attnums, key_count) AS (
                    SELECT CASE WHEN con.oid IS NULL THEN 'unique index ' || i.indexrelid::regclass::text
                                ELSE 'constraint ' || con.conname END,
                           i.indrelid, i.indkey::int2[], i.indnkeyatts::int
                    FROM pg_index i
                    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
                    WHERE (i.indisunique OR i.indisexclusion) AND i.indrelid IN (SELECT oid FROM tenant_data)
                    UNION ALL
                    SELECT 'foreign key ' || con.conname, con.conrelid, con.conkey, cardinality(con.conkey)
                    FROM pg_constraint con WHERE con.contype = 'f' AND con.conrelid IN (SELECT oid FROM tenant_data)
                    UNION ALL
                    SELECT 'foreign key ' || con.conname || ' of ' || con.conrelid::regclass::text, con.confrelid,
                           con.confkey, cardinality(con.confkey)
                    FROM pg_constraint con WHERE con.contype = 'f' AND con.confrelid IN (SELECT oid FROM tenant_data)),
                columns AS (
                    SELECT k.description, k.relid,
                           array_agg(coalesce(a.attname, '<expression>') ORDER BY u.ord) AS names,
                           coalesce(bool_or(a.attname = 'tenant_id'), false) AS has_tenant,
                           count(*) AS n,
                           coalesce(bool_and(a.atttypid = 'uuid'::regtype), false) AS all_uuid
                    FROM keys k
                    CROSS JOIN LATERAL unnest(k.attnums) WITH ORDINALITY u(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = k.relid AND a.attnum = u.attnum AND u.attnum > 0
                    WHERE u.ord <= k.key_count
                    GROUP BY k.description, k.relid)
                SELECT relid::regclass::text || ': ' || description || ' on (' || array_to_string(names, ', ')
                       || ') spans tenants: it neither includes tenant_id nor is one uuid column'
                FROM columns
                WHERE NOT has_tenant AND NOT (n = 1 AND all_uuid)
                  -- the event store's keys are all assigned by the server or the database, never by a caller:
                  -- the global index by a sequence, aggregate ids and event ids by the command side
                  AND relid::regclass::text <> 'domain_event_entry'
                ORDER BY 1
                """.formatted(TENANT_DATA), publicReadModels());
    }

    private String[] publicReadModels() {
        return PUBLIC_READ_MODELS.toArray(String[]::new);
    }

    /** The first column of every row; every {@code ?} takes {@code textArray}, as text[]. */
    private List<String> strings(String sql, String... textArray) throws SQLException {
        int parameters = (int) sql.chars().filter(ch -> ch == '?').count();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 1; index <= parameters; index++) {
                statement.setArray(index, connection.createArrayOf("text", textArray));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }
}
