package io.marketflow.projection.processing;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Hands the read models each event as a new message over its stored payload, so that the payload is deserialized, and
 * its personal fields opened, inside the transaction that writes it, under that transaction's lock on the vendor's
 * key. The embedded event store keeps the messages it read in a cache that every stream of this instance shares, a
 * stream reopened after a failure included: without this, a batch tried again would write the fields its failed
 * attempt had opened, after that attempt's rollback let the key go and an erasure destroyed it
 * ({@code PersonalDataIT.aBatchTriedAgainAfterItsVendorWasErasedOpensItsEventsAgain}). It also leaves no opened
 * payload in that cache once a batch is done.
 */
final class OpenedInItsTransaction implements MessageHandlerInterceptor<EventMessage<?>> {

    private final Serializer storage;

    /** @param storage the event store's own serializer, for which a stored message gives its payload as stored */
    OpenedInItsTransaction(Serializer storage) {
        this.storage = storage;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        unitOfWork.transformMessage(this::unopened);
        return chain.proceed();
    }

    /** {@code event} with a payload of its own, not yet deserialized. */
    private EventMessage<?> unopened(EventMessage<?> event) {
        if (!(event instanceof TrackedEventMessage<?> tracked)) {
            return event;
        }
        // as stored (the store's serializer gets it back without deserializing); an event that was never stored is
        // sealed here, as storing it would have
        SerializedObject<byte[]> payload = event.serializePayload(storage, byte[].class);
        Message<Object> message = new SerializedMessage<>(event.getIdentifier(),
                new LazyDeserializingObject<>(payload, storage), new LazyDeserializingObject<>(event.getMetaData()));
        if (event instanceof DomainEventMessage<?> domain) {
            return new GenericTrackedDomainEventMessage<>(tracked.trackingToken(), domain.getType(),
                    domain.getAggregateIdentifier(), domain.getSequenceNumber(), message, event::getTimestamp);
        }
        return new GenericTrackedEventMessage<>(tracked.trackingToken(), message, event::getTimestamp);
    }
}
