package io.tossbill.customer;

/** A customer left: deleted, with the card's billing key removed at Toss. */
public record CustomerDeleted(CustomerId customerId) {}
