package io.marketflow.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.api.market.FindMarketQuery;
import io.marketflow.api.market.MarketId;
import static io.marketflow.query.TestTenants.token;

import io.marketflow.api.tenancy.TenantId;
import io.marketflow.edge.caller.TenantRefusedException;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query bus with the guard, as the query side wires it, and a handler that records what reached it. */
class TenantQueryGuardTest {

    private static final MarketId MARKET = MarketId.random();

    /** A handler that would answer anything: the guard alone decides whether it is reached. */
    static class RecordingHandler {
        final AtomicReference<VerifiedTenant> reached = new AtomicReference<>();

        @QueryHandler
        String handle(FindMarketQuery query, VerifiedTenant tenant) {
            reached.set(tenant);
            return "market of " + tenant.id();
        }
    }

    private final SimpleQueryBus bus = SimpleQueryBus.builder().build();
    private final RecordingHandler handler = new RecordingHandler();

    @BeforeEach
    void wireTheBusAsTheQuerySideDoes() {
        TenantQueryGuard guard = new TenantQueryGuard();
        bus.registerDispatchInterceptor(guard);
        bus.registerHandlerInterceptor(guard);
        new AnnotationQueryHandlerAdapter<>(handler).subscribe(bus);
    }

    @Test
    void aQueryCarryingItsVerifiedTenantIsAnswered() {
        VerifiedTenant olga = tenant("olga", "organizer", TenantRole.ORGANIZER);

        String answer = ask(new FindMarketQuery(olga.id(), MARKET), MetaData.with(VerifiedTenant.METADATA_KEY, olga));

        assertThat(answer).isEqualTo("market of olga");
        assertThat(handler.reached.get()).isEqualTo(olga);
    }

    @Test
    void aQueryWithoutAVerifiedTenantIsRefusedBeforeAnyHandler() {
        assertThatThrownBy(() -> ask(new FindMarketQuery(new TenantId("olga"), MARKET), MetaData.emptyInstance()))
                .isInstanceOf(TenantRefusedException.class)
                .hasMessageContaining("carries no verified tenant");
        assertThat(handler.reached.get()).isNull();
    }

    @Test
    void aQueryForAnotherTenantThanTheVerifiedOneIsRefused() {
        VerifiedTenant olga = tenant("olga", "organizer", TenantRole.ORGANIZER);

        assertThatThrownBy(() -> ask(new FindMarketQuery(new TenantId("oscar"), MARKET),
                MetaData.with(VerifiedTenant.METADATA_KEY, olga)))
                .isInstanceOf(TenantRefusedException.class)
                .hasMessageContaining("another tenant");
        assertThat(handler.reached.get()).isNull();
    }

    @Test
    void aTenantSmuggledInAsAPlainValueIsNoVerifiedTenant() {
        assertThatThrownBy(() -> ask(new FindMarketQuery(new TenantId("olga"), MARKET),
                MetaData.with(VerifiedTenant.METADATA_KEY, "olga")))
                .isInstanceOf(TenantRefusedException.class);
        assertThat(handler.reached.get()).isNull();
    }

    @Test
    void aQueryThatNamesNoTenantIsRefused() {
        VerifiedTenant olga = tenant("olga", "organizer", TenantRole.ORGANIZER);

        assertThatThrownBy(() -> ask("all markets, please", MetaData.with(VerifiedTenant.METADATA_KEY, olga)))
                .isInstanceOf(TenantRefusedException.class)
                .hasMessageContaining("names no tenant");
    }

    @Test
    void anAuditorActsForTheTenantTheirTokenNamesNotForThemselves() {
        VerifiedTenant auditor = VerifiedTenant.of(token("alice", List.of("auditor"), Map.of("audit_tenant", "olga")),
                TenantRole.AUDITOR);

        assertThat(auditor.id()).isEqualTo(new TenantId("olga"));
        assertThat(auditor.subject()).isEqualTo("alice");
    }

    @Test
    void aTokenWithoutTheRoleMakesNoTenant() {
        assertThatThrownBy(() -> tenant("victor", "vendor", TenantRole.ORGANIZER))
                .isInstanceOf(TenantRefusedException.class);
        assertThatThrownBy(() -> VerifiedTenant.of(token("alice", List.of("auditor"), Map.of()), TenantRole.AUDITOR))
                .isInstanceOf(TenantRefusedException.class)
                .hasMessageContaining("audit_tenant");
    }

    private String ask(Object query, MetaData metaData) {
        GenericQueryMessage<Object, String> message = new GenericQueryMessage<>(
                new GenericMessage<>(query, metaData), query.getClass().getName(), ResponseTypes.instanceOf(String.class));
        try {
            return bus.query(message).join().getPayload();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static VerifiedTenant tenant(String subject, String role, TenantRole actingAs) {
        return VerifiedTenant.of(token(subject, List.of(role), Map.of()), actingAs);
    }
}
