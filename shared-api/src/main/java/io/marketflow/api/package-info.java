/** The messages Marketflow's two sides exchange: commands, events, queries and read views, grouped by feature. */
package io.marketflow.api;
