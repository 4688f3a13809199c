package io.tossbill.billing;

import io.tossbill.platform.Won;

/**
 * What a period's charge asks for, written once for the renewal, the first charge and every
 * preview: the price less the period's discount ({@link Discount#off}), then less the
 * subscription's credit (a positive balance) or plus what was carried from before (a negative one).
 * Toss charges 100 won or more, so a smaller positive amount is not charged but carried to the next
 * invoice; credit that covers the price pays the period without a charge, and so does a discount
 * that takes off the whole price (the credit is then kept).
 *
 * @param kind what happens
 * @param charge what is charged now (0 unless {@link Kind#CHARGE})
 * @param due what the period asks for before Toss's minimum is applied (may be 0 or negative)
 * @param discount the won the discount took off the price (0 without one)
 */
public record AmountDue(Kind kind, Won charge, Won due, Won discount) {

  /** The smallest card charge Toss accepts ({@code BELOW_MINIMUM_AMOUNT} below it). */
  public static final Won TOSS_MINIMUM_CHARGE = Won.of(100);

  /** How a period is paid. */
  public enum Kind {
    /** Charged on the card. */
    CHARGE,
    /** The plan is free: nothing to charge. */
    FREE_PERIOD,
    /** Credit covers the whole price. */
    PAID_BY_CREDIT,
    /** The discount takes off the whole price: nothing is charged, the period is paid. */
    PAID_BY_DISCOUNT,
    /** Less than Toss's minimum is due: nothing is charged now, it is added to the next invoice. */
    CARRIED_TO_NEXT_INVOICE
  }

  /** An amount due without a discount. */
  public AmountDue(Kind kind, Won charge, Won due) {
    this(kind, charge, due, Won.ZERO);
  }

  /** The amount due for a period of {@code price} with {@code balance} (credit +, carried −). */
  public static AmountDue of(Won price, Won balance) {
    return of(price, Won.ZERO, balance);
  }

  /**
   * The amount due for a period of {@code price} of which {@code discount} is taken off, with
   * {@code balance} (credit +, carried −). The discount is at most the price.
   */
  public static AmountDue of(Won price, Won discount, Won balance) {
    if (discount.isNegative() || discount.isGreaterThan(price)) {
      throw new IllegalArgumentException(
          "a discount is 0 up to the price " + price + ", was " + discount);
    }
    Won net = price.minus(discount);
    Won due = net.minus(balance);
    if (due.compareTo(TOSS_MINIMUM_CHARGE) >= 0) {
      return new AmountDue(Kind.CHARGE, due, due, discount);
    }
    if (price.isZero()) {
      return new AmountDue(Kind.FREE_PERIOD, Won.ZERO, due, discount);
    }
    if (due.isPositive()) {
      return new AmountDue(Kind.CARRIED_TO_NEXT_INVOICE, Won.ZERO, due, discount);
    }
    return new AmountDue(
        net.isZero() ? Kind.PAID_BY_DISCOUNT : Kind.PAID_BY_CREDIT, Won.ZERO, due, discount);
  }

  /**
   * The balance once a period of {@code price} (after its discount) is paid with {@code charged}:
   * the credit used up, or what was not charged carried forward.
   */
  public static Won balanceAfter(Won balance, Won price, Won charged) {
    return balance.plus(charged).minus(price);
  }
}
