package io.marketflow.projection.deadletter;

import io.marketflow.projection.processing.ProjectionGroups;
import io.marketflow.projection.processing.CarefulMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.MessageHandlerInterceptorSupport;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing groups' parked events: what is parked, and a retry of every parked sequence once, through Axon's
 * {@link SequencedDeadLetterProcessor} of the group, so that the letters go through the same projections, interceptors
 * and transaction as the group's processor would send them, and a letter that fails again is parked again with its
 * new cause by Axon itself.
 * <p>
 * Axon claims a sequence by updating its first letter inside the retry's transaction, so a retry running at the same
 * time elsewhere waits on that row and then finds the sequence drained (or failed again, and tries it once itself).
 * Which sequences a retry really ran is counted by an interceptor on the group's dead-letter processor, never guessed
 * from the table afterwards.
 */
class ParkedEvents {

    /** The group name that stands for every group. */
    static final String ALL = "all";

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    // letters the current thread's retry has run through the projections; null outside a retry
    private static final ThreadLocal<AtomicInteger> LETTERS_TRIED = new ThreadLocal<>();

    private final Configuration axon;
    private final ProjectionGroups groups;
    private final DeadLetterTable table;
    private final Set<String> countedGroups = ConcurrentHashMap.newKeySet();

    ParkedEvents(Configuration axon, ProjectionGroups groups, DeadLetterTable table) {
        this.axon = axon;
        this.groups = groups;
        this.table = table;
    }

    /** Every group with a dead-letter queue and what it has parked, with zeros for a group that has none. */
    DeadLetterOverview overview() {
        Map<String, DeadLetterTable.Totals> totals = table.totalsByGroup();
        List<ParkedGroup> groups = new ArrayList<>();
        for (String group : groups()) {
            DeadLetterTable.Totals parked = totals.getOrDefault(group, DeadLetterTable.Totals.NONE);
            // an empty group needs no second query
            List<ParkedSequence> sequences = parked.sequences() == 0 ? List.of() : table.sequences(group);
            groups.add(new ParkedGroup(group, parked.sequences(), parked.letters(), parked.oldestEnqueuedAt(),
                    sequences));
        }
        return new DeadLetterOverview(groups);
    }

    /**
     * Retries every sequence parked in {@code group} ({@link #ALL} for every group) once, synchronously.
     *
     * @throws UnknownGroupException if {@code group} names no group with a dead-letter queue
     */
    RetryReport retry(String group) {
        Collection<String> known = groups();
        List<String> chosen;
        if (ALL.equals(group)) {
            chosen = List.copyOf(known);
        } else if (known.contains(group)) {
            chosen = List.of(group);
        } else {
            throw new UnknownGroupException(group, known);
        }
        return new RetryReport(chosen.stream().map(this::retryGroup).toList());
    }

    private GroupRetry retryGroup(String group) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processorOf(group);
        countLettersTried(group, processor);
        List<String> before = table.sequenceIdentifiersInRetryOrder(group);
        int retried = 0;
        int drained = 0;
        int heldElsewhere = 0;
        for (String sequence : before) {
            if (retryOnce(processor, sequence) == 0) {
                heldElsewhere++;
                continue;
            }
            retried++;
            // checked in the table rather than taken from Axon's answer: events of the market may have been parked
            // behind the last letter while it was being applied
            if (!table.isParked(group, sequence)) {
                drained++;
            }
        }
        DeadLetterTable.Totals after = table.totals(group);
        List<ParkedSequence> stillParked = after.sequences() == 0 ? List.of() : table.sequences(group);
        if (!before.isEmpty()) {
            log.info("Retried the parked events of {}: {} sequences parked before, {} retried here, {} drained, {} held"
                    + " by another retry; {} still parked", group, before.size(), retried, drained, heldElsewhere,
                    after.sequences());
        }
        return new GroupRetry(group, before.size(), retried, drained, heldElsewhere, after.sequences(), stillParked);
    }

    /**
     * Lets Axon process the one sequence, and answers how many of its letters went through the projections here: 0
     * when another retry held it or had drained it. Not {@code processAny} in a loop: it answers false both when
     * nothing is left and when a sequence failed, and a failed sequence is released at once, claimable again; a filter
     * on the sequence takes each one exactly once.
     */
    private static int retryOnce(SequencedDeadLetterProcessor<EventMessage<?>> processor, String sequence) {
        AtomicInteger tried = new AtomicInteger();
        LETTERS_TRIED.set(tried);
        try {
            // in careful transactions: a letter that fails again is parked again with its cause, in the same one
            CarefulMode.during(() -> processor.process(first -> sequence.equals(sequenceOf(first))));
            return tried.get();
        } finally {
            LETTERS_TRIED.remove();
        }
    }

    private static String sequenceOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : null;
    }

    // once per group: the interceptor stays registered on the group's dead-letter processor for the process's life
    private synchronized void countLettersTried(String group, SequencedDeadLetterProcessor<EventMessage<?>> processor) {
        if (countedGroups.contains(group)) {
            return;
        }
        if (!(processor instanceof MessageHandlerInterceptorSupport<?>)) {
            throw new IllegalStateException("the dead-letter processor of " + group + " takes no interceptor");
        }
        @SuppressWarnings("unchecked")
        MessageHandlerInterceptorSupport<EventMessage<?>> interceptors =
                (MessageHandlerInterceptorSupport<EventMessage<?>>) processor;
        interceptors.registerHandlerInterceptor((unitOfWork, chain) -> {
            AtomicInteger tried = LETTERS_TRIED.get();
            if (tried != null) {
                tried.incrementAndGet();
            }
            return chain.proceed();
        });
        countedGroups.add(group);
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processorOf(String group) {
        return processing().sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> new IllegalStateException(group + " has no dead-letter queue"));
    }

    /** The processing groups with a dead-letter queue, sorted. */
    private Collection<String> groups() {
        EventProcessingConfiguration processing = processing();
        Set<String> withQueue = new TreeSet<>();
        for (String group : groups.names()) {
            if (processing.sequencedDeadLetterProcessor(group).isPresent()) {
                withQueue.add(group);
            }
        }
        return withQueue;
    }

    private EventProcessingConfiguration processing() {
        return axon.eventProcessingConfiguration();
    }

    /** A name that is no processing group with a dead-letter queue. */
    static final class UnknownGroupException extends RuntimeException {
        UnknownGroupException(String name, Collection<String> known) {
            super("'" + name + "' is not a processing group; choose one of " + known + " or '" + ALL + "'");
        }
    }
}
