/**
 * Rebuilding read models from the event store: every event is replayed into fresh copies of a processing group's
 * tables while the live ones keep serving, and the copies take their place only once they have caught up. Operators
 * start it through the {@code rebuild} actuator endpoint, which needs the {@code admin} role.
 */
package io.marketflow.projection.rebuild;
