package io.marketflow.system;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.JdbcUrls;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.dev.LocalResources;
import io.marketflow.dev.LocalStack;
import io.marketflow.dev.SideProcess;
import io.marketflow.dev.TokenIssuer;
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

/**
 * The whole system as production runs it, started once per test JVM: an embedded PostgreSQL 17 with an empty
 * database, the development token issuer (its JWKS fetched by the sides over HTTP), and the two jars the build made,
 * each in its own process with nothing but the environment variables of the HTTP contract. Most suites share one
 * ({@link #get()}); a suite whose checks span the whole database starts its own ({@link #startDedicated(String)}).
 */
public final class MarketflowSystem implements RunningSystem, AutoCloseable {

    private static MarketflowSystem running;
    private static RuntimeException failedStart;

    private final LocalPostgres postgres;
    private final AdminConnection admin;
    private final TokenIssuer issuer;
    /** How long the sides trust fetched keys here: short, so that a test can see a removed key refused. */
    public static final Duration JWKS_CACHE_TTL = Duration.ofSeconds(5);
    /** The per-subject rate limit the sides run with here. */
    public static final int RATE_LIMIT_PER_SECOND = 200;
    public static final int RATE_LIMIT_BURST = 400;

    private final SideProcess commandSide;
    private final SideProcess querySide;
    private final int commandManagementPort;
    private final int queryManagementPort;

    private MarketflowSystem(LocalPostgres postgres, AdminConnection admin, TokenIssuer issuer,
                             SideProcess commandSide, int commandManagementPort,
                             SideProcess querySide, int queryManagementPort) {
        this.postgres = postgres;
        this.admin = admin;
        this.issuer = issuer;
        this.commandSide = commandSide;
        this.commandManagementPort = commandManagementPort;
        this.querySide = querySide;
        this.queryManagementPort = queryManagementPort;
    }

    /** The one running system, started on first use and stopped when the test JVM exits. */
    public static synchronized MarketflowSystem get() {
        if (failedStart != null) {
            throw new IllegalStateException("the system failed to start for an earlier test", failedStart);
        }
        if (running == null) {
            try {
                running = start("shared");
            } catch (RuntimeException e) {
                failedStart = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(running::close, "marketflow-system-stop"));
        }
        return running;
    }

    /** A system of its own, on its own database: the caller closes it. */
    public static MarketflowSystem startDedicated(String name) {
        return start(name);
    }

    private static MarketflowSystem start(String name) {
        Path root = root();
        LocalPostgres postgres = LocalPostgres.startTemporary();
        AdminConnection admin = postgres.database("marketflow");
        TokenIssuer issuer = TokenIssuer.start(0);
        Map<String, String> environment = sideEnvironment(admin, issuer);
        int commandManagementPort = LocalResources.freePort();
        int queryManagementPort = LocalResources.freePort();
        List<String> jvm = SIDE_JVM;
        Path logs = root.resolve("system-tests/target/process-logs").resolve(name);
        Duration startup = Duration.ofMinutes(3);
        List<AutoCloseable> started = new ArrayList<>(List.of(issuer, postgres));
        try {
            List<SideProcess> sides = SideProcess.startTogether(List.of(
                    new SideProcess.Launch("command-side", SideProcess.builtJar(root, "command-side"),
                            LocalResources.freePort(), withManagementPort(environment, commandManagementPort), jvm,
                            logs.resolve("command-side.log")),
                    new SideProcess.Launch("query-side", SideProcess.builtJar(root, "query-side"),
                            LocalResources.freePort(), withManagementPort(environment, queryManagementPort), jvm,
                            logs.resolve("query-side.log"))), startup);
            return new MarketflowSystem(postgres, admin, issuer, sides.get(0), commandManagementPort, sides.get(1),
                    queryManagementPort);
        } catch (RuntimeException e) {
            LocalResources.stopAll(started); // nothing may outlive a failed start, least of all a side process
            throw e;
        }
    }

    @Override
    public TokenIssuer issuer() {
        return issuer;
    }

    @Override
    public String commandSide() {
        return commandSide.baseUrl();
    }

    @Override
    public String querySide() {
        return querySide.baseUrl();
    }

    /** The command side's actuator (mappings, metrics), on its loopback management port. */
    public String commandSideManagement() {
        return "http://localhost:" + commandManagementPort + "/actuator";
    }

    /** The query side's actuator (mappings, metrics), on its loopback management port. */
    public String querySideManagement() {
        return "http://localhost:" + queryManagementPort + "/actuator";
    }

    /** The sides' JVM options here: a small heap, and quick compilation for short test runs. */
    static final List<String> SIDE_JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    /** The environment every side gets here: the contract's variables, plus the test settings below. */
    static Map<String, String> sideEnvironment(AdminConnection admin, TokenIssuer issuer) {
        return withTestSettings(LocalStack.environment(admin, issuer));
    }

    /** {@code contract} (the contract's variables) with the settings every suite runs the sides with. */
    static Map<String, String> withTestSettings(Map<String, String> contract) {
        Map<String, String> environment = new HashMap<>(contract);
        // beyond the contract, for inspection only: actuator's mappings and metrics on a loopback management port
        environment.put("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE",
                "health,mappings,metrics,prometheus,rebuild,deadletters");
        environment.put("MARKETFLOW_JWT_JWKS_CACHE_TTL", JWKS_CACHE_TTL.toSeconds() + "s");
        // the suites call fast from few subjects; the limit itself is tested against these numbers
        environment.put("MARKETFLOW_LIMITS_REQUESTSPERSECOND", Integer.toString(RATE_LIMIT_PER_SECOND));
        environment.put("MARKETFLOW_LIMITS_BURST", Integer.toString(RATE_LIMIT_BURST));
        return environment;
    }

    static Map<String, String> withManagementPort(Map<String, String> environment, int port) {
        Map<String, String> withPort = new HashMap<>(environment);
        withPort.put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        withPort.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
        return withPort;
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

    @Override
    public void close() {
        LocalResources.stopAll(List.of(querySide, commandSide, issuer, postgres));
    }

    static Path root() {
        String configured = System.getProperty("marketflow.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path candidate = start; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("command-side")) && Files.isDirectory(candidate.resolve("query-side"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + start);
    }
}
