/** Identifiers made without contention. */
package io.marketflow.persistence.ids;
