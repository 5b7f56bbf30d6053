package io.marketflow.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketflow.projection.processing.ProjectionGroups.Group;
import io.marketflow.projection.rebuild.ReplayProcessor.ReplayFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's replay goes through the path live processing takes: the group's own projection, invoked through the
 * handler interceptors of its live processor, and its dead-letter policy, which parks an event the projection refuses
 * for that event's sequence alone while every other sequence goes on; a parked event then fails the replay.
 */
class ReplayProcessorTest {

    /** What a projection of the group saw, and what the live processor's interceptor marked. */
    @ProcessingGroup("notes")
    static final class NotesProjection {

        final List<String> applied = new CopyOnWriteArrayList<>();
        final List<String> refusing = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(String note, @MetaDataValue(INTERCEPTED) Boolean intercepted) {
            if (refusing.contains(note.substring(0, note.indexOf('/')))) {
                throw new IllegalStateException("refused " + note);
            }
            applied.add(note + (Boolean.TRUE.equals(intercepted) ? " intercepted" : ""));
        }
    }

    private static final String INTERCEPTED = "intercepted";

    private final NotesProjection projection = new NotesProjection();
    private Configuration axon;
    private ReplayProcessor replay;

    private void given(String... aggregatesWithThreeEvents) {
        var configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine());
        configurer.eventProcessing(processing -> processing
                .usingSubscribingEventProcessors()
                .registerEventHandler(c -> projection)
                // the live processor's own interceptor: the replay must pass every event through it too
                .registerHandlerInterceptor("notes", c -> (unitOfWork, chain) -> {
                    unitOfWork.transformMessage(event -> event.andMetaData(Map.of(INTERCEPTED, true)));
                    return chain.proceed();
                }));
        axon = configurer.buildConfiguration();
        for (String aggregate : aggregatesWithThreeEvents) {
            IntStream.range(0, 3).forEach(sequence -> axon.eventStore().publish(
                    new GenericDomainEventMessage<>("Note", aggregate, sequence, aggregate + "/" + sequence)));
        }
        replay = ReplayProcessor.of(List.of(new Group("notes", List.of("note"), List.of(projection))), axon,
                axon.eventStore(), NoTransactionManager.INSTANCE, 2, 10);
    }

    @AfterEach
    void stop() {
        if (replay != null) {
            replay.close();
        }
    }

    @Test
    void everyEventReachesTheGroupsProjectionThroughItsLiveInterceptors() throws InterruptedException {
        given("a", "b", "c");

        replay.start();
        replay.awaitPosition(8, () -> { });

        assertThat(projection.applied).containsExactlyInAnyOrder(
                "a/0 intercepted", "a/1 intercepted", "a/2 intercepted", "b/0 intercepted", "b/1 intercepted",
                "b/2 intercepted", "c/0 intercepted", "c/1 intercepted", "c/2 intercepted");
        assertThat(replay.eventsRead()).isEqualTo(9);
    }

    @Test
    void anEventTheProjectionRefusesIsParkedForItsSequenceAloneAndFailsTheReplay() {
        given("a", "b", "c");
        projection.refusing.add("b");

        replay.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> projection.applied.containsAll(List.of("a/2 intercepted", "c/2 intercepted")));

        assertThatThrownBy(() -> replay.awaitPosition(8, () -> { }))
                .isInstanceOf(ReplayFailedException.class)
                .hasMessageContaining("notes could not apply the events of 1 market(s)")
                .hasMessageContaining("refused b/0");
        // the parked sequence held back b's later events; the other sequences went on past it
        assertThat(projection.applied).noneMatch(applied -> applied.startsWith("b/"));
    }
}
