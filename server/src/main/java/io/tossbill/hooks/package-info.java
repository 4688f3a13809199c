/**
 * Outgoing webhooks: the engine's events, written to an outbox in the transaction that made them,
 * delivered at least once to the merchant's endpoints, signed in the Standard Webhooks form.
 */
@NullMarked
package io.tossbill.hooks;

import org.jspecify.annotations.NullMarked;
