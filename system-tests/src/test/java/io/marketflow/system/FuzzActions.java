package io.marketflow.system;

import io.marketflow.system.MarketplaceModel.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The steps of a cross-tenant fuzz sequence, and how they are drawn from a seeded {@link RandomGenerator}. A step
 * names people by index (organizer 0..{@link #ORGANIZERS}-1, vendor 0..{@link #VENDORS}-1) and objects by
 * reference: a reference is resolved, when the step runs, against the objects the sequence has made so far, so that
 * the same seed always means the same requests. A few people act much more than the rest, so that sequences reach
 * deep states (profiles, applications, decisions), while everyone else still appears as the stranger who tries
 * someone else's objects.
 *
 * <p>The frequencies and value distributions are those of the fuzz's first version, drawn by a property-testing
 * library with 60 tries and no edge cases: sequence and text lengths mostly within ten of their minimum
 * ({@link #length}), integers over wide ranges mostly small ({@link #integer}), characters uniform over
 * {@link #CHARACTERS}; texts now also hold {@link #UNSTORABLE} characters.
 */
final class FuzzActions {

    static final int ORGANIZERS = 20;
    static final int VENDORS = 50;

    /** A reference to an object that does not exist: a random id. */
    static final int UNKNOWN = -1;
    /** "The object's owner" (as actor) or "the application's own market" (as market of an application step). */
    static final int OWN = -2;

    private FuzzActions() {
    }

    /** Who asks a query: an organizer, a vendor, or an auditor of an organizer ({@code index} is that organizer). */
    enum Kind { ORGANIZER, VENDOR, AUDITOR }

    record Caller(Kind kind, int index) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + (index == OWN ? " of the owner" : "#" + index);
        }
    }

    /** One step of a sequence. */
    sealed interface Action {
    }

    /** {@code organizer} creates a market. */
    record CreateMarket(int organizer, String name, String location) implements Action {
    }

    /** {@code actor} (an organizer, or {@link #OWN}) closes or reopens the referenced market. */
    record CloseMarket(int actor, int market, long unknownId) implements Action {
    }

    record ReopenMarket(int actor, int market, long unknownId) implements Action {
    }

    record SaveProfile(int vendor, String businessName, String category) implements Action {
    }

    /**
     * A vendor applies to the referenced market: with {@code withProfile}, the vendor is the one of those with a
     * profile that {@code vendor} refers to (modulo their number); else the vendor is simply {@code vendor}.
     */
    record Apply(boolean withProfile, int vendor, int market, String note, long unknownId) implements Action {
    }

    /**
     * {@code actor} (an organizer, or {@link #OWN}) decides on the referenced application, addressed through
     * {@code market} ({@link #OWN}: the application's own market).
     */
    record Decide(int actor, int application, int market, Status decision, String reason, long unknownId)
            implements Action {
    }

    /** {@code actor} (a vendor, or {@link #OWN}: the applicant) withdraws the referenced application. */
    record Withdraw(int actor, int application, int market, long unknownId) implements Action {
    }

    /** {@code GET /api/markets}, first page. */
    record QueryMyMarkets(Caller caller, Integer limit) implements Action {
    }

    /** {@code GET /api/markets/{id}}; a caller of kind ORGANIZER with index {@link #OWN} is the owner. */
    record QueryMarket(Caller caller, int market, long unknownId) implements Action {
    }

    /** {@code GET /api/markets/{id}/applications}, first page, maybe filtered by status. */
    record QueryMarketApplications(Caller caller, int market, Status status, Integer limit, long unknownId)
            implements Action {
    }

    /** {@code GET /api/vendor/applications}, first page, maybe filtered by status. */
    record QueryVendorApplications(Caller caller, Status status, Integer limit) implements Action {
    }

    /** {@code GET /api/vendor/export}: everything held about the caller. */
    record QueryVendorExport(Caller caller) implements Action {
    }

    /** {@code GET /api/directory/markets}, first page. */
    record QueryDirectory(Caller caller, Integer limit) implements Action {
    }

    // ---- generation ----

    /** A sequence of {@code min..max} steps. */
    static List<Action> sequence(RandomGenerator random, int min, int max) {
        int size = length(random, min, max);
        List<Action> actions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            actions.add(action(random));
        }
        return actions;
    }

    static Action action(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(7, FuzzActions::createMarket),
                choice(4, FuzzActions::closeMarket),
                choice(3, FuzzActions::reopenMarket),
                choice(7, FuzzActions::saveProfile),
                choice(18, FuzzActions::apply),
                choice(18, FuzzActions::decide),
                choice(7, FuzzActions::withdraw),
                choice(4, FuzzActions::queryMyMarkets),
                choice(4, FuzzActions::queryMarket),
                choice(5, FuzzActions::queryMarketApplications),
                choice(4, FuzzActions::queryVendorApplications),
                choice(3, FuzzActions::queryVendorExport),
                choice(3, FuzzActions::queryDirectory)));
    }

    private static Action createMarket(RandomGenerator random) {
        return new CreateMarket(organizer(random), name(random), location(random));
    }

    private static Action closeMarket(RandomGenerator random) {
        return new CloseMarket(organizerOrOwner(random), reference(random), anyLong(random));
    }

    private static Action reopenMarket(RandomGenerator random) {
        return new ReopenMarket(organizerOrOwner(random), reference(random), anyLong(random));
    }

    private static Action saveProfile(RandomGenerator random) {
        return new SaveProfile(vendor(random), businessName(random), category(random));
    }

    private static Action apply(RandomGenerator random) {
        return new Apply(random.nextInt(4) != 0, vendor(random), reference(random), note(random), anyLong(random));
    }

    private static Action decide(RandomGenerator random) {
        Status decision = List.of(Status.APPROVED, Status.REJECTED, Status.WAITLISTED).get(random.nextInt(3));
        return new Decide(organizerOrOwner(random), reference(random), marketOfApplication(random), decision,
                reason(random), anyLong(random));
    }

    private static Action withdraw(RandomGenerator random) {
        int actor = oneOf(random, List.of(choice(80, r -> OWN), choice(20, FuzzActions::vendor)));
        return new Withdraw(actor, reference(random), marketOfApplication(random), anyLong(random));
    }

    private static Action queryMyMarkets(RandomGenerator random) {
        return new QueryMyMarkets(organizerRouteCaller(random), limit(random));
    }

    private static Action queryMarket(RandomGenerator random) {
        return new QueryMarket(ownerOrAnyCaller(random), reference(random), anyLong(random));
    }

    private static Action queryMarketApplications(RandomGenerator random) {
        return new QueryMarketApplications(ownerOrAnyCaller(random), reference(random), statusFilter(random),
                limit(random), anyLong(random));
    }

    private static Action queryVendorApplications(RandomGenerator random) {
        Caller caller = oneOf(random, List.of(
                choice(85, r -> new Caller(Kind.VENDOR, vendor(r))),
                choice(10, r -> new Caller(Kind.ORGANIZER, organizer(r))),
                choice(5, r -> new Caller(Kind.AUDITOR, organizer(r)))));
        return new QueryVendorApplications(caller, statusFilter(random), limit(random));
    }

    private static Action queryVendorExport(RandomGenerator random) {
        return new QueryVendorExport(oneOf(random, List.of(
                choice(85, r -> new Caller(Kind.VENDOR, vendor(r))),
                choice(10, r -> new Caller(Kind.ORGANIZER, organizer(r))),
                choice(5, r -> new Caller(Kind.AUDITOR, organizer(r))))));
    }

    private static Action queryDirectory(RandomGenerator random) {
        Caller caller = oneOf(random, List.of(
                choice(1, r -> new Caller(Kind.ORGANIZER, organizer(r))),
                choice(1, r -> new Caller(Kind.VENDOR, vendor(r))),
                choice(1, r -> new Caller(Kind.AUDITOR, organizer(r)))));
        return new QueryDirectory(caller, limit(random));
    }

    // ---- people and references ----

    /** Mostly one of the first five organizers, sometimes any of them. */
    static int organizer(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(7, r -> integer(r, 0, 4)),
                choice(3, r -> integer(r, 0, ORGANIZERS - 1))));
    }

    /** Mostly one of the first ten vendors, sometimes any of them. */
    static int vendor(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(7, r -> integer(r, 0, 9)),
                choice(3, r -> integer(r, 0, VENDORS - 1))));
    }

    /** Mostly the owner, else any organizer (who may happen to be the owner too). */
    private static int organizerOrOwner(RandomGenerator random) {
        return oneOf(random, List.of(choice(70, r -> OWN), choice(30, FuzzActions::organizer)));
    }

    /** A caller of an organizer route: mostly an organizer, sometimes someone without that role. */
    private static Caller organizerRouteCaller(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(80, r -> new Caller(Kind.ORGANIZER, organizer(r))),
                choice(10, r -> new Caller(Kind.VENDOR, vendor(r))),
                choice(10, r -> new Caller(Kind.AUDITOR, organizer(r)))));
    }

    /** As {@link #organizerRouteCaller}, but half the organizers are the owner of the object asked for. */
    private static Caller ownerOrAnyCaller(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(45, r -> new Caller(Kind.ORGANIZER, OWN)),
                choice(35, r -> new Caller(Kind.ORGANIZER, organizer(r))),
                choice(10, r -> new Caller(Kind.VENDOR, vendor(r))),
                choice(10, r -> new Caller(Kind.AUDITOR, r.nextBoolean() ? OWN : organizer(r)))));
    }

    /** An object made so far (taken modulo their number, so any value means one), or sometimes a random id. */
    private static int reference(RandomGenerator random) {
        return oneOf(random, List.of(choice(92, r -> integer(r, 0, 9_999)), choice(8, r -> UNKNOWN)));
    }

    /** The market an application step addresses: mostly the application's own, else another or a random one. */
    private static int marketOfApplication(RandomGenerator random) {
        return oneOf(random, List.of(
                choice(85, r -> OWN),
                choice(10, r -> integer(r, 0, 9_999)),
                choice(5, r -> UNKNOWN)));
    }

    /** No filter (60 %), or any status. */
    private static Status statusFilter(RandomGenerator random) {
        return random.nextDouble() < 0.6 ? null : Status.values()[random.nextInt(Status.values().length)];
    }

    /** No limit (the default 50), a small one (to page), or the largest. */
    private static Integer limit(RandomGenerator random) {
        if (random.nextDouble() < 0.4) {
            return null;
        }
        return oneOf(random, List.of(choice(75, r -> integer(r, 1, 5)), choice(25, r -> 200)));
    }

    // ---- texts: mostly valid, with the boundaries and a few invalid ones ----

    /** Letters, digits and characters that JSON, SQL and HTML treat specially, and some beyond ASCII. */
    static final String CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + " '\"\\<>&%_;-éßüñ中市場";

    /**
     * Characters JSON carries and PostgreSQL text cannot store exactly, drawn uniformly from this string: U+0000 half
     * the time, else a lone surrogate (either half of U+1F955 without the other). The product refuses them with 400.
     */
    static final String UNSTORABLE = "\0\0\uD83E\uDD55";

    /**
     * How often a field's text holds one {@link #UNSTORABLE} character. Per field rather than as more characters of
     * {@link #CHARACTERS}: drawn per character they would be in nearly every text at the longest allowed length
     * (2,000 for a note), and the fuzz would no longer see such texts accepted.
     */
    static final double UNSTORABLE_SHARE = 0.1;

    private static String text(RandomGenerator random, int minLength, int maxLength) {
        int length = length(random, minLength, maxLength);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(CHARACTERS.charAt(random.nextInt(CHARACTERS.length())));
        }
        return text.toString();
    }

    /** A text that is not blank: it starts with a letter. */
    private static String words(RandomGenerator random, int maxLength) {
        return "M" + text(random, 0, maxLength - 1);
    }

    private static String required(RandomGenerator random, int max, Function<RandomGenerator, String> usual) {
        return oneOf(random, List.of(
                choice(90, usual),
                choice(4, r -> "X" + text(r, max - 1, max - 1)),
                choice(3, r -> r.nextBoolean() ? "" : "   "),
                choice(3, r -> "X" + text(r, max, max))));
    }

    private static String optional(RandomGenerator random, int max, Function<RandomGenerator, String> usual) {
        return oneOf(random, List.of(
                choice(93, usual),
                choice(4, r -> text(r, max, max)),
                choice(3, r -> "X" + text(r, max, max))));
    }

    /** {@code text}, or in {@link #UNSTORABLE_SHARE} of cases with one character made unstorable (or added). */
    private static String maybeUnstorable(RandomGenerator random, String text) {
        if (random.nextDouble() >= UNSTORABLE_SHARE) {
            return text;
        }
        String unstorable = String.valueOf(UNSTORABLE.charAt(random.nextInt(UNSTORABLE.length())));
        if (text.isEmpty()) {
            return unstorable;
        }
        int at = random.nextInt(text.length());
        return text.substring(0, at) + unstorable + text.substring(at + 1);
    }

    private static String name(RandomGenerator random) {
        return maybeUnstorable(random, required(random, MarketplaceModel.MAX_NAME, r -> words(r, 30)));
    }

    private static String location(RandomGenerator random) {
        return maybeUnstorable(random, optional(random, MarketplaceModel.MAX_LOCATION, r -> text(r, 0, 30)));
    }

    private static String businessName(RandomGenerator random) {
        return maybeUnstorable(random, required(random, MarketplaceModel.MAX_BUSINESS_NAME, r -> words(r, 30)));
    }

    private static String category(RandomGenerator random) {
        return maybeUnstorable(random, optional(random, MarketplaceModel.MAX_CATEGORY, r -> text(r, 0, 15)));
    }

    private static String note(RandomGenerator random) {
        return maybeUnstorable(random, optional(random, MarketplaceModel.MAX_NOTE, r -> text(r, 0, 40)));
    }

    private static String reason(RandomGenerator random) {
        return maybeUnstorable(random, optional(random, MarketplaceModel.MAX_REASON, r -> text(r, 0, 20)));
    }

    // ---- distributions ----

    /** One way to draw a value, and how often it is taken relative to the others. */
    private record Choice<T>(int weight, Function<RandomGenerator, ? extends T> draw) {
    }

    private static <T> Choice<T> choice(int weight, Function<RandomGenerator, ? extends T> draw) {
        return new Choice<>(weight, draw);
    }

    /** One of {@code choices}, each as often as its weight says. */
    private static <T> T oneOf(RandomGenerator random, List<Choice<T>> choices) {
        int total = choices.stream().mapToInt(Choice::weight).sum();
        int roll = random.nextInt(total);
        for (Choice<T> choice : choices) {
            roll -= choice.weight();
            if (roll < 0) {
                return choice.draw().apply(random);
            }
        }
        throw new IllegalStateException("weights " + total);
    }

    /**
     * A length in {@code min..max}, mostly short: a range of at most ten is uniform; over a wider one, 2 % are
     * {@code max}, 11.76 % lie above {@code min + 10}, and the rest within {@code min..min + 10}.
     */
    static int length(RandomGenerator random, int min, int max) {
        int cutoff = min + 10;
        if (max <= cutoff) {
            return random.nextInt(min, max + 1);
        }
        double roll = random.nextDouble();
        if (roll < 0.02) {
            return max;
        }
        if (roll < 0.02 + 0.98 * 0.12) {
            return random.nextInt(cutoff + 1, max + 1);
        }
        return random.nextInt(min, cutoff + 1);
    }

    /**
     * An integer in {@code min..max}, uniform if the range spans at most 20; a wider one is cut into bands, each
     * band a third as wide as the rest above it ({@code 0..9999}: 0..12, 13..40, 41..122, ..., 3333..9999), and a
     * band is picked uniformly, so small values are much more frequent.
     */
    static int integer(RandomGenerator random, int min, int max) {
        return (int) (min + banded(random, (long) max - min));
    }

    /** Any long, small magnitudes much more frequent than large ones, as {@link #integer} on both sides of 0. */
    static long anyLong(RandomGenerator random) {
        long magnitude = banded(random, Long.MAX_VALUE);
        return random.nextBoolean() ? magnitude : -magnitude - 1;
    }

    /** {@code 0..span}: the bands start at 0, span / 3, span / 9, ... down to the first that is 20 or less. */
    private static long banded(RandomGenerator random, long span) {
        List<Long> starts = new ArrayList<>();
        for (long start = span; start > 20; ) {
            start /= 3;
            starts.add(0, start);
        }
        starts.add(0, 0L);
        int band = random.nextInt(starts.size());
        long low = starts.get(band);
        long high = band + 1 < starts.size() ? starts.get(band + 1) - 1 : span;
        return low + random.nextLong(high - low + 1);
    }
}
