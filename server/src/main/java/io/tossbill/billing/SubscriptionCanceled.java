package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;

/** A subscription was canceled: on request, at its period end, or when dunning ran out. */
public record SubscriptionCanceled(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    String reason,
    Instant endedAt)
    implements SubscriptionEvent {}
