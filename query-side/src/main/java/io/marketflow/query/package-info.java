/** The query side: projections into read models, tenant-checked query handlers, and the REST reads. */
package io.marketflow.query;
