package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as the API shows it: status, current period, and when and how much it is charged
 * next.
 *
 * @param periodNo number of the current period (1 is the first paid one; 0 during a trial)
 * @param nextChargeAt when the next charge happens, null when none is scheduled
 * @param nextChargeAmount what it will be, in won (the plan price less any credit balance)
 * @param balance credit (positive) or amount carried to the next invoice (negative), in won
 * @param hasAccess whether the subscriber may use the product now
 * @param awaitingNewCard a hard decline: only a new card continues this subscription
 */
public record SubscriptionView(
    long id,
    long customerId,
    long planId,
    String planName,
    SubscriptionStatus status,
    Won price,
    BillingInterval interval,
    int periodNo,
    LocalDate currentPeriodStart,
    LocalDate currentPeriodEnd,
    @Nullable LocalDate trialEnd,
    @Nullable Instant nextChargeAt,
    @Nullable Won nextChargeAmount,
    boolean cancelAtPeriodEnd,
    @Nullable PendingChange pendingChange,
    Won balance,
    boolean hasAccess,
    boolean awaitingNewCard,
    Instant createdAt,
    @Nullable Instant canceledAt,
    @Nullable Instant endedAt) {

  /** A plan (or price) that takes over at the end of the current period. */
  public record PendingChange(
      long planId, String planName, Won price, BillingInterval interval, LocalDate effectiveOn) {}
}
