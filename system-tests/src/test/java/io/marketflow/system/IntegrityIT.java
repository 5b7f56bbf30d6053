package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every market's stored events form a hash chain made by PostgreSQL on append; the integrity route recomputes it. A
 * superuser editing or deleting a stored event, past every privilege and trigger, is caught at that sequence.
 */
class IntegrityIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    record Market(UUID id, String organizer) {
    }

    @Test
    void anUntouchedHistoryVerifies() {
        Market market = marketWithThreeEvents();

        JsonNode report = integrity(market);

        assertThat(report.get("verified").asBoolean()).isTrue();
        assertThat(report.get("events").asLong()).isEqualTo(3);
        assertThat(report.get("firstBrokenSequence").isNull()).isTrue();
    }

    @Test
    void anEditedPayloadBreaksTheChainAtItsSequence() throws SQLException {
        Market market = marketWithThreeEvents();

        asSuperuserPastTriggers(market, """
                UPDATE domain_event_entry
                SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'Chained Market', 'Chained Markup'),
                                         'UTF8')
                WHERE aggregate_identifier = ? AND sequence_number = 1""");
        JsonNode report = integrity(market);

        assertThat(report.get("verified").asBoolean()).isFalse();
        assertThat(report.get("firstBrokenSequence").asLong()).isEqualTo(1);
    }

    @Test
    void aDeletedEventBreaksTheChainWhereItWas() throws SQLException {
        Market market = marketWithThreeEvents();

        asSuperuserPastTriggers(market,
                "DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 1");
        JsonNode report = integrity(market);

        assertThat(report.get("verified").asBoolean()).isFalse();
        assertThat(report.get("events").asLong()).isEqualTo(2);
        assertThat(report.get("firstBrokenSequence").asLong()).isEqualTo(1);
    }

    /** Created, applied to, approved: sequences 0, 1 and 2. */
    private Market marketWithThreeEvents() {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        UUID market = api.createMarket(organizer, "Chained Market");
        api.saveVendorProfile(vendor, "Bakery");
        UUID application = api.apply(vendor, market);
        assertThat(api.decide(organizer, market, application, "APPROVED").status()).isEqualTo(200);
        return new Market(market, organizer);
    }

    private JsonNode integrity(Market market) {
        Reply reply = api.query("/api/audit/markets/" + market.id() + "/integrity", market.organizer());
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    /** A superuser session in replica mode: no privilege, policy or ordinary trigger stands in its way. */
    private void asSuperuserPastTriggers(Market market, String statement) throws SQLException {
        try (Connection connection = system.connectAs(system.admin().user())) {
            try (Statement replica = connection.createStatement()) {
                replica.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement tamper = connection.prepareStatement(statement)) {
                tamper.setString(1, market.id().toString());
                assertThat(tamper.executeUpdate()).isEqualTo(1);
            }
        }
    }
}
