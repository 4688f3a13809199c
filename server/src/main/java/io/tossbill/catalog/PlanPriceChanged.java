package io.tossbill.catalog;

import io.tossbill.platform.Won;

/**
 * A plan's price changed. New subscriptions pay the new price at once; existing ones move to it
 * from their next period only when {@code applyToExistingSubscriptions} (and, for an increase, only
 * with the subscriber's consent, which the billing engine obtains).
 */
public record PlanPriceChanged(
    PlanId planId, Won oldPrice, Won newPrice, boolean applyToExistingSubscriptions) {}
