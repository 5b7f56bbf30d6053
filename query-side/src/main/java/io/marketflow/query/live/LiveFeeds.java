package io.marketflow.query.live;

import io.marketflow.edge.caller.VerifiedTenant;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Server-sent event streams fed by subscription-query updates. A stream sends its first event, then what each update
 * becomes (an update may become nothing), a comment every {@value #HEARTBEAT_SECONDS} s so that proxies keep it open
 * and a gone client is noticed, and an {@code end} event when it ends: when its token expires, or when this side
 * stops. Nothing is sent after the token's expiry.
 */
public class LiveFeeds implements SmartLifecycle, MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);
    private static final long HEARTBEAT_SECONDS = 15;
    // the stream ends itself at expiry; the servlet timeout is only a backstop
    private static final Duration SERVLET_TIMEOUT_MARGIN = Duration.ofSeconds(30);

    private final Clock clock;
    private final Set<LiveStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    // set by stop() only: a stream opened before start() (the web server starts first) is an ordinary one
    private volatile boolean stopped;

    public LiveFeeds(Clock clock) {
        this.clock = clock;
    }

    /**
     * A stream for {@code tenant}: {@code first}, then {@code toEvent} of each of {@code updates}, worked out off the
     * notices' thread. {@code onClose} runs once, however the stream ends.
     */
    public <U> SseEmitter open(VerifiedTenant tenant, SseEventBuilder first, Flux<U> updates,
                               Function<U, Optional<SseEventBuilder>> toEvent, Runnable onClose) {
        Duration left = Duration.between(clock.instant(), tenant.validUntil());
        if (left.isNegative()) {
            left = Duration.ZERO;
        }
        LiveStream stream = new LiveStream(new SseEmitter(left.plus(SERVLET_TIMEOUT_MARGIN).toMillis()), onClose);
        Flux<SseEventBuilder> events = Flux.concat(Mono.just(first), updates
                .publishOn(Schedulers.boundedElastic())
                .concatMap(update -> Mono.justOrEmpty(toEvent.apply(update)))
                .mergeWith(Flux.interval(Duration.ofSeconds(HEARTBEAT_SECONDS))
                        .map(tick -> SseEmitter.event().comment("keep-alive"))))
                .take(left)
                .concatWith(Mono.fromSupplier(() -> end(clock.instant().isBefore(tenant.validUntil())
                        ? "closed" : "token-expired")));
        open.add(stream);
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onError(failure -> stream.close());
        stream.emitter.onTimeout(stream::complete);
        // the first event goes out through the subscription too, so that every send fails alike
        stream.subscription = events.subscribeOn(Schedulers.boundedElastic()).subscribe(stream::send, failure -> {
            log.warn("A live feed for {} failed; ending it", tenant, failure);
            stream.complete();
        }, stream::complete);
        if (stopped) {
            // opened after stop() ended the others: ended too, or the graceful shutdown would wait for it
            stream.endAsStopping();
        }
        return stream.emitter;
    }

    /** {@code marketflow.live.feed.subscribers}: the streams open on this instance. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("marketflow.live.feed.subscribers", open, Set::size)
                .description("Live feeds (server-sent event streams) open on this instance")
                .register(registry);
    }

    private static SseEventBuilder end(String reason) {
        return SseEmitter.event().name("end").data(Map.of("reason", reason), MediaType.APPLICATION_JSON);
    }

    @Override
    public void start() {
        stopped = false;
        running = true;
    }

    /** Ends every stream before the web server's graceful shutdown waits for requests to finish. */
    @Override
    public void stop() {
        stopped = true;
        running = false;
        open.forEach(LiveStream::endAsStopping);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    /** One open stream; closed once, whichever of the client, the token or this side ends it first. */
    private final class LiveStream {

        private final SseEmitter emitter;
        private final Runnable onClose;
        private volatile Disposable subscription;

        LiveStream(SseEmitter emitter, Runnable onClose) {
            this.emitter = emitter;
            this.onClose = onClose;
        }

        /** Sends {@code event}; a client found gone ends the stream and its request at once. */
        boolean send(SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException gone) {
                close();
                emitter.completeWithError(gone);
                return false;
            }
        }

        /** {@code end} ("shutting-down"), then the end of the stream: the client reconnects, to another instance. */
        void endAsStopping() {
            if (send(end("shutting-down"))) {
                complete();
            }
        }

        void complete() {
            close();
            emitter.complete();
        }

        void close() {
            if (open.remove(this)) {
                Disposable updates = subscription;
                if (updates != null) {
                    updates.dispose();
                }
                onClose.run();
            }
        }
    }
}
