package io.marketflow.bench;

import java.util.List;

/** One benchmark scenario, run on a fresh system of its own. */
interface Scenario {

    String name();

    /** What it measures, in one line. */
    String description();

    /** Runs against {@code system}; answers its figures and, per latency series, its histogram. */
    Outcome run(BenchSystem system, Settings settings) throws Exception;

    /** A scenario's figures, and the latency series to draw. */
    record Outcome(List<Figure> figures, List<Series> series) {
    }

    /** A named latency distribution, in microseconds. */
    record Series(String name, org.HdrHistogram.Histogram latencyMicros) {
    }
}
