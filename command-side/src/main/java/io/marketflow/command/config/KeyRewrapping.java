package io.marketflow.command.config;

import io.marketflow.persistence.personal.VendorDataKeys;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a rotation of the key-encryption key ({@code MARKETFLOW_KEK} new, {@code MARKETFLOW_KEK_PREVIOUS} the old
 * one), re-wraps every vendor's data key under the new KEK, 500 a transaction, touching nothing else; every instance
 * does, which is harmless (rows another holds are skipped). Once the log says none is left, the old KEK can go.
 */
@Component
class KeyRewrapping {

    private static final Logger log = LoggerFactory.getLogger(KeyRewrapping.class);
    private static final int BATCH = 500;

    private final VendorDataKeys keys;
    private final TransactionTemplate transactions;

    KeyRewrapping(VendorDataKeys keys, DataSource dataSource) {
        this.keys = keys;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT10M")
    void rewrapUnderTheCurrentKek() {
        try {
            int total = 0;
            Integer done;
            do {
                done = transactions.execute(status -> keys.rewrap(BATCH));
                total += done == null ? 0 : done;
            } while (done != null && done == BATCH);
            if (total > 0) {
                log.info("re-wrapped {} vendor data keys under KEK {}", total, keys.keks().currentId());
            }
        } catch (RuntimeException e) {
            log.warn("could not re-wrap vendor data keys, trying again in ten minutes: {}", e.toString());
        }
    }
}
