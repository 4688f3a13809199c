package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.DiscountTerms;
import io.tossbill.platform.ApiException;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Redeems codes for the billing engine ({@link DiscountRedemption}), inside its transaction: checks
 * the rules, then counts one use of the coupon and of the promotion code with conditional updates
 * (a concurrent redeemer of the last use waits for the first, then finds none left) and records the
 * redemption with its use numbers, which the database keeps unique and within the limits.
 */
@Component
class CouponRedemptions implements DiscountRedemption {

  private final CouponLookup coupons;
  private final CouponRepository repository;

  CouponRedemptions(CouponLookup coupons, CouponRepository repository) {
    this.coupons = coupons;
    this.repository = repository;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public DiscountTerms redeem(Request request) {
    CouponLookup.Resolved r = coupons.resolve(request.code());
    Instant now = request.now();
    DiscountTerms terms =
        RedemptionRules.check(
            r.coupon(), r.code(), request.planId(), request.firstTimeCustomer(), now);
    int couponUse =
        repository.useCoupon(r.coupon().id(), now).orElseThrow(() -> refusedNow(r, request));
    Integer codeUse = null;
    PromotionCode code = r.code();
    if (code != null) {
      codeUse = repository.useCode(code.id(), now).orElseThrow(() -> refusedNow(r, request));
    }
    repository.insertRedemption(
        r.coupon().id(),
        couponUse,
        code == null ? null : code.id(),
        codeUse,
        request.customerId().value(),
        request.subscriptionId().value(),
        request.channel(),
        now);
    return terms;
  }

  /**
   * A use the checks allowed but the count refused: something changed since they read (the last use
   * taken by a concurrent redeemer, a deactivation). The refusal the rows give now, else exhausted.
   */
  private ApiException refusedNow(CouponLookup.Resolved r, Request request) {
    Coupon coupon = coupons.coupon(r.coupon().id());
    PromotionCode code = r.code() == null ? null : coupons.code(r.code().id());
    try {
      RedemptionRules.check(
          coupon, code, request.planId(), request.firstTimeCustomer(), request.now());
    } catch (ApiException refusal) {
      return refusal;
    }
    return code != null
        ? ApiException.badRequest(
            "PROMOTION_CODE_EXHAUSTED", "api.PROMOTION_CODE_EXHAUSTED", code.code())
        : ApiException.badRequest("COUPON_EXHAUSTED", "api.COUPON_EXHAUSTED", coupon.code());
  }
}
