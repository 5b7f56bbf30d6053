/**
 * What operates the projections, and the whole of what read models see of it: a projection names the tables it writes
 * ({@link io.marketflow.projection.ProjectionTables}), a query route the read model it answers from
 * ({@link io.marketflow.projection.ReadModel}), and a projection asks whether it is being replayed into a rebuild's
 * twin tables ({@link io.marketflow.projection.RebuildTransaction}). Everything else (rebuilds, parked events and
 * their retry, segments shared between instances, read-your-writes waits) lives in the sub-packages, which read
 * models never import.
 */
package io.marketflow.projection;
