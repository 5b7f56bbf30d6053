package io.marketflow.query.application;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.vendor.VendorErased;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.live.ApplicationChangeNotices;
import java.sql.Statement;
import java.util.function.IntConsumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps each market's applications for its owner ({@code market_application}), and which markets exist and whose
 * they are ({@code market_application_market}), so that an owned market without applications is an empty list,
 * not a 404. A row that really changed is a notice for the market's live feed. The only projection that keeps
 * personal fields, a submission's name and note: they are the ones {@code marketflow.personal-data.open-when-writing}
 * lets a projector open, and a field kept here must be named there.
 */
@Component
@ProcessingGroup(MarketApplicationsProjection.GROUP)
@ProjectionTables({MarketApplicationsProjection.MARKETS, MarketApplicationsProjection.APPLICATIONS})
class MarketApplicationsProjection {

    static final String GROUP = "market-applications";
    static final String MARKETS = "market_application_market";
    static final String APPLICATIONS = "market_application";

    private final ProjectionWrites writes;
    private final ApplicationChangeNotices notices;

    MarketApplicationsProjection(ProjectionWrites writes, ApplicationChangeNotices notices) {
        this.writes = writes;
        this.notices = notices;
    }

    @EventHandler
    void on(MarketCreated event) {
        writes.write(MARKETS, """
                INSERT INTO market_application_market (market_id, tenant_id) VALUES (:marketId, :tenant)
                ON CONFLICT (market_id) DO NOTHING""",
                params("marketId", event.marketId().value(), "tenant", event.owner().value()));
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        writes.write(APPLICATIONS, """
                INSERT INTO market_application (application_id, market_id, tenant_id, vendor_id, vendor_name,
                                                status, note, submitted_at, updated_at, last_sequence)
                VALUES (:applicationId, :marketId, :tenant, :vendorId, :vendorName, :status, :note,
                        :submittedAt, :submittedAt, :sequence)
                ON CONFLICT (application_id) DO NOTHING""", params("applicationId", event.applicationId().value(),
                "marketId", event.marketId().value(), "tenant", event.owner().value(),
                "vendorId", event.vendor().value(), "vendorName", event.vendorName(),
                "status", ApplicationStatus.SUBMITTED.name(), "note", event.note(),
                "submittedAt", JdbcValues.timestamp(event.submittedAt()), "sequence", sequence),
                noticeIfChanged(event.marketId(), event.applicationId()));
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        writes.write(APPLICATIONS, """
                UPDATE market_application SET status = :status, updated_at = :changedAt, last_sequence = :sequence
                WHERE application_id = :applicationId AND last_sequence < :sequence""",
                params("applicationId", event.applicationId().value(), "status", event.newStatus().name(),
                        "changedAt", JdbcValues.timestamp(event.changedAt()), "sequence", sequence),
                noticeIfChanged(event.marketId(), event.applicationId()));
    }

    /**
     * An erased vendor's applications keep their rows without the name and note. Not guarded by a sequence: it can
     * only ever empty the fields, and the submissions it may overtake (other markets' streams) no longer decrypt.
     */
    @EventHandler
    void on(VendorErased event) {
        writes.write(APPLICATIONS, """
                UPDATE market_application SET vendor_name = NULL, note = NULL
                WHERE vendor_id = :vendorId AND (vendor_name IS NOT NULL OR note IS NOT NULL)""",
                params("vendorId", event.vendorId().value()));
    }

    /**
     * A row the write really changed (not a replay) is a notice for the market's live feed; so is an insert sent as
     * part of a multi-row statement, whose count the driver does not know: a replay then costs a stream one reading
     * of an unchanged row, never a lost change.
     */
    private IntConsumer noticeIfChanged(MarketId marketId, ApplicationId applicationId) {
        return rows -> {
            if (rows > 0 || rows == Statement.SUCCESS_NO_INFO) {
                notices.changed(marketId, applicationId);
            }
        };
    }
}
