package io.marketflow.command.market;

import io.marketflow.api.market.CloseMarket;
import io.marketflow.api.market.CreateMarket;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.market.ReopenMarket;
import io.marketflow.command.web.Commands;
import io.marketflow.command.web.CreatedId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Organizers create, close and reopen their markets. */
@RestController
@RequestMapping("/api/markets")
class MarketController {

    record CreateMarketRequest(@NotBlank @Size(max = Market.MAX_NAME) String name,
                               @Size(max = Market.MAX_LOCATION) String location) {
    }

    private final Commands commands;

    MarketController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<CreatedId> create(@Valid @RequestBody CreateMarketRequest request, OrganizerId organizer) {
        MarketId marketId = MarketId.random();
        return commands.send(new CreateMarket(marketId, organizer, request.name(),
                        Objects.requireNonNullElse(request.location(), ""), commands.now()),
                created -> ResponseEntity.created(URI.create("/api/markets/" + marketId))
                        .body(new CreatedId(marketId.value())));
    }

    @PostMapping("/{marketId}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> close(@PathVariable UUID marketId, OrganizerId organizer) {
        return commands.send(new CloseMarket(new MarketId(marketId), organizer, commands.now()), Commands.noContent());
    }

    @PostMapping("/{marketId}/reopen")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> reopen(@PathVariable UUID marketId, OrganizerId organizer) {
        return commands.send(new ReopenMarket(new MarketId(marketId), organizer, commands.now()),
                Commands.noContent());
    }
}
