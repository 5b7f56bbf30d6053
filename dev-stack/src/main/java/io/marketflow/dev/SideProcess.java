package io.marketflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One side of Marketflow running as its own JVM, as in production, with its output in a log file. */
public final class SideProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final int healthPort;
    private final Path log;

    private SideProcess(String name, Process process, int port, int healthPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.healthPort = healthPort;
        this.log = log;
    }

    /** How a side is started: its jar, its port, the environment added to this process's own, and where it logs. */
    public record Launch(String name, Path jar, int port, Map<String, String> environment, List<String> jvmOptions,
                         Path log) {
        public Launch {
            environment = Map.copyOf(environment);
            jvmOptions = List.copyOf(jvmOptions);
        }
    }

    /**
     * Starts {@code launch}'s jar (the fast way, {@link FastStart}) and waits until {@code /actuator/health} answers
     * UP (on {@code MANAGEMENT_SERVER_PORT} when that is given).
     */
    public static SideProcess start(Launch launch, Duration startupTimeout) {
        return startTogether(List.of(launch), startupTimeout).get(0);
    }

    /**
     * Starts every one of {@code launches} at once and waits until each is healthy, so that their start-ups overlap
     * (Flyway's lock on the schema lets the first migrate it and the others find it done); if one does not become
     * healthy, none is left running.
     */
    public static List<SideProcess> startTogether(List<Launch> launches, Duration startupTimeout) {
        for (Launch launch : launches) {
            if (!Files.isRegularFile(launch.jar())) {
                throw new IllegalStateException(launch.name() + " jar not found at " + launch.jar().toAbsolutePath()
                        + ": build it first with ./mvnw -DskipTests package");
            }
        }
        // each side's first start of a build extracts its jar and trains its archive: all of them at once
        List<CompletableFuture<List<String>>> arguments = launches.stream()
                .map(launch -> CompletableFuture.supplyAsync(() -> FastStart.arguments(launch),
                        task -> new Thread(task, "fast-start-" + launch.name()).start()))
                .toList();
        List<SideProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < launches.size(); i++) {
                started.add(spawn(launches.get(i), arguments.get(i).join()));
            }
            Instant deadline = Instant.now().plus(startupTimeout);
            for (SideProcess side : started) {
                side.awaitHealthy(Duration.between(Instant.now(), deadline));
            }
            return List.copyOf(started);
        } catch (RuntimeException e) {
            closeTogether(started);
            throw e;
        }
    }

    private static SideProcess spawn(Launch launch, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(FastStart.java());
        command.addAll(arguments);
        try {
            Files.createDirectories(launch.log().toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(launch.log().toFile()));
            builder.environment().putAll(launch.environment());
            builder.environment().put("SERVER_PORT", Integer.toString(launch.port()));
            // with a management port of its own, actuator (health included) moves there
            int healthPort = Integer.parseInt(launch.environment().getOrDefault("MANAGEMENT_SERVER_PORT",
                    Integer.toString(launch.port())));
            return new SideProcess(launch.name(), builder.start(), launch.port(), healthPort, launch.log());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + launch.name(), e);
        }
    }

    /** The runnable jar the build made for {@code module}, e.g. {@code command-side/target/command-side-0.1.0.jar}. */
    public static Path builtJar(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            throw new IllegalStateException("No build of " + module + " in " + target
                    + ": run ./mvnw -DskipTests package in " + root + " first", e);
        }
        throw new IllegalStateException("No jar of " + module + " in " + target + ": run ./mvnw -DskipTests package");
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating system's id of the process. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for {@code /actuator/health} to answer 200; fails early if the process dies. */
    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + healthPort + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            LocalResources.pause(Duration.ofMillis(250));
        }
        close();
        throw new IllegalStateException(name + " did not become healthy within " + timeout + "; see " + log);
    }

    /** Ends the process at once, as {@code kill -9} would: no shutdown hooks, no graceful stop. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /**
     * Asks every one of {@code sides} to stop at once, then waits for each as {@link #close()} does: one side's
     * graceful stop never holds back the others' (nor leaves them running if the caller is cut short).
     */
    public static void closeTogether(List<SideProcess> sides) {
        sides.forEach(side -> side.process.destroy());
        sides.forEach(SideProcess::close);
    }

    /**
     * Asks the process to stop gracefully, and forces it after 30 s. One still stopping after 10 s is asked for a
     * thread dump first, which it writes to its log: what holds a graceful stop up shows there.
     */
    @Override
    public void close() {
        process.destroy();
        if (!waitFor(Duration.ofSeconds(10))) {
            dumpThreads();
            if (!waitFor(Duration.ofSeconds(20))) {
                kill();
            }
        }
    }

    private void dumpThreads() {
        System.err.println(name + " is still stopping after 10 s; its threads are dumped to " + log);
        try {
            // SIGQUIT: the JVM prints every thread's stack to its output, the log, and goes on stopping
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).inheritIO().start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException noKillCommand) {
            // not a POSIX system: the stop goes on without a dump
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
