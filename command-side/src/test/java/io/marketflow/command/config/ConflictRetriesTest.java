package io.marketflow.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** Which failures are sent again, how often, and that a retry really dispatches the command again. */
class ConflictRetriesTest {

    private final ThreadPoolTaskScheduler scheduler = scheduler();
    private final ConflictRetries retries = new ConflictRetries(scheduler, 3);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("decide");

    private static ThreadPoolTaskScheduler scheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        return scheduler;
    }

    @AfterEach
    void close() {
        scheduler.shutdown();
    }

    @Test
    void aLostRaceIsSentAgainUpToTheLimit() throws InterruptedException {
        CountDownLatch dispatched = new CountDownLatch(1);
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("raced"), failures(1),
                dispatched::countDown)).isTrue();
        assertThat(dispatched.await(5, TimeUnit.SECONDS)).as("the retry was dispatched").isTrue();
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("raced"), failures(3), () -> { }))
                .isTrue();
        assertThat(retries.scheduleRetry(command, new ConcurrencyException("raced"), failures(4), () -> { }))
                .isFalse();
    }

    @Test
    void aRefusalIsSentAgainOnceOnFreshState() {
        assertThat(retries.scheduleRetry(command, new StateConflictException("late"), failures(1), () -> { }))
                .isTrue();
        assertThat(retries.scheduleRetry(command, new NotFoundOrNotYoursException(), failures(1), () -> { }))
                .isTrue();
        assertThat(retries.scheduleRetry(command, new StateConflictException("late"), failures(2), () -> { }))
                .isFalse();
    }

    @Test
    void creatingAnExistingAggregateBadInputAndOtherFailuresAreNeverSentAgain() {
        assertThat(retries.scheduleRetry(command, new AggregateStreamCreationException("exists"), failures(1),
                () -> { })).isFalse();
        assertThat(retries.scheduleRetry(command, new InvalidCommandException("too long"), failures(1), () -> { }))
                .isFalse();
        assertThat(retries.scheduleRetry(command, new IllegalStateException("bug"), failures(1), () -> { }))
                .isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int count) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            failures.add(new Class[] {RuntimeException.class});
        }
        return failures;
    }
}
