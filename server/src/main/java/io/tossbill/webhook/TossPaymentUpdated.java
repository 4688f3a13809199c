package io.tossbill.webhook;

import io.tossbill.toss.Payment;

/**
 * Toss told us a payment changed, and we read it back: {@code payment} is Toss's answer to our own
 * lookup, never the webhook body. Published once per webhook transmission.
 */
public record TossPaymentUpdated(String transmissionId, Payment payment) {}
