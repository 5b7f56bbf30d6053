package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.sun.net.httpserver.HttpServer;
import io.marketflow.dev.TokenIssuer;
import io.marketflow.system.HttpProbe.Exchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The JWT attack matrix of issue 3: real forged tokens through the sides' real decoders, each of which must be 401
 * on a command route and a query route, and must not cost the side a database connection (HikariCP's
 * {@code hikaricp.connections.acquire} COUNT of the side's serving pool, read from its loopback actuator, is the same
 * after the request as before). Then the controls (no {@code typ}, {@code at+jwt} accepted), and last, because it
 * rotates the issuer's key, how long a key removed from the JWKS is still accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtAttackIT {

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMAND_POOL = "marketflow_command";
    private static final String READER_POOL = "marketflow_reader";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Duration BEYOND_SKEW = CLOCK_SKEW.plusSeconds(30);
    private static final Duration KEY_REMOVAL_LIMIT = Duration.ofMinutes(5);
    private static final String MARKET_BODY = "{\"name\": \"Forged market\", \"location\": \"Nowhere\"}";

    /** The issuer's signing key, private half included: what a correctly signed token is signed with. */
    private static RSAKey issuerKey;
    private static final RSAKey ATTACKER = ForgedTokens.newRsaKey();
    private static final ECKey ATTACKER_EC = ForgedTokens.newEcKey();
    /** A server the attacker controls, serving the attacker's key for jku and x5u: it must never be asked. */
    private static HttpServer attackerServer;
    private static final AtomicInteger attackerHits = new AtomicInteger();

    /** The two routes every forgery is sent to, with the pool that serves them. */
    enum Target {
        COMMAND("POST", "/api/markets", MARKET_BODY, COMMAND_POOL),
        QUERY("GET", "/api/markets", null, READER_POOL);

        final String method;
        final String path;
        final String body;
        final String pool;

        Target(String method, String path, String body, String pool) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.pool = pool;
        }

        String baseUrl() {
            return this == COMMAND ? system.commandSide() : system.querySide();
        }

        String management() {
            return this == COMMAND ? system.commandSideManagement() : system.querySideManagement();
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + name().toLowerCase() + " side)";
        }
    }

    /** Where the token travels. */
    enum Delivery { HEADER, QUERY_STRING, FORM_BODY }

    /** One forgery: a fresh token for a fresh organizer subject per request. */
    record Forgery(String name, Delivery delivery, Function<String, String> tokenFor) {
        boolean appliesTo(Target target) {
            return delivery != Delivery.FORM_BODY || target == Target.COMMAND;
        }
    }

    @BeforeAll
    static void startTheAttackersServer() throws IOException {
        issuerKey = system.issuer().signingKey();
        attackerServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        attackerServer.createContext("/", exchange -> {
            attackerHits.incrementAndGet();
            byte[] body = new JWKSet(List.of(ATTACKER.toPublicJWK(), ATTACKER_EC.toPublicJWK())).toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        attackerServer.start();
    }

    @AfterAll
    static void stopTheAttackersServer() {
        if (attackerServer != null) {
            attackerServer.stop(0);
        }
    }

    private static String attackerUrl(String path) {
        return "http://localhost:" + attackerServer.getAddress().getPort() + path;
    }

    // ---- claims and signatures ----

    /** What the issuer would mint for {@code subject} as an organizer: valid in every claim. */
    private static JWTClaimsSet.Builder claims(String subject) {
        return system.issuer().claims(subject, List.of("organizer"), Duration.ofHours(1));
    }

    private static JWSHeader.Builder rs256(String keyId) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT);
    }

    private static RSASSASigner signer(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with the issuer's own key, under {@code header}. */
    private static String issuerSigned(JWSHeader header, JWTClaimsSet claims) {
        return ForgedTokens.sign(header, claims, signer(issuerKey));
    }

    /** A correctly signed token exactly as the issuer makes them. */
    private static String valid(String subject) {
        return issuerSigned(rs256(issuerKey.getKeyID()).build(), claims(subject).build());
    }

    private static String hs256WithSecret(String subject, byte[] secret) {
        try {
            JWSSigner mac = new MACSigner(secret);
            return ForgedTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims(subject).build(), mac);
        } catch (KeyLengthException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attackerSigned(JWSHeader header, String subject) {
        return ForgedTokens.sign(header, claims(subject).build(), signer(ATTACKER));
    }

    private static String headerJson(String alg, String typ, String kid) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (typ != null) {
            header.put("typ", typ);
        }
        if (kid != null) {
            header.put("kid", kid);
        }
        try {
            return JSON.writeValueAsString(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every forgery of the matrix: the issue's list, and the cases EndpointAccessIT has that matter most. */
    static List<Forgery> forgeries() {
        String kid = issuerKey.getKeyID();
        RSAKey publicKey = issuerKey.toPublicJWK();
        List<Forgery> forgeries = new ArrayList<>();
        // alg none
        forgeries.add(header("alg none, unsigned", s -> new PlainJWT(claims(s).build()).serialize()));
        forgeries.add(header("alg none with typ JWT and the issuer's kid", s -> ForgedTokens.raw(
                headerJson("none", "JWT", kid), claims(s).build(), "")));
        forgeries.add(header("alg none (nimbus PlainHeader typ JWT)", s -> new PlainJWT(
                new PlainHeader.Builder().type(JOSEObjectType.JWT).build(), claims(s).build()).serialize()));
        forgeries.add(header("alg None (mixed case)", s -> ForgedTokens.raw(
                headerJson("None", "JWT", kid), claims(s).build(), "")));
        forgeries.add(header("alg none keeping a valid signature of the same claims", s -> {
            JWTClaimsSet claims = claims(s).build();
            String signature = ForgedTokens.signaturePart(issuerSigned(rs256(kid).build(), claims));
            return ForgedTokens.raw(headerJson("none", "JWT", kid), claims, signature);
        }));
        // HS256 with the RSA public key as the HMAC secret
        forgeries.add(header("HS256, secret = public key DER",
                s -> hs256WithSecret(s, ForgedTokens.der(publicKey))));
        forgeries.add(header("HS256, secret = public key PEM",
                s -> hs256WithSecret(s, ForgedTokens.pem(publicKey).getBytes(StandardCharsets.US_ASCII))));
        forgeries.add(header("HS256, secret = public key PEM without the final newline",
                s -> hs256WithSecret(s, ForgedTokens.pem(publicKey).strip().getBytes(StandardCharsets.US_ASCII))));
        forgeries.add(header("HS256, secret = JWK n (base64url text)",
                s -> hs256WithSecret(s, publicKey.getModulus().toString().getBytes(StandardCharsets.US_ASCII))));
        forgeries.add(header("HS256, secret = JWK n (decoded bytes)",
                s -> hs256WithSecret(s, publicKey.getModulus().decode())));
        forgeries.add(header("HS256, secret = the public JWK as JSON",
                s -> hs256WithSecret(s, publicKey.toJSONString().getBytes(StandardCharsets.UTF_8))));
        // signatures
        forgeries.add(header("RS256 by an unknown key, its own kid",
                s -> attackerSigned(rs256(ATTACKER.getKeyID()).build(), s)));
        forgeries.add(header("RS256 by an unknown key, the issuer's kid", s -> attackerSigned(rs256(kid).build(), s)));
        forgeries.add(header("ES256 by an unknown key", s -> {
            try {
                return ForgedTokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ATTACKER_EC.getKeyID())
                        .type(JOSEObjectType.JWT).build(), claims(s).build(), new ECDSASigner(ATTACKER_EC));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }));
        forgeries.add(header("stripped signature (header.payload.)", s -> ForgedTokens.stripSignature(valid(s))));
        forgeries.add(header("altered signature (one byte flipped)", s -> ForgedTokens.flipSignatureByte(valid(s))));
        forgeries.add(header("altered payload (another sub), original signature",
                s -> ForgedTokens.replacePayload(valid(s), claims(Api.someone("victim")).build())));
        forgeries.add(header("altered payload (vendor token raised to organizer), original signature", s -> {
            JWTClaimsSet vendor = claims(s).claim("roles", List.of("vendor")).build();
            String signed = issuerSigned(rs256(kid).build(), vendor);
            return ForgedTokens.replacePayload(signed,
                    new JWTClaimsSet.Builder(vendor).claim("roles", List.of("organizer")).build());
        }));
        forgeries.add(header("RS512 with the issuer's key (algorithm not accepted)", s -> issuerSigned(
                new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims(s).build())));
        forgeries.add(header("PS256 with the issuer's key (algorithm not accepted)", s -> issuerSigned(
                new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims(s).build())));
        // claims, correctly signed
        forgeries.add(header("wrong iss", s -> issuerSigned(rs256(kid).build(),
                claims(s).issuer("https://issuer.example.org").build())));
        forgeries.add(header("missing aud", s -> issuerSigned(rs256(kid).build(),
                claims(s).audience((String) null).build())));
        forgeries.add(header("wrong aud", s -> issuerSigned(rs256(kid).build(),
                claims(s).audience("another-api").build())));
        forgeries.add(header("exp " + BEYOND_SKEW.toSeconds() + " s in the past", s -> {
            Instant now = Instant.now();
            return issuerSigned(rs256(kid).build(), claims(s)
                    .issueTime(Date.from(now.minus(Duration.ofHours(1))))
                    .notBeforeTime(Date.from(now.minus(Duration.ofHours(1))))
                    .expirationTime(Date.from(now.minus(BEYOND_SKEW))).build());
        }));
        forgeries.add(header("nbf " + BEYOND_SKEW.toSeconds() + " s in the future", s -> issuerSigned(
                rs256(kid).build(), claims(s).notBeforeTime(Date.from(Instant.now().plus(BEYOND_SKEW))).build())));
        forgeries.add(header("no exp", s -> issuerSigned(rs256(kid).build(),
                claims(s).expirationTime(null).build())));
        // keys from elsewhere
        forgeries.add(header("unknown kid, signed by the issuer's key", s -> issuerSigned(
                rs256("unknown-" + UUID.randomUUID()).build(), claims(s).build())));
        forgeries.add(header("jku to the attacker's JWKS, attacker's kid", s -> attackerSigned(
                rs256(ATTACKER.getKeyID()).jwkURL(URI.create(attackerUrl("/jwks.json"))).build(), s)));
        forgeries.add(header("jku to the attacker's JWKS, issuer's kid", s -> attackerSigned(
                rs256(kid).jwkURL(URI.create(attackerUrl("/jwks.json"))).build(), s)));
        forgeries.add(header("x5u to the attacker's server, attacker's kid", s -> attackerSigned(
                rs256(ATTACKER.getKeyID()).x509CertURL(URI.create(attackerUrl("/cert.pem"))).build(), s)));
        forgeries.add(header("x5u to the attacker's server, no kid", s -> attackerSigned(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                        .x509CertURL(URI.create(attackerUrl("/cert.pem"))).build(), s)));
        forgeries.add(header("embedded jwk of the attacker, attacker's kid", s -> attackerSigned(
                rs256(ATTACKER.getKeyID()).jwk(ATTACKER.toPublicJWK()).build(), s)));
        forgeries.add(header("embedded jwk of the attacker, no kid", s -> attackerSigned(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).jwk(ATTACKER.toPublicJWK())
                        .build(), s)));
        forgeries.add(header("embedded jwk of the attacker, issuer's kid", s -> attackerSigned(
                rs256(kid).jwk(ATTACKER.toPublicJWK()).build(), s)));
        // typ
        for (String typ : List.of("JOSE", "id_token+jwt", "JOSE+JSON", "secevent+jwt")) {
            forgeries.add(header("typ " + typ + ", signed by the issuer's key", s -> issuerSigned(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(new JOSEObjectType(typ)).build(),
                    claims(s).build())));
        }
        // a valid token, but not in the Authorization header
        forgeries.add(new Forgery("valid token in the query string (?access_token=)", Delivery.QUERY_STRING,
                JwtAttackIT::valid));
        forgeries.add(new Forgery("valid token in a form body (access_token=)", Delivery.FORM_BODY,
                JwtAttackIT::valid));
        return forgeries;
    }

    private static Forgery header(String name, Function<String, String> tokenFor) {
        return new Forgery(name, Delivery.HEADER, tokenFor);
    }

    private static Exchange send(Target target, Delivery delivery, String token, String body) {
        String url = target.baseUrl() + target.path;
        Map<String, String> json = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        return switch (delivery) {
            case HEADER -> HttpProbe.send(target.method, url, HttpProbe.bearer(token, json), body);
            case QUERY_STRING -> HttpProbe.send(target.method, url + "?access_token=" + HttpProbe.urlEncode(token),
                    json, body);
            case FORM_BODY -> HttpProbe.send("POST", url,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "access_token=" + HttpProbe.urlEncode(token));
        };
    }

    // ---- the matrix ----

    @Test
    @Order(1)
    void everyForgedTokenIs401WithoutTouchingTheDatabase() {
        List<String> accepted = new ArrayList<>();
        List<String> otherFailures = new ArrayList<>();
        int forged = 0;
        for (Forgery forgery : forgeries()) {
            for (Target target : Target.values()) {
                if (!forgery.appliesTo(target)) {
                    continue;
                }
                String token = forgery.tokenFor().apply(Api.someone("forger"));
                long events = system.eventCount();
                Exchange[] reply = new Exchange[1];
                long[] handedOut = connectionsHandedOutBy(
                        () -> reply[0] = send(target, forgery.delivery(), token, target.body));
                if (handedOut[0] != 0 || handedOut[1] != 0) {
                    // once more: a scheduled job may have taken a connection meanwhile, a request touching the
                    // database takes one every time
                    handedOut = connectionsHandedOutBy(() -> send(target, forgery.delivery(), token, target.body));
                }
                forged++;

                String what = forgery.name() + " on " + target + ": ";
                if (reply[0].status() != 401) {
                    accepted.add(what + reply[0] + "\n    token: " + token);
                    continue;
                }
                String problem = problemFailure(reply[0]);
                if (problem != null) {
                    otherFailures.add(what + problem + ": " + reply[0]);
                }
                String challenge = reply[0].header("WWW-Authenticate");
                if (challenge == null || !challenge.startsWith("Bearer")) {
                    otherFailures.add(what + "no WWW-Authenticate: Bearer: " + reply[0]);
                }
                if (handedOut[0] != 0) {
                    otherFailures.add(what + "pool " + COMMAND_POOL + " handed out " + handedOut[0] + " connections");
                }
                if (handedOut[1] != 0) {
                    otherFailures.add(what + "pool " + READER_POOL + " handed out " + handedOut[1] + " connections");
                }
                if (system.eventCount() != events) {
                    otherFailures.add(what + "events were appended");
                }
            }
        }

        System.out.println("forged tokens " + forged + ", accepted " + accepted.size());
        assertThat(accepted).as("forged tokens that were not refused with 401").isEmpty();
        assertThat(otherFailures).as("401s that were not clean").isEmpty();
        assertThat(attackerHits.get()).as("requests the sides made to the attacker's jku/x5u server").isZero();
        assertThat(forged).isGreaterThanOrEqualTo(2 * 30);
    }

    /**
     * The connections the command pool and the reader pool handed out while {@code request} ran. The command side's
     * scheduled jobs (key rewrapping, the idempotency sweep) take connections of their own now and then.
     */
    private static long[] connectionsHandedOutBy(Runnable request) {
        long command = HttpProbe.connectionsAcquired(system.commandSideManagement(), COMMAND_POOL);
        long reader = HttpProbe.connectionsAcquired(system.querySideManagement(), READER_POOL);
        request.run();
        return new long[] {
                HttpProbe.connectionsAcquired(system.commandSideManagement(), COMMAND_POOL) - command,
                HttpProbe.connectionsAcquired(system.querySideManagement(), READER_POOL) - reader};
    }

    /** Why {@code reply} is not a problem+json 401, or null when it is. */
    private static String problemFailure(Exchange reply) {
        String contentType = reply.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "not problem+json";
        }
        try {
            JsonNode problem = JSON.readTree(reply.body());
            return problem.path("status").asInt() == 401 && problem.path("type").isTextual()
                    && problem.path("title").isTextual() && problem.path("detail").isTextual()
                    ? null : "problem body lacks type/title/status 401/detail";
        } catch (IOException e) {
            return "body is not JSON";
        }
    }

    // ---- the controls: what the forgeries spoil is accepted unspoiled ----

    @Test
    @Order(2)
    void correctlySignedTokensWithoutTypOrWithAtJwtAreAccepted() {
        String kid = issuerKey.getKeyID();
        Map<String, Function<String, String>> controls = new LinkedHashMap<>();
        controls.put("no typ", s -> issuerSigned(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                claims(s).build()));
        controls.put("typ at+jwt", s -> issuerSigned(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                .type(new JOSEObjectType("at+jwt")).build(), claims(s).build()));
        controls.put("typ JWT", JwtAttackIT::valid);
        controls.put("the issuer's own mint", s -> system.issuer().mint(s, List.of("organizer")));

        controls.forEach((name, tokenFor) -> {
            for (Target target : Target.values()) {
                long acquired = HttpProbe.connectionsAcquired(target.management(), target.pool);
                Exchange reply = send(target, Delivery.HEADER, tokenFor.apply(Api.someone("control")), target.body);
                assertThat(reply.status()).as("%s on %s: %s", name, target, reply)
                        .isEqualTo(target == Target.COMMAND ? 201 : 200);
                // the control of the "no database access" check: an accepted request does show in the metric
                assertThat(HttpProbe.connectionsAcquired(target.management(), target.pool))
                        .as("connections pool %s handed out for %s on %s", target.pool, name, target)
                        .isGreaterThan(acquired);
            }
        });
    }

    // ---- key removal: last, because it rotates the issuer's key for the whole JVM ----

    /**
     * A key the issuer stops publishing must stop being accepted within {@link #KEY_REMOVAL_LIMIT}. Rotates the
     * issuer's key: tests that run after this one mint with the new key (which the sides fetch on its unknown kid);
     * no test of the suite keeps a token across tests, so none holds a token of the removed key.
     */
    @Test
    @Order(3)
    void aKeyRemovedFromTheJwksIsRefusedWithinFiveMinutes() {
        String subject = Api.someone("rotation");
        // accepted before the removal, on both sides
        assertThat(send(Target.QUERY, Delivery.HEADER, valid(subject), null).status()).isEqualTo(200);
        assertThat(acceptedByCommandSide(valid(subject))).isTrue();

        RSAKey removed = system.issuer().rotate();
        assertThat(removed.getKeyID()).isEqualTo(issuerKey.getKeyID());
        Instant rotatedAt = Instant.now();
        Instant deadline = rotatedAt.plus(KEY_REMOVAL_LIMIT);
        Duration queryAccepted = null;
        Duration commandAccepted = null;
        while ((queryAccepted == null || commandAccepted == null) && Instant.now().isBefore(deadline)) {
            if (queryAccepted == null) {
                String oldKeyToken = TokenIssuer.sign(claims(subject).build(), removed);
                int status = send(Target.QUERY, Delivery.HEADER, oldKeyToken, null).status();
                if (status == 401) {
                    queryAccepted = Duration.between(rotatedAt, Instant.now());
                } else {
                    assertThat(status).as("query side with the removed key, still accepted").isEqualTo(200);
                }
            }
            if (commandAccepted == null) {
                String oldKeyToken = TokenIssuer.sign(claims(subject).build(), removed);
                if (!acceptedByCommandSide(oldKeyToken)) {
                    commandAccepted = Duration.between(rotatedAt, Instant.now());
                }
            }
            HttpProbe.pause(Duration.ofMillis(200));
        }

        // leave the system as later tests need it: the new key accepted by both sides
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                send(Target.QUERY, Delivery.HEADER, system.issuer().mint(subject, List.of("organizer")), null)
                        .status() == 200
                        && acceptedByCommandSide(system.issuer().mint(subject, List.of("organizer"))));

        assertThat(queryAccepted).as("the query side still accepted the removed key after %s", KEY_REMOVAL_LIMIT)
                .isNotNull();
        assertThat(commandAccepted).as("the command side still accepted the removed key after %s", KEY_REMOVAL_LIMIT)
                .isNotNull();
        Duration longest = queryAccepted.compareTo(commandAccepted) >= 0 ? queryAccepted : commandAccepted;
        System.out.printf("removed key still accepted: command side %.1f s, query side %.1f s (JWKS cache TTL %d s)%n",
                seconds(commandAccepted), seconds(queryAccepted), MarketflowSystem.JWKS_CACHE_TTL.toSeconds());
        System.out.printf("removed key accepted for %.1f s (limit %d s)%n", seconds(longest),
                KEY_REMOVAL_LIMIT.toSeconds());
        assertThat(longest).isLessThanOrEqualTo(KEY_REMOVAL_LIMIT);
    }

    /**
     * Whether the command side accepts {@code token}, without changing anything: a market without a name is 400
     * after authentication, and 401 before it.
     */
    private static boolean acceptedByCommandSide(String token) {
        Exchange reply = HttpProbe.send("POST", system.commandSide() + "/api/markets",
                HttpProbe.bearer(token, Map.of("Content-Type", "application/json")), "{\"name\": \"\"}");
        if (reply.status() == 401) {
            return false;
        }
        assertThat(reply.status()).as("command side, token accepted: %s", reply).isEqualTo(400);
        return true;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
