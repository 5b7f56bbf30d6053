package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The third layer of tenancy, checked in PostgreSQL itself: connected as the roles the sides run under, with data of
 * two organizers (and their vendors) projected, the reader sees a tenant's rows only inside a transaction that set
 * that tenant, nothing otherwise, and can change nothing; the command role cannot rewrite events; no role can bypass
 * row-level security.
 */
class RowLevelSecurityIT {

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final Api api = new Api(system);

    private static final String READER = "marketflow_reader";
    private static final String COMMAND = "marketflow_command";
    private static final String PROJECTOR = "marketflow_projector";

    /** The read-model tables that carry a tenant_id. */
    private static final List<String> TENANT_TABLES =
            List.of("market_application_market", "market_application", "market_counts", "vendor_application");
    /** The directory has no owner column: it is public to every tenant, and to nobody without one. */
    private static final String DIRECTORY = "directory_market";
    private static final List<String> READ_MODEL_TABLES = List.of("market_application_market", "market_application",
            "market_counts", "vendor_application", DIRECTORY);

    private static String organizerA;
    private static String organizerB;
    private static String vendorA;
    private static String vendorB;
    private static UUID marketA;
    private static UUID marketB;
    private static UUID applicationA;
    private static UUID applicationB;
    /** Vendor A's application to organizer B's market. */
    private static UUID applicationAtB;

    @BeforeAll
    static void twoOrganizersWithVendors() {
        organizerA = Api.someone("organizer-a");
        organizerB = Api.someone("organizer-b");
        vendorA = Api.someone("vendor-a");
        vendorB = Api.someone("vendor-b");
        marketA = api.createMarket(api.organizer(organizerA), "RLS market A");
        marketB = api.createMarket(api.organizer(organizerB), "RLS market B");
        api.saveVendorProfile(api.vendor(vendorA), "RLS Vendor A");
        api.saveVendorProfile(api.vendor(vendorB), "RLS Vendor B");
        applicationA = api.apply(api.vendor(vendorA), marketA);
        applicationB = api.apply(api.vendor(vendorB), marketB);
        applicationAtB = api.apply(api.vendor(vendorA), marketB);

        // projected into every read model, as the superuser (who is not subject to row-level security) sees it
        await().atMost(Duration.ofSeconds(20)).until(() ->
                adminCount("market_application_market", "market_id", marketA, marketB) == 2
                        && adminCount("market_application", "application_id", applicationA, applicationB,
                        applicationAtB) == 3
                        && adminCount("market_counts", "market_id", marketA, marketB) == 2
                        && adminCount("vendor_application", "application_id", applicationA, applicationB,
                        applicationAtB) == 3
                        && adminCount(DIRECTORY, "market_id", marketA, marketB) == 2);
    }

    private static long adminCount(String table, String idColumn, UUID... ids) throws SQLException {
        try (Connection admin = system.connectAs(system.admin().user());
             PreparedStatement statement = admin.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE " + idColumn + " = ANY (?)")) {
            statement.setArray(1, admin.createArrayOf("uuid", ids));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    static List<String> readModelTables() {
        return READ_MODEL_TABLES;
    }

    // ---- what the reader sees ----

    @Test
    void withoutATenantTheReaderSeesNoRowsOfAnyReadModel() throws SQLException {
        try (Connection reader = connectAs(READER)) {
            for (String table : READ_MODEL_TABLES) {
                assertThat(count(reader, table)).as("rows of %s the reader sees without a tenant", table).isZero();
            }
        }
        // the control: the rows are there
        try (Connection admin = system.connectAs(system.admin().user())) {
            for (String table : READ_MODEL_TABLES) {
                assertThat(count(admin, table)).as("rows of %s", table).isPositive();
            }
        }
    }

    @Test
    void withTenantASetForItsTransactionTheReaderSeesTenantARowsOnly() throws SQLException {
        try (Connection reader = connectAs(READER)) {
            reader.setAutoCommit(false);
            setTenant(reader, organizerA);

            Map<String, List<Row>> seen = new HashMap<>();
            for (String table : TENANT_TABLES) {
                List<Row> rows = rows(reader, table);
                assertThat(rows).as("tenants of the rows of %s the reader sees for A", table)
                        .allSatisfy(row -> assertThat(row.tenant()).isEqualTo(organizerA));
                seen.put(table, rows);
            }
            assertThat(ids(seen.get("market_application_market"))).contains(marketA).doesNotContain(marketB);
            assertThat(ids(seen.get("market_counts"))).contains(marketA).doesNotContain(marketB);
            assertThat(ids(seen.get("market_application"))).contains(applicationA)
                    .doesNotContain(applicationB, applicationAtB);
            // A is an organizer: no vendor's applications are A's
            assertThat(seen.get("vendor_application")).isEmpty();
            // asking for B's rows by name changes nothing
            for (String table : TENANT_TABLES) {
                assertThat(count(reader, table + " WHERE tenant_id = '" + organizerB + "'"))
                        .as("B's rows of %s asked for by name in A's transaction", table).isZero();
            }
            // the directory is every tenant's: it shows the open markets of A and of B, and no owner
            assertThat(ids(rows(reader, DIRECTORY))).contains(marketA, marketB);
            reader.commit();

            // committed: the tenant went with the transaction, on the very same connection
            reader.setAutoCommit(true);
            assertThat(currentTenant(reader)).as("app.tenant_id after the commit").isNullOrEmpty();
            for (String table : READ_MODEL_TABLES) {
                assertThat(count(reader, table)).as("rows of %s after A's transaction committed", table).isZero();
            }
        }
    }

    @Test
    void aVendorTenantSeesItsOwnApplicationsWhateverMarketTheyAreAt() throws SQLException {
        try (Connection reader = connectAs(READER)) {
            reader.setAutoCommit(false);
            setTenant(reader, vendorA);

            List<Row> applications = rows(reader, "vendor_application");
            assertThat(applications).allSatisfy(row -> assertThat(row.tenant()).isEqualTo(vendorA));
            assertThat(ids(applications)).containsExactlyInAnyOrder(applicationA, applicationAtB);
            for (String table : List.of("market_application_market", "market_application", "market_counts")) {
                assertThat(count(reader, table)).as("rows of %s for a vendor tenant", table).isZero();
            }
            reader.rollback();

            // rolled back: no tenant either
            assertThat(currentTenant(reader)).as("app.tenant_id after the rollback").isNullOrEmpty();
            assertThat(count(reader, "vendor_application")).isZero();
            reader.commit();
        }
    }

    @Test
    void aTenantSetForOneTransactionDoesNotReachTheNext() throws SQLException {
        try (Connection reader = connectAs(READER)) {
            reader.setAutoCommit(false);
            setTenant(reader, organizerA);
            assertThat(ids(rows(reader, "market_counts"))).contains(marketA);
            reader.commit();

            setTenant(reader, organizerB);
            List<Row> rows = rows(reader, "market_counts");
            assertThat(rows).allSatisfy(row -> assertThat(row.tenant()).isEqualTo(organizerB));
            assertThat(ids(rows)).contains(marketB).doesNotContain(marketA);
            reader.commit();
        }
    }

    // ---- what the roles may not do ----

    /** An INSERT into {@code table} with values that are otherwise valid. */
    private static String insertInto(String table) {
        String id = "'" + UUID.randomUUID() + "'";
        return switch (table) {
            case "market_application_market" ->
                    "INSERT INTO market_application_market (market_id, tenant_id) VALUES (" + id + ", 'intruder')";
            case "market_application" -> "INSERT INTO market_application (application_id, market_id, tenant_id, "
                    + "vendor_id, vendor_name, status, note, submitted_at, updated_at, last_sequence) VALUES ("
                    + id + ", " + id + ", 'intruder', 'v', 'V', 'APPROVED', '', now(), now(), 0)";
            case "market_counts" -> "INSERT INTO market_counts (market_id, tenant_id, name, location, open, "
                    + "created_at, last_sequence) VALUES (" + id + ", 'intruder', 'n', 'l', true, now(), 0)";
            case "vendor_application" -> "INSERT INTO vendor_application (application_id, tenant_id, market_id, "
                    + "market_name, status, submitted_at, updated_at, last_sequence) VALUES (" + id
                    + ", 'intruder', " + id + ", 'n', 'APPROVED', now(), now(), 0)";
            case DIRECTORY -> "INSERT INTO directory_market (market_id, name, location, open, created_at, "
                    + "last_sequence) VALUES (" + id + ", 'n', 'l', true, now(), 0)";
            default -> throw new IllegalArgumentException(table);
        };
    }

    @ParameterizedTest(name = "the reader cannot write {0}")
    @MethodSource("readModelTables")
    void theReaderCannotWriteReadModels(String table) throws SQLException {
        List<String> writes = List.of(
                insertInto(table),
                table.equals("market_application_market")
                        ? "UPDATE market_application_market SET tenant_id = 'intruder'"
                        : "UPDATE " + table + " SET last_sequence = last_sequence + 1",
                "DELETE FROM " + table);
        try (Connection reader = connectAs(READER)) {
            reader.setAutoCommit(false);
            for (String write : writes) {
                // the reader's transactions are read-only by default (V15)
                assertRefusedAsTenantA(reader, write, "read-only by default", "25006");
                // a session may ask for a read-write transaction, so the grants are the barrier: in a transaction
                // of tenant A, row-level security would only hide rows (the reader has no policy for writes), so
                // an error here is the missing privilege
                execute(reader, "SET TRANSACTION READ WRITE");
                assertRefusedAsTenantA(reader, write, "in a read-write transaction", "42501");
            }
        }
    }

    @Test
    void theCommandRoleCannotUpdateOrDeleteEvents() throws SQLException {
        long events = system.eventCount();
        String aggregate = "'" + marketA + "'";
        List<String> rewrites = List.of(
                "UPDATE domain_event_entry SET payload = payload WHERE aggregate_identifier = " + aggregate,
                "UPDATE domain_event_entry SET payload_type = 'tampered' WHERE aggregate_identifier = " + aggregate,
                "DELETE FROM domain_event_entry WHERE aggregate_identifier = " + aggregate,
                "TRUNCATE domain_event_entry");
        try (Connection command = connectAs(COMMAND)) {
            // the control: it reads (and appends) events, so what follows is refused for being a rewrite
            assertThat(count(command, "domain_event_entry WHERE aggregate_identifier = " + aggregate)).isPositive();
            for (String rewrite : rewrites) {
                assertThatThrownBy(() -> execute(command, rewrite))
                        .as("as %s: %s", COMMAND, rewrite)
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).as("SQLSTATE of %s", e).isEqualTo("42501"));
            }
        }
        assertThat(system.eventCount()).isEqualTo(events);
    }

    @Test
    void noRoleOfTheSidesIsSuperuserOrBypassesRowLevelSecurity() throws SQLException {
        try (Connection admin = system.connectAs(system.admin().user());
             Statement statement = admin.createStatement();
             ResultSet roles = statement.executeQuery("SELECT rolname, rolsuper, rolbypassrls FROM pg_roles "
                     + "WHERE rolname IN ('" + COMMAND + "', '" + PROJECTOR + "', '" + READER + "')")) {
            List<String> found = new ArrayList<>();
            while (roles.next()) {
                String role = roles.getString("rolname");
                found.add(role);
                assertThat(roles.getBoolean("rolsuper")).as("%s is superuser", role).isFalse();
                assertThat(roles.getBoolean("rolbypassrls")).as("%s bypasses RLS", role).isFalse();
            }
            assertThat(found).containsExactlyInAnyOrder(COMMAND, PROJECTOR, READER);
        }
    }

    @Test
    void theReaderOwnsNothing() throws SQLException {
        try (Connection admin = system.connectAs(system.admin().user());
             Statement statement = admin.createStatement();
             ResultSet owned = statement.executeQuery("SELECT count(*) FROM pg_class "
                     + "WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = '" + READER + "')")) {
            owned.next();
            assertThat(owned.getLong(1)).isZero();
        }
    }

    @Test
    void everyReadModelTableHasRowLevelSecurityEnabledAndForced() throws SQLException {
        try (Connection admin = system.connectAs(system.admin().user());
             PreparedStatement statement = admin.prepareStatement("SELECT relname, relrowsecurity, "
                     + "relforcerowsecurity FROM pg_class WHERE relkind = 'r' "
                     + "AND relnamespace = 'public'::regnamespace AND relname = ANY (?)")) {
            statement.setArray(1, admin.createArrayOf("text", READ_MODEL_TABLES.toArray()));
            List<String> found = new ArrayList<>();
            try (ResultSet tables = statement.executeQuery()) {
                while (tables.next()) {
                    String table = tables.getString("relname");
                    found.add(table);
                    assertThat(tables.getBoolean("relrowsecurity")).as("RLS enabled on %s", table).isTrue();
                    assertThat(tables.getBoolean("relforcerowsecurity")).as("RLS forced on %s", table).isTrue();
                }
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(READ_MODEL_TABLES);
        }
    }

    /**
     * The roles above protect nothing unless the sides use them: once both have served requests, every connection
     * they hold is logged in as one of their three roles, each of which is in use, and none as the administrative
     * role they were given (a superuser, which row-level security does not apply to).
     */
    @Test
    void theSidesServeUnderTheirOwnRolesOnly() {
        // use every pool: a command, a projection, a read
        String organizer = api.organizer(Api.someone("organizer"));
        UUID market = api.createMarket(organizer, "Pool check");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.query("/api/markets/" + market, organizer).status() == 200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Long> users = new HashMap<>();
            try (Connection admin = system.connectAs(system.admin().user());
                 Statement statement = admin.createStatement();
                 ResultSet sessions = statement.executeQuery("SELECT usename, count(*) FROM pg_stat_activity "
                         + "WHERE datname = current_database() AND backend_type = 'client backend' "
                         + "AND pid <> pg_backend_pid() GROUP BY usename")) {
                while (sessions.next()) {
                    users.put(sessions.getString(1), sessions.getLong(2));
                }
            }
            assertThat(users).as("database sessions by user, other than this test's own")
                    .containsKeys(COMMAND, PROJECTOR, READER)
                    .doesNotContainKey(system.admin().user());
        });
    }

    // ---- helpers ----

    /** A connection as {@code role}, checked to be logged in as it. */
    private static Connection connectAs(String role) throws SQLException {
        Connection connection = system.connectAs(role);
        try (Statement statement = connection.createStatement();
             ResultSet user = statement.executeQuery("SELECT current_user, session_user")) {
            user.next();
            assertThat(List.of(user.getString(1), user.getString(2))).as("logged in as").containsOnly(role);
        } catch (SQLException | AssertionError e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** One read-model row: its id (the first uuid of the table's key) and its tenant. */
    private record Row(UUID id, String tenant) {
    }

    private static List<Row> rows(Connection connection, String table) throws SQLException {
        String id = switch (table) {
            case "market_application", "vendor_application" -> "application_id";
            default -> "market_id";
        };
        String tenant = table.equals(DIRECTORY) ? "NULL" : "tenant_id";
        List<Row> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + id + ", " + tenant + " FROM " + table)) {
            while (result.next()) {
                rows.add(new Row(result.getObject(1, UUID.class), result.getString(2)));
            }
        }
        return rows;
    }

    private static List<UUID> ids(List<Row> rows) {
        return rows.stream().map(Row::id).toList();
    }

    private static long count(Connection connection, String tableAndCondition) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + tableAndCondition)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** As the query side does it: for the current transaction only. */
    private static void setTenant(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant);
            statement.executeQuery().close();
        }
    }

    private static String currentTenant(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('app.tenant_id', true)")) {
            result.next();
            return result.getString(1);
        }
    }

    /** {@code write}, run as tenant A in the reader's open transaction, fails with {@code sqlState}; rolled back. */
    private void assertRefusedAsTenantA(Connection reader, String write, String how, String sqlState)
            throws SQLException {
        setTenant(reader, organizerA);
        assertThatThrownBy(() -> execute(reader, write))
                .as("as the reader, %s: %s", how, write)
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as("SQLSTATE of %s", e).isEqualTo(sqlState));
        reader.rollback();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
