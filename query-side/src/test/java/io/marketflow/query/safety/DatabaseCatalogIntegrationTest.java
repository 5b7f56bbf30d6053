package io.marketflow.query.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.DatabaseProvisioner;
import io.marketflow.db.DatabaseRole;
import io.marketflow.db.RoleCredentials;
import io.marketflow.query.ReadModelDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The database safety net of the tenancy design, checked from the PostgreSQL catalog of the migrated schema rather
 * than from a list of tables: a table, view or function added later is checked as soon as it exists.
 */
class DatabaseCatalogIntegrationTest {

    private static final String REFUSED = "42501"; // insufficient_privilege

    private final ReadModelDatabase database = ReadModelDatabase.get();
    private final AdminConnection admin = database.admin();

    @Test
    void everyRelationWithTenantDataHasForcedRowLevelSecurityAndATenantPolicyForTheReader() throws SQLException {
        try (Connection connection = asAdmin()) {
            CatalogChecks checks = new CatalogChecks(connection);

            // the catalog query finds the read models we know of (and would find any new one with a tenant_id)
            assertThat(checks.tenantDataRelations()).contains("market_application_market", "market_application",
                    "market_counts", "vendor_application", "directory_market", "market_history_event",
                    "domain_event_entry");
            assertThat(checks.tenantDataWithoutRowLevelSecurity()).isEmpty();
        }
    }

    @Test
    void theReaderCanNeitherReadNorChangeAnyOtherTableOrSequence() throws SQLException {
        try (Connection connection = asAdmin()) {
            CatalogChecks checks = new CatalogChecks(connection);

            // the event store holds tenant data (each event's tenant, for auditors) and is checked with the read models
            assertThat(checks.otherRelations()).contains("snapshot_event_entry", "token_entry",
                    "dead_letter_entry", "flyway_schema_history", "domain_event_entry_global_index_seq");
            assertThat(checks.otherRelationsTheReaderCanReach()).isEmpty();
        }
    }

    @Test
    void theReaderOwnsNothingAndNoApplicationRoleIsPrivileged() throws SQLException {
        try (Connection connection = asAdmin()) {
            CatalogChecks checks = new CatalogChecks(connection);

            assertThat(checks.objectsOwnedByTheReader()).isEmpty();
            assertThat(checks.privilegedApplicationRoles()).isEmpty();
        }
    }

    @Test
    void noViewReadsATableUnderRowLevelSecurityWithItsOwnersRights() throws SQLException {
        try (Connection connection = asAdmin()) {
            assertThat(new CatalogChecks(connection).viewsBypassingRowLevelSecurity()).isEmpty();
        }
    }

    @Test
    void noUserFunctionIsLeakproofOrASecurityDefinerTheReaderMayCall() throws SQLException {
        try (Connection connection = asAdmin()) {
            assertThat(new CatalogChecks(connection).functionsThatCanLeak()).isEmpty();
        }
    }

    @Test
    void noUniqueConstraintOrForeignKeyOnTenantDataSpansTenants() throws SQLException {
        try (Connection connection = asAdmin()) {
            assertThat(new CatalogChecks(connection).constraintsSpanningTenants()).isEmpty();
        }
    }

    /**
     * Planner statistics (most common values, histograms) are collected over every tenant's rows and bypass the
     * policies, so the reader must see none of them for a table under row-level security, tenant set or not.
     */
    @Test
    void plannerStatisticsShowTheReaderNothingOfTablesUnderRowLevelSecurity() throws SQLException {
        String tenant = "stats-" + UUID.randomUUID();
        database.project(() -> {
            for (int market = 0; market < 20; market++) {
                database.projector().sql("""
                                INSERT INTO market_counts (market_id, tenant_id, name, location, open, created_at,
                                                           last_sequence)
                                VALUES (?, ?, 'Statistics Market', 'Secret Street', true, now(), 0)""")
                        .params(UUID.randomUUID(), tenant)
                        .update();
            }
        });
        String statistics = """
                SELECT s.tablename || '.' || s.attname FROM pg_stats s
                JOIN pg_class c ON c.relname = s.tablename
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
                WHERE c.relrowsecurity
                UNION ALL
                SELECT s.tablename || '.' || s.statistics_name FROM pg_stats_ext s
                JOIN pg_class c ON c.relname = s.tablename
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
                WHERE c.relrowsecurity
                UNION ALL
                SELECT s.tablename || '.' || s.statistics_name FROM pg_stats_ext_exprs s
                JOIN pg_class c ON c.relname = s.tablename
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
                WHERE c.relrowsecurity
                ORDER BY 1""";
        try (Connection connection = asAdmin()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE market_counts");
            }
            // the statistics exist: the superuser sees them
            assertThat(strings(connection, statistics)).contains("market_counts.tenant_id", "market_counts.location");
        } finally {
            database.project(() -> database.projector().sql("DELETE FROM market_counts WHERE tenant_id = ?")
                    .param(tenant).update());
        }
        try (Connection reader = login(database.credentials(DatabaseRole.READER))) {
            assertThat(strings(reader, statistics)).as("statistics the reader sees with no tenant set").isEmpty();
            reader.setAutoCommit(false);
            try (PreparedStatement setTenant = reader.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                setTenant.setString(1, tenant);
                setTenant.executeQuery().close();
            }
            assertThat(strings(reader, statistics)).as("statistics the reader sees as the tenant").isEmpty();
            reader.rollback();
        }
    }

    /** The checks are not vacuous: objects that break each rule, made in a transaction that is rolled back. */
    @Test
    void theChecksCatchNewObjectsThatBreakTheRules() throws SQLException {
        try (Connection connection = asAdmin()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE TABLE safety_probe_rows (id UUID PRIMARY KEY, tenant_id TEXT NOT NULL, code TEXT UNIQUE);
                        GRANT SELECT, INSERT ON safety_probe_rows TO marketflow_reader;
                        CREATE TABLE safety_probe_child (id UUID PRIMARY KEY, tenant_id TEXT NOT NULL,
                                                         parent_code TEXT REFERENCES safety_probe_rows (code));
                        CREATE TABLE safety_probe_open (id UUID PRIMARY KEY, tenant_id TEXT NOT NULL);
                        ALTER TABLE safety_probe_open ENABLE ROW LEVEL SECURITY;
                        ALTER TABLE safety_probe_open FORCE ROW LEVEL SECURITY;
                        CREATE POLICY everything ON safety_probe_open FOR SELECT TO marketflow_reader USING (true);
                        CREATE TABLE safety_probe_secrets (secret TEXT);
                        GRANT SELECT ON safety_probe_secrets TO marketflow_reader;
                        CREATE MATERIALIZED VIEW safety_probe_snapshot AS SELECT tenant_id FROM market_counts;
                        CREATE VIEW safety_probe_counts AS SELECT tenant_id, name FROM market_counts;
                        GRANT SELECT ON safety_probe_counts TO marketflow_reader;
                        CREATE VIEW safety_probe_invoker WITH (security_invoker = true) AS
                            SELECT tenant_id FROM market_counts;
                        CREATE VIEW safety_probe_outer AS SELECT tenant_id FROM safety_probe_invoker;
                        CREATE FUNCTION safety_probe_equal(text, text) RETURNS boolean
                            LANGUAGE sql IMMUTABLE LEAKPROOF AS 'SELECT $1 = $2';
                        CREATE FUNCTION safety_probe_peek() RETURNS bigint
                            LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM market_counts';
                        CREATE SCHEMA safety_probe_owned AUTHORIZATION marketflow_reader;
                        """);
            }
            try {
                CatalogChecks checks = new CatalogChecks(connection);

                assertThat(checks.tenantDataWithoutRowLevelSecurity()).contains(
                        "safety_probe_rows: row-level security is not enabled",
                        "safety_probe_rows: row-level security is not forced",
                        "safety_probe_rows: no SELECT policy for marketflow_reader",
                        "safety_probe_rows: marketflow_reader may insert",
                        "safety_probe_child: row-level security is not enabled",
                        "safety_probe_open: policy everything of marketflow_reader does not depend on "
                                + "current_tenant_id(): true",
                        "safety_probe_snapshot: is a materialized view, which row-level security cannot protect");
                assertThat(checks.otherRelationsTheReaderCanReach())
                        .contains("safety_probe_secrets: marketflow_reader may select");
                assertThat(checks.viewsBypassingRowLevelSecurity()).containsExactlyInAnyOrder(
                        "safety_probe_counts: runs as its owner and reads market_counts, which has row-level security",
                        "safety_probe_counts: marketflow_reader may read it, and it runs as its owner",
                        "safety_probe_outer: runs as its owner and reads market_counts, which has row-level security");
                assertThat(checks.functionsThatCanLeak()).containsExactlyInAnyOrder(
                        "safety_probe_equal(text,text): is LEAKPROOF",
                        "safety_probe_peek(): is SECURITY DEFINER and marketflow_reader may execute it");
                assertThat(checks.constraintsSpanningTenants()).containsExactlyInAnyOrder(
                        "safety_probe_rows: constraint safety_probe_rows_code_key on (code) spans tenants: "
                                + "it neither includes tenant_id nor is one uuid column",
                        "safety_probe_rows: foreign key safety_probe_child_parent_code_fkey of safety_probe_child "
                                + "on (code) spans tenants: it neither includes tenant_id nor is one uuid column",
                        "safety_probe_child: foreign key safety_probe_child_parent_code_fkey on (parent_code) "
                                + "spans tenants: it neither includes tenant_id nor is one uuid column");
                assertThat(checks.objectsOwnedByTheReader()).contains("owner of schema safety_probe_owned");
                assertThat(checks.privilegedApplicationRoles())
                        .contains("marketflow_reader: may create objects in schema safety_probe_owned");
            } finally {
                connection.rollback();
            }
        }
    }

    /** Not only the pools' connections: a session any other way as a role has its timeouts from the role. */
    @Test
    void everySessionAsARoleHasItsTimeoutsOutsideThePoolsToo() throws SQLException {
        RoleCredentials command = new DatabaseProvisioner(admin).provision(EnumSet.of(DatabaseRole.COMMAND))
                .get(DatabaseRole.COMMAND);
        Map<String, String> settings = new LinkedHashMap<>();
        for (RoleCredentials role : List.of(command, database.credentials(DatabaseRole.PROJECTOR),
                database.credentials(DatabaseRole.READER))) {
            try (Connection connection = login(role);
                 var statement = connection.createStatement();
                 var result = statement.executeQuery("""
                         SELECT current_setting('statement_timeout'),
                                current_setting('idle_in_transaction_session_timeout'),
                                current_setting('transaction_timeout', true)""")) {
                result.next();
                settings.put(role.user(), result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
            }
        }

        // the embedded server is PostgreSQL 17, which has transaction_timeout: only appends need it bounded
        assertThat(settings).containsExactly(
                Map.entry("marketflow_command", "10s 20s 30s"),
                Map.entry("marketflow_projector", "10s 20s 0"),
                Map.entry("marketflow_reader", "10s 20s 0"));
    }

    @Test
    void theEventTableIsAppendOnlyForEveryRoleThatReachesIt() throws SQLException {
        RoleCredentials command = new DatabaseProvisioner(admin).provision(EnumSet.of(DatabaseRole.COMMAND))
                .get(DatabaseRole.COMMAND);
        Map<String, String> outcomes = new LinkedHashMap<>();

        try (Connection connection = login(command)) {
            connection.setAutoCommit(false);
            try {
                // an event of its own first, so that every refused statement would have had a row to change
                try (PreparedStatement append = connection.prepareStatement("""
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                        payload, payload_type, time_stamp)
                        VALUES (?, 0, 'SafetyProbe', ?, ?, 'probe', '2026-01-01T00:00:00Z')""")) {
                    append.setString(1, UUID.randomUUID().toString());
                    append.setString(2, UUID.randomUUID().toString());
                    append.setBytes(3, new byte[] {1});
                    assertThat(append.executeUpdate()).isEqualTo(1);
                }
                outcomes.put("command UPDATE", outcome(connection, "UPDATE domain_event_entry SET payload_type = 'x'"));
                outcomes.put("command DELETE", outcome(connection, "DELETE FROM domain_event_entry"));
                outcomes.put("command TRUNCATE", outcome(connection, "TRUNCATE domain_event_entry"));
            } finally {
                connection.rollback();
            }
        }
        try (Connection connection = login(database.credentials(DatabaseRole.PROJECTOR))) {
            connection.setAutoCommit(false);
            try {
                outcomes.put("projector UPDATE",
                        outcome(connection, "UPDATE domain_event_entry SET payload_type = 'x'"));
                outcomes.put("projector DELETE", outcome(connection, "DELETE FROM domain_event_entry"));
                outcomes.put("projector TRUNCATE", outcome(connection, "TRUNCATE domain_event_entry"));
                outcomes.put("projector INSERT", outcome(connection, """
                        INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, event_identifier,
                                                        payload, payload_type, time_stamp)
                        VALUES ('forged', 0, 'forged', '\\x01', 'forged', '2026-01-01T00:00:00Z')"""));
            } finally {
                connection.rollback();
            }
        }
        // not even the owner rewrites history by mistake: the trigger refuses it too
        try (Connection connection = asAdmin()) {
            connection.setAutoCommit(false);
            try {
                outcomes.put("owner UPDATE", outcome(connection, "UPDATE domain_event_entry SET payload_type = 'x'"));
                outcomes.put("owner DELETE", outcome(connection, "DELETE FROM domain_event_entry"));
                outcomes.put("owner TRUNCATE", outcome(connection, "TRUNCATE domain_event_entry"));
            } finally {
                connection.rollback();
            }
        }

        Map<String, String> allRefused = new LinkedHashMap<>();
        outcomes.keySet().forEach(statement -> allRefused.put(statement, REFUSED));
        assertThat(outcomes).isEqualTo(allRefused);
    }

    /** The SQLSTATE {@code sql} failed with, or "executed"; the transaction goes on either way. */
    private static String outcome(Connection connection, String sql) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.rollback(before);
            return "executed";
        } catch (SQLException e) {
            connection.rollback(before);
            return e.getSQLState();
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private Connection asAdmin() throws SQLException {
        return DriverManager.getConnection(admin.url(), admin.user(), admin.password());
    }

    private static Connection login(RoleCredentials credentials) throws SQLException {
        Connection connection = DriverManager.getConnection(credentials.url(), credentials.user(),
                credentials.password());
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT current_user")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo(credentials.user());
        }
        return connection;
    }
}
