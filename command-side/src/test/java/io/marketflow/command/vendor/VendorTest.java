package io.marketflow.command.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorErased;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.api.vendor.VendorProfileRegistered;
import io.marketflow.api.vendor.VendorProfileSaved;
import io.marketflow.api.vendor.VendorProfileUpdated;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.persistence.personal.DataKeyIssuer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class VendorTest {

    private static final VendorId VENDOR = new VendorId("vendor-carla");
    private static final String NAME = "Carla's Cheese";
    private static final String CATEGORY = "cheese";
    private static final Instant REGISTERED_AT = Instant.parse("2025-03-01T09:00:00Z");
    private static final Instant UPDATED_AT = Instant.parse("2025-03-02T09:00:00Z");
    private static final Instant NOW = Instant.parse("2025-03-10T16:45:00.000001Z");

    private FixtureConfiguration<Vendor> fixture;
    // the vendors a data key was issued for, in order
    private final List<String> keysIssued = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Vendor.class);
        fixture.registerInjectableResource((DataKeyIssuer) vendor -> {
            keysIssued.add(vendor);
            return keysIssued.size();
        });
    }

    private static VendorProfileRegistered registered() {
        return new VendorProfileRegistered(VENDOR, NAME, CATEGORY, REGISTERED_AT);
    }

    @Test
    void firstSaveRegistersTheProfile() {
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, NAME, CATEGORY, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new VendorProfileRegistered(VENDOR, NAME, CATEGORY, NOW))
                .expectResultMessagePayload(new VendorProfileSaved(true));
        assertThat(keysIssued).containsExactly(VENDOR.value());
    }

    @Test
    void aProfileMayHaveNoCategory() {
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, NAME, null, NOW))
                .expectEvents(new VendorProfileRegistered(VENDOR, NAME, "", NOW))
                .expectResultMessagePayload(new VendorProfileSaved(true));
    }

    @Test
    void businessNameAndCategoryMayUseTheirFullLength() {
        String name = "n".repeat(Vendor.MAX_BUSINESS_NAME);
        String category = "c".repeat(Vendor.MAX_CATEGORY);
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, name, category, NOW))
                .expectEvents(new VendorProfileRegistered(VENDOR, name, category, NOW));
    }

    @Test
    void savingANewBusinessNameUpdatesTheProfile() {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, "Carla's Cheese & Wine", CATEGORY, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new VendorProfileUpdated(VENDOR, "Carla's Cheese & Wine", CATEGORY, NOW))
                .expectResultMessagePayload(new VendorProfileSaved(false));
    }

    @Test
    void savingANewCategoryUpdatesTheProfile() {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, NAME, "dairy", NOW))
                .expectEvents(new VendorProfileUpdated(VENDOR, NAME, "dairy", NOW))
                .expectResultMessagePayload(new VendorProfileSaved(false));
    }

    @Test
    void anUpdateIsComparedWithTheLatestProfileNotTheFirst() {
        fixture.given(registered(), new VendorProfileUpdated(VENDOR, "Carla's Dairy", "dairy", UPDATED_AT))
                .when(new SaveVendorProfile(VENDOR, NAME, CATEGORY, NOW))
                .expectEvents(new VendorProfileUpdated(VENDOR, NAME, CATEGORY, NOW))
                .expectResultMessagePayload(new VendorProfileSaved(false));
    }

    @Test
    void savingTheSameProfileAgainChangesNothing() {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, NAME, CATEGORY, NOW))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new VendorProfileSaved(false));
    }

    @Test
    void savingTheUpdatedProfileAgainChangesNothing() {
        fixture.given(registered(), new VendorProfileUpdated(VENDOR, "Carla's Dairy", "dairy", UPDATED_AT))
                .when(new SaveVendorProfile(VENDOR, "Carla's Dairy", "dairy", NOW))
                .expectNoEvents()
                .expectResultMessagePayload(new VendorProfileSaved(false));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "  \t "})
    void registeringWithoutABusinessNameIsRefused(String businessName) {
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, businessName, CATEGORY, NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void registeringWithATooLongBusinessNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, "n".repeat(Vendor.MAX_BUSINESS_NAME + 1), CATEGORY, NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void updatingToNoBusinessNameIsRefused(String businessName) {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, businessName, CATEGORY, NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void updatingToATooLongBusinessNameIsRefused() {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, "n".repeat(Vendor.MAX_BUSINESS_NAME + 1), CATEGORY, NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void aTooLongCategoryIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SaveVendorProfile(VENDOR, NAME, "c".repeat(Vendor.MAX_CATEGORY + 1), NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void anErasedVendorSavingAProfileRegistersANewOneUnderANewKey() {
        fixture.given(registered(), new VendorErased(VENDOR, UPDATED_AT))
                .when(new SaveVendorProfile(VENDOR, NAME, CATEGORY, NOW))
                .expectEvents(new VendorProfileRegistered(VENDOR, NAME, CATEGORY, NOW))
                .expectResultMessagePayload(new VendorProfileSaved(true));
        assertThat(keysIssued).containsExactly(VENDOR.value());
    }

    @Test
    void updatingAProfileIssuesNoKey() {
        fixture.given(registered())
                .when(new SaveVendorProfile(VENDOR, "Carla's Other Cheese", CATEGORY, NOW))
                .expectEvents(new VendorProfileUpdated(VENDOR, "Carla's Other Cheese", CATEGORY, NOW));
        assertThat(keysIssued).isEmpty();
    }
}
