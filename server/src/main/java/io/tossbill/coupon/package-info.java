/**
 * Coupons and promotion codes: what a discount grants and to whom, redeemed exactly as often as
 * allowed; the billing engine holds and applies the discount.
 */
@NullMarked
package io.tossbill.coupon;

import org.jspecify.annotations.NullMarked;
