package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;
import java.time.LocalDate;

/** A paused subscription resumed; {@code nextChargeAt} is when it is charged next. */
public record SubscriptionResumed(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    LocalDate periodStart,
    LocalDate periodEnd,
    Instant nextChargeAt)
    implements SubscriptionEvent {}
