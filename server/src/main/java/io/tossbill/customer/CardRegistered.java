package io.tossbill.customer;

import org.jspecify.annotations.Nullable;

/** A customer registered a card; it is now their current card. */
public record CardRegistered(
    CustomerId customerId, CardId cardId, @Nullable CardId replacedCardId) {}
