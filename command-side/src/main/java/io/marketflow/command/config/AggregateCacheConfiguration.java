package io.marketflow.command.config;

import org.axonframework.common.caching.Cache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The markets each instance keeps in memory between commands. Vendor profiles are not kept: a submission reads the
 * profile without appending to it, so a copy another instance left stale (renamed, erased, made again) would never
 * be found out, and would put an old or erased name into a new application.
 */
@Configuration(proxyBeanMethods = false)
class AggregateCacheConfiguration {

    @Bean
    Cache marketCache(AggregateProperties properties) {
        return new CaffeineAggregateCache(properties.cacheSize());
    }
}
