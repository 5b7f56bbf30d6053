/** Resource limits on every request: body size and a per-subject rate. */
package io.marketflow.edge.limits;
