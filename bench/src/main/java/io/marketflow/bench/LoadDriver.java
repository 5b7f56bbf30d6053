package io.marketflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Keeps a fixed number of clients busy, each in a closed loop: it sends, waits for the answer, and sends again. Given
 * a rate, each client instead starts its operations on a fixed schedule, and latency counts from the scheduled start,
 * so that a stall is not hidden by the requests it kept from being sent. A progress line is printed every second;
 * only the measured period, after the warm-up, is recorded.
 */
final class LoadDriver {

    /** One operation by client {@code client}; false when it failed. */
    @FunctionalInterface
    interface Operation {
        boolean run(int client) throws Exception;
    }

    /**
     * What a run measured: operations per second over the measured period, their latency in microseconds, and, when
     * the driver accounted for it, the CPU time each process spent meanwhile.
     */
    record Result(long operations, long errors, double seconds, Histogram latencyMicros, CpuAccount.Snapshot cpu) {
        double perSecond() {
            return operations / seconds;
        }

        /** Milliseconds of CPU that {@code process} spent per operation. */
        double cpuMillisPerOperation(String process) {
            return cpu.millis().get(process) / operations;
        }

        /** Milliseconds of PostgreSQL's CPU that its backends serving {@code role} spent per operation. */
        double postgresMillisPerOperation(String role) {
            return cpu.postgresByRole().get(role) / operations;
        }

        /** Milliseconds of CPU that all processes together spent per operation. */
        double cpuMillisPerOperation() {
            return cpu.total() / operations;
        }

        double millis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final String name;
    private final int clients;
    private final Duration warmUp;
    private final Duration measured;
    private final CpuAccount account;

    LoadDriver(String name, int clients, Duration warmUp, Duration measured) {
        this(name, clients, warmUp, measured, null);
    }

    private LoadDriver(String name, int clients, Duration warmUp, Duration measured, CpuAccount account) {
        this.name = name;
        this.clients = clients;
        this.warmUp = warmUp;
        this.measured = measured;
        this.account = account;
    }

    /** The same driver, also reading {@code account} at the start and the end of the measured period. */
    LoadDriver accountingFor(CpuAccount account) {
        return new LoadDriver(name, clients, warmUp, measured, account);
    }

    /** As fast as the clients get answers. */
    Result closedLoop(Operation operation) throws InterruptedException {
        return run(operation, 0);
    }

    /** At {@code perSecond} operations per second in all, spread evenly over the clients. */
    Result atRate(double perSecond, Operation operation) throws InterruptedException {
        return run(operation, perSecond);
    }

    private Result run(Operation operation, double perSecond) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long intervalNanos = perSecond > 0 ? (long) (clients * 1e9 / perSecond) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long next = System.nanoTime() + (intervalNanos * client) / Math.max(clients, 1);
                while (!stop.get()) {
                    long start;
                    if (intervalNanos > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            sleepNanos(wait);
                        }
                        start = next;
                        next += intervalNanos;
                    } else {
                        start = System.nanoTime();
                    }
                    boolean ok;
                    try {
                        ok = operation.run(client);
                    } catch (Exception e) {
                        ok = false;
                    }
                    done.incrementAndGet();
                    if (measuring.get()) {
                        recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                }
            }, name + "-client-" + client);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        progress("warming up", warmUp, null, done, errors);
        recorder.reset();
        CpuAccount.Snapshot cpuBefore = account == null ? null : account.snapshot();
        measuring.set(true);
        long startedAt = System.nanoTime();
        Histogram total = new Histogram(3);
        progress("measuring", measured, recorder, done, errors, total);
        measuring.set(false);
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        CpuAccount.Snapshot cpu = account == null ? null : account.snapshot().since(cpuBefore);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        total.add(recorder.getIntervalHistogram());
        System.out.println();
        if (cpu != null) {
            System.out.println(cpuLine(cpu, total.getTotalCount()));
            System.out.println(postgresLine(cpu, total.getTotalCount()));
        }
        return new Result(total.getTotalCount(), errors.get(), seconds, total, cpu);
    }

    private String cpuLine(CpuAccount.Snapshot cpu, long operations) {
        return perOperation("CPU per operation", cpu.millis(), operations)
                + String.format(", in all %.3f ms", cpu.total() / operations);
    }

    private String postgresLine(CpuAccount.Snapshot cpu, long operations) {
        return perOperation("PostgreSQL's CPU per operation, by role", cpu.postgresByRole(), operations);
    }

    private String perOperation(String title, Map<String, Double> millisBy, long operations) {
        return CpuAccount.Snapshot.perOperation("[" + name + "] " + title, millisBy, operations);
    }

    private void progress(String phase, Duration length, Recorder recorder, AtomicLong done, AtomicLong errors,
                          Histogram... into) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long before = done.get();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long now = done.get();
            String p99 = "";
            if (recorder != null) {
                Histogram second = recorder.getIntervalHistogram();
                into[0].add(second);
                p99 = String.format("  p99 %.1f ms", second.getValueAtPercentile(99) / 1000.0);
            }
            System.out.printf("\r[%s] %s: %,d ops/s%s  errors %d      ", name, phase, now - before, p99, errors.get());
            before = now;
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
