package io.tossbill.customer;

/** A customer was created (published in the creating transaction). */
public record CustomerCreated(CustomerId customerId) {}
