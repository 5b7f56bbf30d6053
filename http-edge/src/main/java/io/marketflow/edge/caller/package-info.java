/**
 * Who is calling, for both sides: the {@link io.marketflow.edge.caller.VerifiedTenant} made from the verified token
 * for a controller's {@link io.marketflow.edge.caller.ActingAs} parameter, whose role is also the route's.
 */
package io.marketflow.edge.caller;
