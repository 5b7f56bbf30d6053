package io.marketflow.command.vendor;

import io.marketflow.persistence.personal.VendorDataKeys;
import org.axonframework.eventhandling.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Commands lock the keys of the vendors whose data they seal before any aggregate. */
@Configuration(proxyBeanMethods = false)
class VendorKeyConfiguration {

    /** Applications whose applicant is kept: far more than the organizers of a hot market decide on at a time. */
    private static final int APPLICANTS_KEPT = 50_000;

    /**
     * The last of the command bus's handler interceptors (Axon registers them in their order), right before the
     * handler: after the {@code Idempotency-Key}'s lock, which an erasure sent under the same key takes before the
     * vendor's key.
     */
    @Bean
    @Order(3)
    KeysBeforeAggregates keysBeforeAggregates(VendorDataKeys keys, EventBus eventBus) {
        Applicants applicants = new Applicants(APPLICANTS_KEPT);
        eventBus.registerDispatchInterceptor(applicants);
        return new KeysBeforeAggregates(keys, applicants);
    }
}
