/** Wiring of the command side: its database role, its filter chain, aggregate caches and snapshots, conflict retries. */
package io.marketflow.command.config;
