package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An auditor exports a market's history as NDJSON and verifies it offline with {@code tools/VerifyChain.java},
 * run by a plain JDK exactly as the README says; an edit made in the database shows in the next export.
 */
class OfflineVerificationIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void theExportVerifiesOfflineUntilSomeoneEditsTheStore() throws Exception {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        UUID market = api.createMarket(organizer, "Exported Market");
        api.saveVendorProfile(vendor, "Export Stall");
        UUID application = api.apply(vendor, market);
        assertThat(api.decide(organizer, market, application, "REJECTED").status()).isEqualTo(200);

        assertThat(verifyOffline(export(market, organizer))).isEqualTo("verified 3 events");
        HttpResponse<String> stranger = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.querySide() + "/api/audit/markets/" + market + "/events"))
                .header("Authorization", "Bearer " + api.organizer(Api.someone("organizer")))
                .header("Accept", "application/x-ndjson")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(404);

        try (Connection connection = system.connectAs(system.admin().user())) {
            try (Statement replica = connection.createStatement()) {
                replica.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement tamper = connection.prepareStatement("""
                    UPDATE domain_event_entry SET meta_data = convert_to('{}', 'UTF8')
                    WHERE aggregate_identifier = ? AND sequence_number = 2""")) {
                tamper.setString(1, market.toString());
                assertThat(tamper.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(verifyOffline(export(market, organizer))).isEqualTo("broken at sequence 2 (changed)");
    }

    private Path export(UUID market, String token) throws Exception {
        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.querySide() + "/api/audit/markets/" + market + "/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/x-ndjson")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        Path file = Files.createTempFile("history", ".ndjson");
        Files.writeString(file, export.body());
        return file;
    }

    private static String verifyOffline(Path export) throws Exception {
        Path root = Path.of(System.getProperty("marketflow.root", "..")).toAbsolutePath().normalize();
        Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "tools/VerifyChain.java", export.toString())
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
