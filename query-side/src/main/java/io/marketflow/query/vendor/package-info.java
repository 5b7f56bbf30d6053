/**
 * A vendor's own data, for their export: the stored events about them, kept sealed in their tenant's rows and opened
 * at read time, so that an erased vendor's fields read {@code null}.
 */
package io.marketflow.query.vendor;
