package io.tossbill.coupon;

/** How many billing periods a coupon's discount lasts once applied. */
public enum CouponDuration {
  /** The first period charged after it is applied. */
  ONCE,
  /** That many periods ({@code durationPeriods}), counted from the first one it applies to. */
  REPEATING,
  /** Every period, across plan changes, as long as the subscription lives. */
  FOREVER
}
