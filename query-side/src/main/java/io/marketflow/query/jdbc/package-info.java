/** How the read models' Java values meet PostgreSQL's columns. */
package io.marketflow.query.jdbc;
