package io.marketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keeps the benchmark working: every scenario runs for a second or so on tiny data and reports each of its figures.
 * The figures themselves mean nothing at this size; the benchmark is run on purpose, not in the build.
 */
class BenchSmokeIT {

    @Test
    // it takes about 80 s; a scenario that waits forever must fail the build, not hold it
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyScenarioRunsAndReportsItsFigures() throws Exception {
        Path root = Path.of(System.getProperty("marketflow.root", "..")).toAbsolutePath().normalize();
        Path out = root.resolve("bench/target/bench-smoke");

        List<Figure> figures = Bench.run(root, Settings.smoke(), List.of(), out);

        for (Scenario scenario : Bench.SCENARIOS) {
            assertThat(figures).as("figures of %s", scenario.name())
                    .anyMatch(figure -> figure.scenario().equals(scenario.name()));
        }
        assertThat(figures).allSatisfy(figure -> assertThat(Double.isNaN(figure.value()) && !figure.unit()
                .equals("MB")).as("%s", figure).isFalse());
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"cores\"", "\"figures\"");
        assertThat(out.resolve("commands-latency.svg")).exists();
    }
}
