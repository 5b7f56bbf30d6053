package io.marketflow.platform.db;

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
 * @param statementTimeout longest a statement may run before PostgreSQL cancels it
 */
@ConfigurationProperties("marketflow.db")
public record DatabaseProperties(String url, String user, String password,
                                 @DefaultValue("10") int poolSize,
                                 @DefaultValue("10s") Duration statementTimeout) {

    public AdminConnection admin() {
        return new AdminConnection(url, user, password);
    }
}
