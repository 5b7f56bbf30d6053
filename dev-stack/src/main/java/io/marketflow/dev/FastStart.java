package io.marketflow.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How a side's executable jar is run: extracted, as Spring Boot recommends for production (the application jar beside
 * its libraries, which the JVM reads directly instead of through nested jars), with a class-data-sharing archive of
 * the classes its start-up loads, made once per build of the jar by a training run that stops as soon as the
 * application context is refreshed ({@code -Dspring.context.exit=onRefresh}). A command side on this 2-core machine,
 * as its log's {@code Started CommandSideApplication ... (process running for ...)} line says: 6.5 s from the
 * executable jar, 4.3 s extracted, 2.7 s extracted with the archive; the suites start sides about forty times.
 * Whatever fails here falls back to the slower way: an archive the JVM cannot use is ignored by it, and a jar that
 * cannot be extracted runs as it is.
 */
final class FastStart {

    /** The jars whose training run failed in this JVM: not tried again on every start. */
    private static final Set<Path> UNTRAINABLE = ConcurrentHashMap.newKeySet();
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private FastStart() {
    }

    /**
     * The arguments after {@code java} that start {@code launch}: its JVM options, the archive when there is one, and
     * the extracted jar. The first call for a build of a jar extracts it and runs its training, in {@code launch}'s
     * environment (the training reaches the database, and migrates it as a start would).
     */
    static List<String> arguments(SideProcess.Launch launch) {
        Path jar = launch.jar().toAbsolutePath().normalize();
        Path home = jar.resolveSibling("fast-start").resolve(jar.getFileName().toString().replaceAll("\\.jar$", ""));
        List<String> arguments = new ArrayList<>(launch.jvmOptions());
        synchronized (LOCKS.computeIfAbsent(home, path -> new Object())) {
            Path extracted = home.resolve("app").resolve(jar.getFileName());
            Path archive = home.resolve("classes.jsa");
            String build = buildOf(jar);
            try {
                if (!build.equals(readOrEmpty(home.resolve("build")))) {
                    extract(jar, home);
                    Files.writeString(home.resolve("build"), build);
                }
            } catch (IOException | RuntimeException e) {
                arguments.add("-jar");
                arguments.add(jar.toString());
                return arguments;
            }
            if (!Files.isRegularFile(archive) && !UNTRAINABLE.contains(jar)) {
                train(launch, jar, extracted, archive, home.resolve("training.log"));
            }
            if (Files.isRegularFile(archive)) {
                arguments.add("-XX:SharedArchiveFile=" + archive);
            }
            arguments.add("-jar");
            arguments.add(extracted.toString());
            return arguments;
        }
    }

    /** What makes an extraction and its archive stale: the jar's size and time, and the JVM that runs it. */
    private static String buildOf(Path jar) {
        try {
            return Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                    + System.getProperty("java.home") + "|" + Runtime.version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void extract(Path jar, Path home) throws IOException {
        LocalResources.deleteRecursively(home);
        Files.createDirectories(home);
        int exit = run(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
                home.resolve("app").toString()), Map.of(), home.resolve("extract.log"));
        if (exit != 0) {
            throw new IllegalStateException("extracting " + jar + " failed; see " + home.resolve("extract.log"));
        }
    }

    /** Starts the side until its context is refreshed, writing the archive of what it loaded when it exits. */
    private static void train(SideProcess.Launch launch, Path jar, Path extracted, Path archive, Path log) {
        Path partial = archive.resolveSibling("classes.jsa.partial");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(launch.jvmOptions());
        command.add("-XX:ArchiveClassesAtExit=" + partial);
        command.add("-Dspring.context.exit=onRefresh");
        command.add("-jar");
        command.add(extracted.toString());
        Map<String, String> environment = new HashMap<>(launch.environment());
        environment.put("SERVER_PORT", Integer.toString(launch.port()));
        try {
            if (run(command, environment, log) == 0 && Files.isRegularFile(partial)) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // counted as untrainable below
        }
        UNTRAINABLE.add(jar);
    }

    private static int run(List<String> command, Map<String, String> environment, Path log) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            return -1;
        }
        try {
            if (process.waitFor(3, TimeUnit.MINUTES)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
