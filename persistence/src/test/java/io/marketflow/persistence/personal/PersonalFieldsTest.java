package io.marketflow.persistence.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.db.AdminConnection;
import io.marketflow.db.DatabaseProvisioner;
import io.marketflow.db.DatabaseRole;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sealing and opening personal fields against a real PostgreSQL, under the command role: what is stored holds no
 * plaintext and opens again, a ciphertext moved to another field does not open, an erasure makes the fields read
 * {@code null} and refuses new ones, an erasure waits for a transaction still writing with the key, a writing
 * transaction opens (and locks the keys of) only the fields its side keeps, and a key re-wrapped under a new KEK
 * still opens without the old one.
 */
class PersonalFieldsTest {

    private static final byte[] KEK_A = bytes(1);
    private static final byte[] KEK_B = bytes(2);

    private static LocalPostgres postgres;
    private static HikariDataSource commandPool;
    private static JdbcClient admin;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void database() {
        postgres = LocalPostgres.startTemporary();
        AdminConnection connection = postgres.database("marketflow");
        var properties = new DatabaseProperties(connection.url(), connection.user(), connection.password(), 4, 4,
                Duration.ofSeconds(10), Duration.ofSeconds(2));
        var credentials = new DatabaseProvisioner(connection).provision(EnumSet.of(DatabaseRole.COMMAND))
                .get(DatabaseRole.COMMAND);
        commandPool = RoleDataSources.pool(credentials, properties);
        admin = JdbcClient.create(new DriverManagerDataSource(connection.url(), connection.user(),
                connection.password()));
        transactions = new TransactionTemplate(new DataSourceTransactionManager(commandPool));
    }

    @AfterAll
    static void stop() {
        commandPool.close();
        postgres.close();
    }

    @Test
    void aSealedFieldHoldsNoPlaintextAndOpensAgain() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        ApplicationSubmitted submitted = submission(vendor, "Carla's Cheese", "fresh curds weekly");

        String stored = store.inTransaction(() -> store.write(submitted));

        assertThat(stored).doesNotContain("Carla").doesNotContain("curds").contains("\"personal\":1");
        assertThat(store.inTransaction(() -> store.read(stored))).isEqualTo(submitted);
    }

    @Test
    void aCiphertextMovedToAnotherFieldDoesNotOpen() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        ObjectNode stored = (ObjectNode) store.json.readTree(
                store.inTransaction(() -> store.write(submission(vendor, "Dora's Dairy", "a note"))));
        stored.set("vendorName", stored.get("note"));

        assertThatThrownBy(() -> store.inTransaction(() -> store.read(stored.toString())))
                .hasStackTraceContaining("does not open under its own identity");
    }

    @Test
    void afterAnErasureTheFieldsReadNullAndNewOnesAreRefused() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        ApplicationSubmitted submitted = submission(vendor, "Emil's Eggs", "free range");
        String stored = store.inTransaction(() -> store.write(submitted));

        assertThat(store.inTransaction(() -> store.keys.destroyAll(vendor))).isEqualTo(1);

        ApplicationSubmitted read = store.inTransaction(() -> store.read(stored));
        assertThat(read.vendorName()).isNull();
        assertThat(read.note()).isNull();
        assertThat(read.applicationId()).isEqualTo(submitted.applicationId());
        assertThatThrownBy(() -> store.inTransaction(() -> store.write(submitted)))
                .hasRootCauseInstanceOf(PersonalDataErasedException.class);
        assertThat(admin.sql("SELECT count(*) FROM vendor_data_key WHERE vendor_id = ? AND wrapped_key IS NOT NULL")
                .param(vendor).query(Integer.class).single()).isZero();
    }

    @Test
    void aProjectorsTransactionOpensOnlyTheFieldsProjectionsKeep() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        ApplicationSubmitted submitted = submission(vendor, "Fay's Flowers", "tulips in spring");
        String stored = store.inTransaction(() -> store.write(submitted));
        Store projector = new Store(KeyEncryptionKeys.of(KEK_A, null), Set.of("ApplicationSubmitted.vendorName"));

        ApplicationSubmitted projected = projector.inTransaction(() -> projector.read(stored));

        assertThat(projected.vendorName()).isEqualTo("Fay's Flowers");
        assertThat(projected.note()).isNull();
        assertThat(projected.applicationId()).isEqualTo(submitted.applicationId());
        // a reading transaction (history, as-of, export) opens every field
        assertThat(projector.readingTransaction(() -> projector.read(stored))).isEqualTo(submitted);
    }

    @Test
    void aFieldToOpenThatNoMessageDeclaresStopsTheSideFromStarting() {
        assertThat(PersonalFields.declared()).contains("ApplicationSubmitted.vendorName", "ApplicationSubmitted.note",
                "ApplicationRejected.reason", "VendorProfileRegistered.businessName", "VendorProfileUpdated.category");
        assertThat(PersonalFields.declared()).doesNotContain("ApplicationSubmitted.vendor",
                "ApplicationSubmitted.marketName");

        assertThatThrownBy(() -> new Store(KeyEncryptionKeys.of(KEK_A, null),
                Set.of("ApplicationSubmitted.vendorName", "ApplicationSubmitted.vendorname")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[ApplicationSubmitted.vendorname]");
    }

    @Test
    void aProjectorsBatchHoldsTheKeyOfWhatItOpensUntilItCommits() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        String stored = store.inTransaction(() -> store.write(submission(vendor, "Hal's Honey", "raw and local")));
        Store projector = new Store(KeyEncryptionKeys.of(KEK_A, null), Set.of("ApplicationSubmitted.vendorName"),
                false);

        // an erasure's update would wait for the batch: its segment's insert commits before VendorErased exists
        assertThatThrownBy(() -> projector.inTransaction(() -> {
            assertThat(projector.read(stored).vendorName()).isEqualTo("Hal's Honey");
            return lockKeysAtOnce(vendor);
        })).hasMessageContaining("could not obtain lock");
        // the control: once the batch has committed, nothing holds the key
        assertThat(lockKeysAtOnce(vendor)).isEqualTo(1);
    }

    @Test
    void aCommandLoadingASubmissionThatNoAggregateKeepsOpensNothingAndHoldsNoKey() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        ApplicationSubmitted submitted = submission(vendor, "Gus's Greens", "kale all year");
        String stored = store.inTransaction(() -> store.write(submitted));
        Store command = new Store(KeyEncryptionKeys.of(KEK_A, null), Set.of("VendorProfileRegistered.businessName"));

        boolean keyFree = command.inTransaction(() -> {
            ApplicationSubmitted loaded = command.read(stored);
            assertThat(loaded.vendorName()).isNull();
            assertThat(loaded.note()).isNull();
            assertThat(loaded.vendor().value()).isEqualTo(vendor);
            // while this command is still open, another transaction may lock the applicant's key at once
            return lockKeysAtOnce(vendor) == 1;
        });

        assertThat(keyFree).as("the applicant's key, not held by the loading command").isTrue();
        // the control: a command that opens the field holds the key until it ends
        Store opening = new Store(KeyEncryptionKeys.of(KEK_A, null));
        assertThatThrownBy(() -> opening.inTransaction(() -> {
            assertThat(opening.read(stored).vendorName()).isEqualTo("Gus's Greens");
            return lockKeysAtOnce(vendor);
        })).hasMessageContaining("could not obtain lock");
    }

    @Test
    void textStoredBeforeFieldsWereSealedIsReadAsItIs() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        ApplicationSubmitted plain = submission("vendor-" + UUID.randomUUID(), "Old Farm", "stored in 2025");
        String legacy = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(plain);

        assertThat(store.inTransaction(() -> store.read(legacy))).isEqualTo(plain);
    }

    @Test
    void aVendorWhoNeverHadAKeyIsGivenOneUnlessTheyWereErased() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String profiledBeforeSealing = "vendor-" + UUID.randomUUID();
        ApplicationSubmitted submitted = submission(profiledBeforeSealing, "Hana's Honey", "raw");

        String stored = store.inTransaction(() -> store.write(submitted));
        assertThat(stored).doesNotContain("Hana");
        assertThat(store.inTransaction(() -> store.read(stored))).isEqualTo(submitted);

        String erasedBeforeSealing = "vendor-" + UUID.randomUUID();
        assertThat(store.inTransaction(() -> store.keys.destroyAll(erasedBeforeSealing))).isZero();
        assertThatThrownBy(() -> store.inTransaction(
                () -> store.write(submission(erasedBeforeSealing, "Ivo's Ices", "vanilla"))))
                .hasRootCauseInstanceOf(PersonalDataErasedException.class);
    }

    @Test
    void anErasureWaitsForATransactionStillWritingWithTheKey() throws Exception {
        Store store = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(store);
        CompletableFuture<Void> writerHolds = new CompletableFuture<>();
        CompletableFuture<Void> writerMayCommit = new CompletableFuture<>();
        CompletableFuture<String> writer = CompletableFuture.supplyAsync(() -> store.inTransaction(() -> {
            String stored = store.write(submission(vendor, "Fritz's Fruit", "apples"));
            writerHolds.complete(null);
            writerMayCommit.get(30, TimeUnit.SECONDS);
            return stored;
        }));
        writerHolds.get(30, TimeUnit.SECONDS);

        CompletableFuture<Integer> erasure = CompletableFuture.supplyAsync(
                () -> store.inTransaction(() -> store.keys.destroyAll(vendor)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waitingOnALock() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(waitingOnALock()).as("the erasure waits for the writer's lock").isEqualTo(1);
        assertThat(erasure).isNotDone();

        writerMayCommit.complete(null);
        String written = writer.get(30, TimeUnit.SECONDS);
        assertThat(erasure.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        // what the writer committed before the erasure is erased with the rest
        assertThat(store.inTransaction(() -> store.read(written)).vendorName()).isNull();
    }

    @Test
    void aKeyReWrappedUnderANewKekOpensWithoutTheOldOne() throws Exception {
        Store underA = new Store(KeyEncryptionKeys.of(KEK_A, null));
        String vendor = newVendor(underA);
        ApplicationSubmitted submitted = submission(vendor, "Greta's Greens", "kale");
        String stored = underA.inTransaction(() -> underA.write(submitted));

        Store onlyB = new Store(KeyEncryptionKeys.of(KEK_B, null));
        assertThatThrownBy(() -> onlyB.inTransaction(() -> onlyB.read(stored)))
                .as("the control: without the old KEK the key does not unwrap")
                .hasStackTraceContaining("neither MARKETFLOW_KEK nor MARKETFLOW_KEK_PREVIOUS");

        Store rotating = new Store(KeyEncryptionKeys.of(KEK_B, KEK_A));
        assertThat(rotating.inTransaction(() -> rotating.read(stored))).isEqualTo(submitted);
        int rewrapped;
        do {
            rewrapped = rotating.inTransaction(() -> rotating.keys.rewrap(100));
        } while (rewrapped > 0);
        assertThat(admin.sql("SELECT count(*) FROM vendor_data_key WHERE wrapped_key IS NOT NULL AND kek_id <> ?")
                .param(KeyEncryptionKeys.of(KEK_B, null).currentId()).query(Integer.class).single()).isZero();

        assertThat(onlyB.inTransaction(() -> onlyB.read(stored))).isEqualTo(submitted);
    }

    private static long waitingOnALock() {
        return admin.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE usename = 'marketflow_command' AND wait_event_type = 'Lock'""")
                .query(Long.class).single();
    }

    /** Locks {@code vendor}'s key rows in a transaction of their own, failing at once if another one holds them. */
    private static int lockKeysAtOnce(String vendor) {
        return admin.sql("SELECT count(*) FROM (SELECT 1 FROM vendor_data_key WHERE vendor_id = ? FOR UPDATE NOWAIT) k")
                .param(vendor).query(Integer.class).single();
    }

    private static String newVendor(Store store) {
        String vendor = "vendor-" + UUID.randomUUID();
        store.inTransaction(() -> store.keys.issueFor(vendor));
        return vendor;
    }

    private static ApplicationSubmitted submission(String vendor, String name, String note) {
        return new ApplicationSubmitted(new MarketId(UUID.randomUUID()), new ApplicationId(UUID.randomUUID()),
                new OrganizerId("organizer-olga"), "Saturday Market", new VendorId(vendor), name, note,
                Instant.parse("2026-06-01T08:00:00Z"));
    }

    private static byte[] bytes(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    /** The storage mapper of one side, under the given KEKs, refusing writes for erased vendors. */
    private static final class Store {

        final VendorDataKeys keys;
        final ObjectMapper json;

        Store(KeyEncryptionKeys keks) {
            this(keks, null);
        }

        /** With {@code openWhenWriting}: what a writing transaction opens, a projector's or a command's. */
        Store(KeyEncryptionKeys keks, Set<String> openWhenWriting) {
            this(keks, openWhenWriting, true);
        }

        /** {@code commandSide} false: the query side's keys, which issue none. */
        Store(KeyEncryptionKeys keks, Set<String> openWhenWriting, boolean commandSide) {
            this.keys = new VendorDataKeys(List.of(commandPool), keks, commandSide);
            this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .registerModule(new PersonalFields(keys, true, openWhenWriting).module());
        }

        String write(ApplicationSubmitted event) throws Exception {
            return json.writeValueAsString(event);
        }

        ApplicationSubmitted read(String stored) throws Exception {
            return json.readValue(stored, ApplicationSubmitted.class);
        }

        <T> T readingTransaction(Work<T> work) {
            TransactionTemplate reading = new TransactionTemplate(transactions.getTransactionManager());
            reading.setReadOnly(true);
            return inTransaction(reading, work);
        }

        <T> T inTransaction(Work<T> work) {
            return inTransaction(transactions, work);
        }

        private static <T> T inTransaction(TransactionTemplate transactions, Work<T> work) {
            return transactions.execute(status -> {
                try {
                    return work.run();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }
}
