/** Callers are who their signed JWT says: the token checks, and the filter chain that asks each route's role. */
package io.marketflow.edge.security;
