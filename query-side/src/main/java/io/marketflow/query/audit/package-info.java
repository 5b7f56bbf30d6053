/** Auditors and owners read a market's history: the market-history read model, its query and route. */
package io.marketflow.query.audit;
