package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A plan's new price was scheduled for a subscription from its next period ({@code effectiveOn},
 * charged at {@code effectiveAt}). {@code currentPrice} is what the subscription pays now; {@code
 * trialing} tells that the new price is the trial's first paid price.
 */
public record PriceChangeScheduled(
    SubscriptionId subscriptionId,
    CustomerId customerId,
    PlanId planId,
    String planName,
    Won currentPrice,
    Won newPrice,
    LocalDate effectiveOn,
    Instant effectiveAt,
    boolean trialing)
    implements SubscriptionEvent {}
