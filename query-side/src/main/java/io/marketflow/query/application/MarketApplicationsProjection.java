package io.marketflow.query.application;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.query.live.ApplicationChangeNotices;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.projection.ProjectionTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps each market's applications for its owner ({@code market_application}), and which markets exist and whose
 * they are ({@code market_application_market}), so that an owned market without applications is an empty list,
 * not a 404.
 */
@Component
@ProcessingGroup(MarketApplicationsProjection.GROUP)
@ProjectionTables({"market_application_market", "market_application"})
class MarketApplicationsProjection {

    static final String GROUP = "market-applications";

    private final JdbcClient jdbc;
    private final ApplicationChangeNotices notices;

    MarketApplicationsProjection(JdbcClient projectorJdbc, ApplicationChangeNotices notices) {
        this.jdbc = projectorJdbc;
        this.notices = notices;
    }

    @EventHandler
    void on(MarketCreated event) {
        jdbc.sql("""
                        INSERT INTO market_application_market (market_id, tenant_id) VALUES (:marketId, :tenant)
                        ON CONFLICT (market_id) DO NOTHING""")
                .param("marketId", event.marketId().value())
                .param("tenant", event.owner().value())
                .update();
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        int inserted = jdbc.sql("""
                        INSERT INTO market_application (application_id, market_id, tenant_id, vendor_id, vendor_name,
                                                        status, note, submitted_at, updated_at, last_sequence)
                        VALUES (:applicationId, :marketId, :tenant, :vendorId, :vendorName, :status, :note,
                                :submittedAt, :submittedAt, :sequence)
                        ON CONFLICT (application_id) DO NOTHING""")
                .param("applicationId", event.applicationId().value())
                .param("marketId", event.marketId().value())
                .param("tenant", event.owner().value())
                .param("vendorId", event.vendor().value())
                .param("vendorName", event.vendorName())
                .param("status", ApplicationStatus.SUBMITTED.name())
                .param("note", event.note())
                .param("submittedAt", JdbcValues.timestamp(event.submittedAt()))
                .param("sequence", sequence)
                .update();
        if (inserted > 0) {
            notices.changed(event.marketId(), event.applicationId());
        }
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        int updated = jdbc.sql("""
                        UPDATE market_application SET status = :status, updated_at = :changedAt, last_sequence = :sequence
                        WHERE application_id = :applicationId AND last_sequence < :sequence""")
                .param("applicationId", event.applicationId().value())
                .param("status", event.newStatus().name())
                .param("changedAt", JdbcValues.timestamp(event.changedAt()))
                .param("sequence", sequence)
                .update();
        if (updated > 0) {
            notices.changed(event.marketId(), event.applicationId());
        }
    }
}
