package io.marketflow.projection.rebuild;

import io.marketflow.projection.processing.ProjectionGroups.Group;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Replays the stored events into the twin tables of the groups being rebuilt, through an Axon streaming processor
 * of its own, built the way Axon builds the live ones: each group's own projection beans, handler definition,
 * parameter resolvers, sequencing policy and dead-letter policy, the live processors' handler interceptors, and the
 * live processors' transactions pointed at the twins ({@link TwinTableTransactions}). So a rebuild applies an event
 * exactly as live processing does. Its tokens live in memory (a rebuild that does not finish starts over), and so do
 * the letters it parks: an event a projection cannot apply is parked per sequence as it would be live, the other
 * sequences go on, and the rebuild fails, naming what was parked, without touching the live tables.
 */
final class ReplayProcessor implements AutoCloseable {

    /** How long the processor may keep failing (an outage, a pool that stays busy) before the rebuild gives up. */
    private static final Duration FAILING_FOR_AT_MOST = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    private final PooledStreamingEventProcessor processor;
    private final CountedEvents events;
    private final Map<String, SequencedDeadLetterQueue<EventMessage<?>>> parked;
    private final List<ThreadPoolTaskScheduler> threads;
    private final int segments;

    private ReplayProcessor(PooledStreamingEventProcessor processor, CountedEvents events,
                            Map<String, SequencedDeadLetterQueue<EventMessage<?>>> parked,
                            List<ThreadPoolTaskScheduler> threads, int segments) {
        this.processor = processor;
        this.segments = segments;
        this.events = events;
        this.parked = parked;
        this.threads = threads;
    }

    /**
     * A processor for {@code groups}, reading {@code store} from its first event, in {@code segments} segments of
     * batches of {@code batchSize}; not started.
     */
    static ReplayProcessor of(List<Group> groups, Configuration axon, StreamableMessageSource<TrackedEventMessage<?>> store,
                              TransactionManager transactions, int segments, int batchSize) {
        EventProcessingConfiguration processing = axon.eventProcessingConfiguration();
        Map<String, SequencedDeadLetterQueue<EventMessage<?>>> parked = new LinkedHashMap<>();
        List<EventHandlerInvoker> invokers = new ArrayList<>();
        for (Group group : groups) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = InMemorySequencedDeadLetterQueue.defaultQueue();
            parked.put(group.name(), queue);
            invokers.add(invoker(group, axon, processing, queue, transactions));
        }
        ThreadPoolTaskScheduler coordinator = scheduler("rebuild-coordinator-", 1);
        ThreadPoolTaskScheduler workers = scheduler("rebuild-worker-", segments);
        CountedEvents counted = new CountedEvents(store);
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("rebuild-" + groups.stream().map(Group::name).collect(Collectors.joining("+")))
                .eventHandlerInvoker(new MultiEventHandlerInvoker(invokers))
                .messageSource(counted)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(transactions)
                .coordinatorExecutor(coordinator.getScheduledExecutor())
                .workerExecutor(workers.getScheduledExecutor())
                .initialSegmentCount(segments)
                .initialToken(StreamableMessageSource::createTailToken)
                .batchSize(batchSize)
                // a failed batch (not an event a projection refused, which is parked) is retried, as live
                .errorHandler(PropagatingErrorHandler.instance())
                .build();
        for (MessageHandlerInterceptor<? super EventMessage<?>> interceptor : liveInterceptors(groups, processing)) {
            processor.registerHandlerInterceptor(interceptor);
        }
        return new ReplayProcessor(processor, counted, parked, List.of(coordinator, workers), segments);
    }

    /** The group's invoker as Axon builds a live one with a dead-letter queue, over the rebuild's queue. */
    private static EventHandlerInvoker invoker(Group group, Configuration axon, EventProcessingConfiguration processing,
                                               SequencedDeadLetterQueue<EventMessage<?>> queue,
                                               TransactionManager transactions) {
        DeadLetteringEventHandlerInvoker.Builder builder = DeadLetteringEventHandlerInvoker.builder()
                .eventHandlers(group.projections())
                .handlerDefinition(axon.handlerDefinition(group.projections().get(0).getClass()))
                .parameterResolverFactory(axon.parameterResolverFactory())
                .sequencingPolicy(processing.sequencingPolicy(group.name()))
                .queue(queue)
                .transactionManager(transactions);
        processing.deadLetterPolicy(group.name()).ifPresent(builder::enqueuePolicy);
        return builder.build();
    }

    /**
     * The handler interceptors of the groups' live processors, each kind once (groups rebuilt together share this one
     * processor, and Axon gives every live processor the same kinds), leaving out a live processor's own bookkeeping
     * (a tracking processor's note of the segment), which belongs to that processor.
     */
    private static List<MessageHandlerInterceptor<? super EventMessage<?>>> liveInterceptors(
            List<Group> groups, EventProcessingConfiguration processing) {
        Map<Class<?>, MessageHandlerInterceptor<? super EventMessage<?>>> byKind = new LinkedHashMap<>();
        for (Group group : groups) {
            processing.eventProcessorByProcessingGroup(group.name()).ifPresent(live -> {
                String internal = live.getClass().getName();
                for (MessageHandlerInterceptor<? super EventMessage<?>> interceptor : live.getHandlerInterceptors()) {
                    if (!interceptor.getClass().getName().startsWith(internal)) {
                        byKind.putIfAbsent(interceptor.getClass(), interceptor);
                    }
                }
            });
        }
        return List.copyOf(byKind.values());
    }

    private static ThreadPoolTaskScheduler scheduler(String prefix, int size) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(size);
        scheduler.setThreadNamePrefix(prefix);
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }

    /** Starts, or goes on after {@link #pause()}, from where it stood. */
    void start() {
        if (!processor.isRunning()) {
            processor.start();
        }
    }

    /** Stops after the batches in hand; {@link #start()} goes on from there. */
    void pause() {
        processor.shutDown();
    }

    /** Events read from the store so far, each counted once. */
    long eventsRead() {
        return events.read();
    }

    /**
     * Waits until every segment has processed the store up to {@code position}, calling {@code whileWaiting} between
     * looks.
     *
     * @throws ReplayFailedException if an event was parked, or the processor kept failing for a minute
     */
    void awaitPosition(long position, Runnable whileWaiting) throws InterruptedException {
        Map<Integer, Long> failingSince = new HashMap<>();
        while (true) {
            requireNothingParked();
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            boolean reached = status.size() == segments;
            for (Map.Entry<Integer, EventTrackerStatus> segment : status.entrySet()) {
                EventTrackerStatus tracker = segment.getValue();
                reached &= tracker.getCurrentPosition().orElse(-1) >= position;
                if (tracker.isErrorState()) {
                    long since = failingSince.computeIfAbsent(segment.getKey(), id -> System.nanoTime());
                    if (System.nanoTime() - since > FAILING_FOR_AT_MOST.toNanos()) {
                        throw new ReplayFailedException("the replay kept failing for " + FAILING_FOR_AT_MOST
                                .toSeconds() + " s: " + tracker.getError(), tracker.getError());
                    }
                } else {
                    failingSince.remove(segment.getKey());
                }
            }
            if (reached) {
                return;
            }
            whileWaiting.run();
            Thread.sleep(POLL_MILLIS);
        }
    }

    private void requireNothingParked() {
        for (Map.Entry<String, SequencedDeadLetterQueue<EventMessage<?>>> group : parked.entrySet()) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = group.getValue();
            if (queue.amountOfSequences() > 0) {
                String first = queue.deadLetters().iterator().next().iterator().next().cause()
                        .map(cause -> cause.type() + ": " + cause.message()).orElse("unknown cause");
                throw new ReplayFailedException(group.getKey() + " could not apply the events of "
                        + queue.amountOfSequences() + " market(s); the first failed with " + first, null);
            }
        }
    }

    /** Stops the processor and its threads. */
    @Override
    public void close() {
        try {
            processor.shutDown();
        } finally {
            threads.forEach(ThreadPoolTaskScheduler::shutdown);
        }
    }

    /** The replay cannot go on: an event a projection could not apply, or a processor that keeps failing. */
    static final class ReplayFailedException extends RuntimeException {
        ReplayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
