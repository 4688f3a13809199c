package io.tossbill.customer;

/** A customer's email, name, external id or language changed. */
public record CustomerUpdated(CustomerId customerId) {}
