package io.marketflow.command.vendor;

import io.marketflow.api.application.DecideOnApplication;
import io.marketflow.api.application.SubmitApplication;
import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.persistence.personal.VendorDataKeys;
import io.marketflow.persistence.personal.VendorDataKeys.ProfileVersion;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A command that will seal a vendor's personal data locks that vendor's key in its transaction before it takes any
 * aggregate's lock. An erasure holds the key and then waits for the vendor's aggregate, so a submission that held
 * the vendor's aggregate while it waited for the key waited until the statement timeout ended it; and a market's
 * lock, which every command on the market waits for, is not held for the key's round trip (one hot market, 8 clients,
 * six runs: a mean of 470 decisions/s, against 451 before fields were sealed; three runs with the read inside the
 * lock, 393 to 518; see the README). A submission's statement also reads the newest event of the vendor's profile,
 * which {@link AggregateVendorProfiles} checks the profile it kept against, so that check takes no round trip of its
 * own.
 */
final class KeysBeforeAggregates implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String PROFILE_VERSION = "marketflow.profileVersion.";

    private final VendorDataKeys keys;
    private final Applicants applicants;

    KeysBeforeAggregates(VendorDataKeys keys, Applicants applicants) {
        this.keys = keys;
        this.applicants = applicants;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        Object command = unitOfWork.getMessage().getPayload();
        if (command instanceof SubmitApplication submission) {
            // it seals the business name and note; the profile's newest event comes with the key
            String vendor = submission.vendor().value();
            keys.lockNewestWithProfileVersion(vendor)
                    .ifPresent(version -> unitOfWork.resources().put(PROFILE_VERSION + vendor, version));
        } else {
            sealsDataOf(command).ifPresent(vendor -> keys.lockNewest(vendor.value()));
        }
        return chain.proceed();
    }

    /** The newest event of {@code vendor}'s profile as this unit of work read it with their key, if it did. */
    static Optional<ProfileVersion> profileVersionRead(VendorId vendor) {
        return CurrentUnitOfWork.isStarted()
                ? Optional.ofNullable(CurrentUnitOfWork.get().getResource(PROFILE_VERSION + vendor.value()))
                : Optional.empty();
    }

    private Optional<VendorId> sealsDataOf(Object command) {
        if (command instanceof DecideOnApplication decision) {
            return applicants.of(decision.applicationId()); // its reason
        }
        if (command instanceof SaveVendorProfile profile) {
            return Optional.of(profile.vendorId()); // the name and category
        }
        return Optional.empty();
    }
}
