package io.marketflow.system;

import io.marketflow.system.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Requests released together, each on its own thread, to make them race; the answers in the order of the senders. */
final class AtOnce {

    private AtOnce() {
    }

    /** Sends {@code request.apply(i)} for every i below {@code senders}, all at the same moment. */
    static List<Reply> send(int senders, IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> pending = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int sender = i;
                pending.add(pool.submit(() -> {
                    go.await();
                    return request.apply(sender);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : pending) {
                replies.add(reply.get(60, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
