package io.marketflow.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the HTTP contract says the system holds after a sequence of commands, computed from the accepted commands
 * alone: nothing of the product's code is used. It also predicts the answer to each command before it is sent, so
 * that a command the contract refuses (another tenant's object, a missing object, an invalid transition, an invalid
 * field) is known to be refused, and one it allows is known to be accepted.
 *
 * <p>Organizers and vendors are indexes; their subjects live in the test. Objects are the server-made ids the
 * accepted commands returned. Where the contract is silent the model says so: an application without a vendor
 * profile to a missing market may be 404 or 409 (neither says anything about anyone), a text that cannot be stored
 * in a command refused for another reason too may be 400 or that refusal, and an application keeps the business
 * name the vendor had when applying ({@code MarketApplication.vendorName} in shared-api).
 */
final class MarketplaceModel {

    static final int MAX_NAME = 120;
    static final int MAX_LOCATION = 200;
    static final int MAX_BUSINESS_NAME = 120;
    static final int MAX_CATEGORY = 60;
    static final int MAX_NOTE = 2000;
    static final int MAX_REASON = 500;

    /** The contract's application statuses and the changes it allows ("Application status"). */
    enum Status {
        SUBMITTED, APPROVED, REJECTED, WAITLISTED, WITHDRAWN;

        static final Set<Status> ACTIVE = Set.of(SUBMITTED, WAITLISTED, APPROVED);

        boolean canChangeTo(Status target) {
            return switch (this) {
                case SUBMITTED -> target == APPROVED || target == REJECTED || target == WAITLISTED
                        || target == WITHDRAWN;
                case WAITLISTED -> target == APPROVED || target == REJECTED || target == WITHDRAWN;
                case APPROVED -> target == REJECTED || target == WITHDRAWN;
                case REJECTED, WITHDRAWN -> false;
            };
        }
    }

    static final class Market {
        final UUID id;
        final int owner;
        final String name;
        final String location;
        boolean open = true;
        /** Oldest first. */
        final List<Application> applications = new ArrayList<>();

        Market(UUID id, int owner, String name, String location) {
            this.id = id;
            this.owner = owner;
            this.name = name;
            this.location = location;
        }

        Map<Status, Long> counts() {
            Map<Status, Long> counts = new EnumMap<>(Status.class);
            for (Status status : Status.values()) {
                counts.put(status, 0L);
            }
            applications.forEach(application -> counts.merge(application.status, 1L, Long::sum));
            return counts;
        }
    }

    static final class Application {
        final UUID id;
        final Market market;
        final int vendor;
        /** The applicant's business name when applying: later profile changes do not change it. */
        final String vendorName;
        final String note;
        Status status = Status.SUBMITTED;

        Application(UUID id, Market market, int vendor, String vendorName, String note) {
            this.id = id;
            this.market = market;
            this.vendor = vendor;
            this.vendorName = vendorName;
            this.note = note;
        }
    }

    record Profile(String businessName, String category) {
    }

    /**
     * The answers the contract allows to one command, and why. Where it allows more than one, {@code alike} (if not
     * null) names the commands that must all get the same one of them, because the contract makes them
     * indistinguishable: a missing object and another tenant's.
     */
    record Expected(Set<Integer> statuses, String why, String alike) {

        static Expected of(String why, Integer... statuses) {
            return new Expected(Set.of(statuses), why, null);
        }

        boolean allows(int status) {
            return statuses.contains(status);
        }

        boolean accepts() {
            return statuses.stream().allMatch(status -> status >= 200 && status < 300);
        }

        Expected answeredAlike(String group) {
            return new Expected(statuses, why, group);
        }

        @Override
        public String toString() {
            return statuses + " (" + why + (alike == null ? "" : "; the same answer as every " + alike) + ")";
        }
    }

    private final List<Market> markets = new ArrayList<>();
    private final Map<UUID, Market> marketsById = new HashMap<>();
    private final List<Application> applications = new ArrayList<>();
    private final Map<UUID, Application> applicationsById = new HashMap<>();
    /** In the order the vendors first saved one. */
    private final Map<Integer, Profile> profiles = new LinkedHashMap<>();

    // ---- what exists ----

    /** Every market, oldest first. */
    List<Market> markets() {
        return Collections.unmodifiableList(markets);
    }

    /** Every application, oldest first. */
    List<Application> applications() {
        return Collections.unmodifiableList(applications);
    }

    /** The vendors with a profile, in the order they first saved it. */
    List<Integer> vendorsWithProfile() {
        return List.copyOf(profiles.keySet());
    }

    Market market(UUID id) {
        return marketsById.get(id);
    }

    Application application(UUID id) {
        return applicationsById.get(id);
    }

    /** The markets of {@code organizer}, newest first, as the contract lists them. */
    List<Market> marketsOf(int organizer) {
        List<Market> own = new ArrayList<>();
        for (Market market : markets) {
            if (market.owner == organizer) {
                own.add(0, market);
            }
        }
        return own;
    }

    /** The applications of {@code vendor}, newest first. */
    List<Application> applicationsOf(int vendor) {
        List<Application> own = new ArrayList<>();
        for (Application application : applications) {
            if (application.vendor == vendor) {
                own.add(0, application);
            }
        }
        return own;
    }

    /** The applications to {@code market}, newest first. */
    static List<Application> newestFirst(Market market) {
        List<Application> list = new ArrayList<>(market.applications);
        Collections.reverse(list);
        return list;
    }

    /** Open markets, newest first: what the directory shows of this model's markets. */
    List<Market> openMarkets() {
        List<Market> open = new ArrayList<>();
        for (Market market : markets) {
            if (market.open) {
                open.add(0, market);
            }
        }
        return open;
    }

    // ---- predictions ----

    Expected createMarket(String name, String location) {
        if (!validText(name, 1, MAX_NAME) || !validText(location, 0, MAX_LOCATION)) {
            return Expected.of("invalid name or location", 400);
        }
        return refusedIfUnstorable(Expected.of("a new market", 201), name, location);
    }

    Expected closeMarket(int organizer, UUID marketId) {
        Market market = marketsById.get(marketId);
        if (market == null) {
            return Expected.of("no such market", 404);
        }
        if (market.owner != organizer) {
            return Expected.of("another organizer's market", 404);
        }
        return market.open ? Expected.of("closing an open market", 204) : Expected.of("already closed", 409);
    }

    Expected reopenMarket(int organizer, UUID marketId) {
        Market market = marketsById.get(marketId);
        if (market == null) {
            return Expected.of("no such market", 404);
        }
        if (market.owner != organizer) {
            return Expected.of("another organizer's market", 404);
        }
        return market.open ? Expected.of("already open", 409) : Expected.of("reopening a closed market", 204);
    }

    Expected saveProfile(int vendor, String businessName, String category) {
        if (!validText(businessName, 1, MAX_BUSINESS_NAME) || !validText(category, 0, MAX_CATEGORY)) {
            return Expected.of("invalid business name or category", 400);
        }
        Expected saved = profiles.containsKey(vendor)
                ? Expected.of("replacing the profile", 200) : Expected.of("a first profile", 201);
        return refusedIfUnstorable(saved, businessName, category);
    }

    Expected apply(int vendor, UUID marketId, String note) {
        if (!validText(note, 0, MAX_NOTE)) {
            return Expected.of("invalid note", 400);
        }
        return refusedIfUnstorable(applyWithStorableNote(vendor, marketId), note);
    }

    private Expected applyWithStorableNote(int vendor, UUID marketId) {
        Market market = marketsById.get(marketId);
        if (!profiles.containsKey(vendor)) {
            // the contract does not rank "no such market" against "no profile"; either says nothing of anyone
            return market == null
                    ? Expected.of("no vendor profile, and no such market", 404, 409)
                    : Expected.of("no vendor profile", 409);
        }
        if (market == null) {
            return Expected.of("no such market", 404);
        }
        if (!market.open) {
            return Expected.of("the market is closed", 409);
        }
        boolean active = market.applications.stream()
                .anyMatch(application -> application.vendor == vendor && Status.ACTIVE.contains(application.status));
        if (active) {
            return Expected.of("the vendor already has an active application there", 409);
        }
        return Expected.of("a new application", 201);
    }

    Expected decide(int organizer, UUID marketId, UUID applicationId, Status decision, String reason) {
        if (!validText(reason, 0, MAX_REASON)) {
            return Expected.of("invalid reason", 400);
        }
        Expected otherwise = decideWithStorableReason(organizer, marketId, applicationId, decision);
        Expected expected = refusedIfUnstorable(otherwise, reason);
        return !storable(reason) && otherwise.statuses().equals(Set.of(404))
                ? expected.answeredAlike("decision with a reason that cannot be stored on a missing or another "
                        + "organizer's market or application")
                : expected;
    }

    private Expected decideWithStorableReason(int organizer, UUID marketId, UUID applicationId, Status decision) {
        Market market = marketsById.get(marketId);
        if (market == null) {
            return Expected.of("no such market", 404);
        }
        if (market.owner != organizer) {
            return Expected.of("another organizer's market", 404);
        }
        Application application = applicationsById.get(applicationId);
        if (application == null || application.market != market) {
            return Expected.of("no such application in this market", 404);
        }
        if (!application.status.canChangeTo(decision)) {
            return Expected.of(application.status + " cannot become " + decision, 409);
        }
        return Expected.of(application.status + " becomes " + decision, 200, 204);
    }

    Expected withdraw(int vendor, UUID marketId, UUID applicationId) {
        Market market = marketsById.get(marketId);
        if (market == null) {
            return Expected.of("no such market", 404);
        }
        Application application = applicationsById.get(applicationId);
        if (application == null || application.market != market) {
            return Expected.of("no such application in this market", 404);
        }
        if (application.vendor != vendor) {
            return Expected.of("another vendor's application", 404);
        }
        if (!application.status.canChangeTo(Status.WITHDRAWN)) {
            return Expected.of(application.status + " cannot be withdrawn", 409);
        }
        return Expected.of(application.status + " is withdrawn", 204);
    }

    // ---- accepted commands ----

    Market marketCreated(UUID id, int organizer, String name, String location) {
        if (marketsById.containsKey(id)) {
            throw new AssertionError("the server made the market id " + id + " twice");
        }
        Market market = new Market(id, organizer, name, location);
        markets.add(market);
        marketsById.put(id, market);
        return market;
    }

    void marketClosed(UUID marketId) {
        marketsById.get(marketId).open = false;
    }

    void marketReopened(UUID marketId) {
        marketsById.get(marketId).open = true;
    }

    void profileSaved(int vendor, String businessName, String category) {
        profiles.put(vendor, new Profile(businessName, category));
    }

    Application applied(UUID id, int vendor, UUID marketId, String note) {
        if (applicationsById.containsKey(id)) {
            throw new AssertionError("the server made the application id " + id + " twice");
        }
        Market market = marketsById.get(marketId);
        Application application = new Application(id, market, vendor, profiles.get(vendor).businessName(), note);
        market.applications.add(application);
        applications.add(application);
        applicationsById.put(id, application);
        return application;
    }

    void statusChanged(UUID applicationId, Status status) {
        applicationsById.get(applicationId).status = status;
    }

    /**
     * A text that cannot be stored exactly is an invalid field value: a command that would be accepted otherwise is
     * exactly 400, and appends nothing. One refused anyway may get that refusal or 400: the contract does not rank
     * the two.
     */
    private static Expected refusedIfUnstorable(Expected otherwise, String... texts) {
        for (String text : texts) {
            if (!storable(text)) {
                if (otherwise.accepts()) {
                    return Expected.of(otherwise.why() + ", but a text holds U+0000 or a lone surrogate", 400);
                }
                Set<Integer> statuses = new HashSet<>(otherwise.statuses());
                statuses.add(400);
                return new Expected(Set.copyOf(statuses),
                        otherwise.why() + ", and a text holds U+0000 or a lone surrogate", null);
            }
        }
        return otherwise;
    }

    /** Whether PostgreSQL text can hold {@code text} exactly: no U+0000, and every surrogate one of a pair. */
    static boolean storable(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (codePoint == 0 || Character.getType(codePoint) == Character.SURROGATE) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** The contract's length rule: {@code min..max} characters, where a blank text counts as empty. */
    static boolean validText(String text, int min, int max) {
        String value = text == null ? "" : text;
        int length = value.isBlank() ? 0 : value.length();
        return length >= min && value.length() <= max;
    }
}
