package io.tossbill.webhook;

/** A delivery was stored and awaits processing; internal to this module, carried by the outbox. */
record TossWebhookStored(long deliveryId) {}
