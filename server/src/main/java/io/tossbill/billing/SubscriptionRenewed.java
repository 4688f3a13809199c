package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.LocalDate;

/** A period was paid: a renewal, a recovered retry, or the first charge after a trial. */
public record SubscriptionRenewed(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    int periodNo,
    LocalDate periodStart,
    LocalDate periodEnd,
    Won amount)
    implements SubscriptionEvent {}
