package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.system.Api.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One subject calling too fast gets 429 with Retry-After; everyone else is served as usual. */
class RateLimitIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void aSubjectOverItsRateGets429WithRetryAfterAndOthersAreUnaffected() throws Exception {
        String greedy = api.vendor(Api.someone("greedy"));
        int attempts = 4 * (MarketflowSystem.RATE_LIMIT_BURST + MarketflowSystem.RATE_LIMIT_PER_SECOND);
        AtomicReference<Reply> refused = new AtomicReference<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                calls.add(clients.submit(() -> {
                    if (refused.get() == null) {
                        Reply reply = api.query("/api/directory/markets?limit=1", greedy);
                        if (reply.status() == 429) {
                            refused.compareAndSet(null, reply);
                        }
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            clients.shutdown();
        }

        Reply tooMany = refused.get();
        assertThat(tooMany).as("no 429 after %d calls", attempts).isNotNull();
        assertProblem(tooMany, 429);
        long retryAfter = Long.parseLong(tooMany.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);

        Reply someoneElse = api.query("/api/directory/markets?limit=1", api.vendor(Api.someone("patient")));
        assertThat(someoneElse.status()).isEqualTo(200);

        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
        assertThat(api.query("/api/directory/markets?limit=1", greedy).status()).isEqualTo(200);
    }
}
