package io.marketflow.persistence.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.marketflow.persistence.personal.PersonalFields;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Events, tokens and dead letters in the tables of {@code db/migration}, serialised as JSON by a mapper of their
 * own: the stored format never changes with the web layer's Jackson settings, and a vendor's personal fields are
 * stored only sealed ({@link PersonalFields}).
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    /**
     * Axon's tables are named with their schema, so that they stay the same whatever a transaction's
     * {@code search_path}: a read-model rebuild points unqualified names at its twin tables.
     */
    private static final String STORE_SCHEMA = "public.";

    /**
     * The one serializer of everything Axon stores or hands on: events, messages, tokens and dead letters. Axon asks
     * for three (general, messages, events); they are this one instance, because a message's stored payload comes
     * back without deserializing only from the serializer that stored it, and a projector opening each event again in
     * its batch, the vendor-event copy and a dead letter's retry rely on that.
     */
    @Bean
    @Primary
    public Serializer serializer(PersonalFields personalFields) {
        // the stored format: JSON of the message's fields, each personal field sealed under its vendor's key
        ObjectMapper storage = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .findAndRegisterModules()
                .registerModule(personalFields.module());
        return JacksonSerializer.builder().objectMapper(storage).lenientDeserialization().build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(@Qualifier("serializer") Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(@Qualifier("serializer") Serializer serializer) {
        return serializer;
    }

    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable(STORE_SCHEMA + "domain_event_entry")
                .snapshotTable(STORE_SCHEMA + "snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable(STORE_SCHEMA + "token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    public DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable(STORE_SCHEMA + "dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_identifier")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /** Tells a duplicate (aggregate, sequence) key, two writers racing on one aggregate, from other failures. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new AggregateSequenceConflicts();
    }

    @Bean
    public EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 EventSchema eventSchema,
                                                 EventStoreProperties properties) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(AggregateSnapshots.serializer())
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                // asked at each read, so that it holds every aggregate's revision filter whenever this engine is made
                .snapshotFilter(snapshot -> configuration.snapshotFilter().allow(snapshot))
                .persistenceExceptionResolver(persistenceExceptionResolver)
                // the append returns each event's global index, which a command answers with
                .appendEvents(AppendedPositions.noting())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .gapTimeout(Math.toIntExact(properties.gapTimeout().toMillis()))
                .maxGapOffset(properties.maxGapOffset())
                .build();
    }

    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                         EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
    }
}
