package io.marketflow.system;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.JdbcUrls;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.dev.LocalResources;
import io.marketflow.dev.SideProcess;
import io.marketflow.dev.TokenIssuer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A system to break: PostgreSQL on a fixed port with its data on disk, so that it can be stopped and started again,
 * and several instances of each side, each of which can be killed ({@code kill -9}) and started again on its port.
 * All instances share the one database and the one token issuer, as production instances would.
 */
final class FaultRig implements RunningSystem, AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(3);

    /** How one side instance is started, kept to start it again the same way. */
    private record Instance(String module, String name, int port, Path log) {

        SideProcess.Launch launch(Map<String, String> environment) {
            return new SideProcess.Launch(name, SideProcess.builtJar(MarketflowSystem.root(), module), port,
                    environment, MarketflowSystem.SIDE_JVM, log);
        }
    }

    private final Path dataDirectory;
    private final int databasePort;
    private final TokenIssuer issuer;
    private final Map<String, String> environment;
    private final List<Instance> instances = new ArrayList<>();
    private final List<SideProcess> sides = new ArrayList<>();
    private LocalPostgres postgres;
    private AdminConnection admin;

    private FaultRig(Path dataDirectory, int databasePort, LocalPostgres postgres, AdminConnection admin,
                     TokenIssuer issuer) {
        this.dataDirectory = dataDirectory;
        this.databasePort = databasePort;
        this.postgres = postgres;
        this.admin = admin;
        this.issuer = issuer;
        this.environment = MarketflowSystem.sideEnvironment(admin, issuer);
    }

    /** Starts the database, the issuer, and {@code commandSides} and {@code querySides} instances of the sides. */
    static FaultRig start(String name, int commandSides, int querySides) {
        Path root = MarketflowSystem.root().resolve("system-tests/target/fault-rig").resolve(name);
        LocalResources.deleteRecursively(root);
        int port = LocalResources.freePort();
        LocalPostgres postgres = LocalPostgres.startKeepingData(root.resolve("postgres"), port);
        TokenIssuer issuer;
        try {
            issuer = TokenIssuer.start(0);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        FaultRig rig = new FaultRig(root.resolve("postgres"), port, postgres, postgres.database("marketflow"), issuer);
        try {
            List<Instance> first = new ArrayList<>();
            for (int i = 0; i < commandSides; i++) {
                first.add(rig.instance("command-side", "command-side-" + i, root));
            }
            for (int i = 0; i < querySides; i++) {
                first.add(rig.instance("query-side", "query-side-" + i, root));
            }
            rig.startTogether(first);
            return rig;
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    /** Starts one more instance of {@code module} ({@code command-side} or {@code query-side}) named {@code name}. */
    void launch(String module, String name) {
        startTogether(List.of(instance(module, name, dataDirectory.getParent())));
    }

    private Instance instance(String module, String name, Path root) {
        return new Instance(module, name, LocalResources.freePort(), root.resolve("logs").resolve(name + ".log"));
    }

    private void startTogether(List<Instance> starting) {
        List<SideProcess> started = SideProcess.startTogether(
                starting.stream().map(instance -> instance.launch(environment)).toList(), STARTUP);
        instances.addAll(starting);
        sides.addAll(started);
    }

    @Override
    public TokenIssuer issuer() {
        return issuer;
    }

    @Override
    public String commandSide() {
        return commandSide(0);
    }

    /** The first query-side instance that is running. */
    @Override
    public String querySide() {
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).module().equals("query-side") && sides.get(i).isAlive()) {
                return sides.get(i).baseUrl();
            }
        }
        throw new IllegalStateException("no query-side instance is running");
    }

    String commandSide(int instance) {
        return side("command-side-" + instance).baseUrl();
    }

    String querySide(int instance) {
        return side("query-side-" + instance).baseUrl();
    }

    /** Ends the instance at once, as {@code kill -9} does. */
    void kill(String name) {
        side(name).kill();
    }

    /** Stops the instance gracefully. */
    void stop(String name) {
        side(name).close();
    }

    /** Starts a killed or stopped instance again, on its port, and waits until it is healthy. */
    void restart(String name) {
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).name().equals(name)) {
                sides.set(i, SideProcess.start(instances.get(i).launch(environment), STARTUP));
                return;
            }
        }
        throw new IllegalArgumentException("no instance named " + name);
    }

    /** The process id of the named instance, as the query side's segment owner names begin with it. */
    long pid(String name) {
        return side(name).pid();
    }

    boolean isAlive(String name) {
        return side(name).isAlive();
    }

    /** Stops PostgreSQL (a fast shutdown: open sessions are ended); the sides keep running. */
    void stopDatabase() {
        postgres.close();
    }

    /** Starts PostgreSQL again, on its port, with its data. */
    void startDatabase() {
        postgres = LocalPostgres.startKeepingData(dataDirectory, databasePort);
        admin = postgres.database("marketflow");
    }

    AdminConnection admin() {
        return admin;
    }

    Connection connectAs(String user) throws SQLException {
        return DriverManager.getConnection(JdbcUrls.withoutCredentials(admin.url()), user, "");
    }

    private SideProcess side(String name) {
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).name().equals(name)) {
                return sides.get(i);
            }
        }
        throw new IllegalArgumentException("no instance named " + name);
    }

    @Override
    public void close() {
        List<AutoCloseable> all = new ArrayList<>(sides);
        all.add(issuer);
        all.add(postgres);
        LocalResources.stopAll(all);
    }
}
