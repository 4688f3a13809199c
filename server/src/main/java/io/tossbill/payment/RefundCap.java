package io.tossbill.payment;

import io.tossbill.platform.Won;
import org.jspecify.annotations.Nullable;

/**
 * How much of a payment may still be refunded: what was charged, less what was refunded, less the
 * refunds still on their way (pending or unknown), never below zero. One rule for the API, a
 * cancel's prorated refund, a late approval's full refund and the janitor.
 */
public final class RefundCap {

  private RefundCap() {}

  /** What may still be refunded. */
  public static Won refundable(Won charged, Won refunded, Won inFlight) {
    return charged.minus(refunded).minus(inFlight).max(Won.ZERO);
  }

  /**
   * The refund to make when {@code wanted} is asked for: all that is refundable when {@code wanted}
   * is null ("refund the rest"), otherwise {@code wanted} if it fits, else nothing (zero): the
   * caller refuses it, never refunds more than is left.
   */
  public static Won allowed(Won charged, Won refunded, Won inFlight, @Nullable Won wanted) {
    Won left = refundable(charged, refunded, inFlight);
    if (wanted == null) {
      return left;
    }
    return wanted.isPositive() && wanted.compareTo(left) <= 0 ? wanted : Won.ZERO;
  }

  /** At most {@code atMost} of what is left: a prorated or late-approval refund, capped. */
  public static Won upTo(Won charged, Won refunded, Won inFlight, Won atMost) {
    Won left = refundable(charged, refunded, inFlight);
    return atMost.compareTo(left) < 0 ? atMost.max(Won.ZERO) : left;
  }
}
