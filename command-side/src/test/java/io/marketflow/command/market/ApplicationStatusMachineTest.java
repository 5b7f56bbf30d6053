package io.marketflow.command.market;

import static io.marketflow.api.application.ApplicationStatus.APPROVED;
import static io.marketflow.api.application.ApplicationStatus.REJECTED;
import static io.marketflow.api.application.ApplicationStatus.SUBMITTED;
import static io.marketflow.api.application.ApplicationStatus.WAITLISTED;
import static io.marketflow.api.application.ApplicationStatus.WITHDRAWN;
import static io.marketflow.command.market.MarketScenario.APPLICATION;
import static io.marketflow.command.market.MarketScenario.FIRST_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.MARKET;
import static io.marketflow.command.market.MarketScenario.NOW;
import static io.marketflow.command.market.MarketScenario.OTHER_ORGANIZER;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR_NAME;
import static io.marketflow.command.market.MarketScenario.OWNER;
import static io.marketflow.command.market.MarketScenario.SECOND_APPLICATION;
import static io.marketflow.command.market.MarketScenario.UNKNOWN_APPLICATION;
import static io.marketflow.command.market.MarketScenario.VENDOR;
import static io.marketflow.command.market.MarketScenario.approved;
import static io.marketflow.command.market.MarketScenario.historyWithApplicationIn;
import static io.marketflow.command.market.MarketScenario.marketClosed;
import static io.marketflow.command.market.MarketScenario.marketCreated;
import static io.marketflow.command.market.MarketScenario.rejected;
import static io.marketflow.command.market.MarketScenario.sameStateAsReplayingItsEvents;
import static io.marketflow.command.market.MarketScenario.submitted;
import static io.marketflow.command.market.MarketScenario.waitlisted;
import static io.marketflow.command.market.MarketScenario.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.api.application.ApplicationApproved;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.DecideOnApplication;
import io.marketflow.api.application.WithdrawApplication;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * Every change of an application's status, allowed and refused, generated from the table in API.md
 * ("Application status"), which is written out here on its own rather than taken from the code under test.
 */
class ApplicationStatusMachineTest {

    private static final Map<ApplicationStatus, Set<ApplicationStatus>> CONTRACT = Map.of(
            SUBMITTED, EnumSet.of(APPROVED, REJECTED, WAITLISTED, WITHDRAWN),
            WAITLISTED, EnumSet.of(APPROVED, REJECTED, WITHDRAWN),
            APPROVED, EnumSet.of(REJECTED, WITHDRAWN),
            REJECTED, EnumSet.noneOf(ApplicationStatus.class),
            WITHDRAWN, EnumSet.noneOf(ApplicationStatus.class));

    private static final List<ApplicationStatus> DECISIONS = List.of(APPROVED, REJECTED, WAITLISTED);
    private static final String REASON = "Great fit for the cheese row";

    private FixtureConfiguration<Market> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Market.class);
        fixture.registerIgnoredField(Market.class, "applications"); // checked by sameStateAsReplayingItsEvents
    }

    static Stream<Arguments> allowedDecisions() {
        return decisions(true);
    }

    static Stream<Arguments> refusedDecisions() {
        return decisions(false);
    }

    private static Stream<Arguments> decisions(boolean allowed) {
        return Stream.of(ApplicationStatus.values())
                .flatMap(from -> DECISIONS.stream()
                        .filter(to -> CONTRACT.get(from).contains(to) == allowed)
                        .map(to -> Arguments.of(from, to)));
    }

    static Stream<ApplicationStatus> withdrawableStatuses() {
        return Stream.of(ApplicationStatus.values()).filter(from -> CONTRACT.get(from).contains(WITHDRAWN));
    }

    static Stream<ApplicationStatus> unwithdrawableStatuses() {
        return Stream.of(ApplicationStatus.values()).filter(from -> !CONTRACT.get(from).contains(WITHDRAWN));
    }

    private static Object expectedDecisionEvent(ApplicationStatus from, ApplicationStatus to, String reason) {
        return switch (to) {
            case APPROVED -> approved(from, reason, NOW);
            case REJECTED -> rejected(from, reason, NOW);
            case WAITLISTED -> waitlisted(from, reason, NOW);
            default -> throw new IllegalArgumentException(to + " is no decision");
        };
    }

    @Test
    void theGeneratedCasesCoverEveryPairOfStatusAndChange() {
        assertThat(allowedDecisions().count() + refusedDecisions().count())
                .isEqualTo((long) ApplicationStatus.values().length * DECISIONS.size());
        assertThat(withdrawableStatuses().count() + unwithdrawableStatuses().count())
                .isEqualTo(ApplicationStatus.values().length);
        assertThat(allowedDecisions().count()).isEqualTo(6);
        assertThat(withdrawableStatuses()).containsExactlyInAnyOrder(SUBMITTED, WAITLISTED, APPROVED);
    }

    // organizer decisions

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowedDecisions")
    void ownerDecidesWhereTheStatusMachineAllowsIt(ApplicationStatus from, ApplicationStatus to) {
        fixture.given(historyWithApplicationIn(from))
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, to, REASON, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(expectedDecisionEvent(from, to, REASON))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedDecisions")
    void ownersDecisionIsRefusedWhereTheStatusMachineForbidsIt(ApplicationStatus from, ApplicationStatus to) {
        fixture.given(historyWithApplicationIn(from))
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, to, REASON, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void approvingAWithdrawnApplicationIsRefused() {
        fixture.given(marketCreated(), submitted(), withdrawn(SUBMITTED, FIRST_CHANGE_AT))
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, APPROVED, "", NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aDecisionMayComeWithoutAReason(String reason) {
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, APPROVED, reason, NOW))
                .expectEvents(approved(SUBMITTED, "", NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void aReasonMayUseItsFullLength() {
        String reason = "r".repeat(Market.MAX_REASON);
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, REJECTED, reason, NOW))
                .expectEvents(rejected(SUBMITTED, reason, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest
    @EnumSource(value = ApplicationStatus.class, names = {"APPROVED", "REJECTED", "WAITLISTED"})
    void aReasonOverFiveHundredCharactersIsRefused(ApplicationStatus decision) {
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, decision, "r".repeat(Market.MAX_REASON + 1),
                        NOW))
                .expectException(InvalidCommandException.class)
                .expectNoEvents();
    }

    @Test
    void ownerStillDecidesOnApplicationsAfterClosingTheMarket() {
        fixture.given(marketCreated(), submitted(), marketClosed(FIRST_CHANGE_AT))
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, APPROVED, REASON, NOW))
                .expectEvents(approved(SUBMITTED, REASON, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @Test
    void eachApplicationKeepsItsOwnStatus() {
        fixture.given(marketCreated(), submitted(), approved(SUBMITTED, "", FIRST_CHANGE_AT),
                        submitted(SECOND_APPLICATION, OTHER_VENDOR, OTHER_VENDOR_NAME))
                .when(new DecideOnApplication(MARKET, SECOND_APPLICATION, OWNER, APPROVED, REASON, NOW))
                .expectEvents(new ApplicationApproved(MARKET, SECOND_APPLICATION, OWNER, OTHER_VENDOR, SUBMITTED,
                        REASON, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest
    @EnumSource(value = ApplicationStatus.class, names = {"APPROVED", "REJECTED", "WAITLISTED"})
    void cannotDecideOnApplicationOfAnotherOrganizersMarket(ApplicationStatus decision) {
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, APPLICATION, OTHER_ORGANIZER, decision, REASON, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(ApplicationStatus.class)
    void anotherOrganizerLearnsNothingFromTheApplicationsStatus(ApplicationStatus status) {
        // 404 whatever the status, never the 409 that would reveal the application exists
        fixture.given(historyWithApplicationIn(status))
                .when(new DecideOnApplication(MARKET, APPLICATION, OTHER_ORGANIZER, APPROVED, REASON, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void anotherOrganizerGetsTheSameAnswerForAnUnknownApplication() {
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, UNKNOWN_APPLICATION, OTHER_ORGANIZER, APPROVED, REASON, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void decidingOnAnUnknownApplicationOfAnOwnedMarketIsNotFound() {
        fixture.given(marketCreated(), submitted())
                .when(new DecideOnApplication(MARKET, UNKNOWN_APPLICATION, OWNER, APPROVED, REASON, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void decidingOnAMarketWithoutApplicationsIsNotFound() {
        fixture.given(marketCreated())
                .when(new DecideOnApplication(MARKET, APPLICATION, OWNER, APPROVED, REASON, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = ApplicationStatus.class, names = {"SUBMITTED", "WITHDRAWN"})
    void anOrganizerCannotEvenAskForAStatusThatIsNotADecision(ApplicationStatus status) {
        // the command itself refuses, so the aggregate never sees such a request
        assertThatThrownBy(() -> new DecideOnApplication(MARKET, APPLICATION, OWNER, status, REASON, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // vendor withdrawals

    @ParameterizedTest(name = "{0} -> WITHDRAWN")
    @MethodSource("withdrawableStatuses")
    void vendorWithdrawsAnActiveApplication(ApplicationStatus from) {
        fixture.given(historyWithApplicationIn(from))
                .when(new WithdrawApplication(MARKET, APPLICATION, VENDOR, NOW))
                .expectSuccessfulHandlerExecution()
                .expectEvents(withdrawn(from, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest(name = "{0} -> WITHDRAWN")
    @MethodSource("unwithdrawableStatuses")
    void withdrawingAFinalApplicationIsRefused(ApplicationStatus from) {
        fixture.given(historyWithApplicationIn(from))
                .when(new WithdrawApplication(MARKET, APPLICATION, VENDOR, NOW))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void vendorMayWithdrawFromAClosedMarket() {
        fixture.given(marketCreated(), submitted(), marketClosed(FIRST_CHANGE_AT))
                .when(new WithdrawApplication(MARKET, APPLICATION, VENDOR, NOW))
                .expectEvents(withdrawn(SUBMITTED, NOW))
                .expectState(sameStateAsReplayingItsEvents(fixture));
    }

    @ParameterizedTest
    @EnumSource(ApplicationStatus.class)
    void cannotWithdrawSomeoneElsesApplication(ApplicationStatus status) {
        // 404 whatever the status: another vendor learns nothing about the application
        fixture.given(historyWithApplicationIn(status))
                .when(new WithdrawApplication(MARKET, APPLICATION, OTHER_VENDOR, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    @Test
    void withdrawingAnUnknownApplicationIsNotFound() {
        fixture.given(marketCreated(), submitted())
                .when(new WithdrawApplication(MARKET, UNKNOWN_APPLICATION, VENDOR, NOW))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }
}
