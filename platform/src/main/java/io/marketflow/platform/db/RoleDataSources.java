package io.marketflow.platform.db;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.RoleCredentials;

/** Connection pools that log in as one provisioned role each. */
public final class RoleDataSources {

    private RoleDataSources() {
    }

    /** A pool for {@code credentials}; connections are opened lazily, on first use. */
    public static HikariDataSource pool(RoleCredentials credentials, DatabaseProperties properties) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName(credentials.user());
        dataSource.setJdbcUrl(credentials.url());
        dataSource.setUsername(credentials.user());
        dataSource.setPassword(credentials.password());
        dataSource.setMaximumPoolSize(properties.poolSize());
        // statements and forgotten transactions end on their own, well inside the processors' gap timeout
        long timeoutMillis = properties.statementTimeout().toMillis();
        dataSource.addDataSourceProperty("options",
                "-c statement_timeout=" + timeoutMillis + " -c idle_in_transaction_session_timeout=" + 2 * timeoutMillis);
        return dataSource;
    }
}
