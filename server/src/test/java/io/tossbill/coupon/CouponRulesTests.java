package io.tossbill.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What a valid coupon is, each refusal with its stable code; codes are kept upper-case. */
class CouponRulesTests {

  private static final Instant NOW = Instant.parse("2031-03-01T00:00:00Z");

  private static void refused(Executable rule, String code) {
    assertThatThrownBy(rule::execute)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void codesAreMatchedWithoutRegardToCase() {
    assertThat(CouponRules.code(" spring-25 ")).isEqualTo("SPRING-25");
    assertThat(CouponRules.promotionCode("welcome_1")).isEqualTo("WELCOME_1");
    refused(() -> CouponRules.code("ab"), "INVALID_COUPON_CODE");
    refused(() -> CouponRules.code("봄할인"), "INVALID_COUPON_CODE");
    refused(() -> CouponRules.code("-LEADING"), "INVALID_COUPON_CODE");
    refused(() -> CouponRules.code("X".repeat(41)), "INVALID_COUPON_CODE");
    refused(() -> CouponRules.promotionCode(null), "INVALID_PROMOTION_CODE");
  }

  @Test
  void aCouponIsAPercentOrAnAmountOff() {
    assertThat(CouponRules.off(33, null)).isEqualTo(new CouponRules.Off(33, null));
    assertThat(CouponRules.off(null, 3_000L)).isEqualTo(new CouponRules.Off(null, Won.of(3_000)));
    assertThat(CouponRules.off(100, null).percentOff()).isEqualTo(100);
    assertThat(CouponRules.off(null, 1L).amountOff()).isEqualTo(Won.of(1));
    refused(() -> CouponRules.off(null, null), "INVALID_COUPON_OFF");
    refused(() -> CouponRules.off(10, 1_000L), "INVALID_COUPON_OFF");
    refused(() -> CouponRules.off(0, null), "INVALID_PERCENT_OFF");
    refused(() -> CouponRules.off(101, null), "INVALID_PERCENT_OFF");
    refused(() -> CouponRules.off(null, 0L), "INVALID_AMOUNT_OFF");
    refused(() -> CouponRules.off(null, 1_000_000_001L), "INVALID_AMOUNT_OFF");
  }

  @Test
  void onlyARepeatingCouponNamesItsPeriods() {
    assertThat(CouponRules.lasting(CouponDuration.REPEATING, 3).periods()).isEqualTo(3);
    assertThat(CouponRules.lasting(CouponDuration.ONCE, null).duration())
        .isEqualTo(CouponDuration.ONCE);
    refused(() -> CouponRules.lasting(null, null), "INVALID_COUPON_DURATION");
    refused(() -> CouponRules.lasting(CouponDuration.REPEATING, null), "INVALID_DURATION_PERIODS");
    refused(() -> CouponRules.lasting(CouponDuration.REPEATING, 0), "INVALID_DURATION_PERIODS");
    refused(() -> CouponRules.lasting(CouponDuration.REPEATING, 121), "INVALID_DURATION_PERIODS");
    refused(() -> CouponRules.lasting(CouponDuration.FOREVER, 3), "INVALID_DURATION_PERIODS");
  }

  @Test
  void anEndIsADateThroughThatDayInSeoulOrATimeAndLaterThanNow() {
    assertThat(CouponRules.until("redeemBy", "2031-03-31", NOW))
        .isEqualTo(Instant.parse("2031-03-31T15:00:00Z"));
    assertThat(CouponRules.until("redeemBy", "2031-03-02T09:00:00+09:00", NOW))
        .isEqualTo(Instant.parse("2031-03-02T00:00:00Z"));
    assertThat(CouponRules.until("redeemBy", null, NOW)).isNull();
    refused(() -> CouponRules.until("redeemBy", "next week", NOW), "INVALID_COUPON_TIME");
    refused(() -> CouponRules.until("redeemBy", "2031-02-28", NOW), "INVALID_COUPON_TIME");
    refused(
        () -> CouponRules.until("expiresAt", "2031-03-01T09:00:00+09:00", NOW),
        "INVALID_COUPON_TIME");
  }

  @Test
  void limitsAndPlansAreChecked() {
    assertThat(CouponRules.maxRedemptions(null)).isNull();
    assertThat(CouponRules.maxRedemptions(1)).isEqualTo(1);
    refused(() -> CouponRules.maxRedemptions(0), "INVALID_MAX_REDEMPTIONS");
    assertThat(CouponRules.planIds(List.of(3L, 1L, 3L))).containsExactly(3L, 1L);
    assertThat(CouponRules.planIds(null)).isEmpty();
    refused(() -> CouponRules.planIds(Arrays.asList(1L, null)), "INVALID_COUPON_PLANS");
    refused(() -> CouponRules.planIds(List.of(0L)), "INVALID_COUPON_PLANS");
    refused(() -> CouponRules.name(" "), "INVALID_COUPON_NAME");
    refused(() -> CouponRules.name("a\u0000b"), "INVALID_REQUEST");
  }
}
