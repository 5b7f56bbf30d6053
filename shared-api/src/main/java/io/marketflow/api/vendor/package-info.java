/** Vendor profiles: the business a vendor applies as. */
package io.marketflow.api.vendor;
