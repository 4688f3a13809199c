package io.tossbill.coupon;

import static io.tossbill.billing.BillingTestSupport.GOOD_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.billing.BillingTestSupport;
import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A coupon is never redeemed more often than it allows, and the database holds it: two subscribers
 * redeeming the last use at once, one wins; a redemption row written directly past every line of
 * Java, beyond the limit or with a use number taken, is refused; the redemptions are never
 * rewritten.
 */
@CouponIntegrationTest
class CouponRedemptionGuardsIntegrationTests {

  private static final String COPY_REDEMPTION =
      """
      INSERT INTO coupon_redemption (coupon_id, coupon_use_no, promotion_code_id, promotion_code_use_no,
                                     customer_id, subscription_id, channel, redeemed_at)
      SELECT coupon_id, :couponUseNo,
             CASE WHEN CAST(:codeUseNo AS INT) IS NULL THEN NULL ELSE promotion_code_id END,
             CAST(:codeUseNo AS INT), customer_id, subscription_id, channel, redeemed_at
      FROM coupon_redemption WHERE coupon_id = :couponId
      """;

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Subscriptions subscriptions;
  @Autowired Coupons coupons;
  @Autowired JdbcClient jdbc;

  private BillingTestSupport billing;

  @BeforeEach
  void fixture() {
    billing = new BillingTestSupport(port, context);
  }

  private static String code() {
    return "G" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
  }

  private Coupon coupon(Integer maxRedemptions) {
    return coupons.create(
        new Coupons.NewCoupon(
            code(),
            "한정 쿠폰",
            10,
            null,
            CouponDuration.ONCE,
            null,
            maxRedemptions,
            null,
            null,
            false));
  }

  @Test
  void twoSubscribersRedeemingTheLastUseAtOnceOneWins() throws Exception {
    long plan = billing.plan("마지막 한 장", 10_000, "MONTH", 1, 0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Coupon coupon = coupon(1);
        PromotionCode promo =
            coupons.createCode(
                coupon.id(), new Coupons.NewPromotionCode(code(), null, null, false));
        List<CustomerId> rivals =
            List.of(
                billing.customerAt("2037-01-1%dT10:00:00+09:00".formatted(round), GOOD_CARD),
                billing.customerAt("2037-01-1%dT10:00:00+09:00".formatted(round), GOOD_CARD));
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Object>> outcomes = new ArrayList<>();
        for (CustomerId rival : rivals) {
          outcomes.add(
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      start.await(10, TimeUnit.SECONDS);
                      return subscriptions.subscribe(
                          rival,
                          new PlanId(plan),
                          DiscountRedemption.Code.promotionCode(promo.code()),
                          DiscountRedemption.Channel.CHECKOUT);
                    } catch (ApiException refused) {
                      return refused;
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  pool));
        }
        List<Object> results = new ArrayList<>();
        for (CompletableFuture<Object> outcome : outcomes) {
          results.add(outcome.get(60, TimeUnit.SECONDS));
        }

        assertThat(results).filteredOn(SubscriptionView.class::isInstance).hasSize(1);
        assertThat(results)
            .filteredOn(ApiException.class::isInstance)
            .singleElement()
            .extracting(r -> ((ApiException) r).code())
            .isEqualTo("COUPON_EXHAUSTED");
        assertThat(coupons.require(coupon.id()).timesRedeemed()).isEqualTo(1);
        assertThat(coupons.requireCode(promo.id()).timesRedeemed()).isEqualTo(1);
        assertThat(redemptions(coupon.id())).isEqualTo(1);
        // the loser subscribed to nothing: its transaction was rolled back whole
        assertThat(rivals.stream().mapToInt(c -> subscriptions.ofCustomer(c).size()).sum())
            .isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theDatabaseRefusesARedemptionBeyondTheLimitOrWithAUseNumberTaken() {
    Coupon coupon = redeemedOnce(2, 1);

    // the second use is still allowed by the coupon but not by its promotion code (limit 1)
    assertThatThrownBy(() -> copy(coupon.id(), 2, 2))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("allows 1");
    // the coupon's limit (2): a third use is refused even without a promotion code
    assertThatThrownBy(() -> copy(coupon.id(), 3, null))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("allows 2");
    // a use number is used once
    assertThatThrownBy(() -> copy(coupon.id(), 1, null)).isInstanceOf(DuplicateKeyException.class);
    // within every limit, a row goes in: the guard refuses only what breaks a limit
    assertThat(copy(coupon.id(), 2, null)).isEqualTo(1);
    assertThat(redemptions(coupon.id())).isEqualTo(2);
  }

  @Test
  void theDatabaseRefusesACountAboveTheLimit() {
    Coupon coupon = redeemedOnce(1, 1);

    assertThatThrownBy(
            () ->
                jdbc.sql("update coupon set times_redeemed = times_redeemed + 1 where id = :id")
                    .param("id", coupon.id())
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("coupon_within_limit");
    assertThatThrownBy(
            () ->
                jdbc.sql("update promotion_code set times_redeemed = 2 where coupon_id = :id")
                    .param("id", coupon.id())
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("promotion_code_within_limit");
  }

  @Test
  void redemptionsAreNeverRewritten() {
    Coupon coupon = redeemedOnce(null, null);

    assertThatThrownBy(
            () ->
                jdbc.sql("delete from coupon_redemption where coupon_id = :id")
                    .param("id", coupon.id())
                    .update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThat(redemptions(coupon.id())).isEqualTo(1);
  }

  /**
   * A coupon (limit {@code max}) redeemed once through a promotion code (limit {@code codeMax}).
   */
  private Coupon redeemedOnce(Integer max, Integer codeMax) {
    long plan = billing.plan("가드", 10_000, "MONTH", 1, 0);
    Coupon coupon = coupon(max);
    PromotionCode promo =
        coupons.createCode(coupon.id(), new Coupons.NewPromotionCode(code(), codeMax, null, false));
    CustomerId customer = billing.customerAt("2037-03-10T10:00:00+09:00", GOOD_CARD);
    subscriptions.subscribe(
        customer,
        new PlanId(plan),
        DiscountRedemption.Code.promotionCode(promo.code().toLowerCase(Locale.ROOT)),
        DiscountRedemption.Channel.CHECKOUT);
    assertThat(redemptions(coupon.id())).isEqualTo(1);
    return coupon;
  }

  private int copy(long couponId, int couponUseNo, Integer codeUseNo) {
    return jdbc.sql(COPY_REDEMPTION)
        .param("couponId", couponId)
        .param("couponUseNo", couponUseNo)
        .param("codeUseNo", codeUseNo, java.sql.Types.INTEGER)
        .update();
  }

  private long redemptions(long couponId) {
    return jdbc.sql("select count(*) from coupon_redemption where coupon_id = :id")
        .param("id", couponId)
        .query(Long.class)
        .single();
  }
}
