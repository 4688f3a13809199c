package io.tossbill.coupon;

import static io.tossbill.billing.BillingTestSupport.GOOD_CARD;
import static io.tossbill.billing.BillingTestSupport.assertRefused;
import static io.tossbill.billing.BillingTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.BillingTestSupport;
import io.tossbill.billing.GatewayRecorder;
import io.tossbill.billing.HistoryEntry;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentHistoryStep;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Coupons end to end, through the merchant API, the real gateway and the sandbox: what Toss is
 * asked to charge with a discount (to the won), what the ledger keeps, when the discount ends, how
 * an upgrade is prorated with it, and that a refused code changes nothing.
 */
@CouponIntegrationTest
class CouponIntegrationTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Subscriptions subscriptions;
  @Autowired Payments payments;
  @Autowired GatewayRecorder recorder;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;

  private BillingTestSupport billing;

  @BeforeEach
  void fixture() {
    billing = new BillingTestSupport(port, context);
    recorder.reset();
  }

  private static String code() {
    return "T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
  }

  /** A coupon made through the API from the JSON fields given; returns it. */
  private JsonNode coupon(String code, String fields) {
    return billing.ok(
        "POST",
        "/api/v1/coupons",
        "{\"code\":\"%s\",\"name\":\"테스트 쿠폰\",%s}".formatted(code, fields));
  }

  private JsonNode subscribe(CustomerId customer, long planId, String discount) {
    return billing.ok(
        "POST",
        "/api/v1/subscriptions",
        "{\"customerId\":%d,\"planId\":%d,%s}".formatted(customer.value(), planId, discount));
  }

  private List<PaymentView> periodPayments(long subscriptionId, int periodNo) {
    return subscriptions.payments(new SubscriptionId(subscriptionId)).stream()
        .filter(p -> p.periodNo() == periodNo && p.purpose() == ChargePurpose.PERIOD)
        .toList();
  }

  private List<String> kinds(long subscriptionId) {
    return subscriptions.history(new SubscriptionId(subscriptionId)).stream()
        .map(HistoryEntry::kind)
        .toList();
  }

  private long redemptions(long couponId) {
    return jdbc.sql("select count(*) from coupon_redemption where coupon_id = :id")
        .param("id", couponId)
        .query(Long.class)
        .single();
  }

  @Test
  void aCouponOnceIsChargedToTheWonAtTossAndKeptInTheLedgerThenTheFullPrice() {
    CustomerId customer = billing.customerAt("2036-01-10T10:00:00+09:00", GOOD_CARD);
    long plan = billing.plan("쿠폰 한 번", 9_999, "MONTH", 1, 0);
    String code = code();
    long couponId = coupon(code, "\"percentOff\":33,\"duration\":\"ONCE\"").get("id").asLong();

    // the merchant may send the code in any case
    JsonNode sub = subscribe(customer, plan, "\"coupon\":\"" + code.toLowerCase() + "\"");

    assertThat(sub.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(sub.get("discount").get("code").asString()).isEqualTo(code);
    assertThat(sub.get("discount").get("lastPeriod").asInt()).isEqualTo(1);
    assertThat(sub.get("nextChargeAmount").asLong()).isEqualTo(9_999);
    long id = sub.get("id").asLong();
    // 33% of 9,999 is 3,299.67: 3,299 off, 6,700 charged
    PaymentView first = periodPayments(id, 1).getFirst();
    assertThat(first.amount()).isEqualTo(Won.of(6_700));
    assertThat(first.discount()).isEqualTo(Won.of(3_299));
    assertThat(first.discountCode()).isEqualTo(code);
    assertThat(billing.ledger(List.of(first.orderId())))
        .singleElement()
        .satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(6_700));
    assertThat(payments.history(new PaymentId(first.id())))
        .extracting(PaymentHistoryStep::detail)
        .anySatisfy(d -> assertThat(d).contains("할인 3299원 (" + code + ")"));
    JsonNode api = billing.ok("GET", "/api/v1/subscriptions/" + id + "/payments", null);
    assertThat(api.get(0).get("discount").asLong()).isEqualTo(3_299);

    billing.moveTo(customer, "2036-02-10T09:00:30+09:00");
    billing.runDuePass();

    PaymentView second = periodPayments(id, 2).getFirst();
    assertThat(second.amount()).isEqualTo(Won.of(9_999));
    assertThat(second.discount()).isEqualTo(Won.ZERO);
    assertThat(second.discountCode()).isNull();
    assertThat(kinds(id))
        .containsSubsequence("DISCOUNT_APPLIED", "PERIOD_PAID", "DISCOUNT_ENDED", "PERIOD_PAID");
    JsonNode after = billing.ok("GET", "/api/v1/coupons/" + couponId, null);
    assertThat(after.get("timesRedeemed").asInt()).isEqualTo(1);
    assertThat(billing.ok("GET", "/api/v1/coupons/" + couponId + "/redemptions", null))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("subscriptionId").asLong()).isEqualTo(id);
              assertThat(r.get("channel").asString()).isEqualTo("API");
            });
  }

  @Test
  void aPeriodTheDiscountPaysInFullIsPaidWithoutAChargeAtToss() {
    CustomerId customer = billing.customerAt("2036-03-10T10:00:00+09:00", GOOD_CARD);
    long plan = billing.plan("전액 할인", 10_000, "MONTH", 1, 0);
    String couponCode = code();
    long couponId =
        coupon(couponCode, "\"percentOff\":100,\"duration\":\"REPEATING\",\"durationPeriods\":2")
            .get("id")
            .asLong();
    String promo = code();
    billing.ok(
        "POST", "/api/v1/coupons/" + couponId + "/promotion-codes", "{\"code\":\"" + promo + "\"}");

    JsonNode sub = subscribe(customer, plan, "\"promotionCode\":\"" + promo + "\"");
    long id = sub.get("id").asLong();

    assertThat(sub.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(sub.get("nextChargeAmount").asLong()).isZero();
    assertThat(sub.get("nextChargeDiscount").asLong()).isEqualTo(10_000);
    billing.moveTo(customer, "2036-04-10T09:00:30+09:00");
    billing.runDuePass();
    assertThat(subscriptions.payments(new SubscriptionId(id))).isEmpty();
    assertThat(recorder.charges()).isEmpty();
    assertThat(kinds(id)).filteredOn("PAID_BY_DISCOUNT"::equals).hasSize(2);
    assertThat(kinds(id)).filteredOn("PERIOD_PAID"::equals).hasSize(2);

    billing.moveTo(customer, "2036-05-10T09:00:30+09:00");
    billing.runDuePass();
    assertThat(periodPayments(id, 3))
        .singleElement()
        .extracting(PaymentView::amount)
        .isEqualTo(Won.of(10_000));
  }

  @Test
  void aCouponAppliedToASubscriptionDiscountsItsNextPeriodsAndCanBeTakenOff() {
    CustomerId customer = billing.customerAt("2036-06-10T10:00:00+09:00", GOOD_CARD);
    long plan = billing.plan("나중에 적용", 10_000, "MONTH", 1, 0);
    long id = subscribe(customer, plan, "\"coupon\":null").get("id").asLong();
    assertThat(periodPayments(id, 1).getFirst().amount()).isEqualTo(Won.of(10_000));
    String code = code();
    coupon(code, "\"amountOff\":2500,\"duration\":\"REPEATING\",\"durationPeriods\":2");

    JsonNode applied =
        billing.ok(
            "POST", "/api/v1/subscriptions/" + id + "/discount", "{\"coupon\":\"" + code + "\"}");

    assertThat(applied.get("discount").get("firstPeriod").asInt()).isEqualTo(2);
    assertThat(applied.get("discount").get("lastPeriod").asInt()).isEqualTo(3);
    assertThat(applied.get("nextChargeAmount").asLong()).isEqualTo(7_500);
    billing.moveTo(customer, "2036-07-10T09:00:30+09:00");
    billing.runDuePass();
    assertThat(periodPayments(id, 2).getFirst().amount()).isEqualTo(Won.of(7_500));

    JsonNode removed = billing.ok("DELETE", "/api/v1/subscriptions/" + id + "/discount", null);
    assertThat(removed.get("discount").isNull()).isTrue();
    assertThat(removed.get("nextChargeAmount").asLong()).isEqualTo(10_000);
    billing.moveTo(customer, "2036-08-10T09:00:30+09:00");
    billing.runDuePass();
    assertThat(periodPayments(id, 3).getFirst().amount()).isEqualTo(Won.of(10_000));
    assertRefused(
        billing.send("DELETE", "/api/v1/subscriptions/" + id + "/discount", null),
        409,
        "NO_DISCOUNT");
  }

  @Test
  void aForeverCouponIsInTheUpgradesProratedChargeAndTheNewPlansRenewals() {
    CustomerId customer = billing.customerAt("2036-09-15T10:00:00+09:00", GOOD_CARD);
    long basic = billing.plan("쿠폰 베이직", 10_000, "MONTH", 1, 0);
    long pro = billing.plan("쿠폰 프로", 30_000, "MONTH", 1, 0);
    String code = code();
    coupon(code, "\"percentOff\":20,\"duration\":\"FOREVER\"");
    long id = subscribe(customer, basic, "\"coupon\":\"" + code + "\"").get("id").asLong();
    assertThat(periodPayments(id, 1).getFirst().amount()).isEqualTo(Won.of(8_000));

    // 09-15 → 10-15 is 30 days; from 09-25, 20 are left
    billing.moveTo(customer, "2036-09-25T10:00:00+09:00");
    JsonNode preview =
        billing.ok(
            "GET", "/api/v1/subscriptions/" + id + "/change-plan/preview?planId=" + pro, null);
    // (24,000 − 8,000) × 20/30 = 10,666.7 → 10,667; the list prices' 13,333 less 2,666
    assertThat(preview.get("amountDueNow").asLong()).isEqualTo(10_667);
    assertThat(preview.get("discount").asLong()).isEqualTo(2_666);
    billing.ok(
        "POST",
        "/api/v1/subscriptions/" + id + "/change-plan",
        "{\"planId\":%d,\"expectedAmountDueNow\":10667}".formatted(pro));

    PaymentView upgrade =
        subscriptions.payments(new SubscriptionId(id)).stream()
            .filter(p -> p.purpose() == ChargePurpose.PRORATION)
            .findFirst()
            .orElseThrow();
    assertThat(upgrade.amount()).isEqualTo(Won.of(10_667));
    assertThat(upgrade.discount()).isEqualTo(Won.of(2_666));
    assertThat(upgrade.discountCode()).isEqualTo(code);
    billing.moveTo(customer, "2036-10-15T09:00:30+09:00");
    billing.runDuePass();
    assertThat(periodPayments(id, 2).getFirst().amount()).isEqualTo(Won.of(24_000));
  }

  @Test
  void aRefusedCodeSubscribesNothingChargesNothingAndCountsNothing() {
    long plan = billing.plan("거절", 10_000, "MONTH", 1, 0);
    long other = billing.plan("다른 요금제", 10_000, "MONTH", 1, 0);
    Instant serverNow = clock.now();
    String code = code();
    long couponId =
        coupon(
                code,
                "\"percentOff\":10,\"duration\":\"ONCE\",\"redeemBy\":\"%s\""
                    .formatted(serverNow.plus(Duration.ofDays(30))))
            .get("id")
            .asLong();
    String promo = code();
    long promoId =
        billing
            .ok(
                "POST",
                "/api/v1/coupons/" + couponId + "/promotion-codes",
                "{\"code\":\"" + promo + "\"}")
            .get("id")
            .asLong();
    String forOther = code();
    coupon(forOther, "\"percentOff\":10,\"duration\":\"ONCE\",\"planIds\":[" + other + "]");
    CustomerId customer =
        billing.customerAt(serverNow.plus(Duration.ofDays(1)).toString(), GOOD_CARD);

    refused(customer, plan, "\"coupon\":\"" + forOther + "\"", 400, "COUPON_NOT_APPLICABLE");
    refused(customer, plan, "\"coupon\":\"NOPE-" + code + "\"", 404, "COUPON_NOT_FOUND");
    refused(
        customer,
        plan,
        "\"promotionCode\":\"NOPE-" + promo + "\"",
        404,
        "PROMOTION_CODE_NOT_FOUND");
    refused(
        customer,
        plan,
        "\"coupon\":\"" + code + "\",\"promotionCode\":\"" + promo + "\"",
        400,
        "INVALID_REQUEST");
    billing.ok("POST", "/api/v1/promotion-codes/" + promoId + "/deactivate", null);
    refused(customer, plan, "\"promotionCode\":\"" + promo + "\"", 400, "PROMOTION_CODE_INACTIVE");
    // the customer's own clock passes the coupon's redeem-by time
    clock.advanceTo(customer, serverNow.plus(Duration.ofDays(31)));
    refused(customer, plan, "\"coupon\":\"" + code + "\"", 400, "COUPON_EXPIRED");

    assertThat(subscriptions.ofCustomer(customer)).isEmpty();
    assertThat(recorder.charges()).isEmpty();
    assertThat(redemptions(couponId)).isZero();
    assertThat(billing.ok("GET", "/api/v1/coupons/" + couponId, null).get("timesRedeemed").asInt())
        .isZero();
  }

  private void refused(CustomerId customer, long plan, String discount, int status, String code) {
    HttpResponse<String> response =
        billing.send(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":%d,\"planId\":%d,%s}".formatted(customer.value(), plan, discount));
    assertRefused(response, status, code);
    assertThat(json(response).get("message_ko").asString()).matches(".*[가-힣].*");
  }

  @Test
  void aCouponForFirstTimeCustomersIsRefusedToAReturningOneButNotAfterAFailedFirstCharge() {
    long plan = billing.plan("첫 구독", 10_000, "MONTH", 1, 0);
    long second = billing.plan("두 번째", 10_000, "MONTH", 1, 0);
    String code = code();
    coupon(code, "\"percentOff\":50,\"duration\":\"ONCE\",\"firstTimeOnly\":true");

    // a first charge declined: the subscription never started, so the customer is still new
    CustomerId newcomer =
        billing.customerAt("2036-11-10T10:00:00+09:00", BillingTestSupport.SOFT_DECLINE_CARD);
    JsonNode declined = subscribe(newcomer, plan, "\"coupon\":null");
    assertThat(declined.get("status").asString()).isEqualTo("INCOMPLETE");
    billing.registerCard(newcomer, GOOD_CARD);
    JsonNode sub = subscribe(newcomer, plan, "\"coupon\":\"" + code + "\"");
    assertThat(sub.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(periodPayments(sub.get("id").asLong(), 1).getFirst().amount())
        .isEqualTo(Won.of(5_000));

    // now they have had a subscription: not for another plan, and not on this one either
    refused(newcomer, second, "\"coupon\":\"" + code + "\"", 400, "COUPON_FIRST_TIME_ONLY");
    assertRefused(
        billing.send(
            "POST",
            "/api/v1/subscriptions/" + sub.get("id").asLong() + "/discount",
            "{\"coupon\":\"" + code + "\"}"),
        400,
        "COUPON_FIRST_TIME_ONLY");
  }
}
