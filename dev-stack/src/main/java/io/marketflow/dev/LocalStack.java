package io.marketflow.dev;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.local.LocalPostgres;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system locally with nothing but a JDK: PostgreSQL 17 (data kept in {@code .data/postgres}, or under
 * {@code -Dmarketflow.data=<dir>}), the
 * development token issuer, and both sides as their own processes, started from the jars the build made. Run it
 * from the repository's root; Ctrl-C stops everything.
 */
public final class LocalStack {

    private static final int POSTGRES_PORT = Integer.getInteger("marketflow.postgres.port", 54329);
    private static final int ISSUER_PORT = Integer.getInteger("marketflow.issuer.port", 9000);
    private static final int COMMAND_PORT = 8081;
    private static final int QUERY_PORT = 8082;

    private LocalStack() {
    }

    /** With no argument: the whole system. With {@code issuer}: the token issuer alone, as a container runs it. */
    public static void main(String[] args) throws InterruptedException {
        try {
            if (args.length > 0 && args[0].equals("issuer")) {
                runIssuerOnly();
            } else {
                run();
            }
        } catch (RuntimeException e) {
            System.err.println("Marketflow could not start: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever did start
        }
    }

    private static void run() throws InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        Path data = root.resolve(System.getProperty("marketflow.data", ".data"));
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalResources.stopAll(running);
            stopped.countDown();
        }, "marketflow-local-stop"));

        System.out.println("Starting PostgreSQL 17 on port " + POSTGRES_PORT + " (data in " + data.resolve("postgres") + ")");
        LocalPostgres postgres = LocalPostgres.startKeepingData(data.resolve("postgres"), POSTGRES_PORT);
        running.add(0, postgres);
        AdminConnection admin = postgres.database("marketflow");

        TokenIssuer issuer = TokenIssuer.start(ISSUER_PORT);
        running.add(0, issuer);
        System.out.println("Token issuer at " + issuer.issuer());

        Map<String, String> environment = environment(admin, issuer);
        List<String> jvm = List.of("-Xmx512m");
        Duration startup = Duration.ofMinutes(3);
        System.out.println("Starting the command side on " + COMMAND_PORT + " and the query side on " + QUERY_PORT
                + " (logs in " + data.resolve("logs") + ")");
        SideProcess commandSide = SideProcess.start("command-side", SideProcess.builtJar(root, "command-side"), COMMAND_PORT,
                environment, jvm, data.resolve("logs/command-side.log"), startup);
        running.add(0, commandSide);
        SideProcess querySide = SideProcess.start("query-side", SideProcess.builtJar(root, "query-side"), QUERY_PORT,
                environment, jvm, data.resolve("logs/query-side.log"), startup);
        running.add(0, querySide);

        System.out.printf("""

                Marketflow is running.
                  command side  %s
                  query side    %s
                  token issuer  %s   (JWKS %s)
                Get a token:
                  curl -s -X POST %s/token -d '{"sub":"olga","roles":["organizer"]}'
                Press Ctrl-C to stop.
                %n""", commandSide.baseUrl(), querySide.baseUrl(), issuer.issuer(), issuer.jwksUri(),
                issuer.issuer());
        stopped.await();
    }

    /** All a side is given: the environment variables of the HTTP contract, nothing more. */
    public static Map<String, String> environment(AdminConnection admin, TokenIssuer issuer) {
        return Map.of(
                "MARKETFLOW_DB_URL", admin.url(),
                "MARKETFLOW_DB_USER", admin.user(),
                "MARKETFLOW_DB_PASSWORD", admin.password(),
                "MARKETFLOW_JWT_ISSUER", issuer.issuer(),
                "MARKETFLOW_JWT_JWKS_URI", issuer.jwksUri(),
                "MARKETFLOW_JWT_AUDIENCE", TokenIssuer.AUDIENCE);
    }

    /**
     * The issuer alone, configured by {@code MARKETFLOW_ISSUER_URL} (the {@code iss} of its tokens),
     * {@code MARKETFLOW_ISSUER_BIND} (default 127.0.0.1) and {@code MARKETFLOW_ISSUER_PORT} (default 9000).
     */
    private static void runIssuerOnly() throws InterruptedException {
        String bind = System.getenv().getOrDefault("MARKETFLOW_ISSUER_BIND", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("MARKETFLOW_ISSUER_PORT", "9000"));
        TokenIssuer issuer = TokenIssuer.start(new InetSocketAddress(bind, port), System.getenv("MARKETFLOW_ISSUER_URL"));
        Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "marketflow-issuer-stop"));
        System.out.println("Token issuer " + issuer.issuer() + " listening on " + bind + ":" + port);
        new CountDownLatch(1).await();
    }
}
