package io.marketflow.query.application;

import io.marketflow.api.application.FindMarketApplicationQuery;
import io.marketflow.api.application.FindMarketApplicationsQuery;
import io.marketflow.api.application.MarketApplication;
import io.marketflow.api.application.MarketApplicationPage;
import io.marketflow.api.application.MarketApplicationsUpdate;
import io.marketflow.api.application.MarketApplicationsUpdate.ApplicationChanged;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.edge.web.NotFoundException;
import io.marketflow.projection.ReadModel;
import io.marketflow.query.live.LiveFeeds;
import io.marketflow.query.paging.Paging;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.query.tenancy.TenantQueries;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.Optional;
import java.util.function.Function;
import java.util.UUID;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

/**
 * A market's applications as they change, for its owner's dashboard: {@code page} (the first page, as the list
 * route answers it), then {@code application} with the whole application each time one changes, and {@code end}
 * when the token expires. Every change is read again as the caller's tenant before it is sent.
 */
@RestController
class LiveApplicationsController {

    private final TenantQueries queries;
    private final LiveFeeds feeds;

    LiveApplicationsController(TenantQueries queries, LiveFeeds feeds) {
        this.queries = queries;
        this.feeds = feeds;
    }

    @GetMapping(path = "/api/markets/{marketId}/applications/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ReadModel(MarketApplicationsProjection.GROUP)
    SseEmitter liveApplications(@PathVariable UUID marketId, @ActingAs(TenantRole.ORGANIZER) VerifiedTenant tenant) {
        MarketId market = new MarketId(marketId);
        PageRequest firstPageRequest = Paging.request(null, null);
        Function<TenantId, FindMarketApplicationsQuery> firstPage =
                id -> new FindMarketApplicationsQuery(id, market, null, firstPageRequest);
        // subscribed before the first page is read: a change made meanwhile is not missed, at worst sent twice
        SubscriptionQueryResult<Optional<MarketApplicationPage>, MarketApplicationsUpdate> subscription =
                queries.watch(tenant, firstPage, MarketApplicationPage.class, MarketApplicationsUpdate.class);
        Optional<MarketApplicationPage> page;
        try {
            page = Optional.ofNullable(subscription.initialResult().block()).flatMap(answer -> answer);
        } catch (RuntimeException e) {
            subscription.cancel();
            throw e;
        }
        if (page.isEmpty()) {
            subscription.cancel();
            throw new NotFoundException();
        }
        return feeds.open(tenant, pageEvent(page.get()), subscription.updates(), update -> {
            if (update instanceof ApplicationChanged changed) {
                return queries.find(tenant, id -> new FindMarketApplicationQuery(id, market, changed.applicationId()),
                        MarketApplication.class).map(LiveApplicationsController::applicationEvent);
            }
            return queries.find(tenant, firstPage, MarketApplicationPage.class)
                    .map(LiveApplicationsController::pageEvent);
        }, subscription::cancel);
    }

    private static SseEventBuilder pageEvent(MarketApplicationPage page) {
        return SseEmitter.event().name("page").data(page, MediaType.APPLICATION_JSON);
    }

    private static SseEventBuilder applicationEvent(MarketApplication application) {
        return SseEmitter.event().name("application").data(application, MediaType.APPLICATION_JSON);
    }
}
