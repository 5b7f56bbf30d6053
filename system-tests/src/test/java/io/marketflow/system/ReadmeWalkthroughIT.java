package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README as a newcomer follows it: the run command's launcher on its default ports, then every shell block of
 * the README, word for word, in one shell: from a token to an approved application on both read models, reading
 * one's own writes, an auditor reading the market's history, and an operator rebuilding read models and retrying
 * parked events.
 */
class ReadmeWalkthroughIT {

    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmesCommandsTakeANewcomerFromATokenToAnApprovedApplication() throws Exception {
        Path root = Path.of(System.getProperty("marketflow.root", "..")).toAbsolutePath().normalize();
        List<String> blocks = SHELL_BLOCK.matcher(Files.readString(root.resolve("README.md"))).results()
                .map(match -> match.group(1)).toList();
        assertThat(blocks).as("shell blocks in the README").hasSizeGreaterThanOrEqualTo(3);

        Path data = Files.createTempDirectory(root.resolve("system-tests/target"), "readme-data");
        Process stack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmarketflow.data=" + data, "-jar", "dev-stack/target/marketflow-dev-stack-exec.jar")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            awaitLine(stack, "Marketflow is running.", Duration.ofMinutes(4));

            String walkthrough = run(root, String.join("\n", blocks));

            assertThat(count(walkthrough, "\"status\":\"APPROVED\"")).as(walkthrough).isGreaterThanOrEqualTo(3);
            assertThat(walkthrough).contains("\"vendorName\":\"Victor Veg\"", "\"marketName\":\"Saturday Market\"",
                    "\"counts\":", "\"detail\":\"The resource does not exist, or it is not yours.\"");
            assertThat(walkthrough).contains("\"name\":\"Sunday Market\"");
            assertThat(count(walkthrough, "Idempotent-Replayed: true")).as(walkthrough).isEqualTo(1);
            assertThat(walkthrough).contains("\"type\":\"MarketCreated\"", "\"type\":\"ApplicationApproved\"",
                    "\"verified\":true", "verified 3 events");
            assertThat(walkthrough).contains("event:page", "event:end", "\"reason\":\"token-expired\"");
            assertThat(walkthrough).contains("\"state\":\"COMPLETED\"");
            assertThat(walkthrough).contains("\"group\":\"market-applications\",\"parkedSequences\":0",
                    "\"group\":\"market-applications\",\"sequencesBefore\":0", "\"stillParkedSequences\":0");
        } finally {
            stack.destroy(); // its shutdown hook stops both sides and PostgreSQL
            if (!stack.waitFor(60, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
    }

    /** Runs {@code script} with bash, as a reader pasting it would; the read models are given time to follow. */
    private static String run(Path root, String script) throws IOException, InterruptedException {
        String paced = script.replace("\n# both read models show it", "\nsleep 1\n# both read models show it");
        Process bash = new ProcessBuilder("bash", "-c", paced).directory(root.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }

    private static void awaitLine(Process process, String line, Duration timeout) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
            try {
                for (String next = output.readLine(); next != null; next = output.readLine()) {
                    if (next.contains(line)) {
                        return true;
                    }
                    if (next.contains("could not start")) {
                        throw new IllegalStateException(next);
                    }
                }
                return false;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the launcher printed " + line).isTrue();
        // keep draining, so the launcher never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (output.readLine() != null) {
                    // discarded
                }
            } catch (IOException ignored) {
                // the launcher stopped
            }
        });
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
