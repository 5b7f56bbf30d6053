package io.marketflow.command.vendor;

import io.marketflow.persistence.personal.VendorDataKeys;
import org.axonframework.eventhandling.EventBus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Commands lock the keys of the vendors whose data they seal before any aggregate. */
@Configuration(proxyBeanMethods = false)
class VendorKeyConfiguration {

    /** Applications whose applicant is kept: far more than the organizers of a hot market decide on at a time. */
    private static final int APPLICANTS_KEPT = 50_000;

    /** First of the command bus's handler interceptors, which Axon registers in this order. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    KeysBeforeAggregates keysBeforeAggregates(VendorDataKeys keys, EventBus eventBus) {
        Applicants applicants = new Applicants(APPLICANTS_KEPT);
        eventBus.registerDispatchInterceptor(applicants);
        return new KeysBeforeAggregates(keys, applicants);
    }
}
