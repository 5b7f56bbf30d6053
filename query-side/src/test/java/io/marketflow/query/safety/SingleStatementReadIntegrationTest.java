package io.marketflow.query.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.query.ReadModelDatabase;
import io.marketflow.query.TestTenants;
import io.marketflow.query.tenancy.TenantReads;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A handler's single statement, sent with the tenant's setting in one round trip: it sees the tenant's rows, runs
 * read-only though no client flag said so, and is one statement or nothing.
 */
class SingleStatementReadIntegrationTest {

    private static final String READ_ONLY_TRANSACTION = "25006";

    private final ReadModelDatabase database = ReadModelDatabase.get();
    private final TenantReads reads = database.reads();
    private final VerifiedTenant tenant = TestTenants.organizer("one-statement-" + UUID.randomUUID());
    private final UUID market = UUID.randomUUID();

    @BeforeEach
    void oneMarketOfTheTenants() {
        database.project(() -> database.projector().sql("""
                        INSERT INTO market_counts
                            (market_id, tenant_id, name, location, open, created_at, last_sequence)
                        VALUES (?, ?, 'Single Market', 'One Lane', true, ?, 0)""")
                .params(market, tenant.id().value(), Timestamp.from(Instant.now()))
                .update());
    }

    @AfterEach
    void removeIt() {
        database.project(() -> database.projector().sql("DELETE FROM market_counts WHERE market_id = ?")
                .param(market).update());
    }

    @Test
    void seesTheTenantsRowsWithTheTenantSetInItsOwnTransactionOnly() {
        Map<String, Object> seen = reads.list(tenant, """
                        SELECT current_setting('app.tenant_id') AS tenant,
                               current_setting('transaction_read_only') AS ro,
                               (SELECT count(*) FROM market_counts) AS visible""", Map.of(),
                (row, n) -> Map.<String, Object>of("tenant", row.getString("tenant"), "ro", row.getString("ro"),
                        "visible", row.getLong("visible"))).get(0);

        assertThat(seen).containsEntry("tenant", tenant.id().value()).containsEntry("ro", "on")
                .containsEntry("visible", 1L);
        assertThat(reads.optional(tenant, "SELECT name FROM market_counts WHERE market_id = :market",
                Map.of("market", market), (row, n) -> row.getString(1))).contains("Single Market");
        assertThat(reads.optional(TestTenants.organizer("someone-else-" + UUID.randomUUID()),
                "SELECT name FROM market_counts WHERE market_id = :market", Map.of("market", market),
                (row, n) -> row.getString(1))).isEmpty();
    }

    @Test
    void aWriteIsRefusedAsInAReadOnlyTransactionAndChangesNothing() {
        assertThatThrownBy(() -> reads.list(tenant, """
                        WITH gone AS (DELETE FROM market_counts WHERE market_id = :market RETURNING 1)
                        SELECT count(*) FROM gone""", Map.of("market", market), (row, n) -> row.getLong(1)))
                .isInstanceOf(DataAccessException.class)
                .satisfies(refused -> assertThat(sqlState(refused)).isEqualTo(READ_ONLY_TRANSACTION));

        assertThat(reads.list(tenant, "SELECT count(*) FROM market_counts", Map.of(), (row, n) -> row.getLong(1)))
                .containsExactly(1L);
    }

    @Test
    void moreThanOneStatementIsRefused() {
        assertThatThrownBy(() -> reads.list(tenant, "SELECT 1; SELECT 2", Map.of(), (row, n) -> row.getInt(1)))
                .isInstanceOf(InvalidDataAccessApiUsageException.class)
                .hasMessageContaining("one SELECT");
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
