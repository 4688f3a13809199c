package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A subscription started: it paid its first period, or began its free trial. {@code periodEndsAt}
 * is when the period ends and the next charge (a trial's first paid one) is due.
 */
public record SubscriptionCreated(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    SubscriptionStatus status,
    LocalDate periodStart,
    LocalDate periodEnd,
    Won price,
    Instant periodEndsAt)
    implements SubscriptionEvent {}
