package io.marketflow.command.market;

import static io.marketflow.command.market.MarketScenario.APPLICATION;
import static io.marketflow.command.market.MarketScenario.FIRST_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.MARKET;
import static io.marketflow.command.market.MarketScenario.MARKET_NAME;
import static io.marketflow.command.market.MarketScenario.NOTE;
import static io.marketflow.command.market.MarketScenario.NOW;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR_NAME;
import static io.marketflow.command.market.MarketScenario.OWNER;
import static io.marketflow.command.market.MarketScenario.SECOND_APPLICATION;
import static io.marketflow.command.market.MarketScenario.SECOND_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.VENDOR;
import static io.marketflow.command.market.MarketScenario.VENDOR_NAME;
import static io.marketflow.command.market.MarketScenario.historyWithApplicationIn;
import static io.marketflow.command.market.MarketScenario.marketClosed;
import static io.marketflow.command.market.MarketScenario.marketCreated;
import static io.marketflow.command.market.MarketScenario.marketReopened;
import static io.marketflow.command.market.MarketScenario.sameStateAsReplayingItsEvents;
import static io.marketflow.command.market.MarketScenario.submitted;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.StateConflictException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/** Submitting goes through {@link ApplicationSubmissionHandler}, with vendor profiles kept in a map. */
class ApplicationSubmissionTest {

    private final Map<VendorId, String> businessNames = new HashMap<>();
    private FixtureConfiguration<Market> fixture;

    @BeforeEach
    void setUp() {
        businessNames.put(VENDOR, VENDOR_NAME);
        businessNames.put(OTHER_VENDOR, OTHER_VENDOR_NAME);
        VendorProfiles vendorProfiles = vendor -> Optional.ofNullable(businessNames.get(vendor));
        fixture = new AggregateTestFixture<>(Market.class);
        fixture.registerIgnoredField(Market.class, "applications"); // checked by sameStateAsReplayingItsEvents
        fixture.registerAnnotatedCommandHandler(new ApplicationSubmissionHandler(fixture.getRepository(),
                vendorProfiles));
    }

    private static SubmitApplication submit(VendorId vendor, String note) {
        return new SubmitApplication(MARKET, APPLICATION, vendor, note, NOW);
    }

    @Test
    void vendorSubmitsAnApplicationToAnOpenMarket() {
        fixture.given(marketCreated())
                .when(submit(VENDOR, NOTE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApplicationSubmitted(MARKET, APPLICATION, OWNER, MARKET_NAME, VENDOR, VENDOR_NAME,
                        NOTE, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void theApplicationCarriesTheVendorsCurrentBusinessName() {
        businessNames.put(VENDOR, "Carla's Cheese & Wine");
        fixture.given(marketCreated())
                .when(submit(VENDOR, NOTE))
                .expectEvents(new ApplicationSubmitted(MARKET, APPLICATION, OWNER, MARKET_NAME, VENDOR,
                        "Carla's Cheese & Wine", NOTE, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void anApplicationMayComeWithoutANote(String note) {
        fixture.given(marketCreated())
                .when(submit(VENDOR, note))
                .expectEvents(new ApplicationSubmitted(MARKET, APPLICATION, OWNER, MARKET_NAME, VENDOR, VENDOR_NAME,
                        "", NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void aNoteMayUseItsFullLength() {
        String note = "x".repeat(Market.MAX_NOTE);
        fixture.given(marketCreated())
                .when(submit(VENDOR, note))
                .expectEvents(new ApplicationSubmitted(MARKET, APPLICATION, OWNER, MARKET_NAME, VENDOR, VENDOR_NAME,
                        note, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void aNoteOverTwoThousandCharactersIsRefused() {
        fixture.given(marketCreated())
                .when(submit(VENDOR, "x".repeat(Market.MAX_NOTE + 1)))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void applyingToAClosedMarketIsRefused() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT))
                .when(submit(VENDOR, NOTE))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void applyingToAReopenedMarketIsAccepted() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT), marketReopened(SECOND_CHANGE_AT))
                .when(submit(VENDOR, NOTE))
                .expectEvents(new ApplicationSubmitted(MARKET, APPLICATION, OWNER, MARKET_NAME, VENDOR, VENDOR_NAME,
                        NOTE, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void applyingWithoutAVendorProfileIsRefused() {
        businessNames.remove(VENDOR);
        fixture.given(marketCreated())
                .when(submit(VENDOR, NOTE))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void applyingToAMarketThatDoesNotExistIsNotFound() {
        // the web layer answers AggregateNotFoundException with the same 404 as NotFoundOrNotYoursException
        fixture.givenNoPriorActivity()
                .when(submit(VENDOR, NOTE))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "while the first is {0}")
    @EnumSource(value = ApplicationStatus.class, names = {"SUBMITTED", "WAITLISTED", "APPROVED"})
    void aSecondApplicationWhileTheFirstIsActiveIsRefused(ApplicationStatus firstStatus) {
        fixture.given(historyWithApplicationIn(firstStatus))
                .when(new SubmitApplication(MARKET, SECOND_APPLICATION, VENDOR, NOTE, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "after the first was {0}")
    @EnumSource(value = ApplicationStatus.class, names = {"REJECTED", "WITHDRAWN"})
    void vendorMayApplyAgainOnceTheirApplicationIsFinal(ApplicationStatus firstStatus) {
        fixture.given(historyWithApplicationIn(firstStatus))
                .when(new SubmitApplication(MARKET, SECOND_APPLICATION, VENDOR, "Second try", NOW))
                .expectEvents(new ApplicationSubmitted(MARKET, SECOND_APPLICATION, OWNER, MARKET_NAME, VENDOR,
                        VENDOR_NAME, "Second try", NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void anotherVendorMayApplyWhileTheFirstVendorsApplicationIsActive() {
        fixture.given(marketCreated(), submitted())
                .when(new SubmitApplication(MARKET, SECOND_APPLICATION, OTHER_VENDOR, NOTE, NOW))
                .expectEvents(new ApplicationSubmitted(MARKET, SECOND_APPLICATION, OWNER, MARKET_NAME, OTHER_VENDOR,
                        OTHER_VENDOR_NAME, NOTE, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void reusingAnApplicationIdIsRefused() {
        fixture.given(marketCreated(), submitted())
                .when(new SubmitApplication(MARKET, APPLICATION, OTHER_VENDOR, NOTE, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }
}
