package io.marketflow.command.market;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.command.refusal.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Submitting needs two aggregates: the vendor's profile gives the business name the event carries, then the market
 * decides. Both are loaded in the command's one unit of work; the market itself does no lookups.
 */
@Component
class ApplicationSubmissionHandler {

    private final Repository<Market> markets;
    private final VendorProfiles vendorProfiles;

    ApplicationSubmissionHandler(Repository<Market> markets, VendorProfiles vendorProfiles) {
        this.markets = markets;
        this.vendorProfiles = vendorProfiles;
    }

    /** Answers the new application's id. */
    @CommandHandler
    ApplicationId handle(SubmitApplication command) {
        String vendorName = vendorProfiles.businessNameOf(command.vendor())
                .orElseThrow(() -> new StateConflictException("Create your vendor profile before applying."));
        markets.load(command.marketId().toString()).execute(market -> market.submit(command, vendorName));
        return command.applicationId();
    }
}
