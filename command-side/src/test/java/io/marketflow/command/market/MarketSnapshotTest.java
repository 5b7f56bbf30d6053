package io.marketflow.command.market;

import static io.marketflow.command.market.MarketScenario.MARKET;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR;
import static io.marketflow.command.market.MarketScenario.OTHER_VENDOR_NAME;
import static io.marketflow.command.market.MarketScenario.SECOND_APPLICATION;
import static io.marketflow.command.market.MarketScenario.SECOND_CHANGE_AT;
import static io.marketflow.command.market.MarketScenario.historyWithApplicationIn;
import static io.marketflow.command.market.MarketScenario.marketClosed;
import static io.marketflow.command.market.MarketScenario.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.persistence.eventstore.AggregateSnapshots;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** A market read back from its snapshot is the market its events make, application by application. */
class MarketSnapshotTest {

    private final Serializer snapshots = AggregateSnapshots.serializer();

    @Test
    void aSnapshotKeepsTheMarketAndEveryApplicationsStatus() {
        List<Object> history = new ArrayList<>(historyWithApplicationIn(ApplicationStatus.REJECTED));
        history.add(submitted(SECOND_APPLICATION, OTHER_VENDOR, OTHER_VENDOR_NAME));
        history.add(marketClosed(SECOND_CHANGE_AT));
        Market market = replay(history);

        SerializedObject<byte[]> snapshot = snapshots.serialize(market, byte[].class);
        Market restored = snapshots.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(market);
        assertThat(new String(snapshot.getData(), StandardCharsets.UTF_8))
                .contains(MARKET.toString(), SECOND_APPLICATION.toString(), "REJECTED", "\"open\":false");
    }

    @Test
    void anEmptyMarketRoundTripsToo() {
        Market market = replay(List.of(MarketScenario.marketCreated()));

        Market restored = snapshots.deserialize(snapshots.serialize(market, byte[].class));

        assertThat(restored).usingRecursiveComparison().isEqualTo(market);
    }

    private static Market replay(List<Object> events) {
        List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            messages.add(new GenericDomainEventMessage<>("Market", MARKET.toString(), i, events.get(i)));
        }
        EventSourcedAggregate<Market> aggregate = EventSourcedAggregate.initialize(new Market(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Market.class), null,
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(messages.stream()));
        return aggregate.invoke(Function.identity());
    }
}
