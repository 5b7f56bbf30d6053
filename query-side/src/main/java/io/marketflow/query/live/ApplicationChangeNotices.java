package io.marketflow.query.live;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.market.MarketId;
import io.marketflow.projection.RebuildTransaction;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Announces the market applications a projector transaction changed, on PostgreSQL channel
 * {@value #CHANNEL}: one statement just before the transaction commits, delivered by PostgreSQL to every listening
 * instance at commit, and never for a batch that rolls back. A notice holds ids only, {@code <marketId>
 * <applicationId>}: channels are not covered by row-level security.
 */
@Component
public class ApplicationChangeNotices {

    public static final String CHANNEL = "marketflow_application_changes";

    private final JdbcClient jdbc;

    public ApplicationChangeNotices(JdbcClient projectorJdbc) {
        this.jdbc = projectorJdbc;
    }

    /** Announces, once the current transaction commits, that the application's row changed. */
    public void changed(MarketId marketId, ApplicationId applicationId) {
        if (RebuildTransaction.isCurrent()) {
            return; // a rebuild's copies: nobody reads them yet
        }
        String notice = marketId + " " + applicationId;
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(List.of(notice));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> pending = (Set<String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Set<String> notices = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, notices);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    send(notices);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(ApplicationChangeNotices.this);
                }
            });
            pending = notices;
        }
        pending.add(notice);
    }

    private void send(Collection<String> notices) {
        jdbc.sql("SELECT count(pg_notify(:channel, notice)) FROM string_to_table(:notices, ',') AS notice")
                .param("channel", CHANNEL)
                .param("notices", String.join(",", notices))
                .query(Long.class)
                .single();
    }
}
