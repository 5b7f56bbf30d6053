/**
 * What operates the projections, and the whole of what read models see of it: a projection names the tables it writes
 * ({@link io.marketflow.projection.ProjectionTables}), writes them through
 * {@link io.marketflow.projection.ProjectionWrites}, and asks whether it is being replayed into a rebuild's twin
 * tables ({@link io.marketflow.projection.RebuildTransaction}); a query route names the read model it answers from
 * ({@link io.marketflow.projection.ReadModel}). Everything else (the live processor, rebuilds, parked events and
 * their retry, segments shared between instances, read-your-writes waits) lives in the sub-packages, which read
 * models never import.
 */
package io.marketflow.projection;
