/**
 * Events a projection could not apply, parked per sequence (market or vendor) in Axon's dead-letter queue: operators
 * see them and retry them through the {@code deadletters} actuator endpoint, which needs the {@code admin} role.
 */
package io.marketflow.query.deadletter;
