package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * @param discount the discount it holds, if any
 * @param nextChargeDiscount the won the discount takes off the next charge (inside {@code
 *     nextChargeAmount}), null when no charge is scheduled
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
    @Nullable Instant endedAt,
    @Nullable AppliedDiscount discount,
    @Nullable Won nextChargeDiscount) {

  /**
   * A discount held: {@code percentOff} or {@code amountOff} (won) off each period numbered {@code
   * firstPeriod} to {@code lastPeriod} (null: forever), on {@code planIds} (empty: every plan).
   */
  public record AppliedDiscount(
      long couponId,
      @Nullable Long promotionCodeId,
      String code,
      @Nullable Integer percentOff,
      @Nullable Won amountOff,
      int firstPeriod,
      @Nullable Integer lastPeriod,
      List<Long> planIds) {}

  /** A plan (or price) that takes over at the end of the current period. */
  public record PendingChange(
      long planId, String planName, Won price, BillingInterval interval, LocalDate effectiveOn) {}
}
