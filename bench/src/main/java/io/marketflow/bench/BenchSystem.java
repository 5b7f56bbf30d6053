package io.marketflow.bench;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.JdbcUrls;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.dev.LocalResources;
import io.marketflow.dev.LocalStack;
import io.marketflow.dev.SideProcess;
import io.marketflow.dev.TokenIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A fresh Marketflow for one scenario, as production runs it: an embedded PostgreSQL 17 with an empty database, the
 * token issuer, and the two jars the build made, each its own process under {@code -Xmx512m}, with their metrics on
 * a loopback management port.
 */
final class BenchSystem implements AutoCloseable {

    static final String HEAP = "-Xmx512m";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final LocalPostgres postgres;
    private final AdminConnection admin;
    private final TokenIssuer issuer;
    private SideProcess commandSide;
    private final Supplier<SideProcess> commandStarter;
    private final SideProcess querySide;
    private final int commandManagementPort;
    private final int queryManagementPort;

    private BenchSystem(LocalPostgres postgres, AdminConnection admin, TokenIssuer issuer,
                        Supplier<SideProcess> commandStarter, SideProcess commandSide,
                        int commandManagementPort, SideProcess querySide, int queryManagementPort) {
        this.commandStarter = commandStarter;
        this.postgres = postgres;
        this.admin = admin;
        this.issuer = issuer;
        this.commandSide = commandSide;
        this.commandManagementPort = commandManagementPort;
        this.querySide = querySide;
        this.queryManagementPort = queryManagementPort;
    }

    static BenchSystem start(Path root, String scenario) {
        // pg_stat_statements: what each command costs the database, in statements
        LocalPostgres postgres = LocalPostgres.startTemporary(Map.of("shared_preload_libraries", "pg_stat_statements"));
        List<AutoCloseable> started = new ArrayList<>(List.of(postgres));
        try {
            AdminConnection admin = postgres.database("marketflow");
            try (Connection connection = DriverManager.getConnection(JdbcUrls.withoutCredentials(admin.url()),
                    admin.user(), admin.password()); Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            TokenIssuer issuer = TokenIssuer.start(0);
            started.add(0, issuer);
            Map<String, String> environment = new HashMap<>(LocalStack.environment(admin, issuer));
            environment.put("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,metrics,rebuild");
            environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
            // the load comes from a few subjects; the limit is a defence, not what is measured here
            environment.put("MARKETFLOW_LIMITS_REQUESTSPERSECOND", "1000000");
            environment.put("MARKETFLOW_LIMITS_BURST", "1000000");
            Path logs = root.resolve("bench/target/process-logs").resolve(scenario);
            Files.createDirectories(logs);
            int commandManagementPort = LocalResources.freePort();
            int commandPort = LocalResources.freePort();
            SideProcess.Launch commandLaunch = new SideProcess.Launch("command-side",
                    SideProcess.builtJar(root, "command-side"), commandPort,
                    withManagementPort(environment, commandManagementPort), List.of(HEAP),
                    logs.resolve("command-side.log"));
            int queryManagementPort = LocalResources.freePort();
            SideProcess.Launch queryLaunch = new SideProcess.Launch("query-side",
                    SideProcess.builtJar(root, "query-side"), LocalResources.freePort(),
                    withManagementPort(environment, queryManagementPort), List.of(HEAP),
                    logs.resolve("query-side.log"));
            List<SideProcess> sides = SideProcess.startTogether(List.of(commandLaunch, queryLaunch), STARTUP);
            started.addAll(0, sides);
            return new BenchSystem(postgres, admin, issuer, () -> SideProcess.start(commandLaunch, STARTUP),
                    sides.get(0), commandManagementPort, sides.get(1), queryManagementPort);
        } catch (IOException | SQLException | RuntimeException e) {
            LocalResources.stopAll(started);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("could not start the benchmark's system", e);
        }
    }

    private static Map<String, String> withManagementPort(Map<String, String> environment, int port) {
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        return withPort;
    }

    /** Stops the command side and starts it again on the same ports: nothing in its memory survives. */
    void restartCommandSide() {
        commandSide.close();
        commandSide = commandStarter.get();
    }

    String commandSide() {
        return commandSide.baseUrl();
    }

    String querySide() {
        return querySide.baseUrl();
    }

    String commandActuator() {
        return "http://127.0.0.1:" + commandManagementPort + "/actuator";
    }

    String queryActuator() {
        return "http://127.0.0.1:" + queryManagementPort + "/actuator";
    }

    long commandPid() {
        return commandSide.pid();
    }

    long queryPid() {
        return querySide.pid();
    }

    /** The accounts of CPU time of both sides, PostgreSQL and this driver, as the processes are now. */
    CpuAccount cpuAccount() {
        return new CpuAccount(Map.of("command side", commandPid(), "query side", queryPid()), postmasterPid());
    }

    /** The PostgreSQL server's main process: the parent of every backend, this connection's included. */
    private long postmasterPid() {
        try (Connection connection = connectAs(admin.user()); Statement statement = connection.createStatement();
             ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            String stat = Files.readString(Path.of("/proc/" + backend.getInt(1) + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot find PostgreSQL's main process", e);
        }
    }

    /** A token for {@code subject} in {@code role}, valid longer than any scenario runs. */
    String token(String subject, String role) {
        return issuer.mint(subject, List.of(role), null, Duration.ofHours(6));
    }

    AdminConnection admin() {
        return admin;
    }

    /** A connection as {@code user}; the embedded server trusts local connections. */
    Connection connectAs(String user) throws SQLException {
        return DriverManager.getConnection(JdbcUrls.withoutCredentials(admin.url()), user, "");
    }

    @Override
    public void close() {
        LocalResources.stopAll(List.of(querySide, commandSide, issuer, postgres));
    }
}
