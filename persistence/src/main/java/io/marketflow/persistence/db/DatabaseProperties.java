package io.marketflow.persistence.db;

import io.marketflow.db.AdminConnection;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.db.*}: the admin connection from {@code MARKETFLOW_DB_*} and the limits of the role pools.
 *
 * @param url              JDBC URL
 * @param user             administrative role, used at start-up only
 * @param password         its password
 * @param poolSize         connections per role pool
 * @param projectorPoolSize connections of the query side's projector pool, at least one per processor thread
 * @param statementTimeout longest a statement may run before PostgreSQL cancels it
 * @param connectionTimeout longest a request waits for a pooled connection: while the database is out of reach,
 *                          requests fail this fast, with a 503
 */
@ConfigurationProperties("marketflow.db")
public record DatabaseProperties(String url, String user, String password,
                                 @DefaultValue("10") int poolSize,
                                 @DefaultValue("24") int projectorPoolSize,
                                 @DefaultValue("10s") Duration statementTimeout,
                                 @DefaultValue("2s") Duration connectionTimeout) {

    public AdminConnection admin() {
        return new AdminConnection(url, user, password);
    }
}
