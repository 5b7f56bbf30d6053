/** Paging shared by every list query: what a caller asks for. */
package io.marketflow.api.paging;
