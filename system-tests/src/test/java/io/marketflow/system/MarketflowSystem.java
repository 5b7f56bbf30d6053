package io.marketflow.system;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.JdbcUrls;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.dev.LocalStack;
import io.marketflow.dev.SideProcess;
import io.marketflow.dev.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole system as production runs it, started once per test JVM: an embedded PostgreSQL 17 with an empty
 * database, the development token issuer (its JWKS fetched by the sides over HTTP), and the two jars the build made,
 * each in its own process with nothing but the environment variables of the HTTP contract.
 */
public final class MarketflowSystem {

    private static MarketflowSystem running;

    private final LocalPostgres postgres;
    private final AdminConnection admin;
    private final TokenIssuer issuer;
    private final SideProcess commandSide;
    private final SideProcess querySide;

    private MarketflowSystem(LocalPostgres postgres, AdminConnection admin, TokenIssuer issuer,
                             SideProcess commandSide, SideProcess querySide) {
        this.postgres = postgres;
        this.admin = admin;
        this.issuer = issuer;
        this.commandSide = commandSide;
        this.querySide = querySide;
    }

    /** The one running system, started on first use and stopped when the test JVM exits. */
    public static synchronized MarketflowSystem get() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "marketflow-system-stop"));
        }
        return running;
    }

    private static MarketflowSystem start() {
        Path root = root();
        LocalPostgres postgres = LocalPostgres.startTemporary();
        AdminConnection admin = postgres.database("marketflow");
        TokenIssuer issuer = TokenIssuer.start(0);
        Map<String, String> environment = LocalStack.environment(admin, issuer);
        List<String> jvm = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");
        Path logs = root.resolve("system-tests/target/process-logs");
        Duration startup = Duration.ofMinutes(3);
        SideProcess commandSide = SideProcess.start("command-side", SideProcess.builtJar(root, "command-side"), freePort(),
                environment, jvm, logs.resolve("command-side.log"), startup);
        SideProcess querySide = SideProcess.start("query-side", SideProcess.builtJar(root, "query-side"), freePort(),
                environment, jvm, logs.resolve("query-side.log"), startup);
        return new MarketflowSystem(postgres, admin, issuer, commandSide, querySide);
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    public String commandSide() {
        return commandSide.baseUrl();
    }

    public String querySide() {
        return querySide.baseUrl();
    }

    /** The superuser connection: for checks from outside the application, never for the application itself. */
    public AdminConnection admin() {
        return admin;
    }

    /** A new connection logged in as {@code user}; the embedded server trusts local connections. */
    public Connection connectAs(String user) throws SQLException {
        return DriverManager.getConnection(JdbcUrls.withoutCredentials(admin.url()), user, "");
    }

    /** How many events the store holds, counted as the superuser. */
    public long eventCount() {
        try (Connection connection = connectAs(admin.user());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM domain_event_entry")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        for (AutoCloseable component : List.<AutoCloseable>of(querySide, commandSide, issuer, postgres)) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + component + ": " + e);
            }
        }
    }

    private static Path root() {
        String configured = System.getProperty("marketflow.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("command-side")) && Files.isDirectory(candidate.resolve("query-side"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
