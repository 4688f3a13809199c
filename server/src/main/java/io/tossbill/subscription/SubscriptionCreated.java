package io.tossbill.subscription;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.LocalDate;

/** A subscription started: it paid its first period, or began its free trial. */
public record SubscriptionCreated(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    SubscriptionStatus status,
    LocalDate periodStart,
    LocalDate periodEnd,
    Won price) {}
