/** Identifiers made without contention. */
package io.marketflow.platform.ids;
