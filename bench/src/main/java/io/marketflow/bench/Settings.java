package io.marketflow.bench;

import java.time.Duration;

/**
 * How big and how long: the full run, {@code --quick} (the same scenarios, smaller and shorter), and the smoke run
 * the build uses to keep the benchmark working (seconds, figures meaningless).
 */
record Settings(String mode, Duration warmUp, Duration measured, int clients, int organizers, int marketsEach,
                int applications, int listRows, int listMarketRows, int rebuildEvents, int submissionMarketsEach) {

    static Settings full() {
        return new Settings("full", Duration.ofSeconds(10), Duration.ofSeconds(30), 32, 50, 20, 60_000,
                1_000_000, 10_000, 1_000_000, 40);
    }

    static Settings quick() {
        return new Settings("quick", Duration.ofSeconds(10), Duration.ofSeconds(10), 32, 20, 10, 20_000,
                200_000, 10_000, 100_000, 40);
    }

    static Settings smoke() {
        return new Settings("smoke", Duration.ofMillis(500), Duration.ofSeconds(1), 4, 2, 2, 200,
                2_000, 500, 2_000, 10);
    }
}
