package io.marketflow.persistence.db;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.RoleCredentials;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Connection pools that log in as one provisioned role each. */
public final class RoleDataSources {

    private RoleDataSources() {
    }

    /**
     * A pool for {@code credentials}, checked before it is handed out: its connections must log in as exactly that
     * role, and the role must be neither superuser nor able to bypass row-level security. A side never serves
     * under any other role.
     */
    public static HikariDataSource pool(RoleCredentials credentials, DatabaseProperties properties) {
        return pool(credentials, properties, Map.of());
    }

    /** Like {@link #pool(RoleCredentials, DatabaseProperties)}, with more PgJDBC connection properties. */
    public static HikariDataSource pool(RoleCredentials credentials, DatabaseProperties properties,
                                        Map<String, String> driverProperties) {
        HikariDataSource dataSource = unchecked(credentials, properties);
        driverProperties.forEach(dataSource::addDataSourceProperty);
        try {
            requireServesAs(dataSource, credentials.user());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    private static HikariDataSource unchecked(RoleCredentials credentials, DatabaseProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName(credentials.user());
        dataSource.setJdbcUrl(credentials.url());
        dataSource.setUsername(credentials.user());
        dataSource.setPassword(credentials.password());
        dataSource.setMaximumPoolSize(properties.poolSize());
        dataSource.setConnectionTimeout(properties.connectionTimeout().toMillis());
        // statements and forgotten transactions end on their own, well inside the processors' gap timeout
        long timeoutMillis = properties.statementTimeout().toMillis();
        // PostgreSQL's error details quote the failing row, personal fields and all: they must reach no exception
        // message, and so no log line and no parked event's cause
        dataSource.addDataSourceProperty("logServerErrorDetail", "false");
        dataSource.addDataSourceProperty("options",
                "-c statement_timeout=" + timeoutMillis + " -c idle_in_transaction_session_timeout=" + 2 * timeoutMillis);
        return dataSource;
    }

    private static void requireServesAs(HikariDataSource dataSource, String role) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT current_user, session_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            if (!result.next()) {
                throw new IllegalStateException("pool " + role + " logs in as a role pg_roles does not know");
            }
            boolean exactly = role.equals(result.getString(1)) && role.equals(result.getString(2));
            if (!exactly || result.getBoolean(3) || result.getBoolean(4)) {
                throw new IllegalStateException("refusing to serve: pool " + role + " logs in as "
                        + result.getString(2) + " (superuser " + result.getBoolean(3) + ", bypassrls "
                        + result.getBoolean(4) + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot log in as " + role, e);
        }
    }
}
