package io.marketflow.command.market;

import static io.marketflow.edge.caller.TenantRole.ORGANIZER;
import static io.marketflow.edge.caller.TenantRole.VENDOR;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.DecideOnApplication;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.api.application.WithdrawApplication;
import io.marketflow.api.market.MarketId;
import io.marketflow.command.web.CommandSender;
import io.marketflow.command.web.CreatedId;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.edge.web.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Vendors apply and withdraw; the market's owner decides. */
@RestController
@RequestMapping("/api/markets/{marketId}/applications")
class ApplicationController {

    record SubmitRequest(@Size(max = Market.MAX_NOTE) String note) {
    }

    record DecisionRequest(@NotNull ApplicationStatus status, @Size(max = Market.MAX_REASON) String reason) {
    }

    /** The application's status after the decision. */
    record DecisionResult(UUID id, UUID marketId, ApplicationStatus status) {
    }

    private final CommandSender commands;

    ApplicationController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<CreatedId> submit(@PathVariable UUID marketId,
                                     @Valid @RequestBody(required = false) SubmitRequest request,
                                     @ActingAs(VENDOR) VerifiedTenant vendor) {
        String note = request == null ? "" : Objects.requireNonNullElse(request.note(), "");
        return commands.send(vendor, new SubmitApplication(new MarketId(marketId), ApplicationId.random(),
                        CommandSender.vendor(vendor), note, commands.now()),
                (ApplicationId submitted) -> ResponseEntity.created(
                                URI.create("/api/markets/" + marketId + "/applications/" + submitted))
                        .body(new CreatedId(submitted.value())));
    }

    @PatchMapping("/{applicationId}")
    ResponseEntity<DecisionResult> decide(@PathVariable UUID marketId, @PathVariable UUID applicationId,
                                          @Valid @RequestBody DecisionRequest request,
                                          @ActingAs(ORGANIZER) VerifiedTenant organizer) {
        DecideOnApplication decision;
        try {
            decision = new DecideOnApplication(new MarketId(marketId), new ApplicationId(applicationId),
                    CommandSender.organizer(organizer), request.status(),
                    Objects.requireNonNullElse(request.reason(), ""), commands.now());
        } catch (IllegalArgumentException notADecision) {
            throw new InvalidInputException("status must be one of " + ApplicationStatus.ORGANIZER_DECISIONS
                    + "; a vendor withdraws through /withdraw.");
        }
        return commands.send(organizer, decision,
                decided -> ResponseEntity.ok(new DecisionResult(applicationId, marketId, request.status())));
    }

    @PostMapping("/{applicationId}/withdraw")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> withdraw(@PathVariable UUID marketId, @PathVariable UUID applicationId,
                                  @ActingAs(VENDOR) VerifiedTenant vendor) {
        return commands.send(vendor, new WithdrawApplication(new MarketId(marketId), new ApplicationId(applicationId),
                CommandSender.vendor(vendor), commands.now()), CommandSender.noContent());
    }
}
