package io.marketflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A REST client of the running system, as an outside client would be: plain HTTP with bearer tokens. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningSystem system;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(RunningSystem system) {
        this.system = system;
    }

    /** An answer: status, headers and body, with the body parsed when it is JSON. */
    public record Reply(int status, HttpResponse<String> response) {

        /** The request this answers, e.g. {@code POST http://localhost:1234/api/markets}, for assertion messages. */
        public String request() {
            return response.request().method() + " " + response.request().uri();
        }

        @Override
        public String toString() {
            return request() + " -> " + status + " " + response.headers().map() + " " + response.body();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + response.body(), e);
            }
        }

        public UUID id() {
            return UUID.fromString(json().get("id").asText());
        }
    }

    // ---- tokens ----

    public String organizer(String subject) {
        return system.issuer().mint(subject, List.of("organizer"));
    }

    public String vendor(String subject) {
        return system.issuer().mint(subject, List.of("vendor"));
    }

    public String auditor(String subject, String auditTenant) {
        return system.issuer().mint(subject, List.of("auditor"), auditTenant, Duration.ofHours(1));
    }

    /** A valid token for {@code subject} with exactly {@code roles} (which may be empty or unknown ones). */
    public String token(String subject, List<String> roles) {
        return system.issuer().mint(subject, roles);
    }

    /** A fresh subject, so that tests sharing the running system never see each other's data. */
    public static String someone(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // ---- the command side ----

    public UUID createMarket(String organizerToken, String name) {
        Reply reply = command("POST", "/api/markets", organizerToken,
                "{\"name\": \"" + name + "\", \"location\": \"Town square\"}");
        requireStatus(reply, 201);
        return reply.id();
    }

    public void saveVendorProfile(String vendorToken, String businessName) {
        Reply reply = command("PUT", "/api/vendors/me", vendorToken,
                "{\"businessName\": \"" + businessName + "\", \"category\": \"bread\"}");
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("saving a vendor profile answered " + reply.status() + ": " + reply.body());
        }
    }

    public UUID apply(String vendorToken, UUID marketId) {
        Reply reply = command("POST", "/api/markets/" + marketId + "/applications", vendorToken,
                "{\"note\": \"fresh bread every week\"}");
        requireStatus(reply, 201);
        return reply.id();
    }

    public Reply decide(String organizerToken, UUID marketId, UUID applicationId, String status) {
        return command("PATCH", "/api/markets/" + marketId + "/applications/" + applicationId, organizerToken,
                "{\"status\": \"" + status + "\", \"reason\": \"decided\"}");
    }

    public void closeMarket(String organizerToken, UUID marketId) {
        requireStatus(command("POST", "/api/markets/" + marketId + "/close", organizerToken, null), 204);
    }

    public Reply command(String method, String path, String token, String jsonBody) {
        return send(system.commandSide(), method, path, token, jsonBody);
    }

    // ---- the query side ----

    public Reply query(String path, String token) {
        return send(system.querySide(), "GET", path, token, null);
    }

    /** The two sides, for tables of requests that name the side they go to. */
    public enum Side { COMMAND, QUERY }

    /** Sends a request to {@code side}; {@code token} and {@code jsonBody} may be null. */
    public Reply send(Side side, String method, String path, String token, String jsonBody) {
        return send(side == Side.COMMAND ? system.commandSide() : system.querySide(), method, path, token, jsonBody);
    }

    /** Sends any request to {@code baseUrl}; {@code token} and {@code jsonBody} may be null. */
    public Reply send(String baseUrl, String method, String path, String token, String jsonBody) {
        return send(baseUrl, method, path, token, jsonBody, Map.of());
    }

    /** Sends any request to {@code baseUrl} with more {@code headers}; {@code token} and {@code jsonBody} may be null. */
    public Reply send(String baseUrl, String method, String path, String token, String jsonBody,
                      Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireStatus(Reply reply, int expected) {
        if (reply.status() != expected) {
            throw new AssertionError("expected " + expected + " but got " + reply.status() + ": " + reply.body());
        }
    }
}
