package io.marketflow.projection.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as a rebuild's processor reads it, counting the events it reads for the first time: every stored
 * event, whether or not a projection of the rebuild handles it, counts once, also when the processor reads a stretch
 * again after a pause. That count is the rebuild's progress.
 */
final class CountedEvents implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong furthest = new AtomicLong(-1);

    CountedEvents(StreamableMessageSource<TrackedEventMessage<?>> store) {
        this.store = store;
    }

    /** Events read so far. */
    long read() {
        return read.get();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(token);
        return new BlockingStream<>() {
            @Override
            public Optional<TrackedEventMessage<?>> peek() {
                return stream.peek();
            }

            @Override
            public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
                return stream.hasNextAvailable(timeout, unit);
            }

            @Override
            public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
                TrackedEventMessage<?> event = stream.nextAvailable();
                long position = event.trackingToken().position().orElse(-1);
                if (position > furthest.getAndAccumulate(position, Math::max)) {
                    read.incrementAndGet();
                }
                return event;
            }

            @Override
            public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
                stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
            }

            @Override
            public boolean setOnAvailableCallback(Runnable callback) {
                return stream.setOnAvailableCallback(callback);
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }
}
