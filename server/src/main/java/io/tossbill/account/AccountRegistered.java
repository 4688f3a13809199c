package io.tossbill.account;

import io.tossbill.customer.CustomerId;

/** Someone signed up: the account and its customer exist. */
public record AccountRegistered(long accountId, CustomerId customerId, String language) {}
