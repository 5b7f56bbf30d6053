package io.marketflow.command.market;

import static io.marketflow.command.market.MarketScenario.APPLICATION;
import static io.marketflow.command.market.MarketScenario.MARKET;
import static io.marketflow.command.market.MarketScenario.NOW;
import static io.marketflow.command.market.MarketScenario.OTHER_ORGANIZER;
import static io.marketflow.command.market.MarketScenario.OWNER;
import static io.marketflow.command.market.MarketScenario.marketClosed;
import static io.marketflow.command.market.MarketScenario.marketCreated;
import static io.marketflow.command.market.MarketScenario.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.AxonAssertionError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command the Market handles that names an organizer, found from the aggregate's own handlers (so a new one is
 * in this test the day it is written): sent by an organizer who does not own the market, it is refused exactly as a
 * missing market is, and appends nothing; sent by the owner, it is not refused so.
 */
class OwnerCheckTest {

    /** The commands of Market's handlers (creation aside: the creator becomes the owner) that name an organizer. */
    static Stream<Class<?>> organizerCommands() {
        return Arrays.stream(Market.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(CommandHandler.class))
                .map(method -> method.getParameterTypes()[0])
                .filter(OwnerCheckTest::namesAnOrganizer);
    }

    @Test
    void theMarketHandlesOrganizerCommands() {
        assertThat(organizerCommands()).hasSizeGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest(name = "{0} from a stranger")
    @MethodSource("organizerCommands")
    void anOrganizerCommandFromAStrangerIsRefusedAsIfTheMarketDidNotExist(Class<?> command) {
        fixture().given(marketCreated(), submitted())
                .when(sample(command, OTHER_ORGANIZER))
                .expectException(NotFoundOrNotYoursException.class)
                .expectNoEvents();
    }

    /** The control: the check lets the owner through, to a handler that goes ahead in one market state or another. */
    @ParameterizedTest(name = "{0} from the owner")
    @MethodSource("organizerCommands")
    void theSameCommandFromTheOwnerIsCarriedOutInAnOpenOrAClosedMarket(Class<?> command) {
        Object fromTheOwner = sample(command, OWNER);
        boolean carriedOut = succeeds(fromTheOwner, marketCreated(), submitted())
                || succeeds(fromTheOwner, marketCreated(), submitted(), marketClosed(NOW.minusSeconds(60)));
        assertThat(carriedOut).as("%s from the owner", command.getSimpleName()).isTrue();
    }

    private static boolean succeeds(Object command, Object... history) {
        try {
            fixture().given(history).when(command).expectSuccessfulHandlerExecution();
            return true;
        } catch (AxonAssertionError refused) {
            return false;
        }
    }

    private static FixtureConfiguration<Market> fixture() {
        FixtureConfiguration<Market> fixture = new AggregateTestFixture<>(Market.class);
        // Application has no equals; MarketScenario.sameStateAsReplayingItsEvents checks state where it matters
        fixture.registerIgnoredField(Market.class, "applications");
        return fixture;
    }

    private static boolean namesAnOrganizer(Class<?> command) {
        return command.isRecord() && Arrays.stream(command.getRecordComponents())
                .anyMatch(component -> component.getType() == OrganizerId.class);
    }

    /** {@code command} about the scenario's market and application, sent by {@code organizer}. */
    private static Object sample(Class<?> command, OrganizerId organizer) {
        RecordComponent[] components = command.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleOf(types[i], organizer);
        }
        try {
            return command.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a sample " + command.getSimpleName(), e);
        }
    }

    private static Object sampleOf(Class<?> type, OrganizerId organizer) {
        if (type == MarketId.class) {
            return MARKET;
        }
        if (type == OrganizerId.class) {
            return organizer;
        }
        if (type == ApplicationId.class) {
            return APPLICATION;
        }
        if (type == ApplicationStatus.class) {
            return ApplicationStatus.APPROVED;
        }
        if (type == Instant.class) {
            return NOW;
        }
        if (type == String.class) {
            return "";
        }
        throw new IllegalStateException("no sample value of " + type.getSimpleName() + ": add one here, so that "
                + "the new command is checked too");
    }
}
