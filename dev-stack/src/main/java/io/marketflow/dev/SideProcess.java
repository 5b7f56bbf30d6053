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

    /**
     * Starts {@code java -jar jar} with {@code environment} added to this process's own, serving on {@code port},
     * and waits until {@code /actuator/health} answers UP (on {@code MANAGEMENT_SERVER_PORT} when that is given).
     */
    public static SideProcess start(String name, Path jar, int port, Map<String, String> environment,
                                    List<String> jvmOptions, Path log, Duration startupTimeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar not found at " + jar.toAbsolutePath()
                    + ": build it first with ./mvnw -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            // with a management port of its own, actuator (health included) moves there
            int healthPort = Integer.parseInt(environment.getOrDefault("MANAGEMENT_SERVER_PORT", Integer.toString(port)));
            SideProcess side = new SideProcess(name, builder.start(), port, healthPort, log);
            side.awaitHealthy(startupTimeout);
            return side;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
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

    /** Asks the process to stop gracefully, and forces it after 30 s. */
    @Override
    public void close() {
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            kill();
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
