package io.marketflow.db;

import java.util.Objects;

/**
 * The administrative connection given in {@code MARKETFLOW_DB_*}: used at start-up to migrate and provision roles,
 * never to serve requests.
 *
 * @param url      JDBC URL of the database
 * @param user     an administrative role of that database
 * @param password its password, empty when the server trusts the connection
 */
public record AdminConnection(String url, String user, String password) {
    public AdminConnection {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_DB_URL is not set: give the JDBC URL of a PostgreSQL database");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_DB_USER is not set: give an administrative role of the database");
        }
        password = Objects.requireNonNullElse(password, "");
    }

    @Override
    public String toString() {
        return "AdminConnection[url=" + url + ", user=" + user + "]";
    }
}
