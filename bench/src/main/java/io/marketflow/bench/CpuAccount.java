package io.marketflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of every process a measurement involves, read from the kernel's own accounts ({@code /proc/<pid>/stat}):
 * the sides, PostgreSQL with all its backends (the postmaster's own time, the time of its children while they live,
 * and theirs once they have exited, which the kernel adds to the postmaster's), and this load driver (the JVM's own
 * process CPU time). Far less noisy than throughput on a shared machine: it says where each operation's CPU goes.
 */
final class CpuAccount {

    /**
     * CPU time by process, in milliseconds, at one instant; and PostgreSQL's again, split by the role its backends
     * serve ({@value #POSTGRESQL_OTHERS} for its own processes and for backends that have exited).
     */
    record Snapshot(Map<String, Double> millis, Map<String, Double> postgresByRole) {

        /** What each process spent from {@code earlier} to this snapshot. */
        Snapshot since(Snapshot earlier) {
            return new Snapshot(spentSince(millis, earlier.millis), spentSince(postgresByRole, earlier.postgresByRole));
        }

        private static Map<String, Double> spentSince(Map<String, Double> now, Map<String, Double> earlier) {
            Map<String, Double> spent = new LinkedHashMap<>();
            now.forEach((process, millis) -> spent.put(process, millis - earlier.getOrDefault(process, 0.0)));
            return spent;
        }

        double total() {
            return millis.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** {@code title: <process> <ms>, ...}: each process's CPU in {@code millisBy} divided by {@code operations}. */
        static String perOperation(String title, Map<String, Double> millisBy, long operations) {
            StringJoiner line = new StringJoiner(", ", title + ": ", "");
            millisBy.forEach((who, spent) -> line.add(String.format("%s %.3f ms", who, spent / operations)));
            return line.toString();
        }
    }

    static final String DRIVER = "load driver";
    static final String POSTGRESQL = "PostgreSQL";
    static final String POSTGRESQL_OTHERS = "its own processes and exited backends";

    private static final double TICK_MILLIS = 1000.0 / clockTicksPerSecond();

    private final Map<String, Long> processes;
    private final long postmaster;

    /** The processes named in {@code processes} (name to pid), PostgreSQL under {@code postmaster}, and this driver. */
    CpuAccount(Map<String, Long> processes, long postmaster) {
        this.processes = Map.copyOf(processes);
        this.postmaster = postmaster;
    }

    /** Only PostgreSQL and the driver: what a measurement of the database alone involves. */
    CpuAccount databaseOnly() {
        return new CpuAccount(Map.of(), postmaster);
    }

    Snapshot snapshot() {
        Map<String, Double> millis = new LinkedHashMap<>();
        processes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(process -> millis.put(process.getKey(), ticks(process.getValue(), false) * TICK_MILLIS));
        Map<String, Double> byRole = new LinkedHashMap<>();
        postgresTicks().forEach((role, ticks) -> byRole.put(role, ticks * TICK_MILLIS));
        millis.put(POSTGRESQL, byRole.values().stream().mapToDouble(Double::doubleValue).sum());
        millis.put(DRIVER, ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6);
        return new Snapshot(millis, byRole);
    }

    private Map<String, Long> postgresTicks() {
        Map<String, Long> byRole = new LinkedHashMap<>();
        byRole.put(POSTGRESQL_OTHERS, ticks(postmaster, true));
        try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : all) {
                long pid = Long.parseLong(process.getFileName().toString());
                String[] stat = stat(pid);
                if (stat != null && Long.parseLong(stat[3]) == postmaster) {
                    byRole.merge(roleOf(pid), Long.parseLong(stat[13]) + Long.parseLong(stat[14]), Long::sum);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return byRole;
    }

    /**
     * The role a backend serves, from the title PostgreSQL gives it ({@code postgres: <role> <database>
     * <host>(<port>) <state>}); {@value #POSTGRESQL_OTHERS} for its own processes ({@code postgres: walwriter}).
     */
    private static String roleOf(long pid) {
        try {
            String title = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').trim();
            String[] words = title.startsWith("postgres: ") ? title.substring(10).split(" ") : new String[0];
            boolean backend = words.length >= 3 && (words[2].contains("(") || words[2].equals("[local]"));
            return backend ? words[0] : POSTGRESQL_OTHERS;
        } catch (IOException | RuntimeException gone) {
            return POSTGRESQL_OTHERS;
        }
    }

    /** User and system time of {@code pid}, and of its exited children when {@code withExitedChildren}. */
    private static long ticks(long pid, boolean withExitedChildren) {
        String[] stat = stat(pid);
        if (stat == null) {
            return 0;
        }
        long ticks = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        return withExitedChildren ? ticks + Long.parseLong(stat[15]) + Long.parseLong(stat[16]) : ticks;
    }

    /** The fields of {@code /proc/<pid>/stat} (0-based, as proc(5) numbers them less one); null if it is gone. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // the command name, in parentheses, may hold spaces: the fields after it are split from its end
            int afterName = line.lastIndexOf(')');
            String[] rest = line.substring(afterName + 2).split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = line.substring(line.indexOf('(') + 1, afterName);
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields;
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(answer);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100; // what Linux uses on every architecture it runs the benchmark on
        }
    }
}
