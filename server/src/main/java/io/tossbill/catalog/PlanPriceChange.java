package io.tossbill.catalog;

import io.tossbill.platform.Won;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One price of a plan: the first at creation ({@code previousPrice} null), then one per change.
 *
 * @param applyToExisting whether existing subscriptions move to it from their next period
 */
public record PlanPriceChange(
    Won price, @Nullable Won previousPrice, boolean applyToExisting, Instant changedAt) {}
