package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus files, checked by Prometheus's own {@code promtool}: the alert rules fire (and stay quiet)
 * as their unit tests say, and the example configuration loads. Skipped, saying so, where promtool is not installed
 * (Debian's {@code prometheus} package ships it; {@code .ci/run} installs it).
 */
class OperatorFilesTest {

    private static final Path PROMETHEUS = MarketflowSystem.root().resolve("ops/prometheus");

    @BeforeAll
    static void promtoolIsInstalled() {
        boolean installed = List.of(System.getenv("PATH").split(":")).stream()
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "promtool")));
        if (!installed) {
            System.err.println("OperatorFilesTest SKIPPED: promtool is not installed (apt-get install prometheus);"
                    + " the alert rules in ops/prometheus were not tested");
        }
        assumeTrue(installed, "promtool is not installed (Debian package 'prometheus'): the alert rules were not tested");
    }

    @Test
    void theAlertRulesPassTheirUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "marketflow-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void theExampleConfigurationAndItsRulesLoad() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS: 3 rules found");
    }

    private static String promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool %s said:%n%s", command, output).isZero();
        return output;
    }
}
