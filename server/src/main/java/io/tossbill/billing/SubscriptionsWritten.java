package io.tossbill.billing;

import io.tossbill.customer.CustomerId;
import java.util.Set;

/**
 * Subscriptions of these customers were written (created or changed in any way), in the transaction
 * this is published in: what a reader that keeps copies (the entitlement cache) needs to drop them.
 * Not a domain event: {@link SubscriptionEvent} says what happened.
 */
public record SubscriptionsWritten(Set<CustomerId> customers) {}
