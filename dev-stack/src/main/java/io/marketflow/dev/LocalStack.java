package io.marketflow.dev;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.local.LocalPostgres;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system locally with nothing but a JDK: PostgreSQL 17 (data kept in {@code .data/postgres}, or under
 * {@code -Dmarketflow.data=<dir>}), an identity provider (the development token issuer, or with
 * {@code --idp keycloak} Keycloak with the demo realm), and both sides as their own processes, started from the jars
 * the build made. Run it from the repository's root; Ctrl-C stops everything.
 */
public final class LocalStack {

    private static final int POSTGRES_PORT = Integer.getInteger("marketflow.postgres.port", 54329);
    private static final int ISSUER_PORT = Integer.getInteger("marketflow.issuer.port", 9000);
    private static final int KEYCLOAK_PORT = Integer.getInteger("marketflow.keycloak.port", 8080);
    private static final int COMMAND_PORT = 8081;
    private static final int QUERY_PORT = 8082;

    private LocalStack() {
    }

    /** Who signs the tokens the sides accept in the local run. */
    enum IdentityProvider {
        /** The development token issuer: any subject with any roles, on request. */
        DEV,
        /** Keycloak with the demo realm: its users sign in with their passwords. */
        KEYCLOAK
    }

    /**
     * With no argument: the whole system, with the development token issuer. With {@code --idp keycloak}: the whole
     * system with Keycloak. With {@code issuer}: the token issuer alone, as a container runs it.
     */
    public static void main(String[] args) throws InterruptedException {
        try {
            if (args.length > 0 && args[0].equals("issuer")) {
                runIssuerOnly();
            } else {
                run(identityProvider(args));
            }
        } catch (RuntimeException e) {
            System.err.println("Marketflow could not start: " + e.getMessage());
            System.exit(1); // the shutdown hook stops whatever did start
        }
    }

    /** {@code --idp dev} (the default) or {@code --idp keycloak}, also written {@code --idp=keycloak}. */
    static IdentityProvider identityProvider(String[] args) {
        IdentityProvider chosen = IdentityProvider.DEV;
        for (int i = 0; i < args.length; i++) {
            String name;
            if (args[i].startsWith("--idp=")) {
                name = args[i].substring("--idp=".length());
            } else if (args[i].equals("--idp") && i + 1 < args.length) {
                name = args[++i];
            } else {
                throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "': use --idp dev or --idp keycloak");
            }
            chosen = switch (name) {
                case "dev" -> IdentityProvider.DEV;
                case "keycloak" -> IdentityProvider.KEYCLOAK;
                default -> throw new IllegalArgumentException("unknown identity provider '" + name
                        + "': use --idp dev or --idp keycloak");
            };
        }
        return chosen;
    }

    private static void run(IdentityProvider identityProvider) throws InterruptedException {
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

        Map<String, String> environment;
        String howToSignIn;
        if (identityProvider == IdentityProvider.KEYCLOAK) {
            Path home = LocalKeycloak.distributionFetchingIfNeeded(root);
            Path log = data.resolve("logs/keycloak.log");
            System.out.println("Starting Keycloak on port " + KEYCLOAK_PORT
                    + " (about a minute the first time; log in " + log + ")");
            LocalKeycloak keycloak = LocalKeycloak.launch(home, KEYCLOAK_PORT, log);
            running.add(0, keycloak);
            keycloak.awaitReady(Duration.ofMinutes(5));
            environment = new HashMap<>(environment(admin, keycloak.issuer(), keycloak.jwksUri()));
            environment.put("MARKETFLOW_JWT_ROLES_CLAIM", LocalKeycloak.ROLES_CLAIM);
            howToSignIn = keycloakInstructions(keycloak);
        } else {
            TokenIssuer issuer = TokenIssuer.start(ISSUER_PORT);
            running.add(0, issuer);
            System.out.println("Token issuer at " + issuer.issuer());
            environment = environment(admin, issuer);
            howToSignIn = issuerInstructions(issuer);
        }

        List<String> jvm = List.of("-Xmx512m");
        Duration startup = Duration.ofMinutes(3);
        System.out.println("Starting the command side on " + COMMAND_PORT + " and the query side on " + QUERY_PORT
                + " (logs in " + data.resolve("logs") + ")");
        List<SideProcess> sides = SideProcess.startTogether(List.of(
                new SideProcess.Launch("command-side", SideProcess.builtJar(root, "command-side"), COMMAND_PORT,
                        environment, jvm, data.resolve("logs/command-side.log")),
                new SideProcess.Launch("query-side", SideProcess.builtJar(root, "query-side"), QUERY_PORT,
                        environment, jvm, data.resolve("logs/query-side.log"))), startup);
        SideProcess commandSide = sides.get(0);
        SideProcess querySide = sides.get(1);
        running.addAll(0, sides);

        System.out.printf("""

                Marketflow is running.
                  command side  %s
                  query side    %s
                %sPress Ctrl-C to stop.
                %n""", commandSide.baseUrl(), querySide.baseUrl(), howToSignIn);
        stopped.await();
    }

    private static String issuerInstructions(TokenIssuer issuer) {
        return String.format("""
                  token issuer  %s   (JWKS %s)
                Get a token:
                  curl -s -X POST %s/token -d '{"sub":"olga","roles":["organizer"]}'
                """, issuer.issuer(), issuer.jwksUri(), issuer.issuer());
    }

    /** Where Keycloak is, who its demo users are, and the curl call that signs one in. */
    private static String keycloakInstructions(LocalKeycloak keycloak) {
        return String.format("""
                  Keycloak      %s   (JWKS %s)
                  admin console %s/admin   (%s / %s)
                Users, each with their user name as password: olga and oscar (organizers), victor and vera
                (vendors), ada (auditor of olga's markets), anna (admin). Get a token:
                  curl -s %s \\
                    -d grant_type=password -d client_id=%s -d username=olga -d password=olga \\
                    | sed -E 's/.*"access_token":"([^"]+)".*/\\1/'
                """, keycloak.issuer(), keycloak.jwksUri(), keycloak.baseUrl(), LocalKeycloak.ADMIN_USERNAME,
                LocalKeycloak.ADMIN_PASSWORD, keycloak.tokenEndpoint(), LocalKeycloak.CLI_CLIENT);
    }

    /** All a side is given: the environment variables of the HTTP contract, nothing more. */
    public static Map<String, String> environment(AdminConnection admin, TokenIssuer issuer) {
        return environment(admin, issuer.issuer(), issuer.jwksUri());
    }

    /** The same for any identity provider: the exact {@code iss} of its tokens and where it serves its JWKS. */
    public static Map<String, String> environment(AdminConnection admin, String issuer, String jwksUri) {
        return Map.of(
                "MARKETFLOW_DB_URL", admin.url(),
                "MARKETFLOW_DB_USER", admin.user(),
                "MARKETFLOW_DB_PASSWORD", admin.password(),
                "MARKETFLOW_JWT_ISSUER", issuer,
                "MARKETFLOW_JWT_JWKS_URI", jwksUri,
                "MARKETFLOW_JWT_AUDIENCE", TokenIssuer.AUDIENCE,
                "MARKETFLOW_KEK", localKek(admin));
    }

    /**
     * The key-encryption key of a local database: derived from its address, so that every side and every restart of
     * one local run agrees on it. Only for local runs; a real deployment gives a random one (README, "Personal data").
     */
    static String localKek(AdminConnection admin) {
        try {
            byte[] kek = MessageDigest.getInstance("SHA-256")
                    .digest(("marketflow local key-encryption key|" + admin.url()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(kek);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
