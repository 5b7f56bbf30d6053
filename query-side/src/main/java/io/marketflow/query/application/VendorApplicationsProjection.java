package io.marketflow.query.application;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.jdbc.JdbcValues;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps each vendor's own applications with the market's name ({@code vendor_application}). */
@Component
@ProcessingGroup(VendorApplicationsProjection.GROUP)
@ProjectionTables(VendorApplicationsProjection.TABLE)
public class VendorApplicationsProjection {

    public static final String GROUP = "vendor-applications";
    static final String TABLE = "vendor_application";

    private final ProjectionWrites writes;

    VendorApplicationsProjection(ProjectionWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        writes.write(TABLE, """
                INSERT INTO vendor_application (application_id, tenant_id, market_id, market_name, status,
                                                submitted_at, updated_at, last_sequence)
                VALUES (:applicationId, :tenant, :marketId, :marketName, :status, :submittedAt, :submittedAt,
                        :sequence)
                ON CONFLICT (application_id) DO NOTHING""", params("applicationId", event.applicationId().value(),
                "tenant", event.vendor().value(), "marketId", event.marketId().value(),
                "marketName", event.marketName(), "status", ApplicationStatus.SUBMITTED.name(),
                "submittedAt", JdbcValues.timestamp(event.submittedAt()), "sequence", sequence));
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        writes.write(TABLE, """
                UPDATE vendor_application SET status = :status, updated_at = :changedAt, last_sequence = :sequence
                WHERE application_id = :applicationId AND last_sequence < :sequence""",
                params("applicationId", event.applicationId().value(), "status", event.newStatus().name(),
                        "changedAt", JdbcValues.timestamp(event.changedAt()), "sequence", sequence));
    }
}
