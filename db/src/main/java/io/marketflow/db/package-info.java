/** The database Marketflow runs on: migrations, the roles each side runs under, and a local embedded server. */
package io.marketflow.db;
