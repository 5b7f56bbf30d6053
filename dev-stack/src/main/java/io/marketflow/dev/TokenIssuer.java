package io.marketflow.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A development identity provider: mints RS256 tokens for any {@code sub}, {@code roles} and {@code audit_tenant},
 * and serves its public key as a JWKS, exactly what the two sides verify tokens with. Listens on loopback unless
 * told otherwise (in a container, say).
 *
 * <pre>
 * GET  /.well-known/jwks.json
 * POST /token   {"sub": "alice", "roles": ["organizer"], "audit_tenant": null, "expires_in": 3600}
 * </pre>
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String AUDIENCE = "marketflow";
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final HttpServer server;
    private final String issuer;
    private volatile RSAKey signingKey;

    private TokenIssuer(HttpServer server, RSAKey signingKey, String issuer) {
        this.server = server;
        this.issuer = issuer;
        this.signingKey = signingKey;
    }

    /** Starts on {@code port} of the loopback address (0 picks a free one) with a fresh RSA key. */
    public static TokenIssuer start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null);
    }

    /**
     * Starts on {@code address} with a fresh RSA key.
     *
     * @param issuerUrl the {@code iss} of its tokens, as the sides reach it; {@code null} for
     *                  {@code http://localhost:<port>}
     */
    public static TokenIssuer start(InetSocketAddress address, String issuerUrl) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            TokenIssuer issuer = new TokenIssuer(server, newKey(), issuerUrl != null
                    ? issuerUrl : "http://localhost:" + server.getAddress().getPort());
            server.createContext("/.well-known/jwks.json", issuer::serveJwks);
            server.createContext("/token", issuer::serveToken);
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the token issuer on " + address, e);
        }
    }

    /** The {@code iss} of every token: give it to the sides as {@code MARKETFLOW_JWT_ISSUER}. */
    public String issuer() {
        return issuer;
    }

    /** Give it to the sides as {@code MARKETFLOW_JWT_JWKS_URI}. */
    public String jwksUri() {
        return issuer + "/.well-known/jwks.json";
    }

    /** A signed token for {@code subject} with {@code roles}, valid for an hour. */
    public String mint(String subject, List<String> roles) {
        return mint(subject, roles, null, DEFAULT_LIFETIME);
    }

    /** A signed token; {@code auditTenant} may be null. */
    public String mint(String subject, List<String> roles, String auditTenant, Duration lifetime) {
        JWTClaimsSet.Builder claims = claims(subject, roles, lifetime);
        if (auditTenant != null) {
            claims.claim("audit_tenant", auditTenant);
        }
        return sign(claims.build());
    }

    /** Exactly the claims this issuer mints, to sign as they are or to spoil one of them for a test. */
    public JWTClaimsSet.Builder claims(String subject, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", roles);
    }

    /** Signs any claims with the issuer's key, as they are: for tests that need unusual tokens. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, signingKey);
    }

    /**
     * The signing key, private half included: for tests that forge tokens the issuer itself would never make
     * (other headers, other algorithms with the same key). A development issuer has no secret worth keeping.
     */
    public RSAKey signingKey() {
        return signingKey;
    }

    /** The public half of the signing key, as served in the JWKS. */
    public RSAKey publicKey() {
        return signingKey.toPublicJWK();
    }

    /**
     * Replaces the signing key with a new one and stops publishing the old one, as an identity provider does when a
     * key is compromised. Answers the old key (private half included), so a test can go on signing with it.
     */
    public RSAKey rotate() {
        RSAKey old = signingKey;
        signingKey = newKey();
        return old;
    }

    /** Signs {@code claims} with {@code key} and the issuer's usual header: for tokens of a removed key. */
    public static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not make a signing key", e);
        }
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, Map.of("error", "use GET"));
            return;
        }
        respond(exchange, 200, new JWKSet(signingKey.toPublicJWK()).toJSONObject());
    }

    private void serveToken(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, Map.of("error", "use POST with a JSON body"));
            return;
        }
        try {
            Map<String, Object> request = JSONObjectUtils.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String subject = JSONObjectUtils.getString(request, "sub");
            if (subject == null || subject.isBlank()) {
                respond(exchange, 400, Map.of("error", "sub is required"));
                return;
            }
            String[] roles = JSONObjectUtils.getStringArray(request, "roles");
            String auditTenant = JSONObjectUtils.getString(request, "audit_tenant");
            Number seconds = request.get("expires_in") instanceof Number number ? number : null;
            Duration lifetime = seconds == null ? DEFAULT_LIFETIME : Duration.ofSeconds(seconds.longValue());
            String token = mint(subject, roles == null ? List.of() : List.of(roles), auditTenant, lifetime);
            respond(exchange, 200, Map.of("access_token", token, "token_type", "Bearer",
                    "expires_in", lifetime.toSeconds()));
        } catch (ParseException e) {
            respond(exchange, 400, Map.of("error", "the body must be JSON: " + e.getMessage()));
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
