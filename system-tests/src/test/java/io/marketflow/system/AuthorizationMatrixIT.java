package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import io.marketflow.dev.TokenIssuer;
import io.marketflow.system.Api.Side;
import io.marketflow.system.HttpProbe.Exchange;
import io.marketflow.system.HttpProbe.Mapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix (BOLA / BFLA) of issue 3: every {@code /api/**} route that the two running sides expose,
 * read from their handler mappings (actuator {@code mappings}), called as every kind of caller, with the object's own
 * ids, another tenant's ids and random ids, and with every HTTP method the route does not take.
 *
 * <p>Expected, per the HTTP contract: only the contract's callers get 2xx; a foreign id and a random id give
 * byte-identical bodies and the same headers (all but Date); a refused command appends no event. A route that
 * {@link #TABLE} does not list fails the test, so a new route cannot escape it.
 *
 * <p>Every route gets a fresh {@link World}: its allowed calls change state (approve, close, withdraw), so they run
 * last, after all the refused ones have been checked against the untouched fixture.
 */
class AuthorizationMatrixIT {

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final Api api = new Api(system);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Duration PROJECTION = Duration.ofSeconds(30);

    /** Who calls, relative to the route's object. */
    enum Caller {
        /** The organizer who owns the market. */
        OWNER,
        /** An organizer with markets of their own, not this one. */
        OTHER_ORGANIZER,
        /** The vendor whose application it is. */
        APPLICANT,
        /** A vendor with a profile and no application in the owner's market. */
        OTHER_VENDOR,
        /** An auditor whose {@code audit_tenant} is the owner. */
        OWNER_AUDITOR,
        /** An auditor whose {@code audit_tenant} is another organizer. */
        OTHER_AUDITOR,
        NO_TOKEN,
        /** A token of the route's first allowed caller, correctly signed, expired ten minutes ago. */
        EXPIRED
    }

    /** What a call must answer. */
    enum Outcome {
        OK(0), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), METHOD_NOT_ALLOWED(405), CONFLICT(409);

        final int status;

        Outcome(int status) {
            this.status = status;
        }

        boolean matches(int actual) {
            return this == OK ? actual >= 200 && actual < 300 : actual == status;
        }

        /** A refusal by role or token: it must say nothing about any object. */
        boolean saysNothingAboutObjects() {
            return this == UNAUTHORIZED || this == FORBIDDEN || this == METHOD_NOT_ALLOWED;
        }
    }

    /** Which ids a request names. Routes with one id use OWN, FOREIGN and RANDOM only. */
    enum Variant {
        /** The world's own object (the owner's market, the applicant's application in it). */
        OWN,
        /** A third tenant's market (and its application). */
        FOREIGN,
        /** A third tenant's market with the own application. */
        FOREIGN_PARENT,
        /** The own market with a third tenant's application. */
        FOREIGN_CHILD,
        /** Ids nobody has. */
        RANDOM,
        /** A random market with the own application. */
        RANDOM_PARENT,
        /** The own market with a random application. */
        RANDOM_CHILD
    }

    /** How a route's path names objects. */
    enum Ids {
        /** No id in the path: only the caller's own data. */
        NONE,
        /** Ids of tenant-owned objects: another tenant's must look exactly like a missing one. */
        TENANT,
        /** Ids of objects open to every caller of the role (markets a vendor may apply to): only random ids are 404. */
        PUBLIC
    }

    /**
     * A fresh set of tenants and objects for one route.
     *
     * @param market             the owner's open market, with {@code application} of the applicant (SUBMITTED)
     * @param closedMarket       a closed market of the owner
     * @param foreignMarket      an open market of a third organizer, with {@code foreignApplication} of a third vendor
     * @param foreignClosedMarket a closed market of the third organizer
     */
    record World(String owner, String otherOrganizer, String foreignOrganizer,
                 String applicant, String otherVendor, String foreignVendor,
                 String ownerAuditor, String otherAuditor,
                 UUID market, UUID closedMarket, UUID application,
                 UUID foreignMarket, UUID foreignClosedMarket, UUID foreignApplication) {
    }

    /**
     * One row of the expected-access table: a route of one side and who may call it.
     *
     * @param outcomes what each caller gets with the route's own object ({@link Variant#OWN})
     * @param paths    the request path (with query string) of each id variant the route has
     */
    record Row(Side side, String method, String pattern, Ids ids, String body, Map<Caller, Outcome> outcomes,
               Function<World, Map<Variant, String>> paths) {

        /** What {@code caller} must get with the ids of {@code variant}. */
        Outcome expected(Caller caller, Variant variant) {
            Outcome own = outcomes.get(caller);
            if (variant == Variant.OWN || own.saysNothingAboutObjects()) {
                return own;
            }
            return Outcome.NOT_FOUND;
        }

        /** The caller whose token the EXPIRED caller's token copies: the first one allowed, else the owner. */
        Caller expiredTokenOf() {
            return outcomes.entrySet().stream().filter(entry -> entry.getValue() == Outcome.OK)
                    .map(Map.Entry::getKey).findFirst().orElse(Caller.OWNER);
        }

        String key() {
            return key(side, method, pattern);
        }

        static String key(Side side, String method, String pattern) {
            return side.name().toLowerCase() + " " + method + " " + pattern;
        }
    }

    private static final String MARKET_BODY = "{\"name\": \"Matrix market\", \"location\": \"Square\"}";
    private static final String PROFILE_BODY = "{\"businessName\": \"Matrix Vendor\", \"category\": \"bread\"}";
    private static final String APPLY_BODY = "{\"note\": \"matrix\"}";
    private static final String DECISION_BODY = "{\"status\": \"APPROVED\", \"reason\": \"matrix\"}";

    /**
     * The expected-access table, from API.md: the command side table, the query side table, live updates and the
     * audit API. Every caller not named gets the row's default; NO_TOKEN and EXPIRED always get 401.
     */
    static final List<Row> TABLE = List.of(
            // ---- command side ----
            new Row(Side.COMMAND, "POST", "/api/markets", Ids.NONE, MARKET_BODY,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/markets")),
            new Row(Side.COMMAND, "POST", "/api/markets/{marketId}/close", Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> marketPaths(w.market(), w.foreignMarket(), "/close")),
            new Row(Side.COMMAND, "POST", "/api/markets/{marketId}/reopen", Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> marketPaths(w.closedMarket(), w.foreignClosedMarket(), "/reopen")),
            new Row(Side.COMMAND, "PUT", "/api/vendors/me", Ids.NONE, PROFILE_BODY,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.OK, Caller.OTHER_VENDOR, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/vendors/me")),
            // a vendor erases themselves, and only themselves: the route names nobody
            new Row(Side.COMMAND, "DELETE", "/api/vendors/me", Ids.NONE, null,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.OK, Caller.OTHER_VENDOR, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/vendors/me")),
            // any vendor may apply to any open market: the applicant already has a SUBMITTED application there
            new Row(Side.COMMAND, "POST", "/api/markets/{marketId}/applications", Ids.PUBLIC, APPLY_BODY,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.CONFLICT, Caller.OTHER_VENDOR, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/markets/" + w.market() + "/applications",
                            Variant.RANDOM, "/api/markets/" + UUID.randomUUID() + "/applications")),
            new Row(Side.COMMAND, "PATCH", "/api/markets/{marketId}/applications/{applicationId}", Ids.TENANT,
                    DECISION_BODY,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> applicationPaths(w, "")),
            new Row(Side.COMMAND, "POST", "/api/markets/{marketId}/applications/{applicationId}/withdraw",
                    Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.OK, Caller.OTHER_VENDOR, Outcome.NOT_FOUND),
                    w -> applicationPaths(w, "/withdraw")),

            // ---- query side ----
            new Row(Side.QUERY, "GET", "/api/markets", Ids.NONE, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/markets")),
            new Row(Side.QUERY, "GET", "/api/markets/{marketId}", Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> marketPaths(w.market(), w.foreignMarket(), "")),
            new Row(Side.QUERY, "GET", "/api/markets/{marketId}/applications", Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> marketPaths(w.market(), w.foreignMarket(), "/applications")),
            new Row(Side.QUERY, "GET", "/api/vendor/applications", Ids.NONE, null,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.OK, Caller.OTHER_VENDOR, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/vendor/applications")),
            new Row(Side.QUERY, "GET", "/api/vendor/export", Ids.NONE, null,
                    access(Outcome.FORBIDDEN, Caller.APPLICANT, Outcome.OK, Caller.OTHER_VENDOR, Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/vendor/export")),
            new Row(Side.QUERY, "GET", "/api/directory/markets", Ids.NONE, null,
                    access(Outcome.OK),
                    w -> Map.of(Variant.OWN, "/api/directory/markets")),
            new Row(Side.QUERY, "GET", "/api/markets/{marketId}/applications/live", Ids.TENANT, null,
                    access(Outcome.FORBIDDEN, Caller.OWNER, Outcome.OK, Caller.OTHER_ORGANIZER, Outcome.NOT_FOUND),
                    w -> marketPaths(w.market(), w.foreignMarket(), "/applications/live")),

            // ---- audit: the owner and the owner's auditors; "everyone else gets 404" ----
            new Row(Side.QUERY, "GET", "/api/audit/markets/{marketId}/events", Ids.TENANT, null,
                    access(Outcome.NOT_FOUND, Caller.OWNER, Outcome.OK, Caller.OWNER_AUDITOR, Outcome.OK),
                    w -> auditPaths(w, "/events")),
            new Row(Side.QUERY, "GET", "/api/audit/markets/{marketId}/applications", Ids.TENANT, null,
                    access(Outcome.NOT_FOUND, Caller.OWNER, Outcome.OK, Caller.OWNER_AUDITOR, Outcome.OK),
                    w -> auditPaths(w, "/applications?asOf=" + HttpProbe.urlEncode(Instant.now().toString()))),
            new Row(Side.QUERY, "GET", "/api/audit/markets/{marketId}/integrity", Ids.TENANT, null,
                    access(Outcome.NOT_FOUND, Caller.OWNER, Outcome.OK, Caller.OWNER_AUDITOR, Outcome.OK),
                    w -> auditPaths(w, "/integrity")));

    /** Callers' outcomes: NO_TOKEN and EXPIRED 401, the named ones as given, everyone else {@code otherwise}. */
    private static Map<Caller, Outcome> access(Outcome otherwise, Object... callersAndOutcomes) {
        Map<Caller, Outcome> outcomes = new EnumMap<>(Caller.class);
        for (int i = 0; i < callersAndOutcomes.length; i += 2) {
            outcomes.put((Caller) callersAndOutcomes[i], (Outcome) callersAndOutcomes[i + 1]);
        }
        for (Caller caller : Caller.values()) {
            outcomes.putIfAbsent(caller, caller == Caller.NO_TOKEN || caller == Caller.EXPIRED
                    ? Outcome.UNAUTHORIZED : otherwise);
        }
        return outcomes;
    }

    private static Map<Variant, String> marketPaths(UUID own, UUID foreign, String suffix) {
        return Map.of(Variant.OWN, "/api/markets/" + own + suffix,
                Variant.FOREIGN, "/api/markets/" + foreign + suffix,
                Variant.RANDOM, "/api/markets/" + UUID.randomUUID() + suffix);
    }

    private static Map<Variant, String> auditPaths(World w, String suffix) {
        return Map.of(Variant.OWN, "/api/audit/markets/" + w.market() + suffix,
                Variant.FOREIGN, "/api/audit/markets/" + w.foreignMarket() + suffix,
                Variant.RANDOM, "/api/audit/markets/" + UUID.randomUUID() + suffix);
    }

    private static Map<Variant, String> applicationPaths(World w, String suffix) {
        Map<Variant, String> paths = new EnumMap<>(Variant.class);
        paths.put(Variant.OWN, application(w.market(), w.application(), suffix));
        paths.put(Variant.FOREIGN, application(w.foreignMarket(), w.foreignApplication(), suffix));
        paths.put(Variant.FOREIGN_PARENT, application(w.foreignMarket(), w.application(), suffix));
        paths.put(Variant.FOREIGN_CHILD, application(w.market(), w.foreignApplication(), suffix));
        paths.put(Variant.RANDOM, application(UUID.randomUUID(), UUID.randomUUID(), suffix));
        paths.put(Variant.RANDOM_PARENT, application(UUID.randomUUID(), w.application(), suffix));
        paths.put(Variant.RANDOM_CHILD, application(w.market(), UUID.randomUUID(), suffix));
        return paths;
    }

    private static String application(UUID market, UUID application, String suffix) {
        return "/api/markets/" + market + "/applications/" + application + suffix;
    }

    // ---- the run ----

    /** Everything the matrix found; the figures are printed and asserted at the end. */
    private static final class Findings {
        int requests;
        int rateLimitedRetries;
        final List<String> unexpected2xx = new ArrayList<>();
        final List<String> differences = new ArrayList<>();
        final List<String> wrongStatus = new ArrayList<>();
        final List<String> eventsAppended = new ArrayList<>();
    }

    @Test
    void onlyTheContractsCallersGet2xxAndForeignLooksMissing() {
        Map<Side, Set<Mapping>> exposed = new EnumMap<>(Side.class);
        exposed.put(Side.COMMAND, HttpProbe.apiMappings(system.commandSideManagement()));
        exposed.put(Side.QUERY, HttpProbe.apiMappings(system.querySideManagement()));

        Map<String, Row> table = new LinkedHashMap<>();
        TABLE.forEach(row -> table.put(row.key(), row));

        // every exposed route must have a row; group the rows by (side, pattern) for the methods they do not take
        List<String> unlisted = new ArrayList<>();
        Map<String, List<Row>> byPattern = new LinkedHashMap<>();
        Set<String> exposedKeys = new TreeSet<>();
        exposed.forEach((side, mappings) -> mappings.forEach(mapping -> {
            String key = Row.key(side, mapping.method(), mapping.pattern());
            exposedKeys.add(key);
            Row row = table.get(key);
            if (row == null) {
                unlisted.add(key);
            } else {
                byPattern.computeIfAbsent(side + " " + mapping.pattern(), k -> new ArrayList<>()).add(row);
            }
        }));
        List<String> notExposed = table.keySet().stream().filter(key -> !exposedKeys.contains(key)).toList();

        Findings findings = new Findings();
        for (List<Row> rows : byPattern.values()) {
            runPattern(rows, findings);
        }

        int routes = byPattern.values().stream().mapToInt(List::size).sum();
        if (!notExposed.isEmpty()) {
            System.out.println("contract routes in the expected-access table that neither side exposes yet: "
                    + notExposed);
        }
        if (findings.rateLimitedRetries > 0) {
            System.out.println("matrix requests retried after 429: " + findings.rateLimitedRetries);
        }
        System.out.println("authorization matrix: requests " + findings.requests + ", routes " + routes
                + ", unexpected 2xx " + findings.unexpected2xx.size()
                + ", foreign/missing differences " + findings.differences.size());

        assertThat(unlisted).as("exposed /api routes with no row in the expected-access table").isEmpty();
        assertThat(routes).as("routes exercised").isGreaterThanOrEqualTo(12);
        assertThat(findings.unexpected2xx).as("2xx answers to callers the contract does not allow").isEmpty();
        assertThat(findings.differences).as("foreign ids answered differently from random ids").isEmpty();
        assertThat(findings.eventsAppended).as("refused commands that appended events").isEmpty();
        assertThat(findings.wrongStatus).as("answers other than the table's").isEmpty();
    }

    /** All rows of one (side, pattern) on one fresh world: refused calls first, then the allowed ones. */
    private void runPattern(List<Row> rows, Findings findings) {
        Row first = rows.get(0);
        World world = createWorld();
        if (first.side() == Side.QUERY) {
            awaitProjected(world);
        }
        Map<Variant, String> paths = first.paths().apply(world);
        Set<String> accepted = rows.stream().map(Row::method).collect(Collectors.toCollection(LinkedHashSet::new));
        // one token per caller and row, so that answers compared below differ by the ids alone (an expired token's
        // WWW-Authenticate names its exp); held for this route only
        Map<Row, Map<Caller, String>> tokens = new LinkedHashMap<>();
        for (Row row : rows) {
            Map<Caller, String> byCaller = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                byCaller.put(caller, token(caller, row, world));
            }
            tokens.put(row, byCaller);
        }

        // answers by (method, caller), then variant, for the foreign/missing comparison
        Map<String, Map<Variant, Exchange>> answers = new LinkedHashMap<>();

        // 1. the methods the route does not take: 401 without a valid token, else 405, whatever the ids
        for (String method : METHODS) {
            if (accepted.contains(method)) {
                continue;
            }
            for (Caller caller : Caller.values()) {
                Outcome expected = caller == Caller.NO_TOKEN || caller == Caller.EXPIRED
                        ? Outcome.UNAUTHORIZED : Outcome.METHOD_NOT_ALLOWED;
                for (Map.Entry<Variant, String> path : paths.entrySet()) {
                    String body = method.equals("GET") || method.equals("DELETE")
                            ? null : (first.body() == null ? "{}" : first.body());
                    Exchange answer = call(first, method, caller, tokens.get(first).get(caller), path.getValue(),
                            body, expected, findings);
                    answers.computeIfAbsent(method + " as " + caller, k -> new LinkedHashMap<>())
                            .put(path.getKey(), answer);
                }
            }
        }

        // 2. the route's own methods, every call the contract refuses; the fixture is still untouched
        for (Row row : rows) {
            Map<Variant, String> rowPaths = row == first ? paths : row.paths().apply(world);
            for (Caller caller : Caller.values()) {
                for (Map.Entry<Variant, String> path : rowPaths.entrySet()) {
                    Outcome expected = row.expected(caller, path.getKey());
                    if (expected == Outcome.OK) {
                        continue;
                    }
                    Exchange answer = call(row, row.method(), caller, tokens.get(row).get(caller),
                            path.getValue(), row.body(), expected, findings);
                    answers.computeIfAbsent(row.method() + " as " + caller, k -> new LinkedHashMap<>())
                            .put(path.getKey(), answer);
                }
            }
        }

        // 3. the allowed calls, each on the object in the state the fixture made for it
        for (Row row : rows) {
            Map<Variant, String> rowPaths = row == first ? paths : row.paths().apply(world);
            for (Caller caller : Caller.values()) {
                for (Map.Entry<Variant, String> path : rowPaths.entrySet()) {
                    if (row.expected(caller, path.getKey()) == Outcome.OK) {
                        call(row, row.method(), caller, tokens.get(row).get(caller), path.getValue(), row.body(),
                                Outcome.OK, findings);
                    }
                }
            }
        }

        // a foreign id and a random id (and, for a caller refused anyway, the own id) must not be told apart
        answers.forEach((methodAndCaller, byVariant) -> {
            Exchange reference = byVariant.get(Variant.RANDOM);
            if (reference == null) {
                return;
            }
            byVariant.forEach((variant, answer) -> {
                if (variant == Variant.RANDOM || !sameExpectation(rows, methodAndCaller, variant)) {
                    return;
                }
                if (answer.status() != reference.status() || !answer.body().equals(reference.body())
                        || !answer.comparableHeaders().equals(reference.comparableHeaders())) {
                    findings.differences.add(first.side() + " " + methodAndCaller + ", " + variant + " vs RANDOM:\n  "
                            + answer + "\n  " + reference);
                }
            });
        });
    }

    /**
     * Whether {@code variant} is expected to answer exactly like {@link Variant#RANDOM} for this method and caller:
     * true for every refusal that must not reveal the object (all but an allowed call, and a state conflict on an
     * object open to every caller).
     */
    private static boolean sameExpectation(List<Row> rows, String methodAndCaller, Variant variant) {
        String method = methodAndCaller.substring(0, methodAndCaller.indexOf(' '));
        Caller caller = Caller.valueOf(methodAndCaller.substring(methodAndCaller.lastIndexOf(' ') + 1));
        for (Row row : rows) {
            if (row.method().equals(method)) {
                return row.expected(caller, variant) == row.expected(caller, Variant.RANDOM);
            }
        }
        return true; // a method the route does not take: 401 or 405, the same for every id
    }

    private Exchange call(Row row, String method, Caller caller, String token, String path, String body,
                          Outcome expected, Findings findings) {
        String base = row.side() == Side.COMMAND ? system.commandSide() : system.querySide();
        Map<String, String> headers = new LinkedHashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        boolean command = row.side() == Side.COMMAND;
        long eventsBefore = command ? system.eventCount() : 0;
        Exchange answer = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            answer = HttpProbe.sendOnFreshConnection(method, base + path,
                    HttpProbe.bearer(token, headers), body);
            findings.requests++;
            if (answer.status() != 429) {
                break;
            }
            findings.rateLimitedRetries++;
            HttpProbe.pause(Duration.ofSeconds(Long.parseLong(answer.header("Retry-After"))));
        }
        String what = row.side().name().toLowerCase() + " " + method + " " + path + " as " + caller;
        if (answer.is2xx() && expected != Outcome.OK) {
            findings.unexpected2xx.add(what + " (expected " + expected + "): " + answer);
        } else if (!expected.matches(answer.status())) {
            findings.wrongStatus.add(what + " expected " + expected + ": " + answer);
        }
        if (command && expected != Outcome.OK) {
            long eventsAfter = system.eventCount();
            if (eventsAfter != eventsBefore) {
                findings.eventsAppended.add(what + " appended " + (eventsAfter - eventsBefore) + " events: "
                        + answer);
            }
        }
        return answer;
    }

    /** A new token of {@code caller}, minted for one route of the matrix and dropped after it. */
    private static String token(Caller caller, Row row, World w) {
        return switch (caller) {
            case OWNER -> api.organizer(w.owner());
            case OTHER_ORGANIZER -> api.organizer(w.otherOrganizer());
            case APPLICANT -> api.vendor(w.applicant());
            case OTHER_VENDOR -> api.vendor(w.otherVendor());
            case OWNER_AUDITOR -> api.auditor(w.ownerAuditor(), w.owner());
            case OTHER_AUDITOR -> api.auditor(w.otherAuditor(), w.otherOrganizer());
            case NO_TOKEN -> null;
            case EXPIRED -> expired(row.expiredTokenOf(), w);
        };
    }

    /** The claims {@code of} would have, correctly signed, valid two hours ago until ten minutes ago. */
    private static String expired(Caller of, World w) {
        Instant now = Instant.now();
        String subject;
        List<String> roles;
        String auditTenant = null;
        switch (of) {
            case OTHER_ORGANIZER -> { subject = w.otherOrganizer(); roles = List.of("organizer"); }
            case APPLICANT -> { subject = w.applicant(); roles = List.of("vendor"); }
            case OTHER_VENDOR -> { subject = w.otherVendor(); roles = List.of("vendor"); }
            case OWNER_AUDITOR -> { subject = w.ownerAuditor(); roles = List.of("auditor"); auditTenant = w.owner(); }
            case OTHER_AUDITOR -> {
                subject = w.otherAuditor(); roles = List.of("auditor"); auditTenant = w.otherOrganizer();
            }
            default -> { subject = w.owner(); roles = List.of("organizer"); }
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(system.issuer().issuer())
                .audience(TokenIssuer.AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .notBeforeTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", roles);
        if (auditTenant != null) {
            claims.claim("audit_tenant", auditTenant);
        }
        return system.issuer().sign(claims.build());
    }

    // ---- fixtures ----

    private static World createWorld() {
        String owner = Api.someone("matrix-owner");
        String otherOrganizer = Api.someone("matrix-other-organizer");
        String foreignOrganizer = Api.someone("matrix-foreign-organizer");
        String applicant = Api.someone("matrix-applicant");
        String otherVendor = Api.someone("matrix-other-vendor");
        String foreignVendor = Api.someone("matrix-foreign-vendor");

        UUID market = api.createMarket(api.organizer(owner), "Matrix market of the owner");
        UUID closedMarket = api.createMarket(api.organizer(owner), "Closed matrix market of the owner");
        api.closeMarket(api.organizer(owner), closedMarket);
        api.createMarket(api.organizer(otherOrganizer), "Matrix market of another organizer");
        UUID foreignMarket = api.createMarket(api.organizer(foreignOrganizer), "Foreign matrix market");
        UUID foreignClosedMarket = api.createMarket(api.organizer(foreignOrganizer), "Closed foreign matrix market");
        api.closeMarket(api.organizer(foreignOrganizer), foreignClosedMarket);

        api.saveVendorProfile(api.vendor(applicant), "Matrix Applicant");
        api.saveVendorProfile(api.vendor(otherVendor), "Matrix Other Vendor");
        api.saveVendorProfile(api.vendor(foreignVendor), "Matrix Foreign Vendor");
        UUID application = api.apply(api.vendor(applicant), market);
        UUID foreignApplication = api.apply(api.vendor(foreignVendor), foreignMarket);

        return new World(owner, otherOrganizer, foreignOrganizer, applicant, otherVendor, foreignVendor,
                Api.someone("matrix-owner-auditor"), Api.someone("matrix-other-auditor"),
                market, closedMarket, application, foreignMarket, foreignClosedMarket, foreignApplication);
    }

    /** The query side is eventually consistent: a 404 in the matrix must be tenancy, never lag. */
    private static void awaitProjected(World w) {
        awaitVisible(api.organizer(w.owner()), "/api/markets/" + w.market() + "/applications", w.application());
        awaitVisible(api.organizer(w.owner()), "/api/markets/" + w.closedMarket(), w.closedMarket());
        awaitVisible(api.organizer(w.foreignOrganizer()), "/api/markets/" + w.foreignMarket() + "/applications",
                w.foreignApplication());
        awaitVisible(api.organizer(w.foreignOrganizer()), "/api/markets/" + w.foreignClosedMarket(),
                w.foreignClosedMarket());
        awaitVisible(api.vendor(w.applicant()), "/api/vendor/applications", w.application());
        awaitVisible(api.vendor(w.foreignVendor()), "/api/vendor/applications", w.foreignApplication());
    }

    private static void awaitVisible(String token, String path, UUID id) {
        await().atMost(PROJECTION).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Reply reply = api.query(path, token);
            return reply.status() == 200 && reply.body().contains(id.toString());
        });
    }
}
