package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.system.Api.Reply;
import io.marketflow.system.Api.Side;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input the contract does not allow is a 400 problem, whatever the route, and a refused command appends nothing. Each
 * row of {@link #badInputs()} is sent by a caller who may make the request, about objects that exist and are theirs,
 * so that only the input is wrong.
 */
class BadInputIT {

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final Api api = new Api(system);

    private static Fixture fixture;

    /**
     * @param organizer   owns {@code market}, which is open
     * @param vendor      has a profile and {@code application} (SUBMITTED) to {@code market}
     * @param newcomer    a vendor with a profile and no application
     */
    record Fixture(String organizer, String vendor, String newcomer, UUID market, UUID application) {

        String organizerToken() {
            return api.organizer(organizer);
        }

        String vendorToken() {
            return api.vendor(vendor);
        }

        String newcomerToken() {
            return api.vendor(newcomer);
        }

        String decision() {
            return "/api/markets/" + market + "/applications/" + application;
        }
    }

    /** A request with bad input, by a caller who may make it, and the status it must get. */
    record BadInput(String name, Side side, String method, Function<Fixture, String> path,
                    Function<Fixture, String> token, String body, int status) {

        BadInput(String name, Side side, String method, Function<Fixture, String> path,
                 Function<Fixture, String> token, String body) {
            this(name, side, method, path, token, body, 400);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void createFixture() {
        String organizer = Api.someone("organizer");
        String vendor = Api.someone("vendor");
        String newcomer = Api.someone("newcomer");
        UUID market = api.createMarket(api.organizer(organizer), "Bad input market");
        api.saveVendorProfile(api.vendor(vendor), "Careful Vendor");
        api.saveVendorProfile(api.vendor(newcomer), "New Vendor");
        UUID application = api.apply(api.vendor(vendor), market);
        fixture = new Fixture(organizer, vendor, newcomer, market, application);
        // the query rows ask about the market and the application: wait until the owners can see them
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply reply = api.query("/api/markets/" + market + "/applications", fixture.organizerToken());
            return reply.status() == 200 && reply.body().contains(application.toString());
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply reply = api.query("/api/vendor/applications", fixture.vendorToken());
            return reply.status() == 200 && reply.body().contains(application.toString());
        });
    }

    private static String chars(int count) {
        return "x".repeat(count);
    }

    /** Fields a caller might slip in to take over what the server decides: none is taken by any command body. */
    private static final List<String> SERVER_DECIDED = List.of(
            "\"ownerId\": \"someone-else\"", "\"vendorId\": \"someone-else\"", "\"tenant\": \"someone-else\"",
            "\"id\": \"" + UUID.randomUUID() + "\"", "\"status\": \"APPROVED\"");

    private static final int MAX_BODY = 64 * 1024;

    /** Every server-decided field, slipped into an otherwise valid body of each command; PATCH takes a status. */
    static List<BadInput> massAssignment() {
        List<BadInput> rows = new ArrayList<>();
        for (String field : SERVER_DECIDED) {
            rows.add(createMarket("mass assignment of " + field, "{\"name\": \"Mine\", " + field + "}"));
            rows.add(saveProfile("mass assignment of " + field, "{\"businessName\": \"Me\", " + field + "}"));
            rows.add(apply("mass assignment of " + field, "{\"note\": \"hi\", " + field + "}"));
            if (!field.startsWith("\"status\"")) {
                rows.add(decide("mass assignment of " + field, "{\"status\": \"APPROVED\", " + field + "}"));
            }
        }
        return rows;
    }

    /** Bodies just over the limit, on every command that takes a body: 413 before anything reads them. */
    static List<BadInput> oversizedBodies() {
        String padding = chars(MAX_BODY);
        return List.of(
                new BadInput("POST /api/markets: body over 64 KiB", Side.COMMAND, "POST", f -> "/api/markets",
                        Fixture::organizerToken, "{\"name\": \"Big\", \"location\": \"" + padding + "\"}", 413),
                new BadInput("PUT /api/vendors/me: body over 64 KiB", Side.COMMAND, "PUT", f -> "/api/vendors/me",
                        Fixture::newcomerToken, "{\"businessName\": \"" + padding + "\"}", 413),
                new BadInput("POST applications: body over 64 KiB", Side.COMMAND, "POST",
                        f -> "/api/markets/" + f.market() + "/applications", Fixture::newcomerToken,
                        "{\"note\": \"" + padding + "\"}", 413),
                new BadInput("PATCH application: body over 64 KiB", Side.COMMAND, "PATCH", Fixture::decision,
                        Fixture::organizerToken, "{\"status\": \"APPROVED\", \"reason\": \"" + padding + "\"}",
                        413));
    }

    private static BadInput createMarket(String name, String body) {
        return new BadInput("POST /api/markets: " + name, Side.COMMAND, "POST", f -> "/api/markets",
                Fixture::organizerToken, body);
    }

    private static BadInput saveProfile(String name, String body) {
        return new BadInput("PUT /api/vendors/me: " + name, Side.COMMAND, "PUT", f -> "/api/vendors/me",
                Fixture::newcomerToken, body);
    }

    private static BadInput apply(String name, String body) {
        return new BadInput("POST applications: " + name, Side.COMMAND, "POST",
                f -> "/api/markets/" + f.market() + "/applications", Fixture::newcomerToken, body);
    }

    private static BadInput decide(String name, String body) {
        return new BadInput("PATCH application: " + name, Side.COMMAND, "PATCH", Fixture::decision,
                Fixture::organizerToken, body);
    }

    static List<BadInput> commandSide() {
        return List.of(
                createMarket("malformed JSON", "{\"name\": \"Unfinished\","),
                createMarket("not a JSON object", "[\"Market\"]"),
                createMarket("an empty body", ""),
                createMarket("unknown field ownerId", "{\"name\": \"Mine now\", \"ownerId\": \"someone-else\"}"),
                createMarket("name of 121 characters", "{\"name\": \"" + chars(121) + "\"}"),
                createMarket("location of 201 characters",
                        "{\"name\": \"Long way\", \"location\": \"" + chars(201) + "\"}"),
                createMarket("blank name", "{\"name\": \"   \", \"location\": \"Town square\"}"),
                createMarket("empty name", "{\"name\": \"\"}"),
                createMarket("no name", "{\"location\": \"Town square\"}"),
                createMarket("U+0000 in the name", "{\"name\": \"Night\\u0000Market\"}"),
                createMarket("a lone surrogate in the location",
                        "{\"name\": \"Moon\", \"location\": \"half \\ud83e a carrot\"}"),

                saveProfile("malformed JSON", "{\"businessName\": "),
                saveProfile("unknown field vendorId", "{\"businessName\": \"Me\", \"vendorId\": \"someone-else\"}"),
                saveProfile("businessName of 121 characters", "{\"businessName\": \"" + chars(121) + "\"}"),
                saveProfile("category of 61 characters",
                        "{\"businessName\": \"Category fan\", \"category\": \"" + chars(61) + "\"}"),
                saveProfile("blank businessName", "{\"businessName\": \" \", \"category\": \"bread\"}"),

                apply("malformed JSON", "{\"note\": \"unterminated}"),
                apply("unknown field vendorId", "{\"note\": \"hi\", \"vendorId\": \"someone-else\"}"),
                apply("note of 2001 characters", "{\"note\": \"" + chars(2001) + "\"}"),
                apply("U+0000 in the note", "{\"note\": \"a\\u0000b\"}"),
                saveProfile("U+0000 in the businessName", "{\"businessName\": \"a\\u0000b\"}"),
                decide("U+0000 in the reason", "{\"status\": \"APPROVED\", \"reason\": \"a\\u0000b\"}"),

                decide("malformed JSON", "{\"status\": APPROVED}"),
                decide("unknown field", "{\"status\": \"APPROVED\", \"decidedBy\": \"someone-else\"}"),
                decide("unknown status value", "{\"status\": \"MAYBE\"}"),
                decide("status WITHDRAWN", "{\"status\": \"WITHDRAWN\"}"),
                decide("status SUBMITTED", "{\"status\": \"SUBMITTED\"}"),
                decide("no status", "{\"reason\": \"forgot the status\"}"),
                decide("reason of 501 characters", "{\"status\": \"APPROVED\", \"reason\": \"" + chars(501) + "\"}"),

                new BadInput("POST close: marketId not a UUID", Side.COMMAND, "POST",
                        f -> "/api/markets/not-a-uuid/close", Fixture::organizerToken, null),
                new BadInput("POST reopen: marketId not a UUID", Side.COMMAND, "POST",
                        f -> "/api/markets/12345/reopen", Fixture::organizerToken, null),
                new BadInput("POST applications: marketId not a UUID", Side.COMMAND, "POST",
                        f -> "/api/markets/not-a-uuid/applications", Fixture::newcomerToken, "{\"note\": \"hi\"}"),
                new BadInput("PATCH application: marketId not a UUID", Side.COMMAND, "PATCH",
                        f -> "/api/markets/not-a-uuid/applications/" + f.application(), Fixture::organizerToken,
                        "{\"status\": \"APPROVED\"}"),
                new BadInput("PATCH application: applicationId not a UUID", Side.COMMAND, "PATCH",
                        f -> "/api/markets/" + f.market() + "/applications/not-a-uuid", Fixture::organizerToken,
                        "{\"status\": \"APPROVED\"}"),
                new BadInput("POST withdraw: marketId not a UUID", Side.COMMAND, "POST",
                        f -> "/api/markets/not-a-uuid/applications/" + f.application() + "/withdraw",
                        Fixture::vendorToken, null),
                new BadInput("POST withdraw: applicationId not a UUID", Side.COMMAND, "POST",
                        f -> "/api/markets/" + f.market() + "/applications/not-a-uuid/withdraw",
                        Fixture::vendorToken, null));
    }

    /** The list routes of the query side, each with a caller who may read it. */
    private record ListRoute(String path, Function<Fixture, String> resolvedPath, Function<Fixture, String> token,
                             boolean takesStatus) {
    }

    private static final List<ListRoute> LIST_ROUTES = List.of(
            new ListRoute("/api/markets", f -> "/api/markets", Fixture::organizerToken, false),
            new ListRoute("/api/markets/{marketId}/applications", f -> "/api/markets/" + f.market() + "/applications",
                    Fixture::organizerToken, true),
            new ListRoute("/api/vendor/applications", f -> "/api/vendor/applications", Fixture::vendorToken, true),
            new ListRoute("/api/directory/markets", f -> "/api/directory/markets", Fixture::vendorToken, false));

    /** Base64url like a real cursor, but not one the API made. */
    private static final String FORGED_CURSOR = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("yesterday|not-an-id".getBytes(StandardCharsets.US_ASCII));

    static List<BadInput> querySide() {
        List<BadInput> rows = new ArrayList<>();
        rows.add(new BadInput("GET /api/markets/{marketId}: not a UUID", Side.QUERY, "GET",
                f -> "/api/markets/not-a-uuid", Fixture::organizerToken, null));
        rows.add(new BadInput("GET /api/markets/{marketId}/applications: not a UUID", Side.QUERY, "GET",
                f -> "/api/markets/not-a-uuid/applications", Fixture::organizerToken, null));
        for (ListRoute route : LIST_ROUTES) {
            List<String> queries = new ArrayList<>(List.of("limit=0", "limit=201", "limit=abc", "limit=-1",
                    "cursor=garbage", "cursor=" + FORGED_CURSOR));
            if (route.takesStatus()) {
                queries.add("status=MAYBE");
            }
            for (String query : queries) {
                rows.add(new BadInput("GET " + route.path() + "?" + query, Side.QUERY, "GET",
                        f -> route.resolvedPath().apply(f) + "?" + query, route.token(), null));
            }
        }
        return rows;
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(commandSide(), massAssignment(), oversizedBodies(), querySide()).flatMap(List::stream);
    }

    private static final AtomicInteger sent = new AtomicInteger();
    private static final AtomicInteger accepted = new AtomicInteger();
    private static final AtomicInteger changedData = new AtomicInteger();

    @ParameterizedTest(name = "{0} -> {6}")
    @MethodSource("badInputs")
    void badInputIsRefusedAndChangesNothing(BadInput input) {
        long events = system.eventCount();

        Reply reply = api.send(input.side(), input.method(), input.path().apply(fixture), input.token().apply(fixture),
                input.body());

        sent.incrementAndGet();
        if (reply.status() / 100 == 2) {
            accepted.incrementAndGet();
        }
        if (system.eventCount() != events) {
            changedData.incrementAndGet();
        }
        assertProblem(reply, input.status());
        assertThat(system.eventCount()).as("events after %s", reply).isEqualTo(events);
    }

    /**
     * A chunked body announces no length: it is refused as soon as reading passes the limit, also when an
     * {@code Idempotency-Key} has the body read in full before the controller.
     */
    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] body = ("{\"name\": \"Big\", \"location\": \"" + chars(2 * MAX_BODY) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (String key : new String[] {null, UUID.randomUUID().toString()}) {
            long events = system.eventCount();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.commandSide() + "/api/markets"))
                    .header("Authorization", "Bearer " + fixture.organizerToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            if (key != null) {
                request.header("Idempotency-Key", key);
            }

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());

            sent.incrementAndGet();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(system.eventCount()).isEqualTo(events);
        }
    }

    /**
     * A chunked body whose chunks are malformed cannot be read: a 400 problem that changes nothing, also when an
     * {@code Idempotency-Key} has the body read before the controller.
     */
    @Test
    void aBodyWithMalformedChunksIs400() throws Exception {
        URI uri = URI.create(system.commandSide() + "/api/markets");
        for (String key : new String[] {null, UUID.randomUUID().toString()}) {
            long events = system.eventCount();
            String request = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Authorization: Bearer " + fixture.organizerToken() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + (key == null ? "" : "Idempotency-Key: " + key + "\r\n")
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "10\r\n{\"name\": \"Chunk\r\nzz\r\n\", \"location\": \"x\"}\r\n0\r\n\r\n";
            String answer;
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }

            sent.incrementAndGet();
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();
            assertThat(head).as("with key %s: %s", key, answer).startsWith("http/1.1 400")
                    .contains("content-type: application/problem+json");
            assertThat(system.eventCount()).isEqualTo(events);
        }
    }

    /** A header value with a control character is refused by the firewall as a 400, before any authentication. */
    @Test
    void aHeaderWithAControlCharacterIs400() {
        long events = system.eventCount();
        Reply reply = api.send(system.commandSide(), "POST", "/api/markets", fixture.organizerToken(),
                "{\"name\": \"Tabbed\"}", Map.of("X-Note", "tab\there"));

        sent.incrementAndGet();
        assertThat(assertProblem(reply, 400).path("type").asText()).endsWith("request-rejected");
        assertThat(reply.body()).doesNotContain("tab");
        assertThat(system.eventCount()).isEqualTo(events);
    }

    @AfterAll
    static void printFigure() {
        System.out.printf("bad inputs %d, accepted %d, data changed %d%n", sent.get(), accepted.get(),
                changedData.get());
    }

    /** The control of the table: at the limits the same requests are accepted, so the 400s above are the input's. */
    @Test
    void valuesAtTheLimitsAreAccepted() {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));

        Reply market = api.command("POST", "/api/markets", organizer,
                "{\"name\": \"" + chars(120) + "\", \"location\": \"" + chars(200) + "\"}");
        assertThat(market.status()).as("%s", market).isEqualTo(201);
        Reply oneCharacter = api.command("POST", "/api/markets", organizer, "{\"name\": \"M\"}");
        assertThat(oneCharacter.status()).as("%s", oneCharacter).isEqualTo(201);

        Reply profile = api.command("PUT", "/api/vendors/me", vendor,
                "{\"businessName\": \"" + chars(120) + "\", \"category\": \"" + chars(60) + "\"}");
        assertThat(profile.status()).as("%s", profile).isIn(200, 201);

        Reply application = api.command("POST", "/api/markets/" + market.id() + "/applications", vendor,
                "{\"note\": \"" + chars(2000) + "\"}");
        assertThat(application.status()).as("%s", application).isEqualTo(201);

        Reply decision = api.command("PATCH", "/api/markets/" + market.id() + "/applications/" + application.id(),
                organizer, "{\"status\": \"WAITLISTED\", \"reason\": \"" + chars(500) + "\"}");
        assertThat(decision.status()).as("%s", decision).isBetween(200, 299);

        for (ListRoute route : LIST_ROUTES) {
            for (String query : List.of("limit=1", "limit=200")) {
                Reply page = api.query(route.resolvedPath().apply(fixture) + "?" + query,
                        route.token().apply(fixture));
                assertThat(page.status()).as("%s", page).isEqualTo(200);
            }
        }
        for (String status : List.of("SUBMITTED", "APPROVED", "REJECTED", "WAITLISTED", "WITHDRAWN")) {
            Reply filtered = api.query("/api/markets/" + fixture.market() + "/applications?status=" + status,
                    fixture.organizerToken());
            assertThat(filtered.status()).as("%s", filtered).isEqualTo(200);
        }
    }
}
