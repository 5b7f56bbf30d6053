package io.marketflow.system;

import io.marketflow.system.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A marketplace's ordinary traffic over HTTP, from several clients at once: organizers open, close and reopen
 * markets; vendors keep profiles, apply and withdraw; organizers decide. A refused transition (409) is ordinary
 * traffic too; any other refusal fails the workload.
 */
final class Workload {

    private static final String[] DECISIONS = {"APPROVED", "REJECTED", "WAITLISTED"};

    private final Api api;
    private final Random random;
    private final List<String> organizers = new ArrayList<>();
    private final List<Market> markets = new ArrayList<>();
    private final List<String> vendors = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();

    private record Market(UUID id, String organizer) {
    }

    private record Application(Market market, UUID id, String vendor) {
    }

    /** A marketplace of {@code organizerCount} organizers with {@code marketsEach} markets and {@code vendorCount} vendors. */
    Workload(Api api, long seed, int organizerCount, int marketsEach, int vendorCount) {
        this.api = api;
        this.random = new Random(seed);
        for (int i = 0; i < organizerCount; i++) {
            String organizer = api.organizer(Api.someone("organizer"));
            organizers.add(organizer);
            for (int m = 0; m < marketsEach; m++) {
                markets.add(new Market(api.createMarket(organizer, "Market " + i + "-" + m), organizer));
                acknowledged.incrementAndGet();
            }
        }
        for (int i = 0; i < vendorCount; i++) {
            String vendor = api.vendor(Api.someone("vendor"));
            api.saveVendorProfile(vendor, "Stall " + i);
            acknowledged.incrementAndGet();
            vendors.add(vendor);
        }
    }

    /** Commands answered 2xx so far, set-up included. */
    int acknowledged() {
        return acknowledged.get();
    }

    /** Each vendor applies to {@code applicationsEach} markets, and each application is decided on, from {@code clients} clients. */
    void run(int applicationsEach, int clients) {
        List<Runnable> vendorsWork = new ArrayList<>();
        for (String vendor : vendors) {
            long vendorSeed = random.nextLong();
            vendorsWork.add(() -> vendorSeason(vendor, applicationsEach, new Random(vendorSeed)));
        }
        inParallel(vendorsWork, clients);
    }

    /** Runs rounds of {@link #run} with one application per vendor until {@code stop} is set. */
    void runUntil(AtomicBoolean stop, int clients) {
        while (!stop.get()) {
            run(1, clients);
        }
    }

    private void vendorSeason(String vendor, int applicationsEach, Random random) {
        for (int i = 0; i < applicationsEach; i++) {
            Market market = markets.get(random.nextInt(markets.size()));
            Reply applied = api.command("POST", "/api/markets/" + market.id() + "/applications", vendor,
                    "{\"note\": \"season " + i + "\"}");
            if (applied.status() == 409) {
                continue; // the market is closed
            }
            expect(applied, 201);
            Application application = new Application(market, applied.id(), vendor);
            decide(application, DECISIONS[random.nextInt(DECISIONS.length)]);
            switch (random.nextInt(6)) {
                case 0 -> decide(application, "APPROVED");
                case 1 -> expect(api.command("POST", "/api/markets/" + market.id() + "/applications/"
                        + application.id() + "/withdraw", vendor, null), 204, 409);
                case 2 -> {
                    expect(api.command("POST", "/api/markets/" + market.id() + "/close", market.organizer(), null),
                            204, 409);
                    expect(api.command("POST", "/api/markets/" + market.id() + "/reopen", market.organizer(), null),
                            204, 409);
                }
                default -> {
                }
            }
        }
    }

    private void decide(Application application, String status) {
        expect(api.decide(application.market().organizer(), application.market().id(), application.id(), status),
                200, 409);
    }

    private void expect(Reply reply, int... accepted) {
        for (int status : accepted) {
            if (reply.status() == status) {
                if (status / 100 == 2) {
                    acknowledged.incrementAndGet();
                }
                return;
            }
        }
        throw new AssertionError("unexpected answer " + reply);
    }

    private static void inParallel(List<Runnable> work, int clients) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> task : running) {
                task.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new AssertionError("the workload failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
