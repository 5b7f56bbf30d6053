/** An organizer's markets with their application counts: the market-counts read model, its queries and routes. */
package io.marketflow.query.market;
