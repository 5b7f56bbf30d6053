/** Wiring of the query side: its two database roles, the guarded query bus, processors, and route rules. */
package io.marketflow.query.config;
