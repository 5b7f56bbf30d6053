package io.marketflow.query.application;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.projection.ProjectionTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps each vendor's own applications with the market's name ({@code vendor_application}). */
@Component
@ProcessingGroup(VendorApplicationsProjection.GROUP)
@ProjectionTables("vendor_application")
class VendorApplicationsProjection {

    static final String GROUP = "vendor-applications";

    private final JdbcClient jdbc;

    VendorApplicationsProjection(JdbcClient projectorJdbc) {
        this.jdbc = projectorJdbc;
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO vendor_application (application_id, tenant_id, market_id, market_name, status,
                                                        submitted_at, updated_at, last_sequence)
                        VALUES (:applicationId, :tenant, :marketId, :marketName, :status, :submittedAt, :submittedAt,
                                :sequence)
                        ON CONFLICT (application_id) DO NOTHING""")
                .param("applicationId", event.applicationId().value())
                .param("tenant", event.vendor().value())
                .param("marketId", event.marketId().value())
                .param("marketName", event.marketName())
                .param("status", ApplicationStatus.SUBMITTED.name())
                .param("submittedAt", JdbcValues.timestamp(event.submittedAt()))
                .param("sequence", sequence)
                .update();
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE vendor_application SET status = :status, updated_at = :changedAt, last_sequence = :sequence
                        WHERE application_id = :applicationId AND last_sequence < :sequence""")
                .param("applicationId", event.applicationId().value())
                .param("status", event.newStatus().name())
                .param("changedAt", JdbcValues.timestamp(event.changedAt()))
                .param("sequence", sequence)
                .update();
    }
}
