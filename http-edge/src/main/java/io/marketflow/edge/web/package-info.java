/** The HTTP edge both sides share: problem+json errors, identical 404s, and ids written as plain strings. */
package io.marketflow.edge.web;
