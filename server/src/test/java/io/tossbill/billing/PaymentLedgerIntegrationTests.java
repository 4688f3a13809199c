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
import io.tossbill.payment.PaymentRefunded;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.EventRecorder;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.webhook.TossPaymentUpdated;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Refunds through the API, and refunds done outside tossbill learnt from a Toss read-back. */
@BillingIntegrationTest
class PaymentLedgerIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired Subscriptions subscriptions;
  @Autowired PaymentGateway gateway;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;
  @Autowired ConfigurableApplicationContext context;
  @Autowired BillingPasses engine;

  @Test
  void refundsPartlyThenFullyAndNeverMoreThanWasPaid() {
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = fixture.customerAt("2031-07-01T10:00:00+09:00", GOOD_CARD);
    SubscriptionView view =
        subscriptions.subscribe(customer, new PlanId(fixture.monthlyPlan("환불", 33_000)));
    PaymentView paid = subscriptions.payments(new SubscriptionId(view.id())).getFirst();
    assertThat(paid.vat()).isEqualTo(Won.of(3_000));
    assertThat(paid.suppliedAmount()).isEqualTo(Won.of(30_000));
    String path = "/api/v1/payments/" + paid.id() + "/refund";

    JsonNode partial = fixture.ok("POST", path, "{\"amount\":10000,\"reason\":\"일부 환불\"}");
    assertThat(partial.get("status").asString()).isEqualTo("DONE");
    assertThat(partial.get("payment").get("refundedAmount").asLong()).isEqualTo(10_000);
    assertRefused(fixture.send("POST", path, "{\"amount\":23001}"), 400, "INVALID_REFUND_AMOUNT");
    assertRefused(fixture.send("POST", path, "{\"amount\":-5}"), 400, "INVALID_REFUND_AMOUNT");

    JsonNode rest = fixture.ok("POST", path, "{}");
    assertThat(rest.get("amount").asLong()).isEqualTo(23_000);
    assertThat(rest.get("payment").get("refundedAmount").asLong()).isEqualTo(33_000);
    assertThat(rest.get("payment").get("refunds")).hasSize(2);
    assertRefused(fixture.send("POST", path, "{}"), 400, "INVALID_REFUND_AMOUNT");
    assertThat(fixture.ledger(java.util.List.of(paid.orderId())))
        .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
        .containsExactly("CHARGE:33000", "CANCEL:10000", "CANCEL:23000");
  }

  @Test
  void aCancelDoneOutsideTossbillBecomesARefundRowOnce() {
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = fixture.customerAt("2031-07-02T10:00:00+09:00", GOOD_CARD);
    SubscriptionView view =
        subscriptions.subscribe(customer, new PlanId(fixture.monthlyPlan("외부 취소", 20_000)));
    PaymentView paid = subscriptions.payments(new SubscriptionId(view.id())).getFirst();

    CancelOutcome outcome =
        gateway.cancel(
            paid.paymentKey(),
            CancelRequest.partial("대시보드에서 취소", 5_000),
            IdempotencyKey.of(UUID.randomUUID().toString()));
    assertThat(outcome).isInstanceOf(CancelOutcome.Canceled.class);
    Payment readBack = gateway.findPayment(paid.paymentKey()).orElseThrow();

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      publish(new TossPaymentUpdated("tx-" + UUID.randomUUID(), readBack));
      publish(new TossPaymentUpdated("tx-" + UUID.randomUUID(), readBack));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                PaymentView after =
                    subscriptions.payments(new SubscriptionId(view.id())).getFirst();
                assertThat(after.refundedAmount()).isEqualTo(Won.of(5_000));
                assertThat(after.refunds())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.source()).isEqualTo("TOSS");
                          assertThat(r.amount()).isEqualTo(Won.of(5_000));
                        });
                assertThat(events.of(PaymentRefunded.class))
                    .filteredOn(e -> e.paymentId().value() == paid.id())
                    .singleElement()
                    .satisfies(e -> assertThat(e.outsideTossbill()).isTrue());
              });
    }
  }

  @Test
  void aRefundWhoseAnswerWasLostIsSettledOnceByTheJanitor() {
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = fixture.customerAt("2031-07-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionView view =
        subscriptions.subscribe(customer, new PlanId(fixture.monthlyPlan("응답 유실", 12_000)));
    PaymentView paid = subscriptions.payments(new SubscriptionId(view.id())).getFirst();

    JsonNode lost;
    try {
      fixture.ok(
          "PUT",
          "/toss-sandbox/_sandbox/faults",
          "{\"internalErrorRate\":0,\"connectionResetRate\":0,\"resetAfterChargeRate\":1,\"timeoutAfterChargeRate\":0}");
      lost = fixture.ok("POST", "/api/v1/payments/" + paid.id() + "/refund", "{\"amount\":4000}");
    } finally {
      fixture.ok(
          "PUT",
          "/toss-sandbox/_sandbox/faults",
          "{\"internalErrorRate\":0,\"connectionResetRate\":0,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}");
    }
    assertThat(lost.get("status").asString()).isEqualTo("UNKNOWN");
    assertThat(lost.get("payment").get("refundedAmount").asLong()).isZero();

    engine.settleUnsettled(clock.now().plus(Duration.ofHours(2)));

    PaymentView settled = subscriptions.payments(new SubscriptionId(view.id())).getFirst();
    assertThat(settled.refundedAmount()).isEqualTo(Won.of(4_000));
    assertThat(settled.refunds())
        .singleElement()
        .satisfies(r -> assertThat(r.status()).isEqualTo("DONE"));
    assertThat(fixture.ledger(java.util.List.of(paid.orderId())))
        .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
        .containsExactly("CHARGE:12000", "CANCEL:4000");
  }

  private void publish(Object event) {
    transactions.executeWithoutResult(status -> publisher.publishEvent(event));
  }
}
