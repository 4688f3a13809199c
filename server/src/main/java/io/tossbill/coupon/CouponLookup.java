package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Finds coupons and promotion codes by id or by what was typed, or refuses with a 404. */
@Component
class CouponLookup {

  /** A code as found: its coupon, and the promotion code when one was given. */
  record Resolved(Coupon coupon, @Nullable PromotionCode code) {}

  private final CouponRepository repository;

  CouponLookup(CouponRepository repository) {
    this.repository = repository;
  }

  Coupon coupon(long id) {
    return repository.coupon(id).orElseThrow(() -> couponNotFound(String.valueOf(id)));
  }

  PromotionCode code(long id) {
    return repository.code(id).orElseThrow(() -> codeNotFound(String.valueOf(id)));
  }

  /** The promotion code typed (any case), or 404 PROMOTION_CODE_NOT_FOUND. */
  PromotionCode codeNamed(@Nullable String typed) {
    String code = CouponRules.normalized(typed);
    return (code == null ? Optional.<PromotionCode>empty() : repository.codeByCode(code))
        .orElseThrow(() -> codeNotFound(Text.forLog(typed, 50)));
  }

  /** The coupon (and promotion code) a given code names, or 404. */
  Resolved resolve(DiscountRedemption.Code given) {
    if (given.kind() == DiscountRedemption.Code.Kind.PROMOTION_CODE) {
      PromotionCode code = codeNamed(given.value());
      return new Resolved(coupon(code.couponId()), code);
    }
    String code = CouponRules.normalized(given.value());
    Coupon coupon =
        (code == null ? Optional.<Coupon>empty() : repository.couponByCode(code))
            .orElseThrow(() -> couponNotFound(Text.forLog(given.value(), 50)));
    return new Resolved(coupon, null);
  }

  static ApiException couponNotFound(String code) {
    return ApiException.notFound("COUPON_NOT_FOUND", "api.COUPON_NOT_FOUND", code);
  }

  static ApiException codeNotFound(String code) {
    return ApiException.notFound("PROMOTION_CODE_NOT_FOUND", "api.PROMOTION_CODE_NOT_FOUND", code);
  }
}
