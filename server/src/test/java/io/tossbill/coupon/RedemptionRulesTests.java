package io.tossbill.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.billing.DiscountTerms;
import io.tossbill.catalog.PlanId;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * docs/coupons.md, Redeeming: a code is refused when it or its coupon is inactive, expired or used
 * up, when the coupon is for other plans, or for first-time customers only and the customer is not
 * one; each refusal has its own stable code, and the code's own limits come before the coupon's.
 */
class RedemptionRulesTests {

  private static final Instant NOW = Instant.parse("2031-03-01T00:00:00Z");
  private static final PlanId BASIC = new PlanId(1);
  private static final PlanId PRO = new PlanId(2);

  private static Coupon coupon(
      boolean active,
      @Nullable Instant redeemBy,
      @Nullable Integer max,
      int used,
      List<Long> plans,
      boolean firstTimeOnly) {
    return new Coupon(
        3,
        "SPRING",
        "봄 할인",
        25,
        null,
        CouponDuration.REPEATING,
        3,
        max,
        used,
        redeemBy,
        plans,
        firstTimeOnly,
        active,
        NOW.minusSeconds(86_400));
  }

  private static Coupon open() {
    return coupon(true, null, null, 0, List.of(), false);
  }

  private static PromotionCode code(
      boolean active, @Nullable Instant expiresAt, @Nullable Integer max, int used, boolean first) {
    return new PromotionCode(
        8, 3, "WELCOME25", active, max, used, expiresAt, first, NOW.minusSeconds(3_600));
  }

  private static void refused(Coupon c, @Nullable PromotionCode p, boolean firstTime, String code) {
    assertThatThrownBy(() -> RedemptionRules.check(c, p, BASIC, firstTime, NOW))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.status().value()).isEqualTo(400);
              assertThat(e.messageKo()).isNotBlank();
              assertThat(e.messageEn()).isNotBlank();
            });
  }

  @Test
  void anOpenCouponGrantsItsTerms() {
    DiscountTerms terms = RedemptionRules.check(open(), null, BASIC, false, NOW);
    assertThat(terms)
        .isEqualTo(new DiscountTerms(3, null, "SPRING", "봄 할인", 25, Won.ZERO, 3, Set.of()));
  }

  @Test
  void aPromotionCodeGrantsItsCouponsTermsUnderItsOwnName() {
    DiscountTerms terms =
        RedemptionRules.check(open(), code(true, null, 5, 4, false), BASIC, false, NOW);
    assertThat(terms.code()).isEqualTo("WELCOME25");
    assertThat(terms.promotionCodeId()).isEqualTo(8L);
    assertThat(terms.percentOff()).isEqualTo(25);
  }

  @Test
  void theCouponsOwnLimitsRefuse() {
    refused(coupon(false, null, null, 0, List.of(), false), null, true, "COUPON_INACTIVE");
    refused(coupon(true, NOW, null, 0, List.of(), false), null, true, "COUPON_EXPIRED");
    refused(
        coupon(true, NOW.minusSeconds(1), null, 0, List.of(), false), null, true, "COUPON_EXPIRED");
    refused(coupon(true, null, 10, 10, List.of(), false), null, true, "COUPON_EXHAUSTED");
    refused(
        coupon(true, null, null, 0, List.of(PRO.value()), false),
        null,
        true,
        "COUPON_NOT_APPLICABLE");
    refused(coupon(true, null, null, 0, List.of(), true), null, false, "COUPON_FIRST_TIME_ONLY");
  }

  @Test
  void justBeforeItsLimitsACouponIsRedeemed() {
    Coupon lastUse = coupon(true, NOW.plusSeconds(1), 10, 9, List.of(BASIC.value()), true);
    assertThat(RedemptionRules.check(lastUse, null, BASIC, true, NOW).couponId()).isEqualTo(3);
  }

  @Test
  void thePromotionCodesLimitsRefuseFirst() {
    Coupon inactive = coupon(false, null, null, 0, List.of(), false);
    refused(inactive, code(false, null, null, 0, false), true, "PROMOTION_CODE_INACTIVE");
    refused(inactive, code(true, NOW, null, 0, false), true, "PROMOTION_CODE_EXPIRED");
    refused(inactive, code(true, null, 1, 1, false), true, "PROMOTION_CODE_EXHAUSTED");
    // a code whose own limits pass is still refused by its coupon's
    refused(inactive, code(true, null, null, 0, false), true, "COUPON_INACTIVE");
    refused(open(), code(true, null, null, 0, true), false, "COUPON_FIRST_TIME_ONLY");
  }
}
