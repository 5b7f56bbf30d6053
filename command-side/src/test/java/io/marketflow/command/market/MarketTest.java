package io.marketflow.command.market;

import static io.marketflow.command.market.MarketScenario.CREATED_AT;
import static io.marketflow.command.market.MarketScenario.FIRST_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.LOCATION;
import static io.marketflow.command.market.MarketScenario.MARKET;
import static io.marketflow.command.market.MarketScenario.MARKET_NAME;
import static io.marketflow.command.market.MarketScenario.NOW;
import static io.marketflow.command.market.MarketScenario.OTHER_ORGANIZER;
import static io.marketflow.command.market.MarketScenario.OWNER;
import static io.marketflow.command.market.MarketScenario.SECOND_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.marketClosed;
import static io.marketflow.command.market.MarketScenario.marketCreated;
import static io.marketflow.command.market.MarketScenario.marketReopened;

import io.marketflow.api.market.CloseMarket;
import io.marketflow.api.market.CreateMarket;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.api.market.ReopenMarket;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MarketTest {

    private FixtureConfiguration<Market> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Market.class);
    }

    // creating

    @Test
    void creatingAMarketRecordsItsOwnerNameLocationAndTime() {
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, MARKET_NAME, LOCATION, CREATED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MarketCreated(MARKET, OWNER, MARKET_NAME, LOCATION, CREATED_AT));
    }

    @Test
    void aMarketMayHaveNoLocation() {
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, MARKET_NAME, "", CREATED_AT))
                .expectEvents(new MarketCreated(MARKET, OWNER, MARKET_NAME, "", CREATED_AT));
    }

    @Test
    void nameAndLocationMayUseTheirFullLength() {
        String name = "n".repeat(Market.MAX_NAME);
        String location = "l".repeat(Market.MAX_LOCATION);
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, name, location, CREATED_AT))
                .expectEvents(new MarketCreated(MARKET, OWNER, name, location, CREATED_AT));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "   \t "})
    void creatingAMarketWithoutANameIsRefused(String name) {
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, name, LOCATION, CREATED_AT))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void creatingAMarketWithATooLongNameIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, "n".repeat(Market.MAX_NAME + 1), LOCATION, CREATED_AT))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void creatingAMarketWithATooLongLocationIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new CreateMarket(MARKET, OWNER, MARKET_NAME, "l".repeat(Market.MAX_LOCATION + 1), CREATED_AT))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    // closing and reopening

    @Test
    void ownerClosesTheirOpenMarket() {
        fixture.given(marketCreated())
                .when(new CloseMarket(MARKET, OWNER, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MarketClosed(MARKET, OWNER, NOW));
    }

    @Test
    void ownerReopensTheirClosedMarket() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT))
                .when(new ReopenMarket(MARKET, OWNER, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MarketReopened(MARKET, OWNER, NOW));
    }

    @Test
    void ownerClosesAMarketAgainAfterReopeningIt() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT), marketReopened(SECOND_CHANGE_AT))
                .when(new CloseMarket(MARKET, OWNER, NOW))
                .expectEvents(new MarketClosed(MARKET, OWNER, NOW));
    }

    @Test
    void cannotCloseAnotherOrganizersMarket() {
        fixture.given(marketCreated())
                .when(new CloseMarket(MARKET, OTHER_ORGANIZER, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void cannotReopenAnotherOrganizersMarket() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT))
                .when(new ReopenMarket(MARKET, OTHER_ORGANIZER, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void anotherOrganizerLearnsNothingAboutTheStateOfAMarketTheyDoNotOwn() {
        // 404 rather than 409: the stranger must not learn that the market exists and is closed
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT))
                .when(new CloseMarket(MARKET, OTHER_ORGANIZER, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void closingAClosedMarketIsRefused() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT))
                .when(new CloseMarket(MARKET, OWNER, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void reopeningAnOpenMarketIsRefused() {
        fixture.given(marketCreated())
                .when(new ReopenMarket(MARKET, OWNER, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void reopeningAReopenedMarketIsRefused() {
        fixture.given(marketCreated(), marketClosed(FIRST_CHANGE_AT), marketReopened(SECOND_CHANGE_AT))
                .when(new ReopenMarket(MARKET, OWNER, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }
}
