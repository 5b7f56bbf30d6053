/**
 * Events a projection could not apply, parked in Axon's dead-letter queue per sequence, that is per market (every
 * projected event is a market's): operators see them and retry them through the {@code deadletters} actuator
 * endpoint, which needs the {@code admin} role.
 */
package io.marketflow.projection.deadletter;
