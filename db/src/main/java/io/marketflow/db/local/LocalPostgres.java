package io.marketflow.db.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.marketflow.db.AdminConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL 17 server from Maven Central binaries, for local runs and tests. Needs nothing but a JDK. Whoever
 * starts one closes it.
 */
public final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** A throw-away server on a free port; its data is removed when it stops. */
    public static LocalPostgres startTemporary() {
        return start(EmbeddedPostgres.builder());
    }

    /** Like {@link #startTemporary()}, with more server settings ({@code postgresql.conf} names and values). */
    public static LocalPostgres startTemporary(Map<String, String> serverConfig) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        serverConfig.forEach(builder::setServerConfig);
        return start(builder);
    }

    /** A server whose data lives in {@code dataDirectory} and survives restarts. */
    public static LocalPostgres startKeepingData(Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port));
    }

    private static LocalPostgres start(EmbeddedPostgres.Builder builder) {
        try {
            return new LocalPostgres(builder
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // stopped by its owner, after the sides that use it: a hook of its own would stop it at exit
                    // while they still stop (the JVM runs its hooks at once), and a query side whose database is gone
                    // retries its processors until its stop times out
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "300")
                    // a commit waits for its WAL to reach the disk, as on a production server; the embedded
                    // default (off) may lose the last acknowledged writes when the server crashes
                    .setServerConfig("synchronous_commit", "on")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** Creates {@code database} unless it exists, and answers the superuser connection to it. */
    public AdminConnection database(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
        return new AdminConnection("jdbc:postgresql://localhost:" + server.getPort() + "/" + database, "postgres", "");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
