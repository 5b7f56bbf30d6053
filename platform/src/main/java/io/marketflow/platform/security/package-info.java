/** Callers are who their signed JWT says: resource-server set-up, roles, and the verified ids handed to controllers. */
package io.marketflow.platform.security;
