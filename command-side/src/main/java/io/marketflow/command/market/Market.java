package io.marketflow.command.market;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.DecideOnApplication;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.api.application.WithdrawApplication;
import io.marketflow.api.market.CloseMarket;
import io.marketflow.api.market.CreateMarket;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketOwnerCommand;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.market.ReopenMarket;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import io.marketflow.command.text.FreeText;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A market and the applications to it. Every command only its owner may send is a {@link MarketOwnerCommand}, and the
 * market checks its caller once, before any handler runs: a caller who is not its owner is answered exactly as for a
 * market that does not exist. It keeps no personal field: loaded from its events in a command or a snapshot, it
 * opens none of its submissions' names and notes, and reads no vendor's key.
 */
@Aggregate(cache = "marketCache", snapshotTriggerDefinition = "marketSnapshots")
@Revision("1") // raise it when the fields change: snapshots of another revision are then passed over
class Market {

    static final int MAX_NAME = 120;
    static final int MAX_LOCATION = 200;
    static final int MAX_NOTE = 2000;
    static final int MAX_REASON = 500;

    @AggregateIdentifier
    private MarketId marketId;
    private OrganizerId owner;
    private String name;
    private boolean open;

    // keyed by the id's UUID, which a snapshot keeps as a plain map key; events reach an application by this lookup,
    // not by Axon's member forwarding, which offers every event to every application of the market
    private final Map<UUID, Application> applications = new HashMap<>();

    Market() {
        // for Axon, which rebuilds the market from its events
    }

    @CommandHandler
    Market(CreateMarket command) {
        apply(new MarketCreated(command.marketId(), command.organizer(),
                FreeText.require("name", command.name(), 1, MAX_NAME),
                FreeText.require("location", command.location(), 0, MAX_LOCATION),
                command.createdAt()));
    }

    /** The one owner check, before the handler of every command only the owner may send. */
    @CommandHandlerInterceptor
    void onlyItsOwner(MarketOwnerCommand command) {
        if (!owner.equals(command.organizer())) {
            throw new NotFoundOrNotYoursException();
        }
    }

    @CommandHandler
    void handle(CloseMarket command) {
        if (!open) {
            throw new StateConflictException("The market is already closed.");
        }
        apply(new MarketClosed(marketId, owner, command.closedAt()));
    }

    @CommandHandler
    void handle(ReopenMarket command) {
        if (open) {
            throw new StateConflictException("The market is already open.");
        }
        apply(new MarketReopened(marketId, owner, command.reopenedAt()));
    }

    @CommandHandler
    void handle(DecideOnApplication command) {
        Application application = applications.get(command.applicationId().value());
        if (application == null) {
            throw new NotFoundOrNotYoursException();
        }
        application.decide(marketId, owner, command.decision(),
                FreeText.require("reason", command.reason(), 0, MAX_REASON), command.decidedAt());
    }

    @CommandHandler
    void handle(WithdrawApplication command) {
        Application application = applications.get(command.applicationId().value());
        if (application == null || !application.belongsTo(command.vendor())) {
            throw new NotFoundOrNotYoursException();
        }
        application.withdraw(marketId, owner, command.withdrawnAt());
    }

    /**
     * Takes a vendor's application; called by {@link ApplicationSubmissionHandler}, which has looked up the vendor's
     * business name first.
     */
    void submit(SubmitApplication command, String vendorName) {
        if (!open) {
            throw new StateConflictException("The market is closed for applications.");
        }
        if (applications.containsKey(command.applicationId().value())) {
            throw new StateConflictException("An application with this id exists already.");
        }
        boolean alreadyApplied = applications.values().stream()
                .anyMatch(application -> application.belongsTo(command.vendor()) && application.isActive());
        if (alreadyApplied) {
            throw new StateConflictException("You already have an open application to this market.");
        }
        apply(new ApplicationSubmitted(marketId, command.applicationId(), owner, name, command.vendor(), vendorName,
                FreeText.require("note", command.note(), 0, MAX_NOTE), command.submittedAt()));
    }

    @EventSourcingHandler
    void on(MarketCreated event) {
        marketId = event.marketId();
        owner = event.owner();
        name = event.name();
        open = true;
    }

    @EventSourcingHandler
    void on(MarketClosed event) {
        open = false;
    }

    @EventSourcingHandler
    void on(MarketReopened event) {
        open = true;
    }

    @EventSourcingHandler
    void on(ApplicationSubmitted event) {
        applications.put(event.applicationId().value(), new Application(event.applicationId(), event.vendor()));
    }

    @EventSourcingHandler
    void on(ApplicationStatusChanged event) {
        applications.get(event.applicationId().value()).statusChangedTo(event.newStatus());
    }
}
