package io.marketflow.command.config;

import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Sends a command again when the aggregate it was decided on may have been out of date, which happens when several
 * instances serve commands:
 * <ul>
 *   <li>it lost an optimistic race: another instance appended to the same aggregate between this one's load and its
 *   append, and the (aggregate, sequence) key refused the second append; retried up to {@code maxRetries} times;</li>
 *   <li>it was refused (a state conflict, or a 404) by an aggregate this instance kept in memory, which another
 *   instance may have moved on; retried once.</li>
 * </ul>
 * The failed unit of work evicted the aggregate, so the retry loads every event from the store and decides again: a
 * transition that is still allowed goes through, one that is not is refused as any late command is. Retries wait a
 * few random milliseconds, on Spring's task scheduler, so that two instances that collided do not collide again in
 * step. Creating an aggregate that exists already is not retried: it never succeeds.
 */
final class ConflictRetries implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetries.class);
    private static final long MAX_BACKOFF_MILLIS = 20;

    private final TaskScheduler scheduler;
    private final int maxRetries;

    ConflictRetries(TaskScheduler scheduler, int maxRetries) {
        this.scheduler = scheduler;
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        boolean lostARace = lastFailure instanceof ConcurrencyException
                && !(lastFailure instanceof AggregateStreamCreationException);
        boolean refusedOnce = (lastFailure instanceof StateConflictException
                || lastFailure instanceof NotFoundOrNotYoursException) && failures.size() == 1;
        if (!(lostARace && failures.size() <= maxRetries) && !refusedOnce) {
            return false;
        }
        log.debug("{} failed with {} (attempt {}); sending it again on fresh state",
                commandMessage.getPayloadType().getSimpleName(), lastFailure.getClass().getSimpleName(),
                failures.size());
        long backoff = ThreadLocalRandom.current().nextLong(1, MAX_BACKOFF_MILLIS * failures.size() + 1);
        try {
            scheduler.schedule(commandDispatch, Instant.now().plusMillis(backoff));
            return true;
        } catch (TaskRejectedException shuttingDown) {
            return false;
        }
    }
}
