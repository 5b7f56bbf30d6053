/** Local development only: a token issuer and a one-command launcher. Never needed in production. */
package io.marketflow.dev;
