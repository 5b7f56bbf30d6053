package io.marketflow.query.config;

import io.marketflow.query.tenancy.TenantQueryGuard;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.springframework.context.annotation.Bean;

/**
 * The query bus refuses any query without a verified tenant, at dispatch and again at handling. Queries open no
 * transaction here: {@code TenantReads} opens its own, under the reader role.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class QueryBusConfiguration {

    @Bean
    QueryBus queryBus(Configuration axonConfiguration, QueryUpdateEmitter queryUpdateEmitter) {
        SimpleQueryBus queryBus = SimpleQueryBus.builder()
                .transactionManager(NoTransactionManager.INSTANCE)
                .messageMonitor(axonConfiguration.messageMonitor(QueryBus.class, "queryBus"))
                .queryUpdateEmitter(queryUpdateEmitter)
                .build();
        TenantQueryGuard guard = new TenantQueryGuard();
        queryBus.registerDispatchInterceptor(guard);
        queryBus.registerHandlerInterceptor(guard);
        return queryBus;
    }
}
