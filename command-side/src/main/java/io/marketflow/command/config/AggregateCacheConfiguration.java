package io.marketflow.command.config;

import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The markets and vendor profiles each instance keeps in memory between commands. */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache marketCache(@Value("${marketflow.aggregates.cache-size:10000}") int capacity) {
        return new BoundedAggregateCache(capacity);
    }

    @Bean
    Cache vendorCache(@Value("${marketflow.aggregates.cache-size:10000}") int capacity) {
        return new BoundedAggregateCache(capacity);
    }
}
