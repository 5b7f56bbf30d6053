package io.marketflow.system;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.dev.LocalKeycloak;
import io.marketflow.dev.LocalResources;
import io.marketflow.dev.LocalStack;
import io.marketflow.dev.SideProcess;
import io.marketflow.dev.TokenIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system with a real Keycloak as its identity provider: an embedded PostgreSQL with an empty database,
 * Keycloak with the demo realm, and the two jars, each in its own process. The sides know of Keycloak only what any
 * deployment tells them: the issuer, its JWKS, and that roles are in {@code realm_access.roles}. The caller closes it.
 */
final class KeycloakSystem implements RunningSystem, AutoCloseable {

    private final LocalPostgres postgres;
    private final LocalKeycloak keycloak;
    private final SideProcess commandSide;
    private final SideProcess querySide;

    private KeycloakSystem(LocalPostgres postgres, LocalKeycloak keycloak, SideProcess commandSide,
                           SideProcess querySide) {
        this.postgres = postgres;
        this.keycloak = keycloak;
        this.commandSide = commandSide;
        this.querySide = querySide;
    }

    /** Starts everything; Keycloak starts while PostgreSQL and the sides do, which need it only for requests. */
    static KeycloakSystem start() {
        Path root = MarketflowSystem.root();
        Path logs = root.resolve("system-tests/target/process-logs/keycloak");
        LocalKeycloak keycloak = LocalKeycloak.launch(LocalKeycloak.distribution(root), LocalResources.freePort(),
                logs.resolve("keycloak.log"));
        List<AutoCloseable> started = new ArrayList<>(List.of(keycloak));
        try {
            LocalPostgres postgres = LocalPostgres.startTemporary();
            started.add(postgres);
            Map<String, String> environment = sideEnvironment(postgres.database("marketflow"), keycloak);
            Duration startup = Duration.ofMinutes(3);
            List<SideProcess> sides = SideProcess.startTogether(List.of(
                    new SideProcess.Launch("command-side", SideProcess.builtJar(root, "command-side"),
                            LocalResources.freePort(), environment, MarketflowSystem.SIDE_JVM,
                            logs.resolve("command-side.log")),
                    new SideProcess.Launch("query-side", SideProcess.builtJar(root, "query-side"),
                            LocalResources.freePort(), environment, MarketflowSystem.SIDE_JVM,
                            logs.resolve("query-side.log"))), startup);
            SideProcess commandSide = sides.get(0);
            SideProcess querySide = sides.get(1);
            started.addAll(0, sides);
            keycloak.awaitReady(Duration.ofMinutes(4));
            return new KeycloakSystem(postgres, keycloak, commandSide, querySide);
        } catch (RuntimeException e) {
            LocalResources.stopAll(started); // nothing may outlive a failed start
            throw e;
        }
    }

    /** The contract's variables pointed at Keycloak, with the settings every suite runs the sides with. */
    private static Map<String, String> sideEnvironment(AdminConnection admin, LocalKeycloak keycloak) {
        Map<String, String> environment = MarketflowSystem.withTestSettings(
                LocalStack.environment(admin, keycloak.issuer(), keycloak.jwksUri()));
        environment.put("MARKETFLOW_JWT_ROLES_CLAIM", LocalKeycloak.ROLES_CLAIM);
        return environment;
    }

    LocalKeycloak keycloak() {
        return keycloak;
    }

    /** A token of {@code user}, signed in through Keycloak with their password. */
    String token(LocalKeycloak.DemoUser user) {
        return keycloak.token(user);
    }

    /** Tokens come from Keycloak here: see {@link #token(LocalKeycloak.DemoUser)}. */
    @Override
    public TokenIssuer issuer() {
        throw new UnsupportedOperationException("this system's tokens come from Keycloak, not the development issuer");
    }

    @Override
    public String commandSide() {
        return commandSide.baseUrl();
    }

    @Override
    public String querySide() {
        return querySide.baseUrl();
    }

    /** Whether both side processes started with the system still run: none was restarted or has died. */
    boolean sidesAlive() {
        return commandSide.isAlive() && querySide.isAlive();
    }

    @Override
    public void close() {
        LocalResources.stopAll(List.of(querySide, commandSide, keycloak, postgres));
    }
}
