package io.marketflow.command.market;

import static io.marketflow.edge.caller.TenantRole.ORGANIZER;

import io.marketflow.api.market.CloseMarket;
import io.marketflow.api.market.CreateMarket;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.ReopenMarket;
import io.marketflow.command.web.CommandSender;
import io.marketflow.command.web.CreatedId;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.edge.caller.VerifiedTenant;
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

    private final CommandSender commands;

    MarketController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<CreatedId> create(@Valid @RequestBody CreateMarketRequest request,
                                     @ActingAs(ORGANIZER) VerifiedTenant organizer) {
        return commands.send(organizer, new CreateMarket(MarketId.random(), CommandSender.organizer(organizer), request.name(),
                        Objects.requireNonNullElse(request.location(), ""), commands.now()),
                (MarketId created) -> ResponseEntity.created(URI.create("/api/markets/" + created))
                        .body(new CreatedId(created.value())));
    }

    @PostMapping("/{marketId}/close")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> close(@PathVariable UUID marketId, @ActingAs(ORGANIZER) VerifiedTenant organizer) {
        return commands.send(organizer, new CloseMarket(new MarketId(marketId), CommandSender.organizer(organizer),
                commands.now()), CommandSender.noContent());
    }

    @PostMapping("/{marketId}/reopen")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> reopen(@PathVariable UUID marketId, @ActingAs(ORGANIZER) VerifiedTenant organizer) {
        return commands.send(organizer, new ReopenMarket(new MarketId(marketId), CommandSender.organizer(organizer),
                commands.now()), CommandSender.noContent());
    }
}
