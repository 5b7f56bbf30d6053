/** Wiring of the query side: its two database roles, the guarded query bus, live notices, and its filter chain. */
package io.marketflow.query.config;
