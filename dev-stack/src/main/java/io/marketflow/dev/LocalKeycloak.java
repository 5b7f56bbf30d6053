package io.marketflow.dev;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Keycloak run from its distribution as a process of its own, with the realm of
 * {@code keycloak/marketflow-realm.json} imported at every start into an in-memory database: every run begins with the
 * same clients, users and ids, and leaves nothing behind. For the local run ({@code --idp keycloak}) and the system
 * tests. The build unpacks the distribution from Maven Central into {@code dev-stack/target/keycloak}.
 */
public final class LocalKeycloak implements AutoCloseable {

    /** The Maven call, from the repository's root, that fetches and unpacks the distribution on its own. */
    public static final String UNPACK_COMMAND = "./mvnw -q -pl dev-stack dependency:unpack@keycloak";
    public static final String REALM = "marketflow";
    /** The realm's client for scripts and tests: direct access grants, tokens for Marketflow. */
    public static final String CLI_CLIENT = "marketflow-cli";
    /** A client of the same realm whose tokens are not for Marketflow: no {@code marketflow} in {@code aud}. */
    public static final String OTHER_CLIENT = "other-app";
    /** Where Keycloak puts realm roles: give it to the sides as {@code MARKETFLOW_JWT_ROLES_CLAIM}. */
    public static final String ROLES_CLAIM = "realm_access.roles";
    /** The bootstrap administrator of the master realm, for the admin console and the admin API. */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /**
     * A user of the realm export, with a fixed id (the {@code sub} of their tokens) and their user name as password.
     *
     * @param auditTenant for an auditor, the organizer id in their {@code audit_tenant}; else null
     */
    public record DemoUser(String username, String id, String role, String auditTenant) {

        public String password() {
            return username;
        }
    }

    public static final DemoUser OLGA = new DemoUser("olga", "a1000000-0000-4000-8000-000000000001", "organizer", null);
    public static final DemoUser OSCAR = new DemoUser("oscar", "a1000000-0000-4000-8000-000000000002", "organizer", null);
    public static final DemoUser VICTOR = new DemoUser("victor", "b2000000-0000-4000-8000-000000000001", "vendor", null);
    public static final DemoUser VERA = new DemoUser("vera", "b2000000-0000-4000-8000-000000000002", "vendor", null);
    /** Audits olga's markets. */
    public static final DemoUser ADA = new DemoUser("ada", "c3000000-0000-4000-8000-000000000001", "auditor", OLGA.id());
    public static final DemoUser ANNA = new DemoUser("anna", "d4000000-0000-4000-8000-000000000001", "admin", null);
    public static final List<DemoUser> DEMO_USERS = List.of(OLGA, OSCAR, VICTOR, VERA, ADA, ANNA);

    private static final String REALM_RESOURCE = "/keycloak/marketflow-realm.json";
    private static final String KEY_PROVIDER_TYPE = "org.keycloak.keys.KeyProvider";

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalKeycloak(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /**
     * The unpacked distribution: {@code -Dmarketflow.keycloak.home} when given, else the one the build unpacked under
     * {@code root}; fails with the command that unpacks it.
     */
    public static Path distribution(Path root) {
        String configured = System.getProperty("marketflow.keycloak.home");
        Path home = configured != null ? Path.of(configured) : unpacked(root.resolve("dev-stack/target/keycloak"));
        if (home == null || !Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution in " + (home == null
                    ? root.resolve("dev-stack/target/keycloak").toAbsolutePath() : home.toAbsolutePath())
                    + ": ./mvnw install (or verify) unpacks it, or run " + UNPACK_COMMAND + " in " + root);
        }
        return home;
    }

    /** The {@code keycloak-<version>} directory the build unpacked (the version is the pom's alone), or null. */
    private static Path unpacked(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (var entries = Files.list(directory)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("keycloak-"))
                    .filter(entry -> Files.isRegularFile(entry.resolve("bin/kc.sh")))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Like {@link #distribution(Path)}, but when the build has not unpacked it yet, runs {@link #UNPACK_COMMAND}
     * first (it downloads about 180 MB once, into the local Maven repository).
     */
    public static Path distributionFetchingIfNeeded(Path root) {
        try {
            return distribution(root);
        } catch (IllegalStateException missing) {
            if (System.getProperty("marketflow.keycloak.home") != null || !Files.isRegularFile(root.resolve("mvnw"))) {
                throw missing;
            }
        }
        System.out.println("Fetching and unpacking Keycloak (once): " + UNPACK_COMMAND);
        try {
            Process maven = new ProcessBuilder("/bin/sh", "mvnw", "-q", "-pl", "dev-stack", "dependency:unpack@keycloak")
                    .directory(root.toFile())
                    .inheritIO()
                    .start();
            if (maven.waitFor() != 0) {
                throw new IllegalStateException(UNPACK_COMMAND + " failed with " + maven.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + UNPACK_COMMAND, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking Keycloak", e);
        }
        return distribution(root);
    }

    /**
     * Starts Keycloak on {@code port} of the loopback address without waiting for it (it takes tens of seconds):
     * call {@link #awaitReady(Duration)} before asking it for tokens. Its output goes to {@code log}.
     */
    public static LocalKeycloak launch(Path home, int port, Path log) {
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = LocalKeycloak.class.getResourceAsStream(REALM_RESOURCE)) {
                if (realm == null) {
                    throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath");
                }
                Files.copy(realm, imports.resolve("marketflow-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(log.toAbsolutePath().getParent());
            String baseUrl = "http://localhost:" + port;
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    // tokens carry this issuer whichever address they were asked for at
                    "--hostname=" + baseUrl,
                    // management endpoints are off, but their port must not clash with anything that runs beside
                    "--http-management-port=" + LocalResources.freePort(),
                    // a fresh database each start: the realm is imported anew, nothing is left behind
                    "--db=dev-mem",
                    "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            return new LocalKeycloak(builder.start(), baseUrl, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Keycloak from " + home, e);
        }
    }

    /** Waits until the realm's OpenID configuration answers; fails early if Keycloak exits. */
    public void awaitReady(Duration timeout) {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            LocalResources.pause(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak did not answer within " + timeout + "; see " + log);
    }

    /** Where Keycloak answers, e.g. {@code http://localhost:8080} (the admin console is under {@code /admin}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The {@code iss} of the realm's tokens: give it to the sides as {@code MARKETFLOW_JWT_ISSUER}. */
    public String issuer() {
        return baseUrl + "/realms/" + REALM;
    }

    /** Give it to the sides as {@code MARKETFLOW_JWT_JWKS_URI}. */
    public String jwksUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    /** An access token for a user of the realm, signed in with their password through {@link #CLI_CLIENT}. */
    public String token(String username, String password) {
        return tokenFor(CLI_CLIENT, username, password);
    }

    /** An access token of {@code user}, signed in through {@link #CLI_CLIENT}. */
    public String token(DemoUser user) {
        return token(user.username(), user.password());
    }

    /** An access token for a user, signed in with their password (a direct access grant) through {@code client}. */
    public String tokenFor(String client, String username, String password) {
        return passwordGrant(tokenEndpoint(), client, username, password);
    }

    /**
     * Rotates the realm's signing key as an operator would: a new generated RS256 key, of a higher priority than
     * every key there is, signs every token from now on. The older keys stay published, so that tokens they signed
     * still verify until {@link #removeSigningKey(String)}. Answers the new key's id ({@code kid}).
     */
    public String rotateSigningKey() {
        String bearer = adminToken();
        Map<String, Object> realm = json(adminApi("GET", "/admin/realms/" + REALM, bearer, null), 200);
        long highest = signingKeys(bearer).stream()
                .mapToLong(key -> ((Number) key.getOrDefault("providerPriority", 0)).longValue())
                .max().orElse(0);
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", "rsa-rotated-" + Instant.now().toEpochMilli());
        component.put("providerId", "rsa-generated");
        component.put("providerType", KEY_PROVIDER_TYPE);
        component.put("parentId", realm.get("id"));
        component.put("config", Map.of(
                "priority", List.of(Long.toString(highest + 10)),
                "enabled", List.of("true"),
                "active", List.of("true"),
                "algorithm", List.of("RS256"),
                "keySize", List.of("2048")));
        HttpResponse<String> created = adminApi("POST", "/admin/realms/" + REALM + "/components", bearer,
                JSONObjectUtils.toJSONString(component));
        expect(created, 201);
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("no Location for the new key provider"));
        String providerId = location.substring(location.lastIndexOf('/') + 1);
        return signingKeys(bearer).stream()
                .filter(key -> providerId.equals(key.get("providerId")))
                .map(key -> (String) key.get("kid"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the new key provider " + providerId + " has no key"));
    }

    /** Removes the signing key {@code kid} (its provider) from the realm: it leaves the JWKS at once. */
    public void removeSigningKey(String kid) {
        String bearer = adminToken();
        Map<String, Object> key = signingKeys(bearer).stream()
                .filter(candidate -> kid.equals(candidate.get("kid")))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the realm has no signing key " + kid));
        expect(adminApi("DELETE", "/admin/realms/" + REALM + "/components/" + key.get("providerId"), bearer, null), 204);
    }

    /** The realm's RS256 signing keys as the admin API lists them, with their providers and priorities. */
    private List<Map<String, Object>> signingKeys(String bearer) {
        Map<String, Object> keys = json(adminApi("GET", "/admin/realms/" + REALM + "/keys", bearer, null), 200);
        List<Map<String, Object>> signing = new ArrayList<>();
        for (Object entry : (List<?>) keys.getOrDefault("keys", List.of())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) entry;
            if ("RS256".equals(key.get("algorithm")) && !"ENC".equals(key.get("use"))) {
                signing.add(key);
            }
        }
        return signing;
    }

    private String adminToken() {
        return passwordGrant(baseUrl + "/realms/master/protocol/openid-connect/token", "admin-cli",
                ADMIN_USERNAME, ADMIN_PASSWORD);
    }

    private String passwordGrant(String endpoint, String client, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", client);
        form.put("username", username);
        form.put("password", password);
        String body = form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        Object token = json(response, 200).get("access_token");
        if (!(token instanceof String accessToken)) {
            throw new IllegalStateException("no access_token from " + endpoint + ": " + response.body());
        }
        return accessToken;
    }

    private HttpResponse<String> adminApi(String method, String path, String bearer, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + bearer)
                .method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + baseUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Keycloak", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Map<String, Object> json(HttpResponse<String> response, int status) {
        expect(response, status);
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (ParseException e) {
            throw new IllegalStateException("not JSON from " + response.request().uri() + ": " + response.body(), e);
        }
    }

    /** Stops Keycloak (the start script and its JVM) gracefully, forcing it after 30 s. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!waitFor(process.toHandle(), children, Duration.ofSeconds(30))) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process.toHandle(), children, Duration.ofSeconds(10));
        }
    }

    private static boolean waitFor(ProcessHandle process, List<ProcessHandle> children, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ProcessHandle> all = new ArrayList<>(children);
        all.add(process);
        for (ProcessHandle handle : all) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            try {
                handle.onExit().get(Math.max(left, 1), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception stillRunning) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Keycloak at " + baseUrl;
    }
}
