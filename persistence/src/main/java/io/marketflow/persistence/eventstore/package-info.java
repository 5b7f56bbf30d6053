/** Axon's JDBC event store on PostgreSQL, in the table and column names the Flyway migrations create. */
package io.marketflow.persistence.eventstore;
