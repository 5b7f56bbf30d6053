package io.marketflow.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.system.Api.Reply;
import io.marketflow.system.Api.Side;
import io.marketflow.system.FuzzActions.Action;
import io.marketflow.system.FuzzActions.Apply;
import io.marketflow.system.FuzzActions.Caller;
import io.marketflow.system.FuzzActions.CloseMarket;
import io.marketflow.system.FuzzActions.CreateMarket;
import io.marketflow.system.FuzzActions.Decide;
import io.marketflow.system.FuzzActions.Kind;
import io.marketflow.system.FuzzActions.QueryDirectory;
import io.marketflow.system.FuzzActions.QueryMarket;
import io.marketflow.system.FuzzActions.QueryMarketApplications;
import io.marketflow.system.FuzzActions.QueryMyMarkets;
import io.marketflow.system.FuzzActions.QueryVendorApplications;
import io.marketflow.system.FuzzActions.QueryVendorExport;
import io.marketflow.system.FuzzActions.ReopenMarket;
import io.marketflow.system.FuzzActions.SaveProfile;
import io.marketflow.system.FuzzActions.Withdraw;
import io.marketflow.system.MarketplaceModel.Application;
import io.marketflow.system.MarketplaceModel.Expected;
import io.marketflow.system.MarketplaceModel.Market;
import io.marketflow.system.MarketplaceModel.Status;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 3, "Property-based cross-tenant fuzz": random interleavings of every command and every query of the HTTP
 * contract, by {@value FuzzActions#ORGANIZERS} organizers, {@value FuzzActions#VENDORS} vendors and auditors, on
 * their own and on each other's objects, against the running system.
 *
 * <ul>
 *   <li>Every command gets the answer that {@link MarketplaceModel} predicts from the commands accepted before it:
 *       another tenant's object is 404 like a missing one, an invalid transition 409, an invalid field 400.</li>
 *   <li>Every item any caller receives, at any moment, belongs to the caller's tenant: an organizer's markets and
 *       their applications, a vendor's own applications, and from the directory nothing but id, name and location.
 *       Each item that does not is a leak; there must be none.</li>
 *   <li>Once the query side has caught up, every organizer's markets (all pages), each market's details, counts and
 *       applications, every vendor's applications and the directory's share of this sequence's markets equal the
 *       model exactly.</li>
 * </ul>
 *
 * <p>Each try uses fresh subjects, so tries never see each other's data. 60 tries of 60 to 90 steps make about 9,500
 * calls and take a little over a minute on two cores. Each try draws its page size (1..7) and its steps from its own
 * seed, derived from one master seed: random, printed at the start, or given with
 * {@code -Dmarketflow.fuzz.seed=<long>}; {@code -Dmarketflow.fuzz.try=<n>} runs try n alone. A failing try's message
 * names both seeds, with the command that reruns just that try, and lists every step with its request, answer and the
 * answer the model expected. No shrinking: each candidate would be a full run against the system.
 *
 * <p>Printed at the end: how often each kind of step got each answer, how long the read models took to catch up, and
 * the figure {@code cross-tenant fuzz: sequences N, calls M, leaks 0}.
 */
class CrossTenantFuzzIT {

    private static final int TRIES = 60;
    private static final int MIN_STEPS = 60;
    private static final int MAX_STEPS = 90;
    private static final int MAX_PAGE_SIZE = 7;
    private static final String SEED_PROPERTY = "marketflow.fuzz.seed";
    private static final String TRY_PROPERTY = "marketflow.fuzz.try";

    private static final MarketflowSystem system = MarketflowSystem.get();
    private static final Api api = new Api(system);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    private static final Set<String> DIRECTORY_FIELDS = Set.of("id", "name", "location");

    private static final AtomicLong sequences = new AtomicLong();
    private static final AtomicLong calls = new AtomicLong();
    private static final AtomicLong leaks = new AtomicLong();
    /** How often each kind of step got each answer, to see that the sequences reach every case. */
    private static final Map<String, Long> outcomes = new TreeMap<>();
    private static long startedAt;
    /** Per try: how long after its last step the read models first equalled the model. */
    private static final List<Long> convergenceMillis = new ArrayList<>();
    /** During the sequences: how long after its creation the owner was still told 404 about their market. */
    private static final List<Long> notYetVisibleMillis = new ArrayList<>();
    /** Per {@link Expected#alike()} group, the first answer and the step that got it. */
    private static final Map<String, Answer> alikeAnswers = new HashMap<>();

    private record Answer(int status, String step) {
    }

    @TestFactory
    Stream<DynamicTest> noCallerEverSeesAnotherTenantsDataAndTheReadModelsFollowTheAcceptedCommands() {
        long masterSeed = property(SEED_PROPERTY, new SplittableRandom().nextLong());
        Long only = property(TRY_PROPERTY, null);
        if (only != null && (only < 1 || only > TRIES)) {
            throw new IllegalArgumentException("-D" + TRY_PROPERTY + " must be 1.." + TRIES + ": " + only);
        }
        System.out.println("cross-tenant fuzz: master seed " + masterSeed + " (-D" + SEED_PROPERTY + "=" + masterSeed
                + " runs the same " + TRIES + " tries again)");
        return IntStream.rangeClosed(1, TRIES)
                .filter(number -> only == null || number == only)
                .mapToObj(number -> {
                    long seed = trySeed(masterSeed, number);
                    return DynamicTest.dynamicTest("try " + number + " (seed " + seed + ")",
                            () -> runTry(masterSeed, number, seed));
                });
    }

    /** The seed of try {@code number} (1-based): the number-th long of a generator seeded with the master seed. */
    static long trySeed(long masterSeed, int number) {
        SplittableRandom seeds = new SplittableRandom(masterSeed);
        long seed = 0;
        for (int i = 0; i < number; i++) {
            seed = seeds.nextLong();
        }
        return seed;
    }

    private static Long property(String name, Long otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a number: " + value, e);
        }
    }

    private static void runTry(long masterSeed, int number, long seed) {
        if (startedAt == 0) {
            startedAt = System.nanoTime();
        }
        RandomGenerator random = new SplittableRandom(seed);
        int pageSize = random.nextInt(1, MAX_PAGE_SIZE + 1);
        List<Action> actions = FuzzActions.sequence(random, MIN_STEPS, MAX_STEPS);
        Run run = new Run(number, pageSize);
        try {
            for (Action action : actions) {
                run.step(action);
            }
            run.requireNoLeaks("during the sequence");
            run.awaitConvergence();
            run.requireNoLeaks("while comparing the read models");
        } catch (AssertionError | RuntimeException e) {
            // a failed check's own message is in this one; keep where it failed, without repeating it unescaped
            AssertionError failure = new AssertionError(visible("try " + number + " of " + TRIES + " failed (master "
                    + "seed " + masterSeed + ", try seed " + seed + ", page size " + pageSize + ", " + actions.size()
                    + " steps): " + e.getMessage() + "\n\nrerun just this try: ./mvnw -B verify -pl system-tests "
                    + "-Dit.test=CrossTenantFuzzIT -D" + SEED_PROPERTY + "=" + masterSeed + " -D" + TRY_PROPERTY + "="
                    + number + "\n\n" + run.transcript()), e instanceof AssertionError ? e.getCause() : e);
            if (e instanceof AssertionError) {
                failure.setStackTrace(e.getStackTrace());
            }
            throw failure;
        } finally {
            sequences.incrementAndGet();
        }
    }

    /**
     * {@code text} with U+0000, the other control characters but the line feed, and lone surrogates written as
     * escapes (a backslash, u and four hex digits), so that a failure reads the same in every console and report.
     */
    static String visible(String text) {
        StringBuilder visible = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if ((c < 0x20 && c != '\n') || c == 0x7f || (Character.isSurrogate(c) && !paired)) {
                visible.append(String.format("\\u%04x", (int) c));
            } else {
                visible.append(c);
            }
        }
        return visible.toString();
    }

    @AfterAll
    static void summary() {
        System.out.println("cross-tenant fuzz outcomes (step: expected because -> answer):");
        outcomes.forEach((outcome, count) -> System.out.printf("  %6d  %s%n", count, outcome));
        if (!convergenceMillis.isEmpty()) {
            System.out.printf("cross-tenant fuzz convergence: the read models caught up within %d ms on average, "
                            + "%d ms at most%n",
                    Math.round(convergenceMillis.stream().mapToLong(Long::longValue).average().orElse(0)),
                    convergenceMillis.stream().mapToLong(Long::longValue).max().orElse(0));
        }
        if (!notYetVisibleMillis.isEmpty()) {
            System.out.printf("cross-tenant fuzz lag: %d owner queries during the sequences found their market not "
                            + "yet projected, up to %d ms after it was created%n", notYetVisibleMillis.size(),
                    notYetVisibleMillis.stream().mapToLong(Long::longValue).max().orElse(0));
        }
        if (startedAt != 0) {
            System.out.printf("cross-tenant fuzz took %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
        }
        System.out.println("cross-tenant fuzz: sequences " + sequences.get() + ", calls " + calls.get()
                + ", leaks " + leaks.get());
    }

    /** One try: its people, its model, and what happened so far. */
    private static final class Run {

        private final String runId = UUID.randomUUID().toString();
        private final int number;
        private final int pageSize;
        private final MarketplaceModel model = new MarketplaceModel();
        private final Map<Caller, String> tokens = new HashMap<>();
        private final List<String> log = new ArrayList<>();
        private final List<String> leakReports = new ArrayList<>();
        /** When each market's creation was answered, for the lag statistics. */
        private final Map<UUID, Long> createdNanos = new HashMap<>();

        Run(int number, int pageSize) {
            this.number = number;
            this.pageSize = pageSize;
        }

        // ---- people ----

        String organizerSubject(int index) {
            return "fuzz-organizer-" + index + "-" + runId;
        }

        String vendorSubject(int index) {
            return "fuzz-vendor-" + index + "-" + runId;
        }

        String token(Caller caller) {
            return tokens.computeIfAbsent(caller, c -> switch (c.kind()) {
                case ORGANIZER -> api.organizer(organizerSubject(c.index()));
                case VENDOR -> api.vendor(vendorSubject(c.index()));
                case AUDITOR -> api.auditor("fuzz-auditor-" + c.index() + "-" + runId, organizerSubject(c.index()));
            });
        }

        String organizerToken(int index) {
            return token(new Caller(Kind.ORGANIZER, index));
        }

        String vendorToken(int index) {
            return token(new Caller(Kind.VENDOR, index));
        }

        // ---- references ----

        UUID unknownId(long seed) {
            return new UUID(0x0f0f_0f0f_0f0f_4f0fL, seed);
        }

        /** The referenced market of this run (modulo their number), or a random id. */
        UUID marketId(int reference, long unknown) {
            List<Market> markets = model.markets();
            if (reference == FuzzActions.UNKNOWN || markets.isEmpty()) {
                return unknownId(unknown);
            }
            return markets.get(reference % markets.size()).id;
        }

        Application application(int reference) {
            List<Application> applications = model.applications();
            if (reference == FuzzActions.UNKNOWN || applications.isEmpty()) {
                return null;
            }
            return applications.get(reference % applications.size());
        }

        int ownerOr(int actor, UUID marketId) {
            if (actor != FuzzActions.OWN) {
                return actor;
            }
            Market market = model.market(marketId);
            return market == null ? 0 : market.owner;
        }

        // ---- steps ----

        void step(Action action) {
            if (action instanceof CreateMarket create) {
                createMarket(create);
            } else if (action instanceof CloseMarket close) {
                UUID marketId = marketId(close.market(), close.unknownId());
                int organizer = ownerOr(close.actor(), marketId);
                Reply reply = command(action, "POST", "/api/markets/" + marketId + "/close",
                        organizerToken(organizer), null, model.closeMarket(organizer, marketId));
                if (reply.status() == 204) {
                    model.marketClosed(marketId);
                }
            } else if (action instanceof ReopenMarket reopen) {
                UUID marketId = marketId(reopen.market(), reopen.unknownId());
                int organizer = ownerOr(reopen.actor(), marketId);
                Reply reply = command(action, "POST", "/api/markets/" + marketId + "/reopen",
                        organizerToken(organizer), null, model.reopenMarket(organizer, marketId));
                if (reply.status() == 204) {
                    model.marketReopened(marketId);
                }
            } else if (action instanceof SaveProfile save) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("businessName", save.businessName());
                body.put("category", save.category());
                Reply reply = command(action, "PUT", "/api/vendors/me", vendorToken(save.vendor()), body,
                        model.saveProfile(save.vendor(), save.businessName(), save.category()));
                if (is2xx(reply)) {
                    model.profileSaved(save.vendor(), save.businessName(), save.category());
                }
            } else if (action instanceof Apply apply) {
                UUID marketId = marketId(apply.market(), apply.unknownId());
                List<Integer> withProfile = model.vendorsWithProfile();
                int vendor = apply.withProfile() && !withProfile.isEmpty()
                        ? withProfile.get(apply.vendor() % withProfile.size()) : apply.vendor();
                Reply reply = command(action, "POST", "/api/markets/" + marketId + "/applications",
                        vendorToken(vendor), Map.of("note", apply.note()), model.apply(vendor, marketId, apply.note()));
                if (reply.status() == 201) {
                    model.applied(createdId(reply), vendor, marketId, apply.note());
                }
            } else if (action instanceof Decide decide) {
                decide(decide);
            } else if (action instanceof Withdraw withdraw) {
                withdraw(withdraw);
            } else if (action instanceof QueryMyMarkets query) {
                queryMyMarkets(query);
            } else if (action instanceof QueryMarket query) {
                queryMarket(query);
            } else if (action instanceof QueryMarketApplications query) {
                queryMarketApplications(query);
            } else if (action instanceof QueryVendorApplications query) {
                queryVendorApplications(query);
            } else if (action instanceof QueryVendorExport query) {
                queryVendorExport(query);
            } else if (action instanceof QueryDirectory query) {
                Reply reply = query(action, "/api/directory/markets" + params(null, query.limit()),
                        token(query.caller()));
                requireStatus(reply, Set.of(200), "the directory is open to every role");
                checkDirectory(query.caller(), reply);
            } else {
                throw new IllegalArgumentException("unknown step " + action);
            }
        }

        private void createMarket(CreateMarket create) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", create.name());
            body.put("location", create.location());
            Reply reply = command(create, "POST", "/api/markets", organizerToken(create.organizer()), body,
                    model.createMarket(create.name(), create.location()));
            if (reply.status() == 201) {
                Market market = model.marketCreated(createdId(reply), create.organizer(), create.name(),
                        create.location());
                createdNanos.put(market.id, System.nanoTime());
            }
        }

        private void decide(Decide decide) {
            Application application = application(decide.application());
            UUID applicationId = application == null ? unknownId(decide.unknownId()) : application.id;
            UUID marketId;
            if (decide.market() == FuzzActions.OWN) {
                marketId = application == null
                        ? marketId((int) Math.floorMod(decide.unknownId(), 10_000L), decide.unknownId())
                        : application.market.id;
            } else {
                marketId = marketId(decide.market(), decide.unknownId());
            }
            int organizer = decide.actor() != FuzzActions.OWN ? decide.actor()
                    : application != null ? application.market.owner : ownerOr(FuzzActions.OWN, marketId);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", decide.decision().name());
            body.put("reason", decide.reason());
            Reply reply = command(decide, "PATCH", "/api/markets/" + marketId + "/applications/" + applicationId,
                    organizerToken(organizer), body,
                    model.decide(organizer, marketId, applicationId, decide.decision(), decide.reason()));
            if (is2xx(reply)) {
                if (reply.status() == 200) {
                    JsonNode answer = reply.json();
                    check(decide.decision().name().equals(answer.path("status").asText())
                                    && applicationId.toString().equals(answer.path("id").asText()),
                            "the decision's answer names the application and its new status: " + reply);
                }
                model.statusChanged(applicationId, decide.decision());
            }
        }

        private void withdraw(Withdraw withdraw) {
            Application application = application(withdraw.application());
            UUID applicationId = application == null ? unknownId(withdraw.unknownId()) : application.id;
            UUID marketId;
            if (withdraw.market() == FuzzActions.OWN) {
                marketId = application == null
                        ? marketId((int) Math.floorMod(withdraw.unknownId(), 10_000L), withdraw.unknownId())
                        : application.market.id;
            } else {
                marketId = marketId(withdraw.market(), withdraw.unknownId());
            }
            int vendor = withdraw.actor() != FuzzActions.OWN ? withdraw.actor()
                    : application != null ? application.vendor : 0;
            Reply reply = command(withdraw, "POST",
                    "/api/markets/" + marketId + "/applications/" + applicationId + "/withdraw",
                    vendorToken(vendor), null, model.withdraw(vendor, marketId, applicationId));
            if (reply.status() == 204) {
                model.statusChanged(applicationId, Status.WITHDRAWN);
            }
        }

        private void queryMyMarkets(QueryMyMarkets query) {
            Reply reply = query(query, "/api/markets" + params(null, query.limit()), token(query.caller()));
            if (query.caller().kind() != Kind.ORGANIZER) {
                leakIfAnswered(query.caller(), reply);
                requireStatus(reply, Set.of(403), "GET /api/markets needs the organizer role");
                return;
            }
            requireStatus(reply, Set.of(200), "an organizer lists their markets");
            checkMyMarkets(query.caller().index(), reply);
        }

        private void queryMarket(QueryMarket query) {
            UUID marketId = marketId(query.market(), query.unknownId());
            Caller caller = resolve(query.caller(), marketId);
            Reply reply = query(query, who(caller, marketId), "/api/markets/" + marketId, token(caller));
            checkMarketDetails(caller, marketId, reply, false);
        }

        private void queryMarketApplications(QueryMarketApplications query) {
            UUID marketId = marketId(query.market(), query.unknownId());
            Caller caller = resolve(query.caller(), marketId);
            Reply reply = query(query, who(caller, marketId), "/api/markets/" + marketId + "/applications"
                    + params(query.status(), query.limit()), token(caller));
            checkMarketApplications(caller, marketId, query.status(), reply, false);
        }

        private void queryVendorApplications(QueryVendorApplications query) {
            Reply reply = query(query, "/api/vendor/applications" + params(query.status(), query.limit()),
                    token(query.caller()));
            if (query.caller().kind() != Kind.VENDOR) {
                leakIfAnswered(query.caller(), reply);
                requireStatus(reply, Set.of(403), "GET /api/vendor/applications needs the vendor role");
                return;
            }
            requireStatus(reply, Set.of(200), "a vendor lists their applications");
            checkVendorApplications(query.caller().index(), query.status(), reply);
        }

        private void queryVendorExport(QueryVendorExport query) {
            Reply reply = query(query, "/api/vendor/export", token(query.caller()));
            if (query.caller().kind() != Kind.VENDOR) {
                leakIfAnswered(query.caller(), reply);
                requireStatus(reply, Set.of(403), "GET /api/vendor/export needs the vendor role");
                return;
            }
            requireStatus(reply, Set.of(200), "a vendor exports their data");
            checkVendorExport(query.caller().index(), reply);
        }

        /** How the caller stands to the market, for the outcome statistics. */
        private String who(Caller caller, UUID marketId) {
            Market market = model.market(marketId);
            String relation = market == null ? "a missing market"
                    : caller.kind() == Kind.VENDOR ? "an existing market"
                    : market.owner == caller.index() ? "the owner's market" : "another organizer's market";
            return " by " + caller.kind().name().toLowerCase() + ", " + relation;
        }

        /** A caller whose index is {@link FuzzActions#OWN} is the owner of the market (or auditor of the owner). */
        private Caller resolve(Caller caller, UUID marketId) {
            return caller.index() == FuzzActions.OWN
                    ? new Caller(caller.kind(), ownerOr(FuzzActions.OWN, marketId)) : caller;
        }

        // ---- what callers may receive ----

        private void checkMyMarkets(int organizer, Reply reply) {
            Set<UUID> own = ids(model.marketsOf(organizer));
            for (JsonNode item : items(reply)) {
                if (!own.contains(uuid(item.path("id")))) {
                    leak(organizerSubject(organizer) + " received a market that is not theirs: " + item, reply);
                }
            }
        }

        /** {@code converged}: the query side has caught up, so the owner's market must be there. */
        private void checkMarketDetails(Caller caller, UUID marketId, Reply reply, boolean converged) {
            if (caller.kind() != Kind.ORGANIZER) {
                leakIfAnswered(caller, reply);
                requireStatus(reply, Set.of(403), "market details need the organizer role");
                return;
            }
            Market market = model.market(marketId);
            boolean owner = market != null && market.owner == caller.index();
            if (!owner) {
                if (reply.status() == 200) {
                    leak(organizerSubject(caller.index()) + " received the details of a market that is not theirs",
                            reply);
                }
                requireStatus(reply, Set.of(404), "another organizer's or a missing market");
                return;
            }
            requireStatus(reply, converged ? Set.of(200) : Set.of(200, 404), "the owner asks for their market");
            notYetVisible(marketId, reply);
            if (reply.status() == 200) {
                JsonNode details = reply.json();
                if (!marketId.toString().equals(details.path("id").asText())) {
                    leak(organizerSubject(caller.index()) + " asked for " + marketId + " and received another market",
                            reply);
                }
                check(market.name.equals(details.path("name").asText())
                                && market.location.equals(details.path("location").asText()),
                        "the market's name and location are as created: " + reply);
            }
        }

        private void checkMarketApplications(Caller caller, UUID marketId, Status filter, Reply reply,
                                             boolean converged) {
            if (caller.kind() != Kind.ORGANIZER) {
                leakIfAnswered(caller, reply);
                requireStatus(reply, Set.of(403), "a market's applications need the organizer role");
                return;
            }
            Market market = model.market(marketId);
            boolean owner = market != null && market.owner == caller.index();
            if (!owner) {
                leakIfAnswered(caller, reply);
                requireStatus(reply, Set.of(404), "another organizer's or a missing market");
                return;
            }
            requireStatus(reply, converged ? Set.of(200) : Set.of(200, 404), "the owner lists the applications");
            notYetVisible(marketId, reply);
            if (reply.status() != 200) {
                return;
            }
            for (JsonNode item : items(reply)) {
                Application application = model.application(uuid(item.path("id")));
                if (application == null || application.market != market
                        || !marketId.toString().equals(item.path("marketId").asText())
                        || !vendorSubject(application.vendor).equals(item.path("vendorId").asText())) {
                    leak(organizerSubject(caller.index()) + " received an application that is not of their market "
                            + marketId + ": " + item, reply);
                } else if (filter != null) {
                    check(filter.name().equals(item.path("status").asText()),
                            "status=" + filter + " lists only " + filter + ": " + item);
                }
            }
        }

        private void notYetVisible(UUID marketId, Reply reply) {
            Long created = createdNanos.get(marketId);
            if (reply.status() == 404 && created != null) {
                notYetVisibleMillis.add((System.nanoTime() - created) / 1_000_000);
            }
        }

        private void checkVendorApplications(int vendor, Status filter, Reply reply) {
            for (JsonNode item : items(reply)) {
                Application application = model.application(uuid(item.path("id")));
                if (application == null || application.vendor != vendor
                        || !application.market.id.toString().equals(item.path("marketId").asText())) {
                    leak(vendorSubject(vendor) + " received an application that is not theirs: " + item, reply);
                } else if (filter != null) {
                    check(filter.name().equals(item.path("status").asText()),
                            "status=" + filter + " lists only " + filter + ": " + item);
                }
            }
        }

        private void checkDirectory(Caller caller, Reply reply) {
            for (JsonNode item : items(reply)) {
                Set<String> fields = new HashSet<>();
                item.fieldNames().forEachRemaining(fields::add);
                if (!DIRECTORY_FIELDS.containsAll(fields)) {
                    leak(caller + " received a directory entry with more than id, name and location: " + item, reply);
                }
                Market market = model.market(uuid(item.path("id")));
                if (market != null) {
                    check(market.name.equals(item.path("name").asText())
                                    && market.location.equals(item.path("location").asText()),
                            "a directory entry shows the market's name and location: " + item);
                }
            }
        }

        /** An export holds the vendor's own applications and events, nothing about anyone else. */
        private void checkVendorExport(int vendor, Reply reply) {
            JsonNode export = reply.json();
            for (JsonNode item : export.path("applications")) {
                Application application = model.application(uuid(item.path("applicationId")));
                if (application == null || application.vendor != vendor) {
                    leak(vendorSubject(vendor) + " exported an application that is not theirs: " + item, reply);
                }
            }
            for (JsonNode event : export.path("events")) {
                JsonNode payload = event.path("payload");
                String about = payload.has("vendorId") ? payload.path("vendorId").path("value").asText()
                        : payload.path("vendor").path("value").asText();
                if (!vendorSubject(vendor).equals(about)) {
                    leak(vendorSubject(vendor) + " exported an event about " + about + ": " + event, reply);
                }
            }
        }

        /** A refused caller got 2xx: whatever the answer holds (at least its existence) is a leak. */
        private void leakIfAnswered(Caller caller, Reply reply) {
            if (is2xx(reply)) {
                JsonNode body = reply.body().isEmpty() ? null : reply.json();
                int items = body != null && body.path("items").isArray() ? body.path("items").size() : 0;
                for (int i = 0; i < Math.max(1, items); i++) {
                    leak(caller + " was answered where the contract refuses them", reply);
                }
            }
        }

        private void leak(String what, Reply reply) {
            leaks.incrementAndGet();
            leakReports.add(what + "\n    " + reply);
        }

        void requireNoLeaks(String when) {
            if (!leakReports.isEmpty()) {
                throw new AssertionError(leakReports.size() + " leaks " + when + ":\n  "
                        + String.join("\n  ", leakReports));
            }
        }

        // ---- convergence ----

        void awaitConvergence() {
            long start = System.nanoTime();
            try {
                await().atMost(CONVERGENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                        .until(() -> differences(true).isEmpty());
                convergenceMillis.add((System.nanoTime() - start) / 1_000_000);
            } catch (ConditionTimeoutException e) {
                List<String> differences = differences(false);
                if (!differences.isEmpty()) {
                    throw new AssertionError("the read models still differ from the model of the accepted commands "
                            + "after " + CONVERGENCE.toSeconds() + " s:\n  " + String.join("\n  ", differences));
                }
            }
        }

        /** How the read models differ from the model: nothing once the query side has caught up. */
        List<String> differences(boolean firstOnly) {
            List<String> differences = new ArrayList<>();
            Consumer<String> differ = difference -> {
                differences.add(difference);
                if (firstOnly) {
                    throw new FirstDifference();
                }
            };
            try {
                compare(differ);
            } catch (FirstDifference found) {
                // one is enough to poll again
            }
            return differences;
        }

        private static final class FirstDifference extends RuntimeException {
            FirstDifference() {
                super(null, null, false, false);
            }
        }

        private void compare(Consumer<String> differ) {
            for (int organizer = 0; organizer < FuzzActions.ORGANIZERS; organizer++) {
                int o = organizer;
                List<String> expected = model.marketsOf(o).stream()
                        .map(m -> line(m.id, m.name, m.location, m.open)).toList();
                List<String> actual = allPages("/api/markets", null, organizerToken(o), differ,
                        reply -> checkMyMarkets(o, reply)).stream()
                        .map(item -> line(item.path("id").asText(), item.path("name").asText(),
                                item.path("location").asText(), item.path("open").asBoolean()))
                        .toList();
                if (!expected.equals(actual)) {
                    differ.accept("GET /api/markets of " + organizerSubject(o) + ": expected " + expected
                            + " but was " + actual);
                }
            }
            for (Market market : model.markets()) {
                Caller owner = new Caller(Kind.ORGANIZER, market.owner);
                Reply details = query(null, "/api/markets/" + market.id, token(owner));
                if (details.status() != 200) {
                    differ.accept("the owner's GET /api/markets/" + market.id + " answered " + details);
                } else {
                    checkMarketDetails(owner, market.id, details, true);
                    JsonNode json = details.json();
                    String expected = line(market.id, market.name, market.location, market.open, counts(market));
                    String actual = line(json.path("id").asText(), json.path("name").asText(),
                            json.path("location").asText(), json.path("open").asBoolean(), json.path("counts"));
                    if (!expected.equals(actual)) {
                        differ.accept("GET /api/markets/" + market.id + ": expected " + expected + " but was "
                                + actual);
                    }
                }
                List<String> expected = MarketplaceModel.newestFirst(market).stream()
                        .map(a -> line(a.id, a.market.id, vendorSubject(a.vendor), a.vendorName, a.status, a.note))
                        .toList();
                List<String> actual = allPages("/api/markets/" + market.id + "/applications", null, token(owner),
                        differ, reply -> checkMarketApplications(owner, market.id, null, reply, true)).stream()
                        .map(item -> line(item.path("id").asText(), item.path("marketId").asText(),
                                item.path("vendorId").asText(), item.path("vendorName").asText(),
                                item.path("status").asText(), item.path("note").asText()))
                        .toList();
                if (!expected.equals(actual)) {
                    differ.accept("GET /api/markets/" + market.id + "/applications: expected " + expected
                            + " but was " + actual);
                }
            }
            for (int vendor = 0; vendor < FuzzActions.VENDORS; vendor++) {
                int v = vendor;
                List<String> expected = model.applicationsOf(v).stream()
                        .map(a -> line(a.id, a.market.id, a.market.name, a.status)).toList();
                List<String> actual = allPages("/api/vendor/applications", null, vendorToken(v), differ,
                        reply -> checkVendorApplications(v, null, reply)).stream()
                        .map(item -> line(item.path("id").asText(), item.path("marketId").asText(),
                                item.path("marketName").asText(), item.path("status").asText()))
                        .toList();
                if (!expected.equals(actual)) {
                    differ.accept("GET /api/vendor/applications of " + vendorSubject(v) + ": expected " + expected
                            + " but was " + actual);
                }
            }
            Caller anyone = new Caller(Kind.VENDOR, 0);
            List<String> expected = model.openMarkets().stream().map(m -> line(m.id, m.name, m.location)).toList();
            List<String> actual = allPages("/api/directory/markets", 200, token(anyone), differ,
                    reply -> checkDirectory(anyone, reply)).stream()
                    .filter(item -> model.market(uuid(item.path("id"))) != null)
                    .map(item -> line(item.path("id").asText(), item.path("name").asText(),
                            item.path("location").asText()))
                    .toList();
            if (!expected.equals(actual)) {
                differ.accept("GET /api/directory/markets, this sequence's markets: expected " + expected
                        + " but was " + actual);
            }
        }

        private static Map<String, Long> counts(Market market) {
            Map<String, Long> counts = new LinkedHashMap<>();
            market.counts().forEach((status, count) -> counts.put(status.name(), count));
            return counts;
        }

        /** Every item of every page, following {@code nextCursor}; each page is checked for leaks. */
        private List<JsonNode> allPages(String path, Integer limit, String token, Consumer<String> differ,
                                        Consumer<Reply> check) {
            int size = limit == null ? pageSize : limit;
            List<JsonNode> all = new ArrayList<>();
            Set<String> cursors = new HashSet<>();
            String cursor = null;
            do {
                String url = path + "?limit=" + size
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                Reply reply = query(null, url, token);
                if (reply.status() != 200) {
                    differ.accept(url + " answered " + reply);
                    return all;
                }
                check.accept(reply);
                JsonNode page = reply.json();
                check(page.path("items").size() <= size, "a page holds at most limit items: " + reply);
                page.path("items").forEach(all::add);
                JsonNode next = page.path("nextCursor");
                cursor = next.isMissingNode() || next.isNull() ? null : next.asText();
                check(cursor == null || cursors.add(cursor), "a cursor that repeats: " + reply);
            } while (cursor != null);
            return all;
        }

        private static String line(Object... fields) {
            StringBuilder line = new StringBuilder();
            for (Object field : fields) {
                if (line.length() > 0) {
                    line.append(" | ");
                }
                line.append(field instanceof JsonNode node && node.isObject() ? sorted(node) : String.valueOf(field));
            }
            return line.toString();
        }

        private static String sorted(JsonNode counts) {
            Map<String, Long> map = new LinkedHashMap<>();
            for (Status status : Status.values()) {
                JsonNode count = counts.get(status.name());
                map.put(status.name(), count == null ? null : count.asLong());
            }
            Iterator<String> names = counts.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                map.putIfAbsent(name, counts.get(name).asLong());
            }
            return map.toString();
        }

        // ---- HTTP ----

        private Reply command(Action action, String method, String path, String token, Object body,
                              Expected expected) {
            calls.incrementAndGet();
            Reply reply = api.send(Side.COMMAND, method, path, token, body == null ? null : json(body));
            log.add(String.format("#%d %s%n      %s -> %d %s%n      expected %s", log.size() + 1, action,
                    reply.request(), reply.status(), abbreviate(reply.body()), expected));
            outcome(action.getClass().getSimpleName() + ": " + expected.why() + " -> " + reply.status());
            if (!expected.allows(reply.status())) {
                throw new AssertionError("step #" + log.size() + " " + action + ": expected " + expected
                        + " but the command side answered " + reply);
            }
            if (expected.alike() != null) {
                String step = "try " + number + " step #" + log.size() + " " + reply.request();
                Answer first = alikeAnswers.putIfAbsent(expected.alike(), new Answer(reply.status(), step));
                if (first != null && first.status() != reply.status()) {
                    throw new AssertionError("step #" + log.size() + " " + action + ": answered " + reply.status()
                            + " but " + first.status() + " to " + first.step() + ", though every " + expected.alike()
                            + " must get the same answer (a missing object and another tenant's look alike); "
                            + "the earlier step may be of another try: rerun all tries with its master seed\n    "
                            + reply);
                }
            }
            return reply;
        }

        /** A query; {@code action} is null for the comparison after the sequence, which is not logged. */
        private Reply query(Action action, String path, String token) {
            return query(action, "", path, token);
        }

        private Reply query(Action action, String who, String path, String token) {
            calls.incrementAndGet();
            Reply reply = api.send(Side.QUERY, "GET", path, token, null);
            if (action != null) {
                outcome(action.getClass().getSimpleName() + who + " -> " + reply.status());
                log.add(String.format("#%d %s%n      %s -> %d %s", log.size() + 1, action, reply.request(),
                        reply.status(), abbreviate(reply.body())));
            }
            return reply;
        }

        private static void outcome(String outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }

        private void requireStatus(Reply reply, Set<Integer> allowed, String why) {
            if (!allowed.contains(reply.status())) {
                throw new AssertionError("expected " + allowed + " (" + why + ") but got " + reply);
            }
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new AssertionError(message);
            }
        }

        private static String params(Status status, Integer limit) {
            List<String> params = new ArrayList<>();
            if (status != null) {
                params.add("status=" + status.name());
            }
            if (limit != null) {
                params.add("limit=" + limit);
            }
            return params.isEmpty() ? "" : "?" + String.join("&", params);
        }

        private static UUID createdId(Reply reply) {
            try {
                return reply.id();
            } catch (RuntimeException e) {
                throw new AssertionError("a 201 without an id: " + reply, e);
            }
        }

        private static boolean is2xx(Reply reply) {
            return reply.status() >= 200 && reply.status() < 300;
        }

        private static JsonNode[] items(Reply reply) {
            JsonNode items = reply.json().path("items");
            if (!items.isArray()) {
                throw new AssertionError("a list answer without items: " + reply);
            }
            JsonNode[] array = new JsonNode[items.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = items.get(i);
            }
            return array;
        }

        private static Set<UUID> ids(List<Market> markets) {
            Set<UUID> ids = new HashSet<>();
            markets.forEach(market -> ids.add(market.id));
            return ids;
        }

        private static UUID uuid(JsonNode node) {
            try {
                return UUID.fromString(node.asText());
            } catch (IllegalArgumentException e) {
                throw new AssertionError("not an id: " + node, e);
            }
        }

        /**
         * The body as JSON, a lone surrogate written as its JSON escape (a backslash, u and four hex digits): sent as
         * it is, the UTF-8 encoder would turn it into '?' and the server would never see it.
         */
        private static String json(Object body) {
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            StringBuilder escaped = new StringBuilder(json.length());
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < json.length()
                        && Character.isLowSurrogate(json.charAt(i + 1));
                if (pair) {
                    escaped.append(c).append(json.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    escaped.append(String.format("\\u%04x", (int) c));
                } else {
                    escaped.append(c);
                }
            }
            return escaped.toString();
        }

        private static String abbreviate(String text) {
            return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
        }

        String transcript() {
            return (leakReports.isEmpty() ? "" : "leaks so far:\n  " + String.join("\n  ", leakReports) + "\n")
                    + "subjects: fuzz-{organizer,vendor,auditor}-<index>-" + runId + ", page size " + pageSize
                    + "\nsteps:\n  " + String.join("\n  ", log);
        }
    }
}
