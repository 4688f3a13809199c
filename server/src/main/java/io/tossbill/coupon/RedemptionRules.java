package io.tossbill.coupon;

import io.tossbill.billing.DiscountTerms;
import io.tossbill.catalog.PlanId;
import io.tossbill.platform.ApiException;
import java.time.Instant;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Whether a coupon (through one of its promotion codes, or by its own code) may be redeemed now for
 * a plan by a customer, a pure function: the first rule broken is the refusal, checked in the order
 * a person would fix them (the code, then the coupon, then who and what it is for).
 */
final class RedemptionRules {

  private RedemptionRules() {}

  /** Refuses with the first broken rule; returns what the redemption grants. */
  static DiscountTerms check(
      Coupon coupon,
      @Nullable PromotionCode code,
      PlanId plan,
      boolean firstTimeCustomer,
      Instant now) {
    if (code != null) {
      if (!code.active()) {
        throw ApiException.badRequest(
            "PROMOTION_CODE_INACTIVE", "api.PROMOTION_CODE_INACTIVE", code.code());
      }
      if (code.expired(now)) {
        throw ApiException.badRequest(
            "PROMOTION_CODE_EXPIRED", "api.PROMOTION_CODE_EXPIRED", code.code());
      }
      if (code.exhausted()) {
        throw ApiException.badRequest(
            "PROMOTION_CODE_EXHAUSTED", "api.PROMOTION_CODE_EXHAUSTED", code.code());
      }
    }
    String shown = code != null ? code.code() : coupon.code();
    if (!coupon.active()) {
      throw ApiException.badRequest("COUPON_INACTIVE", "api.COUPON_INACTIVE", shown);
    }
    if (coupon.expired(now)) {
      throw ApiException.badRequest("COUPON_EXPIRED", "api.COUPON_EXPIRED", shown);
    }
    if (coupon.exhausted()) {
      throw ApiException.badRequest("COUPON_EXHAUSTED", "api.COUPON_EXHAUSTED", shown);
    }
    if (!coupon.planIds().isEmpty() && !coupon.planIds().contains(plan.value())) {
      throw ApiException.badRequest("COUPON_NOT_APPLICABLE", "api.COUPON_NOT_APPLICABLE", shown);
    }
    if ((coupon.firstTimeOnly() || (code != null && code.firstTimeOnly())) && !firstTimeCustomer) {
      throw ApiException.badRequest("COUPON_FIRST_TIME_ONLY", "api.COUPON_FIRST_TIME_ONLY", shown);
    }
    return terms(coupon, code);
  }

  /** What redeeming {@code coupon} (through {@code code}) grants. */
  static DiscountTerms terms(Coupon coupon, @Nullable PromotionCode code) {
    return new DiscountTerms(
        coupon.id(),
        code == null ? null : code.id(),
        code == null ? coupon.code() : code.code(),
        coupon.name(),
        coupon.percentOff() == null ? 0 : coupon.percentOff(),
        coupon.amountOff() == null ? io.tossbill.platform.Won.ZERO : coupon.amountOff(),
        coupon.periods(),
        coupon.planIds().stream().map(PlanId::new).collect(Collectors.toSet()));
  }
}
