package io.marketflow.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one side while a scenario runs: its heap after every second (actuator metrics), its major collections,
 * and its peak resident set size as the kernel counts it ({@code VmHWM}).
 */
final class SideMonitor implements AutoCloseable {

    private final String actuator;
    private final long pid;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private volatile double peakHeapBytes;
    private final double majorCollectionsBefore;

    SideMonitor(String actuator, long pid) {
        this.actuator = actuator;
        this.pid = pid;
        this.majorCollectionsBefore = majorCollectionsSoFar();
        this.sampler = new Thread(() -> {
            while (running.get()) {
                peakHeapBytes = Math.max(peakHeapBytes, metric("jvm.memory.used", "area:heap", "VALUE"));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "side-monitor-" + pid);
        sampler.setDaemon(true);
        sampler.start();
    }

    double peakHeapMegabytes() {
        return peakHeapBytes / (1024 * 1024);
    }

    /** Major (old generation or full) collections since the monitor started. */
    double majorCollections() {
        return majorCollectionsSoFar() - majorCollectionsBefore;
    }

    private double majorCollectionsSoFar() {
        return metric("jvm.gc.pause", "action:end of major GC", "COUNT");
    }

    /** Process {@code pid}'s peak resident set size so far, in megabytes; NaN where the kernel does not say. */
    static double peakRssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: not reported
        }
        return Double.NaN;
    }

    private double metric(String name, String tag, String statistic) {
        Http.Answer answer = Http.send("GET", actuator + "/metrics/" + name + "?tag="
                + URLEncoder.encode(tag, StandardCharsets.UTF_8), null, null);
        if (!answer.ok()) {
            return 0; // no such collection yet
        }
        for (var measurement : answer.json().get("measurements")) {
            if (measurement.get("statistic").asText().equals(statistic)) {
                return measurement.get("value").asDouble();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        running.set(false);
        sampler.interrupt();
    }
}
