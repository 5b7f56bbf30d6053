package io.marketflow.bench;

import java.time.Duration;

/**
 * How big and how long: the full run, {@code --quick} (the same scenarios, smaller and shorter), and the smoke run
 * the build uses to keep the benchmark working (seconds, figures meaningless).
 *
 * <p>{@code coldWarmUp} is for a scenario whose set-up never ran the path it measures (submissions, list reads): with
 * 10 s on two shared cores the JIT was still compiling in the measured window, and a submission's command-side CPU
 * read 2.7 ms in one run and 1.7 ms in the next, rising second by second; {@code warmUp} is for the later phases of a
 * scenario, whose set-up or earlier phase has run the same path already.
 */
record Settings(String mode, Duration warmUp, Duration coldWarmUp, Duration measured, int clients, int organizers,
                int marketsEach, int applications, int listRows, int listMarketRows, int rebuildEvents,
                int submissionMarketsEach) {

    static Settings full() {
        return new Settings("full", Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 32, 50, 20,
                60_000, 1_000_000, 10_000, 1_000_000, 40);
    }

    static Settings quick() {
        return new Settings("quick", Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), 32, 20, 10,
                20_000, 200_000, 10_000, 100_000, 40);
    }

    static Settings smoke() {
        return new Settings("smoke", Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1), 4, 2, 2,
                200, 2_000, 500, 2_000, 10);
    }
}
