/** Each side publishes its OpenAPI description, with the bearer-token scheme every /api route needs. */
package io.marketflow.edge.openapi;
