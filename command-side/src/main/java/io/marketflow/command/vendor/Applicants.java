package io.marketflow.command.vendor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.vendor.VendorId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Who applied with each application, as learnt from the events this instance appends, for a decision to lock the
 * applicant's key before it takes its market's lock. An application's applicant never changes and its id is never
 * given to another, so what is learnt stays true; an application not learnt yet (submitted through another instance,
 * or longer ago than the {@code capacity} applications learnt since) has its key read inside the market's lock.
 */
final class Applicants implements MessageDispatchInterceptor<EventMessage<?>> {

    private final Cache<UUID, VendorId> applicants;

    Applicants(int capacity) {
        this.applicants = Caffeine.newBuilder().maximumSize(capacity).build();
    }

    Optional<VendorId> of(ApplicationId application) {
        return Optional.ofNullable(applicants.getIfPresent(application.value()));
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> events) {
        return (index, event) -> {
            Object payload = event.getPayload();
            if (payload instanceof ApplicationSubmitted submitted) {
                applicants.put(submitted.applicationId().value(), submitted.vendor());
            } else if (payload instanceof ApplicationStatusChanged changed) {
                applicants.put(changed.applicationId().value(), changed.vendor());
            }
            return event;
        };
    }
}
