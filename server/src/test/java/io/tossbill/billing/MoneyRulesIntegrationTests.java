package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HANG_AFTER_CHARGE_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.payment.ChargeJanitor;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.payment.Refunds;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.toss.Payment;
import io.tossbill.webhook.TossPaymentUpdated;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The money rules of the renewal path, each proven end to end through the real gateway and the
 * sandbox: what is committed before Toss is called, what a re-send carries, what a read-back may
 * and may not pay, what credit changes, how far a refund may go, what a late approval costs, and
 * what an upgrade charges.
 */
@BillingIntegrationTest
class MoneyRulesIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired Payments payments;
  @Autowired Refunds refunds;
  @Autowired ChargeJanitor janitor;
  @Autowired PaymentGateway gateway;
  @Autowired BillingPasses engine;
  @Autowired GatewayRecorder recorder;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    recorder.reset();
  }

  @Test
  void theFirstChargeIsCommittedBeforeTossIsCalled() {
    CustomerId customer = fixture.customerAt("2034-01-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("첫 결제 커밋", 10_000), customer);

    PaymentView first = periodPayments(id, 1).getFirst();
    assertThat(recorder.charges())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.orderId()).isEqualTo(first.orderId());
              assertThat(call.committedStatus()).isEqualTo("PENDING");
            });
  }

  @Test
  void aRenewalIsCommittedBeforeTossIsCalled() {
    CustomerId customer = fixture.customerAt("2034-02-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("갱신 커밋", 10_000), customer);
    recorder.reset();

    fixture.moveTo(customer, "2034-03-10T09:00:30+09:00");
    engine.runDuePass();

    PaymentView renewal = periodPayments(id, 2).getFirst();
    assertThat(renewal.status()).isEqualTo(PaymentStatus.APPROVED);
    assertThat(recorder.charges())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.orderId()).isEqualTo(renewal.orderId());
              assertThat(call.committedStatus()).isEqualTo("PENDING");
            });
  }

  @Test
  void aChargeResentAfterATimeoutCarriesTheSameOrderIdAndIdempotencyKey() {
    CustomerId customer = fixture.customerAt("2034-03-11T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("같은 키 재전송", 10_000), customer);
    recorder.reset();
    recorder.loseNextCharge(); // the renewal never reaches Toss: unknown

    fixture.moveTo(customer, "2034-04-11T09:00:30+09:00");
    engine.runDuePass();
    assertThat(periodPayments(id, 2).getFirst().status()).isEqualTo(PaymentStatus.UNKNOWN);

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1))); // not found at Toss: re-sent

    PaymentView renewal = periodPayments(id, 2).getFirst();
    assertThat(renewal.status()).isEqualTo(PaymentStatus.APPROVED);
    List<GatewayRecorder.Charge> calls = recorder.charges();
    assertThat(calls).hasSize(2);
    assertThat(calls).extracting(GatewayRecorder.Charge::lost).containsExactly(true, false);
    assertThat(calls).extracting(GatewayRecorder.Charge::orderId).containsOnly(renewal.orderId());
    assertThat(calls.get(1).idempotencyKey()).isEqualTo(calls.get(0).idempotencyKey());
    assertThat(fixture.ledger(List.of(renewal.orderId())))
        .extracting(e -> e.get("type").asString())
        .containsExactly("CHARGE");
  }

  @Test
  void aReadBackThatFindsThePaymentAbortedDoesNotPayThePeriod() {
    CustomerId customer = fixture.customerAt("2034-04-12T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("중단된 결제", 10_000), customer);
    PaymentView unknown = unknownRenewal(id, customer, "2034-05-12T09:00:30+09:00");

    janitor.settleFound(
        payments.find(new PaymentId(unknown.id())).orElseThrow(),
        tossPayment(unknown, io.tossbill.toss.PaymentStatus.ABORTED, unknown.amount().value(), 0),
        clock.now());

    assertThat(periodPayments(id, 2).getFirst().status()).isEqualTo(PaymentStatus.DECLINED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(kinds(id)).doesNotContain("RECOVERED");
    assertThat(periodPaid(id, 2)).isFalse();
  }

  @Test
  void aReadBackThatFindsThePaymentCanceledDoesNotPayThePeriod() {
    CustomerId customer = fixture.customerAt("2034-05-13T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("취소된 결제", 10_000), customer);
    PaymentView unknown = unknownRenewal(id, customer, "2034-06-13T09:00:30+09:00");

    janitor.settleFound(
        payments.find(new PaymentId(unknown.id())).orElseThrow(),
        tossPayment(unknown, io.tossbill.toss.PaymentStatus.CANCELED, unknown.amount().value(), 0),
        clock.now());

    PaymentView after = periodPayments(id, 2).getFirst();
    assertThat(after.status()).isEqualTo(PaymentStatus.LATE_APPROVED);
    assertThat(after.refundedAmount()).isEqualTo(unknown.amount());
    assertThat(periodPaid(id, 2)).isFalse();
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAST_DUE);
  }

  @Test
  void anApprovalOfAnotherAmountDoesNotPayThePeriod() {
    CustomerId customer = fixture.customerAt("2034-06-14T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("다른 금액", 10_000), customer);
    PaymentView unknown = unknownRenewal(id, customer, "2034-07-14T09:00:30+09:00");

    janitor.settleFound(
        payments.find(new PaymentId(unknown.id())).orElseThrow(),
        tossPayment(
            unknown,
            io.tossbill.toss.PaymentStatus.DONE,
            unknown.amount().value() + 1_000,
            unknown.amount().value() + 1_000),
        clock.now());

    PaymentView after = periodPayments(id, 2).getFirst();
    assertThat(after.status()).isEqualTo(PaymentStatus.UNKNOWN);
    assertThat(after.needsReview()).isTrue();
    assertThat(periodPaid(id, 2)).isFalse();
    assertThat(payments.history(new PaymentId(unknown.id())))
        .extracting(step -> step.kind())
        .contains("AMOUNT_MISMATCH")
        .doesNotContain("APPROVED");
  }

  @Test
  void creditAndACarriedBalanceChangeTheAmountCharged() {
    CustomerId customer = fixture.customerAt("2034-07-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("크레딧", 10_000), customer);
    jdbc.sql("update subscription set balance = 3000 where id = :id")
        .param("id", id.value())
        .update();
    assertThat(subscriptions.view(id).nextChargeAmount()).isEqualTo(Won.of(7_000));

    fixture.moveTo(customer, "2034-08-15T09:00:30+09:00");
    engine.runDuePass();

    assertThat(periodPayments(id, 2).getFirst().amount()).isEqualTo(Won.of(7_000));
    assertThat(subscriptions.view(id).balance()).isEqualTo(Won.ZERO);

    jdbc.sql("update subscription set balance = -50 where id = :id")
        .param("id", id.value())
        .update();
    assertThat(subscriptions.view(id).nextChargeAmount()).isEqualTo(Won.of(10_050));
    fixture.moveTo(customer, "2034-09-15T09:00:30+09:00");
    engine.runDuePass();

    assertThat(periodPayments(id, 3).getFirst().amount()).isEqualTo(Won.of(10_050));
    assertThat(subscriptions.view(id).balance()).isEqualTo(Won.ZERO);
  }

  @Test
  void aRefundCannotExceedWhatIsLeftOnceRefundsInFlightAreCounted() {
    CustomerId customer = fixture.customerAt("2034-08-16T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("환불 한도", 10_000), customer);
    PaymentView paid = periodPayments(id, 1).getFirst();
    // a refund recorded but not sent yet (its node died before calling Toss)
    transactions.executeWithoutResult(
        status ->
            refunds.prepareRefund(new PaymentId(paid.id()), Won.of(6_000), "진행 중").orElseThrow());

    assertRefused(
        fixture.send("POST", "/api/v1/payments/" + paid.id() + "/refund", "{\"amount\":5000}"),
        400,
        "INVALID_REFUND_AMOUNT");
    assertThat(
            fixture
                .ok("POST", "/api/v1/payments/" + paid.id() + "/refund", "{}")
                .get("amount")
                .asLong())
        .isEqualTo(4_000);

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10))); // the first one is sent now
    PaymentView after = payments.view(new PaymentId(paid.id())).orElseThrow();
    assertThat(after.refundedAmount()).isEqualTo(Won.of(10_000));
    assertThat(fixture.ledger(List.of(paid.orderId())))
        .filteredOn(e -> e.get("type").asString().equals("CANCEL"))
        .extracting(e -> e.get("amount").asLong())
        .containsExactlyInAnyOrder(4_000L, 6_000L);
  }

  @Test
  void aLateApprovalIsRefundedWhileTheSubscriptionIsLive() {
    CustomerId customer = fixture.customerAt("2034-09-17T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("늦은 승인", 10_000), customer);
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);
    fixture.moveTo(customer, "2034-10-17T09:00:30+09:00");
    engine.runDuePass(); // Toss charges, the answer never comes
    PaymentView first = periodPayments(id, 2).getFirst();
    assertThat(first.status()).isEqualTo(PaymentStatus.UNKNOWN);
    recorder.hideFromReadBack(first.orderId()); // Toss does not show it yet
    fixture.registerCard(customer, GOOD_CARD);
    jdbc.sql("update payment set sent_at = sent_at - interval '10 minutes' where id = :id")
        .param("id", first.id())
        .update();

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10))); // given up for the new card
    engine.runDuePass(); // charged again on the new card

    assertThat(periodPayments(id, 2))
        .extracting(PaymentView::status)
        .containsExactly(PaymentStatus.DECLINED, PaymentStatus.APPROVED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);

    recorder.reset(); // Toss shows it now, and says so in a webhook
    Payment atToss = gateway.findPaymentByOrderId(first.orderId()).orElseThrow();
    transactions.executeWithoutResult(
        status -> publisher.publishEvent(new TossPaymentUpdated("whtrans_test_late", atToss)));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fixture.ledger(List.of(first.orderId())))
                    .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
                    .containsExactly("CHARGE:10000", "CANCEL:10000"));
    assertThat(payments.view(new PaymentId(first.id())).orElseThrow().status())
        .isEqualTo(PaymentStatus.LATE_APPROVED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(kinds(id)).contains("LATE_APPROVAL");
  }

  @Test
  void anUpgradeAppliesTheQuotedPlanEvenIfTheCatalogPriceChangedBeforeItsApproval() {
    long basic = fixture.monthlyPlan("베이직 견적", 10_000);
    long pro = fixture.monthlyPlan("프로 견적", 30_000);
    CustomerId customer = fixture.customerAt("2034-10-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    fixture.moveTo(customer, "2034-10-25T12:00:00+09:00");
    ChangePreview preview = subscriptions.preview(id, new PlanId(pro));
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);

    subscriptions.changePlan(id, new PlanId(pro), preview.amountDueNow()); // answer lost: unknown
    fixture.ok("POST", "/api/v1/plans/" + pro + "/price", "{\"price\":50000}");
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1))); // read back: approved

    PaymentView upgrade =
        subscriptions.payments(id).stream()
            .filter(p -> p.purpose() == ChargePurpose.PRORATION)
            .findFirst()
            .orElseThrow();
    assertThat(upgrade.status()).isEqualTo(PaymentStatus.APPROVED);
    assertThat(upgrade.amount()).isEqualTo(preview.amountDueNow());
    SubscriptionView after = subscriptions.view(id);
    assertThat(after.planId()).isEqualTo(pro);
    assertThat(after.price()).isEqualTo(Won.of(30_000));
  }

  @Test
  void anUpgradeWhoseQuoteChangedSinceThePreviewIsRefusedAndChargesNothing() {
    long basic = fixture.monthlyPlan("베이직 재견적", 10_000);
    long pro = fixture.monthlyPlan("프로 재견적", 30_000);
    CustomerId customer = fixture.customerAt("2034-11-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    fixture.moveTo(customer, "2034-11-25T12:00:00+09:00");
    ChangePreview preview = subscriptions.preview(id, new PlanId(pro));
    fixture.ok("POST", "/api/v1/plans/" + pro + "/price", "{\"price\":50000}");
    recorder.reset();

    assertRefused(
        fixture.send(
            "POST",
            "/api/v1/subscriptions/" + id.value() + "/change-plan",
            "{\"planId\":"
                + pro
                + ",\"expectedAmountDueNow\":"
                + preview.amountDueNow().value()
                + "}"),
        409,
        "QUOTE_CHANGED");

    assertThat(recorder.charges()).isEmpty();
    assertThat(subscriptions.view(id).planId()).isEqualTo(basic);
  }

  @Test
  void tossIsNeverCalledInsideADatabaseTransaction() {
    assertThatThrownBy(
            () -> transactions.execute(status -> gateway.findPaymentByOrderId("tb-anything")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a database transaction");
    assertThat(recorder.charges()).isEmpty();
  }

  // ---- helpers

  /** A renewal whose charge was lost before it reached Toss: unknown, nothing at Toss. */
  private PaymentView unknownRenewal(SubscriptionId id, CustomerId customer, String at) {
    recorder.loseNextCharge();
    fixture.moveTo(customer, at);
    engine.runDuePass();
    PaymentView unknown = periodPayments(id, 2).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
    return unknown;
  }

  /** What Toss would show for the attempt, in the given status. */
  private static Payment tossPayment(
      PaymentView attempt, io.tossbill.toss.PaymentStatus status, long total, long balance) {
    List<Payment.Cancel> cancels =
        status == io.tossbill.toss.PaymentStatus.CANCELED
            ? List.of(
                new Payment.Cancel(
                    total,
                    "가맹점 취소",
                    0,
                    0,
                    OffsetDateTime.now(),
                    "tx_test_" + attempt.orderId(),
                    "DONE"))
            : null;
    return new Payment(
        "tvivarepublica",
        "2022-11-16",
        "tpk_test_" + attempt.orderId(),
        "BILLING",
        attempt.orderId(),
        attempt.orderName(),
        status,
        "카드",
        "KRW",
        total,
        balance,
        total - total / 11,
        total / 11,
        0,
        0,
        OffsetDateTime.now(),
        status == io.tossbill.toss.PaymentStatus.ABORTED ? null : OffsetDateTime.now(),
        null,
        false,
        null,
        cancels,
        null,
        status == io.tossbill.toss.PaymentStatus.ABORTED
            ? new io.tossbill.toss.TossError("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다.")
            : null,
        "KR");
  }

  private boolean periodPaid(SubscriptionId id, int periodNo) {
    return subscriptions.history(id).stream()
        .anyMatch(e -> e.kind().equals("PERIOD_PAID") && e.periodNo() == periodNo);
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
}
