package io.tossbill.customer;

/** A customer's card can no longer be charged (e.g. {@code BILLING_DELETED} at Toss). */
public record CardBecameUnusable(CustomerId customerId, CardId cardId, String reason) {}
