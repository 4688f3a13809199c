package io.tossbill.billing;

import io.tossbill.platform.Won;
import java.time.LocalDate;

/**
 * What changing plan would do, exactly as {@code change-plan} will do it.
 *
 * @param kind UPGRADE_NOW (charged now), SCHEDULED (at period end: downgrade or other interval), or
 *     SWITCH_NOW (trial, or same price: no charge)
 * @param amountDueNow won charged now (0 when nothing is charged now)
 * @param carriedToNextInvoice a net below Toss's 100 won minimum, added to the next renewal instead
 * @param daysLeft whole days left in the current period, counted from today (Asia/Seoul)
 * @param periodDays whole days of the current period
 * @param effectiveOn the date the new plan takes over
 * @param discount the won the subscription's discount takes off the prorated difference (inside
 *     {@code amountDueNow} or {@code carriedToNextInvoice}, never added to them)
 */
public record ChangePreview(
    String kind,
    long planId,
    String planName,
    Won currentPrice,
    Won newPrice,
    Won amountDueNow,
    Won carriedToNextInvoice,
    long daysLeft,
    long periodDays,
    LocalDate effectiveOn,
    Won discount) {

  /** A preview without a discount. */
  public ChangePreview(
      String kind,
      long planId,
      String planName,
      Won currentPrice,
      Won newPrice,
      Won amountDueNow,
      Won carriedToNextInvoice,
      long daysLeft,
      long periodDays,
      LocalDate effectiveOn) {
    this(
        kind,
        planId,
        planName,
        currentPrice,
        newPrice,
        amountDueNow,
        carriedToNextInvoice,
        daysLeft,
        periodDays,
        effectiveOn,
        Won.ZERO);
  }

  ChangePreview withDiscount(Won off) {
    return new ChangePreview(
        kind,
        planId,
        planName,
        currentPrice,
        newPrice,
        amountDueNow,
        carriedToNextInvoice,
        daysLeft,
        periodDays,
        effectiveOn,
        off);
  }
}
