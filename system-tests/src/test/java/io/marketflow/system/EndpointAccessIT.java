package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.marketflow.system.Api.Reply;
import io.marketflow.system.Api.Side;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may call what, for every route of the command side and query side tables of the HTTP contract, each a row of
 * {@link #routes()}: without a valid token 401, with a valid token but not the route's role 403, and another
 * tenant's object exactly the same 404 as a missing one. A refused command appends nothing.
 */
class EndpointAccessIT {

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final Api api = new Api(system);
    private static final Duration PROJECTION = Duration.ofSeconds(20);

    /** A key the issuer never published: whatever it signs must be refused. */
    private static final RSAKey STRANGER = strangerKey();

    private static World world;

    /**
     * Two organizers and three vendors, created once for the class and visible on the query side.
     *
     * @param marketA       organizer A's open market, with {@code application1} of vendor 1
     * @param closedMarketA organizer A's closed market
     * @param marketB       organizer B's open market, with {@code application2} of vendor 2
     * @param vendor3       a vendor with a profile and no application
     */
    record World(String organizerA, String organizerB, String vendor1, String vendor2, String vendor3,
                 UUID marketA, UUID closedMarketA, UUID marketB, UUID application1, UUID application2) {
    }

    /** Who asks for what: a subject, asking with the route's role, and the path. */
    record Target(String subject, String path) {
    }

    enum Role {
        ORGANIZER(List.of("organizer")),
        VENDOR(List.of("vendor")),
        /** The directory: open to every role. */
        ANY(List.of("organizer"));

        final List<String> rightRoles;

        Role(List<String> rightRoles) {
            this.rightRoles = rightRoles;
        }

        List<WrongRole> wrongRoles() {
            return switch (this) {
                case ORGANIZER -> List.of(WrongRole.VENDOR, WrongRole.AUDITOR_OF_THE_SUBJECT, WrongRole.NO_ROLES,
                        WrongRole.UNKNOWN_ROLE);
                case VENDOR -> List.of(WrongRole.ORGANIZER, WrongRole.AUDITOR_OF_THE_SUBJECT, WrongRole.NO_ROLES,
                        WrongRole.UNKNOWN_ROLE);
                case ANY -> List.of(WrongRole.NO_ROLES, WrongRole.UNKNOWN_ROLE);
            };
        }
    }

    /**
     * One route of the contract.
     *
     * @param own     the route's caller asking for their own object (or list): the target of 401 and 403 requests
     * @param foreign other tenants' objects, each asked for by a caller with the right role
     * @param missing objects that do not exist, each asked for by a caller with the right role
     */
    record Route(Side side, String method, String template, Role role, String body,
                 Function<World, Target> own,
                 Function<World, List<Target>> foreign,
                 Function<World, List<Target>> missing) {

        Reply send(Target target, String token) {
            return api.send(side, method, target.path(), token, body);
        }

        @Override
        public String toString() {
            return method + " " + template + " (" + side.name().toLowerCase() + " side)";
        }
    }

    /** The command side table (7 routes) and the query side table (5 routes) of API.md. */
    static List<Route> routes() {
        return List.of(
                new Route(Side.COMMAND, "POST", "/api/markets", Role.ORGANIZER,
                        "{\"name\": \"Must not exist\", \"location\": \"Nowhere\"}",
                        w -> new Target(w.organizerA(), "/api/markets"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.COMMAND, "POST", "/api/markets/{marketId}/close", Role.ORGANIZER, null,
                        w -> new Target(w.organizerA(), "/api/markets/" + w.marketA() + "/close"),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + w.marketA() + "/close")),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + UUID.randomUUID() + "/close"))),
                new Route(Side.COMMAND, "POST", "/api/markets/{marketId}/reopen", Role.ORGANIZER, null,
                        w -> new Target(w.organizerA(), "/api/markets/" + w.closedMarketA() + "/reopen"),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + w.closedMarketA() + "/reopen")),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + UUID.randomUUID() + "/reopen"))),
                new Route(Side.COMMAND, "PUT", "/api/vendors/me", Role.VENDOR,
                        "{\"businessName\": \"Must not be saved\", \"category\": \"none\"}",
                        w -> new Target(w.vendor1(), "/api/vendors/me"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.COMMAND, "DELETE", "/api/vendors/me", Role.VENDOR, null,
                        w -> new Target(w.vendor1(), "/api/vendors/me"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.COMMAND, "POST", "/api/markets/{marketId}/applications", Role.VENDOR,
                        "{\"note\": \"must not be submitted\"}",
                        w -> new Target(w.vendor3(), "/api/markets/" + w.marketA() + "/applications"),
                        w -> List.of(),
                        w -> List.of(new Target(w.vendor3(), "/api/markets/" + UUID.randomUUID() + "/applications"))),
                new Route(Side.COMMAND, "PATCH", "/api/markets/{marketId}/applications/{applicationId}",
                        Role.ORGANIZER, "{\"status\": \"APPROVED\", \"reason\": \"must not be decided\"}",
                        w -> new Target(w.organizerA(), application(w.marketA(), w.application1())),
                        w -> List.of(
                                // another organizer's market and its application
                                new Target(w.organizerB(), application(w.marketA(), w.application1())),
                                // the caller's own market, named with another market's application
                                new Target(w.organizerA(), application(w.marketA(), w.application2())),
                                // the caller's own market with the application of another organizer's market
                                new Target(w.organizerB(), application(w.marketB(), w.application1()))),
                        w -> List.of(
                                new Target(w.organizerB(), application(UUID.randomUUID(), UUID.randomUUID())),
                                new Target(w.organizerA(), application(w.marketA(), UUID.randomUUID())))),
                new Route(Side.COMMAND, "POST", "/api/markets/{marketId}/applications/{applicationId}/withdraw",
                        Role.VENDOR, null,
                        w -> new Target(w.vendor1(), application(w.marketA(), w.application1()) + "/withdraw"),
                        w -> List.of(
                                // another vendor's application
                                new Target(w.vendor2(), application(w.marketA(), w.application1()) + "/withdraw"),
                                new Target(w.vendor1(), application(w.marketB(), w.application2()) + "/withdraw")),
                        w -> List.of(
                                new Target(w.vendor2(),
                                        application(UUID.randomUUID(), UUID.randomUUID()) + "/withdraw"),
                                new Target(w.vendor2(), application(w.marketA(), UUID.randomUUID()) + "/withdraw"))),

                new Route(Side.QUERY, "GET", "/api/markets", Role.ORGANIZER, null,
                        w -> new Target(w.organizerA(), "/api/markets"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.QUERY, "GET", "/api/markets/{marketId}", Role.ORGANIZER, null,
                        w -> new Target(w.organizerA(), "/api/markets/" + w.marketA()),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + w.marketA())),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + UUID.randomUUID()))),
                new Route(Side.QUERY, "GET", "/api/markets/{marketId}/applications", Role.ORGANIZER, null,
                        w -> new Target(w.organizerA(), "/api/markets/" + w.marketA() + "/applications"),
                        w -> List.of(new Target(w.organizerB(), "/api/markets/" + w.marketA() + "/applications")),
                        w -> List.of(new Target(w.organizerB(),
                                "/api/markets/" + UUID.randomUUID() + "/applications"))),
                new Route(Side.QUERY, "GET", "/api/vendor/applications", Role.VENDOR, null,
                        w -> new Target(w.vendor1(), "/api/vendor/applications"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.QUERY, "GET", "/api/vendor/export", Role.VENDOR, null,
                        w -> new Target(w.vendor1(), "/api/vendor/export"),
                        w -> List.of(),
                        w -> List.of()),
                new Route(Side.QUERY, "GET", "/api/directory/markets", Role.ANY, null,
                        w -> new Target(w.organizerA(), "/api/directory/markets"),
                        w -> List.of(),
                        w -> List.of()));
    }

    private static String application(UUID marketId, UUID applicationId) {
        return "/api/markets/" + marketId + "/applications/" + applicationId;
    }

    @BeforeAll
    static void createTheWorld() {
        String organizerA = Api.someone("organizer-a");
        String organizerB = Api.someone("organizer-b");
        String vendor1 = Api.someone("vendor-1");
        String vendor2 = Api.someone("vendor-2");
        String vendor3 = Api.someone("vendor-3");
        UUID marketA = api.createMarket(api.organizer(organizerA), "Market of A");
        UUID closedMarketA = api.createMarket(api.organizer(organizerA), "Closed market of A");
        api.closeMarket(api.organizer(organizerA), closedMarketA);
        UUID marketB = api.createMarket(api.organizer(organizerB), "Market of B");
        api.saveVendorProfile(api.vendor(vendor1), "Vendor One");
        api.saveVendorProfile(api.vendor(vendor2), "Vendor Two");
        api.saveVendorProfile(api.vendor(vendor3), "Vendor Three");
        UUID application1 = api.apply(api.vendor(vendor1), marketA);
        UUID application2 = api.apply(api.vendor(vendor2), marketB);
        world = new World(organizerA, organizerB, vendor1, vendor2, vendor3, marketA, closedMarketA, marketB,
                application1, application2);

        // the query side is eventually consistent: a 404 below must be tenancy, not lag
        awaitVisible(api.organizer(organizerA), "/api/markets/" + marketA + "/applications", application1);
        awaitVisible(api.organizer(organizerA), "/api/markets/" + closedMarketA, closedMarketA);
        awaitVisible(api.organizer(organizerB), "/api/markets/" + marketB + "/applications", application2);
        awaitVisible(api.vendor(vendor1), "/api/vendor/applications", application1);
    }

    private static void awaitVisible(String token, String path, UUID id) {
        await().atMost(PROJECTION).until(() -> {
            Reply reply = api.query(path, token);
            return reply.status() == 200 && reply.body().contains(id.toString());
        });
    }

    @Test
    void theTableHasEveryRouteOfTheContract() {
        assertThat(routes()).filteredOn(route -> route.side() == Side.COMMAND).hasSize(8);
        assertThat(routes()).filteredOn(route -> route.side() == Side.QUERY).hasSize(6);
    }

    // ---- 401 ----

    /** How a token can fail; every one of them is a 401. */
    enum BadToken {
        NONE,
        EXPIRED,
        NOT_YET_VALID,
        WITHOUT_EXPIRY,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        SIGNED_BY_AN_UNKNOWN_KEY,
        SIGNED_BY_AN_UNKNOWN_KEY_UNDER_THE_ISSUERS_KEY_ID,
        UNSIGNED,
        NOT_A_JWT;

        /** A token of this kind for {@code subject} with {@code roles}, null for none. */
        String token(String subject, List<String> roles) {
            Instant now = Instant.now();
            return switch (this) {
                case NONE -> null;
                case EXPIRED -> issuersSignature(claims(subject, roles)
                        .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                        .notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))));
                case NOT_YET_VALID -> issuersSignature(claims(subject, roles)
                        .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))
                        .expirationTime(Date.from(now.plus(Duration.ofHours(2)))));
                case WITHOUT_EXPIRY -> issuersSignature(claims(subject, roles).expirationTime(null));
                case WRONG_ISSUER -> issuersSignature(claims(subject, roles).issuer("https://issuer.example.org"));
                case WRONG_AUDIENCE -> issuersSignature(claims(subject, roles).audience("another-api"));
                case SIGNED_BY_AN_UNKNOWN_KEY -> signedByStranger(claims(subject, roles), STRANGER.getKeyID());
                case SIGNED_BY_AN_UNKNOWN_KEY_UNDER_THE_ISSUERS_KEY_ID ->
                        signedByStranger(claims(subject, roles), system.issuer().publicKey().getKeyID());
                case UNSIGNED -> new PlainJWT(claims(subject, roles).build()).serialize();
                case NOT_A_JWT -> "not-a-jwt";
            };
        }
    }

    /** The claims of a valid token: what the issuer would mint. */
    private static JWTClaimsSet.Builder claims(String subject, List<String> roles) {
        return system.issuer().claims(subject, roles, Duration.ofHours(1));
    }

    private static String issuersSignature(JWTClaimsSet.Builder claims) {
        return system.issuer().sign(claims.build());
    }

    /** Signed exactly as the issuer signs (RS256, kid, typ JWT), but with a key it never published. */
    private static String signedByStranger(JWTClaimsSet.Builder claims, String keyId) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(keyId).type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(STRANGER));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey strangerKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> routesAndBadTokens() {
        return routes().stream().flatMap(route -> Stream.of(BadToken.values()).map(bad -> Arguments.of(route, bad)));
    }

    @ParameterizedTest(name = "{0} with token {1} -> 401")
    @MethodSource("routesAndBadTokens")
    void withoutAValidTokenTheAnswerIs401(Route route, BadToken badToken) {
        Target own = route.own().apply(world);
        long events = system.eventCount();

        Reply reply = route.send(own, badToken.token(own.subject(), route.role().rightRoles));

        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).as("WWW-Authenticate of %s", reply)
                .isNotNull()
                .startsWith("Bearer");
        assertThat(system.eventCount()).as("events after %s", reply).isEqualTo(events);
    }

    /** The control of the table above: the claims it spoils are accepted as they are. */
    @Test
    void theClaimsTheBadTokensSpoilAreAcceptedUnspoiled() {
        Reply reply = api.query("/api/markets",
                issuersSignature(claims(world.organizerA(), List.of("organizer"))));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
    }

    // ---- 403 ----

    /** A valid token for the same subject, with roles the route does not take. */
    enum WrongRole {
        ORGANIZER,
        VENDOR,
        /** An auditor whose audit_tenant is the subject itself: auditors read the audit API only. */
        AUDITOR_OF_THE_SUBJECT,
        NO_ROLES,
        UNKNOWN_ROLE;

        String token(String subject) {
            return switch (this) {
                case ORGANIZER -> api.token(subject, List.of("organizer"));
                case VENDOR -> api.token(subject, List.of("vendor"));
                case AUDITOR_OF_THE_SUBJECT -> api.auditor(subject, subject);
                case NO_ROLES -> api.token(subject, List.of());
                case UNKNOWN_ROLE -> api.token(subject, List.of("admin"));
            };
        }
    }

    static Stream<Arguments> routesAndWrongRoles() {
        return routes().stream()
                .flatMap(route -> route.role().wrongRoles().stream().map(wrong -> Arguments.of(route, wrong)));
    }

    @ParameterizedTest(name = "{0} as {1} -> 403")
    @MethodSource("routesAndWrongRoles")
    void aValidTokenWithoutTheRoleIs403(Route route, WrongRole wrongRole) {
        Target own = route.own().apply(world);
        String token = wrongRole.token(own.subject());
        long events = system.eventCount();

        Reply reply = route.send(own, token);

        assertProblem(reply, 403);
        assertThat(system.eventCount()).as("events after %s", reply).isEqualTo(events);

        // a 403 says nothing about any object: for a missing one it is the same answer
        for (Target missing : route.missing().apply(world)) {
            Reply forMissing = route.send(new Target(own.subject(), missing.path()), token);
            assertProblem(forMissing, 403);
            assertThat(forMissing.body()).as("403 for a missing object vs for the caller's own")
                    .isEqualTo(reply.body());
        }
        assertThat(system.eventCount()).as("events after the 403s of %s", route).isEqualTo(events);
    }

    // ---- 404 ----

    @Test
    void aPathNoRouteHasGetsTheSame404AsAMissingObjectOnBothSides() {
        String organizer = api.organizer(Api.someone("organizer"));
        for (Side side : Side.values()) {
            Reply missingMarket = api.send(side, side == Side.COMMAND ? "POST" : "GET",
                    "/api/markets/" + UUID.randomUUID() + (side == Side.COMMAND ? "/close" : ""), organizer, null);
            Reply noRoute = api.send(side, "GET", "/api/no-such-route/" + UUID.randomUUID(), organizer, null);

            assertProblem(missingMarket, 404);
            assertProblem(noRoute, 404);
            assertThat(noRoute.body()).as("%s on the %s side", noRoute, side).isEqualTo(missingMarket.body());
        }
    }

    static Stream<Route> routesThatNameAnObject() {
        return routes().stream().filter(route -> route.template().contains("{marketId}"));
    }

    @ParameterizedTest(name = "{0}: another tenant's object -> the very 404 of a missing one")
    @MethodSource("routesThatNameAnObject")
    void anotherTenantsObjectIsTheSame404AsAMissingOne(Route route) {
        if (route.side() == Side.QUERY) {
            // the owner sees it: what the others get below is about tenancy, not projection lag
            Target own = route.own().apply(world);
            await().atMost(PROJECTION).until(() -> route.send(own, token(route, own)).status() == 200);
        }
        List<Target> missing = route.missing().apply(world);
        Reply reference = route.send(missing.get(0), token(route, missing.get(0)));
        assertProblem(reference, 404);

        List<Target> asked = new ArrayList<>(missing);
        asked.addAll(route.foreign().apply(world));
        for (Target target : asked) {
            long events = system.eventCount();

            Reply reply = route.send(target, token(route, target));

            assertProblem(reply, 404);
            assertThat(reply.body()).as("body of %s compared with that of %s", reply, reference)
                    .isEqualTo(reference.body());
            assertThat(reply.header("Content-Type")).as("Content-Type of %s", reply)
                    .isEqualTo(reference.header("Content-Type"));
            assertThat(system.eventCount()).as("events after %s", reply).isEqualTo(events);
        }
    }

    private static String token(Route route, Target target) {
        return api.token(target.subject(), route.role().rightRoles);
    }
}
