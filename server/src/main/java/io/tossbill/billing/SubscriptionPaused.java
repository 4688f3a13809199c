package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;

/** A subscription was paused; nothing is charged until it resumes. */
public record SubscriptionPaused(
    SubscriptionId subscriptionId, CustomerId customerId, PlanId planId, Instant pausedAt)
    implements SubscriptionEvent {}
