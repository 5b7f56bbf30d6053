package io.marketflow.command.config;

import org.axonframework.common.caching.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The markets and vendor profiles each instance keeps in memory between commands. */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache marketCache(AggregateProperties properties) {
        return new CaffeineAggregateCache(properties.cacheSize());
    }

    @Bean
    Cache vendorCache(AggregateProperties properties) {
        return new CaffeineAggregateCache(properties.cacheSize());
    }
}
