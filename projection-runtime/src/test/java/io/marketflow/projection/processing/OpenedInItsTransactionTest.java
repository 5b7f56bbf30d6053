package io.marketflow.projection.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * Each handling of a stored event gets a payload of its own, deserialized then, even when the message the store
 * cached was deserialized before; everything else about the event is kept.
 */
class OpenedInItsTransactionTest {

    record Noted(String market, String note) {
    }

    private final Serializer storage = JacksonSerializer.defaultSerializer();
    private final OpenedInItsTransaction interceptor = new OpenedInItsTransaction(storage);

    @Test
    void aStoredEventAlreadyDeserializedIsHandledWithAPayloadDeserializedAgain() throws Exception {
        Instant stored = Instant.parse("2026-12-03T10:15:30Z");
        TrackedEventMessage<?> cached = new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(41),
                "Market", "market-7", 3, new SerializedMessage<>("event-1",
                storage.serialize(new Noted("market-7", "first"), byte[].class),
                storage.serialize(MetaData.with("actor", "olga"), byte[].class), storage), () -> stored);
        Object openedBefore = cached.getPayload();

        List<EventMessage<?>> handled = handleTwice(cached);

        assertThat(handled).hasSize(2).allSatisfy(event -> {
            assertThat(event.getPayload()).isEqualTo(new Noted("market-7", "first")).isNotSameAs(openedBefore);
            assertThat(event.getIdentifier()).isEqualTo("event-1");
            assertThat(event.getTimestamp()).isEqualTo(stored);
            assertThat(event.getMetaData()).isEqualTo(MetaData.with("actor", "olga"));
            assertThat(((TrackedEventMessage<?>) event).trackingToken())
                    .isEqualTo(new GlobalSequenceTrackingToken(41));
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            assertThat(domain.getType()).isEqualTo("Market");
            assertThat(domain.getAggregateIdentifier()).isEqualTo("market-7");
            assertThat(domain.getSequenceNumber()).isEqualTo(3);
        });
        assertThat(handled.get(0).getPayload()).as("one handling's payload is not the next one's")
                .isNotSameAs(handled.get(1).getPayload());
    }

    @Test
    void thePayloadAsStoredIsWhatTheHandledEventSerializesTo() throws Exception {
        SerializedObject<byte[]> stored = storage.serialize(new Noted("market-8", "kept"), byte[].class);
        TrackedEventMessage<?> cached = new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(5),
                "Market", "market-8", 0, new SerializedMessage<>("event-2", stored,
                storage.serialize(MetaData.emptyInstance(), byte[].class), storage), Instant::now);

        EventMessage<?> handled = handleTwice(cached).get(0);

        SerializedObject<byte[]> again = handled.serializePayload(storage, byte[].class);
        assertThat(again.getData()).isEqualTo(stored.getData());
        assertThat(again.getType()).isEqualTo(stored.getType());
    }

    /** The messages the handler is given in two batches of the one cached message, as a retried batch would be. */
    private List<EventMessage<?>> handleTwice(TrackedEventMessage<?> cached) throws Exception {
        List<EventMessage<?>> handled = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(cached));
            batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch, List.of(interceptor), event -> {
                event.getPayload();
                handled.add(event);
                return null;
            }).proceed());
        }
        return handled;
    }
}
