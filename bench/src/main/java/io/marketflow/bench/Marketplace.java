package io.marketflow.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The data a scenario starts from, made through the public API like any client would: organizers with their
 * markets, vendors with their profiles, and applications waiting for a decision.
 */
final class Marketplace {

    record Market(UUID id, String organizerToken) {
    }

    record Application(Market market, UUID id) {
    }

    private final BenchSystem system;
    final List<Market> markets = Collections.synchronizedList(new ArrayList<>());
    final List<String> vendors = Collections.synchronizedList(new ArrayList<>());

    Marketplace(BenchSystem system) {
        this.system = system;
    }

    String organizerToken(String subject) {
        return system.token(subject, "organizer");
    }

    /** {@code organizers} organizers with {@code marketsEach} markets each, and {@code vendorCount} vendors. */
    Marketplace open(int organizers, int marketsEach, int vendorCount, int clients) {
        List<Runnable> work = new ArrayList<>();
        for (int o = 0; o < organizers; o++) {
            String token = organizerToken("organizer-" + o);
            for (int m = 0; m < marketsEach; m++) {
                String name = "Market " + o + "-" + m;
                work.add(() -> markets.add(new Market(Http.require(Http.send("POST", system.commandSide()
                        + "/api/markets", token, "{\"name\":\"" + name + "\",\"location\":\"Square\"}"),
                        "creating a market").json().get("id").asText().transform(UUID::fromString), token)));
            }
        }
        for (int v = 0; v < vendorCount; v++) {
            String token = system.token("vendor-" + v, "vendor");
            int index = v;
            work.add(() -> {
                Http.require(Http.send("PUT", system.commandSide() + "/api/vendors/me", token,
                        "{\"businessName\":\"Stall " + index + "\",\"category\":\"vegetables\"}"), "saving a profile");
                vendors.add(token);
            });
        }
        inParallel(work, clients);
        markets.sort(Comparator.comparing(Market::id));
        return this;
    }

    /** {@code count} new applications, spread over the markets, from vendors that have none open there yet. */
    List<Application> apply(int count, int clients) {
        List<Application> made = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> work = new ArrayList<>();
        int perMarket = (count + markets.size() - 1) / markets.size();
        if (perMarket > vendors.size()) {
            throw new IllegalArgumentException(count + " applications need " + perMarket + " vendors per market");
        }
        for (int i = 0; i < count; i++) {
            Market market = markets.get(i % markets.size());
            String vendor = vendors.get(i / markets.size());
            work.add(() -> made.add(new Application(market, Http.require(Http.send("POST", system.commandSide()
                    + "/api/markets/" + market.id() + "/applications", vendor, "{\"note\":\"benchmark\"}"),
                    "applying").json().get("id").asText().transform(UUID::fromString))));
        }
        long started = System.nanoTime();
        inParallel(work, clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[setup] %,d applications submitted in %.1f s (%,.0f/s)%n", made.size(), seconds,
                made.size() / seconds);
        return made;
    }

    static void inParallel(List<Runnable> work, int clients) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = work.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> task : running) {
                task.get(10, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("setting up the marketplace failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
