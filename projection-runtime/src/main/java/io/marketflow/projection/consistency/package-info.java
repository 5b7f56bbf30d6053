/** Read-your-writes: a query may wait until its read model has processed a given event position. */
package io.marketflow.projection.consistency;
