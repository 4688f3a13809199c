package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.IdempotencyKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Refunds through Toss's cancel: refused ones recorded, lost ones settled by the janitor, prorated
 * ones per charge, and those canceled elsewhere refused after the read-back.
 */
@BillingIntegrationTest
class RefundsIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired Payments payments;
  @Autowired BillingPasses engine;
  @Autowired io.tossbill.payment.Refunds refunds;
  @Autowired PaymentGateway gateway;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void aRefusedRefundIsRecordedAndNoLongerHeldInFlight() {
    CustomerId customer = fixture.customerAt("2032-07-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("환불 거절", 20_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    assertThat(
            gateway.cancel(
                paid.paymentKey(),
                CancelRequest.partial("대시보드 취소", 15_000),
                IdempotencyKey.of(UUID.randomUUID().toString())))
        .isInstanceOf(CancelOutcome.Canceled.class);
    String path = "/api/v1/payments/" + paid.id() + "/refund";

    assertRefused(fixture.send("POST", path, "{\"amount\":10000}"), 409, "REFUND_REFUSED");

    assertThat(payments.view(new PaymentId(paid.id())).orElseThrow().refunds())
        .filteredOn(r -> r.amount().value() == 10_000)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo("REFUSED");
              assertThat(r.failureCode()).isEqualTo("NOT_CANCELABLE_AMOUNT");
            });
    assertThat(fixture.ok("POST", path, "{\"amount\":5000}").get("status").asString())
        .isEqualTo("DONE");
  }

  // 6, 7
  @Test
  void aRefundRecordedButNeverSentIsSentOnceByTheJanitor() {
    CustomerId customer = fixture.customerAt("2032-07-06T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("전송 전 중단", 12_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    // The node dies right after committing the refund row (as a cancel-now would), before calling
    // Toss.
    transactions.executeWithoutResult(
        status ->
            refunds.prepareRefund(new PaymentId(paid.id()), Won.of(3_000), "중단된 환불").orElseThrow());

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10)));
    engine.settleUnsettled(clock.now().plus(Duration.ofHours(3)));

    PaymentView after = payments.view(new PaymentId(paid.id())).orElseThrow();
    assertThat(after.refundedAmount()).isEqualTo(Won.of(3_000));
    assertThat(after.refunds())
        .singleElement()
        .extracting(PaymentView.RefundView::status)
        .isEqualTo("DONE");
    assertThat(fixture.ledger(List.of(paid.orderId())))
        .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
        .containsExactly("CHARGE:12000", "CANCEL:3000");
  }

  @Test
  void cancelNowAfterAnUpgradeRefundsTheUnusedDaysOfBothCharges() {
    long basic = fixture.monthlyPlan("베이직 환불", 10_000);
    long pro = fixture.monthlyPlan("프로 환불", 30_000);
    CustomerId customer = fixture.customerAt("2031-01-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    fixture.moveTo(customer, "2031-01-25T12:00:00+09:00");
    subscriptions.changePlan(id, new PlanId(pro)); // 13,548 won for 21 of 31 days
    fixture.moveTo(customer, "2031-02-04T12:00:00+09:00"); // 11 days left

    JsonNode result =
        fixture.ok(
            "POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"refund\":\"prorated\"}");

    assertThat(result.get("subscription").get("status").asString()).isEqualTo("CANCELED");
    // 10,000 × 11 ÷ 31 = 3,548.39 → 3,548; 13,548 × 11 ÷ 21 = 7,096.57 → 7,097
    assertThat(result.get("refunds"))
        .extracting(r -> r.get("amount").asLong())
        .containsExactly(3_548L, 7_097L);
    assertThat(result.get("refunds"))
        .allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("DONE"));
    List<PaymentView> all = subscriptions.payments(id);
    assertThat(fixture.ledger(all.stream().map(PaymentView::orderId).toList()))
        .filteredOn(e -> e.get("type").asString().equals("CANCEL"))
        .extracting(e -> e.get("amount").asLong())
        .containsExactlyInAnyOrder(3_548L, 7_097L);
  }

  @Test
  void aRefundOfAPaymentCanceledElsewhereIsRefusedAfterTheReadBack() {
    CustomerId customer = fixture.customerAt("2032-07-07T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("이미 취소", 20_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    assertThat(
            gateway.cancel(
                paid.paymentKey(),
                CancelRequest.full("대시보드 전액 취소"),
                IdempotencyKey.of(UUID.randomUUID().toString())))
        .isInstanceOf(CancelOutcome.Canceled.class);

    JsonNode unknown =
        fixture.ok("POST", "/api/v1/payments/" + paid.id() + "/refund", "{\"amount\":5000}");
    assertThat(unknown.get("status").asString())
        .isEqualTo("UNKNOWN"); // ALREADY_CANCELED_PAYMENT: read back first

    engine.settleUnsettled(clock.now().plus(Duration.ofHours(2)));

    PaymentView after = payments.view(new PaymentId(paid.id())).orElseThrow();
    assertThat(after.refundedAmount()).isEqualTo(Won.of(20_000));
    assertThat(after.refunds())
        .filteredOn(r -> r.source().equals("TOSSBILL"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo("REFUSED");
              assertThat(r.failureCode()).isEqualTo("ALREADY_CANCELED_PAYMENT");
              assertThat(r.failureMessage()).isNotBlank();
            });
    assertThat(after.refunds())
        .filteredOn(r -> r.source().equals("TOSS"))
        .singleElement()
        .extracting(PaymentView.RefundView::amount)
        .isEqualTo(Won.of(20_000));
  }

  private void withFaults(String faults, Runnable action) {
    try {
      fixture.ok("PUT", "/toss-sandbox/_sandbox/faults", faults);
      action.run();
    } finally {
      fixture.ok(
          "PUT",
          "/toss-sandbox/_sandbox/faults",
          "{\"internalErrorRate\":0,\"connectionResetRate\":0,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}");
    }
  }

  private void publishAndAwait(Object event, String type) {
    transactions.executeWithoutResult(status -> publisher.publishEvent(event));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                            """
            select count(*) from event_publication
            where completion_date is null and event_type like :type and listener_id like '%subscription%'
            """)
                        .param("type", "%" + type)
                        .query(Long.class)
                        .single()
                    == 0);
  }

  private List<JsonNode> consents(SubscriptionId id) {
    JsonNode list = fixture.ok("GET", "/api/v1/subscriptions/" + id.value() + "/consents", null);
    return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
  }

  private JsonNode openConsent(SubscriptionId id, long priceAfter) {
    Supplier<List<JsonNode>> open =
        () ->
            consents(id).stream()
                .filter(r -> r.get("priceAfter").asLong() == priceAfter)
                .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
                .toList();
    List<JsonNode> found = open.get();
    return found.isEmpty() ? null : found.getLast();
  }

  private SubscriptionId subscribe(long planId, CustomerId customer) {
    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(planId));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    return new SubscriptionId(view.id());
  }

  private List<PaymentView> periodPayments(SubscriptionId id, int periodNo) {
    return subscriptions.payments(id).stream()
        .filter(p -> p.periodNo() == periodNo && p.purpose() == ChargePurpose.PERIOD)
        .toList();
  }

  private List<String> kinds(SubscriptionId id) {
    return subscriptions.history(id).stream().map(HistoryEntry::kind).toList();
  }

  private JsonNode openConsent(SubscriptionId id) {
    return consents(id).stream()
        .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
        .findFirst()
        .orElse(null);
  }
}
