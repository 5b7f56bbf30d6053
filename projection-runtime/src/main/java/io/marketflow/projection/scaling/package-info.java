/**
 * Several query-side instances share each processor's segments: every instance says it is alive in
 * {@code query_side_instance}, and one that holds more than its share releases segments that another live instance,
 * holding fewer, then claims. A dead instance stops saying so before its claims expire, so that its segments are
 * taken over by the others, never handed back to it.
 */
package io.marketflow.projection.scaling;
