package io.marketflow.persistence.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * How an aggregate's snapshot is stored: its fields as JSON. Aggregates keep their state private and have no getters,
 * so fields are read and written directly; a class without a no-argument constructor is made through its
 * constructor, whose parameters are matched to fields by name. An aggregate that is snapshotted carries a
 * {@code @Revision}, raised whenever its fields change: snapshots of another revision are passed over and the
 * aggregate is replayed from its events.
 */
public final class AggregateSnapshots {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, Visibility.ANY);

    private AggregateSnapshots() {
    }

    /** The serializer the event store writes and reads snapshots with. */
    public static Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(MAPPER).build();
    }
}
