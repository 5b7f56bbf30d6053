/** Connecting as the least-privilege roles, after migrating with the admin connection. */
package io.marketflow.persistence.db;
