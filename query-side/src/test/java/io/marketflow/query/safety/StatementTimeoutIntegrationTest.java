package io.marketflow.query.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.AdminConnection;
import io.marketflow.db.DatabaseRole;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import io.marketflow.query.ReadModelDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every statement of a role pool ends on its own: a runaway query cannot hold a connection or a lock for long. */
class StatementTimeoutIntegrationTest {

    private final ReadModelDatabase database = ReadModelDatabase.get();

    @Test
    void aStatementRunningPastTheTimeoutIsCancelledByPostgres() throws SQLException {
        AdminConnection admin = database.admin();
        DatabaseProperties oneSecond = new DatabaseProperties(admin.url(), admin.user(), admin.password(), 1, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (HikariDataSource reader = RoleDataSources.pool(database.credentials(DatabaseRole.READER), oneSecond);
             Connection connection = reader.getConnection();
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();

            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(5)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
