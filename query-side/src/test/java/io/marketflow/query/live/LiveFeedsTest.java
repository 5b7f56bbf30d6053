package io.marketflow.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.query.TestTenants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.publisher.Flux;

/** A stopping instance ends every live feed, the ones it had and any opened after, so that its shutdown never waits. */
class LiveFeedsTest {

    private final LiveFeeds feeds = new LiveFeeds(Clock.systemUTC());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeEach
    void started() {
        feeds.bindTo(meters);
        feeds.start();
    }

    @Test
    void aFeedStaysOpenUntilTheInstanceStops() {
        SseEmitter emitter = openOne();
        assertThat(closed).hasValue(0);
        assertThat(openFeeds()).isEqualTo(1);

        feeds.stop();

        assertThat(closed).hasValue(1);
        assertThat(openFeeds()).isZero();
        assertThatThrownBy(() -> emitter.send("after the end")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFeedOpenedWhileTheInstanceStopsIsEndedAtOnce() {
        feeds.stop();

        SseEmitter emitter = openOne();

        assertThat(closed).hasValue(1);
        assertThat(openFeeds()).isZero();
        assertThatThrownBy(() -> emitter.send("after the end")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInstanceStartedAgainKeepsItsFeedsOpen() {
        feeds.stop();
        feeds.start();

        openOne();

        assertThat(closed).hasValue(0);
        assertThat(openFeeds()).isEqualTo(1);
    }

    private SseEmitter openOne() {
        return feeds.open(TestTenants.organizer("olga"), SseEmitter.event().name("page").data("{}"), Flux.never(),
                update -> Optional.empty(), closed::incrementAndGet);
    }

    private double openFeeds() {
        return meters.get("marketflow.live.feed.subscribers").gauge().value();
    }
}
