/**
 * {@code Idempotency-Key}: a command sent again under the same key by the same caller is answered with the first
 * answer instead of being carried out twice. The answer is remembered in the command's own transaction, so it exists
 * exactly when the command's events do, whichever instance answered and whatever crashed after.
 */
package io.marketflow.command.idempotency;
