/** Newest-first keyset paging: an opaque cursor holds the last row's (time, id), so deep pages cost what the first does. */
package io.marketflow.query.paging;
