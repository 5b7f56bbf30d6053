/** Vendor applications to markets and their status machine; applications live inside the Market aggregate. */
package io.marketflow.api.application;
