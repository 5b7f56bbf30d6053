/** How Axon's message meters are exported. */
package io.marketflow.persistence.metrics;
