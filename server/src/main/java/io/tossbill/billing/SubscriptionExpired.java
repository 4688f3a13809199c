package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;

/** A subscription ended unpaid: dunning ran out, or its first charge never succeeded. */
public record SubscriptionExpired(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    String reason,
    Instant endedAt)
    implements SubscriptionEvent {}
