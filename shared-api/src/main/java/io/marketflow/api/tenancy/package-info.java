/** Who data belongs to: the tenant every query carries. */
package io.marketflow.api.tenancy;
