package io.marketflow.command.market;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.DecideOnApplication;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.api.application.WithdrawApplication;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.web.Commands;
import io.marketflow.command.web.CreatedId;
import io.marketflow.platform.web.InvalidInputException;
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

    private final Commands commands;

    ApplicationController(Commands commands) {
        this.commands = commands;
    }

    @PostMapping
    ResponseEntity<CreatedId> submit(@PathVariable UUID marketId,
                                     @Valid @RequestBody(required = false) SubmitRequest request, VendorId vendor) {
        ApplicationId applicationId = ApplicationId.random();
        String note = request == null ? "" : Objects.requireNonNullElse(request.note(), "");
        return commands.send(new SubmitApplication(new MarketId(marketId), applicationId, vendor, note, commands.now()),
                submitted -> ResponseEntity.created(
                                URI.create("/api/markets/" + marketId + "/applications/" + applicationId))
                        .body(new CreatedId(applicationId.value())));
    }

    @PatchMapping("/{applicationId}")
    ResponseEntity<DecisionResult> decide(@PathVariable UUID marketId, @PathVariable UUID applicationId,
                          @Valid @RequestBody DecisionRequest request, OrganizerId organizer) {
        if (!ApplicationStatus.ORGANIZER_DECISIONS.contains(request.status())) {
            throw new InvalidInputException("status must be one of " + ApplicationStatus.ORGANIZER_DECISIONS
                    + "; a vendor withdraws through /withdraw.");
        }
        return commands.send(new DecideOnApplication(new MarketId(marketId), new ApplicationId(applicationId),
                        organizer, request.status(), Objects.requireNonNullElse(request.reason(), ""), commands.now()),
                decided -> ResponseEntity.ok(new DecisionResult(applicationId, marketId, request.status())));
    }

    @PostMapping("/{applicationId}/withdraw")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> withdraw(@PathVariable UUID marketId, @PathVariable UUID applicationId, VendorId vendor) {
        return commands.send(new WithdrawApplication(new MarketId(marketId), new ApplicationId(applicationId), vendor,
                commands.now()), Commands.noContent());
    }
}
