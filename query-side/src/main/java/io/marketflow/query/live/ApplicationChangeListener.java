package io.marketflow.query.live;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.FindMarketApplicationsQuery;
import io.marketflow.api.application.MarketApplicationsUpdate;
import io.marketflow.api.market.MarketId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskExecutor;

/**
 * Listens on {@link ApplicationChangeNotices#CHANNEL} over a connection of its own and hands each notice to the
 * subscriptions watching that market, whichever instance projected the change. When the connection is lost, notices
 * are lost with it: once listening again, every subscription is told to read its page afresh. The listening loop
 * holds one thread of Spring Boot's task executor for as long as the side runs.
 */
public class ApplicationChangeListener implements SmartLifecycle {

    /** Opens the connection to listen on. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(ApplicationChangeListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Connections connections;
    private final QueryUpdateEmitter updates;
    private final TaskExecutor executor;
    private volatile boolean running;
    private volatile CountDownLatch stopped = new CountDownLatch(0);

    public ApplicationChangeListener(Connections connections, QueryUpdateEmitter updates, TaskExecutor executor) {
        this.connections = connections;
        this.updates = updates;
        this.executor = executor;
    }

    @Override
    public synchronized void start() {
        running = true;
        CountDownLatch done = new CountDownLatch(1);
        stopped = done;
        executor.execute(() -> {
            try {
                listen();
            } finally {
                done.countDown();
            }
        });
    }

    /** Ends the loop, which sees it within one poll. */
    @Override
    public synchronized void stop() {
        running = false;
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        boolean listenedBefore = false;
        while (running) {
            try (Connection connection = connections.open()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ApplicationChangeNotices.CHANNEL);
                }
                if (listenedBefore) {
                    log.info("Listening for application changes again; open feeds reload their page");
                    updates.emit(FindMarketApplicationsQuery.class, query -> true,
                            new MarketApplicationsUpdate.ChangesMayBeMissed());
                }
                listenedBefore = true;
                PGConnection notices = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notices.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notice : received) {
                            announce(notice.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Lost the connection for application change notices; listening again in {}",
                            RECONNECT_DELAY, e);
                    pause();
                }
            }
        }
    }

    private void announce(String notice) {
        String[] ids = notice.split(" ");
        MarketId marketId;
        ApplicationId applicationId;
        try {
            marketId = new MarketId(UUID.fromString(ids[0]));
            applicationId = new ApplicationId(UUID.fromString(ids[1]));
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed application change notice: {}", notice);
            return;
        }
        updates.emit(FindMarketApplicationsQuery.class, query -> query.marketId().equals(marketId),
                new MarketApplicationsUpdate.ApplicationChanged(marketId, applicationId));
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
